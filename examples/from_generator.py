"""Another site generator hands its own posts to postfeed and writes the feeds.

Run: ``python examples/from_generator.py [OUT_DIR]`` (default ``public/``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import postfeed

# Whatever your generator has: titles, dates as text or datetime, Markdown or HTML.
pages = [
    {"title": "Hello, *world*", "date": "May 20, 2024", "body": "My **first** post."},
    {"title": "Second", "date": "2024-06-01T09:30:00+02:00", "html": "<p>Already HTML.</p>"},
]

posts = [
    postfeed.Post(
        title=page["title"],
        date=page["date"],
        content=page.get("body", ""),  # Markdown, rendered by postfeed
        content_html=page.get("html"),  # or HTML, taken as given
        link=f"/posts/{postfeed.slugify(page['title'])}/",
        tags=["news"],
        timezone="Europe/Berlin",
    )
    for page in pages
]
feed = postfeed.Feed(title="Generated site", site_url="https://example.org", posts=posts)
for path in feed.write(Path(sys.argv[1] if len(sys.argv) > 1 else "public")):
    print(path)
