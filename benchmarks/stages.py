"""Where one run of the command spends its time, stage by stage (the profile table of
benchmarks/README.md).

    python benchmarks/stages.py POSTS_DIR --site-url URL --title T -o OUT [options]

Runs the command in this process with timers wrapped round its stages and prints one
line of milliseconds to stderr. Stages that ran in forked workers count as the wall time
the main process spent on them. Not part of the test suite.
"""

from __future__ import annotations

import importlib
import sys
import time
from collections.abc import Callable
from typing import Any

START = time.perf_counter()

import postfeed.cli  # noqa: E402

IMPORTED = time.perf_counter()
TIMES: dict[str, float] = {}

STAGES = [  # (module, attribute, label): each name as the module that calls it sees it
    ("postfeed.publish", "find_posts", "walk"),
    ("postfeed.loading", "find_posts", "walk"),
    ("postfeed.cache", "Cache.load", "cache load"),
    ("postfeed.records", "map_parts", "scan on all CPUs"),
    ("postfeed.loading", "scan_all", "scan, cached or not"),
    ("postfeed.feed", "render_ahead", "render bodies"),
    ("postfeed.feed", "Feed._built", "render rest, build and check documents"),
    ("postfeed.feed", "write_files", "write feeds"),
    ("postfeed.cache", "Cache.save", "cache save"),
]


def _timed(function: Callable[..., Any], label: str) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        begin = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            TIMES[label] = TIMES.get(label, 0.0) + time.perf_counter() - begin

    return timed


def main() -> int:
    for module_name, attribute, label in STAGES:
        owner: Any = importlib.import_module(module_name)
        *path, name = attribute.split(".")
        for part in path:
            owner = getattr(owner, part)
        setattr(owner, name, _timed(getattr(owner, name), label))
    code = postfeed.cli.main(sys.argv[1:])
    total = time.perf_counter() - START
    stages = "; ".join(f"{label} {ms * 1000:.0f}" for label, ms in TIMES.items())
    print(
        f"start to command loaded {(IMPORTED - START) * 1000:.0f} ms; {stages}; "
        f"total {total * 1000:.0f} ms (exit code {code})",
        file=sys.stderr,
    )
    return code


if __name__ == "__main__":
    raise SystemExit(main())
