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
