"""The XML parser: lxml, hardened. The only module of postfeed that imports lxml.

Entities are never resolved, no DTD is loaded and the network is never used; the parser
streams (``iterparse``), so a check holds one entry's tree at a time, not the feed's.
``huge_tree`` lifts libxml2's default depth (256) and text-size (10 MB) limits, which
valid feeds can pass; it is safe because no entity is ever expanded.
"""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lxml import etree

    Element = etree._Element


class ParseError(ValueError):
    """The document is not well-formed XML (the parser's message and line)."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


def load() -> None:
    """Import lxml now (before forking workers, which then share it)."""
    from lxml import etree  # noqa: F401


def events(data: bytes) -> Iterator[tuple[str, Any]]:
    """``start-ns`` (prefix, uri), ``start`` and ``end`` (element) events, in order."""
    from lxml import etree

    parsed = etree.iterparse(
        BytesIO(data),
        events=("start-ns", "start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=True,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        yield from parsed
    except etree.XMLSyntaxError as err:
        line = err.lineno if isinstance(err.lineno, int) else None
        raise ParseError(" ".join(str(err).split()), line) from err
