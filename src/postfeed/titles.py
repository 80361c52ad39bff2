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
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", re.DOTALL)
_STRUCK_MARKDOWN = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~", re.DOTALL)
_EM_STAR = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?!\*)", re.DOTALL)
_EM_UNDERSCORE = re.compile(r"(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])", re.DOTALL)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!~|<>])")
_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# Only these formatting tags are markup in a title, and only as an open and close pair;
# any other `<` is text (`Rc<Vec<T>>`, `a <b> c`).
_FORMATTING = "a|abbr|b|cite|code|em|i|kbd|mark|q|small|span|strong|sub|sup|u"
_PAIRED_TAG = re.compile(
    rf"<({_FORMATTING})(?:\s[^<>]*)?>((?:(?!<\1[\s>]).)*?)</\1\s*>", re.IGNORECASE | re.DOTALL
)
# An image tag holds no words but its alt text (as a Markdown image keeps its alt).
_IMAGE_TAG = re.compile(r"<img(?=[\s/>])[^<>]*>", re.IGNORECASE)
_ALT = re.compile(r"""\salt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
# Struck text reads as not said: it goes with its tags.
_STRUCK_TAG = re.compile(r"<(del|s|strike)(?:\s[^<>]*)?>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_QUOTE_PAIRS = {'"': '"', "'": "'", "“": "”", "‘": "’", "«": "»", "„": "“"}

_ATX_H1 = re.compile(r"#[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$|#$")
_SETEXT_H1 = re.compile(r"[ \t]*=+[ \t]*$")
_BLANK_LINE = re.compile(r"[ \t]*\n[ \t]*\n")
_ATX_ANY = re.compile(r"#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")


def _strip_inline_markdown(text: str, escapes: bool = True) -> str:
    """Remove emphasis and code markers; links keep their text, images their alt."""
    pieces: list[str] = []
    pos = 0
    for match in _CODE_SPAN.finditer(text):
        pieces.append(_strip_outside_code(text[pos : match.start()], escapes))
        # Code is literal: escape it so the tag-stripping step cannot eat "<div>".
        pieces.append(html.escape(match.group(2).strip(), quote=False))
        pos = match.end()
    pieces.append(_strip_outside_code(text[pos:], escapes))
    return "".join(pieces)


def _strip_outside_code(text: str, escapes: bool = True) -> str:
    # An escaped character is literal: hide it as an entity, decoded after the tags step.
    # (Front matter is not Markdown: its backslashes are shown as written.)
    if escapes:
        text = _ESCAPE.sub(lambda m: f"&#{ord(m.group(1))};", text)
    text = _STRUCK_MARKDOWN.sub("", text)
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


def _alt_text(match: re.Match[str]) -> str:
    alt = _ALT.search(match.group(0))
    return next((group for group in alt.groups() if group is not None), "") if alt else ""


def _strip_tags(text: str) -> str:
    text = _COMMENT.sub("", _BREAK_TAG.sub(" ", text))
    if "<img" in text or "<IMG" in text:
        text = _IMAGE_TAG.sub(_alt_text, text)
    text = _STRUCK_TAG.sub("", text)
    previous = None
    while previous != text:  # nested pairs: <a><b>x</b></a>
        previous = text
        text = _PAIRED_TAG.sub(r"\2", text)
    return text


def clean_title(text: str, *, front_matter: bool = False) -> str:
    """Turn title text into the plain text a feed shows, as SPEC §3 orders the steps.

    Markdown inline syntax (struck text with its marks), then the formatting tags go
    (``del``/``s``/``strike`` with their text; any other ``<`` is text); entities are
    decoded; XML-illegal characters removed; the text is NFC-normalised, its whitespace
    collapsed, and one pair of quotes wrapping it all dropped. Letter case is never
    changed. A ``front_matter`` title keeps its quotes and backslashes: YAML, TOML or JSON
    has already unquoted it, and its site shows it as written.
    """
    if text.isascii() and text.isprintable() and _ALREADY_CLEAN.fullmatch(text):
        return text
    text = _strip_inline_markdown(text, escapes=not front_matter)
    text = _strip_tags(text)
    text = html.unescape(text)
    text = xml_legal(text)
    text = unicodedata.normalize("NFC", text)
    text = collapse_whitespace(text)
    return text if front_matter else _drop_wrapping_quotes(text)


def title_from_stem(stem: str, *, jekyll: bool = False) -> str:
    """``2024-05-20-it-ran-in-the-dark`` → ``It ran in the dark``; with ``jekyll`` (a post
    in a ``_posts`` folder), as Jekyll's ``titleize_slug`` makes it: ``It Ran In The Dark``."""
    prefix = date_prefix(stem)
    name = stem[prefix.end() :] if prefix else stem
    if jekyll:
        words = " ".join(w.capitalize() for w in name.split("-") if w)  # Ruby's capitalize
        return collapse_whitespace(words) or stem
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
