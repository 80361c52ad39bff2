"""The cache and the parallel scan: same bytes as the plain path, never trusted when damaged."""

from __future__ import annotations

import functools
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

import postfeed
from postfeed import parallel, records
from postfeed.cache import VERSION
from postfeed.cli import main

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
from corpus import write_corpus

SITE = "https://example.com"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    write_corpus(root, 120, seed=7)
    (root / "broken.md").write_text("---\ntitle: [unclosed\n---\nx\n")
    (root / "draft.md").write_text("---\ntitle: D\ndate: 2024-01-01\ndraft: true\n---\nx\n")
    return root


def _feeds(posts: list[postfeed.Post]) -> tuple[bytes, ...]:
    feed = postfeed.Feed(title="Blog", site_url=SITE, posts=posts, limit=0)
    return feed.rss(), feed.atom(), feed.json()


@functools.cache  # the module's corpus is never changed: its plain feeds are made once
def _plain(corpus: Path) -> tuple[bytes, ...]:
    return _feeds(postfeed.load_posts(corpus, site_url=SITE, jobs=1))


def test_cached_and_parallel_loads_give_the_same_bytes(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    expected = _plain(corpus)
    monkeypatch.setattr(records, "PARALLEL_THRESHOLD", 10)  # make the small corpus parallel
    with caplog.at_level(logging.WARNING, logger="postfeed"):
        parallel = _feeds(postfeed.load_posts(corpus, site_url=SITE, jobs=2))
        cache = tmp_path / "c.cache"
        cold = _feeds(postfeed.load_posts(corpus, site_url=SITE, cache=cache, jobs=2))
        warm = _feeds(postfeed.load_posts(corpus, site_url=SITE, cache=cache))
    assert parallel == cold == warm == expected
    broken = [m for m in caplog.messages if m.startswith("broken.md: ")]
    assert len(broken) == 4  # every load warns, the cached one too


def test_a_failed_worker_s_part_is_scanned_by_the_main_process(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _plain(corpus)
    monkeypatch.setattr(records, "PARALLEL_THRESHOLD", 10)
    monkeypatch.setattr(parallel, "_worker_chunk", lambda number: os._exit(3))  # dies at once
    assert _feeds(postfeed.load_posts(corpus, site_url=SITE, jobs=3)) == expected
    cache = tmp_path / "c.cache"
    assert _feeds(postfeed.load_posts(corpus, site_url=SITE, jobs=2, cache=cache)) == expected
    assert _feeds(postfeed.load_posts(corpus, site_url=SITE, cache=cache)) == expected


def test_no_fork_while_threads_run(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    def no_fork() -> int:
        raise AssertionError("forked a process that runs threads")

    monkeypatch.setattr(records, "PARALLEL_THRESHOLD", 10)
    monkeypatch.setattr(os, "fork", no_fork)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        posts = postfeed.load_posts(corpus, site_url=SITE, jobs=2)
    finally:
        stop.set()
        thread.join()
    assert _feeds(posts) == _plain(corpus)


def test_cache_follows_edits_additions_and_deletions(corpus: Path, tmp_path: Path) -> None:
    root = tmp_path / "posts"
    subprocess.run(["cp", "-r", str(corpus), str(root)], check=True)
    cache = tmp_path / "c.cache"
    postfeed.load_posts(root, site_url=SITE, cache=cache)
    victim = sorted(root.rglob("*.md"))[3]
    victim.write_text("---\ntitle: Edited title\ndate: 2030-01-01\n---\nNew body.\n")
    os.utime(victim, ns=(1, 1))  # even an older mtime is a change: size and mtime both count
    (root / "new.md").write_text("---\ntitle: Brand new\ndate: 2031-01-01\n---\nx\n")
    sorted(root.rglob("*.txt"))[0].unlink()
    cached = postfeed.load_posts(root, site_url=SITE, cache=cache, include_future=True)
    plain = postfeed.load_posts(root, site_url=SITE, include_future=True)
    assert [(p.title, p.date, p.link) for p in cached] == [(p.title, p.date, p.link) for p in plain]
    assert cached[0].title == "Brand new" and cached[1].title == "Edited title"
    assert _feeds(cached) == _feeds(plain)


def test_rendered_html_is_reused(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "c.cache"
    posts = postfeed.load_posts(corpus, site_url=SITE, cache=cache)
    feed = postfeed.Feed(title="Blog", site_url=SITE, posts=posts, limit=5)
    first = feed.write(tmp_path / "out")
    assert first
    calls = []
    monkeypatch.setattr("postfeed.post.render_markdown", lambda *a: calls.append(a) or "")
    again = postfeed.load_posts(corpus, site_url=SITE, cache=cache)
    postfeed.Feed(title="Blog", site_url=SITE, posts=again, limit=5).write(tmp_path / "out")
    assert calls == []  # all five came from the cache


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: b"not json at all\n",
        lambda data: data.replace(b'"postfeed-cache"', b'"something-else"'),
        lambda data: data.replace(b'"version": %d' % VERSION, b'"version": 99'),
        lambda data: data.split(b"\n")[0] + b"\n[[1, 2]]\n{}\n",  # rows of the wrong shape
    ],
    ids=["truncated", "garbage", "foreign-format", "foreign-version", "bad-rows"],
)
def test_damaged_cache_is_ignored_with_a_warning_and_rebuilt(
    corpus: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture, damage: object
) -> None:
    cache = tmp_path / "c.cache"
    postfeed.load_posts(corpus, site_url=SITE, cache=cache)
    cache.write_bytes(damage(cache.read_bytes()))  # type: ignore[operator]
    with caplog.at_level(logging.WARNING, logger="postfeed"):
        posts = postfeed.load_posts(corpus, site_url=SITE, cache=cache)
    assert any(str(cache) in m and "rebuilding" in m for m in caplog.messages), caplog.messages
    assert _feeds(posts) == _plain(corpus)
    header = json.loads(cache.read_bytes().split(b"\n")[0])
    assert header["format"] == "postfeed-cache" and header["version"] == VERSION  # rebuilt


def test_other_settings_rebuild_silently(
    corpus: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache = tmp_path / "c.cache"
    postfeed.load_posts(corpus, site_url=SITE, cache=cache)
    with caplog.at_level(logging.WARNING, logger="postfeed"):
        posts = postfeed.load_posts(corpus, site_url="https://other.example.org", cache=cache)
    assert not [m for m in caplog.messages if "cache" in m]
    assert all(p.link.startswith("https://other.example.org/") for p in posts)


def _cli(corpus: Path, out: Path, *extra: str) -> int:
    return main([str(corpus), "--site-url", SITE, "--title", "Blog", "-o", str(out), *extra])


def test_command_cache_lives_outside_the_output_folder(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert _cli(corpus, out) == 0
    assert sorted(os.listdir(out)) == ["atom.xml", "feed.json", "rss.xml"]
    caches = list(Path(os.environ["XDG_CACHE_HOME"]).rglob("*.cache"))
    assert len(caches) == 1 and out not in caches[0].parents


def test_no_change_run_loads_no_parser_and_replays_warnings(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    probe = (
        "import sys; from postfeed.cli import main; r = main(sys.argv[1:]); "
        "heavy = {'feedgen', 'lxml', 'markdown', 'yaml', 'frontmatter', 'dateutil'}; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & heavy)); raise SystemExit(r)"
    )
    args = [str(corpus), "--site-url", SITE, "--title", "Blog", "-o", str(out), "--verbose"]
    command = [sys.executable, "-c", probe, *args]
    first = subprocess.run(command, capture_output=True, text=True, check=True)
    # (feedgen: maybe in workers). logging is loaded by the command's warning report.
    assert "yaml" in first.stdout
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    second = subprocess.run(command, capture_output=True, text=True, check=True)
    assert second.stdout.splitlines()[-1] == "[]"  # nothing heavy was imported
    assert f"unchanged {out / 'rss.xml'}" in second.stdout
    assert second.stderr == first.stderr and "broken.md: " in second.stderr
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == before


def test_a_changed_output_file_is_rewritten(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert _cli(corpus, out) == 0
    good = (out / "rss.xml").read_bytes()
    (out / "rss.xml").write_bytes(b"tampered")
    assert _cli(corpus, out) == 0
    assert (out / "rss.xml").read_bytes() == good


def test_a_scheduled_post_appears_when_its_time_comes(tmp_path: Path) -> None:
    root = tmp_path / "posts"
    root.mkdir()
    (root / "now.md").write_text("---\ntitle: Now\ndate: 2020-01-01\n---\nx\n")
    (root / "later.md").write_text("---\ntitle: Later\ndate: 2999-01-01\n---\nx\n")
    out = tmp_path / "public"
    assert _cli(root, out) == 0
    cache = next(Path(os.environ["XDG_CACHE_HOME"]).rglob("*.cache"))
    header = json.loads(cache.read_bytes().split(b"\n")[0])
    assert header["state"]["next_change"] == pytest.approx(32472144000.0)  # 2999-01-01
    lines = cache.read_bytes().split(b"\n")
    header["state"]["next_change"] = 0  # pretend the time has come
    cache.write_bytes(json.dumps(header).encode() + b"\n" + b"\n".join(lines[1:]))
    before = (out / "rss.xml").stat().st_mtime_ns
    assert _cli(root, out) == 0  # a full run: not the replay
    assert (out / "rss.xml").stat().st_mtime_ns == before  # still nothing to change yet


def test_no_cache_and_explicit_cache_flags(corpus: Path, tmp_path: Path) -> None:
    home = Path(os.environ["XDG_CACHE_HOME"])
    assert _cli(corpus, tmp_path / "a", "--no-cache") == 0
    assert not list(home.rglob("*.cache"))
    explicit = tmp_path / "mine.cache"
    assert _cli(corpus, tmp_path / "b", "--cache", str(explicit)) == 0
    assert explicit.is_file() and not list(home.rglob("*.cache"))


@pytest.mark.parametrize("limit", [1, 5, 0])
def test_the_command_writes_what_the_library_builds_from_every_post(
    corpus: Path, tmp_path: Path, limit: int
) -> None:
    """The command loads only the newest posts (and each tag's); the bytes are the same."""
    out = tmp_path / "public"
    assert _cli(corpus, out, "--tag-feeds", "--limit", str(limit), "--no-cache") == 0
    posts = postfeed.load_posts(corpus, site_url=SITE)
    feed = postfeed.Feed(title="Blog", site_url=SITE, posts=posts, limit=limit)
    expected = feed.documents(tag_feeds=True)
    written = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert written == expected
    newest = postfeed.load_posts(corpus, site_url=SITE, newest=limit, newest_per_tag=True)
    assert len(newest) <= len(posts) and (limit == 0 or len(newest) < len(posts))


def test_an_edit_outside_the_feeds_builds_no_feed(corpus: Path, tmp_path: Path) -> None:
    root = tmp_path / "posts"
    subprocess.run(["cp", "-r", str(corpus), str(root)], check=True)
    out = tmp_path / "public"
    probe = (
        "import sys; from postfeed.cli import main; r = main(sys.argv[1:]); "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'feedgen', 'lxml'})); "
        "raise SystemExit(r)"
    )
    command = [sys.executable, "-c", probe, str(root), "--site-url", SITE, "--title", "Blog",
               "-o", str(out), "--limit", "3"]  # fmt: skip
    subprocess.run(command, capture_output=True, text=True, check=True)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    posts = postfeed.load_posts(root, site_url=SITE)
    oldest = Path(posts[-1].path or "")
    oldest.write_text(oldest.read_text() + "\nAn edit of an old post.\n")
    quiet = subprocess.run(command, capture_output=True, text=True, check=True)
    assert quiet.stdout.splitlines()[-1] == "[]"  # the feeds were known to be current
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    # A draft, even one that shares the newest post's id, is in no feed: added or edited,
    # the feeds are not built.
    draft = root / "zz-draft.md"
    text = f"---\ntitle: Draft\ndate: 2001-01-01\ndraft: true\nid: {posts[0].id}\n---\nDraft.\n"
    for body in (text, text + "More.\n"):
        draft.write_text(body)
        quiet = subprocess.run(command, capture_output=True, text=True, check=True)
        assert quiet.stdout.splitlines()[-1] == "[]"
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    newest = Path(posts[0].path or "")
    newest.write_text(newest.read_text() + "\nAn edit of the newest post.\n")
    loud = subprocess.run(command, capture_output=True, text=True, check=True)
    assert "feedgen" in loud.stdout
    assert {p.name: p.read_bytes() for p in out.iterdir()} != before
    expected = postfeed.Feed(
        title="Blog", site_url=SITE, posts=postfeed.load_posts(root, site_url=SITE), limit=3
    ).documents()
    assert {p.name: p.read_bytes() for p in out.iterdir()} == expected


def test_a_killed_writer_s_cache_temp_is_removed_by_the_next_save(
    corpus: Path, tmp_path: Path
) -> None:
    gone = subprocess.Popen(["true"])
    gone.wait()  # a pid that no process has now
    cache = tmp_path / "c.cache"
    stale = tmp_path / f".c.cache.{gone.pid}.tmp"
    live = tmp_path / f".c.cache.{os.getppid()}.tmp"  # a running writer's: left alone
    other = tmp_path / ".other.cache.1.tmp"
    for path in (stale, live, other):
        path.write_bytes(b"half a cache")
    postfeed.load_posts(corpus, site_url=SITE, cache=cache, jobs=1)
    assert not stale.exists() and live.exists() and other.exists() and cache.exists()


def test_the_cache_file_does_not_depend_on_which_process_rendered_what(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "available_cpus", lambda: 2)  # bodies rendered on two
    made = []
    for run in range(3):
        cache = tmp_path / f"{run}.cache"
        args = [str(corpus), "--site-url", SITE, "--title", "B", "-o", str(tmp_path / "out")]
        assert main([*args, "--limit", "0", "--cache", str(cache)]) == 0
        made.append(cache.read_bytes().split(b"\n")[1:])  # all but the run's state
    assert made[0] == made[1] == made[2] and len(made[0][0]) > 100_000


@pytest.mark.parametrize("damage", ["truncated", "foreign version"])
def test_the_command_warns_of_a_damaged_cache_once_not_on_every_later_run(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    out, cache = tmp_path / "out", tmp_path / "c.cache"
    assert _cli(corpus, out, "--cache", str(cache)) == 0
    report = capsys.readouterr().err
    assert "broken.md: " in report  # a post's warning
    data = cache.read_bytes()
    damaged = data[:100] if damage == "truncated" else b'{"format": "postfeed-cache"}\n'
    cache.write_bytes(damaged)
    assert _cli(corpus, out, "--cache", str(cache)) == 0
    first = capsys.readouterr().err
    assert "rebuilding it" in first and first.replace(first.splitlines()[0] + "\n", "") == report
    assert _cli(corpus, out, "--cache", str(cache)) == 0  # nothing changed since: cron
    assert capsys.readouterr().err == ""  # was told of every problem once already


def test_several_authors_survive_the_cache(tmp_path: Path) -> None:
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "a.md").write_text(
        "---\ntitle: A\ndate: 2024-01-01\nauthors: [Ann, Bob <b@x.org>]\n---\nx\n"
    )
    cache = tmp_path / "c.cache"
    first = postfeed.load_posts(posts, site_url=SITE, cache=cache)
    again = postfeed.load_posts(posts, site_url=SITE, cache=cache)  # from the cache
    expected = (postfeed.Author("Ann"), postfeed.Author("Bob", "b@x.org"))
    assert first[0].authors == again[0].authors == expected


def test_an_expiry_date_survives_the_cache_and_schedules_the_next_run(tmp_path: Path) -> None:
    root = tmp_path / "posts"
    root.mkdir()
    (root / "now.md").write_text("---\ntitle: Now\ndate: 2020-01-01\n---\nx\n")
    (root / "banner.md").write_text(
        "---\ntitle: Banner\ndate: 2020-01-02\nexpiryDate: 2999-01-01\n---\nx\n"
    )
    (root / "gone.md").write_text(
        "---\ntitle: Gone\ndate: 2020-01-03\nexpiryDate: 2020-02-01\n---\nx\n"
    )
    cache = tmp_path / "c.cache"
    first = postfeed.load_posts(root, site_url=SITE, cache=cache)
    again = postfeed.load_posts(root, site_url=SITE, cache=cache)
    assert [p.title for p in first] == [p.title for p in again] == ["Banner", "Now"]
    row = json.loads(next(line for line in cache.read_bytes().split(b"\n") if b"banner" in line))
    assert row[-2][0].startswith("2999-01-01")  # the expiry date is kept in the record
    out = tmp_path / "public"
    assert _cli(root, out) == 0
    state = next(Path(os.environ["XDG_CACHE_HOME"]).rglob("*.cache")).read_bytes()
    header = json.loads(state.split(b"\n")[0])
    assert header["state"]["next_change"] == pytest.approx(32472144000.0)  # it leaves then


def test_site_keys_are_part_of_the_cache_key(tmp_path: Path) -> None:
    root = tmp_path / "posts"
    root.mkdir()
    (root / "a.md").write_text("---\ntitle: Plain\nheadline: Site's own\ndate: 2020-01-01\n---\nx")
    cache = tmp_path / "c.cache"
    assert [p.title for p in postfeed.load_posts(root, cache=cache)] == ["Plain"]
    keyed = postfeed.load_posts(root, cache=cache, keys={"title": ["headline"]})
    assert [p.title for p in keyed] == ["Site's own"]


# Edits and additions for the cached-run-against-cold-run walk below ({n}: a number).
EDITS = {
    "append": lambda p, n: p.write_text(p.read_text() + f"\nMore {n}.\n"),
    "touch": lambda p, n: None,
    "retitle": lambda p, n: _set_line(p, "title", f'title: "Now {n}"'),
    "old date": lambda p, n: _set_line(p, "date", "date: 2001-01-01"),
    "new date": lambda p, n: _set_line(p, "date", "date: 2026-01-01"),
    "future": lambda p, n: _set_line(p, "date", "date: 2999-01-01"),
    "retag": lambda p, n: _set_line(p, "tags", "tags: [fresh]"),
    "draft": lambda p, n: _set_line(p, "title", "draft: true\ntitle: Draft"),
    "break": lambda p, n: _set_line(p, "title", "title: [unclosed"),
    "bad updated": lambda p, n: _set_line(p, "title", "title: U\nupdated: 1999-01-01"),
    "same link": lambda p, n: _set_line(p, "title", "title: L\nurl: /shared/"),
    "binary": lambda p, n: p.write_bytes(b"\x00\x01"),
    "remove": lambda p, n: p.unlink(),
}
ADDS = {
    "add new": "---\ntitle: Added {n}\ndate: 2026-06-01T{h:02d}:00:00Z\n---\nNew *post* {n}.\n",
    "add old": "---\ntitle: Old {n}\ndate: 2003-01-01\n---\nAn old post.\n",
    "add draft": "---\ntitle: Draft {n}\ndraft: true\ndate: 2026-06-01\n---\nx\n",
    "add future": "---\ntitle: Later {n}\ndate: 2999-01-01\n---\nx\n",
    "add clash": "---\ntitle: Clash\nurl: /shared/\ndate: 2026-06-02\n---\nx\n",
    "add broken": "---\ntitle: [unclosed\n---\nx\n",
}


def _set_line(path: Path, start: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text(
        "\n".join(new if line.lower().startswith(start) else line for line in lines),
        encoding="utf-8",
    )


def _world_run(world: Path) -> tuple[int, str, str]:
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    args = [
        str(world / "posts"), "--site-url", SITE, "--title", "Blog", "-o", str(world / "out"),
        "--limit", "12", "--cache", str(world / "c.cache"), "-v",
    ]  # fmt: skip
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    return code, out.getvalue().replace(str(world), "W"), err.getvalue()


def _world_cache(world: Path) -> dict[str, object]:
    lines = (world / "c.cache").read_bytes().split(b"\n")
    header = json.loads(lines[0])
    for name in ("settings", "outputs"):  # they hold the world's own paths and file times
        header["state"].pop(name)
    return {"header": header, "rest": lines[1:]}


def _world_feeds(world: Path) -> dict[str, bytes]:
    out = world / "out"
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    "randoms",
    [pytest.param(0, id="each-kind"), pytest.param(25, id="random", marks=pytest.mark.slow)],
)
def test_a_cached_run_leaves_what_a_cold_run_leaves(tmp_path: Path, randoms: int) -> None:
    """After each edit, removal or addition, a run that keeps its cache (unchanged posts
    not scanned again; feeds not built when their posts did not change) gives the same
    exit code, report, feeds and cache file as a run whose cache was deleted. The default
    suite takes each kind of step once; ``-m slow`` adds random ones."""
    import random
    import shutil

    corpus = tmp_path / "corpus"
    write_corpus(corpus, 120, seed=11)
    cached, cold = tmp_path / "cached", tmp_path / "cold"
    for world in (cached, cold):
        world.mkdir()
        shutil.copytree(corpus, world / "posts")  # copy2: the same mtimes in both worlds
    assert _world_run(cached)[0] == _world_run(cold)[0] == 0
    yaml_posts = sorted(
        p.relative_to(corpus).as_posix()
        for p in corpus.rglob("*.md")
        if p.read_text().startswith("---")
    )
    by_date = sorted(yaml_posts, key=lambda name: (corpus / name).read_text().split("date: ")[1])
    steps = [([by_date[i]], [kind]) for i, kind in enumerate(EDITS)]  # old posts
    steps += [([by_date[-1 - i]], [kind]) for i, kind in enumerate(EDITS)]  # shown posts
    steps += [(["+"], [kind]) for kind in ADDS]
    rng = random.Random(5)
    for _ in range(randoms):
        names = [rng.choice(["+", *rng.sample(yaml_posts, 1)]) for _ in range(rng.choice([1, 2]))]
        steps.append((names, [rng.choice(list(ADDS if n == "+" else EDITS)) for n in names]))
    mtime = 1_700_000_000_000_000_000
    for step, (names, kinds) in enumerate(steps):
        for world in (cached, cold):
            for index, (name, kind) in enumerate(zip(names, kinds, strict=True)):
                if name == "+":
                    path = world / "posts" / "added" / f"{step}-{index}.md"
                    path.parent.mkdir(exist_ok=True)
                    path.write_text(ADDS[kind].format(n=step, h=step % 24), encoding="utf-8")
                else:
                    path = world / "posts" / name
                    if not path.exists():  # removed by an earlier step: back, as a new post
                        path.write_text(ADDS["add old"].format(n=step), encoding="utf-8")
                    EDITS[kind](path, step)
                if path.exists():
                    os.utime(path, ns=(mtime + step, mtime + step))
        got = _world_run(cached)
        (cold / "c.cache").unlink()
        want = _world_run(cold)
        where = f"step {step}: {list(zip(names, kinds, strict=True))}"
        assert got == want, where
        assert _world_feeds(cached) == _world_feeds(cold), where
        assert _world_cache(cached) == _world_cache(cold), where


def test_a_damaged_row_is_warned_about_and_the_cache_rebuilt(tmp_path: Path) -> None:
    posts = tmp_path / "posts"
    write_corpus(posts, 60, seed=4)
    assert _world_run(tmp_path)[0] == 0
    cache = tmp_path / "c.cache"
    lines = cache.read_bytes().split(b"\n")
    victim = json.loads(lines[2])[0]
    lines[2] = lines[2][:-5] + b"broken"
    cache.write_bytes(b"\n".join(lines))
    (posts / victim).write_text((posts / victim).read_text() + "\nMore.\n")
    code, _, err = _world_run(tmp_path)
    assert code == 0 and "damaged cache" in err
    code, _, err = _world_run(tmp_path)
    assert (code, err) == (0, "")  # rebuilt: nothing changed, nothing said


def test_the_post_s_picture_comes_back_from_the_cache(tmp_path: Path) -> None:
    root = tmp_path / "posts"
    root.mkdir()
    (root / "a.md").write_text("---\ntitle: A\ndate: 2024-01-01\ncover: c.png\n---\nx\n", "utf-8")
    cache = tmp_path / "c.cache"
    first = postfeed.load_posts(root, site_url=SITE, cache=cache)
    again = postfeed.load_posts(root, site_url=SITE, cache=cache)
    assert [p.image for p in first] == [p.image for p in again] == ["https://example.com/a/c.png"]
