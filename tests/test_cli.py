"""The postfeed command: flags, configuration, exit codes, one-line messages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import postfeed
from postfeed import writing
from postfeed.cli import OPTIONS, main

SITE = "https://example.com"
EXAMPLES = Path(__file__).parent.parent / "examples"
NAMES = ["atom.xml", "feed.json", "rss.xml"]


def _posts(root: Path, *, bad: bool = False) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "hello.md").write_text("---\ntitle: Hello\ndate: 2024-05-20\ntags: [a]\n---\nHi.\n")
    (root / "second.md").write_text("Title: Second\nDate: 2024-05-21\n\nThere.\n")
    if bad:
        (root / "broken.md").write_text("---\ntitle: Broken\ndate: someday\n---\nx\n")
    return root


def _run(*args: str) -> int:
    return main(list(args))


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_success_is_silent_and_writes_three_feeds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    posts = _posts(tmp_path / "posts")
    out = tmp_path / "public"
    assert _run(str(posts), "--site-url", SITE, "--title", "Blog", "-o", str(out)) == 0
    assert capsys.readouterr() == ("", "")
    assert sorted(_files(out)) == NAMES
    for data in _files(out).values():
        assert postfeed.check(data) == []


def test_output_defaults_to_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    posts = _posts(tmp_path / "posts")
    monkeypatch.chdir(tmp_path)
    assert _run(str(posts), "--site-url", SITE, "--title", "Blog") == 0
    assert {"rss.xml", "atom.xml", "feed.json"} <= set(os.listdir(tmp_path))


def test_verbose_prints_one_line_per_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    posts, out = _posts(tmp_path / "posts"), tmp_path / "out"
    args = [str(posts), "--site-url", SITE, "--title", "Blog", "-o", str(out), "--verbose"]
    assert _run(*args) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"wrote {out / 'rss.xml'}",
        f"wrote {out / 'atom.xml'}",
        f"wrote {out / 'feed.json'}",
    ]
    assert _run(*args, "--formats", "json") == 0
    assert capsys.readouterr().out.splitlines() == [f"unchanged {out / 'feed.json'}"]


def test_dry_run_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    posts, out = _posts(tmp_path / "posts"), tmp_path / "out"
    args = [str(posts), "--site-url", SITE, "--title", "Blog", "-o", str(out)]
    assert _run(*args, "--dry-run", "--tag-feeds") == 0
    assert not out.exists()
    lines = capsys.readouterr().out.splitlines()
    assert f"would write {out / 'rss.xml'}" in lines
    assert f"would write {out / 'tags' / 'a' / 'feed.json'}" in lines
    assert _run(*args) == 0
    assert _run(*args, "--dry-run") == 0
    assert capsys.readouterr().out == ""


def test_warnings_are_one_line_each_and_exit_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    posts, out = _posts(tmp_path / "posts", bad=True), tmp_path / "out"
    assert _run(str(posts), "--site-url", SITE, "--title", "Blog", "-o", str(out)) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    assert line.startswith("broken.md: ") and "someday" in line
    assert sorted(_files(out)) == NAMES


def test_quiet_hides_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    posts = _posts(tmp_path / "posts", bad=True)
    args = [str(posts), "--site-url", SITE, "--title", "B", "-o", str(tmp_path / "o"), "-q"]
    assert _run(*args) == 0
    assert capsys.readouterr() == ("", "")


def test_strict_exits_one_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    posts, out = _posts(tmp_path / "posts", bad=True), tmp_path / "out"
    assert _run(str(posts), "--site-url", SITE, "--title", "B", "-o", str(out), "--strict") == 1
    assert capsys.readouterr().err.startswith("broken.md: ")
    assert not out.exists()


def test_a_feed_failing_its_check_exits_one_and_keeps_the_old(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    posts, out = _posts(tmp_path / "posts"), tmp_path / "out"
    args = [str(posts), "--site-url", SITE, "--title", "Blog", "-o", str(out), "--no-cache"]
    assert _run(*args) == 0
    before = _files(out)
    monkeypatch.setattr(postfeed.Feed, "_render", lambda self, *a: b"<rss><channel/></rss>")
    assert _run(*args) == 1
    assert "refusing to write an invalid feed" in capsys.readouterr().err
    assert _files(out) == before


def test_interrupt_exits_130_with_the_old_feeds_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    posts, out = _posts(tmp_path / "posts"), tmp_path / "out"
    args = [str(posts), "--site-url", SITE, "--title", "Blog", "-o", str(out)]
    assert _run(*args) == 0
    before = _files(out)
    real_replace = os.replace
    calls: list[object] = []

    def interrupted(src: str, dst: str) -> None:
        calls.append(dst)
        if len(calls) == 2:
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(writing.os, "replace", interrupted)
    assert _run(*[a if a != "Blog" else "Changed" for a in args]) == 130
    assert "interrupted" in capsys.readouterr().err
    assert _files(out) == before
    assert not [p for p in os.listdir(out) if p.startswith(".")]


def test_check_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    posts, out = _posts(tmp_path / "posts"), tmp_path / "out"
    assert _run(str(posts), "--site-url", SITE, "--title", "Blog", "-o", str(out)) == 0
    good = [str(out / name) for name in NAMES]
    assert _run("check", *good) == 0
    assert capsys.readouterr().out == ""
    bad = tmp_path / "bad.xml"
    bad.write_text("<rss version='2.0'><channel><title>t</title></channel></rss>")
    assert _run("check", *good, str(bad)) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines and all(line.startswith(f"{bad}: ") for line in lines)
    assert f"{bad}: error: channel: missing <link>" in lines
    assert _run("check", str(tmp_path / "missing.xml")) == 2


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run("--version") == 0
    assert capsys.readouterr().out.strip() == f"postfeed {postfeed.__version__}"


def _config_posts(tmp_path: Path) -> Path:
    return _posts(tmp_path / "posts")


def test_configuration_file_in_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _config_posts(tmp_path)
    (tmp_path / "postfeed.toml").write_text(
        'posts_dir = "posts"\nsite-url = "https://example.com"\ntitle = "From config"\n'
        'output = "public"\nformats = ["json"]\nlimit = 1\n'
    )
    monkeypatch.chdir(tmp_path)
    assert _run() == 0
    assert sorted(_files(tmp_path / "public")) == ["feed.json"]
    assert b'"title": "From config"' in (tmp_path / "public" / "feed.json").read_bytes()
    assert _run("--title", "From flag", "--formats", "rss") == 0  # flags win
    assert b"<title>From flag</title>" in (tmp_path / "public" / "rss.xml").read_bytes()


def test_pyproject_tool_table_and_explicit_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _config_posts(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "site"\n[tool.postfeed]\nposts_dir = "posts"\n'
        'site_url = "https://example.com"\ntitle = "Py"\noutput = "py-out"\n'
    )
    monkeypatch.chdir(tmp_path)
    assert _run() == 0
    assert sorted(_files(tmp_path / "py-out")) == NAMES
    conf = tmp_path / "conf" / "site.toml"
    conf.parent.mkdir()
    conf.write_text(
        'posts_dir = "../posts"\nsite_url = "https://example.com"\ntitle = "X"\n'
        'output = "../explicit"\n'
    )
    assert _run("--config", str(conf)) == 0  # paths are relative to the file
    assert sorted(_files(tmp_path / "explicit")) == NAMES


def test_another_project_s_pyproject_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _config_posts(tmp_path)
    monkeypatch.chdir(tmp_path)
    args = ("posts", "--site-url", "https://example.com", "--title", "T", "-o", "out")
    (tmp_path / "pyproject.toml").write_text("[project\nname = 'broken, not ours'\n")
    assert _run(*args) == 0  # it names no postfeed: never parsed
    (tmp_path / "pyproject.toml").write_text("[tool.postfeed\ntitle = 'ours, broken'\n")
    assert _run(*args) == 2


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('colour = "red"', "unknown key 'colour'"),
        ("limit = 'many'", "limit must be a whole number"),
        ("limit = -2", "limit must be a whole number, 0 or more"),
        ('formats = ["rss", "gopher"]', "formats must be formats from rss, atom, json"),
        ('tag_feeds = "yes"', "tag_feeds must be true or false"),
        ('fallback_date = "ctime"', "fallback_date must be 'mtime'"),
        ("title = [", "not valid TOML"),
    ],
)
def test_bad_configuration_is_one_line_naming_file_and_key(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    toml: str,
    message: str,
) -> None:
    _config_posts(tmp_path)
    (tmp_path / "postfeed.toml").write_text(toml + "\n")
    monkeypatch.chdir(tmp_path)
    assert _run("posts", "--site-url", SITE, "--title", "T") == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("postfeed: error: postfeed.toml: ")
    assert message in line


def test_every_option_has_a_flag_and_a_key() -> None:
    help_text = subprocess.run(
        [sys.executable, "-m", "postfeed", "--help"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    for option in OPTIONS:
        assert option.flag in help_text


BAD_INVOCATIONS = [
    [],
    ["--site-url", SITE, "--title", "T"],
    ["{posts}", "--title", "T"],
    ["{posts}", "--site-url", SITE],
    ["{posts}", "--site-url", "example.com", "--title", "T"],
    ["{posts}", "--site-url", SITE, "--title", "T", "--limit", "x"],
    ["{posts}", "--site-url", SITE, "--title", "T", "--limit", "-1"],
    ["{posts}", "--site-url", SITE, "--title", "T", "--formats", "rss,gopher"],
    ["{posts}", "--site-url", SITE, "--title", "T", "--timezone", "Mars/Base"],
    ["{posts}", "--site-url", SITE, "--title", "T", "--link-pattern", "{{nope}}"],
    ["{posts}", "--site-url", SITE, "--title", "T", "--fallback-date", "ctime"],
    ["{posts}", "--site-url", SITE, "--title", "T", "--language", "not a code"],
    ["{posts}", "--site-url", SITE, "--title", "T", "--quiet", "--verbose"],
    ["{posts}", "--site-url", SITE, "--title", "T", "--max-bytes", "-5"],
    ["{posts}", "--site-url", SITE, "--title", "T", "--max-bytes", "lots"],
    ["{posts}", "--site-url", SITE, "--title", "T", "--icon", "javascript:alert(1)"],
    ["{posts}", "--site-url", SITE, "--title", "T", "--author", ""],
    ["{posts}", "--site-url", SITE, "--title", "", "--no-cache"],
    ["{posts}", "--site-url", SITE, "--title", "T", "--limit"],
    ["{posts}", "--site-url", SITE, "--title", "T", "--no-such-flag"],
    ["{posts}", "--site-url", SITE, "--title", "T", "--config", "{missing}"],
    ["{posts}", "--site-url", SITE, "--title", "T", "-o", "{file}"],
    ["{missing}", "--site-url", SITE, "--title", "T"],
    ["{file}", "--site-url", SITE, "--title", "T"],
    ["check"],
    ["check", "{missing}"],
]


@pytest.mark.parametrize("argv", BAD_INVOCATIONS, ids=lambda a: " ".join(a) or "no-args")
def test_every_error_path_is_one_line_exit_2_no_traceback(tmp_path: Path, argv: list[str]) -> None:
    posts = _posts(tmp_path / "posts")
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    values = {"posts": str(posts), "missing": str(tmp_path / "missing"), "file": str(a_file)}
    result = subprocess.run(
        [sys.executable, "-m", "postfeed", *[arg.format(**values) for arg in argv]],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stdout == ""


def test_the_readme_command_on_the_examples(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "postfeed",
            str(EXAMPLES / "posts"),
            "--site-url",
            SITE,
            "--title",
            "Blog",
            "-o",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert sorted(os.listdir(tmp_path)) == NAMES


def test_the_command_leaves_the_garbage_collector_as_it_found_it(tmp_path: Path) -> None:
    import gc

    assert gc.isenabled()
    main(["--version"])
    assert gc.isenabled()
    gc.disable()
    try:
        main(["--version"])
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_console_script_flushes_before_its_quick_exit(tmp_path: Path) -> None:
    posts = _posts(tmp_path / "posts")
    command = [sys.executable, "-m", "postfeed", str(posts), "--site-url", "https://e.com"]
    command += ["--title", "T", "-o", str(tmp_path / "out"), "--no-cache", "-v"]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0
    assert done.stdout.count("wrote ") == 3  # written through a pipe, then os._exit
    version = subprocess.run([sys.executable, "-m", "postfeed", "--version"], capture_output=True)
    assert version.stdout.strip() == f"postfeed {postfeed.__version__}".encode()


@pytest.mark.parametrize("quiet", [False, True])
def test_held_warnings_are_printed_on_unhold_or_replaced(quiet: bool) -> None:
    import io
    import logging

    from postfeed.reporting import WarningCounter

    def counter(held: bool) -> tuple[WarningCounter, io.StringIO]:
        stream = io.StringIO()
        return WarningCounter(stream, quiet, held=held), stream

    def warn(handler: WarningCounter, message: str) -> None:
        handler.handle(logging.LogRecord("postfeed", logging.WARNING, "", 0, message, (), None))

    held, stream = counter(held=True)
    warn(held, "a.md: first")
    assert stream.getvalue() == ""  # held
    held.unhold(["x.md: from the last run", "y.md: too"])
    warn(held, "b.md: later")
    assert held.lines == ["x.md: from the last run", "y.md: too", "b.md: later"]
    printed = "" if quiet else "x.md: from the last run\ny.md: too\nb.md: later\n"
    assert stream.getvalue() == printed
    kept, stream = counter(held=True)
    warn(kept, "a.md: first")
    kept.unhold()
    kept.unhold(["never"])  # no longer held: nothing replaced
    assert kept.lines == ["a.md: first"] and stream.getvalue() == ("" if quiet else "a.md: first\n")


def test_ctrl_c_after_the_feeds_were_written_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from postfeed import cache
    from postfeed import feed as feed_module

    posts, out = _posts(tmp_path / "posts"), tmp_path / "out"
    args = [str(posts), "--site-url", SITE, "--title", "Blog", "-o", str(out)]
    args += ["--cache", str(tmp_path / "c.cache")]

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    real_save = cache.Cache.save
    monkeypatch.setattr(cache.Cache, "save", interrupted)
    assert _run(*args) == 130
    assert capsys.readouterr().err == "postfeed: interrupted after the feeds were written\n"
    written = _files(out)
    assert sorted(written) == ["atom.xml", "feed.json", "rss.xml"]
    monkeypatch.setattr(cache.Cache, "save", real_save)
    monkeypatch.setattr(feed_module, "write_files", interrupted)
    assert _run(*args, "--title", "Other") == 130
    assert capsys.readouterr().err == "postfeed: interrupted; the feeds were left as they were\n"
    assert _files(out) == written


def test_a_ctrl_c_as_the_command_returns_is_no_traceback() -> None:
    probe = (
        "import os, signal; from postfeed import cli; "
        "cli.main = lambda: (os.kill(os.getpid(), signal.SIGINT), 0)[1]; cli.run()"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (130, "")


def test_keys_table_names_the_site_s_own_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "a.md").write_text("---\nnewstitle: Ferries run again\nwhen: 2024-05-20\n---\nx\n")
    (tmp_path / "postfeed.toml").write_text(
        'posts_dir = "posts"\nsite_url = "https://example.com"\ntitle = "T"\n'
        'output = "public"\nformats = ["json"]\n'
        '[keys]\ntitle = ["newstitle"]\ndate = "when"\n'
    )
    monkeypatch.chdir(tmp_path)
    assert _run() == 0
    feed = (tmp_path / "public" / "feed.json").read_bytes()
    assert b'"title": "Ferries run again"' in feed and b"2024-05-20" in feed


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('keys = "title"', "[keys] must be a table"),
        ("[keys]\ncolour = ['hue']", "keys: unknown field 'colour'"),
        ("[keys]\ntitle = [1]", "keys: title must be a key name or a list of them"),
    ],
)
def test_bad_keys_table_is_one_line_naming_the_file(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    toml: str,
    message: str,
) -> None:
    _config_posts(tmp_path)
    (tmp_path / "postfeed.toml").write_text(toml + "\n")
    monkeypatch.chdir(tmp_path)
    assert _run("posts", "--site-url", SITE, "--title", "T") == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("postfeed: error: postfeed.toml: ")
    assert message in line
