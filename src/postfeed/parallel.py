"""Work split over forked processes: the calling process works too.

Used where it pays on two or more cores: a large cold scan, and rendering many bodies.
The items are cut into small chunks, and every process takes the next chunk number from
one shared pipe until none is left, so a process that is slowed down (or busy with
something else first) simply takes fewer chunks. Workers send their results back
pickled through a pipe (the worker is our own child, a moment old). A chunk a failed
worker took is done by the caller, so a worker killed or out of memory changes nothing
but the time. Results, and the warnings logged on the ``postfeed`` logger while a chunk
was done, come out in the order of the items, as one process would give them. A process
that runs threads is never forked (the child could deadlock): it does all the work.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import signal
import struct
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Generic, NoReturn, TypeVar

T = TypeVar("T")
R = TypeVar("R")

logger = logging.getLogger("postfeed")

CHUNKS_PER_JOB = 32  # the last chunk is what the processes may wait for one another
_NUMBER = struct.Struct("=I")  # a chunk number in the pipe; reads of it never interleave
_MAX_CHUNKS = 1024  # numbers that fit in the smallest pipe buffer (one 4 KiB page)
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>

Lines = list[tuple[int, str]]


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
        self.lines: Lines = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append((record.levelno, record.getMessage()))


@contextlib.contextmanager
def _captured() -> Iterator[Lines]:
    """The ``postfeed`` logger's lines while the block runs, instead of emitting them."""
    collect = _Collect()
    handlers, propagate = logger.handlers, logger.propagate
    logger.handlers, logger.propagate = [collect], False
    try:
        yield collect.lines
    finally:
        logger.handlers, logger.propagate = handlers, propagate


class _Chunks(Generic[T, R]):
    """The chunks of one ``map_parts`` call, and the numbers pipe they are taken from."""

    def __init__(self, work: Callable[[Sequence[T]], list[R]], items: Sequence[T], jobs: int):
        count = min(len(items), jobs * CHUNKS_PER_JOB, _MAX_CHUNKS)
        size = -(-len(items) // count)
        self.work = work
        self.chunks = [items[i : i + size] for i in range(0, len(items), size)]
        self.numbers, write_fd = os.pipe()
        try:
            os.write(write_fd, b"".join(_NUMBER.pack(n) for n in range(len(self.chunks))))
        finally:
            os.close(write_fd)  # once all are taken, a read returns nothing

    def take(self) -> Iterator[int]:
        while data := os.read(self.numbers, _NUMBER.size):
            yield _NUMBER.unpack(data)[0]

    def do(self, number: int) -> tuple[int, list[R], Lines]:
        with _captured() as lines:
            results = self.work(self.chunks[number])
        return number, results, lines


def _prctl() -> Callable[..., int] | None:
    """Linux's ``prctl``, looked up before forking (``None`` elsewhere)."""
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl
    except (ImportError, OSError, AttributeError):  # pragma: no cover - not Linux
        return None


def _die_with(parent: int, prctl: Callable[..., int] | None) -> None:
    """Have the kernel kill this worker when its parent dies (``PR_SET_PDEATHSIG``), so
    that a killed command leaves no worker running; elsewhere, exit if it is gone."""
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # it died before the line above took effect
        os._exit(1)


def _worker(chunks: _Chunks[T, R], write_fd: int) -> NoReturn:
    """A forked worker: take and do chunks until none is left, send what it did, exit."""
    status = 1
    try:
        done = [chunks.do(number) for number in chunks.take()]
        data = pickle.dumps(done, protocol=pickle.HIGHEST_PROTOCOL)
        with open(write_fd, "wb") as stream:
            stream.write(data)
        status = 0
    finally:
        os._exit(status)  # never back into the caller's code, whatever happened


def _collect(pid: int, read_fd: int) -> list[tuple[int, list[R], Lines]]:
    """What a worker did; nothing when it failed (its chunks are then done here)."""
    with open(read_fd, "rb") as stream:
        data = stream.read()
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:  # a host that ignores SIGCHLD: the kernel reaped it
        status = 0
    if status != 0 or not data:
        return []
    try:
        done: list[tuple[int, list[R], Lines]] = pickle.loads(data)  # our own child's bytes
    except Exception:  # cut short (killed while writing): its chunks are done here
        return []
    return done


def map_parts(
    work: Callable[[Sequence[T]], list[R]],
    items: Sequence[T],
    *,
    jobs: int,
    meanwhile: Callable[[], object] | None = None,
) -> list[R]:
    """``work`` over ``items``, in chunks, on ``jobs`` processes; the results in order.

    ``work`` takes a slice of ``items`` and returns one result per item. ``meanwhile``
    is run here once the workers have started, before this process takes chunks itself.
    """
    if jobs < 2 or len(items) < 2 or not can_fork():
        if meanwhile is not None:
            meanwhile()
        return work(items)
    chunks = _Chunks(work, items, jobs)
    parent, prctl = os.getpid(), _prctl()
    workers: list[tuple[int, int]] = []
    try:
        for _ in range(min(jobs, len(chunks.chunks)) - 1):
            read_fd, write_fd = os.pipe()
            try:
                pid = os.fork()
            except OSError:  # no more processes to be had: fewer do the work
                os.close(read_fd)
                os.close(write_fd)
                break
            if pid == 0:  # pragma: no cover - the worker (coverage does not follow forks)
                os.close(read_fd)
                _die_with(parent, prctl)
                _worker(chunks, write_fd)
            os.close(write_fd)
            workers.append((pid, read_fd))
        if meanwhile is not None:
            meanwhile()
        done: dict[int, tuple[int, list[R], Lines]] = {}
        for number in chunks.take():
            done[number] = chunks.do(number)
        while workers:
            pid, read_fd = workers.pop(0)
            collected: list[tuple[int, list[R], Lines]] = _collect(pid, read_fd)
            done.update((entry[0], entry) for entry in collected)
        ordered: list[R] = []
        for number in range(len(chunks.chunks)):
            _, results, lines = done[number] if number in done else chunks.do(number)
            for level, message in lines:
                logger.log(level, "%s", message)
            ordered.extend(results)
        return ordered
    finally:
        os.close(chunks.numbers)
        for pid, read_fd in workers:  # only after an exception here: stop the rest
            with contextlib.suppress(OSError):
                os.close(read_fd)
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)  # ChildProcessError (SIGCHLD ignored) is an OSError
