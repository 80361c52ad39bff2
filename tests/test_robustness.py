"""Hostile input, faults and concurrent runs: nothing crashes, nothing is lost or escapes."""

from __future__ import annotations

import logging
import os
import random
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

import postfeed
from postfeed import records

SITE = "https://example.com"
NAMES = ["atom.xml", "feed.json", "rss.xml"]


def _post(root: Path, name: str, title: str, date: str = "2024-05-20", extra: str = "") -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {title}\ndate: {date}\n{extra}---\nBody of {title}.\n")
    return path


def test_a_huge_file_is_skipped_without_being_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    _post(tmp_path, "small.md", "Small")
    with open(tmp_path / "huge.md", "wb") as stream:
        stream.truncate(11_000_000)  # sparse: 11 MB that cost nothing to make
    real = records._read_fd

    def guarded(fd: int, size: int) -> bytes:
        assert os.fstat(fd).st_size < 10_000_000, "the huge file was read"
        return real(fd, size)

    monkeypatch.setattr(records, "_read_fd", guarded)
    with caplog.at_level(logging.WARNING, logger="postfeed"):
        posts = postfeed.load_posts(tmp_path, site_url=SITE)
    assert [p.title for p in posts] == ["Small"]
    assert caplog.messages == [
        "huge.md: 11,000,000 bytes is more than max_bytes (10,000,000); skipped"
    ]
    assert postfeed.load_posts(tmp_path, site_url=SITE, max_bytes=10) == []


def test_a_symlink_out_of_the_root_is_never_opened(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    os.mkfifo(outside / "trap.md")  # opening it would block until a writer comes
    root = tmp_path / "posts"
    _post(root, "ok.md", "Ok")
    (root / "trap.md").symlink_to(outside / "trap.md")
    (root / "trapdir").symlink_to(outside, target_is_directory=True)
    code = "import sys, postfeed; print(len(postfeed.load_posts(sys.argv[1])))"
    result = subprocess.run(
        [sys.executable, "-c", code, str(root)], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "1"


@pytest.mark.parametrize(
    "hostile",
    ["../../x", "/etc/passwd", "..", ".", "con", "a\x00b", "x" * 5000, "tags/../../..", "~root"],
)
def test_nothing_from_a_post_names_a_path_outside_the_output(tmp_path: Path, hostile: str) -> None:
    post = postfeed.Post(title=hostile if hostile.strip(".") else "t", date="2024-01-01",
                         slug=hostile, tags=[hostile, "ok"], content="x")  # fmt: skip
    out = tmp_path / "site" / "public"
    postfeed.Feed(title="T", site_url=SITE, posts=[post]).write(out, tag_feeds=True)
    for path in tmp_path.rglob("*"):
        assert out in path.parents or path in (out, out.parent), path
    for path in (out / "tags").iterdir():
        assert path.name.replace("-", "").isalnum() and len(path.name) <= 80


@pytest.mark.parametrize("umask", [0o000, 0o002, 0o022])
def test_feeds_are_never_world_writable(tmp_path: Path, umask: int) -> None:
    post = postfeed.Post(title="T", date="2024-01-01", content="x")
    old = os.umask(umask)
    try:
        postfeed.Feed(title="T", site_url=SITE, posts=[post]).write(tmp_path)
    finally:
        os.umask(old)
    for name in NAMES:
        mode = stat.S_IMODE((tmp_path / name).stat().st_mode)
        assert mode == 0o666 & ~umask & ~0o002


def test_an_unwritable_output_folder_is_one_line_exit_2(tmp_path: Path) -> None:
    _post(tmp_path / "posts", "a.md", "A")
    readonly = tmp_path / "ro"
    readonly.mkdir()
    readonly.chmod(0o555)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "postfeed", str(tmp_path / "posts"), "--site-url", SITE,
             "--title", "T", "-o", str(readonly / "out"), "--no-cache"],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    finally:
        readonly.chmod(0o755)
    if os.geteuid() == 0:
        pytest.skip("root writes into a 0555 folder; the ENOSPC and rename tests cover faults")
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.stderr


KILL_WRITER = """
import sys, postfeed
out, start = sys.argv[1], int(sys.argv[2])
for n in range(start, start + 1000):
    posts = [postfeed.Post(title=f"Run {n} post {i}", date=f"2024-01-{i % 28 + 1:02d}",
                           content="word " * (200 + n % 50)) for i in range(30)]
    postfeed.Feed(title=f"Run {n}", site_url="https://example.com", posts=posts).write(
        out, tag_feeds=False)
    print(n, flush=True)
"""


def _assert_complete(out: Path) -> None:
    for name in NAMES:
        path = out / name
        if path.exists():
            data = path.read_bytes()
            assert [p for p in postfeed.check(data) if p.level == "error"] == [], name


KILLS = int(os.environ.get("POSTFEED_KILLS", "200"))
COUNTS = {"kills": 0}


@pytest.mark.parametrize(
    "kills", [pytest.param(8, id="short"), pytest.param(KILLS, id="long", marks=pytest.mark.slow)]
)
def test_killed_writers_leave_complete_feeds_and_the_next_run_cleans_up(
    tmp_path: Path, kills: int
) -> None:
    out = tmp_path / "public"
    rng = random.Random(2024)
    survived = 0
    for round_ in range(kills):
        writer = subprocess.Popen(
            [sys.executable, "-c", KILL_WRITER, str(out), str(round_ * 1000)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert writer.stdout is not None
        writer.stdout.readline()  # it has written at least once
        time.sleep(rng.uniform(0, 0.05))
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=60)
        writer.stdout.close()
        _assert_complete(out)  # each file: the complete old or the complete new one
        survived += 1
        COUNTS["kills"] += 1
    posts = [postfeed.Post(title="Final", date="2024-01-01", content="x")]
    postfeed.Feed(title="Final", site_url=SITE, posts=posts).write(out)
    assert sorted(os.listdir(out)) == NAMES  # stale temporary files are gone
    _assert_complete(out)
    print(f"\nkills survived: {survived} of {kills}")


@pytest.mark.parametrize(
    "rounds", [pytest.param(2, id="short"), pytest.param(20, id="long", marks=pytest.mark.slow)]
)
def test_eight_concurrent_runs_give_the_feeds_of_one(tmp_path: Path, rounds: int) -> None:
    root = tmp_path / "posts"
    for i in range(60):
        _post(root, f"p{i:02d}.md", f"Post {i}", f"2024-02-{i % 28 + 1:02d}", "tags: [a, b]\n")
    single = tmp_path / "single"
    command = [sys.executable, "-m", "postfeed", str(root), "--site-url", SITE, "--title", "T",
               "--tag-feeds"]  # fmt: skip
    subprocess.run([*command, "-o", str(single), "--no-cache"], check=True, timeout=120)
    expected = {p.relative_to(single): p.read_bytes() for p in single.rglob("*") if p.is_file()}
    out = tmp_path / "shared"
    for _ in range(rounds):
        runs = [
            subprocess.Popen([*command, "-o", str(out)], stderr=subprocess.PIPE) for _ in range(8)
        ]
        for run in runs:
            assert run.wait(timeout=300) == 0
            assert run.stderr is not None and run.stderr.read() == b""
            run.stderr.close()
        found = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
        assert found == expected


def test_disk_full_during_a_write_keeps_the_old_feeds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import io

    from postfeed import writing

    post = postfeed.Post(title="Old", date="2024-01-01", content="x")
    postfeed.Feed(title="T", site_url=SITE, posts=[post]).write(tmp_path)
    before = {name: (tmp_path / name).read_bytes() for name in NAMES}
    writes = []

    class Full(io.BufferedWriter):
        def write(self, data: object) -> int:
            writes.append(1)
            if len(writes) == 2:
                raise OSError(errno.ENOSPC, "No space left on device")
            return super().write(data)  # type: ignore[arg-type]

    def fdopen(fd: int, mode: str = "r", *args: object, **kwargs: object) -> io.BufferedWriter:
        return Full(io.FileIO(fd, "w"))  # the same descriptor, a writer that runs out of room

    monkeypatch.setattr(writing.os, "fdopen", fdopen)
    new = postfeed.Post(title="New", date="2024-01-02", content="y")
    with pytest.raises(postfeed.FeedError, match="No space left on device"):
        postfeed.Feed(title="T", site_url=SITE, posts=[new]).write(tmp_path)
    assert {name: (tmp_path / name).read_bytes() for name in NAMES} == before
    assert sorted(os.listdir(tmp_path)) == NAMES


def _billion_laughs() -> str:
    levels = ["a: &a [" + ", ".join(['"lol"'] * 9) + "]"]
    for i in range(1, 9):
        name, previous = chr(97 + i), chr(96 + i)
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "---\n" + "\n".join(levels) + "\ntitle: laughs\ndate: 2024-01-01\ntags: *i\n---\nx\n"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (_billion_laughs(), "aliases expand the front matter to more than 10,000 values"),
        ("---\ntitle: deep\ndate: 2024-01-01\ntags: " + "[" * 5000 + "]" * 5000 + "\n---\nx\n",
         "does not parse"),
        ("---\ntitle: " + "{a: " * 3000 + "1" + "}" * 3000 + "\ndate: 2024-01-01\n---\nx\n",
         "does not parse"),
    ],
    ids=["billion-laughs", "deep-lists", "deep-maps"],
)  # fmt: skip
def test_yaml_bombs_are_skipped_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, text: str, reason: str
) -> None:
    (tmp_path / "bomb.md").write_text(text)
    _post(tmp_path, "fine.md", "Fine")
    with caplog.at_level(logging.WARNING, logger="postfeed"):
        posts = postfeed.load_posts(tmp_path, site_url=SITE)
    assert [p.title for p in posts] == ["Fine"]
    (message,) = caplog.messages
    assert message.startswith("bomb.md: ") and reason in message
