"""Work split over forked processes: same results, warnings and order as one process."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

import postfeed
from postfeed import parallel
from postfeed import post as post_module

logger = logging.getLogger("postfeed")


def _squares(part: Sequence[int]) -> list[tuple[int, int, int]]:
    time.sleep(0.002 * len(part))  # long enough for every worker to take a share
    for n in part:
        if n % 7 == 0:
            logger.warning("item %d: divisible by 7", n)
    return [(n, n * n, os.getpid()) for n in part]


@pytest.mark.parametrize("jobs", [1, 2, 3, 4])
@pytest.mark.parametrize("count", [0, 1, 2, 5, 50])
def test_results_and_warnings_come_back_in_order(
    jobs: int, count: int, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="postfeed"):
        done = parallel.map_parts(_squares, list(range(count)), jobs=jobs)
    assert [(n, square) for n, square, _ in done] == [(n, n * n) for n in range(count)]
    assert caplog.messages == [f"item {n}: divisible by 7" for n in range(0, count, 7)]
    processes = {pid for *_, pid in done}
    assert len(processes) <= max(1, min(jobs, count))
    if jobs > 1 and count == 50:
        assert len(processes) > 1


def test_a_failed_worker_s_part_is_done_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "_worker_chunk", lambda number: os._exit(3))
    done = parallel.map_parts(_squares, list(range(20)), jobs=3)
    assert [n for n, *_ in done] == list(range(20))
    assert {pid for *_, pid in done} == {os.getpid()}


def test_chunks_a_worker_took_and_lost_are_done_here(monkeypatch: pytest.MonkeyPatch) -> None:
    taken: list[int] = []

    def two_then_die(number: int) -> object:
        taken.append(number)
        if len(taken) > 2:
            os._exit(3)
        return parallel._chunk(number)

    monkeypatch.setattr(parallel, "_worker_chunk", two_then_die)
    done = parallel.map_parts(_squares, list(range(40)), jobs=2)
    assert [n for n, *_ in done] == list(range(40))


@pytest.mark.parametrize("jobs", [1, 2])
def test_meanwhile_runs_once_before_this_process_works(jobs: int) -> None:
    calls: list[str] = []

    def work(part: Sequence[int]) -> list[int]:
        if os.getpid() == here:
            calls.append("work")
        return list(part)

    here = os.getpid()
    done = parallel.map_parts(work, list(range(10)), jobs=jobs, meanwhile=lambda: calls.append("m"))
    assert done == list(range(10))
    assert calls[0] == "m" and calls.count("m") == 1


def test_no_fork_in_a_process_that_runs_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fork() -> int:
        raise AssertionError("forked a process that runs threads")

    monkeypatch.setattr(os, "fork", no_fork)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        done = parallel.map_parts(_squares, list(range(20)), jobs=2)
    finally:
        stop.set()
        thread.join()
    assert [n for n, *_ in done] == list(range(20))


def _posts(count: int) -> list[postfeed.Post]:
    posts = [
        postfeed.Post(
            title=f"Post {i}",
            date=f"2024-01-{i % 28 + 1:02d}T{i % 24:02d}:00:00Z",
            link=f"https://example.com/{i}/",
            content=f"Body *{i}* with [a link](/x/{i}).\n\n- one\n- two\n",
        )
        for i in range(count)
    ]
    deep = "".join("  " * i + "- x\n" for i in range(500))  # Markdown recurses too deep
    posts.append(
        postfeed.Post(title="Deep", date="2024-02-01", link="https://e.com/d/", content=deep)
    )
    return posts


def test_bodies_rendered_ahead_are_the_bodies_rendered_one_by_one(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def feed(posts: list[postfeed.Post]) -> tuple[bytes, ...]:
        made = postfeed.Feed(title="Blog", site_url="https://example.com", posts=posts, limit=0)
        return made.rss(), made.atom(), made.json()

    with caplog.at_level(logging.WARNING, logger="postfeed"):
        one_by_one = feed(_posts(40))
    serial_warnings = list(caplog.messages)
    caplog.clear()
    posts = _posts(40)
    forked = []
    real = parallel.map_parts

    def spy(*args: object, **kwargs: object) -> object:
        forked.append(kwargs["jobs"])
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "map_parts", spy)
    with caplog.at_level(logging.WARNING, logger="postfeed"):
        post_module.render_ahead(posts, jobs=2)
        assert all("html" in post._cache for post in posts)
        ahead = feed(posts)
    assert forked == [2]
    assert ahead == one_by_one
    assert caplog.messages == serial_warnings and len(serial_warnings) == 1
    assert "shown as plain text" in serial_warnings[0]


def test_documents_built_on_two_processes_are_those_built_in_one(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    import postfeed.feed as feed_module

    def documents(folder: str) -> tuple[dict[str, bytes], list[str]]:
        caplog.clear()
        posts = [p._evolve(tags=(f"t{i % 3}",)) for i, p in enumerate(_posts(12))]
        made = postfeed.Feed(title="Blog", site_url="https://e.com", posts=posts, limit=0)
        with caplog.at_level(logging.WARNING, logger="postfeed"):
            made.write(tmp_path / folder, tag_feeds=True, jobs=2)
            files = made.documents(tag_feeds=True, jobs=2)
        return files, list(caplog.messages)

    jobs: list[int] = []
    real = feed_module.map_parts

    def spy(*args: object, **kwargs: object) -> object:
        jobs.append(kwargs["jobs"])  # type: ignore[arg-type]
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(feed_module, "map_parts", spy)
    monkeypatch.setattr(feed_module, "PARALLEL_ENTRIES", 10**9)
    serial, serial_warnings = documents("serial")
    assert set(jobs) == {1}
    monkeypatch.setattr(feed_module, "PARALLEL_ENTRIES", 1)
    forked, forked_warnings = documents("forked")
    assert jobs[-1] == 2
    assert forked == serial and len(serial) > 3  # tag feeds too
    assert forked_warnings == serial_warnings and len(serial_warnings) == 1
    for name in serial:
        assert (tmp_path / "forked" / name).read_bytes() == serial[name]


WORKER_SCRIPT = """
import os, sys, time
from postfeed import parallel

def work(part):
    if os.getpid() != PARENT:
        with open(sys.argv[1], "a") as f:
            f.write(f"{os.getpid()}\\n")
        time.sleep(600)  # a worker that would outlive its command
    return [x for x in part]

PARENT = os.getpid()
parallel.map_parts(work, list(range(64)), jobs=3, meanwhile=lambda: time.sleep(600))
"""


def test_workers_die_with_the_command(tmp_path: Path) -> None:
    """Issue 13 #7: a killed command leaves no worker running (PR_SET_PDEATHSIG)."""
    import signal
    import subprocess
    import sys
    import time

    pids = tmp_path / "pids"
    env = {**os.environ, "PYTHONPATH": str(Path(parallel.__file__).parents[1])}
    parent = subprocess.Popen([sys.executable, "-c", WORKER_SCRIPT, str(pids)], env=env)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if pids.exists() and len(pids.read_text().split()) == 2:
                break
            time.sleep(0.05)
        workers = [int(pid) for pid in pids.read_text().split()]
        assert len(workers) == 2
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
    deadline = time.monotonic() + 10
    alive = workers
    while alive and time.monotonic() < deadline:
        alive = [pid for pid in workers if _running(pid)]
        time.sleep(0.05)
    for pid in alive:  # clean up before failing
        os.kill(pid, signal.SIGKILL)
    assert alive == []


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stream:
            return stream.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
