"""The check as postfeed's guard: an error keeps a feed from being written, a warning never."""

from __future__ import annotations

from pathlib import Path

import pytest

import postfeed

SITE = "https://example.com"


def _feed(title: str) -> postfeed.Feed:
    post = postfeed.Post(title=title, date="2024-05-20", content="Hi.", link="/one/")
    return postfeed.Feed(title="Blog", site_url=SITE, posts=[post])


def test_a_warning_never_blocks_publishing(tmp_path: Path) -> None:
    feed = _feed("Rc<Vec<T>> in Rust")  # W3C (and check) warn: text that reads as a tag
    assert {p.code for p in postfeed.check(feed.rss())} == {"CharacterData"}
    written = feed.write(tmp_path, ["rss"])
    assert [path.name for path in written] == ["rss.xml"]


def test_an_error_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    feed = _feed("One")
    feed.write(tmp_path, ["rss"])
    before = (tmp_path / "rss.xml").read_bytes()
    broken = before.replace(b"<pubDate>Mon, 20 May 2024", b"<pubDate>Sun, 20 May 2024")
    monkeypatch.setattr(postfeed.Feed, "_render", lambda self, *args: broken)
    with pytest.raises(postfeed.FeedError) as caught:
        _feed("Two").write(tmp_path, ["rss"])
    assert {p.code for p in caught.value.problems} == {"IncorrectDOW"}
    assert (tmp_path / "rss.xml").read_bytes() == before
