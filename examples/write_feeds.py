"""Write RSS, Atom and JSON feeds (and one set per tag) for the example blog.

Run from the repository root: ``python examples/write_feeds.py [OUT_DIR]`` (default
``public/``). The shipped CSS stylesheet is copied beside the feeds, so opening
``rss.xml`` in a browser shows a readable page (the tag feeds reach it too).
"""

from __future__ import annotations

import logging
import shutil
import sys
from importlib.resources import as_file, files
from pathlib import Path

import postfeed

logging.basicConfig(format="%(message)s")  # warnings, one line each: "path: reason"

out = Path(sys.argv[1] if len(sys.argv) > 1 else "public")
site = "https://example.com/blog/"
posts = postfeed.load_posts(Path(__file__).parent / "posts", site_url=site)
feed = postfeed.Feed(
    title="Example blog",
    site_url=site,
    posts=posts,
    description="Posts in every format postfeed reads",
    language="en",
    author="Jane Doe <jane@example.com>",
    stylesheet="feed.css",  # beside the feeds; the tag feeds link to ../../feed.css
)
changed = feed.write(out, tag_feeds=True)
with as_file(files("postfeed") / "feed.css") as css:
    shutil.copyfile(css, out / "feed.css")
for path in changed:
    print(path)
