"""Work split over forked processes: the calling process does one part, workers the rest.

Used where it pays on two or more cores: a large cold scan, and rendering many bodies.
Results come back pickled through a pipe (the worker is our own child, a moment old),
in the order of the items. A worker that fails has its part done by the caller, so a
worker killed or out of memory changes nothing but the time. Warnings the workers log
on the ``postfeed`` logger are logged again by the caller, in the order of the parts.
A process that runs threads is never forked (the child could deadlock): one process
then does all the work.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import signal
import threading
from collections.abc import Callable, Sequence
from typing import NoReturn, TypeVar

T = TypeVar("T")
R = TypeVar("R")

logger = logging.getLogger("postfeed")


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether forking is safe here: a platform with ``fork``, and no other thread."""
    return hasattr(os, "fork") and threading.active_count() == 1


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append((record.levelno, record.getMessage()))


def _worker(work: Callable[[Sequence[T]], list[R]], part: Sequence[T], write_fd: int) -> NoReturn:
    """A forked worker: do ``work`` on ``part``, send the results and log lines, exit."""
    status = 1
    try:
        collect = _Collect()
        logger.handlers = [collect]  # the caller's handlers (stderr, counters) are not ours
        logger.propagate = False
        results = work(part)
        data = pickle.dumps((results, collect.lines), protocol=pickle.HIGHEST_PROTOCOL)
        with open(write_fd, "wb") as stream:
            stream.write(data)
        status = 0
    finally:
        os._exit(status)  # never back into the caller's code, whatever happened


def _collect(pid: int, read_fd: int) -> tuple[list[R], list[tuple[int, str]]] | None:
    """A worker's results and log lines, or ``None`` when it failed."""
    with open(read_fd, "rb") as stream:
        data = stream.read()
    _, status = os.waitpid(pid, 0)
    if status != 0 or not data:
        return None
    results, lines = pickle.loads(data)  # our own child's bytes, just made
    return results, lines


def map_parts(
    work: Callable[[Sequence[T]], list[R]],
    items: Sequence[T],
    *,
    jobs: int,
    main_share: float = 1.0,
) -> list[R]:
    """``work`` over ``items`` split in ``jobs`` parts, one per process; the results of
    all parts in order. This process takes ``main_share`` times a worker's part (more
    than 1 when the workers' pickling makes their parts dearer)."""
    if jobs < 2 or len(items) < 2 or not can_fork():
        return work(items)
    jobs = min(jobs, len(items))
    first = max(1, round(len(items) * main_share / (jobs - 1 + main_share)))
    size = -(-(len(items) - first) // (jobs - 1))
    parts = [items[:first], *(items[i : i + size] for i in range(first, len(items), size))]
    workers: list[tuple[int, int, Sequence[T]]] = []
    try:
        for part in parts[1:]:
            read_fd, write_fd = os.pipe()
            try:
                pid = os.fork()
            except OSError:  # no process to be had: this one does the part
                os.close(read_fd)
                os.close(write_fd)
                workers.append((-1, -1, part))
                continue
            if pid == 0:  # pragma: no cover - the worker (coverage does not follow forks)
                os.close(read_fd)
                _worker(work, part, write_fd)
            os.close(write_fd)
            workers.append((pid, read_fd, part))
        results = work(parts[0])
        while workers:
            pid, read_fd, part = workers.pop(0)
            done: tuple[list[R], list[tuple[int, str]]] | None = None
            if pid > 0:
                done = _collect(pid, read_fd)
            if done is None:
                results.extend(work(part))
                continue
            results.extend(done[0])
            for level, message in done[1]:
                logger.log(level, "%s", message)
        return results
    finally:
        for pid, read_fd, _ in workers:  # only after an exception here: stop the rest
            if pid > 0:
                with contextlib.suppress(OSError):
                    os.close(read_fd)
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
