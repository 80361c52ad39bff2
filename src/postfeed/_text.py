"""Small text helpers shared by the normalisers: XML-legal text, whitespace, blocks."""

from __future__ import annotations

import re

# Characters XML 1.0 forbids: C0 controls but tab/LF/CR, lone surrogates, U+FFFE, U+FFFF.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_WHITESPACE = re.compile(r"\s+")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
# A block is a run of lines that are not blank; blocks are separated by blank lines.
_LEADING_BLANK_LINES = re.compile(r"\A[ \t]*(?:\n[ \t]*(?=\n))*\n?")
_BLOCK = re.compile(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*")


def xml_legal(text: str) -> str:
    """Remove every character that XML 1.0 forbids, so any text can reach a feed."""
    return XML_ILLEGAL.sub("", text)


def is_language_code(text: str) -> bool:
    """Whether ``text`` has the shape of a language code such as ``en`` or ``en-GB``."""
    return _LANGUAGE.fullmatch(text) is not None


def collapse_whitespace(text: str) -> str:
    """Turn every run of whitespace (NBSP and newlines included) into one space and trim."""
    return _WHITESPACE.sub(" ", text).strip()


def blocks(text: str, limit: int | None = None) -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of the blank-line separated blocks of ``text``."""
    spans: list[tuple[int, int]] = []
    for match in _BLOCK.finditer(text):
        spans.append(match.span())
        if limit is not None and len(spans) >= limit:
            break
    return spans


def remove_span(text: str, start: int, end: int) -> str:
    """Cut ``text[start:end]`` out, together with the blank lines that followed it."""
    rest = _LEADING_BLANK_LINES.sub("", text[end:])
    head = text[:start]
    if head.strip() and rest:
        return head.rstrip() + "\n\n" + rest
    return head.rstrip() + rest if head.strip() else rest
