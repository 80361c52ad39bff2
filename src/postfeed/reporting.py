"""The command's report of the library's warnings: one line each, counted for --strict."""

from __future__ import annotations

import logging
from typing import TextIO


class WarningCounter(logging.Handler):
    """Keeps the warnings the library logs (one line each), and prints them unless quiet."""

    def __init__(self, stream: TextIO, quiet: bool) -> None:
        super().__init__(logging.WARNING)
        self.stream = stream
        self.quiet = quiet
        self.lines: list[str] = []

    @property
    def count(self) -> int:
        return len(self.lines)

    def emit(self, record: logging.LogRecord) -> None:
        line = " ".join(record.getMessage().split())
        self.lines.append(line)
        if not self.quiet:
            print(line, file=self.stream)
