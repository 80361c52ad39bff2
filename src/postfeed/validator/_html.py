"""Markup inside feeds: escaped HTML in RSS descriptions and Atom ``html`` text, inline
XHTML in Atom ``xhtml`` text, and what the W3C validator says about each (unsafe elements
and attributes, relative references, undeclared HTML in plain text).

Escaped HTML is scanned for start tags and attributes with linear regular expressions: a
handful of warnings needs no full HTML parser.
"""

from __future__ import annotations

import base64
import binascii
import html.entities
import re
from collections.abc import Sequence
from html import unescape
from typing import TYPE_CHECKING

import postfeed.validator._values as _values
from postfeed.validator._values import Finding, words
from postfeed.validator._xml import MATHML, PREFIXES, SVG, XHTML, Node, Walker

if TYPE_CHECKING:
    from postfeed.validator._xml import Element

HTML_TAGS = words(
    "a abbr acronym address applet area article aside audio b base basefont bdi bdo big "
    "blockquote body br button canvas caption center cite code col colgroup command data "
    "datagrid datalist dd del details dfn dialog dir div dl dt em eventsource fieldset "
    "figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup "
    "hr html i iframe img input ins isindex kbd label legend li link m main mark map menu "
    "meta meter nav noframes noscript object ol optgroup option output p param picture pre "
    "progress q rp rt ruby s samp script section select slot small source span strike strong "
    "style sub summary sup table tbody td template textarea tfoot th thead time title tr "
    "track tt u ul var xmp plaintext embed comment listing video wbr"
)
SAFE_TAGS = words(
    "a abbr acronym address area article aside audio b bdi big blockquote br button canvas "
    "caption center cite code col colgroup command data datagrid datalist dd del details dfn "
    "dialog dir div dl dt em eventsource fieldset figcaption figure footer font form header "
    "h1 h2 h3 h4 h5 h6 hgroup hr i img input ins keygen kbd label legend li m main map mark "
    "menu meter multicol nav nextid ol output optgroup option p picture pre progress q rp rt "
    "ruby s samp section select small sound source spacer span strike strong sub summary sup "
    "table tbody td template textarea time tfoot th thead tr track tt u ul var video "
    "noscript wbr"
)
SAFE_CSS = words(
    "azimuth background background-color border border-bottom border-bottom-color "
    "border-bottom-style border-bottom-width border-collapse border-color border-left "
    "border-left-color border-left-style border-left-width border-right border-right-color "
    "border-right-style border-right-width border-spacing border-style border-top "
    "border-top-color border-top-style border-top-width border-width clear color cursor "
    "direction display elevation float font font-family font-size font-style font-variant "
    "font-weight height letter-spacing line-height list-style-type margin margin-bottom "
    "margin-left margin-right margin-top overflow padding padding-bottom padding-left "
    "padding-right padding-top pause pause-after pause-before pitch pitch-range richness "
    "speak speak-header speak-numeral speak-punctuation speech-rate stress text-align "
    "text-decoration text-indent unicode-bidi vertical-align voice-family volume white-space "
    "width"
)
_CSS_SHORTHANDS = ("background", "border", "margin", "padding")
_CSS_KEYWORDS = words(
    "aqua auto black block blue bold both bottom brown center collapse dashed dotted fuchsia "
    "gray green !important italic left lime maroon medium none navy normal nowrap olive "
    "pointer purple red right solid silver teal top transparent underline white yellow"
)
_CSS_VALUE = re.compile(
    r"#[0-9a-f]+|rgb\(\d+%?,\d*%?,?\d*%?\)?|\d?\.?\d?\d(?:cm|em|ex|in|mm|pc|pt|px|%|,|\))?"
)
_CLOSING_TAG = re.compile(r"</(\w+)>")
_ABSOLUTE = re.compile(r"\w+:")


def closing_tag(text: str) -> str | None:
    """The first HTML closing tag in ``text`` (W3C's sign that a plain text holds HTML)."""
    for match in _CLOSING_TAG.finditer(text):
        if match.group(1).lower() in HTML_TAGS:
            return match.group(1)
    return None


_HTML_ENTITIES = frozenset(html.entities.name2codepoint)
_ENTITY = re.compile(r"&(#?\w+)")
_MARKUP_LIKE = re.compile(r"&#[x0-9]|<[/a-zA-Z]")


def nonhtml(w: Walker, node: Node, value: str, code: str = "ContainsHTML") -> None:
    """Plain text: HTML in it is shown as written (or, by some readers, rendered)."""
    tag = closing_tag(value)
    if tag:
        w.log(node, "warning", code, f"holds HTML (</{tag}>)")
        return
    if "&" not in value and "<" not in value:
        return
    # The RSS Profile's advice, as W3C applies it: text that reads as an escaped entity
    # or tag, unless its line escapes with hexadecimal character references.
    for name in _ENTITY.findall(value):
        if name in _HTML_ENTITIES or name == "apos" or not name.isalpha():
            if not w.hex_escaped(node.line):
                w.log(node, "warning", code, f"holds the entity '&{name};'")
            return
    if (
        code == "ContainsHTML"
        and w.feed_type == "rss"
        and _MARKUP_LIKE.search(value)
        and not w.hex_escaped(node.line)
    ):
        w.log(node, "warning", "CharacterData", "reads as markup; escape < and & as &#x3C; &#x26;")


def style_problems(style: str) -> list[str]:
    """The declarations of a ``style`` attribute a feed reader would have to strip."""
    problems = []
    for declaration in style.split(";"):
        prop, colon, value = declaration.partition(":")
        prop, value = prop.strip().lower(), value.strip().lower()
        if not colon or not prop:
            if declaration.strip():
                problems.append(declaration.strip())
            continue
        if prop in SAFE_CSS and not prop.startswith(_CSS_SHORTHANDS):
            if "url(" in value or "expression" in value:
                problems.append(declaration.strip())
            continue
        if prop.split("-")[0] in _CSS_SHORTHANDS:
            if not all(
                word in _CSS_KEYWORDS or _CSS_VALUE.fullmatch(word) for word in value.split()
            ):
                problems.append(declaration.strip())
            continue
        problems.append(declaration.strip())
    return problems


# Start tags and their attributes, read with two linear patterns: a tag ends at the next
# ``<`` or ``>`` (so no attempt scans past the next tag), an attribute inside its tag.
_START_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9:-]*)([^<>]*)>")
_ATTRIBUTE = re.compile(r"""([^\s=/"'<>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_DOCUMENT_TAGS = frozenset({"html", "head", "body"})
_UNCLOSED_TAG = re.compile(r"<[A-Za-z][^<>]*(?:<|\Z)")
# A first test lets most HTML skip the tag-by-tag scan: its tag names are all safe, and no
# attribute could draw a warning (on..., style, a reference without a scheme; the
# lookahead is bounded by a scheme's length).
_SUSPECT_ATTRIBUTE = re.compile(
    r"""\s(?:on[a-z]+\s*=|style\s*=|(?:href|src)\s*=\s*["']?+(?![A-Za-z0-9_+.-]+:))""",
    re.IGNORECASE,
)


def check(html: str) -> list[Finding]:
    """What W3C warns about in escaped HTML (unsafe markup, relative references)."""
    if "<" not in html:
        return []
    found: dict[str, Finding] = {}
    if "<?import " in html.lower():  # an HTML component import (old Internet Explorer)
        found["SecurityRisk"] = ("warning", "SecurityRisk", "<?import> is unsafe in a feed")
    if _UNCLOSED_TAG.search(html):
        found.setdefault("NotHtml", ("warning", "NotHtml", "a tag is never closed"))
        return list(found.values())
    tags = _START_TAG.findall(html)
    names = {name.lower() for name, _ in tags}
    attributes = " ".join(rest for _, rest in tags if len(rest) > 1)
    if names <= SAFE_TAGS | _DOCUMENT_TAGS and not _SUSPECT_ATTRIBUTE.search(attributes):
        return list(found.values())  # only safe tags, no on..., style or relative reference
    for tag, rest in tags:
        tag = tag.lower()
        if tag in _DOCUMENT_TAGS:
            continue  # read as a fragment, as W3C reads it: these tags are dropped
        if tag not in HTML_TAGS:
            found.setdefault("NotHtml", ("warning", "NotHtml", f"<{tag}> is not HTML"))
            continue
        if tag not in SAFE_TAGS:
            found.setdefault("SecurityRisk", ("warning", "SecurityRisk", f"<{tag}> is unsafe"))
            continue
        if rest.strip(" /"):
            for finding in _attribute_findings(tag, rest):
                found.setdefault(finding[1], finding)
    return list(found.values())


def _attribute_findings(tag: str, attributes: str) -> list[Finding]:
    findings: list[Finding] = []
    for match in _ATTRIBUTE.finditer(attributes):
        name = match.group(1).lower()
        raw = match.group(2) or match.group(3) or match.group(4) or ""
        if name.startswith("on"):
            findings.append(("warning", "SecurityRiskAttr", f"attribute {name!r}"))
        elif name == "style" and raw and style_problems(unescape(raw)):
            findings.append(("warning", "DangerousStyleAttr", f"style {raw!r}"))
        elif raw and ((tag == "a" and name == "href") or (tag == "img" and name == "src")):
            ref = unescape(raw).strip()
            if not _ABSOLUTE.match(ref):
                finding = _values.uri(ref, full=False)
                if finding and finding[1] == "InvalidUriChar":
                    findings.append(finding)
                else:
                    findings.append(("warning", "ContainsRelRef", f"relative reference {ref!r}"))
    return findings


# ---- Atom text constructs ----------------------------------------------------------------


def text_construct(w: Walker, node: Node) -> None:
    """An Atom ``title``/``subtitle``/``rights``/``summary``/``content``: its type and markup."""
    attrs = node.attrs
    src = attrs.get("src")
    kind = attrs.get("type", "" if src is not None else "text")
    if "type" in attrs and not kind:
        w.log(node, "warning", "AttrNotBlank", "type is blank")
    if w.feed_type == "rss" and src is None and node.name != "atom:summary":
        w.log(node, "warning", "DuplicateDescriptionSemantics", "repeats the RSS description")
    if node.kind == "textconstruct" and "/" in kind:
        w.log(node, "error", "InvalidTextType", f"type {kind!r} is not text, html or xhtml")
    elif node.kind == "content" and kind == "multipart/alternative":
        w.log(node, "error", "InvalidMIMEType", f"type {kind!r}")
    if src is not None:
        finding = _values.uri(src, full=False)
        if finding and finding[0] == "error" and finding[1] in {"InvalidIRI", "InvalidLink"}:
            finding = ("error", "InvalidURIAttribute", finding[2])
        w.found(node, finding)
        if "type" not in attrs:
            w.log(node, "warning", "MissingTypeAttr", "content with src needs a type")
    plain = kind in {"text", "html", "xhtml"} and src is None
    if kind and not plain and not _values.mime(kind):
        w.log(node, "error", "InvalidMIMEType", f"type {kind!r}")
    xmlish = kind.endswith(("+xml", "/xml"))
    children = [el for el in node.el if isinstance(el.tag, str)]
    value = node.text()
    if kind == "xhtml":
        _xhtml(w, node, children)
        nonhtml(w, node, value, "NotInline")
    else:
        for el in children:
            if not xmlish:
                local = el.tag.rsplit("}", 1)[-1]
                w.log(node, "error", "UndefinedElement", f"<{local}> in {kind or 'text'} content")
        if children and attrs.get("mode") == "escaped":
            w.log(node, "error", "NotEscaped", "says escaped but holds markup")
        if kind == "html" or kind.endswith("/html"):
            if kind.endswith("/html") and not kind.startswith("text/"):
                value = _base64(w, node, value) or ""
            for finding in check(value):
                w.found(node, finding)
            if kind.endswith("/html") and "<html" not in value and src is None:
                w.log(node, "warning", "HtmlFragment", "a whole HTML document is expected")
        elif "/" in kind and not (xmlish or kind.startswith("text/")):
            _base64(w, node, value)
        else:
            nonhtml(w, node, value, "ContainsUndeclaredHTML")
    if not value and not children and src is None:  # W3C: whitespace alone is not blank
        w.log(node, "warning", "NotBlank", "should not be blank")


def _base64(w: Walker, node: Node, value: str) -> str | None:
    try:
        return base64.b64decode(value.encode("ascii"), validate=False).decode("utf-8", "replace")
    except (binascii.Error, UnicodeEncodeError, ValueError):
        w.log(node, "error", "NotBase64", "binary content must be base64")
        return None


def _xhtml(w: Walker, node: Node, children: Sequence[Element]) -> None:
    text = node.el.text or ""
    first = children[0] if children else None
    if text.strip() or first is None:
        if text.strip() or children:
            w.log(node, "error", "MissingXhtmlDiv", "xhtml content must be wrapped in a <div>")
        return
    if first.tag != f"{{{XHTML}}}div":
        w.log(node, "error", "MissingXhtmlDiv", "xhtml content must be wrapped in a <div>")
        if first.tag.rsplit("}", 1)[-1] == "div":
            w.log(node, "warning", "NotHtml", "the div is not in the XHTML namespace")
        return
    if len(children) > 1 or (first.tail or "").strip():
        w.log(node, "warning", "NotInline", "holds more than one <div>")
    xhtml_subtree(w, node, first)


def xhtml_subtree(w: Walker, node: Node, top: Element) -> None:
    """The elements inside an XHTML ``div`` (or an RSS ``xhtml:body``): safe XHTML only."""
    for el in top.iter():
        if el is top or not isinstance(el.tag, str):
            continue
        uri, _, local = el.tag[1:].partition("}") if el.tag.startswith("{") else ("", "", el.tag)
        if not uri:
            w.log(node, "error", "MissingNamespace", f"<{local}> in xhtml content")
        elif uri == XHTML:
            if local not in HTML_TAGS:
                w.log(node, "warning", "NotHtml", f"<{local}> is not XHTML")
            elif local not in SAFE_TAGS:
                w.log(node, "warning", "SecurityRisk", f"<{local}> is unsafe in a feed")
            for name, value in ((str(k), str(v)) for k, v in el.attrib.items()):
                if name == "style" and style_problems(value):
                    w.log(node, "warning", "DangerousStyleAttr", f"style {value!r}")
                elif name.startswith("on"):
                    w.log(node, "warning", "SecurityRiskAttr", f"attribute {name!r}")
        elif uri in {SVG, MATHML}:
            continue
        else:
            prefix = PREFIXES.get(uri)
            if prefix is not None:
                w.log(node, "error", "UndefinedElement", f"<{prefix}:{local}> in xhtml content")
