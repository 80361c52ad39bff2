"""The cron run (``publish.run``, through the command): silent when all is well, one line
per problem told to cron once, exit codes, the cache's place, Ctrl-C, the last line for a
person, the stylesheet and feeds page beside the feeds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from feedtools import FEED_NAMES, SITE, files_in, run_command, small_blog

import postfeed
from postfeed import writing
from postfeed.publish import default_cache_path


def test_success_is_silent_and_writes_three_feeds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    posts = small_blog(tmp_path / "posts")
    out = tmp_path / "public"
    assert run_command(str(posts), "--site-url", SITE, "--title", "Blog", "-o", str(out)) == 0
    assert capsys.readouterr() == ("", "")
    assert sorted(files_in(out)) == FEED_NAMES
    for data in files_in(out).values():
        assert postfeed.check(data) == []


def test_verbose_prints_one_line_per_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    posts, out = small_blog(tmp_path / "posts"), tmp_path / "out"
    args = [str(posts), "--site-url", SITE, "--title", "Blog", "-o", str(out), "--verbose"]
    assert run_command(*args) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"wrote {out / 'rss.xml'}",
        f"wrote {out / 'atom.xml'}",
        f"wrote {out / 'feed.json'}",
    ]
    assert run_command(*args, "--formats", "json") == 0
    assert capsys.readouterr().out.splitlines() == [f"unchanged {out / 'feed.json'}"]


def test_dry_run_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    posts, out = small_blog(tmp_path / "posts"), tmp_path / "out"
    args = [str(posts), "--site-url", SITE, "--title", "Blog", "-o", str(out)]
    assert run_command(*args, "--dry-run", "--tag-feeds") == 0
    assert not out.exists()
    lines = capsys.readouterr().out.splitlines()
    assert f"would write {out / 'rss.xml'}" in lines
    assert f"would write {out / 'tags' / 'a' / 'feed.json'}" in lines
    assert run_command(*args) == 0
    assert run_command(*args, "--dry-run") == 0
    assert capsys.readouterr().out == ""


def test_warnings_are_one_line_each_and_exit_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    posts, out = small_blog(tmp_path / "posts", bad=True), tmp_path / "out"
    assert run_command(str(posts), "--site-url", SITE, "--title", "Blog", "-o", str(out)) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    assert line.startswith("broken.md: ") and "someday" in line
    assert sorted(files_in(out)) == FEED_NAMES


def test_quiet_hides_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    posts = small_blog(tmp_path / "posts", bad=True)
    args = [str(posts), "--site-url", SITE, "--title", "B", "-o", str(tmp_path / "o"), "-q"]
    assert run_command(*args) == 0
    assert capsys.readouterr() == ("", "")


def test_strict_exits_one_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    posts, out = small_blog(tmp_path / "posts", bad=True), tmp_path / "out"
    assert (
        run_command(str(posts), "--site-url", SITE, "--title", "B", "-o", str(out), "--strict") == 1
    )
    assert capsys.readouterr().err.startswith("broken.md: ")
    assert not out.exists()


def test_a_feed_failing_its_check_exits_one_and_keeps_the_old(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    posts, out = small_blog(tmp_path / "posts"), tmp_path / "out"
    args = [str(posts), "--site-url", SITE, "--title", "Blog", "-o", str(out), "--no-cache"]
    assert run_command(*args) == 0
    before = files_in(out)
    monkeypatch.setattr(postfeed.Feed, "_render", lambda self, *a: b"<rss><channel/></rss>")
    assert run_command(*args) == 1
    assert "refusing to write an invalid feed" in capsys.readouterr().err
    assert files_in(out) == before


def test_interrupt_exits_130_with_the_old_feeds_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    posts, out = small_blog(tmp_path / "posts"), tmp_path / "out"
    args = [str(posts), "--site-url", SITE, "--title", "Blog", "-o", str(out)]
    assert run_command(*args) == 0
    before = files_in(out)
    real_replace = os.replace
    calls: list[object] = []

    def interrupted(src: str, dst: str) -> None:
        calls.append(dst)
        if len(calls) == 2:
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(writing.os, "replace", interrupted)
    assert run_command(*[a if a != "Blog" else "Changed" for a in args]) == 130
    assert "interrupted" in capsys.readouterr().err
    assert files_in(out) == before
    assert not [p for p in os.listdir(out) if p.startswith(".")]


def test_ctrl_c_after_the_feeds_were_written_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from postfeed import cache
    from postfeed import feed as feed_module

    posts, out = small_blog(tmp_path / "posts"), tmp_path / "out"
    args = [str(posts), "--site-url", SITE, "--title", "Blog", "-o", str(out)]
    args += ["--cache", str(tmp_path / "c.cache")]

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    real_save = cache.Cache.save
    monkeypatch.setattr(cache.Cache, "save", interrupted)
    assert run_command(*args) == 130
    assert capsys.readouterr().err == "postfeed: interrupted after the feeds were written\n"
    written = files_in(out)
    assert sorted(written) == ["atom.xml", "feed.json", "rss.xml"]
    monkeypatch.setattr(cache.Cache, "save", real_save)
    monkeypatch.setattr(feed_module, "write_files", interrupted)
    assert run_command(*args, "--title", "Other") == 130
    assert capsys.readouterr().err == "postfeed: interrupted; the feeds were left as they were\n"
    assert files_in(out) == written


def test_a_file_as_posts_dir_or_output_is_named_as_such(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    posts = small_blog(tmp_path / "posts")
    post = posts / "hello.md"
    readme = tmp_path / "README.md"
    readme.write_text("# mine\n")
    assert (
        run_command(str(post), "--site-url", SITE, "--title", "B", "-o", str(tmp_path / "p")) == 2
    )
    assert capsys.readouterr().err == (
        f"postfeed: error: {post}: is a file, not a folder; POSTS_DIR is the folder that holds"
        f" the posts (perhaps {posts}{os.sep})\n"
    )
    assert run_command(str(tmp_path / "nope"), "--site-url", SITE, "--title", "B") == 2
    assert capsys.readouterr().err == (
        f"postfeed: error: {tmp_path / 'nope'}: no such folder; POSTS_DIR is the folder that"
        " holds the posts\n"
    )
    for out, where in ((readme, "is"), (readme / "sub", f"lies under {readme}, which is")):
        assert run_command(str(posts), "--site-url", SITE, "--title", "B", "-o", str(out)) == 2
        assert capsys.readouterr().err == (
            f"postfeed: error: {out}: {where} a file, not a folder; -o names the folder the"
            " feeds are written to (e.g. -o public/)\n"
        )
    assert readme.read_text() == "# mine\n"
    (tmp_path / "gone").symlink_to(tmp_path / "nowhere")
    assert (
        run_command(str(posts), "--site-url", SITE, "--title", "B", "-o", str(tmp_path / "gone"))
        == 2
    )
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
    posts = small_blog(tmp_path / "posts")
    out = tmp_path / "public"
    out.mkdir()

    def refused(temp: Path, data: bytes) -> None:  # as the OS refuses: naming the temp file
        raise OSError(code, os.strerror(code), str(temp))

    monkeypatch.setattr(writing, "_write_temp", refused)
    assert (
        run_command(str(posts), "--site-url", SITE, "--title", "B", "-o", str(out), "--no-cache")
        == 2
    )
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
    posts = small_blog(tmp_path / "posts")
    out = tmp_path / "public"
    args = [str(posts), "--site-url", SITE, "--title", "Blog", "-o", str(out)]
    _at_a_terminal(monkeypatch)
    assert run_command(*args) == 0
    assert capsys.readouterr() == ("", f"wrote 3 feeds (2 posts) to {out}{os.sep}\n")
    assert run_command(*args) == 0  # nothing changed: the no-change path
    assert capsys.readouterr() == ("", "feeds unchanged\n")
    (posts / "third.md").write_text("---\ntitle: Third\ndate: 2024-05-22\n---\nx\n")
    assert run_command(*args, "--limit", "1") == 0  # other settings: a full load
    assert capsys.readouterr().err == f"wrote 3 feeds (1 of 3 posts) to {out}{os.sep}\n"
    (posts / "fourth.md").write_text("---\ntitle: Fourth\ndate: 2024-05-23\n---\nx\n")
    (posts / "draft.md").write_text("---\ntitle: D\ndate: 2024-05-24\ndraft: true\n---\nx\n")
    assert run_command(*args, "--limit", "1") == 0  # two posts added (one a draft)
    assert capsys.readouterr().err == f"wrote 3 feeds (1 of 4 posts) to {out}{os.sep}\n"
    (posts / "hello.md").write_text("---\ntitle: Hello\ndate: 2024-05-20\ndraft: 1\n---\nx\n")
    assert run_command(*args, "--limit", "1") == 0  # an old post made a draft: the feeds stay
    assert capsys.readouterr().err == "feeds unchanged\n"
    assert run_command(*args, "--limit", "2", "--no-cache") == 0  # counted without a cache too
    assert capsys.readouterr().err == f"wrote 3 feeds (2 of 3 posts) to {out}{os.sep}\n"
    assert run_command(*args, "--limit", "1", "--quiet", "--formats", "rss") == 0
    assert capsys.readouterr() == ("", "")  # quiet: not a word
    assert run_command(*args, "--limit", "1", "--dry-run", "--formats", "rss,json") == 0
    assert capsys.readouterr() == (f"would write {out / 'feed.json'}\n", "")


def test_the_summary_is_for_a_real_terminal_and_cron_gets_silence(tmp_path: Path) -> None:
    import pty

    posts = small_blog(tmp_path / "posts")
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
    posts = small_blog(tmp_path / "posts")
    out = tmp_path / "public"
    home = tmp_path / "cache-home"
    home.write_text("a file where the cache folder should be\n")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    args = [str(posts), "--site-url", SITE, "--title", "Blog", "-o", str(out)]
    assert run_command(*args) == 0
    (line,) = capsys.readouterr().err.splitlines()
    spare = tmp_path / "tmp" / f"postfeed-{os.getuid()}"
    (cache,) = spare.glob("*.cache")
    place = default_cache_path(posts, out)
    assert line == (
        f"{place}: cannot write the cache ({home} is a file, not a folder); using {cache}"
        " instead (said once). Fix: make its folder writable, or choose another with --cache"
        " FILE, or turn the cache off with --no-cache"
    )
    assert sorted(os.listdir(out)) == FEED_NAMES and oct(spare.stat().st_mode & 0o777) == "0o700"
    for _ in range(2):  # cron, every minute: silence (and the spare cache does its work)
        assert run_command(*args) == 0
        assert capsys.readouterr() == ("", "")
    _at_a_terminal(monkeypatch)
    assert run_command(*args) == 0
    assert capsys.readouterr().err == "feeds unchanged\n"  # the spare cache knew
    home.unlink()  # fixed: the cache goes back to its place; the spare and its note go
    assert run_command(*args) == 0
    assert list(spare.iterdir()) == []
    assert list(home.rglob("*.cache"))
    capsys.readouterr()
    for folder in home.iterdir():
        for file in folder.iterdir():
            file.unlink()
        folder.rmdir()
    home.rmdir()
    home.write_text("broken again\n")  # a new occurrence: reported again, once
    assert run_command(*args) == 0
    assert "cannot write the cache" in capsys.readouterr().err
    assert run_command(*args) == 0
    assert capsys.readouterr().err == "feeds unchanged\n"


def test_without_a_private_spare_folder_the_cache_warns_each_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    posts = small_blog(tmp_path / "posts")
    home = tmp_path / "cache-home"
    home.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    shared = tmp_path / f"postfeed-{os.getuid()}"
    shared.mkdir()
    shared.chmod(0o777)  # anyone's: never trusted with the cache
    args = [str(posts), "--site-url", SITE, "--title", "Blog", "-o", str(tmp_path / "out")]
    for _ in range(2):
        assert run_command(*args) == 0
        (line,) = capsys.readouterr().err.splitlines()  # one line, not two
        assert line.endswith(": cannot write the cache (Not a directory)")
    assert list(shared.iterdir()) == []


def test_the_stylesheet_and_feeds_page_are_written_and_kept_like_the_feeds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from postfeed import browser

    posts = small_blog(tmp_path / "posts")
    out = tmp_path / "public"
    args = [str(posts), "--site-url", SITE, "--title", "Blog", "-o", str(out), "--tag-feeds"]
    args += ["--stylesheet", "assets/feed.css", "--feeds-page", "feeds.html"]
    _at_a_terminal(monkeypatch)
    assert run_command(*args) == 0
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
    assert run_command(*args, "-v") == 0
    said = capsys.readouterr()
    assert f"wrote {out / 'assets' / 'feed.css'}\n" in said.out
    assert f"unchanged {out / 'feeds.html'}\n" in said.out
    assert said.err == f"feeds unchanged; wrote assets/feed.css to {out}{os.sep}\n"
    assert run_command(*args) == 0
    assert capsys.readouterr().err == "feeds unchanged\n"
    (out / "feeds.html").unlink()
    assert run_command(*args, "--dry-run") == 0
    assert capsys.readouterr().out == f"would write {out / 'feeds.html'}\n"
    assert not (out / "feeds.html").exists()


def test_a_stylesheet_url_is_linked_as_it_is_and_nothing_is_written(tmp_path: Path) -> None:
    posts = small_blog(tmp_path / "posts")
    out = tmp_path / "public"
    for url, kind in (("https://cdn.example/feed.xsl", "text/xsl"), ("/s/feed.css", "text/css")):
        args = [str(posts), "--site-url", SITE, "--title", "B", "-o", str(out), "--tag-feeds"]
        assert run_command(*args, "--stylesheet", url) == 0
        pi = f'<?xml-stylesheet type="{kind}" href="{url}"?>'.encode()
        assert pi in (out / "rss.xml").read_bytes()
        assert pi in (out / "tags" / "a" / "atom.xml").read_bytes()
        assert sorted(p.name for p in out.iterdir()) == [*FEED_NAMES[:2], "rss.xml", "tags"]


def test_cron_is_told_of_a_problem_once_a_person_at_a_terminal_every_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    posts = small_blog(tmp_path / "posts")
    (posts / "broken.md").write_text("---\ntitle: [unclosed\n---\nx\n")
    args = [str(posts), "--site-url", SITE, "--title", "Blog", "-o", str(tmp_path / "out")]
    assert run_command(*args) == 0
    (first,) = capsys.readouterr().err.splitlines()
    assert first.startswith("broken.md: YAML front matter does not parse")
    assert run_command(*args) == 0  # nothing changed: the same problem is not mailed again
    assert capsys.readouterr().err == ""
    (posts / "later.md").write_text("---\ntitle: Later\ndate: 2024-06-01\n---\nx\n")
    (posts / "bad-date.md").write_text("---\ntitle: B\ndate: 2024-02-30\n---\nx\n")
    assert run_command(*args) == 0  # a full run: only the new problem is told
    (new,) = capsys.readouterr().err.splitlines()
    assert new.startswith("bad-date.md: ")
    assert run_command(*args, "--verbose") == 0  # --verbose: every problem, old ones too
    said = capsys.readouterr().err
    assert "broken.md: " in said and "bad-date.md: " in said
    _at_a_terminal(monkeypatch)
    assert run_command(*args) == 0  # a person at a terminal: every problem, and the summary
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(":")[0] for line in lines] == ["bad-date.md", "broken.md", "feeds unchanged"]
