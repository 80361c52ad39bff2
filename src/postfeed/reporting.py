"""The command's report of the library's warnings: one line each, counted for --strict."""

from __future__ import annotations

import logging
from collections.abc import Collection
from typing import TextIO

from postfeed.cache import ONCE


class WarningCounter(logging.Handler):
    """Keeps the warnings the library logs (one line each), and prints them unless quiet.

    A warning in ``said`` (the last run's report) is not printed again: cron mails a
    problem once, not every minute. ``repeat`` (a person at a terminal, or ``--verbose``)
    prints them all."""

    def __init__(
        self, stream: TextIO, quiet: bool, *, said: Collection[str] = (), repeat: bool = True
    ) -> None:
        super().__init__(logging.WARNING)
        self.stream = stream
        self.quiet = quiet
        self.said = frozenset(said)
        self.repeat = repeat
        self.lines: list[str] = []  # every warning, in order
        self.once: set[int] = set()  # the indexes of those about this run only (ONCE)

    @property
    def count(self) -> int:
        return len(self.lines)

    @property
    def report(self) -> list[str]:
        """The warnings a run that finds nothing changed repeats."""
        return [line for index, line in enumerate(self.lines) if index not in self.once]

    def emit(self, record: logging.LogRecord) -> None:
        line = " ".join(record.getMessage().split())
        if getattr(record, ONCE, False):
            self.once.add(len(self.lines))
        self.lines.append(line)
        if not self.quiet and (self.repeat or line not in self.said):
            print(line, file=self.stream)
