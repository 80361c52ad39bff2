"""RSS 2.0 and Atom 1.0 rules as the W3C Feed Validation Service applies them: leaf kinds
(what an element's text must be), the tables of which children each container allows, and
the hooks for what a table cannot say (required children, attributes, values that must
agree). The elements of other namespaces are ``_extensions``'; ``RULES``, at the end, is
both together: what ``_xml``'s walk reads a document by.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

import postfeed.validator._extensions as ext
import postfeed.validator._html as _html
import postfeed.validator._values as _values
from postfeed.validator._values import Level, words
from postfeed.validator._xml import ATOM, XML_NS, Before, Hook, Leaf, Node, Rules, Spec, Walker

if TYPE_CHECKING:
    from postfeed.validator._xml import Element

# ---- leaf kinds --------------------------------------------------------------------------


def _text(w: Walker, node: Node, value: str) -> None:
    """Text whose value is not checked (only what every leaf's text is checked for)."""


def _nonhtml(w: Walker, node: Node, value: str) -> None:
    _html.nonhtml(w, node, value)


def _item_description(w: Walker, node: Node, value: str) -> None:
    """HTML, except in RSS 0.91 where a description is plain text."""
    channel = node.parent.parent if node.parent else None
    rss = channel.parent if channel else None
    if rss is not None and rss.extra.get("version") == "0.91":
        _nonhtml(w, node, value)
    else:
        _safe_html(w, node, value)


def _safe_html(w: Walker, node: Node, value: str) -> None:
    for finding in _html.check(value):
        w.found(node, finding)


def _uri_full(w: Walker, node: Node, value: str) -> None:
    w.found(node, _values.uri(value, full=True))


def _uri(w: Walker, node: Node, value: str) -> None:
    w.found(node, _values.uri(value, full=False))


def _canonical_uri(w: Walker, node: Node, value: str) -> None:
    if w.found(node, _values.uri(value, full=True, iri=True)) and value.isascii():
        canonical = _values.canonical_uri(value)
        if canonical is not None and canonical != value:
            w.log(node, "warning", "NonCanonicalURI", f"{value!r} is better written {canonical!r}")


def _iri(w: Walker, node: Node, value: str) -> None:
    w.found(node, _values.uri(value, full=False, iri=True))


def _rfc822(w: Walker, node: Node, value: str) -> None:
    w.found(node, _values.rfc822(value))


def _rfc3339(w: Walker, node: Node, value: str) -> None:
    w.found(node, _values.rfc3339(value))


def _w3cdtf(w: Walker, node: Node, value: str) -> None:
    w.found(node, _values.w3cdtf(value))


def _email_name(w: Walker, node: Node, value: str) -> None:
    _nonhtml(w, node, value)
    w.found(node, _values.email_with_name(value))


def _addr_spec(w: Walker, node: Node, value: str) -> None:
    w.found(node, _values.addr_spec_finding(value))


def _language(w: Walker, node: Node, value: str) -> None:
    if not _values.language(value):
        w.log(node, "error", "InvalidLanguage", f"{value!r} is not a language code")


def _positive(w: Walker, node: Node, value: str) -> None:
    if not _values.integer(value, minimum=1):
        w.log(node, "error", "InvalidPositiveInteger", f"{value!r} is not a positive integer")


def _non_negative(w: Walker, node: Node, value: str) -> None:
    if not _values.integer(value, minimum=0):
        w.log(node, "error", "InvalidNonNegativeInteger", f"{value!r} is not an integer >= 0")


def _integer(w: Walker, node: Node, value: str) -> None:
    if not _values.integer(value, minimum=-(10**30)):
        w.log(node, "error", "InvalidInteger", f"{value!r} is not an integer")


def _true_false(w: Walker, node: Node, value: str) -> None:
    if value.lower() not in {"true", "false"}:
        w.log(node, "error", "InvalidTrueFalse", f"{value!r} must be true or false")


def _yes_no(w: Walker, node: Node, value: str) -> None:
    if value not in {"yes", "no"}:
        w.log(node, "error", "InvalidYesNo", f"{value!r} must be yes or no")


def _image_size(limit: int, code: str) -> Leaf:
    def check(w: Walker, node: Node, value: str) -> None:
        if not _values.integer(value, minimum=1) or int(value) > limit:
            w.log(node, "error", code, f"{value!r} must be 1 to {limit}")

    return check


def _hour(w: Walker, node: Node, value: str) -> None:
    if not (value.isdigit() and int(value) <= 24):
        w.log(node, "error", "InvalidHour", f"{value!r} is not an hour 0-23")
    elif int(value) == 24:
        w.log(node, "warning", "UseZeroForMidnight", "write midnight as 0")


def _day(w: Walker, node: Node, value: str) -> None:
    if not _values.weekday_name(value):
        w.log(node, "error", "InvalidDay", f"{value!r} is not a day name")


def _guid(w: Walker, node: Node, value: str) -> None:
    permalink = node.attrs.get("isPermaLink")
    if permalink is not None and permalink not in {"true", "false"}:
        w.log(node, "error", "InvalidBooleanAttribute", "isPermaLink must be true or false")
    if permalink is None or permalink == "true":
        if w.found(
            node, _values.uri(value, full=True, code="InvalidHttpGUID")
        ) and value.lower().startswith(("tag:", "urn:uuid:")):
            w.log(node, "error", "InvalidPermalink", f"{value!r} is not a permalink")
    elif len(value) < 9 and value.isdigit():
        w.log(node, "warning", "NotSufficientlyUnique", f"{value!r} is too short to be unique")


def _image_url(w: Walker, node: Node, value: str) -> None:
    _uri_full(w, node, value)
    ext = value.rsplit(".", 1)[-1].lower()
    if re.fullmatch(r"\w+", ext) and ext not in {"jpg", "jpeg", "gif", "png"}:
        w.log(node, "warning", "ImageUrlFormat", "should be a JPEG, GIF or PNG image")


def _image_title(w: Walker, node: Node, value: str) -> None:
    _nonhtml(w, node, value)
    channel = node.parent.parent if node.parent else None
    title = channel.extra.get("title") if channel else None
    if title and title != value:
        w.log(node, "warning", "ImageTitleDoesntMatch", "differs from the channel title")


def _image_link(w: Walker, node: Node, value: str) -> None:
    _uri_full(w, node, value)
    channel = node.parent.parent if node.parent else None
    link = channel.extra.get("link") if channel else None
    if link and link != value:
        w.log(node, "warning", "ImageLinkDoesntMatch", "differs from the channel link")


def _remember(name: str, then: Leaf) -> Leaf:
    def check(w: Walker, node: Node, value: str) -> None:
        if node.parent is not None:
            node.parent.extra[name] = value
        then(w, node, value)

    return check


def _formname(w: Walker, node: Node, value: str) -> None:
    if not re.match(r"[a-zA-Z]", value):
        w.log(node, "error", "InvalidFormComponentName", f"{value!r} is not a form field name")


LEAVES: dict[str, Leaf] = {
    "text": _text,
    "eater": _text,
    "nonhtml": _nonhtml,
    "safehtml": _safe_html,
    "item_description": _item_description,
    "uri_full": _uri_full,
    "uri": _uri,
    "iri": _iri,
    "canonical": _canonical_uri,
    "rfc822": _rfc822,
    "rfc3339": _rfc3339,
    "w3cdtf": _w3cdtf,
    "email_name": _email_name,
    "addr_spec": _addr_spec,
    "language": _language,
    "positive": _positive,
    "non_negative": _non_negative,
    "integer": _integer,
    "truefalse": _true_false,
    "yesno": _yes_no,
    "width": _image_size(144, "InvalidWidth"),
    "height": _image_size(400, "InvalidHeight"),
    "hour": _hour,
    "day": _day,
    "guid": _guid,
    "image_url": _image_url,
    "image_title": _image_title,
    "image_link": _image_link,
    "channel_title": _remember("title", _nonhtml),
    "channel_link": _remember("link", _uri_full),
    "category_rss": _nonhtml,
    "source_rss": _nonhtml,
    "generator": _nonhtml,
    "blink": _text,
    "formname": _formname,
}
# Kinds whose own text is not a mistake (mixed content, or read by a hook).
TEXT_OK = frozenset({"textconstruct", "content", "atom:link"})
# Kinds whose children their hooks read: the walk does not dispatch into them.
NO_WALK = frozenset({"textconstruct", "content", "atom:link", "atom:category"})

ONCE = frozenset({"once"})
ONCE_NOWS = frozenset({"once", "nows"})


def _f(*names: str) -> frozenset[str]:
    return frozenset(names)


_RSS_CHANNEL: dict[str, Spec] = {
    "title": ("channel_title", _f("once", "nonblank")),
    "link": ("channel_link", ONCE),
    "description": ("nonhtml", ONCE),
    "language": ("language", ONCE),
    "copyright": ("nonhtml", ONCE),
    "managingEditor": ("email_name", ONCE),
    "webMaster": ("email_name", ONCE),
    "pubDate": ("rfc822", ONCE),
    "lastBuildDate": ("rfc822", ONCE),
    "category": ("category_rss", frozenset()),
    "generator": ("text", ONCE),
    "docs": ("uri_full", ONCE),
    "cloud": ("cloud", ONCE),
    "ttl": ("positive", _f("once", "nonblank")),
    "image": ("image", ONCE),
    "rating": ("text", frozenset()),
    "textInput": ("textinput", ONCE),
    "skipHours": ("skiphours", frozenset()),
    "skipDays": ("skipdays", frozenset()),
    "item": ("item", frozenset()),
    "blink": ("blink", ONCE),
    "atom:link": ("atom:link", frozenset()),
    "atom:author": ("person", frozenset()),
    "atom:contributor": ("person", frozenset()),
    "atom:category": ("atom:category", frozenset()),
    "atom:generator": ("generator", ONCE),
    "atom:id": ("uri_full", ONCE),
    "atom:icon": ("uri", ONCE),
    "atom:logo": ("uri", ONCE),
    "atom:title": ("textconstruct", ONCE),
    "atom:subtitle": ("textconstruct", ONCE),
    "atom:rights": ("textconstruct", ONCE),
    "atom:updated": ("rfc3339", ONCE),
}

_RSS_ITEM: dict[str, Spec] = {
    "title": ("nonhtml", _f("once", "nonblank")),
    "link": ("uri_full", ONCE),
    "description": ("item_description", ONCE),
    "author": ("email_name", ONCE),
    "category": ("category_rss", _f("nonblank")),
    "comments": ("uri_full", ONCE),
    "enclosure": ("enclosure", ONCE),
    "guid": ("guid", _f("once", "unique")),
    "pubDate": ("rfc822", ONCE),
    "source": ("source_rss", ONCE),
    "atom:id": ("uri_full", ONCE),
    "atom:link": ("atom:link", frozenset()),
    "atom:title": ("content", ONCE),
    "atom:summary": ("textconstruct", ONCE),
    "atom:author": ("person", ONCE),
    "atom:contributor": ("person", frozenset()),
    "atom:content": ("content", frozenset()),
    "atom:published": ("rfc3339", ONCE),
    "atom:updated": ("rfc3339", ONCE),
}

_ATOM_FEED: dict[str, Spec] = {
    "author": ("person", frozenset()),
    "category": ("atom:category", frozenset()),
    "contributor": ("person", frozenset()),
    "generator": ("generator", ONCE),
    "id": ("canonical", ONCE_NOWS),
    "icon": ("uri", _f("once", "nows", "nonblank")),
    "logo": ("uri", _f("once", "nows", "nonblank")),
    "link": ("atom:link", frozenset()),
    "title": ("textconstruct", ONCE),
    "subtitle": ("textconstruct", ONCE),
    "rights": ("textconstruct", ONCE),
    "updated": ("rfc3339", ONCE_NOWS),
    "entry": ("entry", frozenset()),
}

_ATOM_ENTRY: dict[str, Spec] = {
    "author": ("person", frozenset()),
    "category": ("atom:category", frozenset()),
    "content": ("content", ONCE),
    "contributor": ("person", frozenset()),
    "id": ("canonical", _f("once", "nows", "unique", "nonblank")),
    "link": ("atom:link", frozenset()),
    "published": ("rfc3339", ONCE_NOWS),
    "rights": ("textconstruct", ONCE),
    "source": ("source", ONCE),
    "summary": ("textconstruct", ONCE),
    "title": ("textconstruct", ONCE),
    "updated": ("rfc3339", _f("once", "nows", "unique")),
}

_PERSON: dict[str, Spec] = {
    "name": ("nonhtml", _f("once", "nonblank")),
    "email": ("addr_spec", ONCE),
    "uri": ("iri", _f("once", "nows", "nonblank")),
}


def _atomize(table: dict[str, Spec]) -> dict[str, Spec]:
    """The same table for Atom elements met inside RSS (``atom:name``)."""
    return {f"atom:{name}": spec for name, spec in table.items()}


# A feed and its source take the same children.
_FEED_CHILDREN = {**_ATOM_FEED, **ext.ATOM_FEED}
CHILDREN: dict[str, dict[str, Spec]] = {
    "root": {
        "rss": ("rss", frozenset()),
        "feed": ("feed", frozenset()),
        "entry": ("entry", frozenset()),
    },
    "rss": {"channel": ("channel", ONCE), **ext.RSS},
    "channel": {**_RSS_CHANNEL, **ext.RSS_CHANNEL},
    "item": {**_RSS_ITEM, **ext.RSS_ITEM},
    "image": {
        "title": ("image_title", _f("once", "nonblank")),
        "url": ("image_url", ONCE),
        "link": ("image_link", ONCE),
        "width": ("width", ONCE),
        "height": ("height", ONCE),
        "description": ("nonhtml", ONCE),
    },
    "textinput": {
        "title": ("nonhtml", ONCE),
        "description": ("nonhtml", ONCE),
        "name": ("formname", ONCE),
        "link": ("uri_full", ONCE),
    },
    "skiphours": {"hour": ("hour", frozenset())},
    "skipdays": {"day": ("day", frozenset())},
    "feed": _FEED_CHILDREN,
    "source": _FEED_CHILDREN,
    "entry": {**_ATOM_ENTRY, **ext.ATOM_ENTRY},
    "person": {**_PERSON, **_atomize(_PERSON)},
}

ATTRS: dict[str, frozenset[str]] = {
    "rss": _f("version"),
    "channel": _f("indexing:index"),
    "feed": _f("indexing:index"),
    "entry": _f("rdf:parseType"),
    "person": _f("rdf:parseType"),
    "category_rss": _f("domain"),
    "cloud": _f("domain", "port", "path", "registerProcedure", "protocol"),
    "enclosure": _f("url", "length", "type"),
    "guid": _f("isPermaLink"),
    "source_rss": _f("url"),
    "atom:link": _f(
        "type",
        "title",
        "rel",
        "href",
        "length",
        "hreflang",
        "thr:count",
        "thr:when",
        "thr:updated",
        "rdf:type",
        "rdf:resource",
    ),
    "atom:category": _f("term", "scheme", "label"),
    "textconstruct": _f("type", "src"),
    "content": _f("type", "src"),
    "generator": _f("uri", "version"),
    "eater": frozenset(),
}


# ---- container hooks ---------------------------------------------------------------------


def _rss(w: Walker, node: Node) -> None:
    version = node.attrs.get("version")
    node.extra["version"] = version
    if version is None:
        w.log(node, "error", "MissingAttribute", "missing the 'version' attribute")
    elif version not in {"0.91", "0.92", "2.0"}:
        w.log(node, "error", "InvalidRSSVersion", f"version {version!r}")


def _rss_end(w: Walker, node: Node) -> None:
    if "channel" not in node.children:
        w.log(node, "error", "MissingElement", "missing <channel>")


def _channel_end(w: Walker, node: Node) -> None:
    for name, code in (
        ("description", "MissingDescription"),
        ("link", "MissingLink"),
        ("title", "MissingTitle"),
    ):
        if name not in node.children:
            w.log(node, "error", code, f"missing <{name}>")
    for name in ("image", "textInput", "skipHours", "skipDays"):
        if node.children.count(name) > 1:
            w.log(node, "error", "DuplicateElement", f"more than one <{name}>")
    rels = [link.get("rel", "alternate") for link in node.el.findall(f"{{{ATOM}}}link")]
    if "self" not in rels:
        w.log(node, "warning", "MissingAtomSelfLink", 'missing <atom:link rel="self">')
    ext.itunes_channel_end(w, node)


def _channel_metadata(w: Walker, node: Node, name: str) -> None:
    if "item" in node.children and not node.extra.get("misplaced"):
        node.extra["misplaced"] = True
        w.log(node, "warning", "MisplacedItem", f"<item> before channel metadata (<{name}>)")


def _avoid_text_input(w: Walker, node: Node, name: str) -> None:
    w.log(node, "warning", "AvoidTextInput", "few readers show <textInput>")


def _before_description(w: Walker, node: Node, name: str) -> None:
    if "description" not in node.children:
        w.log(node, "warning", "NeedDescriptionBeforeContent", "put <description> first")


def _item_end(w: Walker, node: Node) -> None:
    channel = node.parent
    if "slash:comments" in node.children and channel and "lastBuildDate" not in channel.children:
        w.log(node, "warning", "SlashDate", "slash:comments needs the channel's lastBuildDate")
    if "title" not in node.children and "description" not in node.children:
        w.log(node, "error", "ItemMustContainTitleOrDescription", "needs <title> or <description>")
    if "guid" not in node.children:
        w.log(node, "warning", "MissingGuid", "should have a <guid>")
    ext.itunes_item_end(w, node)


def _image_end(w: Walker, node: Node) -> None:
    if node.text().strip():
        w.log(node, "error", "UnexpectedText", "holds text")
    if "title" not in node.children:
        w.log(node, "error", "MissingTitle", "missing <title>")
    if "url" not in node.children:
        w.log(node, "error", "MissingElement", "missing <url>")
    if "link" not in node.children:
        w.log(node, "error", "MissingLink", "missing <link>")


def _textinput_end(w: Walker, node: Node) -> None:
    for name in ("title", "description", "name", "link"):
        if name not in node.children:
            code = {"title": "MissingTitle", "description": "MissingDescription"}.get(
                name, "MissingLink" if name == "link" else "MissingElement"
            )
            w.log(node, "error", code, f"missing <{name}>")


def _skiphours_end(w: Walker, node: Node) -> None:
    hours = [el.text.strip() for el in node.el if el.tag == "hour" and el.text]
    hours = ["0" if hour == "24" else hour.lstrip("0") or "0" for hour in hours]
    if len(hours) > 24:
        w.log(node, "error", "NotEnoughHoursInTheDay", "more than 24 <hour>")
    if len(set(hours)) != len(hours):
        w.log(node, "error", "DuplicateValue", "an hour is listed twice")


def _skipdays_end(w: Walker, node: Node) -> None:
    days = [el.text.strip() for el in node.el if el.tag == "day" and el.text]
    if not days:
        w.log(node, "error", "MissingElement", "missing <day>")
    if len(days) > 7:
        w.log(node, "error", "EightDaysAWeek", "more than 7 <day>")
    if len(set(days)) != len(days):
        w.log(node, "error", "DuplicateValue", "a day is listed twice")


def _cloud(w: Walker, node: Node) -> None:
    for name in ("domain", "path", "registerProcedure", "protocol"):
        w.required_attr(node, name)
    port = w.required_attr(node, "port")
    if port is not None and not _values.integer(port, minimum=1):
        w.log(node, "error", "InvalidIntegerAttribute", f"port {port!r}")


def _enclosure(w: Walker, node: Node) -> None:
    length = w.required_attr(node, "length")
    if length is not None:
        try:
            number = int(length)
        except ValueError:
            w.log(node, "error", "InvalidIntegerAttribute", f"length {length!r}")
        else:
            if number == -1:
                w.log(node, "error", "UseZeroForUnknown", "write an unknown length as 0")
            elif number < 0:
                w.log(node, "error", "InvalidNonNegativeInteger", f"length {length!r}")
    kind = w.required_attr(node, "type")
    if kind is not None and not _values.mime(kind):
        w.log(node, "error", "InvalidMIMEAttribute", f"type {kind!r}")
    url = w.required_attr(node, "url")
    if url is not None:
        w.found(node, _values.http_url(url))


def _source_rss(w: Walker, node: Node) -> None:
    url = w.required_attr(node, "url")
    if url is not None:
        w.found(node, _values.uri(url, full=True))


def _blink(w: Walker, node: Node) -> None:
    w.log(node, "error", "NoBlink", "there is no <blink>")


# ---- Atom --------------------------------------------------------------------------------


def _atom_metadata_missing(w: Walker, node: Node) -> None:
    code = "MissingSourceElement" if node.kind == "source" else "MissingElement"
    level: Level = "warning" if node.kind == "source" else "error"
    for name in ("title", "id", "updated"):
        if name not in node.children:
            w.log(node, level, code, f"missing <{name}>")
    if node.kind != "source" and "self" not in _rels(node):
        w.log(node, "warning", "MissingSelf", 'missing <link rel="self">')
    _duplicate_alternates(w, node)
    if node.kind == "feed":
        _feed_history(w, node)


def _feed_history(w: Walker, node: Node) -> None:
    """RFC 5005: a complete feed has no paging links; an archive links its neighbours."""
    links = [
        (str(link.get("rel", "alternate")), str(link.get("href", "")))
        for link in node.el.iterfind(f"{{{ATOM}}}link")
    ]
    selves = {href for rel, href in links if rel == "self"}
    rels = {rel for rel, _ in links}
    complete = "fh:complete" in node.children
    for rel, href in links:
        if complete and rel in _FEED_HISTORY:
            if rel != "current":
                w.log(node, "error", "FeedRelInCompleteFeed", f"rel={rel!r} in a complete feed")
            elif href not in selves:
                w.log(node, "error", "CurrentNotSelfInCompleteFeed", "current is not self")
        if rel == "first" and href in selves and "previous" in rels:
            w.log(node, "error", "LinkPastEnd", "the first page has a previous page")
        if rel == "last" and href in selves and "next" in rels:
            w.log(node, "error", "LinkPastEnd", "the last page has a next page")
    if "fh:archive" in node.children and not complete:
        if not rels & {"prev-archive", "next-archive"}:
            w.log(
                node,
                "warning",
                "ArchiveIncomplete",
                "an archive links prev-archive or next-archive",
            )
        if "current" not in rels:
            w.log(node, "warning", "MissingCurrentInArchive", 'an archive links rel="current"')


def _rels(node: Node) -> list[str]:
    return [str(link.get("rel", "alternate")) for link in node.el.findall(f"{{{ATOM}}}link")]


def _duplicate_alternates(w: Walker, node: Node) -> None:
    seen: set[tuple[str, str]] = set()
    for link in node.el.findall(f"{{{ATOM}}}link"):
        if link.get("rel", "alternate") != "alternate":
            continue
        key = (link.get("type", ""), link.get("hreflang", ""))
        if key in seen:
            w.log(
                node, "error", "DuplicateAtomLink", "two alternate links of one type and language"
            )
        seen.add(key)


def _feed_before(w: Walker, node: Node, name: str) -> None:
    if "entry" in node.children and name != "entry" and not name.startswith("unknown"):
        w.log(node, "error", "MisplacedMetadata", f"<{name}> after the entries")
    if name == "entry" and "entry" not in node.children:
        _atom_metadata_missing(w, node)


def _feed_end(w: Walker, node: Node) -> None:
    if "entry" not in node.children:
        _atom_metadata_missing(w, node)
    entries = node.children.count("entry")
    ids = w.entry_ids
    if entries > 9 and len(ids) == entries and len(set(ids)) == 1:
        w.log(node, "error", "DuplicateIds", "every entry has the same id")
    ext.itunes_channel_end(w, node)


def _source_end(w: Walker, node: Node) -> None:
    _atom_metadata_missing(w, node)


def _entry_end(w: Walker, node: Node) -> None:
    entry_id = node.el.find(f"{{{ATOM}}}id")
    if entry_id is not None:
        w.entry_ids.append((entry_id.text or "").strip())
    for name in ("title", "id", "updated"):
        if name not in node.children:
            w.log(node, "error", "MissingElement", f"missing <{name}>")
    parent_has_author = node.parent is not None and "author" in node.parent.children
    if "author" not in node.children and not parent_has_author and not node.extra.get("author"):
        w.log(node, "error", "MissingElement", "missing <author>")
    content = node.el.find(f"{{{ATOM}}}content")
    if content is not None:
        if "summary" not in node.children:
            kind = content.get("type", "text")
            binary = "/" in kind and not (
                kind.endswith(("+xml", "/xml")) or kind.startswith("text/")
            )
            if content.get("src") is not None or binary:
                w.log(node, "error", "MissingSummary", "needs a <summary>")
    else:
        if "summary" not in node.children:
            w.log(node, "warning", "MissingTextualContent", "should have <summary> or <content>")
        if "alternate" not in _rels(node):
            w.log(
                node, "error", "MissingContentOrAlternate", "needs <content> or an alternate link"
            )
    _duplicate_alternates(w, node)
    ext.itunes_item_end(w, node)


def _source_author(w: Walker, node: Node, name: str) -> None:
    if name == "author" and node.parent is not None:
        node.parent.extra["author"] = True


def _person_end(w: Walker, node: Node) -> None:
    if "name" not in node.children and "atom:name" not in node.children:
        w.log(node, "error", "MissingElement", "missing <name>")


_REL_REGISTERED = words(
    "alternate current describedby edit edit-media enclosure first hub last license next "
    "next-archive payment prev-archive previous related replies search self service up via"
)
_FEED_HISTORY = words("current first last next next-archive prev-archive previous")


def _atom_link(w: Walker, node: Node) -> None:
    if node.text().strip():
        w.log(node, "warning", "AtomLinkNotEmpty", "a link holds no text")
    rel = node.attrs.get("rel", "alternate")
    if "rel" in node.attrs:
        rel = rel.removeprefix("http://www.iana.org/assignments/relation/")
        if rel not in _REL_REGISTERED and _values.uri(rel, full=True):
            w.log(node, "warning", "UnregisteredAtomLinkRel", f"rel {rel!r} is not registered")
        if not rel:
            w.log(node, "warning", "AttrNotBlank", "rel is blank")
        if rel in _FEED_HISTORY and node.parent is not None and node.parent.name == "entry":
            w.log(node, "warning", "FeedHistoryRelInEntry", f"rel {rel!r} belongs to a feed")
    kind = node.attrs.get("type")
    if kind is not None:
        if not _values.mime(kind):
            w.log(node, "error", "InvalidMIMEType", f"type {kind!r}")
        elif rel == "self" and kind.split(";")[0] not in {
            "application/atom+xml",
            "application/rss+xml",
            "application/rdf+xml",
        }:
            w.log(node, "warning", "SelfNotAtom", f"self link type {kind!r}")
    if "title" in node.attrs:
        if not node.attrs["title"]:
            w.log(node, "warning", "AttrNotBlank", "title is blank")
        _html.nonhtml(w, node, node.attrs["title"])
    length = node.attrs.get("length")
    if length is not None and not _values.integer(length, minimum=0):
        w.log(node, "error", "InvalidNonNegativeInteger", f"length {length!r}")
    hreflang = node.attrs.get("hreflang")
    if hreflang is not None and not _values.language(hreflang):
        w.log(node, "error", "InvalidLanguage", f"hreflang {hreflang!r}")
    href = node.attrs.get("href")
    if href is None:
        w.log(node, "error", "MissingHref", "a link needs an href")
    else:
        w.found(node, _values.uri(href, full=False, iri=True))
        parent = node.parent.name if node.parent else ""
        if rel == "self" and parent in {"feed", "channel"} and not _has_base(node, href):
            w.log(node, "warning", "RelativeSelf", f"self link {href!r} is relative")
    thr_count = node.attrs.get("{http://purl.org/syndication/thread/1.0}count")
    if thr_count is not None:
        if rel != "replies":
            w.log(node, "error", "UnexpectedAttribute", "thr:count outside a replies link")
        if not _values.integer(thr_count, minimum=0):
            w.log(node, "error", "InvalidNonNegativeInteger", f"thr:count {thr_count!r}")
    if node.attrs.get("{http://purl.org/syndication/thread/1.0}when") is not None:
        w.log(node, "error", "NoThrWhen", "thr:when is not defined; use thr:updated")
    thr_updated = node.attrs.get("{http://purl.org/syndication/thread/1.0}updated")
    if thr_updated is not None:
        if rel != "replies":
            w.log(node, "error", "UnexpectedAttribute", "thr:updated outside a replies link")
        w.found(node, _values.rfc3339(thr_updated))


def _has_host(uri: str) -> bool:
    from urllib.parse import urlsplit

    try:
        return bool(urlsplit(uri).netloc)
    except ValueError:  # a malformed IPv6 host: reported by the URI check
        return False


def _has_base(node: Node, href: str) -> bool:
    """Whether ``href`` is absolute, or made absolute by an ``xml:base`` around it."""
    if _has_host(href):
        return True
    el: Element | None = node.el
    while el is not None:
        base = el.get(f"{{{XML_NS}}}base")
        if base and _has_host(base):
            return True
        el = el.getparent()
    return False


def _atom_category(w: Walker, node: Node) -> None:
    term = w.required_attr(node, "term")
    if term is not None and not term:
        w.log(node, "warning", "NotBlank", "term is blank")
    scheme = node.attrs.get("scheme")
    if scheme is not None:
        w.found(node, _values.uri(scheme, full=True, iri=True))
    label = node.attrs.get("label")
    if label:
        _html.nonhtml(w, node, label)


def _generator(w: Walker, node: Node) -> None:
    uri = node.attrs.get("uri")
    if uri is not None:
        finding = _values.uri(uri, full=False)
        if finding and finding[0] == "error" and finding[1] in {"InvalidIRI", "InvalidLink"}:
            finding = ("error", "InvalidURIAttribute", finding[2])
        w.found(node, finding)
    if not node.text().strip() and not len(node.el):
        w.log(node, "warning", "NotBlank", "should not be blank")


def _text_construct(w: Walker, node: Node) -> None:
    _html.text_construct(w, node)


PRE: dict[str, Hook] = {
    "rss": _rss,
    "cloud": _cloud,
    "enclosure": _enclosure,
    "source_rss": _source_rss,
    "blink": _blink,
    "atom:link": _atom_link,
    "atom:category": _atom_category,
    "generator": _generator,
    "textconstruct": _text_construct,
    "content": _text_construct,
}
POST: dict[str, Hook] = {
    "rss": _rss_end,
    "channel": _channel_end,
    "item": _item_end,
    "image": _image_end,
    "textinput": _textinput_end,
    "skiphours": _skiphours_end,
    "skipdays": _skipdays_end,
    "feed": _feed_end,
    "source": _source_end,
    "entry": _entry_end,
    "person": _person_end,
}
# Hooks run before a child is dispatched, by (parent kind, child name).
BEFORE: dict[tuple[str, str], list[Before]] = {}


def _before(kind: str, names: Iterable[str], hook: Before) -> None:
    for name in names:
        BEFORE.setdefault((kind, name), []).append(hook)


# Metadata after the entries (and the first entry, when the metadata is complete): W3C
# holds the Atom elements to that order; postfeed also these feed-level extensions.
_FEED_EXTENSIONS = ["fh:complete", "fh:archive", "access:restriction", "creativeCommons:license"]
_before("feed", [*_ATOM_FEED, *_FEED_EXTENSIONS], _feed_before)
_before("source", ["author"], _source_author)
_before("item", ["content:encoded"], _before_description)
_before("channel", ["textInput"], _avoid_text_input)
_CHANNEL_METADATA = words(
    "image textInput link title description category cloud ttl docs generator pubDate "
    "managingEditor webMaster language copyright lastBuildDate skipHours skipDays atom:link"
)
_before("channel", _CHANNEL_METADATA, _channel_metadata)

# The same fact in RSS and in an extension: said twice, readers may show either.
_SAME_FACT = {
    "channel": (
        "DuplicateSemantics",
        [
            ("managingEditor", "dc:creator"),
            ("category", "dc:subject"),
            ("pubDate", "dc:date"),
            ("generator", "admin:generatorAgent"),
            ("webMaster", "dc:publisher"),
            ("language", "dc:language"),
            ("copyright", "dc:rights"),
            ("lastBuildDate", "dcterms:modified"),
            ("creativeCommons:license", "cc:license"),
        ],
    ),
    "item": (
        "DuplicateItemSemantics",
        [
            ("author", "dc:creator"),
            ("category", "dc:subject"),
            ("pubDate", "dc:date"),
            ("pubDate", "atom:published"),
            ("guid", "atom:id"),
            ("source", "dc:source"),
            ("creativeCommons:license", "cc:license"),
        ],
    ),
}


def _same_fact(w: Walker, node: Node, name: str) -> None:
    code, pairs = _SAME_FACT[node.kind]
    for core, extension in pairs:
        other = extension if name == core else core if name == extension else None
        if other is not None and other in node.children:
            w.log(node, "warning", code, f"<{core}> and <{extension}> say the same")
            return


for _kind, (_code, _pairs) in _SAME_FACT.items():
    _before(_kind, {name for pair in _pairs for name in pair}, _same_fact)

# The walk's tables: the RSS and Atom elements above and the extensions' (``_extensions``).
RULES = Rules(
    children={**CHILDREN, **ext.CHILDREN},
    everywhere=ext.EVERYWHERE,
    attrs={**ATTRS, **ext.ATTRS},
    leaves={**LEAVES, **ext.LEAVES},
    pre={**PRE, **ext.PRE},
    before=BEFORE,
    post={**POST, **ext.POST},
    text_ok=TEXT_OK | ext.TEXT_OK,
    no_walk=NO_WALK | ext.NO_WALK,
)
