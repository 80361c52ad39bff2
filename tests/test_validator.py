"""postfeed.check: one broken document per rule it claims, and a clean bill for good ones."""

from __future__ import annotations

import json
import re

import pytest

import postfeed

SITE = "https://example.com"


def _feed() -> postfeed.Feed:
    posts = [
        postfeed.Post(
            title="First",
            date="2024-05-20",
            content="Hello.",
            link="/first/",
            author="Jane <jane@example.com>",
            tags=["a"],
        ),
        postfeed.Post(title="Second", date="2024-05-21", content="World.", link="/second/"),
    ]
    return postfeed.Feed(title="Blog", site_url=SITE, posts=posts)


def _documents() -> dict[str, str]:
    feed = _feed()
    return {"rss": feed.rss().decode(), "atom": feed.atom().decode(), "json": feed.json().decode()}


def _break(fmt: str, pattern: str, replacement: str) -> bytes:
    text = _documents()[fmt]
    broken, count = re.subn(pattern, replacement, text, count=1, flags=re.DOTALL)
    assert count == 1, f"{pattern!r} not found in the {fmt} document"
    return broken.encode("utf-8")


@pytest.mark.parametrize("fmt", ["rss", "atom", "json"])
def test_good_documents_have_no_problems(fmt: str) -> None:
    assert postfeed.check(_documents()[fmt].encode()) == []


BROKEN = [
    # RSS 2.0
    ("rss", r'version="2.0"', 'version="0.92"', "error", "version must be 2.0"),
    ("rss", r"<title>Blog</title>", "", "error", "missing <title>"),
    ("rss", r"<description>Blog</description>", "", "error", "missing <description>"),
    ("rss", r"<link>https://example.com</link>", "<link>/home</link>", "error", "absolute URL"),
    ("rss", r"<lastBuildDate>[^<]*<", "<lastBuildDate>2024-05-21<", "error", "RFC 822"),
    ("rss", r"<pubDate>Tue, 21 May", "<pubDate>Mon, 21 May", "error", "day of the week"),
    ("rss", r"<pubDate>Tue, 21 May", "<pubDate>Tue, 32 May", "error", "not a real date"),
    ("rss", r"<atom:link [^>]*/>", "", "warning", 'rel="self"'),
    ("rss", r'<atom:link href="[^"]*"', '<atom:link href="rss.xml"', "error", "absolute URL"),
    (
        "rss",
        r"<title>Second</title>(\s*<link>[^<]*</link>)\s*<description>[^<]*</description>",
        r"\1",
        "error",
        "needs a <title> or",
    ),
    (
        "rss",
        r"<link>https://example.com/second/</link>",
        "<link>second</link>",
        "error",
        "absolute",
    ),
    (
        "rss",
        r'<guid isPermaLink="true">[^<]*<',
        '<guid isPermaLink="true">abc<',
        "error",
        "not a URL",
    ),
    ("rss", r"<guid[^>]*>[^<]*</guid>", "", "warning", "should have a <guid>"),
    (
        "rss",
        r"(<guid[^>]*>)https://example.com/second/<",
        r"\1https://example.com/first/<",
        "error",
        "used by 2 items",
    ),
    ("rss", r"<author>[^<]*<", "<author>Jane<", "error", "must be an e-mail address"),
    ("rss", r"<channel>", "<channel><managingEditor>Jane</managingEditor>", "error", "e-mail"),
    ("rss", r"<category>a</category>", "<category> </category>", "error", "<category> is empty"),
    ("rss", r"&lt;p&gt;Hello.", '&lt;a href="../x/"&gt;x&lt;/a&gt;', "warning", "relative URL"),
    ("rss", r"<channel>", "<channel><language>english</language>", "warning", "language code"),
    ("rss", r"<channel>", "<channel><image><url>/x.png</url></image>", "error", "missing <title>"),
    ("rss", r"<title>Second", "<title>Sec\x01ond", "error", "not well-formed"),
    ("rss", r"</channel>", "</channel><channel/>", "error", "exactly one <channel>"),
    (
        "rss",
        r"<description>Blog</description>",
        "<description>a</description><description>b</description>",
        "error",
        "more than one",
    ),
    # Atom 1.0
    ("atom", r"<id>https://example.com/atom.xml</id>", "", "error", "missing <id>"),
    (
        "atom",
        r"<id>https://example.com/atom.xml</id>",
        "<id>atom.xml</id>",
        "error",
        "absolute IRI",
    ),
    ("atom", r"<id>https://example.com/second/</id>", "<id>urn:uuid:1234</id>", "error", "UUID"),
    ("atom", r"<title>Blog</title>", "", "error", "missing <title>"),
    ("atom", r"<updated>[^<]*</updated>", "", "error", "missing <updated>"),
    ("atom", r"<updated>[^<]*<", "<updated>21 May 2024<", "error", "RFC 3339"),
    ("atom", r"<updated>2024-05-21T00:00:00", "<updated>2024-02-30T00:00:00", "error", "real date"),
    ("atom", r"<published>[^<]*<", "<published>yesterday<", "error", "RFC 3339"),
    (
        "atom",
        r"<updated>2024-05-20T00:00:00\+00:00</updated>",
        "<updated>2024-05-21T00:00:00+00:00</updated>",
        "warning",
        "the same <updated> as entry 1",
    ),
    ("atom", r"<author>\s*<name>Blog</name>\s*</author>", "", "error", "no <author>"),
    ("atom", r"<name>Blog</name>", "", "error", "needs a <name>"),
    ("atom", r'<link href="[^"]*" rel="self"[^>]*/>', "", "warning", 'rel="self"'),
    (
        "atom",
        r"(<link href=\"https://example.com/second/\"/>)",
        r'\1<link href="https://example.com/other/"/>',
        "error",
        "more than one alternate link",
    ),
    (
        "atom",
        r'<content type="html">[^<]*</content>\s*<link href="https://example.com/second/"/>',
        "",
        "error",
        "needs <content> or an alternate link",
    ),
    ("atom", r'<content type="html">', '<content type="html"><b>x</b>', "error", "escaped"),
    ("atom", r'<content type="html">', '<content type="bogus">', "error", "type 'bogus'"),
    (
        "atom",
        r"<id>https://example.com/second/</id>",
        "<id>https://example.com/first/</id>",
        "error",
        "used by 2 entries",
    ),
    ("atom", r"<entry>", "<entry><category term=''/>", "error", "needs a term"),
    # JSON Feed 1.1
    ("json", r'"version": "[^"]*"', '"version": "1.1"', "error", "version URL"),
    ("json", r'"title": "Blog",', "", "error", "missing required 'title'"),
    ("json", r'"items": \[.*\]', '"itemz": []', "error", "missing required 'items'"),
    ("json", r'"id": "https://example.com/second/",', "", "error", "missing required 'id'"),
    ("json", r'"id": "https://example.com/second/"', '"id": 2', "error", "must be a str"),
    (
        "json",
        r'"id": "https://example.com/second/"',
        '"id": "https://example.com/first/"',
        "error",
        "used by 2 items",
    ),
    ("json", r'"content_html": "[^"]*",', "", "error", "content_html or content_text"),
    ("json", r'"date_published": "[^"]*"', '"date_published": "May 21"', "error", "RFC 3339"),
    ("json", r'"url": "https://example.com/second/"', '"url": "second/"', "error", "absolute URL"),
    ("json", r'"feed_url": "[^"]*",', "", "warning", "should have 'feed_url'"),
    ("json", r'"name": "Blog"', '"nickname": "Blog"', "error", "name, url or avatar"),
    ("json", r'"title": "Second"', '"title": "Sec\\\\u0001ond"', "error", "control character"),
    ("json", r'"tags": \[\s*"a"\s*\]', '"tags": [1]', "error", "list of strings"),
    ("json", r"^\{", "[", "error", "not valid UTF-8 JSON"),
]


@pytest.mark.parametrize(
    ("fmt", "pattern", "replacement", "level", "message"),
    BROKEN,
    ids=[f"{case[0]}-{case[4]}" for case in BROKEN],
)
def test_each_rule_is_caught(
    fmt: str, pattern: str, replacement: str, level: str, message: str
) -> None:
    problems = postfeed.check(_break(fmt, pattern, replacement))
    assert any(p.level == level and message in p.message for p in problems), [
        str(p) for p in problems
    ]


def test_json_top_level_must_be_an_object() -> None:
    assert [p.message for p in postfeed.check(json.dumps(["x"]).encode())] == [
        "document: a JSON Feed must be an object"
    ]


def test_unknown_root_element() -> None:
    (problem,) = postfeed.check(b"<html><body/></html>")
    assert problem.level == "error" and "not an RSS 2.0 or Atom 1.0 feed" in problem.message


def test_xxe_and_entity_expansion_are_refused_without_parsing() -> None:
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<rss version='2.0'><channel><title>&x;</title></channel></rss>"
    )
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10 if i > 1 else b"&lol;" * 10)
            for i in range(1, 10)
        )
        + b"]><rss><channel><title>&lol9;</title></channel></rss>"
    )
    for document in (xxe, laughs):
        problems = postfeed.check(document)  # refused before any parser sees it
        assert [p.level for p in problems] == ["error"]
        assert "DTD or entity" in problems[0].message


def test_problem_str() -> None:
    assert str(postfeed.Problem("warning", "x: y")) == "warning: x: y"
