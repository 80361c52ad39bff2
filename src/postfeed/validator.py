"""An offline feed checker: the rules of RSS 2.0, Atom 1.0 and JSON Feed 1.1 a generator can
break, as the W3C Feed Validation Service and the JSON Feed 1.1 spec state them.

XML is parsed with a hardened lxml parser: a DTD or entity declaration is refused before
parsing, entities are never resolved and the network is never touched. This is the only
module that imports lxml.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

from postfeed._text import XML_ILLEGAL, is_language_code
from postfeed.links import is_broken_uuid_urn

if TYPE_CHECKING:
    from lxml import etree

ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
JSON_FEED_VERSIONS = ("https://jsonfeed.org/version/1.1", "https://jsonfeed.org/version/1")

Level = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a feed document: ``error`` or ``warning``, and a one-line message."""

    level: Level
    message: str

    def __str__(self) -> str:
        return f"{self.level}: {self.message}"


def prepare() -> None:
    """Load lxml and make the parser now (see ``xml_formats.prepare``)."""
    _parser()


@functools.cache
def _parser() -> etree.XMLParser:
    """The hardened parser, made on first use (lxml is loaded only to check XML)."""
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        recover=False,
    )


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")  # not strftime: the locale varies
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_RFC822 = re.compile(
    r"^(?:(?P<dow>Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(?P<day>\d\d?) "
    r"(?P<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (?P<year>\d{4}) "
    r"\d\d:\d\d(?::\d\d)? (?:[+-]\d\d[03]0|UT|GMT|EST|EDT|CST|CDT|MST|MDT|PST|PDT|Z)$"
)
_RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$")
_EMAIL_FORM = re.compile(r"^[^@\s()<>]+@[^@\s()<>]+\.[^@\s()<>]+(?: \([^()]*\))?$")
_IRI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
_URL_ATTR = re.compile(r"""\s(?:href|src)\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)


def is_absolute_url(value: str) -> bool:
    """An absolute URL with a scheme and, for http(s), a host; no spaces."""
    if not value or any(c.isspace() for c in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:  # "http://[::1": never an exception out of a check
        return False
    if parts.scheme in {"http", "https"}:
        return bool(parts.netloc)
    return bool(parts.scheme) and bool(_IRI_SCHEME.match(value))


def _valid_rfc822(value: str) -> str | None:
    """None when ``value`` is a valid RFC 822 date as feeds write it, else why not."""
    match = _RFC822.match(value)
    if match is None:
        return f"{value!r} is not an RFC 822 date"
    try:
        month = _MONTHS.index(match.group("mon")) + 1
        day = dt.date(int(match.group("year")), month, int(match.group("day")))
    except ValueError:
        return f"{value!r} is not a real date"
    if match.group("dow") and _DAYS[day.weekday()] != match.group("dow"):
        return f"{value!r} has the wrong day of the week"
    return None


def _valid_rfc3339(value: str) -> str | None:
    if not _RFC3339.match(value):
        return f"{value!r} is not an RFC 3339 date"
    try:
        dt.datetime.fromisoformat(value)
    except ValueError:
        return f"{value!r} is not a real date"
    return None


class _Report:
    """Collects problems; ``where`` prefixes say which element they are about."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def error(self, where: str, message: str) -> None:
        self.problems.append(Problem("error", f"{where}: {message}"))

    def warning(self, where: str, message: str) -> None:
        self.problems.append(Problem("warning", f"{where}: {message}"))

    def url(self, where: str, value: str | None, *, required: bool = False) -> None:
        if value is None:
            if required:
                self.error(where, "missing URL")
        elif not is_absolute_url(value.strip()):
            self.error(where, f"{value!r} is not an absolute URL")

    def relative_refs(self, where: str, markup: str | None) -> None:
        for ref in _URL_ATTR.findall(markup or ""):
            if not ref.startswith("#") and not urlsplit(ref).scheme and not ref.startswith("//"):
                self.warning(where, f"relative URL {ref!r} in HTML content")
                return


def check(data: bytes) -> list[Problem]:
    """Check an RSS 2.0, Atom 1.0 or JSON Feed 1.1 document; return its problems.

    An empty list means no error and no warning.
    """
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    report = _Report()
    if head.startswith((b"{", b"[")):
        _check_json(data, report)
        return report.problems
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        report.error("document", "DTD or entity declarations are not allowed in a feed")
        return report.problems
    from lxml import etree

    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as err:
        report.error("document", f"not well-formed XML: {' '.join(str(err).split())}")
        return report.problems
    if root.tag == "rss":
        _check_rss(root, report)
    elif root.tag == f"{{{ATOM}}}feed":
        _check_atom(root, report)
    else:
        report.error("document", f"not an RSS 2.0 or Atom 1.0 feed (root element {root.tag!r})")
    return report.problems


# ---- RSS 2.0 -------------------------------------------------------------------------


def _text(element: etree._Element | None) -> str | None:
    return None if element is None else (element.text or "")


def _once(parent: etree._Element, tag: str, where: str, report: _Report) -> str | None:
    found = parent.findall(tag)
    if len(found) > 1:
        report.error(where, f"more than one <{_short(tag)}>")
    return _text(found[0]) if found else None


def _short(tag: str) -> str:
    return tag.replace(f"{{{ATOM}}}", "atom:").replace(f"{{{CONTENT}}}", "content:")


def _required_text(value: str | None, where: str, name: str, report: _Report) -> None:
    if value is None:
        report.error(where, f"missing <{name}>")
    elif not value.strip():
        report.error(where, f"<{name}> is empty")


def _rss_date(value: str | None, where: str, report: _Report) -> None:
    if value is not None:
        problem = _valid_rfc822(value.strip())
        if problem:
            report.error(where, problem)


def _check_rss(root: etree._Element, report: _Report) -> None:
    if root.get("version") != "2.0":
        report.error("rss", f"version must be 2.0, not {root.get('version')!r}")
    channels = root.findall("channel")
    if len(channels) != 1:
        report.error("rss", f"must hold exactly one <channel>, not {len(channels)}")
        return
    channel = channels[0]
    where = "channel"
    for name in ("title", "link", "description"):
        _required_text(_once(channel, name, where, report), where, name, report)
    report.url(f"{where}/link", _text(channel.find("link")))
    for name in ("pubDate", "lastBuildDate"):
        _rss_date(_once(channel, name, where, report), f"{where}/{name}", report)
    for name in ("managingEditor", "webMaster"):
        value = _once(channel, name, where, report)
        if value is not None and not _EMAIL_FORM.match(value.strip()):
            report.error(f"{where}/{name}", f"{value!r} must be an e-mail address")
    language = _once(channel, "language", where, report)
    if language is not None and not is_language_code(language.strip()):
        report.warning(f"{where}/language", f"{language!r} is not a language code")
    _check_self_link(channel.findall(f"{{{ATOM}}}link"), where, "application/rss+xml", report)
    image = channel.find("image")
    if image is not None:
        for name in ("url", "title", "link"):
            _required_text(_text(image.find(name)), f"{where}/image", name, report)
        report.url(f"{where}/image/url", _text(image.find("url")))
    guids: Counter[str] = Counter()
    for index, item in enumerate(channel.findall("item"), start=1):
        _check_rss_item(item, f"{where}/item[{index}]", guids, report)
    for guid, count in guids.items():
        if count > 1:
            report.error(where, f"guid {guid!r} is used by {count} items")


def _check_rss_item(item: etree._Element, where: str, guids: Counter[str], report: _Report) -> None:
    title = _once(item, "title", where, report)
    description = _once(item, "description", where, report)
    if not (title or "").strip() and not (description or "").strip():
        report.error(where, "an item needs a <title> or a <description>")
    link = _once(item, "link", where, report)
    if link is not None:
        report.url(f"{where}/link", link.strip())
    guid_elements = item.findall("guid")
    if len(guid_elements) > 1:
        report.error(where, "more than one <guid>")
    if not guid_elements:
        report.warning(where, "an item should have a <guid>")
    else:
        guid = (guid_elements[0].text or "").strip()
        permalink = guid_elements[0].get("isPermaLink", "true")
        if not guid:
            report.error(f"{where}/guid", "<guid> is empty")
        elif permalink not in {"true", "false"}:
            report.error(f"{where}/guid", f"isPermaLink must be true or false, not {permalink!r}")
        elif permalink == "true" and not is_absolute_url(guid):
            report.error(f"{where}/guid", f"{guid!r} is not a URL but isPermaLink is true")
        guids[guid] += 1
    _rss_date(_once(item, "pubDate", where, report), f"{where}/pubDate", report)
    for author in item.findall("author"):
        value = (author.text or "").strip()
        if not _EMAIL_FORM.match(value):
            report.error(f"{where}/author", f"{value!r} must be an e-mail address")
    for category in item.findall("category"):
        if not (category.text or "").strip():
            report.error(f"{where}/category", "<category> is empty")
    report.relative_refs(f"{where}/description", description)
    report.relative_refs(
        f"{where}/content:encoded", _once(item, f"{{{CONTENT}}}encoded", where, report)
    )


def _check_self_link(
    links: list[etree._Element], where: str, media_type: str, report: _Report
) -> None:
    selves = [link for link in links if link.get("rel") == "self"]
    if not selves:
        report.warning(where, 'missing a link with rel="self" (the feed\'s own URL)')
        return
    if len(selves) > 1:
        report.error(where, 'more than one link with rel="self"')
    href = selves[0].get("href")
    report.url(f"{where}/link[@rel=self]", href, required=True)
    if selves[0].get("type") not in {None, media_type}:
        report.warning(where, f"self link type should be {media_type}")


# ---- Atom 1.0 ------------------------------------------------------------------------


def _a(name: str) -> str:
    return f"{{{ATOM}}}{name}"


def _atom_id(value: str | None, where: str, report: _Report) -> None:
    if value is None:
        report.error(where, "missing <id>")
    elif not _IRI_SCHEME.match(value.strip()):
        report.error(f"{where}/id", f"{value!r} is not an absolute IRI")
    elif is_broken_uuid_urn(value.strip()):
        report.error(f"{where}/id", f"{value!r} is not a valid UUID URN")


def _atom_date(value: str | None, where: str, name: str, report: _Report, required: bool) -> None:
    if value is None:
        if required:
            report.error(where, f"missing <{name}>")
        return
    problem = _valid_rfc3339(value.strip())
    if problem:
        report.error(f"{where}/{name}", problem)


def _atom_people(parent: etree._Element, where: str, report: _Report) -> bool:
    authors = parent.findall(_a("author"))
    for author in authors:
        name = author.find(_a("name"))
        if name is None or not (name.text or "").strip():
            report.error(f"{where}/author", "an author needs a <name>")
        email = author.find(_a("email"))
        if email is not None and not _EMAIL_FORM.match((email.text or "").strip()):
            report.error(f"{where}/author/email", f"{email.text!r} is not an e-mail address")
    return bool(authors)


def _atom_text(element: etree._Element | None, where: str, report: _Report) -> None:
    if element is None:
        return
    kind = element.get("type", "text")
    if kind in {"text", "html"}:
        if len(element):
            report.error(where, f'type="{kind}" content must be escaped text, not elements')
        if kind == "html":
            report.relative_refs(where, element.text)
    elif kind != "xhtml" and "/" not in kind:
        report.error(where, f"type {kind!r} is not text, html, xhtml or a media type")


def _atom_links(parent: etree._Element, where: str, report: _Report) -> list[etree._Element]:
    links = parent.findall(_a("link"))
    alternates: Counter[tuple[str | None, str | None]] = Counter()
    for link in links:
        href = link.get("href")
        if href is None:
            report.error(f"{where}/link", "a link needs an href")
        elif not is_absolute_url(href):
            report.warning(f"{where}/link", f"{href!r} is not an absolute URL")
        if link.get("rel", "alternate") == "alternate":
            alternates[(link.get("type"), link.get("hreflang"))] += 1
    if any(count > 1 for count in alternates.values()):
        report.error(where, "more than one alternate link of the same type and language")
    return [link for link in links if link.get("rel", "alternate") == "alternate"]


def _check_atom(root: etree._Element, report: _Report) -> None:
    where = "feed"
    _atom_id(_once(root, _a("id"), where, report), where, report)
    _required_text(_once(root, _a("title"), where, report), where, "title", report)
    _atom_date(_once(root, _a("updated"), where, report), where, "updated", report, True)
    feed_author = _atom_people(root, where, report)
    _check_self_link(root.findall(_a("link")), where, "application/atom+xml", report)
    _atom_links(root, where, report)
    for name in ("icon", "logo"):
        report.url(f"{where}/{name}", _once(root, _a(name), where, report))
    ids: Counter[str] = Counter()
    updated_texts: dict[str, int] = {}
    for index, entry in enumerate(root.findall(_a("entry")), start=1):
        here = f"{where}/entry[{index}]"
        entry_id = _once(entry, _a("id"), here, report)
        _atom_id(entry_id, here, report)
        if entry_id:
            ids[entry_id.strip()] += 1
        _required_text(_once(entry, _a("title"), here, report), here, "title", report)
        updated = _once(entry, _a("updated"), here, report)
        _atom_date(updated, here, "updated", report, True)
        if updated and updated.strip():  # the W3C validator compares the texts
            first = updated_texts.setdefault(updated.strip(), index)
            if first != index:
                report.warning(f"{here}/updated", f"the same <updated> as entry {first}")
        _atom_date(_once(entry, _a("published"), here, report), here, "published", report, False)
        if not _atom_people(entry, here, report) and not feed_author:
            report.error(here, "no <author> in the entry or the feed")
        alternates = _atom_links(entry, here, report)
        content = entry.find(_a("content"))
        if content is None and not alternates:
            report.error(here, "an entry needs <content> or an alternate link")
        _atom_text(content, f"{here}/content", report)
        _atom_text(entry.find(_a("summary")), f"{here}/summary", report)
        for category in entry.findall(_a("category")):
            if not (category.get("term") or "").strip():
                report.error(f"{here}/category", "a category needs a term")
    for entry_id, count in ids.items():
        if count > 1:
            report.error(where, f"id {entry_id!r} is used by {count} entries")


# ---- JSON Feed 1.1 -------------------------------------------------------------------


def _json_strings(value: object, path: str, report: _Report) -> None:
    """Every string in the document must be free of characters no feed may carry."""
    if isinstance(value, str):
        if XML_ILLEGAL.search(value):
            report.error(path, "contains a control character or lone surrogate")
    elif isinstance(value, dict):
        for key, item in value.items():
            _json_strings(item, f"{path}.{key}", report)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _json_strings(item, f"{path}[{index}]", report)


def _json_field(
    obj: dict[str, object],
    key: str,
    path: str,
    report: _Report,
    *,
    required: bool = False,
    kind: type | tuple[type, ...] = str,
    check: Callable[[str, str], None] | None = None,
) -> object:
    if key not in obj:
        if required:
            report.error(path, f"missing required {key!r}")
        return None
    value = obj[key]
    if not isinstance(value, kind) or isinstance(value, bool):
        report.error(f"{path}.{key}", f"must be a {getattr(kind, '__name__', 'value')}")
        return None
    if check is not None and isinstance(value, str):
        check(value, f"{path}.{key}")
    return value


def _json_authors(obj: dict[str, object], path: str, report: _Report) -> None:
    authors = _json_field(obj, "authors", path, report, kind=list)
    for index, author in enumerate(authors if isinstance(authors, list) else []):
        here = f"{path}.authors[{index}]"
        if not isinstance(author, dict):
            report.error(here, "an author must be an object")
            continue
        if not any(key in author for key in ("name", "url", "avatar")):
            report.error(here, "an author needs a name, url or avatar")
        _json_field(author, "name", here, report)
        for key in ("url", "avatar"):
            _json_field(author, key, here, report, check=lambda v, w: report.url(w, v))


def _check_json(data: bytes, report: _Report) -> None:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as err:
        report.error("document", f"not valid UTF-8 JSON: {err}")
        return
    if not isinstance(document, dict):
        report.error("document", "a JSON Feed must be an object")
        return
    path = "feed"
    _json_strings(document, path, report)
    version = _json_field(document, "version", path, report, required=True)
    if isinstance(version, str) and version not in JSON_FEED_VERSIONS:
        report.error(f"{path}.version", f"{version!r} is not a JSON Feed version URL")
    title = _json_field(document, "title", path, report, required=True)
    if isinstance(title, str) and not title.strip():
        report.error(f"{path}.title", "is empty")
    url_check = lambda v, w: report.url(w, v)  # noqa: E731
    for key in ("home_page_url", "feed_url"):
        if key not in document:
            report.warning(path, f"should have {key!r}")
        _json_field(document, key, path, report, check=url_check)
    for key in ("icon", "favicon", "next_url"):
        _json_field(document, key, path, report, check=url_check)
    for key in ("description", "user_comment", "language"):
        _json_field(document, key, path, report)
    _json_authors(document, path, report)
    items = _json_field(document, "items", path, report, required=True, kind=list)
    ids: Counter[str] = Counter()
    for index, item in enumerate(items if isinstance(items, list) else []):
        _check_json_item(item, f"{path}.items[{index}]", ids, report)
    for item_id, count in ids.items():
        if count > 1:
            report.error(path, f"id {item_id!r} is used by {count} items")


def _check_json_item(item: object, path: str, ids: Counter[str], report: _Report) -> None:
    if not isinstance(item, dict):
        report.error(path, "an item must be an object")
        return
    item_id = _json_field(item, "id", path, report, required=True)
    if isinstance(item_id, str):
        if not item_id.strip():
            report.error(f"{path}.id", "is empty")
        ids[item_id] += 1
    if "content_html" not in item and "content_text" not in item:
        report.error(path, "an item needs content_html or content_text")
    url_check = lambda v, w: report.url(w, v)  # noqa: E731
    for key in ("url", "external_url", "image", "banner_image"):
        _json_field(item, key, path, report, check=url_check)
    for key in ("title", "summary", "content_text", "language"):
        _json_field(item, key, path, report)
    html = _json_field(item, "content_html", path, report)
    report.relative_refs(f"{path}.content_html", html if isinstance(html, str) else None)
    for key in ("date_published", "date_modified"):
        _json_field(
            item,
            key,
            path,
            report,
            check=lambda v, w: _report_problem(report, w, _valid_rfc3339(v)),
        )
    tags = _json_field(item, "tags", path, report, kind=list)
    if isinstance(tags, list) and not all(isinstance(tag, str) for tag in tags):
        report.error(f"{path}.tags", "must be a list of strings")
    _json_authors(item, path, report)


def _report_problem(report: _Report, where: str, problem: str | None) -> None:
    if problem:
        report.error(where, problem)


def errors(problems: Iterable[Problem]) -> list[Problem]:
    """Only the errors."""
    return [problem for problem in problems if problem.level == "error"]
