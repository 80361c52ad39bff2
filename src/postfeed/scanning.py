"""Scanning many files: cached records where the file did not change, the rest scanned,
on several processes when there are enough of them for it to pay."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from postfeed.discovery import Found, with_stat
from postfeed.parallel import map_parts
from postfeed.scan import LoadOptions, Record, scan_file

if TYPE_CHECKING:
    from postfeed.cache import Cache

# Below this many files to scan, starting processes costs more than it saves (measured
# with benchmarks/run.py: 1,000 fresh files scan in about 0.1 s on one core).
PARALLEL_THRESHOLD = 1500


class _Scan:
    """Scan a part of the files; with a cache, also encode each record's cache line (in
    the workers, so the main process does not encode 10,000 records afterwards)."""

    def __init__(self, options: LoadOptions, encode: bool) -> None:
        self.options = options
        self.encode = encode

    def __call__(self, part: Sequence[Found]) -> list[tuple[Record, bytes | None]]:
        records = [scan_file(found, self.options) for found in part]
        if not self.encode:
            return [(record, None) for record in records]
        from postfeed.cache import record_line  # loaded already: the caller has a cache

        return [(record, record_line(record)) for record in records]


def scan_all(
    files: Sequence[Found],
    options: LoadOptions,
    cache: Cache | None,
    *,
    jobs: int,
    meanwhile: Callable[[], object] | None = None,
) -> tuple[Sequence[Found], list[Record]]:
    """One record per file, in the files' order, and the files with the sizes and
    mtimes the scan took (for those a walk without stat left unknown). ``meanwhile``
    runs while the workers of a large scan work (a small scan has none, nor runs it)."""
    records: list[Record | None] = [None] * len(files)
    todo: list[int] = []
    for index, found in enumerate(files):
        cached = cache.get(found) if cache is not None else None
        if cached is None:
            todo.append(index)
        else:
            records[index] = cached
    pending = [files[i] for i in todo]
    if jobs > 1 and len(pending) >= PARALLEL_THRESHOLD:
        scanned = map_parts(
            _Scan(options, cache is not None), pending, jobs=jobs, meanwhile=meanwhile
        )
    else:
        scanned = _Scan(options, encode=False)(pending)
    for index, (record, _) in zip(todo, scanned, strict=True):
        records[index] = record
    done = [record for record in records if record is not None]
    # The sizes and mtimes the scan took (a walk without stat left them unknown), or
    # made unknown (a file gone or swapped since the walk: the next run reads it again).
    files = [
        found
        if (found.size, found.mtime_ns) == (record.size, record.mtime_ns)
        else with_stat(found, record.size, record.mtime_ns)
        for found, record in zip(files, done, strict=True)
    ]
    if cache is not None:
        from postfeed.runstate import files_digest

        lines = [(record, line) for record, line in scanned if line is not None]
        cache.set_records(done, lines)
        cache.files_digest = files_digest(files)
    return files, done
