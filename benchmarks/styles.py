"""What loading a post costs, style by style, on a corpus from benchmarks/varied.py.

    python benchmarks/styles.py CORPUS_DIR [--repeat 3]

Loads each top-level folder of the corpus (one style of site each; from its first folder
that holds more than one folder alone, so that a Next.js site's ``pages/`` is not read
as Pelican's) with ``postfeed.load_posts(folder, jobs=1, newest=1)`` in this process
(``newest`` as the command passes it: the bodies of the others are not rendered), after
one load of the whole corpus has imported everything, and prints microseconds a post
file (the best of --repeat loads: the machine is shared) beside its share of the files.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import postfeed

SUFFIXES = {".md", ".markdown", ".mdx", ".txt"}


def files(folder: Path) -> int:
    return sum(p.suffix in SUFFIXES and not p.name.startswith("_") for p in folder.rglob("*"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    start = time.perf_counter()
    postfeed.load_posts(args.corpus, jobs=1, newest=1)
    whole, total = time.perf_counter() - start, files(args.corpus)
    print(f"whole corpus, one process: {total:,} files, {whole:.2f} s, ", end="")
    print(f"{whole / total * 1e6:.0f} µs a file\n")
    print("| style | files | share | µs a file |")
    print("| --- | ---: | ---: | ---: |")
    for style in sorted(p for p in args.corpus.iterdir() if p.is_dir()):
        folder = style
        while len(inside := list(folder.iterdir())) == 1 and inside[0].is_dir():
            folder = inside[0]
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            postfeed.load_posts(folder, jobs=1, newest=1)
            best = min(best, time.perf_counter() - start)
        count = files(folder)
        print(f"| {style.name} | {count:,} | {count / total:.0%} | {best / count * 1e6:.0f} |")


if __name__ == "__main__":
    main()
