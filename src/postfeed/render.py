"""Rendering: Markdown to HTML (the only module that imports Markdown), and HTML to text."""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from postfeed._text import collapse_whitespace, xml_legal

if TYPE_CHECKING:
    import markdown

DEFAULT_EXTENSIONS: tuple[str, ...] = ("extra", "sane_lists")
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

        converter = cache[extensions] = markdown.Markdown(extensions=list(extensions))
    return converter


def markdown_to_html(text: str, extensions: Sequence[str] = DEFAULT_EXTENSIONS) -> str:
    """Render Markdown to an HTML fragment with python-markdown."""
    converter = _converter(tuple(extensions))
    try:
        return xml_legal(converter.reset().convert(xml_legal(text)))
    finally:
        converter.reset()


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: tags removed, entities decoded, whitespace collapsed."""
    return collapse_whitespace(xml_legal(html.unescape(_TAG.sub(" ", fragment))))


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
        return html_to_text(markdown_to_html(head, extensions))
    return first_paragraph(rendered)


def first_paragraph(rendered: str) -> str:
    """The first non-empty ``<p>`` of rendered HTML as plain text, shortened."""
    for match in _PARAGRAPH.finditer(rendered):
        paragraph = html_to_text(match.group(1))
        if paragraph:
            return shorten(paragraph)
    return shorten(html_to_text(rendered))


def _split_more(text: str) -> tuple[str, bool]:
    match = _MORE.search(text)
    if match is None:
        return text, False
    return text[: match.start()], True
