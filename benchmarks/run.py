"""Benchmarks: whole processes, timed against baselines measured in the same run.

    python benchmarks/run.py [--sizes 1000,10000] [--runs 5] [--corpus existing,varied]
                             [--skip-slow] [--growth-base 10000:SECONDS] [--work DIR]

For each corpus and size it generates a synthetic blog (``existing``: benchmarks/corpus.py,
postfeed's own; ``varied``: benchmarks/varied.py, the shapes of real blogs), then times,
as whole processes (median wall and CPU time of --runs runs after one warm-up, CPU being
user + system of the process and the children it waited for, and the peak RSS):

- baselines: a bare Python process that only walks and stats the folder; the
  hand-written script (benchmarks/handwritten.py) rendering every post, and its variant
  rendering only the newest 50; Hugo building only its RSS, when ``hugo`` is on PATH
  (``--skip-slow`` leaves out the every-post script and Hugo: minutes at 100,000 posts);
- postfeed producing RSS and Atom of the newest 50 with full content: cold (no cache),
  warm with nothing changed, warm after one post was edited, warm after one was added.

Each postfeed figure is printed with its ratio to the baselines of the same run, since
machines are shared and noisy and absolute times drift, and each table is followed by
issue 11's targets, met or not, with their ratios. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from corpus import write_corpus  # noqa: E402
from varied import write_varied_corpus  # noqa: E402

CORPORA = {"existing": write_corpus, "varied": write_varied_corpus}
PYTHON = sys.executable
SITE = "https://example.com"
BARE_WALK = (
    "import os, sys\n"
    "for folder, _, names in os.walk(sys.argv[1]):\n"
    "    for name in names:\n"
    "        os.stat(os.path.join(folder, name))\n"
)


class Timing(NamedTuple):
    wall: float  # seconds
    cpu: float  # user + system seconds, with the children the process waited for
    peak: float  # MB of resident memory, the largest of the process and those children


def run_once(command: list[str], env: dict[str, str] | None = None) -> Timing:
    """Wall and CPU seconds and peak RSS of one whole process and the workers it waits for."""
    start = time.perf_counter()
    process = subprocess.Popen(  # from a neutral folder, as cron runs it: no pyproject.toml
        command,
        env=env,
        cwd=tempfile.gettempdir(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    assert process.stderr is not None
    errors = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{command[:3]} exited {process.returncode}: {errors[-500:]}")
    return Timing(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def measure(
    command: list[str],
    runs: int,
    before: Callable[[], None] | None = None,
    env: dict[str, str] | None = None,
) -> Timing:
    """Median wall and CPU times and the largest peak RSS of ``runs`` runs, after a warm-up."""
    timings = []
    for index in range(runs + 1):
        if before is not None:
            before()
        timing = run_once(command, env)
        if index:  # the first run only warms the page cache
            timings.append(timing)
    return Timing(
        statistics.median(t.wall for t in timings),
        statistics.median(t.cpu for t in timings),
        max(t.peak for t in timings),
    )


def hugo_site(work: Path, corpus: Path) -> list[str] | None:
    """A Hugo site over the corpus that builds only its RSS, or None without hugo.

    Pages stay enabled (with no output of their own), or the feed would have no items;
    Hugo reads ``.md`` and ``.markdown`` as content and copies the ``.txt`` posts."""
    hugo = shutil.which("hugo")
    if hugo is None:
        return None
    site = work / "hugo-site"
    (site / "layouts").mkdir(parents=True, exist_ok=True)
    (site / "hugo.toml").write_text(
        f'baseURL = "{SITE}/"\ntitle = "Blog"\n'
        'disableKinds = ["taxonomy", "term", "section", "sitemap", "robotsTXT", "404"]\n'
        '[outputs]\nhome = ["RSS"]\npage = []\n[services.rss]\nlimit = 50\n'
    )
    content = site / "content"
    if content.is_symlink() or content.exists():
        content.unlink()  # the site serves one corpus size after another
    content.symlink_to(corpus)
    return [hugo, "--source", str(site), "--destination", str(work / "hugo-out"), "--quiet"]


Row = tuple[str, Timing, str]  # (run, its timing, its ratios to the baselines)


def bench(kind: str, size: int, runs: int, work: Path, skip_slow: bool) -> dict[str, Row]:
    corpus = work / f"corpus-{kind}-{size}"
    if not corpus.exists():
        CORPORA[kind](corpus, size)
    out = work / f"out-{kind}-{size}"
    cache = work / f"cache-{kind}-{size}.cache"
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "xdg")}
    postfeed = [
        PYTHON, "-m", "postfeed", str(corpus), "--site-url", SITE, "--title", "Blog",
        "-o", str(out), "--limit", "50", "--formats", "rss,atom", "--cache", str(cache),
    ]  # fmt: skip
    rows: dict[str, Row] = {}

    bare = measure([PYTHON, "-c", BARE_WALK, str(corpus)], runs)
    rows["bare"] = ("bare Python walk + stat", bare, "")
    handwritten = [PYTHON, str(HERE / "handwritten.py"), str(corpus), str(work / "hw")]
    newest = measure([*handwritten, "--newest-only"], runs)
    rows["newest"] = ("hand-written, newest 50 rendered", newest, "")
    full = None if skip_slow else measure(handwritten, max(1, runs // 2))
    if full is not None:
        rows["full"] = ("hand-written, every post rendered", full, "")
    hugo_command = None if skip_slow else hugo_site(work, corpus)
    hugo = measure(hugo_command, runs) if hugo_command else None
    if hugo is not None:
        rows["hugo"] = ("Hugo, RSS only", hugo, "")

    def clear() -> None:
        cache.unlink(missing_ok=True)
        shutil.rmtree(out, ignore_errors=True)

    cold = measure(postfeed, runs, before=clear, env=env)
    ratios = [
        f"{cold.wall / newest.wall:.2f}x newest-only",
        f"CPU {cold.cpu / newest.cpu:.2f}x newest-only's",
    ]
    if full is not None:
        ratios.append(f"{full.wall / cold.wall:.0f}x faster than every-post")
    if hugo is not None:
        ratios.append(f"{cold.wall / hugo.wall:.2f}x Hugo")
    rows["cold"] = ("postfeed cold (no cache)", cold, ", ".join(ratios))

    run_once(postfeed, env)  # the cache and the feeds are there now
    warm = measure(postfeed, runs, env=env)
    rows["warm"] = (
        "postfeed warm, nothing changed",
        warm,
        f"{warm.wall / cold.wall:.2f}x cold, {warm.wall / bare.wall:.2f}x bare walk",
    )

    victims = sorted(p for p in corpus.rglob("*.md") if not p.name.startswith("_"))
    counter = iter(range(10**6))

    def edit() -> None:
        path = victims[next(counter) % len(victims)]
        with open(path, "a", encoding="utf-8") as stream:
            stream.write("\nOne more line.\n")

    edited = measure(postfeed, runs, before=edit, env=env)
    rows["edited"] = (
        "postfeed warm, one post edited",
        edited,
        f"{edited.wall / cold.wall:.2f}x cold",
    )

    def add() -> None:
        number = next(counter)
        path = corpus / "added" / f"new-{number:06d}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"---\ntitle: Added {number}\ndate: 2030-01-01\n---\nNew post.\n")

    added = measure([*postfeed, "--include-future"], runs, before=add, env=env)
    rows["added"] = ("postfeed warm, one post added", added, f"{added.wall / cold.wall:.2f}x cold")
    shutil.rmtree(corpus / "added", ignore_errors=True)
    return rows


def targets(rows: dict[str, Row], size: int) -> list[tuple[str, float, float, str]]:
    """Issue 11's targets for one table: (target, value, limit, how the value reads).
    Its memory limit is set at 10,000 posts: other sizes only show their peak."""
    cold, newest = rows["cold"][1], rows["newest"][1]
    peak = max(rows[key][1].peak for key in ("cold", "warm", "edited", "added"))
    checks = [
        ("cold wall <= 0.5x newest-only's wall", cold.wall / newest.wall, 0.5, "x"),
        ("cold CPU <= 1.0x newest-only's CPU", cold.cpu / newest.cpu, 1.0, "x"),
        ("no change <= 3x bare walk + stat", rows["warm"][1].wall / rows["bare"][1].wall, 3, "x"),
        ("one post added <= 0.5x cold", rows["added"][1].wall / cold.wall, 0.5, "x"),
    ]
    if size == 10_000:
        checks.append(("peak memory <= 100 MB", peak, 100, " MB"))
    else:
        checks.append(("peak memory (100 MB at 10,000 posts)", peak, math.nan, " MB"))
    return checks


def print_targets(checks: list[tuple[str, float, float, str]]) -> None:
    for target, value, limit, unit in checks:
        shown = f"{value:.0f}{unit}" if unit == " MB" else f"{value:.2f}{unit}"
        if math.isnan(limit):
            print(f"{target}: {shown}")
        else:
            print(f"target {target}: {'met' if value <= limit else 'NOT met'} ({shown})")


def compile_postfeed() -> None:
    """Bytecode for postfeed's modules, as installing the wheel leaves it: an editable
    install run under PYTHONDONTWRITEBYTECODE (as on this machine) would otherwise compile
    every module again on every run, 25 ms that no installed copy spends."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("postfeed")
    assert spec is not None and spec.origin is not None, "postfeed is not installed"
    compileall.compile_dir(Path(spec.origin).parent, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--corpus", default="existing,varied", help="comma-separated: existing, varied"
    )
    parser.add_argument(
        "--skip-slow",
        action="store_true",
        help="leave out the every-post hand-written script and Hugo",
    )
    parser.add_argument(
        "--growth-base",
        metavar="SIZE:SECONDS",
        help="a cold time measured in an earlier run, for the growth target",
    )
    parser.add_argument("--work", help="folder for corpora and outputs (kept)")
    args = parser.parse_args()
    kinds = args.corpus.split(",")
    if unknown := set(kinds) - set(CORPORA):
        parser.error(f"unknown corpus {', '.join(sorted(unknown))}: use {', '.join(CORPORA)}")
    work = (
        Path(args.work).resolve() if args.work else Path(tempfile.mkdtemp(prefix="postfeed-bench-"))
    )
    work.mkdir(parents=True, exist_ok=True)
    compile_postfeed()
    for kind in kinds:
        colds: dict[int, float] = {}
        if args.growth_base:
            size, seconds = args.growth_base.split(":")
            colds[int(size)] = float(seconds)
        for size in (int(s) for s in args.sizes.split(",")):
            rows = bench(kind, size, args.runs, work, args.skip_slow)
            print(f"\n{kind} corpus, {size:,} posts (median of {args.runs} runs; peak RSS)\n")
            print("| run | wall s | CPU s | peak MB | ratio |")
            print("| --- | ---: | ---: | ---: | --- |")
            for name, timing, ratio in rows.values():
                print(
                    f"| {name} | {timing.wall:.3f} | {timing.cpu:.3f} | {timing.peak:.0f} "
                    f"| {ratio} |"
                )
            print("\nissue 11's targets (set at 10,000 posts):")
            print_targets(targets(rows, size))
            colds[size] = rows["cold"][1].wall
            sys.stdout.flush()
        sizes = sorted(colds)
        for small, large in itertools.pairwise(sizes):
            growth = colds[large] / colds[small]
            times = large // small
            print(
                f"\n{kind}: cold {small:,} → {large:,} posts: {growth:.1f}x the time "
                f"({colds[large]:.3f} s / {colds[small]:.3f} s), {times}x the posts"
            )
            if times == 10:
                print_targets([(f"{large:,} posts <= 11x the {small:,}", growth, 11, "x")])
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
