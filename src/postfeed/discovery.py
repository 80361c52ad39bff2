"""Finding post files under a root (SPEC §1): suffixes, hidden files, drafts, symlinks."""

from __future__ import annotations

import os
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

DEFAULT_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".txt")
SKIPPED_FOLDERS = frozenset({"_drafts"})


@dataclass(frozen=True, order=True)
class Found:
    """A post file: its path under the root as found (``/``-separated), and where it is."""

    relpath: str
    path: Path
    real: str
    via_link: bool


def _inside(real: str, root: str) -> bool:
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def _walk(
    folder: str,
    rel: str,
    root: str,
    suffixes: Collection[str],
    via_link: bool,
    ancestors: frozenset[str],
    problems: list[tuple[str, str]],
) -> Iterator[Found]:
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError as err:
        if not rel:
            raise  # the root itself: the caller reports it
        problems.append((rel.rstrip("/") or ".", f"cannot list folder: {err.strerror or err}"))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        relpath = f"{rel}{entry.name}"
        link = entry.is_symlink()
        if link:
            real = os.path.realpath(entry.path)
            if not _inside(real, root):
                continue  # never read anything outside the root
        else:
            real = entry.path
        try:
            is_dir = entry.is_dir(follow_symlinks=link)
            is_file = entry.is_file(follow_symlinks=link)
        except OSError:
            continue
        if is_dir:
            real_dir = os.path.realpath(entry.path)
            if entry.name in SKIPPED_FOLDERS or real_dir in ancestors:
                continue  # drafts, or a link back to a folder we are inside (a loop)
            yield from _walk(
                entry.path,
                relpath + "/",
                root,
                suffixes,
                via_link or link,
                ancestors | {real_dir},
                problems,
            )
        elif is_file and os.path.splitext(entry.name)[1].lower() in suffixes:
            yield Found(relpath, Path(entry.path), os.path.realpath(real), via_link or link)


def find_posts(
    root: str | os.PathLike[str],
    suffixes: Collection[str] = DEFAULT_SUFFIXES,
    problems: list[tuple[str, str]] | None = None,
) -> list[Found]:
    """Every post file under ``root``, sorted by path; each real file once.

    When several paths lead to one file, the one without a symlink in it wins, else the
    first in sorted order. Folders that cannot be listed are added to ``problems`` as
    ``(relpath, reason)``. Raises ``OSError`` when the root is not a folder.
    """
    real_root = os.path.realpath(root)
    if not os.path.isdir(real_root):
        raise NotADirectoryError(f"{os.fspath(root)!r} is not a folder")
    wanted = {s.lower() if s.startswith(".") else "." + s.lower() for s in suffixes}
    best: dict[str, Found] = {}
    found_problems = [] if problems is None else problems
    walk = _walk(
        os.fspath(root), "", real_root, wanted, False, frozenset({real_root}), found_problems
    )
    for found in walk:
        current = best.get(found.real)
        if current is None or (current.via_link, current.relpath) > (found.via_link, found.relpath):
            best[found.real] = found
    return sorted(best.values())
