"""What ``check`` reports: one problem, its level, a message, W3C's name for it, a line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a feed document.

    ``level`` is ``error`` (the feed is invalid) or ``warning`` (valid, but readers may
    stumble); ``code`` is the W3C Feed Validation Service's name for the message class
    (``InvalidRFC2822Date``, ``MissingGuid``; ``JSONFeed`` for JSON Feed rules); ``line``
    is the line of the element it is about, when known.
    """

    level: Level
    message: str
    code: str = ""
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.level}: {self.message}"
