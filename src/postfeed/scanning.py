"""Scanning many files: cached records where the file did not change, the rest scanned,
on several processes when there are enough of them for it to pay."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from postfeed.discovery import Found
from postfeed.scan import LoadOptions, Record, scan_file

if TYPE_CHECKING:
    from postfeed.cache import Cache

# Below this many files to scan, starting processes costs more than it saves (measured
# with benchmarks/run.py: 1,000 fresh files scan in about 0.1 s on one core).
PARALLEL_THRESHOLD = 1500
CHUNKS_PER_JOB = 4


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _scan_chunk(chunk: Sequence[Found], options: LoadOptions) -> list[Record]:
    return [scan_file(found, options) for found in chunk]


def _scan_parallel(todo: Sequence[Found], options: LoadOptions, jobs: int) -> list[Record]:
    import multiprocessing  # only for a large cold scan
    from concurrent.futures import ProcessPoolExecutor

    try:
        context = multiprocessing.get_context("fork")
    except ValueError:  # pragma: no cover - no fork on this platform
        return _scan_chunk(todo, options)
    # Load the parsers once, here: forked workers share them instead of each loading its own.
    import postfeed.front_matter
    import postfeed.header_block  # noqa: F401

    size = -(-len(todo) // (jobs * CHUNKS_PER_JOB))
    chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            results = pool.map(_scan_chunk, chunks, [options] * len(chunks))
            return [record for chunk in results for record in chunk]
    except (OSError, RuntimeError):  # no processes to be had: one is enough
        return _scan_chunk(todo, options)


def scan_all(
    files: Sequence[Found], options: LoadOptions, cache: Cache | None, *, jobs: int | None
) -> list[Record]:
    """One record per file, in the files' order."""
    records: list[Record | None] = [None] * len(files)
    todo: list[int] = []
    for index, found in enumerate(files):
        cached = cache.get(found) if cache is not None else None
        if cached is None:
            todo.append(index)
        else:
            records[index] = cached
    jobs = available_cpus() if jobs is None else max(1, jobs)
    pending = [files[i] for i in todo]
    if jobs > 1 and len(pending) >= PARALLEL_THRESHOLD:
        scanned = _scan_parallel(pending, options, jobs)
    else:
        scanned = _scan_chunk(pending, options)
    for index, record in zip(todo, scanned, strict=True):
        records[index] = record
    done = [record for record in records if record is not None]
    if cache is not None:
        from postfeed.runstate import files_digest

        cache.set_records(done)
        cache.files_digest = files_digest(files)
    return done
