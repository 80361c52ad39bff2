"""load_posts: golden post files beside their expected JSON, and the loader's own rules."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import postfeed
from postfeed import render

POSTS = Path(__file__).parent / "posts"
CASES = sorted(POSTS.glob("*.expected.json"))
SITE = "https://example.com"


def _warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def _load_case(expected: dict[str, Any], name: str, tmp_path: Path) -> tuple[Path, str]:
    if "root" in expected:
        root = POSTS / expected["root"]
        relpath = next(
            p.relative_to(root).as_posix() for p in sorted(root.rglob("*")) if p.is_file()
        )
        return root, relpath
    relpath = expected.get("filename", name + ".md")
    target = tmp_path / "posts" / relpath
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(POSTS / (name + ".md"), target)
    if "mtime" in expected:
        os.utime(target, (expected["mtime"], expected["mtime"]))
    return tmp_path / "posts", relpath


def test_there_are_enough_golden_cases() -> None:
    assert len(CASES) >= 50


@pytest.mark.parametrize("expected_file", CASES, ids=lambda p: p.name.split(".")[0])
def test_golden(expected_file: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    name = expected_file.name.removesuffix(".expected.json")
    root, relpath = _load_case(expected, name, tmp_path)
    options = {"site_url": SITE, **expected.get("options", {})}
    with caplog.at_level(logging.WARNING, logger="postfeed"):
        posts = postfeed.load_posts(root, **options)
    warnings = _warnings(caplog)

    if expected.get("skipped"):
        assert posts == []
        assert len(warnings) == 1, warnings
        assert warnings[0].startswith(relpath + ": ")
        assert expected["warning"] in warnings[0]
        assert "\n" not in warnings[0]
        return
    if expected.get("excluded"):
        assert posts == []
        assert warnings == []
        return
    assert len(posts) == 1, warnings
    if "warning" in expected:
        assert len(warnings) == 1 and expected["warning"] in warnings[0], warnings
        assert warnings[0].startswith(relpath + ": ")
    else:
        assert warnings == []
    post = posts[0]
    for key in ("title", "slug", "link", "id", "summary", "image"):
        if key in expected:
            assert getattr(post, key) == expected[key], key
    for key in ("date", "updated"):
        if key in expected:
            assert getattr(post, key).isoformat() == expected[key], key
    if "tags" in expected:
        assert list(post.tags) == expected["tags"]
    if "author" in expected:
        author = expected["author"]
        assert post.author == (None if author is None else postfeed.Author(**author))
    if "authors" in expected:
        assert post.authors == tuple(postfeed.Author(**a) for a in expected["authors"])
    for text in expected.get("content_contains", []):
        assert text in post.content_html
    for text in expected.get("content_excludes", []):
        assert text not in post.content_html
    assert post.path is not None and post.path.name == Path(relpath).name


def _write(root: Path, relpath: str, text: str | bytes) -> Path:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _post(title: str, date: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\ndate: {date}\n{extra}---\nBody of {title}.\n"


def test_cp1252_file_is_decoded_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    text = "Title: Café “quotes”\nDate: 2024-05-20\n\nnaïve text\n"
    _write(tmp_path, "legacy.md", text.encode("cp1252") + b"\x81\n")
    with caplog.at_level(logging.WARNING, logger="postfeed"):
        posts = postfeed.load_posts(tmp_path, site_url=SITE)
    assert [p.title for p in posts] == ["Café “quotes”"]
    assert "naïve" in posts[0].content_html
    assert "\ufffd" in posts[0].content_html  # 0x81 is undefined in cp1252
    (warning,) = _warnings(caplog)
    assert warning.startswith("legacy.md: ") and "cp1252" in warning


def test_discovery_rules(tmp_path: Path) -> None:
    root = tmp_path / "posts"
    for relpath in [
        "a.md",
        "b.MARKDOWN",
        "c.mdown",
        "d.mkd",
        "e.txt",
        "nested/deep/f.md",
        "skip.html",
        ".hidden.md",
        ".hidden/g.md",
        "_drafts/h.md",
        "nested/_drafts/i.md",
    ]:
        _write(root, relpath, _post(Path(relpath).stem, "2024-05-20"))
    os.mkfifo(root / "fifo.md")
    posts = postfeed.load_posts(root, site_url=SITE)
    found = sorted(p.path.relative_to(root).as_posix() for p in posts if p.path)
    assert found == ["a.md", "b.MARKDOWN", "c.mdown", "d.mkd", "e.txt", "nested/deep/f.md"]


def test_configurable_suffixes(tmp_path: Path) -> None:
    _write(tmp_path, "a.md", _post("a", "2024-05-20"))
    _write(tmp_path, "b.rst", _post("b", "2024-05-20"))
    posts = postfeed.load_posts(tmp_path, site_url=SITE, suffixes=[".rst"])
    assert [p.title for p in posts] == ["b"]


def test_symlink_escaping_the_root_is_not_followed(tmp_path: Path) -> None:
    root = tmp_path / "posts"
    _write(root, "inside.md", _post("inside", "2024-05-20"))
    outside = _write(tmp_path / "outside", "secret.md", _post("secret", "2024-05-20"))
    (root / "escape.md").symlink_to(outside)
    (root / "escape-dir").symlink_to(outside.parent, target_is_directory=True)
    posts = postfeed.load_posts(root, site_url=SITE)
    assert [p.title for p in posts] == ["inside"]


def test_symlink_loop_terminates_and_each_file_loads_once(tmp_path: Path) -> None:
    root = tmp_path / "posts"
    _write(root, "real/post.md", _post("one", "2024-05-20"))
    (root / "real" / "loop").symlink_to(root, target_is_directory=True)
    (root / "alias").symlink_to(root / "real", target_is_directory=True)
    (root / "a-link.md").symlink_to(root / "real" / "post.md")
    posts = postfeed.load_posts(root, site_url=SITE)
    assert len(posts) == 1
    assert posts[0].path == root / "real" / "post.md"  # the path without a symlink wins
    assert posts[0].link == SITE + "/real/post/"


def test_symlink_inside_root_is_followed(tmp_path: Path) -> None:
    root = tmp_path / "posts"
    _write(root, ".store/kept.md", _post("kept", "2024-05-20"))
    (root / "z-link.md").symlink_to(root / ".store" / "kept.md")
    (root / "b-link.md").symlink_to(root / ".store" / "kept.md")
    posts = postfeed.load_posts(root, site_url=SITE)
    assert [p.link for p in posts] == [SITE + "/b-link/"]  # first in sorted order


def test_order_newest_first_ties_by_path(tmp_path: Path) -> None:
    _write(tmp_path, "b.md", _post("b", "2024-05-20"))
    _write(tmp_path, "a.md", _post("a", "2024-05-20"))
    _write(tmp_path, "c.md", _post("c", "2024-06-01"))
    _write(tmp_path, "d.md", _post("d", "2023-01-01"))
    posts = postfeed.load_posts(tmp_path, site_url=SITE)
    assert [p.title for p in posts] == ["c", "a", "b", "d"]


def test_duplicate_ids_and_links_keep_the_first_in_path_order(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _write(tmp_path, "a.md", _post("a", "2024-05-20", "id: same\n"))
    _write(tmp_path, "b.md", _post("b", "2024-05-21", "id: same\n"))
    _write(tmp_path, "c.md", _post("c", "2024-05-20", "url: /shared/\n"))
    _write(tmp_path, "d.md", _post("d", "2024-05-20", "permalink: /shared/\n"))
    with caplog.at_level(logging.WARNING, logger="postfeed"):
        posts = postfeed.load_posts(tmp_path, site_url=SITE)
    assert sorted(p.title for p in posts) == ["a", "c"]
    assert sorted(_warnings(caplog)) == [
        "b.md: same id as a.md; skipped",
        "d.md: same link as c.md; skipped",
    ]


def test_strict_raises_post_error_at_the_first_problem(tmp_path: Path) -> None:
    _write(tmp_path, "good.md", _post("good", "2024-05-20"))
    _write(tmp_path, "bad.md", _post("bad", "not a date"))
    with pytest.raises(postfeed.PostError) as info:
        postfeed.load_posts(tmp_path, site_url=SITE, strict=True)
    assert info.value.path == "bad.md"
    assert "not a date" in info.value.reason
    assert isinstance(info.value, ValueError)


def test_missing_root_raises_post_error(tmp_path: Path) -> None:
    with pytest.raises(postfeed.PostError, match="cannot read the posts folder"):
        postfeed.load_posts(tmp_path / "missing")
    _write(tmp_path, "file.md", "x")
    with pytest.raises(postfeed.PostError):
        postfeed.load_posts(tmp_path / "file.md")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file; mode 000 means nothing")
def test_unreadable_file_is_skipped_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = _write(tmp_path, "locked.md", _post("locked", "2024-05-20"))
    path.chmod(0)
    with caplog.at_level(logging.WARNING, logger="postfeed"):
        assert postfeed.load_posts(tmp_path) == []
    assert _warnings(caplog)[0].startswith("locked.md: cannot read")


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("site_url", "example.com"),
        ("site_url", "ftp://example.com"),
        ("link_pattern", "{nope}/"),
        ("link_pattern", "{path"),
        ("timezone", "Mars/Olympus"),
        ("fallback_date", "ctime"),
    ],
)
def test_bad_options_raise_value_error(tmp_path: Path, option: str, value: str) -> None:
    with pytest.raises(ValueError):
        postfeed.load_posts(tmp_path, **{option: value})


def test_options_are_keyword_only(tmp_path: Path) -> None:
    with pytest.raises(TypeError):
        postfeed.load_posts(tmp_path, SITE)  # type: ignore[misc]


def test_loading_renders_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    real = render.render_markdown

    def counting(*args: Any, **kwargs: Any) -> render.Rendered:
        nonlocal calls
        calls += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(render, "render_markdown", counting)
    monkeypatch.setattr("postfeed.post.render_markdown", counting)
    for i in range(200):
        _write(tmp_path, f"p{i:03d}.md", _post(f"Post {i}", f"2024-01-{i % 28 + 1:02d}"))
    posts = postfeed.load_posts(tmp_path, site_url=SITE)
    assert len(posts) == 200
    assert calls == 0
    assert posts[0].content_html.startswith("<p>Body of")
    assert calls == 1
    _ = posts[0].content_html, posts[0].summary
    assert calls == 1  # rendered once, then kept


def test_link_placeholders(tmp_path: Path) -> None:
    _write(tmp_path, "2024/2024-03-04-Hello World.md", _post("The Title", "2024-03-04"))
    posts = postfeed.load_posts(
        tmp_path, site_url=SITE + "/blog", link_pattern="{year}/{month}/{day}/{slug}/{stem}/{path}"
    )
    assert posts[0].link == (
        SITE + "/blog/2024/03/04/the-title/Hello%20World/2024/2024-03-04-Hello%20World"
    )
    _write(tmp_path, "trip/index.md", _post("Trip", "2024-03-05"))
    posts = postfeed.load_posts(tmp_path, site_url=SITE, link_pattern="{stem}/{path}/")
    assert posts[0].link == SITE + "/trip/trip/"


def test_a_load_for_feeds_readies_markdown_feedgen_and_lxml_in_a_fresh_process() -> None:
    probe = (
        "import sys; from postfeed import loading; "
        "loading._ready_for_feeds(('extra', 'sane_lists')); "
        "print(sorted(m for m in ('markdown', 'feedgen.feed', 'lxml.etree') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["['feedgen.feed',", "'lxml.etree',", "'markdown']"]


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        ({"colour": ["hue"]}, "keys: unknown field 'colour'"),
        ({"title": [3]}, "keys: title must be a key name or a list of them"),
        ({"date": [""]}, "keys: date must be a key name or a list of them"),
    ],
)
def test_bad_keys_option_is_a_value_error(tmp_path: Path, keys: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        postfeed.load_posts(tmp_path, keys=keys)


def test_site_keys_come_before_the_built_in_ones_and_keep_them(tmp_path: Path) -> None:
    _write(tmp_path, "a.md", "---\ntitle: Plain\nheadline: Own\ndate: 2024-05-20\n---\nx\n")
    _write(tmp_path, "b.md", "---\ntitle: Only plain\ndate: 2024-05-21\n---\nx\n")
    _write(tmp_path, "c.md", "---\ntitle: Tagged\ndate: 2024-05-22\nlabels: [a, b]\n---\nx\n")
    posts = postfeed.load_posts(
        tmp_path, keys={"title": ["headline"], "tags": ["labels"], "date": "when"}
    )
    assert [(p.title, p.tags) for p in posts] == [
        ("Tagged", ("a", "b")),
        ("Only plain", ()),
        ("Own", ()),
    ]
