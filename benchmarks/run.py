"""Benchmarks: whole processes, timed against baselines measured in the same run.

    python benchmarks/run.py [--sizes 1000,10000] [--runs 5] [--work DIR]

For each corpus size it generates a synthetic blog (benchmarks/corpus.py), then times,
as whole processes (median wall time of --runs runs after one warm-up, and peak RSS):

- baselines: a bare Python process that only walks and stats the folder; the
  hand-written script (benchmarks/handwritten.py) rendering every post, and its variant
  rendering only the newest 50; Hugo building only its RSS, when ``hugo`` is on PATH;
- postfeed producing RSS and Atom of the newest 50 with full content: cold (no cache),
  warm with nothing changed, warm after one post was edited, warm after one was added.

Each postfeed figure is printed with its ratio to the baselines of the same run, since
machines are shared and noisy and absolute times drift. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from corpus import write_corpus  # noqa: E402

PYTHON = sys.executable
SITE = "https://example.com"
BARE_WALK = (
    "import os, sys\n"
    "for folder, _, names in os.walk(sys.argv[1]):\n"
    "    for name in names:\n"
    "        os.stat(os.path.join(folder, name))\n"
)


def run_once(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one whole process (and the workers it waits for)."""
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
    return wall, usage.ru_maxrss / 1024


def measure(
    command: list[str],
    runs: int,
    before: Callable[[], None] | None = None,
    env: dict[str, str] | None = None,
) -> tuple[float, float]:
    """Median wall time and the largest peak RSS over ``runs`` runs, after a warm-up."""
    walls, peaks = [], []
    for index in range(runs + 1):
        if before is not None:
            before()
        wall, peak = run_once(command, env)
        if index:  # the first run only warms the page cache
            walls.append(wall)
            peaks.append(peak)
    return statistics.median(walls), max(peaks)


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


def bench(size: int, runs: int, work: Path) -> list[tuple[str, float, float, str]]:
    corpus = work / f"corpus-{size}"
    if not corpus.exists():
        write_corpus(corpus, size)
    out = work / f"out-{size}"
    cache = work / f"cache-{size}.cache"
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "xdg")}
    postfeed = [
        PYTHON, "-m", "postfeed", str(corpus), "--site-url", SITE, "--title", "Blog",
        "-o", str(out), "--limit", "50", "--formats", "rss,atom", "--cache", str(cache),
    ]  # fmt: skip
    rows: list[tuple[str, float, float, str]] = []

    bare = measure([PYTHON, "-c", BARE_WALK, str(corpus)], runs)
    rows.append(("bare Python walk + stat", *bare, ""))
    newest = measure(
        [PYTHON, str(HERE / "handwritten.py"), str(corpus), str(work / "hw"), "--newest-only"], runs
    )
    rows.append(("hand-written, newest 50 rendered", *newest, ""))
    full = measure(
        [PYTHON, str(HERE / "handwritten.py"), str(corpus), str(work / "hw")], max(1, runs // 2)
    )
    rows.append(("hand-written, every post rendered", *full, ""))
    hugo_command = hugo_site(work, corpus)
    hugo = measure(hugo_command, runs) if hugo_command else None
    if hugo is not None:
        rows.append(("Hugo, RSS only", *hugo, ""))

    def clear() -> None:
        cache.unlink(missing_ok=True)
        shutil.rmtree(out, ignore_errors=True)

    cold = measure(postfeed, runs, before=clear, env=env)
    ratios = [
        f"{cold[0] / newest[0]:.2f}x newest-only",
        f"{full[0] / cold[0]:.0f}x faster than every-post",
    ]
    if hugo is not None:
        ratios.append(f"{cold[0] / hugo[0]:.2f}x Hugo")
    rows.append(("postfeed cold (no cache)", *cold, ", ".join(ratios)))

    run_once(postfeed, env)  # the cache and the feeds are there now
    warm = measure(postfeed, runs, env=env)
    rows.append(
        (
            "postfeed warm, nothing changed",
            *warm,
            f"{warm[0] / cold[0]:.2f}x cold, {warm[0] / bare[0]:.2f}x bare walk",
        )
    )

    victims = sorted(corpus.rglob("*.md"))
    counter = iter(range(10**6))

    def edit() -> None:
        path = victims[next(counter) % len(victims)]
        with open(path, "a", encoding="utf-8") as stream:
            stream.write("\nOne more line.\n")

    edited = measure(postfeed, runs, before=edit, env=env)
    rows.append(("postfeed warm, one post edited", *edited, f"{edited[0] / cold[0]:.2f}x cold"))

    def add() -> None:
        number = next(counter)
        path = corpus / "added" / f"new-{number:06d}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"---\ntitle: Added {number}\ndate: 2030-01-01\n---\nNew post.\n")

    added = measure([*postfeed, "--include-future"], runs, before=add, env=env)
    rows.append(("postfeed warm, one post added", *added, f"{added[0] / cold[0]:.2f}x cold"))
    shutil.rmtree(corpus / "added", ignore_errors=True)
    return rows


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
    parser.add_argument("--work", help="folder for corpora and outputs (kept)")
    args = parser.parse_args()
    work = (
        Path(args.work).resolve() if args.work else Path(tempfile.mkdtemp(prefix="postfeed-bench-"))
    )
    work.mkdir(parents=True, exist_ok=True)
    compile_postfeed()
    colds: dict[int, float] = {}
    for size in (int(s) for s in args.sizes.split(",")):
        rows = bench(size, args.runs, work)
        print(f"\n{size:,} posts (median of {args.runs} runs; peak RSS)\n")
        print("| run | wall s | peak MB | ratio |")
        print("| --- | ---: | ---: | --- |")
        for name, wall, peak, ratio in rows:
            print(f"| {name} | {wall:.3f} | {peak:.0f} | {ratio} |")
            if name.startswith("postfeed cold"):
                colds[size] = wall
        sys.stdout.flush()
    sizes = sorted(colds)
    for small, large in itertools.pairwise(sizes):
        growth = colds[large] / colds[small]
        times = large // small
        print(f"\ncold {small:,} → {large:,} posts: {growth:.1f}x the time, {times}x the posts")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
