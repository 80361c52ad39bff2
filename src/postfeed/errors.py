"""The two exceptions postfeed raises; both refine ``ValueError``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath


class PostError(ValueError):
    """A post that cannot be loaded or normalised.

    ``path`` is the post's file (relative to the posts root when loaded from a folder, or
    ``None`` for a post built in memory) and ``reason`` a one-line explanation.
    """

    def __init__(self, path: str | PurePath | None, reason: str) -> None:
        self.path = None if path is None else str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}" if self.path is not None else reason)


class FeedError(ValueError):
    """A feed that cannot be built or written, with a one-line reason.

    ``problems`` holds what ``check`` found when the reason is an invalid document.
    """

    def __init__(self, reason: str, *, problems: Sequence[object] = ()) -> None:
        self.problems = tuple(problems)
        super().__init__(reason)
