"""Feed.write and the writing module: atomic, untouched when unchanged, locked, reversible."""

from __future__ import annotations

import fcntl
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import postfeed
from postfeed import writing

SITE = "https://example.com"
NAMES = ["atom.xml", "feed.json", "rss.xml"]


def _feed(title: str = "Blog") -> postfeed.Feed:
    post = postfeed.Post(title=title, date="2024-05-20", content="Hello.", link="/hello/")
    return postfeed.Feed(title="Blog", site_url=SITE, posts=[post])


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_write_creates_the_folder_and_returns_changed_paths(tmp_path: Path) -> None:
    out = tmp_path / "public" / "feeds"
    changed = _feed().write(out)
    assert sorted(p.name for p in changed) == NAMES
    assert sorted(_snapshot(out)) == NAMES
    assert (out / "rss.xml").read_bytes() == _feed().rss()


def test_unchanged_files_are_not_touched(tmp_path: Path) -> None:
    _feed().write(tmp_path)
    past = 1_000_000_000
    for name in NAMES:
        os.utime(tmp_path / name, (past, past))
    assert _feed().write(tmp_path) == []
    assert all((tmp_path / name).stat().st_mtime == past for name in NAMES)
    changed = _feed("Other title").write(tmp_path)
    assert sorted(p.name for p in changed) == NAMES


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o002])
def test_mode_follows_the_umask(tmp_path: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        _feed().write(tmp_path)
    finally:
        os.umask(old)
    for name in NAMES:
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o666 & ~umask


def test_a_failing_rename_leaves_the_old_files_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _feed().write(tmp_path)
    before = _snapshot(tmp_path)
    real_replace = os.replace
    calls = []

    def failing_replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        calls.append(dst)
        if len(calls) == 2:  # the second rename fails: the first must be undone
            raise OSError(28, "No space left on device", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(writing.os, "replace", failing_replace)
    with pytest.raises(postfeed.FeedError, match="No space left on device"):
        _feed("Changed").write(tmp_path)
    monkeypatch.setattr(writing.os, "replace", real_replace)
    assert _snapshot(tmp_path) == before
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".")]


def test_a_failing_write_leaves_the_old_files_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _feed().write(tmp_path)
    before = _snapshot(tmp_path)
    real_fsync = os.fsync
    calls = []

    def failing_fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 3:
            raise OSError(5, "Input/output error")
        real_fsync(fd)

    monkeypatch.setattr(writing.os, "fsync", failing_fsync)
    with pytest.raises(postfeed.FeedError, match="Input/output error"):
        _feed("Changed").write(tmp_path)
    assert _snapshot(tmp_path) == before
    assert sorted(os.listdir(tmp_path)) == NAMES


def test_an_invalid_document_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _feed().write(tmp_path)
    before = _snapshot(tmp_path)
    monkeypatch.setattr(postfeed.Feed, "_render", lambda self, *a: b"<rss><channel/></rss>")
    with pytest.raises(postfeed.FeedError, match="refusing to write an invalid feed"):
        _feed("Changed").write(tmp_path)
    assert _snapshot(tmp_path) == before


def test_stale_temporary_files_are_cleaned_up(tmp_path: Path) -> None:
    (tmp_path / ".rss.xml.postfeed-0123456789ab.tmp").write_bytes(b"half")
    (tmp_path / ".keep-me").write_bytes(b"not ours")
    _feed().write(tmp_path)
    assert sorted(os.listdir(tmp_path)) == [".keep-me", *NAMES]


def test_an_unwritable_folder_is_a_feed_error(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("not a folder")
    with pytest.raises(postfeed.FeedError, match="cannot write"):
        _feed().write(target)


def test_a_symlink_in_the_folder_is_replaced_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    out = tmp_path / "out"
    out.mkdir()
    (out / "rss.xml").symlink_to(victim)
    _feed().write(out)
    assert victim.read_text() == "precious"
    assert not (out / "rss.xml").is_symlink()


def test_the_lock_makes_a_second_writer_wait(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys\n"
            "fd = os.open(sys.argv[1], os.O_RDONLY | os.O_DIRECTORY)\n"
            "fcntl.flock(fd, fcntl.LOCK_EX)\n"
            "print('locked', flush=True)\n"
            "sys.stdin.readline()\n",
            str(tmp_path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        writer = threading.Thread(target=_feed().write, args=(tmp_path,))
        writer.start()
        writer.join(0.5)
        assert writer.is_alive(), "wrote while another process held the folder's lock"
        assert os.listdir(tmp_path) == []
    finally:
        assert holder.stdin is not None
        holder.stdin.write("go\n")
        holder.stdin.close()
        holder.wait(timeout=60)
    writer.join(timeout=60)
    assert sorted(os.listdir(tmp_path)) == NAMES


def test_two_processes_writing_one_folder_both_finish(tmp_path: Path) -> None:
    script = (
        "import sys, postfeed\n"
        "posts = [postfeed.Post(title=f'P{i}', date=f'2024-01-{i + 1:02d}', content='x' * 5000)"
        " for i in range(28)]\n"
        "feed = postfeed.Feed(title=sys.argv[2], site_url='https://example.com', posts=posts)\n"
        "for _ in range(20):\n"
        "    feed.write(sys.argv[1], tag_feeds=True)\n"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", script, str(tmp_path), title])
        for title in ("One", "Two")
    ]
    assert [p.wait(timeout=300) for p in procs] == [0, 0]
    for name in NAMES:
        assert postfeed.check((tmp_path / name).read_bytes()) == []
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".")]


def test_folder_lock_holds_flock_on_the_folder(tmp_path: Path) -> None:
    with writing.folder_lock(tmp_path):
        fd = os.open(tmp_path, os.O_RDONLY | os.O_DIRECTORY)
        try:
            with pytest.raises(BlockingIOError):
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            os.close(fd)
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("after", [1, 2, 3])
def test_ctrl_c_during_the_renames_leaves_the_old_files_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, after: int
) -> None:
    import signal

    _feed().write(tmp_path)
    before = _snapshot(tmp_path)
    real, calls = os.replace, []

    def replace_then_ctrl_c(source: str | Path, target: str | Path) -> None:
        real(source, target)
        calls.append(target)
        if len(calls) == after:  # a real SIGINT, right after a rename
            os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(writing.os, "replace", replace_then_ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        _feed("Changed").write(tmp_path)
    monkeypatch.setattr(writing.os, "replace", real)
    assert _snapshot(tmp_path) == before
    assert sorted(os.listdir(tmp_path)) == NAMES
