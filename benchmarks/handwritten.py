"""The script people write by hand, as a baseline: python-frontmatter + Markdown + dateutil
+ feedgen. ``python benchmarks/handwritten.py POSTS OUT [--newest-only]``.

Every post is loaded with frontmatter and its date (``date``, ``pubDate`` or a Jekyll
file name's ``YYYY-MM-DD``) parsed with dateutil; without
``--newest-only`` every body is rendered too with ``markdown.markdown()`` (what such
scripts usually do, as Markdown's documentation shows it), with it only the newest 50
are. RSS and Atom of the newest 50, with full content, are written.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import frontmatter
import markdown
from dateutil import parser as dateparser
from feedgen.feed import FeedGenerator

LIMIT = 50


def main() -> None:
    root, out = Path(sys.argv[1]), Path(sys.argv[2])
    newest_only = "--newest-only" in sys.argv
    posts = []
    for path in sorted(root.rglob("*")):
        if path.suffix not in {".md", ".markdown", ".mdx", ".txt"} or not path.is_file():
            continue
        post = frontmatter.load(path)
        text = post.content
        meta = dict(post.metadata)
        if not meta:  # a header block or a dateline: the usual quick hacks
            head, _, rest = text.partition("\n\n")
            for line in head.splitlines():
                key, _, value = line.partition(":")
                meta[key.strip().lower()] = value.strip()
            if "date" not in meta:
                meta["title"], meta["date"] = head, rest.split(". ", 1)[0]
        raw = meta.get("date") or meta.get("pubDate") or path.name[:10]  # _posts/YYYY-MM-DD-x
        try:
            date = raw if isinstance(raw, dt.datetime) else dateparser.parse(str(raw))
        except (ValueError, OverflowError):
            continue
        if date.tzinfo is None:
            date = date.replace(tzinfo=dt.UTC)
        html = None if newest_only else markdown.markdown(text, extensions=["extra"])
        posts.append((date, str(meta.get("title", path.stem)), path, text, html))
    posts.sort(key=lambda p: p[0], reverse=True)
    fg = FeedGenerator()
    fg.id("https://example.com/")
    fg.title("Blog")
    fg.link(href="https://example.com/", rel="alternate")
    fg.description("Blog")
    for date, title, path, text, html in posts[:LIMIT]:
        fe = fg.add_entry(order="append")
        fe.id(f"https://example.com/{path.stem}/")
        fe.title(title)
        fe.link(href=f"https://example.com/{path.stem}/")
        fe.published(date)
        fe.updated(date)
        if html is None:
            html = markdown.markdown(text, extensions=["extra"])
        fe.content(html, type="html")
    out.mkdir(parents=True, exist_ok=True)
    fg.rss_file(str(out / "rss.xml"))
    fg.atom_file(str(out / "atom.xml"))


if __name__ == "__main__":
    main()
