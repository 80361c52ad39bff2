"""Finding post files under a root (SPEC §1): suffixes, hidden files, drafts, symlinks.

The walk also takes each file's size and modification time (one ``stat`` a file), which
is what the cache compares to know a post did not change; a load with nothing to compare
them with walks without, and its scan takes them from the files it opens.
"""

from __future__ import annotations

import bisect
import heapq
import operator
import os
import re
from collections.abc import Collection
from typing import NamedTuple

DEFAULT_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mdx", ".txt")
# Jekyll's `_drafts`, and the `drafts`/`draft` folders other sites keep outside their
# generator's content path (Pelican, Hugo): never published as they are.
SKIPPED_FOLDERS = frozenset({"_drafts", "drafts", "draft"})
# Pelican's PAGE_PATHS default: `pages/` at the top of the content folder (the root, or a
# folder named `content` as pelican-quickstart and Hugo make it) holds pages, not articles.
PAGES_FOLDER = "pages"
CONTENT_FOLDER = "content"
# Jekyll's posts folder (at any depth) holds posts only under its DATE_FILENAME_MATCHER.
JEKYLL_POSTS = "/_posts/"
_JEKYLL_NAME = re.compile(r"\d{2,4}-\d{1,2}-\d{1,2}-")
# A folder with one of these is a page bundle (Hugo, Zola): its `.txt` files are the
# page's own files (assets), not posts.
BUNDLE_INDEXES = frozenset({"index.md", "index.markdown", "index.mdown", "index.mkd", "index.mdx"})
# Section pages (Hugo, Zola): `_index.md` lists a section, it is not a post.
SECTION_STEM = "_index"
# Not posts, by name: section pages, and the README that documents a folder (the
# build code of MDX blogs skips it; GitHub shows it).
NOT_POSTS = frozenset({SECTION_STEM, "README", "readme", "Readme"})


class Found(NamedTuple):
    """A post file: its path under the root as found (``/``-separated), and where it is."""

    relpath: str
    path: str
    real: str
    via_link: bool
    size: int = -1  # -1: not known yet (a walk without stat; the scan takes them)
    mtime_ns: int = -1


_relpath = operator.itemgetter(0)  # files are sorted by relative path (unique in a walk)


def with_stat(found: Found, size: int, mtime_ns: int) -> Found:
    """``found`` with its size and mtime."""
    return found._replace(size=size, mtime_ns=mtime_ns)


def _inside(real: str, root: str) -> bool:
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def _walk(
    root_path: str,
    real_root: str,
    suffixes: Collection[str],
    problems: list[tuple[str, str]],
    stat: bool,
    indexes: list[str],
    skip: Collection[str] = (),
) -> list[Found]:
    """Every post file under the root, as found: each real folder is listed once. The
    index pages of folders that have folders of their own are added to ``indexes``.

    The folders reached without a symlink are walked first (a loop over a stack: no
    recursion); then the symlinked folders, in the order of their paths, each only when
    its real folder was not walked yet: linear in the folders there are, whatever the
    links (a chain of folders each linking twice to the next is not a binary tree).
    """
    found: list[Found] = []
    append, new, sep = found.append, tuple.__new__, os.sep
    size = mtime_ns = -1
    seen = {real_root}  # real folders walked (or about to be)
    links: list[tuple[str, str, str]] = []  # a heap of symlinked folders: (rel, path, real)

    def walk_tree(top: str, real_top: str, top_rel: str, via_link: bool) -> None:
        nonlocal size, mtime_ns
        stack = [(top, real_top, top_rel)]
        while stack:
            folder, real_folder, rel = stack.pop()
            try:
                with os.scandir(folder) as scan:
                    entries = list(scan)  # order does not matter: find_posts sorts the result
            except OSError as err:
                if not rel:
                    raise  # the root itself: the caller reports it
                problems.append((rel.rstrip("/"), f"cannot list folder: {err.strerror or err}"))
                continue
            jekyll_posts = JEKYLL_POSTS in f"/{rel}"
            bundle = any(entry.name.lower() in BUNDLE_INDEXES for entry in entries)
            has_folders = bundle and any(_is_folder(entry) for entry in entries)
            for entry in entries:
                name = entry.name
                if name[0] == ".":
                    continue
                link = entry.is_symlink()
                if link:
                    try:
                        real = os.path.realpath(entry.path)
                    except OSError:  # gone since the folder was listed
                        continue
                    if not _inside(real, real_root):
                        continue  # never read anything outside the root
                else:
                    real = f"{real_folder}{sep}{name}"  # no link on the way: no realpath
                try:
                    is_dir = entry.is_dir(follow_symlinks=link)
                except OSError:
                    continue
                if is_dir:
                    if name == PAGES_FOLDER and (
                        rel == "" or rel.rstrip("/").rsplit("/", 1)[-1] == CONTENT_FOLDER
                    ):
                        continue
                    if name in SKIPPED_FOLDERS or real in seen:  # drafts; loops, seen
                        continue
                    if skip and (name in skip or f"{rel}{name}" in skip):
                        continue
                    if link:
                        heapq.heappush(links, (f"{rel}{name}/", entry.path, real))
                    else:
                        seen.add(real)
                        stack.append((entry.path, real, f"{rel}{name}/"))
                    continue
                dot = name.rfind(".")
                if dot < 0 or name[dot:].lower() not in suffixes or name[:dot] in NOT_POSTS:
                    continue
                if bundle and name[dot:].lower() == ".txt":
                    continue  # a text file in a page bundle is one of its files, not a post
                if bundle and name.lower() in BUNDLE_INDEXES:
                    if not rel:
                        continue  # the root's index page: the blog's home, never a post
                    if has_folders:
                        indexes.append(f"{rel}{name}")  # a list page, if posts lie below it
                if jekyll_posts and _JEKYLL_NAME.match(name) is None:
                    continue  # Jekyll reads only dated names in _posts (a README is not a post)
                try:
                    if not entry.is_file(follow_symlinks=link):
                        continue  # fifos, sockets, devices (told without a stat)
                    if stat:
                        info = entry.stat(follow_symlinks=link)
                        size, mtime_ns = info.st_size, info.st_mtime_ns
                except OSError:
                    continue
                path = (f"{rel}{name}", entry.path, real, via_link or link, size, mtime_ns)
                append(new(Found, path))

    walk_tree(root_path, real_root, "", False)
    while links:  # by path: of several links to one folder, the first in sorted order
        rel, path, real = heapq.heappop(links)
        if real not in seen:
            seen.add(real)
            walk_tree(path, real, rel, True)
    return found


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.name[0] != "." and entry.is_dir()
    except OSError:
        return False


def _without_list_pages(found: list[Found], indexes: list[str]) -> list[Found]:
    """``found`` (sorted) without the index pages that have posts in folders below them:
    a blog's list page (`blog/index.md` over `blog/2024/post.md`), not a post. A page
    bundle's index, with only its images beside it, stays."""
    paths = [item.relpath for item in found]
    dropped = set()
    for index in indexes:
        folder = index[: index.rfind("/") + 1]
        start = bisect.bisect_left(paths, folder)
        for path in paths[start:]:
            if not path.startswith(folder):
                break
            if "/" in path[len(folder) :]:
                dropped.add(index)
                break
    return [item for item in found if item.relpath not in dropped] if dropped else found


def find_posts(
    root: str | os.PathLike[str],
    suffixes: Collection[str] = DEFAULT_SUFFIXES,
    problems: list[tuple[str, str]] | None = None,
    *,
    stat: bool = True,
    skip: Collection[str] = (),
) -> list[Found]:
    """Every post file under ``root``, sorted by path; each real file once.

    When several paths lead to one file, the one without a symlink in it wins, else the
    first in sorted order. Folders that cannot be listed are added to ``problems`` as
    ``(relpath, reason)``. Raises ``OSError`` when the root is not a folder.
    ``stat=False`` leaves sizes and mtimes unknown (-1), for a scan that reads every file
    anyway and takes them then (stat is much of what a walk costs). ``skip`` names folders
    never walked into: a name (``node_modules``, at any depth) or a path under ``root``.
    """
    real_root = os.path.realpath(root)
    if not os.path.isdir(real_root):
        raise NotADirectoryError(f"{os.fspath(root)!r} is not a folder")
    wanted = {s.lower() if s.startswith(".") else "." + s.lower() for s in suffixes}
    problems = [] if problems is None else problems
    indexes: list[str] = []
    found = _walk(os.fspath(root), real_root, wanted, problems, stat, indexes, skip)
    if not any(f.via_link for f in found):
        found.sort(key=_relpath)  # no symlink anywhere: every path is a file of its own
        return _without_list_pages(found, indexes) if indexes else found
    best: dict[str, Found] = {}
    for item in found:
        current = best.get(item.real)
        if current is None or (current.via_link, current.relpath) > (item.via_link, item.relpath):
            best[item.real] = item
    return _without_list_pages(sorted(best.values(), key=_relpath), indexes)
