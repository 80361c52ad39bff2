"""Issue 13: hostile posts, races and hosts. Races are made deterministic by hooks."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import postfeed
from postfeed import loading, records

SITE = "https://example.com"
SECRET = "TOP-SECRET-CANARY"


def _post(root: Path, name: str, title: str, date: str = "2024-05-20", body: str = "") -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {title}\ndate: {date}\n---\n{body or 'Body of ' + title}.\n")
    return path


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, Path]:
    """A posts folder with two posts, and a secret outside it that looks like a post."""
    root = tmp_path / "posts"
    _post(root, "good.md", "Good", "2024-05-01")
    _post(root, "sub/victim.md", "Victim", "2024-05-02")
    outside = tmp_path / "outside"
    outside.mkdir()
    _post(outside, "victim.md", SECRET, "2024-05-03", body=SECRET)
    return root, outside


def _after_walk(monkeypatch: pytest.MonkeyPatch, action: Callable[[], object]) -> None:
    """Run ``action`` between the load's walk of the posts folder and the scan of its
    files (the command's no-change check walks the folder on its own before)."""
    real = loading.find_posts
    done: list[bool] = []

    def walk_then_act(*args: Any, **kwargs: Any) -> Any:
        found = real(*args, **kwargs)
        if not done:  # after the first walk of the load
            done.append(True)
            action()
        return found

    monkeypatch.setattr(loading, "find_posts", walk_then_act)


def _swap_file(root: Path, outside: Path) -> None:
    victim = root / "sub" / "victim.md"
    victim.unlink()
    victim.symlink_to(outside / "victim.md")


def _swap_folder(root: Path, outside: Path) -> None:
    (root / "sub").rename(root / "sub.old")
    (root / "sub").symlink_to(outside, target_is_directory=True)


def _documents(posts: list[postfeed.Post]) -> bytes:
    feed = postfeed.Feed(title="Blog", site_url=SITE, posts=posts)
    return b"".join(feed.documents().values())


@pytest.mark.parametrize("swap", [_swap_file, _swap_folder])
def test_a_post_swapped_for_a_symlink_after_the_walk_is_never_read(
    site: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    swap: Callable[[Path, Path], None],
) -> None:
    """Issue 13 #1: the scan opens the file the walk checked, or nothing."""
    root, outside = site
    _after_walk(monkeypatch, lambda: swap(root, outside))
    with caplog.at_level(logging.WARNING, logger="postfeed"):
        posts = postfeed.load_posts(root, site_url=SITE)
    assert [p.title for p in posts] == ["Good"]
    assert SECRET.encode() not in _documents(posts)
    assert caplog.messages == [
        "sub/victim.md: changed since the folder was walked; skipped (the next run reads it)"
    ]


@pytest.mark.parametrize("swap", [_swap_file, _swap_folder])
def test_a_post_swapped_for_a_symlink_before_rendering_is_never_read(
    site: tuple[Path, Path], caplog: pytest.LogCaptureFixture, swap: Callable[[Path, Path], None]
) -> None:
    """Issue 13 #1: the body is read again only from the file the scan read."""
    root, outside = site
    posts = postfeed.load_posts(root, site_url=SITE)
    swap(root, outside)
    with caplog.at_level(logging.WARNING, logger="postfeed"):
        data = _documents(posts)
    assert SECRET.encode() not in data
    assert b"Body of Good" in data and b"Victim" not in data
    assert caplog.messages == ["sub/victim.md: changed since it was loaded; skipped"]


def _delete(path: Path) -> None:
    path.unlink()


def _nul(path: Path) -> None:
    path.write_bytes(path.read_bytes() + b"\0")


def _grow(path: Path) -> None:
    with open(path, "ab") as stream:
        stream.write(b"x" * 2000)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (_delete, "cannot read: No such file or directory; skipped"),
        (_nul, "changed since it was loaded; skipped"),
        (_grow, "changed since it was loaded; skipped"),
    ],
)
def test_a_post_changed_after_loading_is_left_out_of_the_feeds(
    site: tuple[Path, Path],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    change: Callable[[Path], None],
    reason: str,
) -> None:
    """Issue 13 #6: one warning, the other posts published, nothing half-read."""
    root, _ = site
    _post(root, "older.md", "Older", "2024-04-01")
    posts = postfeed.load_posts(root, site_url=SITE, max_bytes=1000)
    change(root / "sub" / "victim.md")
    feed = postfeed.Feed(title="Blog", site_url=SITE, posts=posts, limit=2)
    with caplog.at_level(logging.WARNING, logger="postfeed"):
        feed.write(tmp_path / "out")
    rss = (tmp_path / "out" / "rss.xml").read_bytes()
    assert b"Good" in rss and b"Older" in rss and b"Victim" not in rss  # the next one moved up
    assert caplog.messages == [f"sub/victim.md: {reason}"]


def test_a_post_changed_after_loading_is_skipped_by_the_command(
    site: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import contextlib
    import io

    from postfeed import cli
    from postfeed import feed as feed_module

    root, _ = site
    real = feed_module.Feed._drop_unreadable

    def deleted_first(self: Any, tag_feeds: bool) -> None:
        with contextlib.suppress(FileNotFoundError):
            (root / "sub" / "victim.md").unlink()
        real(self, tag_feeds)

    monkeypatch.setattr(feed_module.Feed, "_drop_unreadable", deleted_first)
    err = io.StringIO()
    monkeypatch.setattr("sys.stderr", err)
    code = cli.main([str(root), "--site-url", SITE, "--title", "T", "-o", str(tmp_path / "out")])
    assert code == 0
    assert "sub/victim.md: cannot read: No such file or directory; skipped" in err.getvalue()
    assert b"Good" in (tmp_path / "out" / "rss.xml").read_bytes()


def test_a_fifo_swapped_in_after_the_walk_never_blocks(
    site: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _ = site

    def fifo() -> None:
        (root / "sub" / "victim.md").unlink()
        os.mkfifo(root / "sub" / "victim.md")

    _after_walk(monkeypatch, fifo)
    assert [p.title for p in postfeed.load_posts(root, site_url=SITE)] == ["Good"]


def test_opening_one_folder_at_a_time_where_there_is_no_proc(
    site: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, outside = site
    monkeypatch.setattr(records, "_USE_PROC", False)
    assert len(postfeed.load_posts(root, site_url=SITE)) == 2
    _after_walk(monkeypatch, lambda: _swap_folder(root, outside))
    assert [p.title for p in postfeed.load_posts(root, site_url=SITE)] == ["Good"]


def test_a_chain_of_doubled_folder_links_is_walked_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 13 #3: d0…d29, each with links a and b to the next: 2^30 paths, 30 folders."""
    from postfeed import discovery

    root = tmp_path / "posts"
    for n in range(30):
        _post(root, f"d{n}/p{n}.md", f"Post {n}", f"2024-01-{1 + n % 28:02d}")
        if n:
            for name in "ab":
                (root / f"d{n - 1}" / name).symlink_to(root / f"d{n}", target_is_directory=True)
    listed: list[str] = []
    real = os.scandir

    def counted(path: Any) -> Any:
        listed.append(os.fspath(path))
        assert len(listed) < 1000, "the walk is not linear"
        return real(path)

    monkeypatch.setattr(discovery.os, "scandir", counted)
    found = discovery.find_posts(root)
    assert len(listed) == 31  # the root and each folder, once
    assert [f.relpath for f in found] == sorted(f"d{n}/p{n}.md" for n in range(30))
    assert not any(f.via_link for f in found)


def test_a_folder_only_reachable_by_links_is_read_through_the_first_link(tmp_path: Path) -> None:
    from postfeed import discovery

    root = tmp_path / "posts"
    _post(root, ".hidden/deep/x.md", "X")
    (root / "b").symlink_to(root / ".hidden", target_is_directory=True)
    (root / "a").symlink_to(root / ".hidden" / "deep", target_is_directory=True)
    (root / "c").symlink_to(root / "b", target_is_directory=True)
    assert [f.relpath for f in discovery.find_posts(root)] == ["a/x.md"]


def test_overlapping_runs_never_leave_a_feed_called_unchanged_that_is_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 13 #2: a run records its feeds' sizes and mtimes before letting go of the
    folder lock, so an older run writing just after it is seen by the next run."""
    import threading

    from postfeed import cli, writing
    from postfeed import feed as feed_module

    root, out = tmp_path / "posts", tmp_path / "out"
    _post(root, "a.md", "First")
    argv = [str(root), "--site-url", SITE, "--title", "T", "-o", str(out), "--formats", "rss"]
    assert cli.main(argv) == 0
    _post(root, "b.md", "Second", "2024-06-01")
    real_write = feed_module.Feed.write
    other: list[threading.Thread] = []

    def then_an_older_run_writes(self: Any, *args: Any, **kwargs: Any) -> Any:
        changed = real_write(self, *args, **kwargs)
        older = threading.Thread(target=writing.write_files, args=(out, {"rss.xml": b"stale"}))
        older.start()
        older.join(0.5)  # it waits for the lock this run still holds (before: done at once)
        other.append(older)
        return changed

    monkeypatch.setattr(feed_module.Feed, "write", then_an_older_run_writes)
    assert cli.main(argv) == 0
    other[0].join()
    monkeypatch.setattr(feed_module.Feed, "write", real_write)
    assert (out / "rss.xml").read_bytes() == b"stale"  # the older run wrote last
    assert cli.main(argv) == 0  # sees the file is not the one it recorded
    assert b"Second" in (out / "rss.xml").read_bytes()


def _cli(*args: str, timeout: float = 60) -> Any:
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(Path(postfeed.__file__).parents[1])}
    return subprocess.run(
        [sys.executable, "-m", "postfeed", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


@pytest.mark.parametrize("kind", ["fifo", "folder", "symlink"])
def test_a_cache_that_is_not_a_regular_file_is_refused_never_replaced(
    tmp_path: Path, kind: str
) -> None:
    """Issue 13 #9, #10: ``--cache /dev/null`` was replaced by a file; a FIFO hung."""
    import stat

    root = tmp_path / "posts"
    _post(root, "a.md", "A")
    cache = tmp_path / "cache"
    if kind == "fifo":
        os.mkfifo(cache)
    elif kind == "folder":
        cache.mkdir()
    else:
        (tmp_path / "elsewhere").write_text("mine\n")
        cache.symlink_to(tmp_path / "elsewhere")
    mode = os.lstat(cache).st_mode
    args = [str(root), "--site-url", SITE, "--title", "T", "-o", str(tmp_path / "out")]
    done = _cli(*args, "--cache", str(cache), timeout=20)
    assert done.returncode == 2
    assert done.stderr == (
        f"postfeed: error: cache {str(cache)!r} is not a regular file; name another one"
        " (or none: --no-cache)\n"
    )
    assert stat.S_IFMT(os.lstat(cache).st_mode) == stat.S_IFMT(mode)
    with pytest.raises(ValueError, match="not a regular file"):
        postfeed.load_posts(root, site_url=SITE, cache=cache)
    if kind == "symlink":
        assert (tmp_path / "elsewhere").read_text() == "mine\n"


def test_a_cache_too_large_is_not_read_but_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Issue 13 #10: a 2 GB sparse cache file was read whole."""
    from postfeed import cache as cache_module

    monkeypatch.setattr(cache_module, "MAX_CACHE_BYTES", 1000)
    root = tmp_path / "posts"
    _post(root, "a.md", "A")
    cache = tmp_path / "cache"
    with open(cache, "wb") as stream:
        stream.truncate(1001)
    with caplog.at_level(logging.WARNING, logger="postfeed"):
        assert [p.title for p in postfeed.load_posts(root, site_url=SITE, cache=cache)] == ["A"]
    assert caplog.messages == [f"{cache}: cache larger than 1,000 bytes; rebuilding it"]
    assert cache.stat().st_size < 1000  # rebuilt


def test_threads_sharing_a_cache_never_write_one_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Issue 13 #11: temporary files were named by process only."""
    import threading

    from postfeed import cache as cache_module

    both_written = threading.Barrier(2, timeout=10)
    real_replace = os.replace

    def replace_when_both_wrote(src: Any, dst: Any) -> None:
        both_written.wait()  # each thread has written its temporary file
        real_replace(src, dst)

    monkeypatch.setattr(cache_module.os, "replace", replace_when_both_wrote)
    target = tmp_path / "shared.cache"
    results: list[bool] = []
    with caplog.at_level(logging.WARNING, logger="postfeed"):
        threads = [
            threading.Thread(
                target=lambda n=n: results.append(
                    cache_module.write_cache_file(target, f"{n}\n".encode() * 1000)
                )
            )
            for n in range(2)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert results == [True, True] and caplog.messages == []
    assert target.read_bytes() in (b"0\n" * 1000, b"1\n" * 1000)
    assert [p.name for p in tmp_path.iterdir()] == ["shared.cache"]


@pytest.mark.parametrize("linked", ["tags", "tags/a"])
def test_a_symlinked_tags_folder_is_never_followed(tmp_path: Path, linked: str) -> None:
    """Issue 13 #12: tag feeds were written through ``out/tags`` into another folder."""
    root, out, elsewhere = tmp_path / "posts", tmp_path / "out", tmp_path / "elsewhere"
    _post(root, "a.md", "A")
    (root / "a.md").write_text("---\ntitle: A\ndate: 2024-05-20\ntags: [a]\n---\nx\n")
    elsewhere.mkdir()
    (out / linked).parent.mkdir(parents=True)
    (out / linked).symlink_to(elsewhere, target_is_directory=True)
    posts = postfeed.load_posts(root, site_url=SITE)
    feed = postfeed.Feed(title="T", site_url=SITE, posts=posts)
    with pytest.raises(postfeed.FeedError) as raised:
        feed.write(out, tag_feeds=True)
    assert str(raised.value) == (
        f"cannot write {out / linked}: a symlink; feeds are never written through one (remove it)"
    )
    assert list(elsewhere.iterdir()) == []
    assert sorted(p.name for p in out.iterdir()) == ["tags"]  # nothing half-written


def test_an_output_folder_that_is_a_dangling_symlink_is_said_so(tmp_path: Path) -> None:
    """Issue 13, also: ``-o`` a dangling symlink said "File exists"."""
    root = tmp_path / "posts"
    _post(root, "a.md", "A")
    (tmp_path / "out").symlink_to(tmp_path / "missing", target_is_directory=True)
    done = _cli(str(root), "--site-url", SITE, "--title", "T", "-o", str(tmp_path / "out"))
    assert done.returncode == 2
    assert done.stderr == (
        f"postfeed: error: {tmp_path / 'out'}: is a link to nothing, not a folder; -o names the"
        " folder the feeds are written to (e.g. -o public/)\n"
    )


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("{year:>999999999}/{slug}/", "{year} takes no format spec or conversion"),
        ("{path!r:>99999999999}/", "{path} takes no format spec or conversion"),
        ("{slug!s}/", "{slug} takes no format spec or conversion"),
        ("../../{slug}", "no '.' or '..' path segment"),
        ("blog/./{slug}/", "no '.' or '..' path segment"),
    ],
)
def test_link_patterns_that_hang_or_climb_are_refused(
    tmp_path: Path, pattern: str, message: str
) -> None:
    """Issue 13 #14 (and "also": ``../../{slug}`` gave ``https://e.com/../../post-2``)."""
    _post(tmp_path, "a.md", "A")
    with pytest.raises(ValueError, match=re.escape(message)):
        postfeed.load_posts(tmp_path, site_url=SITE, link_pattern=pattern)
    done = _cli(str(tmp_path), "--site-url", SITE, "--title", "T", "--link-pattern", pattern,
                "-o", str(tmp_path / "out"), timeout=30)  # fmt: skip
    assert done.returncode == 2 and message in done.stderr and len(done.stderr.splitlines()) == 1
    assert postfeed.load_posts(tmp_path, site_url=SITE, link_pattern="{year}/{slug}.html")


def test_a_bad_e_mail_in_a_list_of_authors_drops_that_e_mail_only(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = tmp_path / "posts"
    (root).mkdir()
    (root / "bad.md").write_text(
        "---\ntitle: Bad\ndate: 2024-05-02\nauthors: [Ann <ann@example>, Bob <b@x.org>]\n---\nx\n"
    )
    with caplog.at_level(logging.WARNING, logger="postfeed"):
        (post,) = postfeed.load_posts(root, site_url=SITE)
    assert caplog.messages == ["bad.md: authors: 'ann@example' is not an e-mail address; left out"]
    assert post.authors == (postfeed.Author("Ann", None), postfeed.Author("Bob", "b@x.org"))


@pytest.mark.parametrize(
    ("author", "kept", "bad"),
    [
        ("{name: Jane, email: jane at example dot com}", "Jane", "jane at example dot com"),
        ('"<a@b>"', None, "a@b"),
        ("{email: 5}", None, "5"),
        ("{name: Jo, email: a@@b.com}", "Jo", "a@@b.com"),
        ('"Ann <ann@example>"', "Ann", "ann@example"),
    ],
)
def test_a_bad_author_email_drops_the_email_never_the_feed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, author: str, kept: str | None, bad: str
) -> None:
    """Issue 13 #5: one post's bad e-mail made every feed invalid (exit 1, no feed)."""
    root = tmp_path / "posts"
    _post(root, "good.md", "Good", "2024-05-01")
    (root / "bad.md").write_text(f"---\ntitle: Bad\ndate: 2024-05-02\nauthor: {author}\n---\nx\n")
    with caplog.at_level(logging.WARNING, logger="postfeed"):
        posts = postfeed.load_posts(root, site_url=SITE)
    assert caplog.messages == [f"bad.md: author: {bad!r} is not an e-mail address; left out"]
    assert posts[0].author == (None if kept is None else postfeed.Author(kept, None))
    feed = postfeed.Feed(title="T", site_url=SITE, posts=posts)
    assert len(feed.write(tmp_path / "out")) == 3
    for data in feed.documents().values():
        assert [p for p in postfeed.check(data) if p.level == "error"] == []
    with pytest.raises(postfeed.FeedError, match="is not an e-mail address"):
        postfeed.Feed(title="T", site_url=SITE, author={"name": "S", "email": "s at e"})


def test_a_post_with_thousands_of_tags_keeps_the_first_hundred(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 13 #4: feedgen's category() rebuilt its list on every call (5,000 tags: 13 s)."""
    from feedgen.entry import FeedEntry

    tags = ", ".join(f"t{n}" for n in range(5000))
    (tmp_path / "a.md").write_text(f"---\ntitle: A\ndate: 2024-05-01\ntags: {tags}\n---\nx\n")
    with caplog.at_level(logging.WARNING, logger="postfeed"):
        posts = postfeed.load_posts(tmp_path, site_url=SITE)
    assert caplog.messages == ["a.md: 5,000 tags; the first 100 kept"]
    assert posts[0].tags == tuple(f"t{n}" for n in range(100))
    calls: list[int] = []
    real = FeedEntry.category

    def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(FeedEntry, "category", counted)
    many = postfeed.Post(
        title="M", date="2024-01-01", link="https://e.com/m/", tags=[f"x{n}" for n in range(3000)]
    )
    feed = postfeed.Feed(title="T", site_url=SITE, posts=[many])
    assert feed.rss().count(b"<category>") == feed.atom().count(b"<category ") == 3000
    assert len(calls) <= 2  # once an entry, in each format


def test_long_titles_summaries_and_tags_are_cut_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    title, summary = "word " * 200, "more " * 2000
    tags = f"ok, {'x' * 101}, {'y' * 150}"
    (tmp_path / "a.md").write_text(
        f"---\ntitle: {title}\ndate: 2024-05-01\nsummary: {summary}\ntags: {tags}\n---\nx\n"
    )
    with caplog.at_level(logging.WARNING, logger="postfeed"):
        [post] = postfeed.load_posts(tmp_path, site_url=SITE)
    assert caplog.messages == [
        "a.md: title of 999 characters cut to 500",
        "a.md: 2 tag(s) longer than 100 characters left out ('xxxxxxxxxxxxxxxxxxxx'…)",
        "a.md: summary of 9,999 characters cut to 5000",
    ]
    assert len(post.title) <= records.MAX_TITLE_CHARS and post.title.endswith("…")
    assert len(post.summary) <= records.MAX_SUMMARY_CHARS and post.tags == ("ok",)


def test_a_feed_shows_at_most_ten_thousand_entries(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from postfeed import feed as feed_module

    monkeypatch.setattr(feed_module, "MAX_ENTRIES", 3)
    posts = [
        postfeed.Post(title=f"P{n}", date=f"2024-01-{n + 1:02d}", link=f"https://e.com/{n}/")
        for n in range(5)
    ]
    with caplog.at_level(logging.WARNING, logger="postfeed"):
        feed = postfeed.Feed(title="T", site_url=SITE, posts=posts, limit=0)
    assert caplog.messages == ["the feed shows the newest 3 of 5 posts (at most 3 entries)"]
    assert feed.rss().count(b"<item>") == 3
    assert postfeed.Feed(title="T", site_url=SITE, posts=posts, limit=2).rss().count(b"<item>") == 2


def test_verbose_with_an_output_path_that_is_not_utf8_under_a_strict_stdout(
    tmp_path: Path,
) -> None:
    """Issue 13 #15: printing the path failed after the feeds were written (exit 2, and
    the cache not saved)."""
    import subprocess
    import sys

    root = tmp_path / "posts"
    _post(root, "a.md", "A")
    out = os.fsencode(tmp_path) + b"/out\xff"
    env = {
        **os.environ,
        "PYTHONPATH": str(Path(postfeed.__file__).parents[1]),
        "PYTHONIOENCODING": "utf-8:strict",
        "LC_ALL": "C.UTF-8",
    }
    args = [sys.executable.encode(), b"-m", b"postfeed", os.fsencode(root), b"--site-url",
            SITE.encode(), b"--title", b"T", b"-o", out, b"-v"]  # fmt: skip
    first = subprocess.run(args, capture_output=True, env=env, timeout=60)
    assert (first.returncode, first.stderr) == (0, b"")
    assert first.stdout.count(b"wrote ") == 3 and b"\\udcff" in first.stdout
    second = subprocess.run(args, capture_output=True, env=env, timeout=60)
    assert (second.returncode, second.stderr) == (0, b"")
    assert second.stdout.count(b"unchanged ") == 3  # the cache was saved


def test_ctrl_c_while_the_command_loads_is_one_line(tmp_path: Path) -> None:
    """Issue 13 #16: a Ctrl-C in the first moments gave a KeyboardInterrupt traceback.
    Made deterministic: the interrupt comes as ``postfeed.cli`` is imported."""
    import subprocess
    import sys

    script = (
        "import builtins\n"
        "real = builtins.__import__\n"
        "def interrupted(name, *args, **kwargs):\n"
        "    if name == 'postfeed.cli':\n"
        "        raise KeyboardInterrupt\n"
        "    return real(name, *args, **kwargs)\n"
        "builtins.__import__ = interrupted\n"
        "from postfeed.__main__ import main\n"
        "main()\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(postfeed.__file__).parents[1])}
    done = subprocess.run(
        [sys.executable, "-c", script, "posts"], capture_output=True, text=True, env=env
    )
    assert done.returncode == 130
    assert done.stderr == "postfeed: interrupted; the feeds were left as they were\n"


def test_nfc_and_nfd_twins_say_why_they_clash(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Issue 13, also: "same link as café.md" did not say why."""
    import unicodedata

    _post(tmp_path, unicodedata.normalize("NFC", "café.md"), "One", "2024-05-01")
    _post(tmp_path, unicodedata.normalize("NFD", "café.md"), "Two", "2024-05-02")
    if len(os.listdir(tmp_path)) < 2:
        pytest.skip("this file system stores one form only")
    with caplog.at_level(logging.WARNING, logger="postfeed"):
        assert len(postfeed.load_posts(tmp_path, site_url=SITE)) == 1
    [message] = caplog.messages
    assert message.endswith("(the same name in another Unicode form: links are NFC); skipped"), (
        message
    )


@pytest.mark.parametrize("name", ["../../../etc/passwd", "/etc/passwd", "Europe/../UTC"])
def test_a_time_zone_is_never_a_path(tmp_path: Path, name: str) -> None:
    """Issue 13, also: ``--timezone ../../../etc/passwd`` gave "unexpected
    DeprecatedTzKeyWarning" (dateutil read it as a file)."""
    _post(tmp_path, "a.md", "A")
    with pytest.raises(ValueError, match=re.escape(f"unknown time zone {name!r}")):
        postfeed.load_posts(tmp_path, timezone=name)
    done = _cli(str(tmp_path), "--site-url", SITE, "--title", "T", "--timezone", name,
                "-o", str(tmp_path / "out"))  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.startswith(f"postfeed: error: --timezone: unknown time zone {name!r} (")
    assert done.stderr.count("\n") == 1


def test_a_negative_max_bytes_is_refused(tmp_path: Path) -> None:
    """Issue 13, also: ``max_bytes=-1`` was accepted."""
    with pytest.raises(ValueError, match="max_bytes must be a whole number of bytes, not -1"):
        postfeed.load_posts(tmp_path, max_bytes=-1)


def test_check_on_a_fifo_says_so_at_once(tmp_path: Path) -> None:
    """Issue 13, also: ``postfeed check`` on a FIFO waited for a writer forever."""
    os.mkfifo(tmp_path / "feed.xml")
    done = _cli("check", str(tmp_path / "feed.xml"), timeout=20)
    assert done.returncode == 2
    assert done.stderr == f"{tmp_path / 'feed.xml'}: error: cannot read: not a regular file\n"


def test_a_post_gone_during_a_run_is_read_when_it_comes_back(
    site: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by the chaos test: a folder renamed away between the walk and the scan, and
    back (its files keep their sizes and mtimes), left the posts skipped for good — the
    cache kept "cannot read" as if it were the file's."""
    from postfeed import cli

    root, _ = site
    cache = tmp_path / "run.cache"
    out = tmp_path / "out"
    argv = [str(root), "--site-url", SITE, "--title", "T", "-o", str(out), "--cache", str(cache)]
    assert cli.main([*argv, "--quiet"]) == 0  # the cache has every post's record
    _post(root, "sub/victim.md", "Victim", "2024-05-02", body="Edited")  # to be scanned again
    _after_walk(monkeypatch, lambda: (root / "sub").rename(root / "away"))
    assert cli.main([*argv, "--quiet"]) == 0
    assert b"Victim" not in (out / "rss.xml").read_bytes()
    monkeypatch.undo()
    (root / "away").rename(root / "sub")
    assert cli.main([*argv, "--quiet"]) == 0
    assert b"Victim" in (out / "rss.xml").read_bytes()
    assert [p.title for p in postfeed.load_posts(root, site_url=SITE, cache=cache)] == [
        "Victim",
        "Good",
    ]


def test_a_symlink_gone_while_the_folder_is_walked_is_skipped(
    site: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A link removed between listing its folder and resolving it stopped the whole walk
    (``load_posts('/proc')`` raised FileNotFoundError from ``realpath``)."""
    from postfeed import discovery

    root, _ = site
    (root / "gone.md").symlink_to(root / "good.md")
    real = os.path.realpath

    def vanished(path: Any, *args: Any, **kwargs: Any) -> str:
        if os.fspath(path).endswith("gone.md"):
            raise FileNotFoundError(2, "No such file or directory", os.fspath(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(discovery.os.path, "realpath", vanished)
    assert [f.relpath for f in discovery.find_posts(root)] == ["good.md", "sub/victim.md"]


@pytest.mark.parametrize(
    ("field", "warning"),
    [
        ('url: "http://[::1"', "link 'http://[::1' is not a valid URL; the pattern's is used"),
        ('id: "tag:"', "id 'tag:' is not a valid URI; the link is used"),
        ('id: "urn:uuid:xyz"', "id: 'urn:uuid:xyz' is not a valid urn:uuid id; left out"),
    ],
)
def test_a_bad_link_or_id_drops_the_field_never_the_feed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, field: str, warning: str
) -> None:
    """Deliver 3: one post's bad ``url`` raised "unexpected ValueError: Invalid IPv6 URL"
    out of the feeds' check, and a bad id made every feed invalid (no feed written)."""
    root = tmp_path / "posts"
    _post(root, "good.md", "Good", "2024-05-01")
    (root / "bad.md").write_text(f"---\ntitle: Bad\ndate: 2024-05-02\n{field}\n---\nx\n")
    with caplog.at_level(logging.WARNING, logger="postfeed"):
        posts = postfeed.load_posts(root, site_url=SITE)
    assert caplog.messages == [f"bad.md: {warning}"]
    assert posts[0].link == posts[0].id == f"{SITE}/bad/"
    feed = postfeed.Feed(title="T", site_url=SITE, posts=posts)
    assert len(feed.write(tmp_path / "out")) == 3
    assert postfeed.check(b'<rss version="2.0"><channel><item><link>http://[::1</link>') != []
