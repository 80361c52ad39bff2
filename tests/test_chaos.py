"""Chaos (issue 13): random edits, symlink swaps, deletions and signals against concurrent
runs; after each round a cron run's feeds equal a ``--no-cache`` run's, and nothing
outside the posts folder was read (a canary file, a FIFO trap) or written.

Seeded and bounded in time: ``POSTFEED_CHAOS_SEED`` (default 13) and
``POSTFEED_CHAOS_SECONDS`` (default 30). In the ``slow`` suite: ``pytest -m slow``.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import postfeed

SITE = "https://example.com"
CANARY = "CANARY-7f3a-NEVER-PUBLISHED"
RUNS_AT_ONCE = 3
RUN_TIMEOUT = 120  # a run that opened the FIFO trap would wait here forever


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(Path(postfeed.__file__).parents[1])}


def _args(root: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "postfeed", str(root), "--site-url", SITE, "--title", "Chaos",
            "-o", str(out), "--tag-feeds", "--limit", "8", "--quiet", *extra]  # fmt: skip


def _write_post(root: Path, rng: random.Random, name: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    day = rng.randrange(1, 28)
    words = " ".join(
        rng.choice(["alpha", "beta", "gamma", "delta"]) for _ in range(rng.randrange(3, 60))
    )
    tags = ", ".join(rng.sample(["a", "b", "c", "d"], rng.randrange(0, 3)))
    path.write_text(f"---\ntitle: {name} {rng.randrange(1000)}\ndate: 2024-03-{day:02d}\n"
                    f"tags: [{tags}]\n---\n{words}\n")  # fmt: skip


class Mutator(threading.Thread):
    """Random changes to the posts folder until stopped."""

    def __init__(self, root: Path, outside: Path, rng: random.Random) -> None:
        super().__init__(daemon=True)
        self.root, self.outside, self.rng = root, outside, rng
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            with contextlib.suppress(OSError):  # a race with our own other steps: fine
                self.step()
            time.sleep(self.rng.uniform(0, 0.01))

    def step(self) -> None:
        rng, root = self.rng, self.root
        name = f"{rng.choice(['', 'sub/', 'sub/deep/'])}p{rng.randrange(12)}.md"
        path = root / name
        real_root = os.path.realpath(root)
        if not os.path.realpath(path.parent).startswith(real_root + os.sep) and path.parent != root:
            return  # "sub" is a symlink out of the root now: the test never writes there
        action = rng.randrange(7)
        if action == 0:  # edit (or create)
            if path.is_symlink():
                path.unlink()
            _write_post(root, rng, name)
        elif action == 1:  # delete
            path.unlink(missing_ok=True)
        elif action == 2:  # swap the post for a symlink out of the root, by rename
            temp = root / f".swap{rng.randrange(1 << 30)}"
            temp.symlink_to(self.outside / rng.choice(["canary.md", "trap.md"]))
            os.replace(temp, path)
        elif action == 3:  # a NUL byte, or a file grown
            if path.is_file() and not path.is_symlink():
                with open(path, "ab") as stream:
                    stream.write(b"\0" if rng.random() < 0.5 else b"more words\n" * 50)
        elif action == 4:  # a folder swapped for a symlink out of the root, and back
            sub = root / "sub"
            if sub.is_symlink():
                sub.unlink()
                if (root / "sub.away").exists():
                    os.rename(root / "sub.away", sub)
            elif sub.is_dir() and not (root / "sub.away").exists():
                os.rename(sub, root / "sub.away")
                sub.symlink_to(self.outside, target_is_directory=True)
        elif action == 5:  # a symlink inside the root (allowed), to another post
            link = root / f"link{rng.randrange(3)}.md"
            link.unlink(missing_ok=True)
            link.symlink_to(root / f"p{rng.randrange(12)}.md")
        else:  # restore a symlinked post as a post
            if path.is_symlink():
                path.unlink()
                _write_post(root, rng, name)


def _before_postfeed(err: str) -> bool:
    """A Ctrl-C while Python itself starts and imports the package (no frame in postfeed
    but ``postfeed/__init__.py``), before any code of postfeed's can catch it: Python
    prints that one (a window of a few milliseconds)."""
    frames = [line for line in err.splitlines() if line.strip().startswith("File ")]
    ours = [f for f in frames if f"{os.sep}postfeed{os.sep}" in f and "__init__.py" not in f]
    return err.rstrip().endswith("KeyboardInterrupt") and not ours


def _snapshot(folder: Path) -> dict[str, bytes]:
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink() and not path.is_fifo():
            found[str(path.relative_to(folder))] = path.read_bytes()
        else:
            found[str(path.relative_to(folder))] = b"<not a file>"
    return found


def _feeds(out: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


@pytest.mark.slow
def test_chaos(tmp_path: Path) -> None:
    seed = int(os.environ.get("POSTFEED_CHAOS_SEED", "13"))
    budget = float(os.environ.get("POSTFEED_CHAOS_SECONDS", "30"))
    rng = random.Random(seed)
    root, outside, out, cache = (tmp_path / n for n in ("posts", "outside", "out", "run.cache"))
    outside.mkdir()
    (outside / "canary.md").write_text(f"---\ntitle: {CANARY}\ndate: 2024-03-01\n---\n{CANARY}\n")
    os.mkfifo(outside / "trap.md")
    for n in range(12):
        _write_post(root, rng, f"p{n}.md")
        _write_post(root, rng, f"sub/p{n}.md")
    before_outside = _snapshot(outside)
    end, rounds, signalled, early = time.monotonic() + budget, 0, 0, 0
    while time.monotonic() < end or rounds == 0:
        rounds += 1
        mutator = Mutator(root, outside, random.Random(rng.randrange(1 << 30)))
        mutator.start()
        runs = [
            subprocess.Popen(_args(root, out, "--cache", str(cache)), env=_env(),
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            for _ in range(RUNS_AT_ONCE)
        ]  # fmt: skip
        for run in runs:
            if rng.random() < 0.4:
                time.sleep(rng.uniform(0, 0.3))
                run.send_signal(rng.choice([signal.SIGINT, signal.SIGTERM, signal.SIGKILL]))
                signalled += 1
        for run in runs:
            _, err = run.communicate(timeout=RUN_TIMEOUT)
            if "Traceback" in err or "Could not import runpy" in err:
                assert _before_postfeed(err), err
                early += 1
                continue
            assert run.returncode in (0, 130, -signal.SIGINT, -signal.SIGTERM, -signal.SIGKILL), err
        mutator.stop.set()
        mutator.join()
        # The round is over: a cron run settles, and its feeds are a fresh run's.
        settle = subprocess.run(_args(root, out, "--cache", str(cache)), env=_env(),
                                capture_output=True, text=True, timeout=RUN_TIMEOUT)  # fmt: skip
        assert settle.returncode == 0, settle.stderr
        fresh_out = tmp_path / f"fresh{rounds}"
        fresh = subprocess.run(_args(root, fresh_out, "--no-cache"), env=_env(),
                               capture_output=True, text=True, timeout=RUN_TIMEOUT)  # fmt: skip
        assert fresh.returncode == 0, fresh.stderr
        fed, fresh_feeds = _feeds(out), _feeds(fresh_out)
        # A tag no post has any more keeps its old feed files (never deleted): only those
        # may be left over.
        stale = {name for name in fed.keys() - fresh_feeds.keys() if name.startswith("tags/")}
        assert {k: v for k, v in fed.items() if k not in stale} == fresh_feeds, (
            f"round {rounds} (seed {seed})"
        )
        for data in [*_feeds(out).values(), cache.read_bytes()]:
            assert CANARY.encode() not in data, f"round {rounds} (seed {seed})"
        assert sorted(p.name for p in out.iterdir()) == ["atom.xml", "feed.json", "rss.xml", "tags"]
        assert _snapshot(outside) == before_outside
        assert {p.name for p in tmp_path.iterdir()} <= {
            "posts", "outside", "out", "run.cache", *(f"fresh{n}" for n in range(1, rounds + 1))
        }  # fmt: skip
    runs_made = rounds * RUNS_AT_ONCE
    print(f"chaos: {rounds} rounds, {runs_made} runs, {signalled} signalled ({early} early)")
