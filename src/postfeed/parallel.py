"""Work split over forked processes (``concurrent.futures``): the calling process works too.

Used only when the caller asks for it (``jobs`` > 1), where it pays: a large cold scan,
rendering many bodies, building many documents. The items are cut into small chunks
and each chunk is a task of a ``ProcessPoolExecutor`` whose workers are forked (they
share what the caller has loaded, and need not pickle the work: only chunk numbers and
results cross). The caller takes, from the end, the chunks no worker has started, so a
slow process simply does fewer. A chunk whose worker failed (killed, out of memory) is
done by the caller, which changes nothing but the time. Results, and the warnings logged
on the ``postfeed`` logger while a chunk was done, come out in the order of the items,
as one process would give them. Workers die with the caller (``PR_SET_PDEATHSIG``). A
process that runs threads is never forked (the child could deadlock): it does all the
work.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

logger = logging.getLogger("postfeed")

CHUNKS_PER_JOB = 32  # the last chunk is what the processes may wait for one another
_MAX_CHUNKS = 1024
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


# The job of the current ``map_parts`` call: the work and its chunks. Set before the
# workers are forked, so they have it without pickling it (the work may be a closure).
_job: tuple[Callable[[Sequence[Any]], list[Any]], list[Sequence[Any]]] | None = None


def _chunk(number: int) -> tuple[list[Any], Lines]:
    """Do one chunk of the current job: its results, and the lines it logged."""
    assert _job is not None
    work, chunks = _job
    with _captured() as lines:
        results = work(chunks[number])
    return results, lines


def _worker_chunk(number: int) -> tuple[list[Any], Lines]:
    """A chunk done in a worker (a name of its own, which a test can replace)."""
    return _chunk(number)


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


def _cut(items: Sequence[T], jobs: int) -> list[Sequence[T]]:
    count = min(len(items), jobs * CHUNKS_PER_JOB, _MAX_CHUNKS)
    size = -(-len(items) // count)
    return [items[i : i + size] for i in range(0, len(items), size)]


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
    global _job
    if jobs < 2 or len(items) < 2 or not can_fork() or _job is not None:
        if meanwhile is not None:
            meanwhile()
        return work(items)
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor

    chunks = _cut(items, jobs)
    _job = (work, chunks)
    done: dict[int, tuple[list[Any], Lines]] = {}
    try:
        pool = ProcessPoolExecutor(
            max_workers=min(jobs, len(chunks)) - 1,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_die_with,
            initargs=(os.getpid(), _prctl()),
        )
        try:
            futures: list[Future[tuple[list[Any], Lines]]] = []
            with contextlib.suppress(OSError):  # no process to be had: all done here
                futures = [pool.submit(_worker_chunk, n) for n in range(len(chunks))]
            if meanwhile is not None:
                meanwhile()
            for number in reversed(range(len(chunks))):  # what no worker has started
                if number >= len(futures) or futures[number].cancel():
                    done[number] = _chunk(number)
            for number, future in enumerate(futures):
                if number not in done:
                    try:
                        done[number] = future.result()
                    except Exception:  # its worker failed: done here
                        done[number] = _chunk(number)
        finally:  # after Ctrl-C too: no worker starts another chunk
            pool.shutdown(wait=True, cancel_futures=True)
    finally:
        _job = None
    ordered: list[R] = []
    for number in range(len(chunks)):
        results, lines = done[number]
        for level, message in lines:
            logger.log(level, "%s", message)
        ordered.extend(results)
    return ordered
