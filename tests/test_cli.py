"""The postfeed command line: flags, configuration, usage errors, one-line messages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from feedtools import FEED_NAMES, SITE, files_in, run_command, small_blog

import postfeed
from postfeed.cli import OPTIONS, main

EXAMPLES = Path(__file__).parent.parent / "examples"


def test_output_defaults_to_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    posts = small_blog(tmp_path / "posts")
    monkeypatch.chdir(tmp_path)
    assert run_command(str(posts), "--site-url", SITE, "--title", "Blog") == 0
    assert {"rss.xml", "atom.xml", "feed.json"} <= set(os.listdir(tmp_path))


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_command("--version") == 0
    assert capsys.readouterr().out.strip() == f"postfeed {postfeed.__version__}"


def _config_posts(tmp_path: Path) -> Path:
    return small_blog(tmp_path / "posts")


def test_configuration_file_in_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _config_posts(tmp_path)
    (tmp_path / "postfeed.toml").write_text(
        'posts_dir = "posts"\nsite-url = "https://example.com"\ntitle = "From config"\n'
        'output = "public"\nformats = ["json"]\nlimit = 1\n'
    )
    monkeypatch.chdir(tmp_path)
    assert run_command() == 0
    assert sorted(files_in(tmp_path / "public")) == ["feed.json"]
    assert b'"title": "From config"' in (tmp_path / "public" / "feed.json").read_bytes()
    assert run_command("--title", "From flag", "--formats", "rss") == 0  # flags win
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
    assert run_command() == 0
    assert sorted(files_in(tmp_path / "py-out")) == FEED_NAMES
    conf = tmp_path / "conf" / "site.toml"
    conf.parent.mkdir()
    conf.write_text(
        'posts_dir = "../posts"\nsite_url = "https://example.com"\ntitle = "X"\n'
        'output = "../explicit"\n'
    )
    assert run_command("--config", str(conf)) == 0  # paths are relative to the file
    assert sorted(files_in(tmp_path / "explicit")) == FEED_NAMES


def test_another_project_s_pyproject_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _config_posts(tmp_path)
    monkeypatch.chdir(tmp_path)
    args = ("posts", "--site-url", "https://example.com", "--title", "T", "-o", "out")
    (tmp_path / "pyproject.toml").write_text("[project\nname = 'broken, not ours'\n")
    assert run_command(*args) == 0  # it names no postfeed: never parsed
    (tmp_path / "pyproject.toml").write_text("[tool.postfeed\ntitle = 'ours, broken'\n")
    assert run_command(*args) == 2


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
    assert run_command("posts", "--site-url", SITE, "--title", "T") == 2  # the file is read first
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
    posts = small_blog(tmp_path / "posts")
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
    assert sorted(os.listdir(tmp_path)) == FEED_NAMES


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
    posts = small_blog(tmp_path / "posts")
    command = [sys.executable, "-m", "postfeed", str(posts), "--site-url", "https://e.com"]
    command += ["--title", "T", "-o", str(tmp_path / "out"), "--no-cache", "-v"]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0
    assert done.stdout.count("wrote ") == 3  # written through a pipe, then os._exit
    version = subprocess.run([sys.executable, "-m", "postfeed", "--version"], capture_output=True)
    assert version.stdout.strip() == f"postfeed {postfeed.__version__}".encode()


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
    posts = small_blog(tmp_path / "posts")
    out = tmp_path / "public"
    argv = [str(posts), "--site-url", SITE, "--title", "Blog", "-o", str(out), *args]
    assert run_command(*argv) == 2
    assert capsys.readouterr().err == f"postfeed: error: {message}\n"
    assert not out.exists()


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
    posts = small_blog(tmp_path / "posts")
    args = [str(posts), "--site-url", SITE, "--title", "B", "-o", str(tmp_path / "out")]
    assert run_command(*args, "--stylesheet", value) == 2
    assert capsys.readouterr().err == f"postfeed: error: {message}\n"
    assert run_command(*args, "--feeds-page", "feeds.htm") == 2
    assert "--feeds-page: must be a .html file name, like feeds.html" in capsys.readouterr().err


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
    assert run_command() == 0
    feed = (tmp_path / "public" / "feed.json").read_bytes()
    assert b'"title": "Ferries run again"' in feed and b"2024-05-20" in feed
