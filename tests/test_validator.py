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


# Single-defect edits of postfeed's own feeds, each with the message class the W3C Feed
# Validation Service reports for it (every one run through W3C's validator to agree).
BROKEN = [
    # RSS 2.0
    ("rss", r'version="2.0"', 'version="1.5"', "error", "InvalidRSSVersion"),
    ("rss", r"<title>Blog</title>", "", "error", "MissingTitle"),
    ("rss", r"<description>Blog</description>", "", "error", "MissingDescription"),
    ("rss", r"<link>https://example.com</link>", "<link>/home</link>", "error", "InvalidFullLink"),
    ("rss", r"<lastBuildDate>[^<]*<", "<lastBuildDate>2024-05-21<", "error", "InvalidRFC2822Date"),
    ("rss", r"<pubDate>Tue, 21 May", "<pubDate>Mon, 21 May", "error", "IncorrectDOW"),
    ("rss", r"<pubDate>Tue, 21 May", "<pubDate>Tue, 32 May", "error", "InvalidRFC2822Date"),
    ("rss", r"<atom:link [^>]*/>", "", "warning", "MissingAtomSelfLink"),
    ("rss", r'<atom:link href="[^"]*"', '<atom:link href="rss.xml"', "warning", "RelativeSelf"),
    (
        "rss",
        r"<title>Second</title>(\s*<link>[^<]*</link>)\s*<description>[^<]*</description>",
        r"\1",
        "error",
        "ItemMustContainTitleOrDescription",
    ),
    (
        "rss",
        r"<link>https://example.com/second/</link>",
        "<link>second</link>",
        "error",
        "InvalidFullLink",
    ),
    (
        "rss",
        r'<guid isPermaLink="true">[^<]*<',
        '<guid isPermaLink="true">abc<',
        "error",
        "InvalidHttpGUID",
    ),
    ("rss", r"<guid[^>]*>[^<]*</guid>", "", "warning", "MissingGuid"),
    (
        "rss",
        r"(<guid[^>]*>)https://example.com/second/<",
        r"\1https://example.com/first/<",
        "error",
        "DuplicateValue",
    ),
    ("rss", r"<author>[^<]*<", "<author>Jane<", "error", "InvalidContact"),
    (
        "rss",
        r"<channel>",
        "<channel><managingEditor>Jane</managingEditor>",
        "error",
        "InvalidContact",
    ),
    ("rss", r"<category>a</category>", "<category> </category>", "warning", "NotBlank"),
    ("rss", r"&lt;p&gt;Hello.", '&lt;a href="../x/"&gt;x&lt;/a&gt;', "warning", "ContainsRelRef"),
    ("rss", r"<channel>", "<channel><language>english</language>", "error", "InvalidLanguage"),
    ("rss", r"<channel>", "<channel><image><url>/x.png</url></image>", "error", "MissingTitle"),
    ("rss", r"<title>Second", "<title>Sec\x01ond", "error", "SAXError"),
    ("rss", r"</channel>", "</channel><channel/>", "error", "DuplicateElement"),
    (
        "rss",
        r"<description>Blog</description>",
        "<description>a</description><description>b</description>",
        "error",
        "DuplicateElement",
    ),
    ("rss", r"<atom:updated>[^<]*<", "<atom:updated>May 21<", "error", "InvalidRFC3339Date"),
    # Atom 1.0
    ("atom", r"<id>https://example.com/atom.xml</id>", "", "error", "MissingElement"),
    (
        "atom",
        r"<id>https://example.com/atom.xml</id>",
        "<id>atom.xml</id>",
        "error",
        "InvalidFullLink",
    ),
    (
        "atom",
        r"<id>https://example.com/second/</id>",
        "<id>urn:uuid:1234</id>",
        "error",
        "InvalidUUID",
    ),
    ("atom", r"<title>Blog</title>", "", "error", "MissingElement"),
    ("atom", r"<updated>[^<]*</updated>", "", "error", "MissingElement"),
    ("atom", r"<updated>[^<]*<", "<updated>21 May 2024<", "error", "InvalidRFC3339Date"),
    (
        "atom",
        r"<updated>2024-05-21T00:00:00",
        "<updated>2024-02-30T00:00:00",
        "error",
        "InvalidRFC3339Date",
    ),
    ("atom", r"<published>[^<]*<", "<published>yesterday<", "error", "InvalidRFC3339Date"),
    (
        "atom",
        r"<updated>2024-05-20T00:00:00\+00:00</updated>",
        "<updated>2024-05-21T00:00:00+00:00</updated>",
        "warning",
        "DuplicateUpdated",
    ),
    ("atom", r"<author>\s*<name>Blog</name>\s*</author>", "", "error", "MissingElement"),
    ("atom", r"<name>Blog</name>", "", "error", "MissingElement"),
    ("atom", r'<link href="[^"]*" rel="self"[^>]*/>', "", "warning", "MissingSelf"),
    (
        "atom",
        r"(<link href=\"https://example.com/second/\"/>)",
        r'\1<link href="https://example.com/other/"/>',
        "error",
        "DuplicateAtomLink",
    ),
    (
        "atom",
        r'<content type="html">[^<]*</content>\s*<link href="https://example.com/second/"/>',
        "",
        "error",
        "MissingContentOrAlternate",
    ),
    (
        "atom",
        r'<content type="html">',
        '<content type="html"><b>x</b>',
        "error",
        "UndefinedElement",
    ),
    ("atom", r'<content type="html">', '<content type="bogus">', "error", "InvalidMIMEType"),
    (
        "atom",
        r"<id>https://example.com/second/</id>",
        "<id>https://example.com/first/</id>",
        "warning",
        "DuplicateEntries",
    ),
    ("atom", r"<entry>", "<entry><category term=''/>", "warning", "NotBlank"),
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
    ("fmt", "pattern", "replacement", "level", "expected"),
    BROKEN,
    ids=[f"{case[0]}-{case[4]}" for case in BROKEN],
)
def test_each_defect_is_caught(
    fmt: str, pattern: str, replacement: str, level: str, expected: str
) -> None:
    """XML: the W3C message class (``code``); JSON Feed: the message (its code is JSONFeed)."""
    problems = postfeed.check(_break(fmt, pattern, replacement))
    found = [p for p in problems if p.level == level]
    if fmt == "json":
        assert any(expected in p.message and p.code == "JSONFeed" for p in found), problems
    else:
        assert expected in {p.code for p in found}, [(p.code, str(p)) for p in problems]


# ---- one small document per rule ---------------------------------------------------------

NAMESPACES = (
    'xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:media="http://search.yahoo.com/mrss/" '
    'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" '
    'xmlns:sy="http://purl.org/rss/1.0/modules/syndication/" '
    'xmlns:sx="http://feedsync.org/2007/feedsync"'
)
RSS = (
    f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0" {NAMESPACES}><channel>'
    "<title>T</title><link>https://example.com/</link><description>D</description>"
    '<atom:link href="https://example.com/rss.xml" rel="self" type="application/rss+xml"/>'
    "{channel}<item><title>I</title><link>https://example.com/i</link>"
    "<guid>https://example.com/i</guid>{item}</item></channel></rss>"
)
ATOM = (
    '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" '
    'xmlns:media="http://search.yahoo.com/mrss/" '
    'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">'
    "<id>https://example.com/</id><title>T</title><updated>2024-05-20T00:00:00Z</updated>"
    "<author><name>A</name></author>"
    '<link href="https://example.com/atom.xml" rel="self"/>{feed}'
    "<entry><id>https://example.com/e</id><title>E</title>"
    "<updated>2024-05-20T00:00:00Z</updated>"
    '<link href="https://example.com/e"/><summary>S</summary>{entry}</entry></feed>'
)


def _rss(channel: str = "", item: str = "") -> bytes:
    return RSS.format(channel=channel, item=item).encode()


def _atom(feed: str = "", entry: str = "") -> bytes:
    return ATOM.format(feed=feed, entry=entry).encode()


def test_the_templates_are_clean() -> None:
    assert postfeed.check(_rss()) == []
    assert postfeed.check(_atom()) == []


RULES = [
    # RSS channel and item values
    (_rss("<ttl>0</ttl>"), "InvalidPositiveInteger"),
    (_rss("<ttl>soon</ttl>"), "InvalidPositiveInteger"),
    (_rss("<docs>not a url</docs>"), "InvalidUriChar"),
    (_rss("<webMaster>web@example.com</webMaster>"), "MissingRealName"),
    (_rss("<webMaster>web@example.com Web</webMaster>"), "EmailFormat"),
    (_rss("<webMaster>nobody (Web)</webMaster>"), "InvalidContact"),
    (_rss("<cloud domain='x.com' port='80' path='/r'/>"), "MissingAttribute"),
    (
        _rss("<cloud domain='x' port='-1' path='/' registerProcedure='p' protocol='soap'/>"),
        "InvalidIntegerAttribute",
    ),
    (_rss("<image><url>https://e.com/i.png</url><title>T</title></image>"), "MissingLink"),
    (
        _rss(
            "<image><url>https://e.com/i.png</url><title>T</title>"
            "<link>https://example.com/</link><width>200</width></image>"
        ),
        "InvalidWidth",
    ),
    (_rss("<skipHours><hour>25</hour></skipHours>"), "InvalidHour"),
    (_rss("<skipDays><day>Someday</day></skipDays>"), "InvalidDay"),
    (_rss("<skipDays></skipDays>"), "MissingElement"),
    (_rss("<textInput><title>t</title></textInput>"), "MissingDescription"),
    (_rss("<blink>x</blink>"), "NoBlink"),
    (_rss("<foo>x</foo>"), "UndefinedElement"),
    (_rss("stray text"), "UnexpectedText"),
    (_rss('<generator version="1">x</generator>'), "UnexpectedAttribute"),
    (_rss("<title>again</title>"), "DuplicateElement"),
    (_rss(item="<enclosure url='https://e.com/a.mp3' type='audio/mpeg'/>"), "MissingAttribute"),
    (
        _rss(item="<enclosure url='https://e.com/a.mp3' length='x' type='audio/mpeg'/>"),
        "InvalidIntegerAttribute",
    ),
    (
        _rss(item="<enclosure url='https://e.com/a.mp3' length='1' type='audio'/>"),
        "InvalidMIMEAttribute",
    ),
    (
        _rss(item="<enclosure url='/a.mp3' length='1' type='audio/mpeg'/>"),
        "InvalidURLAttribute",
    ),
    (_rss(item="<source>S</source>"), "MissingAttribute"),
    (_rss(item="<comments>c</comments>"), "InvalidFullLink"),
    (_rss(item="<guid isPermaLink='yes'>x</guid>"), "DuplicateElement"),
    (_rss(item="<pubDate>Mon, 20 May 2024 25:00:00 GMT</pubDate>"), "InvalidRFC2822Date"),
    (_rss(item="<pubDate>20 may 24 10:00 EST</pubDate>"), "ProblematicalRFC822Date"),
    (_rss(item="<description>&lt;script&gt;x&lt;/script&gt;</description>"), "SecurityRisk"),
    (
        _rss(item="<description>&lt;p onclick='x()'&gt;x&lt;/p&gt;</description>"),
        "SecurityRiskAttr",
    ),
    (
        _rss(item="<description>&lt;p style='position:fixed'&gt;x&lt;/p&gt;</description>"),
        "DangerousStyleAttr",
    ),
    (_rss(item="<description>&lt;a href='x y'&gt;x&lt;/a&gt;</description>"), "InvalidUriChar"),
    (_rss(item="<title>&lt;b&gt;x&lt;/b&gt;</title>"), "ContainsHTML"),
    (_rss(item="<content:encoded>x</content:encoded>"), "NeedDescriptionBeforeContent"),
    (_rss(item="<dc:creator>a</dc:creator><author>a@b.co (A)</author>"), "DuplicateItemSemantics"),
    (
        _rss("<pubDate>Mon, 20 May 2024 10:00:00 GMT</pubDate><dc:date>2024</dc:date>"),
        "DuplicateSemantics",
    ),
    (_rss("<dc:date>2024-05-20T10:00</dc:date>"), "InvalidW3CDTFDate"),
    (_rss("<dc:language>en</dc:language><dc:language>de</dc:language>"), "DuplicateElement"),
    (_rss("<dc:bogus>x</dc:bogus>"), "UndefinedElement"),
    (_rss("<sy:updatePeriod>often</sy:updatePeriod>"), "InvalidUpdatePeriod"),
    (_rss("<atom:link href='https://example.com/' rel='self'>x</atom:link>"), "AtomLinkNotEmpty"),
    # Atom
    (_atom("<id>https://example.com/2</id>"), "DuplicateElement"),
    (
        _atom(
            "<id> https://example.com/ </id>".replace("<id>", "<icon>").replace("</id>", "</icon>")
        ),
        "UnexpectedWhitespace",
    ),
    (_atom(entry="<published>2024-05-20</published>"), "InvalidRFC3339Date"),
    (_atom(entry="<id>tag:example.com:1</id>"), "InvalidTAG"),
    (
        _atom(entry="<link href='https://example.com/x' rel='alternate' hreflang='xx-'/>"),
        "InvalidLanguage",
    ),
    (
        _atom(entry="<link href='https://example.com/x' rel='enclosure' length='-2'/>"),
        "InvalidNonNegativeInteger",
    ),
    (_atom(entry="<link rel='related'/>"), "MissingHref"),
    (_atom(entry="<link href='https://example.com/n' rel='next'/>"), "FeedHistoryRelInEntry"),
    (_atom(entry="<link href='https://example.com/x' rel='x y'/>"), "UnregisteredAtomLinkRel"),
    (_atom(entry="<content type='xhtml'>text</content>"), "MissingXhtmlDiv"),
    (
        _atom(
            entry="<content type='xhtml'><div xmlns='http://www.w3.org/1999/xhtml'>"
            "<script>x</script></div></content>"
        ),
        "SecurityRisk",
    ),
    (_atom(entry="<content type='image/png'>abcde</content>"), "NotBase64"),
    (
        _atom(entry="<content src='https://example.com/a.png' type='image/png'/>").replace(
            b"<summary>S</summary>", b""
        ),
        "MissingSummary",
    ),
    (_atom(entry="<rights type='text/plain'>x</rights>"), "InvalidTextType"),
    (_atom(entry="<rights>&lt;b&gt;x&lt;/b&gt;</rights>"), "ContainsUndeclaredHTML"),
    (_atom(entry="<contributor><email>x</email></contributor>"), "MissingElement"),
    (_atom(entry="<contributor><name>x</name><email>x</email></contributor>"), "InvalidAddrSpec"),
    (_atom(entry="<contributor><name>x</name><uri>a b</uri></contributor>"), "InvalidUriChar"),
    (_atom(entry="<source><id>https://example.com/s</id></source>"), "MissingSourceElement"),
    (_atom(entry="<category/>"), "MissingAttribute"),
    (_atom("<foo xmlns=''>x</foo>"), "UndeterminableVocabulary"),
    (_atom("<generator uri='http:g'>g</generator>"), "InvalidURIAttribute"),
    (b"<feed><title>x</title></feed>", "MissingNamespace"),
    (b'<feed xmlns="http://purl.org/atom/ns#"><title>x</title></feed>', "ObsoleteNamespace"),
    (b"<html><body/></html>", "UndefinedElement"),
    # Media RSS
    (_rss(item="<media:content url='https://e.com/v.mp4' medium='film'/>"), "InvalidMediaMedium"),
    (
        _rss(item="<media:content url='https://e.com/v.mp4' fileSize='0'/>"),
        "InvalidPositiveInteger",
    ),
    (
        _rss(item="<media:group><media:content url='https://e.com/v.mp4'/></media:group>"),
        "MediaGroupWithoutAlternatives",
    ),
    (_rss(item="<media:thumbnail/>"), "MissingAttribute"),
    (_rss(item="<media:rating>pg</media:rating>"), "InvalidMediaRating"),
    (_rss(item="<media:hash algo='md5'>abc</media:hash>"), "InvalidMediaHash"),
    (
        _rss(item="<media:restriction relationship='allow' type='country'>XX</media:restriction>"),
        "InvalidCountryCode",
    ),
    (_rss(item="<media:title type='rich'>t</media:title>"), "InvalidMediaTextType"),
    (_rss(item="<media:credit role='Author'>a</media:credit>"), "InvalidCreditRole"),
    (_rss(item="<media:bogus/>"), "UndefinedElement"),
    # iTunes
    (_rss("<itunes:explicit>maybe</itunes:explicit>"), "InvalidTrueFalse"),
    (_rss("<itunes:category text='Cooking'/>"), "InvalidItunesCategory"),
    (
        _rss(
            "<itunes:category text='Technology'>"
            "<itunes:category text='Podcasting'/></itunes:category>"
        ),
        "ObsoleteItunesCategory",
    ),
    (_rss("<itunes:explicit>false</itunes:explicit>"), "MissingItunesElement"),
    (_rss("<itunes:owner><itunes:name>n</itunes:name></itunes:owner>"), "MissingElement"),
    (_rss("<itunes:image href='/cover.jpg'/>"), "InvalidURLAttribute"),
    (_rss(item="<itunes:duration>1:2:3</itunes:duration>"), "InvalidDuration"),
    (_rss(item="<itunes:episodeType>pilot</itunes:episodeType>"), "InvalidItunesEpisodeType"),
    (_rss(item="<itunes:subtitle>" + "x" * 256 + "</itunes:subtitle>"), "TooLong"),
    (
        _rss(
            item="<itunes:title>t</itunes:title>"
            "<enclosure url='https://e.com/a.ogg' length='1' type='audio/ogg'/>"
        ),
        "UnsupportedItunesFormat",
    ),
    # FeedSync
    (_rss(item="<sx:sync id='a' updates='1'/>"), "MissingElement"),
    (
        _rss(item="<sx:sync id='a' updates='1'><sx:history sequence='1'/></sx:sync>"),
        "MissingByAndWhenAttrs",
    ),
    # namespaces, canonical ids, character data
    (_rss().replace(b"<channel>", b"<channel xmlns:x='urn:example:x'>"), "UnknownNamespace"),
    (_rss().replace(b"<channel>", b"<channel xmlns:dc='urn:example:x'>"), "ReservedPrefix"),
    (
        _rss().replace(b"<channel>", b"<channel xmlns:m='http://search.yahoo.com/mrss'>"),
        "MediaRssNamespace",
    ),
    (
        _atom().replace(b"<feed ", b"<feed xmlns:atom='http://www.w3.org/2005/Atom' "),
        "AvoidNamespacePrefix",
    ),
    (
        _atom().replace(b"https://example.com/e</id>", b"HTTP://Example.com:80/a/./e</id>"),
        "NonCanonicalURI",
    ),
    (
        _rss(
            "<textInput><title>t</title><description>d</description><name>n</name>"
            "<link>https://example.com/</link></textInput>"
        ),
        "AvoidTextInput",
    ),
    (_atom(entry="<rights></rights>"), "NotBlank"),
    (_rss(item="<pubDate>Mon, 20 May 1985 10:00:00 GMT</pubDate>"), "ImplausibleDate"),
    (_atom(entry="<published>2999-01-01T00:00:00Z</published>"), "ImplausibleDate"),
    (_rss(item="<category>\u0093cp1252 read as Latin-1\u0094</category>"), "BadCharacters"),
    # feed history (RFC 5005)
    (
        _atom(
            "<fh:complete xmlns:fh='http://purl.org/syndication/history/1.0'/>"
            "<link rel='next' href='https://example.com/2'/>"
        ),
        "FeedRelInCompleteFeed",
    ),
    (
        _atom("<fh:archive xmlns:fh='http://purl.org/syndication/history/1.0'/>"),
        "ArchiveIncomplete",
    ),
    (
        _rss()
        .replace(b"<title>T</title>", b"")
        .replace(b"</channel>", b"<title>T</title></channel>"),
        "MisplacedItem",
    ),
    (
        _rss(
            item="<slash:comments xmlns:slash='http://purl.org/rss/1.0/modules/slash/'>3</slash:comments>"
        ),
        "SlashDate",
    ),
    (_rss("<x:thing xmlns:x='urn:example:x'><plain>1</plain></x:thing>"), "NotInANamespace"),
    (_atom(entry="<rights>AT&amp;amp;T</rights>"), "ContainsUndeclaredHTML"),
    (
        _atom(
            entry="<link href='https://example.com/r' rel='related' title='&lt;b&gt;x&lt;/b&gt;'/>"
        ),
        "ContainsHTML",
    ),
    (
        _atom(
            entry="<app:control xmlns:app='http://www.w3.org/2007/app'><app:draft>maybe</app:draft></app:control>"
        ),
        "InvalidYesNo",
    ),
    (
        _rss(item="<description>&lt;scriptingNews&gt;x&lt;/scriptingNews&gt;</description>"),
        "NotHtml",
    ),
    (
        _rss(item="<description>&lt;?import namespace='x' implementation='y'&gt;</description>"),
        "SecurityRisk",
    ),
    (
        _atom(entry="<link href='https://example.com/r' rel='related' title='caf\u0093'/>"),
        "BadCharacters",
    ),
    (_rss(item="<dc:date.Taken>yesterday</dc:date.Taken>"), "InvalidW3CDTFDate"),
    # documents
    (b"<rss version='2.0'><channel>", "SAXError"),
    (
        b'<?xml version="1.1"?>' + _rss()[len(b'<?xml version="1.0" encoding="utf-8"?>') :],
        "BadXmlVersion",
    ),
    (
        b'\xef\xbb\xbf<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"/>',
        "UnicodeError",
    ),
    (b'<?xml version="1.0" encoding="x-no-such"?><rss version="2.0"/>', "UnknownEncoding"),
    (b"<rss xmlns='urn:x' version='2.0'/>", "InvalidNamespace"),
]


@pytest.mark.parametrize(
    ("document", "code"), RULES, ids=[f"{i}-{c}" for i, (_, c) in enumerate(RULES)]
)
def test_each_rule(document: bytes, code: str) -> None:
    problems = postfeed.check(document)
    assert code in {p.code for p in problems}, [(p.code, p.message) for p in problems]


ACCEPTED = [
    # W3C accepts these (some with a warning); an older postfeed called them errors.
    _rss(item="<pubDate>Wed,  1 Feb 2006 10:00:00 GMT</pubDate>"),
    _rss(item="<pubDate>Wed, 01 Feb 06 10:00:00 Z</pubDate>"),
    _rss(item="<pubDate>1 Feb 2006 10:00 A</pubDate>"),
    _rss(item="<author>jane@example.com (Jane Doe)</author>"),
    _rss(item="<author>jane@example.com</author>"),
    _rss("<ttl>60</ttl><category> x </category>"),
    _rss(item="<description>&lt;a href='/x'&gt;x&lt;/a&gt;</description>"),
    _atom(entry="<link href='/relative' rel='related'/>"),
    _atom(
        entry="<content type='xhtml'><div xmlns='http://www.w3.org/1999/xhtml'>"
        "<p>x</p></div></content>"
    ),
    _atom().replace(b"https://example.com/e</id>", b"tag:example.com,2024:1</id>"),
    _atom().replace(
        b"https://example.com/e</id>", b"urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>"
    ),
    _atom(entry="<contributor><name>x</name><email>x@example.com</email></contributor>"),
    _rss(item="<media:content url='https://e.com/p.jpg' medium='image'/>"),
    _rss("<itunes:category text='Leisure'><itunes:category text='Games'/></itunes:category>"),
    _atom().replace(b"https://example.com/e</id>", b"https://example.com/a%2Fb?q#f</id>"),
    _rss(item="<dc:date>2024-05-20</dc:date><dc:date>2024-05-21</dc:date>"),
    _atom(
        entry="<content type='text/html'>"
        "&lt;html&gt;&lt;body&gt;x&lt;/body&gt;&lt;/html&gt;</content>"
    ),
]


@pytest.mark.parametrize("document", ACCEPTED, ids=range(len(ACCEPTED)))
def test_what_w3c_accepts_has_no_error(document: bytes) -> None:
    assert not [p for p in postfeed.check(document) if p.level == "error"]


def test_a_guid_that_is_not_a_permalink_need_not_be_a_url() -> None:
    document = _rss(item="<guid isPermaLink='maybe'>x</guid>").replace(
        b"<guid>https://example.com/i</guid>", b""
    )
    assert [p.code for p in postfeed.check(document)] == ["InvalidBooleanAttribute"]


def test_rss_091_descriptions_are_plain_text() -> None:
    item = "<description>&lt;plaintext&gt;</description>"
    assert {p.code for p in postfeed.check(_rss(item=item))} == {"SecurityRisk"}
    old = _rss(item=item).replace(b'version="2.0"', b'version="0.91"')
    assert "SecurityRisk" not in {p.code for p in postfeed.check(old)}


# ---- parsing: DTDs, entities, limits, linear time ----------------------------------------


def test_problems_carry_code_and_line() -> None:
    (problem,) = postfeed.check(_rss(item="\n\n<ttl>x</ttl>"))
    assert (problem.level, problem.code, problem.line) == ("error", "UndefinedElement", 3)


XXE = (
    '<?xml version="1.0" encoding="{encoding}"?>'
    '<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    "<rss version='2.0'><channel><title>&x;</title></channel></rss>"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-16-le"])
def test_a_dtd_is_refused_in_any_encoding(encoding: str) -> None:
    document = XXE.format(encoding=encoding.replace("-le", "")).encode(encoding)
    if encoding == "utf-16-le":
        document = b"\xff\xfe" + document
    problems = postfeed.check(document)
    assert [(p.level, p.code) for p in problems] == [("error", "InvalidDoctype")]
    assert "DTD" in problems[0].message


def test_entity_expansion_is_never_done() -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10 if i > 1 else b"&lol;" * 10)
            for i in range(1, 10)
        )
        + b"]><rss><channel><title>&lol9;</title></channel></rss>"
    )
    (problem,) = postfeed.check(laughs)  # the parser's own limit stops it first
    assert problem.level == "error" and problem.code in {"SAXError", "InvalidDoctype"}


def test_doctype_inside_cdata_is_content() -> None:
    item = "<description><![CDATA[<!DOCTYPE html> and <!ENTITY x>]]></description>"
    assert not [p for p in postfeed.check(_rss(item=item)) if p.level == "error"]


def test_deep_xhtml_and_a_huge_text_are_well_formed() -> None:
    depth = 2000  # over libxml2's default limit of 256; 2048 is its limit even for huge trees
    div = "<div xmlns='http://www.w3.org/1999/xhtml'>" + "<span>" * depth + "x"
    div += "</span>" * depth + "</div>"
    assert postfeed.check(_atom(entry=f"<content type='xhtml'>{div}</content>")) == []
    big = "x" * 11_000_000  # over libxml2's default 10 MB text limit
    assert postfeed.check(_rss(item=f"<description>{big}</description>")) == []


def test_the_pathological_email_is_linear() -> None:
    """The expression an older version used took 8.7 s for 8,000 pairs (quadratic): at
    200,000 pairs that would be hours; a linear check takes milliseconds."""
    address = "a@" + "b." * 200_000 + "("
    problems = postfeed.check(_rss(f"<managingEditor>{address}</managingEditor>"))
    assert [p.code for p in problems] == ["MissingRealName"]
    problems = postfeed.check(_rss(item=f"<author>{address})</author>"))
    assert [p.code for p in problems] == ["UnknownHost"]  # as W3C: a host without a dot
    problems = postfeed.check(
        _atom(entry=f"<author><name>n</name><email>{address}</email></author>")
    )
    assert [p.code for p in problems] == ["InvalidAddrSpec"]


def test_problem_str() -> None:
    assert str(postfeed.Problem("warning", "x: y")) == "warning: x: y"
    assert postfeed.Problem("error", "m", "MissingTitle", 3).code == "MissingTitle"


def test_json_top_level_must_be_an_object() -> None:
    assert [p.message for p in postfeed.check(json.dumps(["x"]).encode())] == [
        "document: a JSON Feed must be an object"
    ]


def test_text_that_reads_as_markup() -> None:
    """The RSS Profile's advice as W3C applies it: an escaped entity or tag in plain text
    is a warning, unless the line escapes with hexadecimal references."""
    codes = {p.code for p in postfeed.check(_rss(item="<category>alpha&amp;omega</category>"))}
    assert codes == {"ContainsHTML"}
    codes = {p.code for p in postfeed.check(_rss(item="<category>Rc&lt;Vec&gt;</category>"))}
    assert codes == {"CharacterData"}
    assert postfeed.check(_rss(item="<category>Rc&#x3C;Vec&#x3E;</category>")) == []
    assert postfeed.check(_rss(item="<category>AT&amp;T</category>")) == []


def test_a_malformed_ipv6_host_is_an_error_not_a_crash() -> None:
    """urllib raises ValueError on '[' hosts; found by mutating W3C's cases (60,000 runs)."""
    document = _rss().replace(b'href="https://example.com/rss.xml"', b'href="http://[x/rss.xml"')
    assert "InvalidUriChar" in {p.code for p in postfeed.check(document)}
    feed = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "t",
            "items": [],
            "home_page_url": "http://[x",
            "feed_url": "https://example.com/feed.json",
        }
    )
    assert [p.message for p in postfeed.check(feed.encode())] == [
        "feed.home_page_url: 'http://[x' is not an absolute URL"
    ]


@pytest.mark.parametrize("document", [b"[" * 100_000, b'{"a":' * 100_000, b"[" * 65 + b"]" * 65])
def test_json_nested_too_deep_is_an_error_never_a_crash(document: bytes) -> None:
    """Issue 13 #13: ``[`` × 100,000 raised RecursionError out of ``check`` (exit 2)."""
    problems = postfeed.check(document)
    assert [p.level for p in problems] == ["error"]
    assert "deep (limit 64)" in problems[0].message


def test_json_nesting_counts_no_bracket_inside_a_string() -> None:
    text = '"[[[[ \\" {{{{"'
    feed = (
        b'{"version": "https://jsonfeed.org/version/1.1", "title": '
        + text.encode()
        + b', "home_page_url": "https://example.com/", "feed_url": '
        b'"https://example.com/feed.json", "items": []}'
    )
    assert postfeed.check(feed) == []
