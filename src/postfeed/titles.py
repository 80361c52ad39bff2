"""Titles: cleaning any title text, and finding a title in a body or a file name."""

from __future__ import annotations

import html
import re
import unicodedata
from typing import NamedTuple

from postfeed._text import blocks, collapse_whitespace, remove_span, xml_legal
from postfeed.dates import date_prefix, dateline

MAX_FIRST_LINE = 150

_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)|!\[([^\]]*)\]\[[^\]]*\]")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\[[^\]]*\]")
_AUTOLINK = re.compile(r"<((?:https?|mailto|ftp):[^>\s]*)>")
_STRONG = re.compile(r"(\*\*|__|~~)(?=\S)(.+?)(?<=\S)\1", re.DOTALL)
_EM_STAR = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?!\*)", re.DOTALL)
_EM_UNDERSCORE = re.compile(r"(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])", re.DOTALL)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!~|<>])")
_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--.*?-->", re.DOTALL)
_QUOTE_PAIRS = {'"': '"', "'": "'", "“": "”", "‘": "’", "«": "»", "„": "“"}

_ATX_H1 = re.compile(r"#[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$|#$")
_SETEXT_H1 = re.compile(r"[ \t]*=+[ \t]*$")
_BLANK_LINE = re.compile(r"[ \t]*\n[ \t]*\n")
_ATX_ANY = re.compile(r"#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")


def _strip_inline_markdown(text: str) -> str:
    """Remove emphasis and code markers; links keep their text, images their alt."""
    pieces: list[str] = []
    pos = 0
    for match in _CODE_SPAN.finditer(text):
        pieces.append(_strip_outside_code(text[pos : match.start()]))
        # Code is literal: escape it so the tag-stripping step cannot eat "<div>".
        pieces.append(html.escape(match.group(2).strip(), quote=False))
        pos = match.end()
    pieces.append(_strip_outside_code(text[pos:]))
    return "".join(pieces)


def _strip_outside_code(text: str) -> str:
    # An escaped character is literal: hide it as an entity, decoded after the tags step.
    text = _ESCAPE.sub(lambda m: f"&#{ord(m.group(1))};", text)
    text = _IMAGE.sub(lambda m: m.group(1) or m.group(2) or "", text)
    text = _LINK.sub(lambda m: m.group(1) or m.group(2) or "", text)
    text = _AUTOLINK.sub(r"\1", text)
    previous = None
    while previous != text:  # nested emphasis: ***x***, **_x_**
        previous = text
        text = _STRONG.sub(r"\2", text)
        text = _EM_STAR.sub(r"\1", text)
        text = _EM_UNDERSCORE.sub(r"\1", text)
    return text


def _drop_wrapping_quotes(text: str) -> str:
    if len(text) >= 2:
        close = _QUOTE_PAIRS.get(text[0])
        inside = text[1:-1]
        if (
            close is not None
            and text[-1] == close
            and text[0] not in inside
            and close not in inside
        ):
            return inside.strip()
    return text


# Printable ASCII words split by single spaces, with no character any step below acts on:
# such a title is already clean (most are), and cleaning it would return it unchanged.
_ALREADY_CLEAN = re.compile(r"[^\s*_`\[\]<>&\\!~\"'=#]+(?: [^\s*_`\[\]<>&\\!~\"'=#]+)*")


def clean_title(text: str) -> str:
    """Turn title text into the plain text a feed shows, as SPEC §3 orders the steps.

    Markdown inline syntax, then HTML tags go; entities are decoded; XML-illegal characters
    removed; the text is NFC-normalised, its whitespace collapsed, and one pair of quotes
    wrapping it all dropped. Letter case is never changed.
    """
    if text.isascii() and text.isprintable() and _ALREADY_CLEAN.fullmatch(text):
        return text
    text = _strip_inline_markdown(text)
    text = _BREAK_TAG.sub(" ", text)
    text = _TAG.sub("", text)
    text = html.unescape(text)
    text = xml_legal(text)
    text = unicodedata.normalize("NFC", text)
    text = collapse_whitespace(text)
    return _drop_wrapping_quotes(text)


def title_from_stem(stem: str) -> str:
    """``2024-05-20-it-ran-in-the-dark`` → ``It ran in the dark``."""
    prefix = date_prefix(stem)
    name = stem[prefix.end() :] if prefix else stem
    words = collapse_whitespace(re.sub(r"[-_]+", " ", name)) or stem
    return words[:1].upper() + words[1:]


class BodyTitle(NamedTuple):
    """A title found in a body, and the body with the title's lines removed."""

    title: str
    body: str


def title_from_body(
    body: str, *, timezone: str = "UTC", dayfirst: bool = False
) -> BodyTitle | None:
    """Find a Markdown H1 among the first three blocks, else a first line that stands alone."""
    spans = blocks(body, limit=4)
    for start, end in spans[:3]:
        lines = body[start:end].split("\n")
        heading = _ATX_H1.match(lines[0].strip())
        if heading is not None:
            line_end = start + len(lines[0])
            title = clean_title(heading.group(1) or "")
            if title:
                return BodyTitle(title, remove_span(body, start, line_end))
        elif len(lines) >= 2 and _SETEXT_H1.match(lines[1]) and lines[0].strip():
            line_end = start + len(lines[0]) + 1 + len(lines[1])
            title = clean_title(lines[0])
            if title:
                return BodyTitle(title, remove_span(body, start, line_end))
    if not spans:
        return None
    start, end = spans[0]
    line = body[start:end]
    if "\n" in line or len(line.strip()) > MAX_FIRST_LINE or not _BLANK_LINE.match(body, end):
        return None  # not alone: more lines in its block, or no blank line after it
    try:
        if dateline(line, timezone=timezone, dayfirst=dayfirst) is not None:
            return None  # a date (or a line that opens with one) is a dateline, not a title
    except ValueError:
        return None
    heading = _ATX_ANY.match(line.strip())
    title = clean_title(heading.group(1) if heading else line)
    return BodyTitle(title, remove_span(body, start, end)) if title else None
