"""Compare versions of postfeed's command, run by run, on one corpus.

``python benchmarks/compare.py WORK SIZE RUNS NAME=SRC [NAME=SRC ...]`` times the
``postfeed`` command of each source tree (``SRC``: a folder holding the ``postfeed``
package, put on ``PYTHONPATH``) at SIZE posts (``corpus.py``): cold (no cache), nothing
changed, one post edited, one post added (dated before today: it enters the feeds). Each
version has its own copy of the corpus, cache and output; the versions take turns within
every round, so that a shared machine's load falls on all of them alike. Prints the
median wall and CPU seconds (CPU: the process and the workers it waited for) and the
largest peak RSS of RUNS rounds, after one that warms the page cache.
"""

from __future__ import annotations

import compileall
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from corpus import write_corpus  # noqa: E402

CASES = ("cold", "no change", "one edited", "one added")


def run_once(command: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) of one process and its workers."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, cwd=os.sep, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    assert process.stderr is not None
    errors = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{command[:4]} failed: {errors[-500:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    work, size, runs = Path(sys.argv[1]).resolve(), int(sys.argv[2]), int(sys.argv[3])
    versions = dict(arg.split("=", 1) for arg in sys.argv[4:])
    corpus = work / f"corpus-{size}"
    if not corpus.exists():
        write_corpus(corpus, size)
    for name, src in versions.items():
        compileall.compile_dir(src, quiet=1)  # as installing the wheel leaves it
        shutil.rmtree(work / name, ignore_errors=True)
        shutil.copytree(corpus, work / name / "posts", symlinks=True)

    def run(name: str) -> tuple[float, float, float]:
        folder = work / name
        command = [
            sys.executable, "-m", "postfeed", str(folder / "posts"), "--site-url",
            "https://example.com", "--title", "Blog", "-o", str(folder / "out"), "--limit",
            "50", "--formats", "rss,atom", "--cache", str(folder / "c.cache"),
        ]  # fmt: skip
        env = {**os.environ, "PYTHONPATH": versions[name], "XDG_CACHE_HOME": str(folder)}
        return run_once(command, env)

    times: dict[tuple[str, str], list[tuple[float, float, float]]] = {}
    for round_ in range(runs + 1):
        for case in CASES:
            for name in versions:
                posts = work / name / "posts"
                if case == "cold":
                    (work / name / "c.cache").unlink(missing_ok=True)
                    shutil.rmtree(work / name / "out", ignore_errors=True)
                elif case == "one edited":
                    victims = sorted(posts.rglob("*.md"))
                    with open(victims[round_ * 7919 % len(victims)], "a") as stream:
                        stream.write("\nOne more line.\n")
                elif case == "one added":
                    added = posts / "added" / f"new-{round_:04d}.md"
                    added.parent.mkdir(exist_ok=True)
                    added.write_text(f"---\ntitle: Added {round_}\ndate: 2026-01-01\n---\nNew.\n")
                measured = run(name)
                if round_:
                    times.setdefault((name, case), []).append(measured)
    print(f"{size:,} posts, medians of {runs}, load average {os.getloadavg()[0]:.1f}")
    print(f"{'version':12} {'case':11} {'wall s':>7} {'CPU s':>7} {'peak MB':>8}")
    for (name, case), rows in times.items():
        wall = statistics.median(row[0] for row in rows)
        cpu = statistics.median(row[1] for row in rows)
        peak = max(row[2] for row in rows)
        print(f"{name:12} {case:11} {wall:7.3f} {cpu:7.3f} {peak:8.1f}")


if __name__ == "__main__":
    main()
