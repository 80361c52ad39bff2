"""An offline feed checker: the rules of RSS 2.0 and Atom 1.0 as the W3C Feed Validation
Service applies them (with its message class names), and JSON Feed 1.1's.

XML is parsed by lxml with entities never resolved, no DTD loaded and the network never
touched; a document type declaration (and so any entity declaration) is refused from the
parsed document itself, whatever the encoding. Its `_parser` module is the only one of
postfeed that imports lxml.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from postfeed.validator._problem import Level, Problem

if TYPE_CHECKING:
    from postfeed.validator._parser import Element

__all__ = ["Level", "Problem", "check", "errors", "feed_summary", "is_absolute_url", "prepare"]

ATOM = "http://www.w3.org/2005/Atom"
OLD_ATOM = "http://purl.org/atom/ns#"


def prepare() -> None:
    """Load lxml now (see ``xml_formats.prepare``): a forked worker then shares it."""
    from postfeed.validator._parser import load

    load()


def is_absolute_url(value: str) -> bool:
    """Whether the feeds' check takes ``value`` as an absolute URL (an entry's id)."""
    from postfeed.validator._json import is_absolute_url as absolute

    return absolute(value)


def check(data: bytes) -> list[Problem]:
    """Check an RSS 2.0, Atom 1.0 or JSON Feed 1.1 document; return its problems.

    An empty list means no error and no warning.
    """
    return _check(data)[2]


def feed_summary(data: bytes) -> tuple[str, int, list[Problem]]:
    """The document's format (``RSS 2.0``, ``Atom 1.0``, ``JSON Feed``, or ``unknown``),
    its number of entries, and its problems."""
    return _check(data)


def _check(data: bytes) -> tuple[str, int, list[Problem]]:
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"{", b"[")):
        from postfeed.validator._json import check_json

        problems = check_json(data)
        return "JSON Feed", _json_items(data), problems
    found: list[Problem] = _declaration(data)
    from postfeed.validator._parser import ParseError

    try:
        kind, count = _walk(data, found)
    except ParseError as err:
        message = str(err)
        if "nsupported encoding" in message:
            code = "UnknownEncoding"
        elif "ncoding" in message or "UTF" in message:
            code = "UnicodeError"
        else:
            code = "SAXError"
        found.append(Problem("error", f"not well-formed XML: {message}", code, err.line))
        return "unknown", 0, found
    return kind, count, found


_DECLARATION = re.compile(
    rb"<\?xml\s+version\s*=\s*['\"]([-a-zA-Z0-9_.:]*)['\"]"
    rb"(?:\s+encoding\s*=\s*['\"]([A-Za-z][A-Za-z0-9._-]*)['\"])?"
)


def _declaration(data: bytes) -> list[Problem]:
    """What W3C reads from the XML declaration itself: the version, and an encoding that
    contradicts a UTF-8 byte order mark (the parser believes the mark)."""
    problems = []
    bom = data.startswith(b"\xef\xbb\xbf")
    match = _DECLARATION.match(data[3:] if bom else data)
    if match:
        version, encoding = match.group(1), match.group(2)
        if version != b"1.0":
            message = f"XML version {version.decode('ascii', 'replace')}: feeds are XML 1.0"
            problems.append(Problem("error", message, "BadXmlVersion", 1))
        if bom and encoding and encoding.lower().replace(b"_", b"-") not in {b"utf-8", b"utf8"}:
            message = f"a UTF-8 byte order mark, but the declaration says {encoding.decode()}"
            problems.append(Problem("error", message, "UnicodeError", 1))
    return problems


def _walk(data: bytes, found: list[Problem]) -> tuple[str, int]:
    """Check the document as it is parsed: each item or entry is checked when it is
    complete, then dropped, so memory holds one entry's tree, not the whole feed's."""
    from postfeed.validator._parser import events
    from postfeed.validator._walker import Node, Walker

    def report(level: Level, code: str, message: str, line: int | None) -> None:
        found.append(Problem(level, message, code, line))

    walker: Walker | None = None
    root: Node | None = None
    container: Node | None = None  # the channel or feed whose entries stream past
    entry_tag, kind, count = "", "unknown", 0
    declared: list[tuple[str, str]] = []  # namespace declarations of the next start tag
    for event, item in events(data):
        if event == "start-ns":
            declared.append(item)
            continue
        el = item
        if walker is None or root is None:
            docinfo = el.getroottree().docinfo
            if docinfo.internalDTD is not None or docinfo.externalDTD is not None:
                # A document type declaration is where entities are declared: none in a feed.
                netscape = docinfo.public_id == "-//Netscape Communications//DTD RSS 0.91//EN"
                message = "a document type declaration (DTD) is not allowed in a feed"
                code = "DeprecatedDTD" if netscape else "InvalidDoctype"
                found.append(Problem("error", message, code, 1))
                return "unknown", 0
            root_kind = _root_kind(el, found)
            if root_kind is None:
                return "unknown", 0
            walker = Walker(report, "rss" if root_kind == "rss" else "atom", data)
            name = {"rss": "rss", "atom": "feed", "entry": "entry"}[root_kind]
            top = Node(el, "root", "root", None)
            top.children.append(name)
            root = Node(el, name, name, top)
            for prefix, uri in declared:
                walker.namespace(prefix or "", uri, root.line)
            declared.clear()
            walker.open(root)
            kind = "RSS 2.0" if root_kind == "rss" else "Atom 1.0"
            if root_kind == "atom":
                container, entry_tag = root, f"{{{ATOM}}}entry"
            elif root_kind == "entry":
                count = 1
            continue
        if event == "start":
            for prefix, uri in declared:
                walker.namespace(prefix or "", uri, el.sourceline)
            declared.clear()
            if container is None and el.tag == "channel" and el.getparent() is root.el:
                container = walker.visit_children(root, stop=el, open_only=True)
                entry_tag = "item"
            continue
        if container is not None and el.tag == entry_tag and el.getparent() is container.el:
            walker.visit_children(container, stop=el)
            el.clear(keep_tail=True)
            count += 1
        elif container is not None and el is container.el:
            walker.close(container)
        if el is root.el and container is not root:
            walker.close(root)
    return kind, count


def _root_kind(root: Element, problems: list[Problem]) -> str | None:
    from postfeed.validator._names import line_of

    tag = root.tag if isinstance(root.tag, str) else ""
    uri, _, local = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    line = line_of(root)
    if local == "rss":
        if uri:
            problems.append(
                Problem("error", f"<rss> in namespace {uri!r}", "InvalidNamespace", line)
            )
            return None
        return "rss"
    if local in {"feed", "entry"}:
        if uri == ATOM:
            return "atom" if local == "feed" else "entry"
        if uri == OLD_ATOM:
            problems.append(
                Problem("error", "Atom 0.3 namespace: use Atom 1.0", "ObsoleteNamespace", line)
            )
        elif not uri:
            problems.append(
                Problem("error", f"<{local}> has no namespace", "MissingNamespace", line)
            )
        else:
            problems.append(
                Problem("error", f"<{local}> in namespace {uri!r}", "InvalidNamespace", line)
            )
        return None
    problems.append(
        Problem(
            "error",
            f"not an RSS 2.0 or Atom 1.0 feed (root element <{local}>)",
            "UndefinedElement",
            line,
        )
    )
    return None


def _json_items(data: bytes) -> int:
    import json

    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (ValueError, RecursionError):  # not JSON, or nested too deep to count
        return 0
    items = document.get("items") if isinstance(document, dict) else None
    return len(items) if isinstance(items, list) else 0


def errors(problems: Iterable[Problem]) -> list[Problem]:
    """Only the errors."""
    return [problem for problem in problems if problem.level == "error"]
