"""The edit fast path: posts changed, but none that a feed shows or would show.

An old post edited (a typo fixed, a paragraph added) changes no feed when it keeps its
link, id, tags, draft flag and warnings, stays valid, and still sorts after the last post
the feeds show. Such a run is answered from the cache file without decoding its 10,000
records or building a feed: the changed posts are scanned again and their rows replaced.
The feeds, the report and the cache file come out exactly as a full run would leave them
(tests compare them byte for byte); anything else is left to the full run.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

from postfeed.cache import (
    encode_header,
    options_key,
    record_from_row,
    record_line,
    write_cache_file,
)
from postfeed.discovery import Found
from postfeed.runstate import Replay, files_digest, output_stats, read_header
from postfeed.scan import LoadOptions, Record, scan_file

MAX_CHANGED = 20  # more changed posts than this: a full run is as quick

# The start of a record's row: ["relpath", size, mtime_ns, … (as cache.record_line writes it)
_ROW = re.compile(rb'\["((?:[^"\\]|\\.)*)", (\d+), (\d+),')


def _relpath(raw: bytes) -> str:
    if b"\\" in raw:
        return str(json.loads(b'"' + raw + b'"'))
    return raw.decode("utf-8", "surrogateescape")


def refresh(
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
) -> Replay | None:
    """Bring the cache up to date after edits that change no feed, and return what the
    last run reported; ``None`` (nothing written) when a full run is needed."""
    header = read_header(cache_path)
    state = header.get("state") if header else None
    if (
        header is None
        or not isinstance(state, dict)
        or header.get("key") != options_key(options, suffixes)
    ):
        return None
    digest = files_digest(files)
    if state.get("settings") != settings_digest or state.get("files") == digest:
        return None
    now = dt.datetime.now(dt.UTC)
    due, outputs = state.get("next_change"), state.get("outputs")
    if isinstance(due, int | float) and now.timestamp() >= due:
        return None
    if not isinstance(outputs, dict) or not outputs or output_stats(output, outputs) != outputs:
        return None
    selected, warnings = state.get("selected"), state.get("warnings")
    if not isinstance(selected, list) or not isinstance(warnings, list):
        return None
    if limit <= 0 or len(selected) < limit:
        return None  # every post that is not left out is shown: any edit may show
    try:
        data = cache_path.read_bytes()
    except OSError:
        return None
    lines = data.split(b"\n")  # the header, the rendered HTML, one row per record, ""
    rows: dict[str, tuple[int, int, int]] = {}  # relpath → (line, size, mtime_ns)
    for number in range(2, len(lines) - 1):
        match = _ROW.match(lines[number])
        if match is None:
            return None
        rows[_relpath(match.group(1))] = (number, int(match.group(2)), int(match.group(3)))
    by_path = {found.relpath: found for found in files}
    if rows.keys() != by_path.keys() or selected[-1] not in rows:
        return None  # posts added or removed: a full run
    changed = [found for found in files if (found.size, found.mtime_ns) != rows[found.relpath][1:]]
    if len(changed) > MAX_CHANGED:
        return None
    last = _row_record(lines[rows[selected[-1]][0]])
    if last is None or last.date is None:
        return None
    last_key = (last.date, by_path[last.relpath].path)
    shown = set(selected)
    for found in changed:
        number = rows[found.relpath][0]
        old, new = _row_record(lines[number]), scan_file(found, options)
        if old is None or found.relpath in shown:
            return None
        if not _unseen(old, new, found, last_key, now, include_drafts, include_future):
            return None
        lines[number] = record_line(new)
    header["state"] = {**state, "files": digest}
    lines[0] = encode_header(header)
    if not write_cache_file(cache_path, b"\n".join(lines)):
        return None
    return Replay([str(w) for w in warnings], list(outputs))


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
