"""Load the example posts and print what postfeed made of each.

Run from the repository root: ``python examples/load_posts.py``.
"""

from __future__ import annotations

import logging
from pathlib import Path

import postfeed

logging.basicConfig(format="%(message)s")  # warnings, one line each: "path: reason"

posts = postfeed.load_posts(
    Path(__file__).parent / "posts",
    site_url="https://example.com/blog/",
    timezone="Europe/Berlin",
)
for post in posts:
    print(f"{post.date:%Y-%m-%d %H:%M %z}  {post.title}")
    print(f"    {post.link}")
