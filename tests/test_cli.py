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
from postfeed.publish import default_cache_path

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
        ('colour = "red"', "unknown key 'colour' (the keys are the long flags"),
        ('site-ur = "x"', "unknown key 'site-ur' (did you mean 'site-url'?)"),
        ("tag_feed = true", "unknown key 'tag_feed' (did you mean 'tag_feeds'?)"),
        ("limit = 'many'", "limit: must be a whole number, not the string 'many'"),
        # a string is not a number, whatever it holds (README: a wrong type is an error)
        (
            'limit = "20"',
            "limit: must be a whole number, not the string '20' (write it without quotes: 20)",
        ),
        ("limit = 2.5", "limit: must be a whole number, not 2.5"),
        ("limit = -2", "limit: must be a whole number, 0 or more, not -2"),
        ('max_bytes = "10"', "max_bytes: must be a whole number, not the string '10'"),
        (
            'dayfirst = "true"',
            "dayfirst: must be true or false, not the string 'true' (write "
            "it without quotes: true)",
        ),
        ('formats = ["rss", "gopher"]', "formats: must be formats from rss, atom, json"),
        ('formats = ["rss", "aton"]', "not 'aton' (did you mean 'atom'?)"),
        ("formats = 3", "formats: must be a list of formats from rss, atom, json, not 3"),
        ('tag_feeds = "yes"', "tag_feeds: must be true or false, not the string 'yes'"),
        ('fallback_date = "ctime"', "fallback_date: must be 'mtime', not the string 'ctime'"),
        ("title = 5", "title: must be a non-empty string, not 5"),
        (
            'site_url = "example.com"',
            "site_url: must be an absolute http(s) URL, not the "
            "string 'example.com' (did you mean 'https://example.com'?)",
        ),
        (
            'timezone = "Berlin"',
            "timezone: unknown time zone 'Berlin' (did you mean 'Europe/Berlin'?)",
        ),
        ('timezone = "europe/berlin"', "(did you mean 'Europe/Berlin'?)"),
        ('timezone = "America/New_Yrok"', "(did you mean 'America/New_York'?)"),
        ('timezone = "Nowhere/Zzz"', "unknown time zone 'Nowhere/Zzz' (an IANA name such as"),
        ("title = [", "not valid TOML"),
        ('keys = "title"', "[keys] must be a table"),
        ("[keys]\ncolour = ['hue']", "keys: unknown field 'colour'"),
        ("[keys]\ntitle = [1]", "keys: title must be a key name or a list of them"),
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
    assert _run("posts", "--site-url", SITE, "--title", "T") == 2  # the file is read first
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


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--titel", "T"], "unknown option --titel (did you mean --title?)"),
        (["--titel=T"], "unknown option --titel (did you mean --title?)"),
        # no abbreviations: a prefix of a long option is a typo, not that option
        (["--tag-feed"], "unknown option --tag-feed (did you mean --tag-feeds?)"),
        (["--summary"], "unknown option --summary (did you mean --summary-only?)"),
        (["--frobnicate"], "unknown option --frobnicate (see postfeed --help)"),
        (
            ["second-folder"],
            "unexpected argument 'second-folder': one POSTS_DIR only (see postfeed --help)",
        ),
        (["--limit", "20x"], "--limit: must be a whole number, not '20x'"),
        (
            ["--tag-feeds=yes"],
            "--tag-feeds is a switch and takes no value (not 'yes'): write --tag-feeds",
        ),
        (["--limit"], "--limit needs a value (see postfeed --help)"),
        (["-o"], "--output needs a value (see postfeed --help)"),
        (
            ["--site-url", "example.com"],
            "--site-url: must be an absolute http(s) URL, not "
            "'example.com' (did you mean 'https://example.com'?)",
        ),
        (
            ["--timezone", "Berlin"],
            "--timezone: unknown time zone 'Berlin' (did you mean 'Europe/Berlin'?)",
        ),
    ],
)
def test_a_mistyped_command_line_says_what_and_how_to_fix_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    posts = _posts(tmp_path / "posts")
    out = tmp_path / "public"
    argv = [str(posts), "--site-url", SITE, "--title", "Blog", "-o", str(out), *args]
    assert _run(*argv) == 2
    assert capsys.readouterr().err == f"postfeed: error: {message}\n"
    assert not out.exists()


def test_a_file_as_posts_dir_or_output_is_named_as_such(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    posts = _posts(tmp_path / "posts")
    post = posts / "hello.md"
    readme = tmp_path / "README.md"
    readme.write_text("# mine\n")
    assert _run(str(post), "--site-url", SITE, "--title", "B", "-o", str(tmp_path / "p")) == 2
    assert capsys.readouterr().err == (
        f"postfeed: error: {post}: is a file, not a folder; POSTS_DIR is the folder that holds"
        f" the posts (perhaps {posts}{os.sep})\n"
    )
    assert _run(str(tmp_path / "nope"), "--site-url", SITE, "--title", "B") == 2
    assert capsys.readouterr().err == (
        f"postfeed: error: {tmp_path / 'nope'}: no such folder; POSTS_DIR is the folder that"
        " holds the posts\n"
    )
    for out, where in ((readme, "is"), (readme / "sub", f"lies under {readme}, which is")):
        assert _run(str(posts), "--site-url", SITE, "--title", "B", "-o", str(out)) == 2
        assert capsys.readouterr().err == (
            f"postfeed: error: {out}: {where} a file, not a folder; -o names the folder the"
            " feeds are written to (e.g. -o public/)\n"
        )
    assert readme.read_text() == "# mine\n"
    (tmp_path / "gone").symlink_to(tmp_path / "nowhere")
    assert _run(str(posts), "--site-url", SITE, "--title", "B", "-o", str(tmp_path / "gone")) == 2
    assert "gone: is a link to nothing, not a folder; -o names" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("code", "fix"),
    [
        (13, "make it writable for this user, or choose another folder with -o"),
        (30, "it is on a read-only file system; choose another folder with -o"),
        (28, "the disk is full; free some space"),
    ],
)
def test_an_unwritable_output_folder_is_named_never_a_temporary_file(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    code: int,
    fix: str,
) -> None:
    posts = _posts(tmp_path / "posts")
    out = tmp_path / "public"
    out.mkdir()

    def refused(temp: Path, data: bytes) -> None:  # as the OS refuses: naming the temp file
        raise OSError(code, os.strerror(code), str(temp))

    monkeypatch.setattr(writing, "_write_temp", refused)
    assert _run(str(posts), "--site-url", SITE, "--title", "B", "-o", str(out), "--no-cache") == 2
    err = capsys.readouterr().err
    assert err == (
        f"postfeed: error: {out}: cannot write the feeds there ({os.strerror(code)}); {fix}\n"
    )
    assert writing.TEMP_MARK not in err
    assert os.listdir(out) == []


def _at_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)


def test_at_a_terminal_the_run_ends_with_what_it_did(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    posts = _posts(tmp_path / "posts")
    out = tmp_path / "public"
    args = [str(posts), "--site-url", SITE, "--title", "Blog", "-o", str(out)]
    _at_a_terminal(monkeypatch)
    assert _run(*args) == 0
    assert capsys.readouterr() == ("", f"wrote 3 feeds (2 posts) to {out}{os.sep}\n")
    assert _run(*args) == 0  # nothing changed: the no-change path
    assert capsys.readouterr() == ("", "feeds unchanged\n")
    (posts / "third.md").write_text("---\ntitle: Third\ndate: 2024-05-22\n---\nx\n")
    assert _run(*args, "--limit", "1") == 0  # other settings: a full load
    assert capsys.readouterr().err == f"wrote 3 feeds (1 of 3 posts) to {out}{os.sep}\n"
    (posts / "fourth.md").write_text("---\ntitle: Fourth\ndate: 2024-05-23\n---\nx\n")
    (posts / "draft.md").write_text("---\ntitle: D\ndate: 2024-05-24\ndraft: true\n---\nx\n")
    assert _run(*args, "--limit", "1") == 0  # two posts added (one a draft)
    assert capsys.readouterr().err == f"wrote 3 feeds (1 of 4 posts) to {out}{os.sep}\n"
    (posts / "hello.md").write_text("---\ntitle: Hello\ndate: 2024-05-20\ndraft: 1\n---\nx\n")
    assert _run(*args, "--limit", "1") == 0  # an old post made a draft: the feeds stay
    assert capsys.readouterr().err == "feeds unchanged\n"
    assert _run(*args, "--limit", "2", "--no-cache") == 0  # counted without a cache too
    assert capsys.readouterr().err == f"wrote 3 feeds (2 of 3 posts) to {out}{os.sep}\n"
    assert _run(*args, "--limit", "1", "--quiet", "--formats", "rss") == 0
    assert capsys.readouterr() == ("", "")  # quiet: not a word
    assert _run(*args, "--limit", "1", "--dry-run", "--formats", "rss,json") == 0
    assert capsys.readouterr() == (f"would write {out / 'feed.json'}\n", "")


def test_the_summary_is_for_a_real_terminal_and_cron_gets_silence(tmp_path: Path) -> None:
    import pty

    posts = _posts(tmp_path / "posts")
    out = tmp_path / "public"
    command = [sys.executable, "-m", "postfeed", str(posts), "--site-url", SITE]
    command += ["--title", "Blog", "-o", str(out)]
    env = {**os.environ, "PYTHONPATH": str(Path(postfeed.__file__).parent.parent)}
    controller, terminal = pty.openpty()
    try:
        result = subprocess.run(
            command, stderr=terminal, stdout=subprocess.PIPE, timeout=60, env=env
        )
        assert result.returncode == 0 and result.stdout == b""
        os.close(terminal)
        terminal = -1
        said = b""
        while True:
            try:
                chunk = os.read(controller, 1024)
            except OSError:  # the terminal's other end is closed: all was read
                break
            if not chunk:
                break
            said += chunk
    finally:
        os.close(controller)
        if terminal != -1:
            os.close(terminal)
    assert said.decode() == f"wrote 3 feeds (2 posts) to {out}{os.sep}\r\n"
    cron = subprocess.run(command, capture_output=True, timeout=60, env=env)
    assert (cron.returncode, cron.stdout, cron.stderr) == (0, b"", b"")


def test_a_cache_that_cannot_be_written_is_reported_once_not_every_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    posts = _posts(tmp_path / "posts")
    out = tmp_path / "public"
    home = tmp_path / "cache-home"
    home.write_text("a file where the cache folder should be\n")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    args = [str(posts), "--site-url", SITE, "--title", "Blog", "-o", str(out)]
    assert _run(*args) == 0
    (line,) = capsys.readouterr().err.splitlines()
    spare = tmp_path / "tmp" / f"postfeed-{os.getuid()}"
    (cache,) = spare.glob("*.cache")
    place = default_cache_path(posts, out)
    assert line == (
        f"{place}: cannot write the cache ({home} is a file, not a folder); using {cache}"
        " instead (said once). Fix: make its folder writable, or choose another with --cache"
        " FILE, or turn the cache off with --no-cache"
    )
    assert sorted(os.listdir(out)) == NAMES and oct(spare.stat().st_mode & 0o777) == "0o700"
    for _ in range(2):  # cron, every minute: silence (and the spare cache does its work)
        assert _run(*args) == 0
        assert capsys.readouterr() == ("", "")
    _at_a_terminal(monkeypatch)
    assert _run(*args) == 0
    assert capsys.readouterr().err == "feeds unchanged\n"  # the spare cache knew
    home.unlink()  # fixed: the cache goes back to its place; the spare and its note go
    assert _run(*args) == 0
    assert list(spare.iterdir()) == []
    assert list(home.rglob("*.cache"))
    capsys.readouterr()
    for folder in home.iterdir():
        for file in folder.iterdir():
            file.unlink()
        folder.rmdir()
    home.rmdir()
    home.write_text("broken again\n")  # a new occurrence: reported again, once
    assert _run(*args) == 0
    assert "cannot write the cache" in capsys.readouterr().err
    assert _run(*args) == 0
    assert capsys.readouterr().err == "feeds unchanged\n"


def test_without_a_private_spare_folder_the_cache_warns_each_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    posts = _posts(tmp_path / "posts")
    home = tmp_path / "cache-home"
    home.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    shared = tmp_path / f"postfeed-{os.getuid()}"
    shared.mkdir()
    shared.chmod(0o777)  # anyone's: never trusted with the cache
    args = [str(posts), "--site-url", SITE, "--title", "Blog", "-o", str(tmp_path / "out")]
    for _ in range(2):
        assert _run(*args) == 0
        (line,) = capsys.readouterr().err.splitlines()  # one line, not two
        assert line.endswith(": cannot write the cache (Not a directory)")
    assert list(shared.iterdir()) == []


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("feed.xsl", "--stylesheet: must be a .css file name, like feed.css (postfeed ships "
         "CSS: browsers are removing XSLT), or your own stylesheet's URL, not 'feed.xsl'"),
        ("../feed.css", "--stylesheet: must be a file name inside the output folder, like "
         "feed.css, not '../feed.css'"),
        ("style.txt", "--stylesheet: must be a .css file name, like feed.css, not 'style.txt'"),
    ],
)  # fmt: skip
def test_a_stylesheet_is_a_css_file_in_the_output_folder_or_a_url(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str, message: str
) -> None:
    posts = _posts(tmp_path / "posts")
    args = [str(posts), "--site-url", SITE, "--title", "B", "-o", str(tmp_path / "out")]
    assert _run(*args, "--stylesheet", value) == 2
    assert capsys.readouterr().err == f"postfeed: error: {message}\n"
    assert _run(*args, "--feeds-page", "feeds.htm") == 2
    assert "--feeds-page: must be a .html file name, like feeds.html" in capsys.readouterr().err


def test_the_stylesheet_and_feeds_page_are_written_and_kept_like_the_feeds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from postfeed import browser

    posts = _posts(tmp_path / "posts")
    out = tmp_path / "public"
    args = [str(posts), "--site-url", SITE, "--title", "Blog", "-o", str(out), "--tag-feeds"]
    args += ["--stylesheet", "assets/feed.css", "--feeds-page", "feeds.html"]
    _at_a_terminal(monkeypatch)
    assert _run(*args) == 0
    assert capsys.readouterr().err == (
        f"wrote 6 feeds (2 posts), assets/feed.css and feeds.html to {out}{os.sep}\n"
    )
    assert (out / "assets" / "feed.css").read_bytes() == browser.stylesheet()
    pi = b'<?xml-stylesheet type="text/css" href="assets/feed.css"?>'
    assert pi in (out / "rss.xml").read_bytes() and pi in (out / "atom.xml").read_bytes()
    tag_pi = b'<?xml-stylesheet type="text/css" href="../../assets/feed.css"?>'
    assert tag_pi in (out / "tags" / "a" / "rss.xml").read_bytes()
    page = (out / "feeds.html").read_text()
    assert f'<a href="{SITE}/tags/a/atom.xml">' in page
    for name in ("rss.xml", "atom.xml", "tags/a/rss.xml"):
        assert postfeed.check((out / name).read_bytes()) == []
    (out / "assets" / "feed.css").unlink()  # gone: put back by the next run
    assert _run(*args, "-v") == 0
    said = capsys.readouterr()
    assert f"wrote {out / 'assets' / 'feed.css'}\n" in said.out
    assert f"unchanged {out / 'feeds.html'}\n" in said.out
    assert said.err == f"feeds unchanged; wrote assets/feed.css to {out}{os.sep}\n"
    assert _run(*args) == 0
    assert capsys.readouterr().err == "feeds unchanged\n"
    (out / "feeds.html").unlink()
    assert _run(*args, "--dry-run") == 0
    assert capsys.readouterr().out == f"would write {out / 'feeds.html'}\n"
    assert not (out / "feeds.html").exists()


def test_a_stylesheet_url_is_linked_as_it_is_and_nothing_is_written(tmp_path: Path) -> None:
    posts = _posts(tmp_path / "posts")
    out = tmp_path / "public"
    for url, kind in (("https://cdn.example/feed.xsl", "text/xsl"), ("/s/feed.css", "text/css")):
        args = [str(posts), "--site-url", SITE, "--title", "B", "-o", str(out), "--tag-feeds"]
        assert _run(*args, "--stylesheet", url) == 0
        pi = f'<?xml-stylesheet type="{kind}" href="{url}"?>'.encode()
        assert pi in (out / "rss.xml").read_bytes()
        assert pi in (out / "tags" / "a" / "atom.xml").read_bytes()
        assert sorted(p.name for p in out.iterdir()) == [*NAMES[:2], "rss.xml", "tags"]


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


def test_cron_is_told_of_a_problem_once_a_person_at_a_terminal_every_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    posts = _posts(tmp_path / "posts")
    (posts / "broken.md").write_text("---\ntitle: [unclosed\n---\nx\n")
    args = [str(posts), "--site-url", SITE, "--title", "Blog", "-o", str(tmp_path / "out")]
    assert _run(*args) == 0
    (first,) = capsys.readouterr().err.splitlines()
    assert first.startswith("broken.md: YAML front matter does not parse")
    assert _run(*args) == 0  # nothing changed: the same problem is not mailed again
    assert capsys.readouterr().err == ""
    (posts / "later.md").write_text("---\ntitle: Later\ndate: 2024-06-01\n---\nx\n")
    (posts / "bad-date.md").write_text("---\ntitle: B\ndate: 2024-02-30\n---\nx\n")
    assert _run(*args) == 0  # a full run: only the new problem is told
    (new,) = capsys.readouterr().err.splitlines()
    assert new.startswith("bad-date.md: ")
    assert _run(*args, "--verbose") == 0  # --verbose: every problem, old ones too
    said = capsys.readouterr().err
    assert "broken.md: " in said and "bad-date.md: " in said
    _at_a_terminal(monkeypatch)
    assert _run(*args) == 0  # a person at a terminal: every problem, and the summary
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(":")[0] for line in lines] == ["bad-date.md", "broken.md", "feeds unchanged"]
