"""Helpers the tests share: parse a feed back and compare it with its posts; a small blog
and the command run on it."""

from __future__ import annotations

import calendar
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import feedparser
from lxml import etree

import postfeed


def parse_back(data: bytes) -> Any:
    """Parse with lxml (well-formed) and feedparser (a real reader); both must be clean."""
    if not data.lstrip().startswith(b"{"):
        etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def assert_no_problems(data: bytes) -> None:
    problems = postfeed.check(data)
    assert problems == [], [str(p) for p in problems]


def _stamp(struct: Any) -> int:
    return calendar.timegm(struct)


def assert_matches_posts(
    data: bytes, posts: Sequence[postfeed.Post], fmt: str, *, summary_only: bool = False
) -> None:
    """Every entry read back equals the post it came from, field by field."""
    assert_no_problems(data)
    if fmt == "json":
        items = json.loads(data)["items"]
        assert len(items) == len(posts)
        for item, post in zip(items, posts, strict=True):
            assert item["id"] == post.id
            assert item["url"] == post.link
            assert item["title"] == post.title
            assert item["date_published"] == post.date.isoformat()
            assert item["date_modified"] == post.updated.isoformat()
            assert item.get("summary", "") == post.summary
            assert item.get("tags", []) == list(post.tags)
            if summary_only:
                assert "content_html" not in item
            else:
                assert item["content_html"] == post.content_html
        return
    parsed = parse_back(data)
    assert len(parsed.entries) == len(posts)
    for entry, post in zip(parsed.entries, posts, strict=True):
        assert entry.title == post.title
        assert entry.link == post.link
        assert entry.id == post.id
        assert _stamp(entry.published_parsed) == int(post.date.timestamp())
        assert _stamp(entry.updated_parsed) == int(post.updated.timestamp())  # RSS: atom:updated
        assert [t.term for t in entry.get("tags", [])] == list(post.tags)
        if post.summary:
            assert entry.summary == post.summary
        if summary_only:
            assert "content" not in entry
        else:
            assert entry.content[0].value == post.content_html
        if post.author is not None and post.author.name:
            assert entry.author_detail.name == post.author.name
        if post.author is not None and post.author.email:
            assert entry.author_detail.email == post.author.email


SITE = "https://example.com"
FEED_NAMES = ["atom.xml", "feed.json", "rss.xml"]


def small_blog(root: Path, *, bad: bool = False) -> Path:
    """Two good posts (front matter, a header block), and with ``bad`` one undatable."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "hello.md").write_text("---\ntitle: Hello\ndate: 2024-05-20\ntags: [a]\n---\nHi.\n")
    (root / "second.md").write_text("Title: Second\nDate: 2024-05-21\n\nThere.\n")
    if bad:
        (root / "broken.md").write_text("---\ntitle: Broken\ndate: someday\n---\nx\n")
    return root


def run_command(*args: str) -> int:
    """The ``postfeed`` command, in this process."""
    from postfeed.cli import main

    return main(list(args))


def files_in(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder``, by its relative path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }
