"""Header blocks: Pelican / MultiMarkdown ``Key: value`` metadata among the first blocks."""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import NamedTuple

from postfeed._text import blocks, remove_span

MAX_BLOCK_INDEX = 3
_LINE = re.compile(r"([A-Za-z][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]+(.*)|[ \t]*)$")


class HeaderBlock(NamedTuple):
    """Metadata from a header block, and the text with the block removed."""

    metadata: dict[str, object]
    body: str


def _parse_block(block: str, known: Collection[str]) -> dict[str, object] | None:
    metadata: dict[str, object] = {}
    for line in block.split("\n"):
        match = _LINE.match(line.strip())
        if match is None:
            return None
        key = match.group(1).lower()
        if key not in known:
            return None
        metadata.setdefault(key, (match.group(2) or "").strip())
    return metadata


def read_header_block(
    text: str, *, known: Collection[str], required: Collection[str]
) -> HeaderBlock | None:
    """Find, within the first three non-empty blocks, one made only of known ``Key: value``
    lines with at least one ``required`` key (a title or date key), and take it out."""
    for start, end in blocks(text, limit=MAX_BLOCK_INDEX):
        metadata = _parse_block(text[start:end], known)
        if metadata is not None and any(key in metadata for key in required):
            return HeaderBlock(metadata, remove_span(text, start, end))
    return None
