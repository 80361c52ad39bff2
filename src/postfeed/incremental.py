"""Fast paths for a run after a few posts changed or were added (none removed).

Both are answered from the cache file and the few changed posts, without decoding the
other 10,000 records; the feeds, the report and the cache file come out exactly as a
full run would leave them (tests compare them byte for byte). Anything else is left to
the full run.

- Edits outside the feeds: an old post edited (a typo fixed, a paragraph added) changes
  no feed when it keeps its link, id, tags, draft flag and warnings, stays valid, and
  still sorts after the last post the feeds show. Its row is replaced; nothing is built.
- A narrowed load: otherwise the feeds are built again, from the posts the last run's
  feeds showed and the changed or added ones, when no other post can enter a feed (none
  removed, no shown post sorting lower or losing a tag) and nothing else the full run
  reports can change (no new warning, no new link or id clash, no post scheduled).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from postfeed.cache import (
    encode_header,
    options_key,
    record_from_row,
    record_line,
    write_cache_file,
)
from postfeed.discovery import Found
from postfeed.runstate import Replay, files_digest, header_of, output_stats
from postfeed.scan import LoadOptions, Record, read_bytes, scan_file

MAX_CHANGED = 20  # more changed or added posts than this: a full run

# The start of a record's row: ["relpath", size, mtime_ns, … (as cache.record_line writes it)
_ROW = re.compile(rb'\["((?:[^"\\]|\\.)*)", (\d+), (\d+),')
_QUOTE = json.JSONEncoder(ensure_ascii=False).encode  # a string as record_line writes it


def _relpath(raw: bytes) -> str:
    if b"\\" in raw:
        return str(json.loads(b'"' + raw + b'"'))
    return raw.decode("utf-8", "surrogateescape")


class Narrowed(NamedTuple):
    """A load of only the posts that can be in the feeds now. The cache file's other
    rows are written back as read, and the last run's load warnings repeated."""

    files: list[Found]  # the posts to load: those shown last time, and the changed ones
    every: list[Found]  # every post file, in path order
    lines: list[bytes]  # the cache file as read
    numbers: dict[str, int]  # relpath → the line number of its row
    places: dict[str, int]  # an added file's relpath → the line number its row goes before
    warnings: list[str]  # what the last run warned about while loading
    next_change: float | None  # unchanged: no post scheduled was changed or added


class _Read(NamedTuple):
    header: dict[str, Any]
    state: dict[str, Any]
    lines: list[bytes]
    numbers: dict[str, int]  # relpath → the line number of its row
    places: dict[str, int]  # an added file's relpath → the line number its row goes before
    changed: list[Found]  # the files with no row (added) or a row of another size or mtime


def _read(
    cache_path: Path,
    settings_digest: str,
    options: LoadOptions,
    suffixes: Collection[str],
    files: Sequence[Found],
) -> _Read | None:
    """The cache file's lines, when it was made with these settings, matched with the
    files; ``None`` when a post was removed, a row is damaged, or too many changed."""
    try:
        data = cache_path.read_bytes()
    except OSError:
        return None
    lines = data.split(b"\n")  # the header, the rendered HTML, one row per record, ""
    header = header_of(lines[0])
    state = header.get("state") if header else None
    if (
        header is None
        or not isinstance(state, dict)
        or header.get("key") != options_key(options, suffixes)
        or state.get("settings") != settings_digest
    ):
        return None
    # Rows are in path order, as the files are: one merge, and most rows are told
    # unchanged by their start alone (7 ms for 10,000, a third of parsing each). A row is
    # passed only when a file has its path: a post removed (or a row damaged) leaves
    # rows behind, and the files after it all look changed.
    numbers: dict[str, int] = {}
    places: dict[str, int] = {}
    changed: list[Found] = []
    number, end = 2, len(lines) - 1
    for found in files:
        line = lines[number] if number < end else b""
        start = f"[{_QUOTE(found.relpath)}, {found.size}, {found.mtime_ns},"
        if line.startswith(start.encode("utf-8", "surrogateescape")):
            numbers[found.relpath] = number
            number += 1
            continue
        match = _ROW.match(line)
        if match is not None and _relpath(match.group(1)) == found.relpath:
            numbers[found.relpath] = number  # changed since its row was written
            number += 1
        else:
            places[found.relpath] = number  # added: its row goes before this one
        changed.append(found)
        if len(changed) > MAX_CHANGED:
            return None
    if number != end:
        return None  # rows left: posts removed, or a row damaged
    return _Read(header, state, lines, numbers, places, changed)


def update(
    cache_path: Path,
    settings_digest: str,
    options: LoadOptions,
    suffixes: Collection[str],
    files: Sequence[Found],
    output: Path,
    *,
    limit: int,
    include_drafts: bool,
    include_future: bool,
) -> Replay | Narrowed | None:
    """A ``Replay`` when only posts outside the feeds changed (the cache file is brought
    up to date; nothing else to do), a ``Narrowed`` load when the feeds must be built
    again from a few posts, ``None`` (nothing written) when a full run is needed."""
    read = _read(cache_path, settings_digest, options, suffixes, files)
    if read is None:
        return None
    state, numbers, changed = read.state, read.numbers, read.changed
    now = dt.datetime.now(dt.UTC)
    due, selected, warnings = state.get("next_change"), state.get("selected"), state.get("warnings")
    if isinstance(due, int | float) and now.timestamp() >= due:
        return None
    if not isinstance(selected, list) or not isinstance(warnings, list):
        return None
    if not set(selected) <= numbers.keys() or not changed:
        return None
    olds: dict[str, Record] = {}
    for found in changed:
        if found.relpath in numbers:
            old = _row_record(read.lines[numbers[found.relpath]])
            if old is None:
                return None  # a damaged row: the full run warns about it
            olds[found.relpath] = old
    news = {found.relpath: scan_file(found, options) for found in changed}
    if len(olds) == len(news):
        replay = _outside_feeds(
            cache_path, read, news, olds, files, output, now,
            limit=limit, include_drafts=include_drafts, include_future=include_future,
        )  # fmt: skip
        if replay is not None:
            return replay
    return _narrowed(read, news, olds, files, now, include_future=include_future)


def _outside_feeds(
    cache_path: Path,
    read: _Read,
    news: dict[str, Record],
    olds: dict[str, Record],
    files: Sequence[Found],
    output: Path,
    now: dt.datetime,
    *,
    limit: int,
    include_drafts: bool,
    include_future: bool,
) -> Replay | None:
    """The edit path: every changed post was and stays out of every feed."""
    state, numbers = read.state, read.numbers
    selected, outputs = state["selected"], state.get("outputs")
    if limit <= 0 or len(selected) < limit:
        return None  # every post that is not left out is shown: any edit may show
    if not isinstance(outputs, dict) or not outputs or output_stats(output, outputs) != outputs:
        return None
    by_path = {found.relpath: found for found in files}
    last = _row_record(read.lines[numbers[selected[-1]]])
    if last is None or last.date is None:
        return None
    last_key = (last.date, by_path[last.relpath].path)
    shown = set(selected)
    for name, new in news.items():
        seen = name in shown or not _unseen(
            olds[name], new, by_path[name], last_key, now, include_drafts, include_future
        )
        if seen:
            return None
    lines = list(read.lines)  # the read ones stay as read, for a narrowed load after all
    for name, new in news.items():
        lines[numbers[name]] = record_line(new)
    header = {**read.header, "state": {**state, "files": files_digest(files)}}
    lines[0] = encode_header(header)
    if not write_cache_file(cache_path, b"\n".join(lines)):
        return None
    return Replay([str(w) for w in state["warnings"]], list(outputs))


# A template tag that links to another post of the folder ({% link %}, Hugo's ref).
_LINK_TAG = re.compile(rb"\{%-?\s*(?:link|post_url)\s|\{\{[<%]\s*(?:rel)?ref\s")


def _names_a_post(found: Found) -> bool:
    try:
        return _LINK_TAG.search(read_bytes(found)) is not None
    except OSError:
        return True


def _narrowed(
    read: _Read,
    news: dict[str, Record],
    olds: dict[str, Record],
    files: Sequence[Found],
    now: dt.datetime,
    *,
    include_future: bool,
) -> Narrowed | None:
    """The narrowed load, when it gives the full run's feeds, warnings and cache."""
    state = read.state
    loaded, next_change = state.get("loaded"), state.get("next_change")
    if not isinstance(loaded, int) or not isinstance(next_change, int | float | None):
        return None
    shown = set(state["selected"])
    for record in (*news.values(), *olds.values()):
        if record.problem is not None or record.warnings:
            return None  # the warnings would change
        assert record.date is not None  # no problem: a date
        if not include_future and record.date > now:
            return None  # scheduled: when it shows is the full run's business
    for name, old in olds.items():
        new = news[name]
        assert new.date is not None and old.date is not None
        lower = (new.draft, new.tags) != (old.draft, old.tags) or new.date < old.date
        if name in shown and lower:
            return None  # a shown post sorting lower or leaving a tag lets another in
    if _clashes(read, news, olds):
        return None
    by_path = {found.relpath: found for found in files}
    if any(_names_a_post(by_path[name]) for name in news if name in by_path):
        return None  # its link tags resolve against every post: the full run's business
    return Narrowed(
        files=[found for found in files if found.relpath in shown or found.relpath in news],
        every=list(files),
        lines=read.lines,
        numbers=read.numbers,
        places=read.places,
        warnings=[str(w) for w in state["warnings"][:loaded]],
        next_change=next_change,
    )


def _clashes(read: _Read, news: dict[str, Record], olds: dict[str, Record]) -> bool:
    """Whether a changed post's link or id, old or new, is any other post's link or id
    (or merely appears in another row: then the full run decides)."""
    rows = b"\n".join(read.lines[2:])
    owner: dict[bytes, str] = {}
    for name, record in (*news.items(), *olds.items()):
        for value in (record.link, record.id):
            needle = _QUOTE(value).encode("utf-8", "surrogateescape")
            if owner.setdefault(needle, name) != name:
                return True  # two changed posts
    for needle, name in owner.items():
        own = read.lines[read.numbers[name]].count(needle) if name in read.numbers else 0
        if rows.count(needle) > own:
            return True
    return False


def _row_record(line: bytes) -> Record | None:
    """A cached record, or ``None`` for a damaged row (the full run warns about it)."""
    try:
        row: list[Any] = json.loads(line)
        return record_from_row(row)
    except (ValueError, TypeError, IndexError, KeyError, AttributeError):
        return None


def _unseen(
    old: Record,
    new: Record,
    found: Found,
    last_key: tuple[dt.datetime, str],
    now: dt.datetime,
    include_drafts: bool,
    include_future: bool,
) -> bool:
    """Whether a post edited from ``old`` to ``new`` was and stays out of every feed, with
    the same warnings and the same part in link and id clashes."""
    if old.problem is not None or new.problem is not None:
        return False
    same = ("warnings", "link", "id", "draft", "tags")
    if any(getattr(old, name) != getattr(new, name) for name in same):
        return False
    if new.draft and not include_drafts:
        return True  # left out, before and after
    last_date, last_path = last_key
    assert old.date is not None and new.date is not None  # no problem: a date
    if not include_future and (old.date > now or new.date > now):
        return False  # scheduled: when it shows is the full run's business
    return new.date < last_date or (new.date == last_date and found.path > last_path)
