"""Feed: RSS 2.0, Atom 1.0 and JSON Feed 1.1 documents, read back by real readers."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from feedtools import assert_matches_posts, assert_no_problems, parse_back

import postfeed
import postfeed.post as post_module
from postfeed.loading import sort_posts

SITE = "https://example.com"
SEED_ROOT = Path(__file__).parent / "posts" / "seed" / "post"
GOLDEN = Path(__file__).parent / "golden"
FORMATS = ("rss", "atom", "json")
FILES = {"rss": "rss.xml", "atom": "atom.xml", "json": "feed.json"}


def _posts() -> list[postfeed.Post]:
    """A varied set of posts built in memory, each with something to get right."""
    return [
        postfeed.Post(
            title="Oldest & first",
            date="2023-01-02 08:00",
            content="Intro with a [relative link](../about/) and ![pic](img/a.png).",
            link="/2023/oldest/",
            tags=["python", "Feeds"],
            author="Jane Doe <jane@example.com>",
        ),
        postfeed.Post(
            title="Name only",
            date="2024-02-03T10:00:00+05:45",
            updated="2024-03-01T00:00:00Z",
            content="Body *two*.",
            link="/2024/name-only/",
            author="Ann",
            id="tag:example.com,2024:name-only",
        ),
        postfeed.Post(
            title="Newest",
            date="2024-06-01",
            content="<!--more-->Hidden",
            summary="A given summary.",
            link="https://elsewhere.example.org/newest/",
            tags=["feeds"],
        ),
    ]


def _feed(**options: object) -> postfeed.Feed:
    settings: dict[str, object] = {"title": "Blog", "site_url": SITE, "posts": _posts()}
    settings.update(options)
    return postfeed.Feed(**settings)  # type: ignore[arg-type]


def _shown(feed: postfeed.Feed) -> list[postfeed.Post]:
    """The posts as the feed shows them (sorted, with absolute links)."""

    def absolute(url: str) -> str:
        return SITE + url if url.startswith("/") else url

    return sort_posts([p._evolve(link=absolute(p.link), id=absolute(p.id)) for p in feed.posts])


@pytest.mark.parametrize("fmt", FORMATS)
def test_documents_read_back_equal_their_posts(fmt: str) -> None:
    feed = _feed()
    data = getattr(feed, fmt)()
    shown = _shown(feed)
    assert [p.title for p in shown] == ["Newest", "Name only", "Oldest & first"]
    assert_matches_posts(data, shown, fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_summary_only_leaves_content_out(fmt: str) -> None:
    feed = _feed(summary_only=True)
    assert_matches_posts(getattr(feed, fmt)(), _shown(feed), fmt, summary_only=True)


@pytest.mark.parametrize("fmt", FORMATS)
def test_seed_post_matches_golden_file(fmt: str) -> None:
    posts = postfeed.load_posts(SEED_ROOT, site_url=SITE)
    data = getattr(postfeed.Feed(title="Blog", site_url=SITE, posts=posts), fmt)()
    golden = GOLDEN / f"seed.{FILES[fmt]}"
    # The version is the one thing that may change without the output being wrong.
    version = postfeed.__version__.encode()
    if os.environ.get("POSTFEED_REGENERATE_GOLDEN"):
        golden.write_bytes(data.replace(version, b"@VERSION@"))
    assert data == golden.read_bytes().replace(b"@VERSION@", version)
    assert_matches_posts(data, posts, fmt)


def test_relative_urls_in_content_are_absolute() -> None:
    feed = _feed()
    oldest = next(p for p in _shown(feed) if p.title == "Oldest & first")
    html = json.loads(feed.json())["items"][2]["content_html"]
    assert 'href="https://example.com/2023/about/"' in html
    assert 'src="https://example.com/2023/oldest/img/a.png"' in html
    assert html == oldest.content_html


def test_rss_specifics() -> None:
    text = _feed().rss().decode()
    assert '<atom:link href="https://example.com/rss.xml" rel="self"' in text
    assert "<link>https://example.com</link>" in text  # the channel link is the site
    assert "<author>jane@example.com (Jane Doe)</author>" in text
    assert "<dc:creator>Ann</dc:creator>" in text  # a name alone is no RSS author
    assert '<guid isPermaLink="true">https://elsewhere.example.org/newest/</guid>' in text
    assert '<guid isPermaLink="false">tag:example.com,2024:name-only</guid>' in text
    # The newest *updated* time, from the posts: never the clock.
    assert "<lastBuildDate>Sat, 01 Jun 2024 00:00:00 +0000</lastBuildDate>" in text
    assert "<pubDate>Sat, 03 Feb 2024 04:15:00 +0000</pubDate>" in text  # +0545 as UTC
    assert "<generator>postfeed " + postfeed.__version__ + "</generator>" in text


def test_atom_specifics() -> None:
    text = _feed().atom().decode()
    assert '<link href="https://example.com/atom.xml" rel="self"' in text
    assert "<updated>2024-06-01T00:00:00+00:00</updated>" in text.split("<entry>")[0]
    assert "<author>\n    <name>Blog</name>" in text  # the site title stands in
    assert f'<generator version="{postfeed.__version__}">postfeed</generator>' in text
    assert '<content type="html">' in text
    assert "<published>2024-02-03T10:00:00+05:45</published>" in text  # offset kept


def test_feed_dates_come_from_posts_not_the_clock() -> None:
    post = postfeed.Post(title="Old", date="2001-05-06 07:08:09", content="x")
    feed = postfeed.Feed(title="T", site_url=SITE, posts=[post])
    assert "Sun, 06 May 2001 07:08:09 +0000" in feed.rss().decode()
    assert "<updated>2001-05-06T07:08:09+00:00</updated>" in feed.atom().decode()


@pytest.mark.parametrize("fmt", FORMATS)
def test_empty_feed_is_valid(fmt: str) -> None:
    data = getattr(postfeed.Feed(title="Empty", site_url=SITE, posts=[]), fmt)()
    assert_no_problems(data)
    if fmt != "json":
        assert parse_back(data).entries == []


def test_limit() -> None:
    many = [
        postfeed.Post(title=f"P{i}", date=f"2024-01-{i + 1:02d}", content="x") for i in range(25)
    ]
    assert (
        len(json.loads(postfeed.Feed(title="T", site_url=SITE, posts=many).json())["items"]) == 20
    )
    feed = postfeed.Feed(title="T", site_url=SITE, posts=many, limit=3)
    assert [i["title"] for i in json.loads(feed.json())["items"]] == ["P24", "P23", "P22"]
    assert (
        len(
            json.loads(postfeed.Feed(title="T", site_url=SITE, posts=many, limit=0).json())["items"]
        )
        == 25
    )


def test_equal_dates_ordered_by_path_then_stable_whatever_the_input_order() -> None:
    posts = [
        postfeed.Post(title=f"P{i}", date="2024-01-01", content="x", path=f"posts/{name}.md")
        for i, name in enumerate(["c", "a", "b"])
    ]
    outputs = set()
    for seed in range(5):
        random.Random(seed).shuffle(posts)
        feed = postfeed.Feed(title="T", site_url=SITE, posts=posts)
        outputs.add((feed.rss(), feed.atom(), feed.json()))
    assert len(outputs) == 1
    items = json.loads(outputs.pop()[2])["items"]
    assert [i["title"] for i in items] == ["P1", "P2", "P0"]  # a, b, c


def test_posts_of_one_day_without_a_time_share_an_instant_in_distinct_texts() -> None:
    posts = [
        postfeed.Post(title=f"P{i}", date=date, content="x", path=f"posts/{i}.md")
        for i, date in enumerate(["2024-01-01", "2024-01-01", "2024-01-01 10:00:00.25+02:00",
                                  "2024-01-01", "2024-01-01T10:00:00.25+02:00"])
    ]  # fmt: skip
    atom = postfeed.Feed(title="T", site_url=SITE, posts=posts).atom()
    assert_no_problems(atom)  # no two entries with the same <updated> text (W3C warns)
    texts = re.findall(r"<entry>.*?<updated>([^<]*)</updated>", atom.decode(), re.DOTALL)
    assert texts == [
        "2024-01-01T10:00:00.250000+02:00",
        "2024-01-01T10:00:00.2500000+02:00",
        "2024-01-01T00:00:00+00:00",
        "2024-01-01T00:00:00.0+00:00",
        "2024-01-01T00:00:00.00+00:00",
    ]
    read = [entry.updated_parsed for entry in parse_back(atom).entries]
    assert read == [read[0], read[0], read[2], read[2], read[2]]  # the same instants


def test_same_id_in_a_feed_keeps_the_first_in_date_order(caplog: pytest.LogCaptureFixture) -> None:
    older = postfeed.Post(title="Older", date="2024-01-01", id="urn:x:1", content="x")
    newer = postfeed.Post(title="Newer", date="2024-02-01", id="urn:x:1", content="x")
    with caplog.at_level(logging.WARNING, logger="postfeed"):
        feed = postfeed.Feed(title="T", site_url=SITE, posts=[older, newer])
    assert [i["title"] for i in json.loads(feed.json())["items"]] == ["Newer"]
    assert caplog.messages == ["urn:x:1: same id as urn:x:1; left out of the feed"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"site_url": "example.com"}, "site_url"),
        ({"site_url": "ftp://example.com/"}, "site_url"),
        ({"title": "  "}, "title"),
        ({"limit": -1}, "limit"),
        ({"language": "english please"}, "language"),
        ({"timezone": "Nowhere/Land"}, "time zone"),
        ({"feed_urls": {"rss2": "https://x.org/r.xml"}}, "unknown format"),
        ({"icon": "javascript:alert(1)"}, "icon"),
    ],
)
def test_bad_settings_raise_feed_error(options: dict[str, object], message: str) -> None:
    with pytest.raises(postfeed.FeedError, match=message) as info:
        _feed(**options)
    assert "\n" not in str(info.value)


def test_site_url_with_a_path_and_feed_urls() -> None:
    feed = _feed(
        site_url="https://example.com/blog/",
        feed_urls={"atom": "https://feeds.example.com/blog.atom"},
    )
    assert '<atom:link href="https://example.com/blog/rss.xml"' in feed.rss().decode()
    assert 'href="https://feeds.example.com/blog.atom" rel="self"' in feed.atom().decode()
    assert json.loads(feed.json())["items"][1]["url"] == "https://example.com/blog/2024/name-only/"


def test_site_settings_appear() -> None:
    feed = _feed(
        description="About things",
        language="en-GB",
        author="Site Owner <owner@example.com>",
        icon="/favicon.ico",
        logo="https://example.com/logo.png",
        copyright="© 2024 Owner",
    )
    rss, atom = feed.rss().decode(), feed.atom().decode()
    document = json.loads(feed.json())
    assert "<language>en-GB</language>" in rss and 'xml:lang="en-GB"' in atom
    assert "<managingEditor>owner@example.com (Site Owner)</managingEditor>" in rss
    assert "<icon>https://example.com/favicon.ico</icon>" in atom
    assert "<url>https://example.com/logo.png</url>" in rss
    assert "<rights>© 2024 Owner</rights>" in atom and "<copyright>© 2024 Owner</copyright>" in rss
    assert "<subtitle>About things</subtitle>" in atom
    assert document["authors"] == [{"name": "Site Owner", "url": "mailto:owner@example.com"}]
    assert document["favicon"] == "https://example.com/favicon.ico"
    # A post without an author gets the site's.
    assert document["items"][0]["authors"] == document["authors"]
    for fmt in FORMATS:
        assert_no_problems(getattr(feed, fmt)())


def test_stylesheet_processing_instruction() -> None:
    feed = _feed(stylesheet="/feed.xsl")
    pi = b'<?xml-stylesheet type="text/xsl" href="/feed.xsl"?>'
    for data in (feed.rss(), feed.atom()):
        assert data.splitlines()[1] == pi
        parse_back(data)
        assert_no_problems(data)
    assert b"xml-stylesheet" not in feed.json()


def test_shipped_stylesheet_renders_both_formats() -> None:
    from importlib.resources import files

    from lxml import etree

    xslt = etree.XSLT(etree.fromstring((files("postfeed") / "feed.xsl").read_bytes()))
    feed = _feed()
    for data in (feed.rss(), feed.atom()):
        page = str(xslt(etree.fromstring(data)))
        assert "<h1>" in page and "Name only" in page and "Oldest &amp; first" in page


def test_tag_feeds(tmp_path: Path) -> None:
    feed = _feed()
    feed.write(tmp_path, tag_feeds=True)
    assert sorted(
        p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()
    ) == [
        "atom.xml",
        "feed.json",
        "rss.xml",
        "tags/feeds/atom.xml",
        "tags/feeds/feed.json",
        "tags/feeds/rss.xml",
        "tags/python/atom.xml",
        "tags/python/feed.json",
        "tags/python/rss.xml",
    ]
    document = json.loads((tmp_path / "tags/feeds/feed.json").read_text())
    assert document["feed_url"] == "https://example.com/tags/feeds/feed.json"
    assert document["title"] == "Blog: feeds"  # the tag as the newest post writes it
    assert [i["title"] for i in document["items"]] == ["Newest", "Oldest & first"]
    rss = (tmp_path / "tags/python/rss.xml").read_text()
    assert 'href="https://example.com/tags/python/rss.xml" rel="self"' in rss
    for path in tmp_path.rglob("*.*"):
        assert_no_problems(path.read_bytes())


def test_tags_with_the_same_slug_share_a_feed_without_repeats() -> None:
    post = postfeed.Post(title="T", date="2024-01-01", content="x", tags=["C++", "c", "日本"])
    feed = postfeed.Feed(title="T", site_url=SITE, posts=[post])
    groups = feed.tags()
    assert list(groups) == ["c", next(s for s in groups if s.startswith("tag-"))]
    assert groups["c"] == ("C++", (feed._selected[0],))
    for data in feed.documents(tag_feeds=True).values():
        assert_no_problems(data)


def test_same_bytes_under_another_zone_and_locale(tmp_path: Path) -> None:
    script = (
        "import sys, postfeed\n"
        "posts = postfeed.load_posts(sys.argv[1], site_url='https://example.com')\n"
        "feed = postfeed.Feed(title='Blog', site_url='https://example.com', posts=posts)\n"
        "sys.stdout.buffer.write(feed.rss() + feed.atom() + feed.json())\n"
    )
    locales = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.split()
    other = next((name for name in locales if name.lower().startswith("de_de")), "C.UTF-8")
    runs = []
    for env in ({}, {"TZ": "Asia/Tokyo", "LC_ALL": other}, {"TZ": "America/Los_Angeles"}):
        result = subprocess.run(
            [sys.executable, "-c", script, str(SEED_ROOT)],
            capture_output=True,
            check=True,
            env={**os.environ, **env},
            timeout=120,
        )
        runs.append(result.stdout)
    assert runs[0] == runs[1] == runs[2]
    assert runs[0].startswith(b"<?xml")


@pytest.mark.skipif(
    shutil.which("sfeed") is None and not os.environ.get("CI"),
    reason="sfeed is not installed (CI installs it)",
)
@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_sfeed_reads_the_feeds(fmt: str) -> None:
    feed = _feed()
    result = subprocess.run(
        ["sfeed"], input=getattr(feed, fmt)(), capture_output=True, check=True, timeout=60
    )
    rows = [line.split(b"\t") for line in result.stdout.splitlines()]
    shown = _shown(feed)
    assert len(rows) == len(shown)
    for row, post in zip(rows, shown, strict=True):
        assert int(row[0]) == int(post.date.timestamp())
        assert row[1].decode() == post.title
        assert row[2].decode() == post.link
        assert row[5].decode() == post.id


def test_no_render_for_posts_beyond_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = post_module.render_markdown

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("postfeed.post.render_markdown", counting)
    many = [
        postfeed.Post(title=f"P{i}", date=dt.date(2024, 1, i + 1), content="x") for i in range(30)
    ]
    postfeed.Feed(title="T", site_url=SITE, posts=many, limit=5).rss()
    assert len(calls) == 5


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_post_with_no_body_has_no_content_element(fmt: str) -> None:
    posts = [
        postfeed.Post(title="Empty", date="2024-01-02", content="", link="/e/"),
        postfeed.Post(
            title="Tags only", date="2024-01-01", content="{% include x %}\n", link="/t/"
        ),
    ]
    data = getattr(postfeed.Feed(title="T", site_url=SITE, posts=posts), fmt)()
    assert_no_problems(data)
    if fmt == "json":
        items = json.loads(data)["items"]
        assert all("content_html" not in item for item in items)
        assert [item["content_text"] for item in items] == ["Empty", "Tags only"]
    else:
        assert b"<content" not in data and b"content:encoded" not in data


def _pictured() -> list[postfeed.Post]:
    return [
        postfeed.Post(title="Jpeg", date="2024-01-03", content="x", link="/j/", image="c.JPG"),
        postfeed.Post(
            title="Svg", date="2024-01-02", content="y", link="/s/", image="/i/a.svg?w=2"
        ),
        postfeed.Post(title="Unknown", date="2024-01-01", content="z", link="/u/", image="/pic"),
        postfeed.Post(title="None", date="2023-12-31", content="w", link="/n/"),
    ]


def test_the_post_s_picture_in_rss_is_media_rss() -> None:
    data = postfeed.Feed(title="T", site_url=SITE, posts=_pictured()).rss()
    assert_no_problems(data)
    assert b'xmlns:media="http://search.yahoo.com/mrss/"' in data
    assert (
        b'<media:content url="https://example.com/j/c.JPG" medium="image" type="image/jpeg"/>'
        in data
    )
    assert b'<media:thumbnail url="https://example.com/j/c.JPG"/>' in data
    assert b'url="https://example.com/i/a.svg?w=2" medium="image" type="image/svg+xml"' in data
    assert b'<media:content url="https://example.com/pic" medium="image"/>' in data
    parsed = parse_back(data)
    thumbnails = [e.get("media_thumbnail", [{}])[0].get("url") for e in parsed.entries]
    assert thumbnails == [
        "https://example.com/j/c.JPG",
        "https://example.com/i/a.svg?w=2",
        "https://example.com/pic",
        None,
    ]


def test_the_post_s_picture_in_atom_is_an_enclosure_and_in_json_its_image() -> None:
    feed = postfeed.Feed(title="T", site_url=SITE, posts=_pictured())
    atom = feed.atom()
    assert_no_problems(atom)
    assert b'<link rel="enclosure" href="https://example.com/j/c.JPG" type="image/jpeg"/>' in atom
    enclosures = [
        [link.href for link in e.links if link.rel == "enclosure"] for e in parse_back(atom).entries
    ]
    assert enclosures == [
        ["https://example.com/j/c.JPG"],
        ["https://example.com/i/a.svg?w=2"],
        ["https://example.com/pic"],
        [],
    ]
    data = feed.json()
    assert_no_problems(data)
    images = [item.get("image") for item in json.loads(data)["items"]]
    assert images == [
        "https://example.com/j/c.JPG",
        "https://example.com/i/a.svg?w=2",
        "https://example.com/pic",
        None,
    ]


def test_a_feed_without_pictures_declares_no_media_namespace() -> None:
    data = postfeed.Feed(title="T", site_url=SITE, posts=_pictured()[3:]).rss()
    assert b"mrss" not in data
