"""Fuzzing: hostile post files through load_posts → Feed → documents → check.

Properties: nothing but logged warnings comes out of ``load_posts``, and every document
produced is well-formed and passes ``check`` with no error. The default suite runs a short
pass of each property; ``-m slow`` runs the long one (1,000 examples each, about a minute;
``POSTFEED_FUZZ_EXAMPLES=20000 python -m pytest -m slow tests/fuzz`` runs it longer).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

import postfeed

EXAMPLES = int(os.environ.get("POSTFEED_FUZZ_EXAMPLES", "1000"))
SHORT = 60  # the default suite: every strategy is drawn from, in seconds, not a minute


def _fuzz(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


SITE = "https://example.com"
COUNTS = {"examples": 0}

_HOSTILE_CHARS = st.sampled_from(
    ["\x00", "\x07", "\x1b", "\ufffe", "\uffff", "\u202e", "\u200f", "\ud800", "\x85",
     "\u2028", "\t", "\r", "\r\n", "&", "<", ">", "&amp;", "<!--", "]]>", "\\", "'", '"',
     "*", "_", "`", "[", "](", "#", ":", "---", "+++", "{", "}", "\u00a0", "é", "日本"]
)  # fmt: skip
_TEXT = st.lists(st.one_of(st.text(max_size=8), _HOSTILE_CHARS), max_size=12).map("".join)
_DATES = st.one_of(
    st.sampled_from(
        ["2024-05-20", "May 20, 2024", "2023-02-30", "0000-01-01", "99999-01-01",
         "20 Sept. 2024 at 10 PM", "tomorrow", "", "1e9", "-1", "2024-05-20T25:00:00Z"]
    ),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    _TEXT,
)  # fmt: skip
_TAGS = st.lists(_TEXT, max_size=4)


def _yaml_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


@st.composite
def hostile_posts(draw: st.DrawFn) -> bytes:
    """A post file: structured but hostile, or arbitrary bytes."""
    kind = draw(st.sampled_from(["yaml", "toml", "json", "header", "bare", "bytes", "bombs"]))
    title, body, date = draw(_TEXT), draw(_TEXT), draw(_DATES)
    tags = draw(_TAGS)
    if kind == "bytes":
        return draw(st.binary(max_size=400))
    if kind == "bombs":
        return draw(
            st.sampled_from(
                [
                    b"---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a]\n"
                    b"c: &c [*b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c]\n"
                    b"tags: [*d, *d, *d, *d, *d, *d, *d, *d]\ntitle: bomb\n"
                    b"date: 2024-01-01\n---\nx\n",
                    b"---\ntitle: deep\ndate: 2024-01-01\ntags: "
                    + b"[" * 3000
                    + b"]" * 3000
                    + b"\n---\n",
                    b"---\ntitle: "
                    + b"x" * 200_000
                    + b"\ndate: 2024-01-01\n---\n"
                    + b"y" * 100_000,
                    b"{" * 5000 + b"}" * 5000,
                    b"---\ntitle: lists\ndate: 2024-01-01\n---\n"
                    + b"".join(b"  " * i + b"- x\n" for i in range(500)),
                    b"Title: " + b"\xff\xfe" * 500 + b"\nDate: 2024-01-01\n\n" + b"\x81\x8d",
                ]
            )
        )
    if kind == "yaml":
        text = (
            f"---\ntitle: {_yaml_quote(title)}\ndate: {_yaml_quote(date)}\n"
            f"tags: [{', '.join(_yaml_quote(t) for t in tags)}]\n---\n{body}\n"
        )
    elif kind == "toml":
        text = f"+++\ntitle = {_yaml_quote(title)}\ndate = {_yaml_quote(date)}\n+++\n{body}\n"
    elif kind == "json":
        import json

        text = json.dumps({"title": title, "date": date, "tags": tags}) + "\n" + body
    elif kind == "header":
        text = f"Title: {title}\nDate: {date}\nTags: {', '.join(tags)}\n\n{body}\n"
    else:
        text = f"{title}\n\n{date}. {body}\n"
    return text.encode("utf-8", "surrogatepass")


def _run(files: list[bytes]) -> None:
    root = Path(tempfile.mkdtemp(prefix="postfeed-fuzz-"))
    try:
        for index, data in enumerate(files):
            (root / f"p{index}.md").write_bytes(data)
        logging.getLogger("postfeed").setLevel(logging.CRITICAL)  # warnings are expected
        posts = postfeed.load_posts(root, site_url=SITE, include_future=True, jobs=1)
        for post in posts:
            assert post.title and post.link.startswith(SITE)
        feed = postfeed.Feed(title="Fuzz", site_url=SITE, posts=posts, limit=0)
        for data in feed.documents(tag_feeds=True).values():
            if not data.startswith(b"{"):
                etree.fromstring(data, etree.XMLParser(resolve_entities=False))
            errors = [p for p in postfeed.check(data) if p.level == "error"]
            assert errors == [], errors
        COUNTS["examples"] += 1
    finally:
        logging.getLogger("postfeed").setLevel(logging.NOTSET)
        shutil.rmtree(root, ignore_errors=True)


_HOSTILE_FILES = st.lists(hostile_posts(), min_size=1, max_size=4)
_RANDOM_FILES = st.lists(st.binary(max_size=2000), min_size=1, max_size=3)


@_fuzz(SHORT)
@given(_HOSTILE_FILES)
def test_hostile_posts_never_break_a_feed(files: list[bytes]) -> None:
    _run(files)


@_fuzz(SHORT)
@given(_RANDOM_FILES)
def test_arbitrary_bytes_never_break_a_feed(files: list[bytes]) -> None:
    _run(files)


@pytest.mark.slow
@_fuzz(EXAMPLES)
@given(_HOSTILE_FILES)
def test_hostile_posts_never_break_a_feed_long_run(files: list[bytes]) -> None:
    _run(files)


@pytest.mark.slow
@_fuzz(EXAMPLES)
@given(_RANDOM_FILES)
def test_arbitrary_bytes_never_break_a_feed_long_run(files: list[bytes]) -> None:
    _run(files)


def test_report_how_many_examples_ran() -> None:
    print(f"\nfuzz: {COUNTS['examples']} examples ran through load_posts → Feed → check")
