"""Every example runs, so the examples cannot rot."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).parent.parent / "examples"


def test_load_posts_example_runs_cleanly() -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "load_posts.py")],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    titles = [line.split("  ", 1)[1] for line in lines if not line.startswith(" ")]
    assert len(titles) == 7
    assert "Reflections on a Wild Month: AI Overload and FinOps Pressure" in titles
    assert "Not ready" not in titles  # _drafts/ is skipped


def test_write_feeds_example_writes_valid_feeds(tmp_path: Path) -> None:
    import postfeed

    out = tmp_path / "public"
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "write_feeds.py"), str(out)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert result.stderr == ""
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert {"rss.xml", "atom.xml", "feed.json", "feed.xsl", "tags/python/rss.xml"} <= set(written)
    for path in out.rglob("*"):
        if path.suffix in {".xml", ".json"}:
            assert postfeed.check(path.read_bytes()) == [], path
    assert (
        b'<?xml-stylesheet type="text/xsl" href="https://example.com/blog/feed.xsl"?>'
        in (out / "rss.xml").read_bytes()
    )
