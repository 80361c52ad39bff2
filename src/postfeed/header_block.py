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


def _parse_block(block: str, known: Collection[str] | None) -> dict[str, object] | None:
    metadata: dict[str, object] = {}
    for line in block.split("\n"):
        match = _LINE.match(line.strip())
        if match is None:
            return None
        key = match.group(1).lower()
        if known is not None and key not in known:
            return None
        metadata.setdefault(key, (match.group(2) or "").strip())
    return metadata


def read_header_block(
    text: str, *, known: Collection[str], required: Collection[str], any_first: bool = False
) -> HeaderBlock | None:
    """Find, within the first three non-empty blocks, one made only of known ``Key: value``
    lines with at least one ``required`` key (a title or date key), and take it out.
    ``any_first``: the first block may hold any keys, as a Pelican site's posts do."""
    for index, (start, end) in enumerate(blocks(text, limit=MAX_BLOCK_INDEX)):
        metadata = _parse_block(text[start:end], None if any_first and index == 0 else known)
        if metadata is not None and any(key in metadata for key in required):
            return HeaderBlock(metadata, remove_span(text, start, end))
    return None
