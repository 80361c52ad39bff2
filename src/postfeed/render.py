"""Rendering: Markdown to HTML (the only module that imports Markdown), and HTML to text."""

from __future__ import annotations

import contextlib
import html
import re
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from postfeed._text import collapse_whitespace, xml_legal
from postfeed.templates import Resolver, prepare_source

if TYPE_CHECKING:
    import markdown

# ``extra`` and sane lists, with pymdown-extensions' fences (python-markdown's own are
# never found inside list items) and ``~~strike~~`` (python-markdown has none).
DEFAULT_EXTENSIONS: tuple[str, ...] = (
    "extra",
    "sane_lists",
    "pymdownx.superfences",
    "pymdownx.tilde",
)
SUMMARY_LENGTH = 300

_MORE = re.compile(r"<!--\s*more\s*-->", re.IGNORECASE)
_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_local = threading.local()


def _converter(extensions: tuple[str, ...]) -> markdown.Markdown:
    """One reusable Markdown converter per thread and extension set (building one is slow)."""
    cache: dict[tuple[str, ...], markdown.Markdown] = _local.__dict__.setdefault("md", {})
    converter = cache.get(extensions)
    if converter is None:
        import markdown  # loaded only when a body is rendered

        built = _extensions(extensions)
        converter = cache[extensions] = markdown.Markdown(extensions=built)
    return converter


def check_extensions(extensions: Sequence[str]) -> None:
    """``ValueError`` when Markdown cannot be set up with these extensions (a name that
    is no extension, or one whose module fails): said once, up front, not per post."""
    if tuple(extensions) == DEFAULT_EXTENSIONS:
        return  # Markdown's own, always there
    try:
        _converter(tuple(extensions))
    except Exception as err:
        raise ValueError(f"markdown_extensions {list(extensions)!r}: {err}") from err


def prepare(extensions: Sequence[str]) -> None:
    """Build the converter now (before forking, so that workers share it). Only a head
    start: when it cannot be built, rendering a body says so, as it would have."""
    with contextlib.suppress(Exception):
        _converter(tuple(extensions))


_PLAIN_NAME = re.compile(r"[a-z_]+")


def _extensions(names: Sequence[str]) -> list[Any]:
    """Markdown's own extensions, built here from their modules: given by name, Markdown
    first reads every installed package's entry points to find them (slow with many).
    ``extra`` is its parts, as Markdown's ``ExtraExtension`` registers them (without its
    fences when pymdown-extensions' fences replace them); the pymdown-extensions used by
    default are set up as postfeed needs them; any other name is left for Markdown."""
    import importlib

    from markdown.extensions import extra

    built: list[Any] = []
    for name in names:
        if name == "extra":
            parts = [p for p in extra.extensions if not (p == "fenced_code" and _SUPER in names)]
            built.extend(_extensions(parts))
            continue
        if name in _PYMDOWNX:
            built.extend(_PYMDOWNX[name]())
            continue
        module = None
        if _PLAIN_NAME.fullmatch(name):
            with contextlib.suppress(ImportError):
                module = importlib.import_module(f"markdown.extensions.{name}")
        built.append(name if module is None else module.makeExtension())
    return built


_SUPER = "pymdownx.superfences"


def _superfences() -> list[Any]:
    from pymdownx import highlight, superfences

    # Code as python-markdown writes it, <pre><code class="language-x">, not coloured.
    return [highlight.makeExtension(use_pygments=False), superfences.makeExtension()]


def _tilde() -> list[Any]:
    from pymdownx import tilde

    return [tilde.makeExtension(subscript=False)]  # ~~strike~~ only, as GitHub does


_PYMDOWNX = {_SUPER: _superfences, "pymdownx.tilde": _tilde}


# Python-Markdown has inputs that take minutes ("[" * 20000: every opener that is never
# closed scans to the end of its block) or recurse too deep (500 nested lists). No post
# may stall or break a run, and a post's output must not depend on the machine's speed:
# so fixed limits on the input, checked before rendering; a body over one is shown as
# plain text with a warning.
MAX_DEPTH = 32  # nesting of block quotes, of lists (by indentation) and of markdown="1"
INDENT_PER_LEVEL = 4
MAX_OPEN_SCAN = 200_000  # characters scanned on behalf of "[", "](" and "<" never closed
MAX_CHARS = 1_000_000  # a body (Markdown is linear, but a book is not a post)
# One block between blank lines: its inline patterns grow faster than linear (a paragraph
# of 200,000 characters of ordinary prose takes about a second), and real release notes
# hold lists of 100,000 characters without a blank line.
MAX_BLOCK_CHARS = 200_000

_QUOTES = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.MULTILINE)
_INDENT = re.compile(r"^[ \t]+(?=\S)", re.MULTILINE)
_MD_IN_HTML = re.compile(r"<[A-Za-z][^<>]*\smarkdown\s*=", re.IGNORECASE)
_BLOCK_BREAK = re.compile(r"\n[ \t]*\n")
_OPENERS = re.compile(r"\]\(|[\[\]<>)]")


class RenderError(Exception):
    """Markdown could not render a body (over a size limit, too deep, or it failed)."""


def _open_scan(block: str) -> int:
    """How far Markdown scans for openers in ``block`` that are never closed: for each
    ``[`` without its ``]``, ``](`` without ``)`` and ``<`` without ``>``, the rest of the
    block (what makes it quadratic)."""
    brackets: list[int] = []
    parens: list[int] = []
    angle = -1
    for match in _OPENERS.finditer(block):
        char, at = match.group(), match.start()
        if char == "[":
            brackets.append(at)
        elif char == "]":
            if brackets:
                brackets.pop()
        elif char == "](":
            if brackets:
                brackets.pop()
            parens.append(at)
        elif char == ")":
            if parens:
                parens.pop()
        elif char == "<":
            angle = at if angle < 0 else angle
            if angle != at:  # the previous "<" met another "<" before any ">"
                brackets.append(angle)
                angle = at
        elif angle >= 0:  # ">"
            angle = -1
    unclosed = [*brackets, *parens, *([angle] if angle >= 0 else [])]
    return sum(len(block) - at for at in unclosed)


def check_limits(text: str) -> None:
    """``RenderError`` naming the limit when ``text`` is over one of the sizes above:
    what Markdown would take too long or recurse too deep on."""
    if len(text) > MAX_CHARS:
        raise RenderError(f"{len(text):,} characters (limit {MAX_CHARS:,})")
    quotes = max((m.group().count(">") for m in _QUOTES.finditer(text)), default=0)
    if quotes > MAX_DEPTH:
        raise RenderError(f"block quotes nested {quotes} deep (limit {MAX_DEPTH})")
    indent = max((len(m.group().expandtabs(4)) for m in _INDENT.finditer(text)), default=0)
    if indent > MAX_DEPTH * INDENT_PER_LEVEL:
        limit = MAX_DEPTH * INDENT_PER_LEVEL
        raise RenderError(f"a line indented {indent} columns (limit {limit})")
    html_levels = len(_MD_IN_HTML.findall(text))
    if html_levels > MAX_DEPTH:
        raise RenderError(f'{html_levels} HTML blocks with markdown="1" (limit {MAX_DEPTH})')
    scan = 0
    for block in _BLOCK_BREAK.split(text):
        if len(block) > MAX_BLOCK_CHARS:
            raise RenderError(
                f"a paragraph of {len(block):,} characters (limit {MAX_BLOCK_CHARS:,})"
            )
        scan += _open_scan(block)
        if scan > MAX_OPEN_SCAN:
            raise RenderError(
                f"too many unclosed '[', '](' or '<' (limit {MAX_OPEN_SCAN:,} characters scanned)"
            )


class Rendered(NamedTuple):
    """A body rendered: its HTML, and the first template tag removed without being run."""

    html: str
    unrun: str | None


def render_markdown(
    text: str,
    extensions: Sequence[str] = DEFAULT_EXTENSIONS,
    *,
    resolve: Resolver | None = None,
) -> Rendered:
    """Render a Markdown body to an HTML fragment with python-markdown, its template tags
    shown as what they display or removed (``resolve`` turns a path named by a link tag
    into the URL of that post, or ``None``).

    Raises ``RenderError`` when the text is over a limit of ``check_limits`` or Markdown
    fails.
    """
    key = tuple(extensions)
    converter = _converter(key)
    text = xml_legal(text)
    check_limits(text)
    try:
        prepared = prepare_source(
            text, resolve=resolve, markdown_in_html="md_in_html" in key or "extra" in key
        )
        html_text = xml_legal(converter.reset().convert(prepared.text))
        return Rendered(html_text, prepared.unrun)
    except (RecursionError, MemoryError) as err:
        _local.md.pop(key, None)
        raise RenderError(f"Markdown could not render it ({type(err).__name__})") from None
    except Exception as err:
        _local.md.pop(key, None)
        raise RenderError(f"Markdown failed: {type(err).__name__}: {err}") from err
    finally:
        converter.reset()


def markdown_to_html(text: str, extensions: Sequence[str] = DEFAULT_EXTENSIONS) -> str:
    """Render Markdown to an HTML fragment (``render_markdown`` without its report)."""
    return render_markdown(text, extensions).html


def plain_html(text: str) -> str:
    """The body as escaped paragraphs: what a feed shows when Markdown cannot render it."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", xml_legal(text)) if p.strip()]
    return "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


# What a reader does not read as text: scripts, styles, comments, footnote markers.
_UNREAD = re.compile(
    r"<(script|style|template)\b.*?</\1\s*>|<!--.*?-->"
    r"|<sup\b[^>]*\bid=[\"']?fnref[^>]*>.*?</sup>",
    re.DOTALL | re.IGNORECASE,
)
# Tags that start or end a block (a line break on the page): a space in plain text. Every
# other tag is inline and joins its neighbours without one (``Hi <em>there</em>.``).
_BLOCK_TAG = re.compile(
    r"</?(?:address|article|aside|blockquote|br|caption|dd|details|dialog|div|dl|dt"
    r"|fieldset|figcaption|figure|footer|form|h[1-6]|header|hr|img|li|main|nav|ol|p|pre"
    r"|section|summary|table|tbody|td|tfoot|th|thead|tr|ul|video|audio|iframe)\b[^>]*>",
    re.IGNORECASE,
)
# A backslash before ASCII punctuation is an escape in Markdown (CommonMark): not text.


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, as a reader reads it: inline elements joined without
    added spaces, blocks separated by one space, entities decoded, whitespace collapsed."""
    text = _BLOCK_TAG.sub(" ", _UNREAD.sub("", fragment))
    return collapse_whitespace(xml_legal(html.unescape(_TAG.sub("", text))))


# Markdown that python-markdown leaves as text: links to a reference never defined.
_LEFTOVER_LINK = re.compile(r"!?\[([^\[\]\n]*)\](?:\[[^\[\]\n]*\]|\([^()\s]*\))")
_MARKUP = re.compile(r"[*_`\[\]<>&\\{~]")


def summary_text(fragment: str) -> str:
    """A summary's plain text from rendered HTML: what a reader reads, never Markdown."""
    return _LEFTOVER_LINK.sub(lambda m: m.group(1), html_to_text(fragment))


def plain_text(text: str, extensions: Sequence[str] = DEFAULT_EXTENSIONS) -> str:
    """Plain text of a summary or description written by hand, which may hold Markdown,
    HTML, entities, backslash escapes and template tags: rendered, then read as text."""
    if _MARKUP.search(text) is None:
        return collapse_whitespace(xml_legal(text))
    try:
        return summary_text(markdown_to_html(text, extensions))
    except RenderError:
        return collapse_whitespace(xml_legal(html.unescape(_TAG.sub("", text))))


def shorten(text: str, limit: int = SUMMARY_LENGTH) -> str:
    """Cut ``text`` at a word boundary to at most ``limit`` characters, ending in ``…``."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut and not text[limit - 1].isspace():
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-–—") + "…"


def summary_from_markdown(text: str, rendered: str, extensions: Sequence[str]) -> str:
    """The text before ``<!--more-->``, else the first paragraph, as plain text."""
    head, more = _split_more(text)
    if more:
        try:
            return summary_text(markdown_to_html(head, extensions))
        except RenderError:
            return collapse_whitespace(xml_legal(head))
    return first_paragraph(rendered)


def first_paragraph(rendered: str) -> str:
    """The first non-empty ``<p>`` of rendered HTML as plain text, shortened."""
    for match in _PARAGRAPH.finditer(rendered):
        paragraph = summary_text(match.group(1))
        if paragraph:
            return shorten(paragraph)
    return shorten(summary_text(rendered))


def _split_more(text: str) -> tuple[str, bool]:
    match = _MORE.search(text)
    if match is None:
        return text, False
    return text[: match.start()], True
