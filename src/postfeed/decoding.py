"""Bytes to text: UTF-8 (BOM removed), cp1252 as the fallback, newlines normalised."""

from __future__ import annotations

from typing import NamedTuple

_BOM = "\ufeff"


class Decoded(NamedTuple):
    """The text of a post file, and a warning when it was not valid UTF-8."""

    text: str
    warning: str | None


def decode(data: bytes) -> Decoded:
    """Decode a post file's bytes; ``ValueError`` for a binary or empty file.

    Invalid UTF-8 is decoded as cp1252, where the bytes cp1252 leaves undefined become
    U+FFFD, and a warning says so. Newlines become ``\\n``.
    """
    if b"\x00" in data:
        raise ValueError("binary file (contains a NUL byte), skipped")
    warning = None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        text = data.decode("cp1252", errors="replace")
        warning = f"not valid UTF-8 (byte {err.start}), decoded as cp1252"
    text = text.removeprefix(_BOM)
    if "\r" in text:  # looked for first: replacing copies the whole text
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text or text.isspace():
        raise ValueError("empty file, skipped")
    return Decoded(text, warning)
