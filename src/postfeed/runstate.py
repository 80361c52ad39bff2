"""The no-change check: is there anything to do at all? (Light: it parses no post.)

A cron run that finds the same settings, the same post files (path, size, mtime) and
every feed file as the last run left it has nothing to do. This module answers that
from the first line of the cache file and one walk of the posts folder, without
loading the parsers, Markdown, feedgen or lxml.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

from postfeed._version import __version__
from postfeed.discovery import Found, find_posts

FORMAT = "postfeed-cache"
VERSION = 2  # 2: records hold the post's image


def default_cache_path(posts_dir: str | os.PathLike[str], output: str | os.PathLike[str]) -> Path:
    """``$XDG_CACHE_HOME/postfeed/<hash of the posts and output folders>.cache``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    pair = f"{os.path.abspath(posts_dir)}\0{os.path.abspath(output)}"
    name = hashlib.sha256(pair.encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return Path(base) / "postfeed" / f"{name}.cache"


def files_digest(files: Iterable[Found]) -> str:
    """One hash of every post file's path, size and mtime: equal means nothing changed."""
    if isinstance(files, Walk):
        return files.digest()
    text = "".join(f"{found.relpath}\0{found.size}\0{found.mtime_ns}\n" for found in files)
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


class Walk(list[Found]):
    """The files one walk found, filled once; their digest is computed once, however
    many steps of a run (no-change check, fast paths, the load) ask for it."""

    _digest: tuple[int, str] | None = None

    def digest(self) -> str:
        if self._digest is None or self._digest[0] != len(self):
            self._digest = (len(self), files_digest(list(self)))
        return self._digest[1]


def read_header(path: Path) -> dict[str, Any] | None:
    """The first line only: what a no-change run needs. ``None`` when unusable."""
    try:
        with open(path, "rb") as stream:
            return header_of(stream.readline())
    except OSError:
        return None


def header_of(line: bytes) -> dict[str, Any] | None:
    """The cache file's first line, parsed; ``None`` when it is not ours or not this version."""
    try:
        header = json.loads(line)
    except ValueError:
        return None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        return None
    if header.get("version") != VERSION or header.get("postfeed") != __version__:
        return None
    return header


def output_stats(output: Path, names: Iterable[str]) -> dict[str, list[int]] | None:
    """Each feed file's ``[size, mtime_ns]``, or ``None`` when one is missing."""
    stats = {}
    for rel in names:
        try:
            info = os.stat(output / rel)
        except OSError:
            return None
        stats[rel] = [info.st_size, info.st_mtime_ns]
    return stats


class Replay(NamedTuple):
    """What a run that found nothing changed repeats: the warnings, the feed files."""

    warnings: list[str]
    outputs: list[str]


def unchanged(
    cache_path: Path,
    settings_digest: str,
    root: str | os.PathLike[str],
    output: Path,
    walked: list[Found] | None = None,
) -> Replay | None:
    """When nothing changed since the last run, what it reported; else ``None``.

    Nothing changed means: the same settings, the same post files with the same sizes and
    mtimes, every feed file still as that run left it, and no scheduled post due. This
    reads one line of the cache and stats the files; it parses no post. The walk, when
    it happened, is added to ``walked``.
    """
    header = read_header(cache_path)
    state = header.get("state") if header else None
    if not isinstance(state, dict) or state.get("settings") != settings_digest:
        return None
    due = state.get("next_change")
    if isinstance(due, int | float) and dt.datetime.now(dt.UTC).timestamp() >= due:
        return None
    outputs = state.get("outputs")
    if not isinstance(outputs, dict) or not outputs:
        return None
    if output_stats(output, list(outputs)) != outputs:
        return None
    problems: list[tuple[str, str]] = []
    try:
        files = find_posts(root, problems=problems)
    except OSError:
        return None
    if problems:
        return None
    if walked is not None:
        walked.extend(files)  # the full run that follows need not walk again
        files = walked  # a Walk keeps the digest for the rest of the run
    if files_digest(files) != state.get("files"):
        return None
    warnings = state.get("warnings")
    if not isinstance(warnings, list):
        return None
    return Replay([str(w) for w in warnings], list(outputs))
