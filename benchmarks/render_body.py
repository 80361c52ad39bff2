"""What rendering one body costs: postfeed's renderer against bare python-markdown.

    python benchmarks/render_body.py [POSTS_DIR] [--count N] [--runs R]

Without a folder, renders the bodies of N posts of the seeded corpus (corpus.py). Each
run renders every body three ways, in turn, in this process: bare python-markdown with
``extra`` and ``sane_lists`` (postfeed's renderer before pymdown-extensions and the
source pass), python-markdown with postfeed's default extensions, and postfeed's
``render_markdown`` (the source pass for templates, fences and HTML blocks, then
Markdown). Prints the median microseconds per body of each and the ratios. Not part of
the test suite.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import write_corpus

import postfeed
from postfeed import render


def _bodies(root: Path) -> list[str]:
    suffixes = (".md", ".markdown", ".mdown", ".mkd", ".txt", ".mdx")
    return [post.content for post in postfeed.load_posts(root, suffixes=suffixes)]


def _per_body(bodies: list[str], convert: Callable[[str], object]) -> float:
    start = time.perf_counter()
    for body in bodies:
        convert(body)
    return (time.perf_counter() - start) / len(bodies) * 1e6


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("posts", nargs="?")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(args.posts) if args.posts else Path(tmp)
        if not args.posts:
            write_corpus(root, args.count)
        bodies = _bodies(root)
    bare = render._converter(("extra", "sane_lists"))
    default = render._converter(render.DEFAULT_EXTENSIONS)
    ways: dict[str, Callable[[str], object]] = {
        "python-markdown extra + sane_lists": lambda t: bare.reset().convert(t),
        "python-markdown, postfeed's extensions": lambda t: default.reset().convert(t),
        "postfeed render_markdown": render.render_markdown,
    }
    times: dict[str, list[float]] = {name: [] for name in ways}
    for way in ways.values():  # warm up: every converter built, every module loaded
        _per_body(bodies[:20], way)
    for _ in range(args.runs):
        for name, way in ways.items():
            times[name].append(_per_body(bodies, way))
    base = statistics.median(times["python-markdown extra + sane_lists"])
    print(f"{len(bodies)} bodies, median of {args.runs} runs")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:40s} {median:8.0f} µs/body  {median / base:5.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
