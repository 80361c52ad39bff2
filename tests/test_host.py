"""The library in a host program: it leaves the host process as it found it (issue 11).

No fork and no signal handler unless the caller asks (``jobs=N``), and the host's garbage
collector, signal handlers and mask, logging and umask are the same after a load and a
write — also in a host that ignores SIGCHLD, and in one that runs threads.
"""

from __future__ import annotations

import gc
import logging
import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import postfeed
from postfeed import cli, parallel

SITE = "https://example.com"
SIGNALS = [s for s in signal.Signals if s not in (signal.SIGKILL, signal.SIGSTOP)]


def _posts(root: Path, count: int) -> None:
    root.mkdir(exist_ok=True)
    for n in range(count):
        day = 1 + n % 28
        (root / f"p{n:03d}.md").write_text(
            f"---\ntitle: Post {n}\ndate: 2024-01-{day:02d}\ntags: [a, t{n % 3}]\n---\n"
            f"Body *{n}* with [a link](../x/).\n"
        )


def _host_state() -> dict[str, Any]:
    logger = logging.getLogger("postfeed")
    umask = os.umask(0o022)
    os.umask(umask)
    return {
        "gc": (gc.isenabled(), gc.get_threshold(), len(gc.callbacks)),
        "handlers": {s: signal.getsignal(s) for s in SIGNALS},
        "mask": signal.pthread_sigmask(signal.SIG_BLOCK, []),
        "alarm": signal.getitimer(signal.ITIMER_REAL),
        "logger": (logger.level, logger.propagate, list(logger.handlers), logger.disabled),
        "root": (logging.getLogger().level, list(logging.getLogger().handlers)),
        "umask": umask,
        "threads": threading.active_count(),
    }


@pytest.fixture
def no_fork(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    forks: list[int] = []
    real = os.fork

    def counted() -> int:
        forks.append(1)
        return real()

    monkeypatch.setattr(os, "fork", counted)
    yield forks


@pytest.fixture
def sigchld_ignored() -> Iterator[None]:
    previous = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGCHLD, previous)


def _run(root: Path, out: Path, jobs: int) -> dict[str, bytes]:
    posts = postfeed.load_posts(root, site_url=SITE, jobs=jobs)
    feed = postfeed.Feed(title="Blog", site_url=SITE, posts=posts, limit=0)
    feed.write(out, tag_feeds=True, jobs=jobs)
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def test_the_library_never_forks_unless_asked(tmp_path: Path, no_fork: list[int]) -> None:
    _posts(tmp_path / "posts", 60)  # enough for the builds to fork with jobs=2
    monkeypatch_threshold = parallel.can_fork()
    assert monkeypatch_threshold  # a plain test process could fork
    before = _host_state()
    _run(tmp_path / "posts", tmp_path / "out", jobs=1)
    assert no_fork == []
    assert _host_state() == before


def test_a_host_that_ignores_sigchld(
    tmp_path: Path, sigchld_ignored: None, no_fork: list[int]
) -> None:
    _posts(tmp_path / "posts", 60)
    before = _host_state()
    serial = _run(tmp_path / "posts", tmp_path / "one", jobs=1)
    assert no_fork == []
    forked = _run(tmp_path / "posts", tmp_path / "two", jobs=2)  # forks, and reaps nothing
    assert no_fork, "jobs=2 with 60 entries should have used a worker"
    assert forked == serial
    assert _host_state() == before


def test_a_host_with_threads_is_never_forked(tmp_path: Path, no_fork: list[int]) -> None:
    _posts(tmp_path / "posts", 60)
    serial = _run(tmp_path / "posts", tmp_path / "one", jobs=1)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        before = _host_state()
        results: list[dict[str, bytes]] = []
        worker = threading.Thread(
            target=lambda: results.append(_run(tmp_path / "posts", tmp_path / "two", jobs=4))
        )
        worker.start()
        worker.join(60)
        assert results == [serial]
        assert no_fork == []  # another thread runs: forking could deadlock the child
        assert _host_state() == before
    finally:
        stop.set()
        other.join()


def test_the_command_leaves_logging_as_it_found_it(tmp_path: Path) -> None:
    _posts(tmp_path / "posts", 3)
    (tmp_path / "posts" / "bad.md").write_text("---\ntitle: [\n---\nx\n")  # one warning
    logger = logging.getLogger("postfeed")
    logger.setLevel(logging.DEBUG)
    logger.propagate = True
    try:
        before = _host_state()
        argv = [str(tmp_path / "posts"), "--site-url", SITE, "--title", "T"]
        code = cli.main([*argv, "-o", str(tmp_path / "out"), "--quiet"])
        assert code == 0
        assert _host_state() == before
    finally:
        logger.setLevel(logging.NOTSET)
