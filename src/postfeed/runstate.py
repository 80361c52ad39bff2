"""The no-change check: is there anything to do at all? (Light: it parses no post.)

A cron run that finds the same settings, the same post files (path, size, mtime) and
every feed file as the last run left it has nothing to do. This module answers that
from the first line of the cache file and one walk of the posts folder, without
loading the parsers, Markdown, feedgen or lxml.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

from postfeed._version import __version__
from postfeed.discovery import Found, find_posts

FORMAT = "postfeed-cache"
VERSION = 4  # 4: a record holds a list of authors, an expiry date and the image


def default_cache_path(posts_dir: str | os.PathLike[str], output: str | os.PathLike[str]) -> Path:
    """``$XDG_CACHE_HOME/postfeed/<hash of the posts and output folders>.cache``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    pair = f"{os.path.abspath(posts_dir)}\0{os.path.abspath(output)}"
    name = hashlib.sha256(pair.encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return Path(base) / "postfeed" / f"{name}.cache"


def cache_problem(path: Path) -> str | None:
    """Why a cache file cannot be written at ``path`` (its folder cannot be made, or
    written, or the path is a folder), or ``None``. Makes the folder when it is missing."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        for above in (folder, *folder.parents):
            if above.exists() and not above.is_dir():
                return f"{above} is a file, not a folder"
        return f"cannot make {folder}: {err.strerror or err}"
    if path.is_dir():
        return f"{path} is a folder"
    if not os.access(folder, os.W_OK):
        return f"{folder} is not writable"
    return None


def spare_folder(*, make: bool) -> Path | None:
    """The user's own folder in the temporary folder, where a cache that cannot be kept
    in its place is kept instead (with a note that its problem was reported); ``None``
    when it cannot be made, or is not this user's alone."""
    base = Path(os.environ.get("TMPDIR") or "/tmp") / f"postfeed-{os.getuid()}"
    if make:
        try:
            base.mkdir(mode=0o700)
        except FileExistsError:
            pass
        except OSError:
            return None
    try:
        info = base.lstat()
    except OSError:
        return None
    private = stat.S_ISDIR(info.st_mode) and not info.st_mode & 0o077
    return base if private and info.st_uid == os.getuid() else None


def spare_name(path: Path) -> str:
    """The spare cache's file name: one per cache path, never two sites' in one file."""
    key = os.path.abspath(path).encode("utf-8", "surrogateescape")
    return hashlib.sha256(key).hexdigest()[:24]


def files_digest(files: Iterable[Found]) -> str:
    """One hash of every post file's path, size and mtime: equal means nothing changed."""
    text = "".join(f"{found.relpath}\0{found.size}\0{found.mtime_ns}\n" for found in files)
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


# A cache file larger than this is not read (a 10,000-post cache is a few megabytes); it
# is rebuilt. Its first line alone is read for a no-change run.
MAX_CACHE_BYTES = 256 * 2**20


class NotRegular(ValueError):
    """The cache path names something other than a regular file: never read or replaced."""


def check_cache_path(path: str | os.PathLike[str]) -> None:
    """``NotRegular`` when ``path`` exists and is not a regular file (a device, a FIFO,
    a folder, a symlink): the cache would replace it, or hang reading it."""
    try:
        info = os.lstat(path)
    except OSError:
        return  # missing (made on save), or unreadable (warned about when read)
    if not stat.S_ISREG(info.st_mode):
        raise NotRegular(
            f"cache {os.fspath(path)!r} is not a regular file; name another one"
            " (or none: --no-cache)"
        )


def read_cache_bytes(path: Path, *, first_line: bool = False) -> bytes | None:
    """The cache file's bytes (or first line), ``None`` when there is none; never more
    than ``MAX_CACHE_BYTES``, never through a symlink, never waiting on a FIFO.
    ``NotRegular`` for what is not a regular file, ``ValueError`` for a file too large,
    ``OSError`` for one that cannot be read."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise NotRegular(f"cache {os.fspath(path)!r} is a symlink") from err
        raise
    with os.fdopen(fd, "rb") as stream:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular(f"cache {os.fspath(path)!r} is not a regular file")
        if first_line:
            return stream.readline(MAX_CACHE_BYTES)
        if info.st_size > MAX_CACHE_BYTES:
            raise ValueError(f"larger than {MAX_CACHE_BYTES:,} bytes")
        return stream.read(MAX_CACHE_BYTES + 1)


def read_header(path: Path) -> dict[str, Any] | None:
    """The first line only: what a no-change run needs. ``None`` when unusable."""
    try:
        line = read_cache_bytes(path, first_line=True)
        if line is None:
            return None
        header = json.loads(line)
    except (OSError, ValueError):
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
) -> Replay | None:
    """When nothing changed since the last run, what it reported; else ``None``.

    Nothing changed means: the same settings, the same post files with the same sizes and
    mtimes, every feed file still as that run left it, and no scheduled post due. This
    reads one line of the cache and stats the files; it parses no post.
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
    if files_digest(files) != state.get("files"):
        return None
    warnings = state.get("warnings")
    if not isinstance(warnings, list):
        return None
    return Replay([str(w) for w in warnings], list(outputs))
