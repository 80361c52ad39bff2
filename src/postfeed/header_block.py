"""Header blocks: Pelican / MultiMarkdown ``Key: value`` metadata among the first blocks."""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import NamedTuple

from postfeed._text import blocks, remove_span

MAX_BLOCK_INDEX = 3
_LINE = re.compile(r"([A-Za-z][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]+(.*)|[ \t]*)$")
# Python-Markdown's meta extension (Pelican's reader): a line indented by four spaces or a
# tab continues the value of the key above it.
_CONTINUATION = re.compile(r"(?: {4}|\t)[ \t]*(\S.*)$")


class HeaderBlock(NamedTuple):
    """Metadata from a header block, and the text with the block removed."""

    metadata: dict[str, object]
    body: str


def _parse_block(block: str, known: Collection[str] | None) -> dict[str, object] | None:
    """The block's ``Key: value`` lines as a mapping, or ``None`` when a line is not one
    (or, with ``known``, names a key outside it)."""
    metadata: dict[str, object] = {}
    key = ""
    for line in block.split("\n"):
        match = _LINE.match(line.strip())
        if match is None:
            more = _CONTINUATION.match(line) if key and known is None else None
            if more is None:
                return None
            metadata[key] = f"{metadata[key]} {more.group(1).strip()}".strip()
            continue
        name = match.group(1).lower()
        if known is not None and name not in known:
            return None
        if name in metadata:
            key = ""  # a repeated key: the first wins, its continuation lines go with it
            continue
        key = name
        metadata[key] = (match.group(2) or "").strip()
    return metadata


def read_header_block(
    text: str, *, known: Collection[str], required: Collection[str]
) -> HeaderBlock | None:
    """Find the file's header block and take it out (SPEC §2).

    Either the first block, made only of ``Key: value`` lines with single-word keys, any
    keys (as Pelican reads them), or, within the first three non-empty blocks, one made
    only of ``known`` keys; either way with at least one ``required`` key (a title or
    date key).
    """
    for index, (start, end) in enumerate(blocks(text, limit=MAX_BLOCK_INDEX)):
        block = text[start:end]
        metadata = _parse_block(block, None) if index == 0 else None
        if metadata is None:
            metadata = _parse_block(block, known)
        if metadata is not None and any(key in metadata for key in required):
            return HeaderBlock(metadata, remove_span(text, start, end))
    return None
