"""The fast paths (edits outside the feeds, narrowed loads): the same feeds, report and
cache as a full run, or no fast path."""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from postfeed import cli, incremental

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
from corpus import write_corpus

SITE = "https://example.com"


def _world(base: Path, seed_corpus: Path) -> Path:
    base.mkdir()
    shutil.copytree(seed_corpus, base / "posts")  # copy2: the same mtimes in both worlds
    return base


def _run(world: Path, *extra: str, limit: str = "12") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    args = [
        str(world / "posts"), "--site-url", SITE, "--title", "Blog", "-o", str(world / "out"),
        "--limit", limit, "--cache", str(world / "c.cache"), "-v", *extra,
    ]  # fmt: skip
    sys.stdout, sys.stderr = out, err
    try:
        code = cli.main(args)
    finally:
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    return code, out.getvalue().replace(str(world), "W"), err.getvalue()


def _cache(world: Path) -> dict[str, object]:
    lines = (world / "c.cache").read_bytes().split(b"\n")
    header = json.loads(lines[0])
    for name in ("settings", "outputs"):  # they hold the world's own paths and file times
        header["state"].pop(name)
    return {"header": header, "rest": lines[1:]}


def _feeds(world: Path) -> dict[str, bytes]:
    out = world / "out"
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


Edit = Callable[[Path, random.Random], None]


def _set(path: Path, pattern: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text(
        "\n".join(new if line.lower().startswith(pattern) else line for line in lines),
        encoding="utf-8",
    )


EDITS: dict[str, Edit] = {
    "append": lambda p, r: p.write_text(p.read_text() + f"\nMore {r.random()}.\n"),
    "touch": lambda p, r: None,
    "retitle": lambda p, r: _set(p, "title", f'title: "Now {r.randrange(99)}"'),
    "old date": lambda p, r: _set(p, "date", "date: 2001-01-01"),
    "new date": lambda p, r: _set(p, "date", "date: 2026-01-01"),
    "future": lambda p, r: _set(p, "date", "date: 2999-01-01"),
    "retag": lambda p, r: _set(p, "tags", "tags: [fresh]"),
    "draft": lambda p, r: _set(p, "title", "draft: true\ntitle: Draft"),
    "break": lambda p, r: _set(p, "title", "title: [unclosed"),
    "bad updated": lambda p, r: _set(p, "title", "title: U\nupdated: 1999-01-01"),
    "same link": lambda p, r: _set(p, "title", "title: L\nurl: /shared/"),
    "binary": lambda p, r: p.write_bytes(b"\x00\x01"),
    "remove": lambda p, r: p.unlink(),
}


# A new post's file, by kind ({n}: a number of its own)
ADDS: dict[str, str] = {
    "add new": "---\ntitle: Added {n}\ndate: 2026-06-01T{h:02d}:00:00Z\n---\nNew *post* {n}.\n",
    "add old": "---\ntitle: Old {n}\ndate: 2003-01-01\n---\nAn old post.\n",
    "add draft": "---\ntitle: Draft {n}\ndraft: true\ndate: 2026-06-01\n---\nx\n",
    "add future": "---\ntitle: Later {n}\ndate: 2999-01-01\n---\nx\n",
    "add clash": "---\ntitle: Clash\nurl: /shared/\ndate: 2026-06-02\n---\nx\n",
    "add twin": "---\ntitle: Twin\ndate: 2026-06-03\n---\nSame link as the last twin.\n",
    "add broken": "---\ntitle: [unclosed\n---\nx\n",
}


@pytest.mark.parametrize(
    ("limit", "randoms", "extra"),
    [("12", 80, ()), ("0", 20, ()), ("12", 30, ("--tag-feeds",))],  # 0: every post shown
)
def test_the_fast_paths_leave_what_a_full_run_leaves(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    limit: str,
    randoms: int,
    extra: tuple[str, ...],
) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 120, seed=11)
    fast, full = _world(tmp_path / "fast", corpus), _world(tmp_path / "full", corpus)
    taken: list[str] = []
    real = incremental.update

    def update(*args: object, **kwargs: object) -> object:
        done = real(*args, **kwargs)  # type: ignore[arg-type]
        if incremental.MAX_CHANGED >= 0:  # the fast world's runs
            taken.append(type(done).__name__)
        return done

    monkeypatch.setattr(incremental, "update", update)
    assert _run(fast, *extra, limit=limit)[0] == _run(full, *extra, limit=limit)[0] == 0
    yaml_posts = sorted(
        p.relative_to(corpus).as_posix()
        for p in corpus.rglob("*.md")
        if p.read_text().startswith("---")
    )
    rng = random.Random(5)
    mtime = 1_700_000_000_000_000_000
    benign = ["append", "touch", "retitle", "old date"] * 4  # mostly what the paths take
    oldest = sorted(yaml_posts, key=lambda name: (corpus / name).read_text().split("date: ")[1])
    steps = [([oldest[i]], [kind]) for i, kind in enumerate(EDITS)]  # each edit, on old posts
    steps += [([oldest[-1 - i]], [kind]) for i, kind in enumerate(EDITS)]  # on shown posts
    steps += [(["+"], [kind]) for kind in ADDS]  # each kind of new post
    for _ in range(randoms):
        count = rng.choice([1, 1, 1, 2, 3])
        names = [rng.choice(["+", *rng.sample(yaml_posts, 1)]) for _ in range(count)]
        steps.append(
            (names, [rng.choice([*ADDS, "add new"]) if n == "+" else rng.choice([*benign, *EDITS])
                     for n in names])
        )  # fmt: skip
    for step, (names, kinds) in enumerate(steps):
        for world in (fast, full):
            for index, (name, kind) in enumerate(zip(names, kinds, strict=True)):
                if name == "+":
                    path = world / "posts" / "added" / f"{step}-{index}.md"
                    path.parent.mkdir(exist_ok=True)
                    path.write_text(ADDS[kind].format(n=step, h=step % 24), encoding="utf-8")
                else:
                    path = world / "posts" / name
                    if not path.exists():  # removed by an earlier step: back, as a new post
                        path.write_text(ADDS["add old"].format(n=step), encoding="utf-8")
                    EDITS[kind](path, random.Random(step))
                if path.exists():
                    os.utime(path, ns=(mtime + step, mtime + step))
        got = _run(fast, *extra, limit=limit)
        monkeypatch.setattr(incremental, "MAX_CHANGED", -1)  # never a fast path
        want = _run(full, *extra, limit=limit)
        monkeypatch.setattr(incremental, "MAX_CHANGED", 20)
        where = f"step {step}: {list(zip(names, kinds, strict=True))}"
        assert got == want, where
        assert _feeds(fast) == _feeds(full), where
        assert _cache(fast) == _cache(full), where
    if limit == "0":  # every post shown: no edit is outside the feeds
        assert "Replay" not in taken and taken.count("Narrowed") >= 15
    elif extra:  # tag feeds show older posts too: fewer edits are outside them
        assert taken.count("Narrowed") >= 10 and taken.count("NoneType") >= 10
    else:  # both taken often (of 113 steps: 11 edits outside the feeds, 45 narrowed
        # loads), and refused when they must be (57)
        assert taken.count("Replay") >= 8 and taken.count("Narrowed") >= 30
        assert taken.count("NoneType") >= 30


def test_a_removed_post_takes_the_full_run_and_an_added_one_a_narrowed_load(
    tmp_path: Path,
) -> None:
    posts = tmp_path / "posts"
    write_corpus(posts, 40, seed=3)
    (posts / "zz-last.md").write_text("---\ntitle: Last\ndate: 2001-01-01\n---\nx\n")
    args = [str(posts), "--site-url", SITE, "--title", "B", "-o", str(tmp_path / "out")]
    args += ["--limit", "5", "--cache", str(tmp_path / "c.cache")]
    assert cli.main(args) == 0
    before = (tmp_path / "c.cache").read_bytes()
    state = json.loads(before.split(b"\n")[0])["state"]
    from postfeed.discovery import find_posts
    from postfeed.loading import load_options

    def update() -> object:
        return incremental.update(
            tmp_path / "c.cache",
            state["settings"],
            load_options(site_url=SITE),
            (".md", ".markdown", ".mdown", ".mkd", ".txt"),
            find_posts(posts),
            tmp_path / "out",
            limit=5,
            include_drafts=False,
            include_future=False,
        )

    (posts / "0-new.md").write_text("---\ntitle: New\ndate: 2001-01-01\n---\nx\n")
    narrowed = update()
    assert isinstance(narrowed, incremental.Narrowed)
    assert [f.relpath for f in narrowed.files] == sorted([*state["selected"], "0-new.md"])
    for name in ("zz-last.md", find_posts(posts)[1].relpath):  # the last in path order too
        (posts / name).unlink()  # removed, while one was added
        assert update() is None, name
    assert (tmp_path / "c.cache").read_bytes() == before  # nothing written


@pytest.mark.parametrize("where", ["end", "start"])
def test_a_damaged_row_sends_the_run_to_the_full_path(tmp_path: Path, where: str) -> None:
    posts = tmp_path / "posts"
    write_corpus(posts, 60, seed=4)
    world = tmp_path
    assert _run(world)[0] == 0
    cache = world / "c.cache"
    lines = cache.read_bytes().split(b"\n")
    by_age = sorted(range(2, len(lines) - 1), key=lambda i: json.loads(lines[i])[6][0])
    oldest, second = by_age[:2]
    victim = json.loads(lines[oldest])[0]
    if where == "end":  # the row's start intact, its end not; the post edited
        lines[oldest] = lines[oldest][:-5] + b"broken"
    else:  # the row's start broken; another post edited
        lines[oldest] = b"{" + lines[oldest][1:]
        victim = json.loads(lines[second])[0]
    cache.write_bytes(b"\n".join(lines))
    (posts / victim).write_text((posts / victim).read_text() + "\nMore.\n")
    code, _, err = _run(world)
    assert code == 0 and "damaged cache" in err  # the full run, which says so
    assert _run(world)[0] == 0


@pytest.mark.parametrize(
    ("body", "names"),
    [
        (b"[a]({% post_url 2024-01-01-a %})", True),
        (b"[a]({%- link _posts/a.md -%})", True),
        (b'[a]({{< relref "a.md" >}})', True),
        (b'[a]({{% ref "a" %}})', True),
        (b"{% include x.html %} a linked list, a reference", False),
    ],
)
def test_a_changed_post_that_links_to_another_is_left_to_the_full_run(
    tmp_path: Path, body: bytes, names: bool
) -> None:
    from postfeed import incremental
    from postfeed.discovery import Found

    path = tmp_path / "p.md"
    path.write_bytes(body)
    found = Found("p.md", str(path), str(path), False, len(body), 0)
    assert incremental._names_a_post(found) is names
