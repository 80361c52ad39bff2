"""Scanning many files: cached records where the file did not change, the rest scanned,
on several processes when there are enough of them for it to pay."""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

from postfeed.discovery import Found
from postfeed.scan import LoadOptions, Record, scan_file

if TYPE_CHECKING:
    from postfeed.cache import Cache

# Below this many files to scan, starting processes costs more than it saves (measured
# with benchmarks/run.py: 1,000 fresh files scan in about 0.1 s on one core).
PARALLEL_THRESHOLD = 1500
MAIN_SHARE = 1.1  # this process's part, relative to a worker's (measured at 10,000 posts)


def _can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _scan_chunk(chunk: Sequence[Found], options: LoadOptions) -> list[Record]:
    return [scan_file(found, options) for found in chunk]


Lines = list[tuple[Record, bytes]]


def _worker(part: Sequence[Found], options: LoadOptions, encode: bool, write_fd: int) -> NoReturn:
    """A forked worker: scan ``part``, send the records (and their cache lines), exit."""
    status = 1
    try:
        records = _scan_chunk(part, options)
        lines: list[bytes] = []
        if encode:
            from postfeed.cache import record_line  # loaded already: the caller has a cache

            lines = [record_line(record) for record in records]
        data = pickle.dumps((records, lines), protocol=pickle.HIGHEST_PROTOCOL)
        with open(write_fd, "wb") as stream:
            stream.write(data)
        status = 0
    finally:
        os._exit(status)  # never back into the caller's code, whatever happened


def _collect(pid: int, read_fd: int) -> tuple[list[Record], list[bytes]] | None:
    """A worker's records and lines, or ``None`` when it failed (its part is then scanned
    here)."""
    with open(read_fd, "rb") as stream:
        data = stream.read()
    _, status = os.waitpid(pid, 0)
    if status != 0 or not data:
        return None
    records, lines = pickle.loads(data)  # our own child's bytes, just made
    return records, lines


def _scan_forked(
    todo: Sequence[Found], options: LoadOptions, jobs: int, encode: bool
) -> tuple[list[Record], Lines]:
    """Split ``todo`` in ``jobs`` parts: ``jobs - 1`` forked workers and this process
    scan one each; the workers also encode their records' cache lines when ``encode``."""
    # This process takes a little more than its share: the workers also pickle their
    # records (and encode their lines), which this process then only has to unpickle.
    first = round(len(todo) * MAIN_SHARE / (jobs - 1 + MAIN_SHARE))
    size = -(-(len(todo) - first) // (jobs - 1))
    parts = [todo[:first], *(todo[i : i + size] for i in range(first, len(todo), size))]
    workers: list[tuple[int, int, Sequence[Found]]] = []
    try:
        for part in parts[1:]:
            read_fd, write_fd = os.pipe()
            try:
                pid = os.fork()
            except OSError:  # no process to be had: this one scans the part
                os.close(read_fd)
                os.close(write_fd)
                workers.append((-1, -1, part))
                continue
            if pid == 0:  # pragma: no cover - the worker (coverage does not follow forks)
                os.close(read_fd)
                _worker(part, options, encode, write_fd)
            os.close(write_fd)
            workers.append((pid, read_fd, part))
        records = _scan_chunk(parts[0], options)
        lines: Lines = []
        while workers:
            pid, read_fd, part = workers.pop(0)
            result = _collect(pid, read_fd) if pid > 0 else None
            if result is None:
                records.extend(_scan_chunk(part, options))
            else:
                records.extend(result[0])
                lines.extend(zip(result[0], result[1], strict=False))
        return records, lines
    finally:
        for pid, read_fd, _ in workers:  # only after an exception here: stop the rest
            if pid > 0:
                with contextlib.suppress(OSError):
                    os.close(read_fd)
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)


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
    lines: Lines = []
    # Forking a process that runs threads can deadlock the child: then one process scans.
    if jobs > 1 and len(pending) >= PARALLEL_THRESHOLD and _can_fork():
        scanned, lines = _scan_forked(pending, options, jobs, encode=cache is not None)
    else:
        scanned = _scan_chunk(pending, options)
    for index, record in zip(todo, scanned, strict=True):
        records[index] = record
    done = [record for record in records if record is not None]
    if cache is not None:
        from postfeed.runstate import files_digest

        cache.set_records(done, lines)
        cache.files_digest = files_digest(files)
    return done
