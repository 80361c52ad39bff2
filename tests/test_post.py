"""Post built in memory: normalised exactly as a loaded post."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from postfeed import Author, Enclosure, Post, PostError, load_posts


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
    for name in ("title", "date", "updated", "link", "id", "slug", "tags", "author", "path",
                 "authors", "enclosures"):  # fmt: skip
        assert hasattr(a, name)
    for name in ("summary", "content_html", "content"):
        assert isinstance(getattr(a, name), str)


def test_several_authors_are_kept_in_order_once_each() -> None:
    post = Post(
        title="T",
        date="2024-05-20",
        author=["Jane <jane@example.com>", {"name": "Ann"}, "bob@example.com", "Ann"],
    )
    assert post.authors == (
        Author("Jane", "jane@example.com"),
        Author("Ann", None),
        Author(None, "bob@example.com"),
    )
    assert post.author == Author("Jane", "jane@example.com")  # the first
    assert Post(title="T", date="2024-05-20", authors=["Ann", "Bob"]).authors == (
        Author("Ann"),
        Author("Bob"),
    )
    assert Post(title="T", date="2024-05-20", author="Ann").authors == (Author("Ann"),)
    assert Post(title="T", date="2024-05-20").authors == ()
    people = (name for name in ["Ann", "Bob"])  # any iterable, not only a list
    assert Post(title="T", date="2024-05-20", authors=people).authors == (
        Author("Ann"),
        Author("Bob"),
    )
    with pytest.raises(PostError, match="author or authors"):
        Post(title="T", date="2024-05-20", author="Ann", authors=["Bob"])


def test_enclosures() -> None:
    post = Post(
        title="T",
        date="2024-05-20",
        enclosures=[
            Enclosure("https://cdn.example.com/ep1.MP3", length=123, duration=61),
            {"url": "/files/notes.pdf", "title": "Show notes"},
            "video.webm?v=2",
            " Folge 3 – Grüße.m4a ",
            "https://cdn.example.com/ep1.MP3",  # the same file, length aside: kept apart
        ],
    )
    assert post.enclosures == (
        Enclosure("https://cdn.example.com/ep1.MP3", length=123, type="audio/mpeg", duration=61),
        Enclosure("/files/notes.pdf", type="application/pdf", title="Show notes"),
        Enclosure("video.webm?v=2", type="video/webm"),
        Enclosure("Folge%203%20%E2%80%93%20Gr%C3%BC%C3%9Fe.m4a", type="audio/x-m4a"),
        Enclosure("https://cdn.example.com/ep1.MP3", type="audio/mpeg"),
    )
    typed = Enclosure("a.opus", type="audio/ogg; codecs=opus")  # parameters are allowed
    assert typed.type == "audio/ogg; codecs=opus"
    one = Post(title="T", date="2024-05-20", enclosures=Enclosure("a.bin", type="x/y"))
    assert one.enclosures == (Enclosure("a.bin", type="x/y"),)
    assert Post(title="T", date="2024-05-20").enclosures == ()
    urls = (f"e{i}.mp3" for i in range(2))
    assert [e.url for e in Post(title="T", date="2024-05-20", enclosures=urls).enclosures] == [
        "e0.mp3",
        "e1.mp3",
    ]


@pytest.mark.parametrize(
    ("enclosure", "reason"),
    [
        ("episode.unknown", "give its media type"),
        ("", "needs a URL"),
        ("ftp://example.com/a.mp3", "must be http"),
        ("https:///a.mp3", "must be http"),
        ({"url": "a.mp3", "length": -1}, "length must be a whole number"),
        ({"url": "a.mp3", "length": "12"}, "length must be a whole number"),
        ({"url": "a.mp3", "duration": 1.5}, "duration must be a whole number"),
        ({"url": "a.mp3", "type": "mpeg"}, "not a media type"),
        ({"url": "a.mp3", "type": "audio/mp3;"}, "not a media type"),
        ({"url": "a.mp3", "size": 3}, "has no 'size'"),
        ({"length": 3}, "needs a url"),
        (42, "not 42"),
    ],
)
def test_bad_enclosures_name_the_problem(enclosure: object, reason: str) -> None:
    with pytest.raises(PostError, match=reason):
        Post(title="T", date="2024-05-20", enclosures=[enclosure], path="p.md")  # type: ignore[list-item]


def test_an_enclosure_built_alone_raises_post_error() -> None:
    with pytest.raises(PostError, match="must be http") as info:
        Enclosure("ftp://example.com/a.mp3")
    assert info.value.path is None and isinstance(info.value, ValueError)


def test_replace_keeps_unchanged_fields_and_normalises_changed_ones() -> None:
    post = Post(
        title="`*x*` and *more*",  # cleaned twice, it would lose the asterisks
        date="2024-05-20",
        content="Body with [a link](x/).",
        link="https://ex.org/p/",
        tags=["a"],
        author=["Jane", "Ann"],
        enclosures=["https://ex.org/e.mp3"],
        summary="Given",
    )
    assert post.title == "*x* and more"
    same = dataclasses.replace(post)
    assert same == post and hash(same) == hash(post) and same is not post
    assert same.title == "*x* and more" and same.content_html == post.content_html

    renamed = dataclasses.replace(post, title=" *New* title ")
    assert renamed.title == "New title" and renamed != post
    assert (renamed.slug, renamed.link, renamed.authors) == (post.slug, post.link, post.authors)
    assert renamed.content_html == post.content_html and renamed.summary == "Given"

    moved = post.replace(link="https://ex.org/q/", date="June 1, 2024", tags="b, c")
    assert moved.link == moved.id == "https://ex.org/q/"  # the id was the link
    assert moved.content_html == '<p>Body with <a href="https://ex.org/q/x/">a link</a>.</p>'
    assert moved.date == moved.updated == dt.datetime(2024, 6, 1, tzinfo=moved.date.tzinfo)
    assert moved.tags == ("b", "c")

    rewritten = post.replace(content="*New* body", summary="", author="Bob <b@ex.org>")
    assert rewritten.content_html == "<p><em>New</em> body</p>"
    assert rewritten.summary == "New body"  # "" drops the given summary
    assert rewritten.authors == (Author("Bob", "b@ex.org"),)
    assert post.replace(authors=["Zed"]).authors == (Author("Zed"),)
    assert post.replace(enclosures=[]).enclosures == ()
    assert post.replace(content_html="<p>HTML</p>").content_html == "<p>HTML</p>"
    assert post.replace(path="posts/p.md").path == Path("posts/p.md")
    with pytest.raises(PostError, match="not a date"):
        post.replace(date="soon")
    with pytest.raises(PostError, match="needs a title"):
        post.replace(title="<br>")
    with pytest.raises(PostError, match="author or authors"):
        post.replace(author="A", authors=["B"])
    with pytest.raises(ValueError, match="init=False"):
        dataclasses.replace(post, _path="x")


def test_replace_keeps_a_later_updated_date_and_never_goes_before_the_date() -> None:
    post = Post(title="T", date="2024-05-20", updated="2024-07-01")
    assert post.replace(date="2024-06-01").updated == post.updated  # given: kept
    assert post.replace(date="2024-08-01").updated.month == 8  # never before the date
    assert post.replace(updated=None).updated == post.date  # None: the date again


def test_replace_of_a_loaded_post_keeps_its_body(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\ntitle: A\ndate: 2024-05-20\n---\nBody *x*.\n")
    (post,) = load_posts(tmp_path)
    copy = post.replace(title="B")
    assert copy.title == "B" and copy.path == post.path
    assert copy.content_html == post.content_html == "<p>Body <em>x</em>.</p>"
