"""Test settings: in CI, hypothesis runs derandomized so a run is repeatable."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)

settings.register_profile("long", max_examples=5000, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(autouse=True)
def _private_cache_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command's default cache goes under $XDG_CACHE_HOME: never the real one in tests."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache-home")))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say how much the fuzz and fault tests did (the figures the closing notes quote)."""
    import sys

    fuzz = sys.modules.get("test_fuzz")
    if fuzz is not None and fuzz.COUNTS["examples"]:
        terminalreporter.write_line(
            f"fuzz: {fuzz.COUNTS['examples']} examples through load_posts → Feed → check"
        )
    robust = sys.modules.get("test_robustness")
    if robust is not None and robust.COUNTS["kills"]:
        terminalreporter.write_line(
            f"faults: {robust.COUNTS['kills']} writers killed, all survived"
        )
