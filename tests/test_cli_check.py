"""``postfeed check``: one line per feed, one per problem, exit codes, -q, --strict, JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import postfeed
from postfeed.cli import main

SITE = "https://example.com"
BAD = "<rss version='2.0'>\n<channel><title>t</title><description>d</description></channel></rss>"
WARNED = (
    "<rss version='2.0'><channel><title>t</title><link>https://example.com/</link>"
    "<description>d</description></channel></rss>"
)


def _feeds(tmp_path: Path) -> list[str]:
    feed = postfeed.Feed(
        title="Blog",
        site_url=SITE,
        posts=[postfeed.Post(title="One", date="2024-05-20", content="Hi.", link="/one/")],
    )
    paths = []
    for name, data in (
        ("rss.xml", feed.rss()),
        ("atom.xml", feed.atom()),
        ("feed.json", feed.json()),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        paths.append(str(path))
    return paths


def test_valid_feeds_one_line_each(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rss, atom, feed_json = _feeds(tmp_path)
    assert main(["check", rss, atom, feed_json]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{rss}: valid (RSS 2.0, 1 entry)",
        f"{atom}: valid (Atom 1.0, 1 entry)",
        f"{feed_json}: valid (JSON Feed, 1 entry)",
    ]


def test_problems_with_line_and_code_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text(BAD)
    assert main(["check", str(bad)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert f"{bad}:2: error: rss/channel: missing <link> [MissingLink]" in lines
    assert lines[-1] == f"{bad}: invalid (RSS 2.0, 0 entries): 1 error, 1 warning"


def test_warnings_pass_unless_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    warned = tmp_path / "warned.xml"
    warned.write_text(WARNED)
    assert main(["check", str(warned)]) == 0
    out = capsys.readouterr().out
    assert "[MissingAtomSelfLink]" in out and out.endswith(
        "valid (RSS 2.0, 0 entries): 1 warning\n"
    )
    assert main(["check", "--strict", str(warned)]) == 1
    assert "invalid" in capsys.readouterr().out


def test_quiet_prints_only_what_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rss, _, _ = _feeds(tmp_path)
    warned, bad = tmp_path / "warned.xml", tmp_path / "bad.xml"
    warned.write_text(WARNED)
    bad.write_text(BAD)
    assert main(["check", "-q", rss, str(warned)]) == 0
    assert capsys.readouterr().out == ""
    assert main(["check", "-q", rss, str(warned), str(bad)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{bad}:2: error: rss/channel: missing <link> [MissingLink]"
    ]
    assert main(["check", "-q", "--strict", str(warned)]) == 1
    assert "[MissingAtomSelfLink]" in capsys.readouterr().out


def test_json_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rss, _, _ = _feeds(tmp_path)
    bad = tmp_path / "bad.xml"
    bad.write_text(BAD)
    assert main(["check", "--format", "json", rss, str(bad)]) == 1
    report = json.loads(capsys.readouterr().out)
    good, broken = report["files"]
    assert good == {"path": rss, "format": "RSS 2.0", "entries": 1, "valid": True, "problems": []}
    assert broken["valid"] is False
    assert {k: v for k, v in broken["problems"][0].items() if k != "message"} == {
        "level": "error",
        "code": "MissingLink",
        "line": 2,
    }


def test_json_names_an_unreadable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = str(tmp_path / "missing.xml")
    assert main(["check", "--format", "json", missing]) == 2
    captured = capsys.readouterr()
    assert json.loads(captured.out) == {
        "files": [
            {"path": missing, "valid": False, "error": "cannot read: No such file or directory"}
        ]
    }
    assert captured.err == f"{missing}: error: cannot read: No such file or directory\n"


def test_unreadable_file_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rss, _, _ = _feeds(tmp_path)
    assert main(["check", rss, str(tmp_path / "missing.xml")]) == 2
    captured = capsys.readouterr()
    assert (
        captured.err
        == f"{tmp_path / 'missing.xml'}: error: cannot read: No such file or directory\n"
    )
    assert captured.out == f"{rss}: valid (RSS 2.0, 1 entry)\n"


def test_help_and_usage() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "postfeed", "check", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and "--strict" in result.stdout and "Exit codes" in result.stdout
    result = subprocess.run(
        [sys.executable, "-m", "postfeed", "check", "--format", "yaml", "x.xml"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1
