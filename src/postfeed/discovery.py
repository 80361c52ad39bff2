"""Finding post files under a root (SPEC §1): suffixes, hidden files, drafts, symlinks.

The walk also takes each file's size and modification time (one ``stat`` it needs
anyway), which is what the cache compares to know a post did not change.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import NamedTuple

DEFAULT_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".txt")
SKIPPED_FOLDERS = frozenset({"_drafts"})


class Found(NamedTuple):
    """A post file: its path under the root as found (``/``-separated), and where it is."""

    relpath: str
    path: str
    real: str
    via_link: bool
    size: int = 0
    mtime_ns: int = 0


def _inside(real: str, root: str) -> bool:
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


@dataclass
class _Walk:
    root: str
    suffixes: Collection[str]
    problems: list[tuple[str, str]]

    def folder(
        self, folder: str, real_folder: str, rel: str, via_link: bool, ancestors: frozenset[str]
    ) -> Iterator[Found]:
        try:
            with os.scandir(folder) as scan:
                entries = list(scan)  # order does not matter: find_posts sorts the result
        except OSError as err:
            if not rel:
                raise  # the root itself: the caller reports it
            self.problems.append((rel.rstrip("/"), f"cannot list folder: {err.strerror or err}"))
            return
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            link = entry.is_symlink()
            if link:
                real = os.path.realpath(entry.path)
                if not _inside(real, self.root):
                    continue  # never read anything outside the root
            else:
                real = os.path.join(real_folder, name)  # no link on the way: no realpath
            try:
                is_dir = entry.is_dir(follow_symlinks=link)
            except OSError:
                continue
            if is_dir:
                if name in SKIPPED_FOLDERS or real in ancestors:
                    continue  # drafts, or a link back to a folder we are inside (a loop)
                yield from self.folder(
                    entry.path, real, f"{rel}{name}/", via_link or link, ancestors | {real}
                )
            elif name[name.rfind(".") :].lower() in self.suffixes:
                try:
                    info = entry.stat(follow_symlinks=link)
                except OSError:
                    continue
                if not entry.is_file(follow_symlinks=link):
                    continue  # fifos, sockets, devices
                yield Found(
                    f"{rel}{name}",
                    entry.path,
                    real,
                    via_link or link,
                    info.st_size,
                    info.st_mtime_ns,
                )


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
    walk = _Walk(real_root, wanted, [] if problems is None else problems)
    best: dict[str, Found] = {}
    for found in walk.folder(os.fspath(root), real_root, "", False, frozenset({real_root})):
        current = best.get(found.real)
        if current is None or (current.via_link, current.relpath) > (found.via_link, found.relpath):
            best[found.real] = found
    return sorted(best.values())
