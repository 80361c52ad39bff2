"""Post built in memory: normalised exactly as a loaded post."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from postfeed import Author, Post, PostError


def test_post_in_memory_is_normalised() -> None:
    post = Post(title=" *Notes* ", date="May 20, 2024", content="*md*", link="https://x.org/n/")
    assert post.title == "Notes"
    assert post.date == dt.datetime(2024, 5, 20, tzinfo=post.date.tzinfo)
    assert post.date.utcoffset() == dt.timedelta(0)
    assert post.updated == post.date
    assert post.content_html == "<p><em>md</em></p>"
    assert post.summary == "md"
    assert post.slug == "notes"
    assert post.id == post.link == "https://x.org/n/"
    assert post.path is None
    assert post.tags == ()
    assert post.author is None


def test_post_options() -> None:
    post = Post(
        title="T",
        date="2024-05-20 10:00",
        timezone="Europe/Berlin",
        tags="a, b, A",
        author="Jane <jane@example.com>",
        summary="Given",
        updated=dt.datetime(2024, 6, 1, tzinfo=dt.UTC),
        slug="My Slug",
        id="urn:x:1",
    )
    assert post.date.isoformat() == "2024-05-20T10:00:00+02:00"
    assert post.tags == ("a", "b")
    assert post.author == Author("Jane", "jane@example.com")
    assert post.summary == "Given"
    assert post.slug == "my-slug"
    assert post.link == "/my-slug/"  # root-relative until placed in a Feed
    assert post.id == "urn:x:1"


def test_post_content_html_is_taken_as_given_and_made_absolute() -> None:
    html = '<p>Hi <a href="../x/">there</a></p><p>second</p>'
    post = Post(title="T", date="2024-05-20", content_html=html, link="https://ex.org/a/b/")
    assert post.content_html == '<p>Hi <a href="https://ex.org/a/x/">there</a></p><p>second</p>'
    assert post.summary == "Hi there"


def test_post_title_from_markdown_content() -> None:
    post = Post(date="2024-05-20", content="# Heading\n\nBody")
    assert post.title == "Heading"
    assert post.content_html == "<p>Body</p>"


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"title": "T", "date": "soon"}, "not a date"),
        ({"title": "T", "date": None}, "needs a date"),
        ({"date": "2024-05-20", "content": "one line"}, "needs a title"),
        ({"title": "<br>", "date": "2024-05-20"}, "needs a title"),
    ],
)
def test_post_errors(kwargs: dict[str, object], reason: str) -> None:
    with pytest.raises(PostError, match=reason) as info:
        Post(**kwargs)  # type: ignore[arg-type]
    assert isinstance(info.value, ValueError)


def test_post_is_frozen_and_comparable() -> None:
    a = Post(title="T", date="2024-05-20", content="x")
    b = Post(title="T", date="2024-05-20", content="x")
    assert a == b and hash(a) == hash(b)
    _ = a.content_html  # the render cache is not part of equality
    assert a == b
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.title = "changed"  # type: ignore[misc]
    assert dataclasses.is_dataclass(a)
    for name in ("title", "date", "updated", "link", "id", "slug", "tags", "author", "path"):
        assert hasattr(a, name)
    for name in ("summary", "content_html", "content"):
        assert isinstance(getattr(a, name), str)
