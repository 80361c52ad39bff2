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
from lxml import etree

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


@pytest.mark.parametrize(
    ("href", "kind"),
    [
        ("feed.css", "text/css"),
        ("https://cdn.example/f.CSS?v=2", "text/css"),
        ("f.xslt", "text/xsl"),
    ],
)
def test_the_stylesheet_type_follows_the_file(href: str, kind: str) -> None:
    data = _feed(stylesheet=href).rss()
    assert (
        data.splitlines()[1]
        == f'<?xml-stylesheet type="{kind}" href="{href.replace("&", "&amp;")}"?>'.encode()
    )


@pytest.mark.parametrize(
    ("href", "in_tag_feed"),
    [
        ("feed.css", "../../feed.css"),  # beside the site's feeds: two folders up
        ("assets/feed.css", "../../assets/feed.css"),
        ("/feed.css", "/feed.css"),
        ("https://example.com/feed.css", "https://example.com/feed.css"),
    ],
)
def test_a_relative_stylesheet_is_reached_from_the_tag_feeds(
    tmp_path: Path, href: str, in_tag_feed: str
) -> None:
    feed = _feed(stylesheet=href)
    feed.write(tmp_path, tag_feeds=True)
    for name in ("rss.xml", "atom.xml"):
        assert f'href="{href}"?>'.encode() in (tmp_path / name).read_bytes().splitlines()[1]
        for tag_feed in (tmp_path / "tags").glob(f"*/{name}"):
            data = tag_feed.read_bytes()
            assert data.splitlines()[1].endswith(f'href="{in_tag_feed}"?>'.encode())
            assert_no_problems(data)


def test_a_relative_stylesheet_is_reached_from_a_subset_feed_and_its_tag_feeds(
    tmp_path: Path,
) -> None:
    feed = _feed(stylesheet="feed.css", path="topics/python/")
    feed.write(tmp_path, tag_feeds=True)
    top = (tmp_path / "topics" / "python" / "rss.xml").read_bytes().splitlines()[1]
    assert top.endswith(b'href="../../feed.css"?>')
    tag_feeds = list((tmp_path / "topics" / "python" / "tags").glob("*/atom.xml"))
    assert tag_feeds
    for tag_feed in tag_feeds:
        assert tag_feed.read_bytes().splitlines()[1].endswith(b'href="../../../../feed.css"?>')


def test_the_shipped_stylesheet_is_css_for_both_formats() -> None:
    from importlib.resources import files

    css = (files("postfeed") / "feed.css").read_text(encoding="utf-8")
    assert '@namespace atom url("http://www.w3.org/2005/Atom");' in css
    assert "item > pubDate" in css and "atom|entry > atom|published" in css
    # No XSLT: Chromium covers an XSLT-styled feed with a banner, and browsers drop it.
    assert "feed.xsl" not in {entry.name for entry in files("postfeed").iterdir()}


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


def _episode(**options: object) -> postfeed.Post:
    settings: dict[str, object] = {
        "title": "Episode 1",
        "date": "2024-05-20 07:00",
        "content": "Show *notes*.",
        "link": "/podcast/1/",
        "authors": ["Jane Doe <jane@example.com>", "Ann"],
        "enclosures": [
            postfeed.Enclosure("media/ep1.mp3", length=2_000_000, duration=3725),
            postfeed.Enclosure("https://cdn.example.org/ep1.pdf", title="Transcript"),
        ],
    }
    settings.update(options)
    return postfeed.Post(**settings)  # type: ignore[arg-type]


def test_enclosures_in_every_format() -> None:
    feed = postfeed.Feed(title="T", site_url=SITE, posts=[_episode()])
    audio = "https://example.com/podcast/1/media/ep1.mp3"  # resolved against the post's link
    pdf = "https://cdn.example.org/ep1.pdf"
    rss, atom = feed.rss(), feed.atom()
    for data in (rss, atom, feed.json()):
        assert_no_problems(data)
    # RSS allows one enclosure an item: the first; Atom and JSON Feed carry them all.
    (rss_entry,) = parse_back(rss).entries
    assert [(e.href, e.length, e.type) for e in rss_entry.enclosures] == [
        (audio, "2000000", "audio/mpeg")
    ]
    assert rss.count(b"<enclosure ") == 1
    (atom_entry,) = parse_back(atom).entries
    assert [(e.href, e.get("length"), e.type) for e in atom_entry.enclosures] == [
        (audio, "2000000", "audio/mpeg"),
        (pdf, None, "application/pdf"),
    ]
    assert b'title="Transcript"' in atom
    assert atom_entry.link == "https://example.com/podcast/1/"  # still the alternate link
    assert json.loads(feed.json())["items"][0]["attachments"] == [
        {"url": audio, "mime_type": "audio/mpeg", "size_in_bytes": 2000000,
         "duration_in_seconds": 3725},
        {"url": pdf, "mime_type": "application/pdf", "title": "Transcript"},
    ]  # fmt: skip
    unknown = postfeed.Post(title="U", date="2024-05-21", enclosures=["https://x.org/a.mp3"])
    text = postfeed.Feed(title="T", site_url=SITE, posts=[unknown]).rss()
    assert b'<enclosure url="https://x.org/a.mp3" length="0" type="audio/mpeg"/>' in text
    assert_no_problems(text)  # RSS requires a length: 0 when unknown


def test_several_authors_in_every_format() -> None:
    feed = postfeed.Feed(title="T", site_url=SITE, posts=[_episode(enclosures=[])])
    rss, atom = feed.rss(), feed.atom()
    for data in (rss, atom, feed.json()):
        assert_no_problems(data)
    (rss_entry,) = parse_back(rss).entries
    # RSS has one author element and the W3C validator warns when a dc:creator repeats
    # it: several authors are one dc:creator each.
    assert b"<dc:creator>Jane Doe</dc:creator>" in rss and b"<dc:creator>Ann</dc:creator>" in rss
    assert b"<author>" not in rss.split(b"<item>")[1]
    assert [a.get("name") for a in rss_entry.authors] == ["Jane Doe", "Ann"]
    assert [a.get("name") for a in parse_back(atom).entries[0].authors] == ["Jane Doe", "Ann"]
    # feedparser lends the first author's e-mail to the next: read the people with lxml.
    ns = {"a": "http://www.w3.org/2005/Atom"}
    people = etree.fromstring(atom).findall("a:entry/a:author", ns)
    assert [(p.findtext("a:name", None, ns), p.findtext("a:email", None, ns)) for p in people] == [
        ("Jane Doe", "jane@example.com"),
        ("Ann", None),
    ]
    assert json.loads(feed.json())["items"][0]["authors"] == [
        {"name": "Jane Doe", "url": "mailto:jane@example.com"},
        {"name": "Ann"},
    ]


@pytest.mark.skipif(shutil.which("sfeed") is None, reason="sfeed is not installed")
def test_sfeed_reads_enclosures_and_authors() -> None:
    feed = postfeed.Feed(title="T", site_url=SITE, posts=[_episode()])
    for fmt in ("rss", "atom"):
        result = subprocess.run(
            ["sfeed"], input=getattr(feed, fmt)(), capture_output=True, check=True, timeout=60
        )
        (row,) = [line.split(b"\t") for line in result.stdout.splitlines()]
        assert row[7] == b"https://example.com/podcast/1/media/ep1.mp3"
        assert row[6].startswith(b"Jane Doe")


def test_a_subset_feed_lives_in_its_path(tmp_path: Path) -> None:
    feed = _feed(path="/topics/python/", title="Blog: Python")
    assert feed.path == "topics/python/"
    rss, atom, document = feed.rss(), feed.atom(), json.loads(feed.json())
    assert b'<atom:link href="https://example.com/topics/python/rss.xml" rel="self"' in rss
    assert b'<link href="https://example.com/topics/python/atom.xml" rel="self"' in atom
    assert b"<id>https://example.com/topics/python/atom.xml</id>" in atom
    assert document["feed_url"] == "https://example.com/topics/python/feed.json"
    assert feed.file_names(["rss"], tag_feeds=True) == [
        "topics/python/rss.xml",
        "topics/python/tags/feeds/rss.xml",
        "topics/python/tags/python/rss.xml",
    ]
    changed = feed.write(tmp_path, tag_feeds=True)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in changed) == sorted(
        feed.file_names(tag_feeds=True)
    )
    tagged = (tmp_path / "topics/python/tags/feeds/rss.xml").read_bytes()
    assert b'href="https://example.com/topics/python/tags/feeds/rss.xml" rel="self"' in tagged
    for path in tmp_path.rglob("*.*"):
        assert_no_problems(path.read_bytes())
    # A site URL with a path, a folder needing percent-encoding, and feed_urls winning.
    other = _feed(site_url="https://example.com/blog/", path="tags/c++ & ü")
    assert json.loads(other.json())["feed_url"] == (
        "https://example.com/blog/tags/c%2B%2B%20%26%20%C3%BC/feed.json"
    )
    assert other.file_names(["json"]) == ["tags/c++ & ü/feed.json"]
    pinned = _feed(path="tags/python/", feed_urls={"atom": "https://feeds.example.com/p.atom"})
    assert b'href="https://feeds.example.com/p.atom" rel="self"' in pinned.atom()
    assert b"https://example.com/tags/python/rss.xml" in pinned.rss()


@pytest.mark.parametrize("path", ["../up/", "a/./b", "https://example.com/x/", "//host/x/"])
def test_a_path_outside_the_site_is_refused(path: str) -> None:
    with pytest.raises(postfeed.FeedError, match="path must be a folder under the site"):
        _feed(path=path)


def _podcast_feed(**options: object) -> postfeed.Feed:
    settings: dict[str, object] = {
        "title": "Show",
        "site_url": SITE,
        "language": "en",
        "author": "Jane Doe <jane@example.com>",
        "posts": [_episode(), _episode(title="Episode 2", date="2024-06-01", link="/p/2/")],
        "podcast": postfeed.Podcast(
            image="/cover.jpg", category="Technology", explicit=True, type="serial"
        ),
    }
    settings.update(options)
    return postfeed.Feed(**settings)  # type: ignore[arg-type]


def test_podcast_feed_has_apples_tags() -> None:
    feed = _podcast_feed()
    rss = feed.rss()
    assert rss == _podcast_feed().rss()  # the same bytes every time
    assert_no_problems(rss)
    channel = rss.split(b"<item>")[0]
    for tag in (
        b'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"',
        b'<itunes:image href="https://example.com/cover.jpg"/>',
        b'<itunes:category text="Technology"/>',
        b"<itunes:explicit>true</itunes:explicit>",  # Apple's true/false, not yes/no
        b"<itunes:author>Jane Doe</itunes:author>",
        b"<itunes:name>Jane Doe</itunes:name>",
        b"<itunes:email>jane@example.com</itunes:email>",
        b"<itunes:type>serial</itunes:type>",
        b"<language>en</language>",
    ):
        assert tag in channel, tag
    item = rss.split(b"<item>")[2]
    assert b"<itunes:duration>3725</itunes:duration>" in item
    assert b"<itunes:author>Jane Doe, Ann</itunes:author>" in item
    parsed = parse_back(rss)
    # feedparser 6 reads only yes/clean there; Apple and the W3C validator ask for true/false.
    itunes = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
    assert etree.fromstring(rss).findtext(f"channel/{itunes}explicit") == "true"
    assert parsed.feed.itunes_type == "serial"
    assert parsed.feed.image.href == "https://example.com/cover.jpg"
    assert parsed.entries[1].itunes_duration == "3725"
    for data in (feed.atom(), feed.json()):  # iTunes tags are RSS only
        assert b"itunes" not in data
        assert_no_problems(data)
    sub = postfeed.Podcast(
        image="https://x.org/c.png", category="Society & Culture", subcategory="Documentary",
        owner="Producer <p@example.org>", author="The Team",
    )  # fmt: skip
    text = _podcast_feed(podcast=sub, author=None).rss()
    assert b'<itunes:category text="Society &amp; Culture">' in text
    assert b'<itunes:category text="Documentary"/>' in text
    assert b"<itunes:explicit>false</itunes:explicit>" in text
    assert b"<itunes:email>p@example.org</itunes:email>" in text
    assert b"<itunes:author>The Team</itunes:author>" in text
    assert_no_problems(text)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"category": "Tech"}, "not one of Apple's"),
        ({"subcategory": "Podcasting"}, "not one of 'Technology'"),
        ({"image": "https://x.org/cover.jpeg"}, "jpg or .png"),
        ({"type": "weekly"}, "episodic"),
        ({"explicit": "no"}, "True or False"),
    ],
)
def test_bad_podcast_settings(options: dict[str, object], message: str) -> None:
    settings: dict[str, object] = {"image": "https://x.org/c.jpg", "category": "Technology"}
    settings.update(options)
    with pytest.raises(postfeed.FeedError, match=message):
        postfeed.Podcast(**settings)  # type: ignore[arg-type]


def test_podcast_needs_what_apple_needs() -> None:
    with pytest.raises(postfeed.FeedError, match="needs a language"):
        _podcast_feed(language=None)
    with pytest.raises(postfeed.FeedError, match="owner's e-mail"):
        _podcast_feed(author="Jane Doe")
    ogg = _episode(enclosures=["https://x.org/ep.ogg"])
    with pytest.raises(postfeed.FeedError, match="Apple Podcasts plays m4a, mp3"):
        _podcast_feed(posts=[ogg]).rss()
    assert_no_problems(postfeed.Feed(title="T", site_url=SITE, posts=[ogg]).rss())


def test_an_address_without_a_name_is_a_dc_creator_in_rss() -> None:
    """RSS ``author`` is ``e-mail (Name)``: the W3C validator warns about a bare address."""
    post = postfeed.Post(title="T", date="2024-05-20", content="x", author="c@example.com")
    rss = postfeed.Feed(title="T", site_url=SITE, posts=[post], author="site@example.com").rss()
    assert b"<dc:creator>c@example.com</dc:creator>" in rss
    assert b"<author>" not in rss and b"<managingEditor>" not in rss
    assert parse_back(rss).entries[0].author == "c@example.com"
    assert_no_problems(rss)


def test_a_post_without_a_body_has_no_empty_content_element() -> None:
    post = postfeed.Post(title="Link only", date="2024-05-20", link="https://x.org/a/")
    feed = postfeed.Feed(title="T", site_url=SITE, posts=[post])
    rss, atom = feed.rss(), feed.atom()
    assert b"content:encoded" not in rss.split(b"<item>")[1]
    assert b"<content" not in atom
    assert json.loads(feed.json())["items"][0]["content_text"] == "Link only"  # its title
    for data in (rss, atom, feed.json()):
        assert_no_problems(data)
    # An Atom entry with neither content nor summary has its title as its summary.
    assert b"<summary>Link only</summary>" in atom


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
