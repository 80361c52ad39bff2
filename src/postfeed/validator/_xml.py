"""Reading an RSS 2.0 or Atom 1.0 document: the hardened parse, the names W3C gives
namespaces and elements, and the walk that hands each element to its rules.

The parser is lxml (this is the only module of postfeed that imports it): entities are never
resolved, no DTD is loaded and the network is never used, and a document type declaration
(and so any entity declaration) is refused from the parsed document itself, whatever the
encoding. The parser streams (``iterparse``), so a check holds one entry's tree at a time,
not the feed's. ``huge_tree`` lifts libxml2's default depth (256) and text-size (10 MB)
limits, which valid feeds can pass; it is safe because no entity is ever expanded.

The walk visits each element once, names it as W3C names it and reads it by its *kind*. A
container kind names the children it allows (``Rules.children``), a leaf kind checks its
text (``Rules.leaves``); hooks run when an element opens (``Rules.pre``: its attributes),
before a child is dispatched (``Rules.before``) and when it closes (``Rules.post``: what
it lacks). Names follow W3C's: an element of the feed's own vocabulary by its local name,
one of a known extension by ``prefix:local`` (``dc:creator``, ``atom:link``). Elements of
namespaces postfeed does not know are extensions and accepted as they are. The rules
themselves are ``_rules.RULES``, passed in: this module knows no element.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import TYPE_CHECKING, Any

import postfeed.validator._values as _values
from postfeed.validator._values import Finding, Level, Problem

if TYPE_CHECKING:
    from lxml import etree

    Element = etree._Element

# ---- namespaces --------------------------------------------------------------------------

ATOM = "http://www.w3.org/2005/Atom"
MEDIA = "http://search.yahoo.com/mrss/"
XHTML = "http://www.w3.org/1999/xhtml"
XML_NS = "http://www.w3.org/XML/1998/namespace"
OLD_ATOM = "http://purl.org/atom/ns#"
SVG = "http://www.w3.org/2000/svg"
MATHML = "http://www.w3.org/1998/Math/MathML"

# Namespaces W3C knows, by the prefix its messages use (the specs' own prefixes).
PREFIXES = {
    "http://www.w3.org/2005/Atom": "atom",
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://purl.org/dc/terms/": "dcterms",
    "http://www.itunes.com/dtds/podcast-1.0.dtd": "itunes",
    "http://search.yahoo.com/mrss/": "media",
    "http://purl.org/rss/1.0/modules/syndication/": "sy",
    "http://purl.org/rss/1.0/modules/slash/": "slash",
    "http://wellformedweb.org/CommentAPI/": "wfw",
    "http://webns.net/mvcb/": "admin",
    "http://purl.org/syndication/thread/1.0": "thr",
    "http://purl.org/syndication/history/1.0": "fh",
    "http://www.w3.org/1999/xhtml": "xhtml",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf",
    "http://backend.userland.com/creativeCommonsRssModule": "creativeCommons",
    "http://web.resource.org/cc/": "cc",
    "http://madskills.com/public/xml/rss/module/trackback/": "trackback",
    "http://www.georss.org/georss": "georss",
    "http://www.w3.org/2003/01/geo/wgs84_pos#": "geo",
    "http://rssnamespace.org/feedburner/ext/1.0": "feedburner",
    "http://www.w3.org/2007/app": "app",
    "http://backend.userland.com/blogChannelModule": "blogChannel",
    "http://purl.org/rss/1.0/modules/event/": "ev",
    "http://www.microsoft.com/schemas/rss/core/2005": "cf",
    "http://www.bloglines.com/about/specs/fac-1.0": "access",
    "http://a9.com/-/spec/opensearch/1.1/": "opensearch",
    "http://a9.com/-/spec/opensearchrss/1.0/": "opensearch10",
    "http://purl.org/rss/1.0/": "rss1",
    "http://purl.org/rss/1.0/modules/taxonomy/": "taxo",
    "http://purl.org/rss/1.0/modules/annotate/": "annotate",
    "http://purl.org/rss/1.0/modules/aggregation/": "ag",
    "http://www.w3.org/2000/01/rdf-schema#": "rdfs",
    "http://xmlns.com/foaf/0.1/": "foaf",
    "http://purl.org/rss/1.0/modules/link/": "l",
    "http://my.theinfo.org/changed/1.0/rss/": "cp",
    "http://base.google.com/ns/1.0": "g",
    "http://feedsync.org/2007/feedsync": "sx",
    "http://conversationsnetwork.org/rssNamespace-1.0/": "conversationsNetwork",
    "http://www.w3.org/2000/svg": "svg",
    "http://www.w3.org/1998/Math/MathML": "mathml",
    "http://purl.org/rss/1.0/modules/wiki/": "wiki",
    "http://purl.org/rss/1.0/modules/threading/": "thr",
    "http://postneo.com/icbm": "icbm",
    "http://geourl.org/rss/module/": "geourl",
    "http://www.opengis.net/gml": "gml",
    "urn:atom-extension:indexing": "indexing",
    "http://www.w3.org/XML/1998/namespace": "xml",
    "http://media.tangent.org/rss/1.0/": "audio",
    "http://purl.org/rss/1.0/modules/company": "company",
    "http://purl.org/rss/1.0/modules/email/": "email",
    "http://purl.org/rss/1.0/modules/image/": "image",
    "http://www.opml.org/spec2": "opml",
    "http://purl.org/rss/1.0/modules/reference/": "ref",
    "http://purl.org/rss/1.0/modules/richequiv/": "reqv",
    "http://purl.org/rss/1.0/modules/rss091#": "rss091",
    "http://purl.org/rss/1.0/modules/search/": "search",
    "http://purl.org/rss/1.0/modules/servicestatus/": "ss",
    "http://hacks.benhammersley.com/rss/streaming/": "str",
    "http://purl.org/rss/1.0/modules/subscription/": "sub",
    "http://www.usemod.com/cgi-bin/mb.pl?ModWiki": "wiki",
    "http://schemas.xmlsoap.org/soap/envelope/": "soap",
    "http://my.netscape.com/rdf/simple/0.9/": "rss090",
    "http://purl.org/net/rss1.1#": "rss11",
    "http://openid.net/xmlns/1.0": "openid",
    "http://earth.google.com/kml/2.0": "kml20",
    "http://earth.google.com/kml/2.1": "kml21",
    "http://www.opengis.net/kml/2.2": "kml22",
    "http://www.w3.org/1999/xlink": "xlink",
    "xri://$xrd*($v*2.0)": "xrd",
    "xri://$xrds": "xrds",
}
# Vocabularies W3C knows of but does not check: declaring them is not a warning.
UNCHECKED = frozenset(
    {
        "http://schemas.google.com/g/2005",
        "http://www.rawvoice.com/rawvoiceRssModule/",
        "https://schema.org/",
        "http://schema.org/",
        "https://podcastindex.org/namespace/1.0",
        "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md",
    }
)
STANDARD_PREFIXES = frozenset(PREFIXES.values())


def near(uri: str) -> str:
    """W3C's 'near miss' form of a namespace: up to its last word character, lower-cased."""
    end = len(uri)
    while end and not (uri[end - 1].isalnum() or uri[end - 1] == "_"):
        end -= 1
    return uri[:end].lower()


NEAR = {near(uri): prefix for uri, prefix in PREFIXES.items()}
# Extensions whose vocabulary postfeed checks: any other element in them is undefined.
STRICT = frozenset(
    {"atom", "content", "dc", "dcterms", "itunes", "media", "sy", "slash", "wfw", "trackback"}
    | {"sx", "feedburner", "thr", "conversationsNetwork", "fh", "blogChannel", "admin", "access"}
)


def line_of(el: Element) -> int | None:
    """The element's line in the document (lxml says None when it does not know)."""
    line = el.sourceline
    return line if isinstance(line, int) else None


# ---- the parser --------------------------------------------------------------------------


class ParseError(ValueError):
    """The document is not well-formed XML (the parser's message and line)."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


def load() -> None:
    """Import lxml now (before forking workers, which then share it)."""
    from lxml import etree  # noqa: F401


def events(data: bytes) -> Iterator[tuple[str, Any]]:
    """``start-ns`` (prefix, uri), ``start`` and ``end`` (element) events, in order."""
    from lxml import etree

    parsed = etree.iterparse(
        BytesIO(data),
        events=("start-ns", "start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=True,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        yield from parsed
    except etree.XMLSyntaxError as err:
        line = err.lineno if isinstance(err.lineno, int) else None
        raise ParseError(" ".join(str(err).split()), line) from err


# ---- a document --------------------------------------------------------------------------


def check(data: bytes, rules: Rules) -> tuple[str, int, list[Problem]]:
    """Check an XML feed by ``rules``: its format (``RSS 2.0``, ``Atom 1.0`` or
    ``unknown``), its number of entries, and its problems."""
    found: list[Problem] = _declaration(data)
    try:
        kind, count = _walk(data, rules, found)
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


def _walk(data: bytes, rules: Rules, found: list[Problem]) -> tuple[str, int]:
    """Check the document as it is parsed: each item or entry is checked when it is
    complete, then dropped, so memory holds one entry's tree, not the whole feed's."""

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
            walker = Walker(report, "rss" if root_kind == "rss" else "atom", rules, data)
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


# ---- the walk ----------------------------------------------------------------------------

Report = Callable[[Level, str, str, int | None], None]
# An element's kind and its flags: "once" (at most one in its parent), "unique" (no other
# entry has its value), "nonblank" (a warning when blank), "nows" (an error for whitespace
# around the value), "raw" (the value is read unstripped).
Spec = tuple[str, frozenset[str]]
Leaf = Callable[["Walker", "Node", str], None]
Hook = Callable[["Walker", "Node"], None]
Before = Callable[["Walker", "Node", str], None]


@dataclass(frozen=True)
class Rules:
    """What the walk reads a document by, kind by kind (see the module docstring)."""

    children: Mapping[str, Mapping[str, Spec]]  # container kind -> child name -> spec
    everywhere: Mapping[str, Spec]  # children any container allows (Dublin Core, ...)
    attrs: Mapping[str, frozenset[str]]  # kind -> the attributes it allows
    leaves: Mapping[str, Leaf]  # leaf kind -> the check of its text
    pre: Mapping[str, Hook]  # kind -> run when the element opens
    before: Mapping[tuple[str, str], Sequence[Before]]  # (kind, child name) -> run first
    post: Mapping[str, Hook]  # kind -> run when the element closes
    text_ok: frozenset[str]  # kinds whose own text is not a mistake
    no_walk: frozenset[str]  # kinds whose children their hooks read, not the walk


_XML_LANG = f"{{{XML_NS}}}lang"


class Node:
    """One element as the walk sees it: its W3C name, parent and the children seen so far."""

    __slots__ = (
        "attrs",
        "children",
        "el",
        "extra",
        "kind",
        "lang",
        "last",
        "line",
        "name",
        "parent",
    )

    def __init__(self, el: Element, name: str, kind: str, parent: Node | None) -> None:
        self.el = el
        self.name = name
        self.kind = kind
        self.parent = parent
        self.children: list[str] = []
        self.last: Element | None = None  # the last child element dispatched
        self.line = line_of(el)
        # lxml gives str keys and values for a parsed document (bytes only for bytes input)
        self.attrs: dict[str, str] = dict(el.attrib)  # type: ignore[arg-type]
        self.extra: dict[str, object] = {}
        inherited = parent.lang if parent is not None else None
        self.lang: str | None = self.attrs.get(_XML_LANG, inherited) if self.attrs else inherited

    def text(self) -> str:
        """The element's own character data (text between its children included)."""
        if not len(self.el):
            return self.el.text or ""
        parts = [self.el.text or ""]
        parts.extend(child.tail or "" for child in self.el)
        return "".join(parts)

    def path(self) -> str:
        names = []
        node: Node | None = self
        while node is not None and node.name != "root":
            names.append(node.name)
            node = node.parent
        return "/".join(reversed(names))


_EMPTY: dict[str, Spec] = {}
# C1 controls and the replacement character: text decoded with the wrong encoding.
_BAD_CHARACTERS = re.compile("[\x80-\x9f\ufffd]")


class Walker:
    """Visits a document's elements (see the module docstring) and reports each problem
    through ``report(level, code, message, line)``."""

    def __init__(self, report: Report, feed_type: str, rules: Rules, data: bytes = b"") -> None:
        self.report = report
        self.rules = rules
        self.data = data
        self._hex_lines: set[int] | None = None
        self.feed_type = feed_type  # "rss" or "atom"
        self.default_ns = "" if feed_type == "rss" else ATOM
        self.unique: dict[tuple[int, str], set[str]] = {}
        self.names: dict[str, str] = {}  # lxml tag -> W3C name, for the tags seen so far
        self.entry_ids: list[str] = []

    def namespace(self, prefix: str, uri: str, line: int | None) -> None:
        """A namespace declaration: W3C warns about unknown vocabularies and misused prefixes."""
        where = f"xmlns:{prefix}" if prefix else "xmlns"
        standard = PREFIXES.get(uri)
        if prefix in STANDARD_PREFIXES and standard != prefix:
            if uri == "http://search.yahoo.com/mrss":
                message = f"{where}: Media RSS is {MEDIA!r} (with the final /)"
                self.report("error", "MediaRssNamespace", message, line)
            else:
                message = f"{where}: the prefix {prefix!r} is for another namespace"
                self.report("warning", "ReservedPrefix", message, line)
        elif standard is not None:
            if prefix and standard in {"atom", "xhtml"} and self.feed_type == "atom":
                message = f"{where}: write Atom and XHTML in the default namespace"
                self.report("warning", "AvoidNamespacePrefix", message, line)
        elif uri == "http://search.yahoo.com/mrss":
            message = f"{where}: Media RSS is {MEDIA!r} (with the final /)"
            self.report("error", "MediaRssNamespace", message, line)
        elif uri not in UNCHECKED:
            self.report("warning", "UnknownNamespace", f"{where}: unknown namespace {uri!r}", line)

    def hex_escaped(self, line: int | None) -> bool:
        """Whether the source line holds a hexadecimal character reference (``&#x``)."""
        if self._hex_lines is None:
            self._hex_lines = set()
            start, number, pos = 0, 1, self.data.find(b"&#x")
            while pos >= 0:
                number += self.data.count(b"\n", start, pos)
                self._hex_lines.add(number)
                start, pos = pos, self.data.find(b"&#x", pos + 3)
        return line in self._hex_lines

    def log(
        self, node: Node, level: Level, code: str, message: str, line: int | None = None
    ) -> None:
        self.report(level, code, f"{node.path()}: {message}", line or node.line)

    def found(self, node: Node, finding: Finding | None) -> bool:
        if finding is None:
            return True
        self.log(node, *finding)
        return finding[0] != "error"

    # -- names and dispatch ---------------------------------------------------------------

    def name_of(self, el: Element, parent: Node) -> str | None:
        """The W3C name of a child element, or None for an extension postfeed does not know."""
        qname = el.tag
        if not isinstance(qname, str):  # comments and processing instructions
            return None
        known = self.names.get(qname)
        if known is not None:
            return known
        if qname.startswith("{"):
            uri, local = qname[1:].split("}", 1)
        else:
            uri, local = "", qname
        if uri == self.default_ns:
            self.names[qname] = local
            return local
        if uri == "" and self.feed_type == "atom":
            self.log(parent, "warning", "UndeterminableVocabulary", f"<{local}> is in no namespace")
            return None
        prefix = PREFIXES.get(uri) or NEAR.get(near(uri))
        if prefix is None:
            return None
        self.names[qname] = name = f"{prefix}:{local}"
        return name

    def visit_children(
        self, node: Node, stop: Element | None = None, *, open_only: bool = False
    ) -> Node | None:
        """Dispatch the children not dispatched yet, up to ``stop`` (all when None).

        A document is read as it streams in, so a container may be visited in several
        steps: each step resumes after the last child dispatched. With ``open_only`` the
        ``stop`` child is opened, not visited (its own children are still to come); it is
        returned."""
        el = (
            node.last.getnext() if node.last is not None else (node.el[0] if len(node.el) else None)
        )
        while el is not None:
            node.last = el
            opened = self.dispatch(node, el, open_only=open_only and el is stop)
            if el is stop:
                return opened
            el = el.getnext()
        return None

    def dispatch(self, node: Node, el: Element, *, open_only: bool = False) -> Node | None:
        """One child element: its name, whether it is allowed here and once, then its rules."""
        rules = self.rules
        table = rules.children.get(node.kind, _EMPTY)
        if not isinstance(el.tag, str):
            return None  # comments and processing instructions
        name = self.name_of(el, node)
        if name is None:
            node.children.append("unknown")
            self.extension(el, node)
            return None
        spec = table.get(name) or rules.everywhere.get(name)
        if spec is None and name.startswith("dc:") and "." in name:
            # Qualified Dublin Core (dc:date.Taken) is read as its element (dc:date).
            base = name.split(".", 1)[0]
            spec = table.get(base) or rules.everywhere.get(base)
        for hook in rules.before.get((node.kind, name), ()):
            hook(self, node, name)
        if spec is None:
            prefix = name.split(":", 1)[0] if ":" in name else ""
            if ":" in name and prefix not in STRICT:
                node.children.append(name)
                return None  # a known extension whose vocabulary postfeed does not check
            line = line_of(el)
            if name.startswith("xhtml:"):
                self.log(node, "warning", "MisplacedXHTMLContent", f"<{name}> here", line)
            else:
                message = f"<{name}> is not allowed here"
                self.log(node, "error", "UndefinedElement", message, line)
            node.children.append(name)
            return None
        kind, flags = spec
        if name[:7] == "itunes:":
            node.extra["itunes"] = True
            if node.parent is not None and node.kind in {"item", "entry"}:
                node.parent.extra["itunes"] = True
        child = Node(el, name, kind, node)
        if "once" in flags and name in node.children:
            if name == "enclosure":
                self.log(child, "warning", "DuplicateEnclosure", "more than one <enclosure>")
            else:
                self.log(child, "error", "DuplicateElement", "appears more than once")
        node.children.append(name)
        if open_only:
            self.open(child)
        else:
            self.visit(child, flags)
        return child

    def extension(self, el: Element, parent: Node) -> None:
        """An element of a vocabulary postfeed does not check: accepted as it is, but RSS 2.0
        requires its elements (and theirs) to be in a namespace."""
        for key in map(str, el.attrib):
            if ":" in key and not key.startswith("{"):
                self.log(parent, "error", "MissingNamespace", f"attribute {key!r}")
        if self.feed_type == "rss" and len(el):
            for child in el.iterdescendants():
                if isinstance(child.tag, str) and not child.tag.startswith("{"):
                    message = f"<{child.tag}> inside an extension element is in no namespace"
                    self.log(parent, "error", "NotInANamespace", message, line_of(child))
                    break

    def visit(self, node: Node, flags: frozenset[str] = frozenset()) -> None:
        if node.kind == "eater":
            return
        self.open(node)
        self.close(node, flags)

    def open(self, node: Node) -> None:
        """What can be checked from an element's start tag: its attributes."""
        if node.kind == "eater":
            return
        self.check_attributes(node)
        before = self.rules.pre.get(node.kind)
        if before is not None:
            before(self, node)

    def close(self, node: Node, flags: frozenset[str] = frozenset()) -> None:
        """The rest, once the element is complete: its text, its children, what it lacks."""
        if node.kind == "eater":
            return
        leaf = self.rules.leaves.get(node.kind)
        if leaf is not None:
            for el in node.el:
                if isinstance(el.tag, str):
                    local = el.tag.rsplit("}", 1)[-1]
                    self.log(node, "error", "UndefinedElement", f"<{local}> inside a text element")
            raw = node.text()
            value = raw if "raw" in flags else raw.strip()
            if "nows" in flags and raw != raw.strip():
                self.log(node, "error", "UnexpectedWhitespace", "has whitespace around its value")
            if "unique" in flags:
                self.check_unique(node, value)
            if "nonblank" in flags and not value.strip():
                self.log(node, "warning", "NotBlank", "should not be blank")
            if _BAD_CHARACTERS.search(raw):
                self.log(node, "warning", "BadCharacters", "holds C1 controls or U+FFFD")
            leaf(self, node, value)
            return
        if node.kind not in self.rules.text_ok and node.text().strip():
            self.log(node, "error", "UnexpectedText", "holds text outside its child elements")
        if node.kind not in self.rules.no_walk:
            self.visit_children(node)
        after = self.rules.post.get(node.kind)
        if after is not None:
            after(self, node)

    def check_unique(self, node: Node, value: str) -> None:
        scope = node.parent.parent if node.parent and node.parent.parent else node
        seen = self.unique.setdefault((id(scope.el), node.name), set())
        if value in seen:
            level: Level
            if node.name == "updated":
                code, level = "DuplicateUpdated", "warning"
            elif self.feed_type == "atom":
                code, level = "DuplicateEntries", "warning"
            else:
                code, level = "DuplicateValue", "error"
            self.log(node, level, code, f"{value!r} is used twice")
        elif value:
            seen.add(value)

    def check_attributes(self, node: Node) -> None:
        if not node.attrs:
            return
        expected = self.rules.attrs.get(node.kind, frozenset())
        for key, value in node.attrs.items():
            if _BAD_CHARACTERS.search(value):
                self.log(node, "warning", "BadCharacters", f"{key!r} holds C1 controls or U+FFFD")
            if key.startswith("{"):
                uri, local = key[1:].split("}", 1)
                if uri == XML_NS:
                    if local == "lang" and value and not _values.language(value):
                        self.log(node, "error", "InvalidLanguage", f"xml:lang {value!r}")
                    if local == "base":
                        self.found(node, _values.uri(value, full=False, iri=True))
                    continue
                prefix = PREFIXES.get(uri) or NEAR.get(near(uri))
                if prefix is None:
                    if self.feed_type == "rss" and ":" not in node.name:
                        self.log(
                            node, "warning", "UseOfExtensionAttr", f"extension attribute {local!r}"
                        )
                    continue
                if f"{prefix}:{local}" in expected or node.kind == "eater":
                    continue
                self.log(node, "error", "UnexpectedAttribute", f"attribute {prefix}:{local}")
                continue
            if ":" in key:
                self.log(node, "error", "MissingNamespace", f"attribute {key!r}")
                continue
            if key not in expected and "*" not in expected:
                self.log(node, "error", "UnexpectedAttribute", f"attribute {key!r} not allowed")

    # -- shared checks -------------------------------------------------------------------

    def required_attr(self, node: Node, name: str) -> str | None:
        value = node.attrs.get(name)
        if value is None:
            self.log(node, "error", "MissingAttribute", f"missing the {name!r} attribute")
        return value
