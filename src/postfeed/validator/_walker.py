"""The walk over a feed: each element once, named as W3C names it, read by its *kind*.

A container kind names the children it allows (``rules.CHILDREN``), a leaf kind checks its
text (``rules.LEAVES``); hooks run when an element opens (``rules.PRE``: its attributes),
before a child is dispatched (``rules.BEFORE``) and when it closes (``rules.POST``: what it
lacks). Names follow W3C's: an element of the feed's own vocabulary by its local name, one
of a known extension by ``prefix:local`` (``dc:creator``, ``atom:link``). Elements of
namespaces postfeed does not know are extensions and accepted as they are. A document is
walked as it streams in (``__init__._walk``): a container may be visited in steps.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from postfeed.validator import _rules as rules
from postfeed.validator import _values
from postfeed.validator._names import (
    ATOM,
    MEDIA,
    NEAR,
    PREFIXES,
    STANDARD_PREFIXES,
    STRICT,
    UNCHECKED,
    XML_NS,
    line_of,
    near,
)
from postfeed.validator._values import Finding, Level

if TYPE_CHECKING:
    from postfeed.validator._parser import Element

Report = Callable[[Level, str, str, int | None], None]


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


_EMPTY: dict[str, tuple[str, frozenset[str]]] = {}
# C1 controls and the replacement character: text decoded with the wrong encoding.
_BAD_CHARACTERS = re.compile("[\x80-\x9f\ufffd]")


class Walker:
    """Visits a document's elements (see the module docstring) and reports each problem
    through ``report(level, code, message, line)``."""

    def __init__(self, report: Report, feed_type: str, data: bytes = b"") -> None:
        self.report = report
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
        table = rules.CHILDREN.get(node.kind, _EMPTY)
        if not isinstance(el.tag, str):
            return None  # comments and processing instructions
        name = self.name_of(el, node)
        if name is None:
            node.children.append("unknown")
            self.extension(el, node)
            return None
        spec = table.get(name) or rules.EVERYWHERE.get(name)
        if spec is None and name.startswith("dc:") and "." in name:
            # Qualified Dublin Core (dc:date.Taken) is read as its element (dc:date).
            base = name.split(".", 1)[0]
            spec = table.get(base) or rules.EVERYWHERE.get(base)
        for hook in rules.BEFORE.get((node.kind, name), ()):
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
        before = rules.PRE.get(node.kind)
        if before is not None:
            before(self, node)

    def close(self, node: Node, flags: frozenset[str] = frozenset()) -> None:
        """The rest, once the element is complete: its text, its children, what it lacks."""
        if node.kind == "eater":
            return
        leaf = rules.LEAVES.get(node.kind)
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
        if node.kind not in rules.TEXT_OK and node.text().strip():
            self.log(node, "error", "UnexpectedText", "holds text outside its child elements")
        if node.kind not in rules.NO_WALK:
            self.visit_children(node)
        after = rules.POST.get(node.kind)
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
        expected = rules.ATTRS.get(node.kind, frozenset())
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
