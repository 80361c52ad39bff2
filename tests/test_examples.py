"""Every example runs, so the examples cannot rot."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).parent.parent / "examples"


def test_load_posts_example_runs_cleanly() -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "load_posts.py")],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    titles = [line.split("  ", 1)[1] for line in lines if not line.startswith(" ")]
    assert len(titles) == 7
    assert "Reflections on a Wild Month: AI Overload and FinOps Pressure" in titles
    assert "Not ready" not in titles  # _drafts/ is skipped


def test_write_feeds_example_writes_valid_feeds(tmp_path: Path) -> None:
    import postfeed

    out = tmp_path / "public"
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "write_feeds.py"), str(out)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert result.stderr == ""
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert {"rss.xml", "atom.xml", "feed.json", "feed.css", "tags/python/rss.xml"} <= set(written)
    for path in out.rglob("*"):
        if path.suffix in {".xml", ".json"}:
            assert postfeed.check(path.read_bytes()) == [], path
    assert b'<?xml-stylesheet type="text/css" href="feed.css"?>' in (out / "rss.xml").read_bytes()
    tag_feed = (out / "tags" / "python" / "atom.xml").read_bytes()
    assert b'<?xml-stylesheet type="text/css" href="../../feed.css"?>' in tag_feed


def test_from_generator_example(tmp_path: Path) -> None:
    import postfeed

    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "from_generator.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert result.stderr == ""
    assert sorted(Path(line).name for line in result.stdout.splitlines()) == [
        "atom.xml",
        "feed.json",
        "rss.xml",
    ]
    rss = (tmp_path / "rss.xml").read_bytes()
    assert postfeed.check(rss) == []
    assert b"<title>Hello, world</title>" in rss
    assert b"https://example.org/posts/hello-world/" in rss


def test_config_example(tmp_path: Path) -> None:
    import shutil

    import postfeed
    from postfeed import browser

    copy = tmp_path / "examples"
    shutil.copytree(EXAMPLES, copy, ignore=shutil.ignore_patterns("public"))
    result = subprocess.run(
        [sys.executable, "-m", "postfeed", "--config", str(copy / "postfeed.toml")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    public = copy / "public"
    assert (public / "tags" / "python" / "atom.xml").is_file()
    assert postfeed.check((public / "rss.xml").read_bytes()) == []
    assert (public / "feed.css").read_bytes() == browser.stylesheet()
    assert b"https://example.com/blog/tags/python/atom.xml" in (public / "feeds.html").read_bytes()


def test_cron_example(tmp_path: Path) -> None:
    import os

    bindir = Path(sys.executable).parent
    env = {**os.environ, "OUT": str(tmp_path), "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(
        ["sh", str(EXAMPLES / "cron.sh")], capture_output=True, text=True, env=env, timeout=120
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["atom.xml", "feed.json", "rss.xml"]


def test_readme_python_blocks_run(tmp_path: Path) -> None:
    import re
    import shutil

    readme = (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.DOTALL)
    assert len(blocks) >= 3
    shutil.copytree(EXAMPLES / "posts", tmp_path / "examples" / "posts")
    for block in blocks:
        subprocess.run(
            [sys.executable, "-c", block],
            cwd=tmp_path,
            check=True,
            capture_output=True,
            timeout=120,
        )
    assert (tmp_path / "public" / "rss.xml").is_file()


def test_podcast_example_writes_a_podcast_feed(tmp_path: Path) -> None:
    import postfeed

    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "podcast.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert result.stderr == ""
    written = sorted(Path(line).relative_to(tmp_path).as_posix() for line in result.stdout.split())
    assert written == ["podcast/atom.xml", "podcast/feed.json", "podcast/rss.xml"]
    rss = (tmp_path / "podcast" / "rss.xml").read_bytes()
    assert postfeed.check(rss) == []
    assert b'<atom:link href="https://example.com/podcast/rss.xml" rel="self"' in rss
    for tag in (b"<itunes:image ", b"<itunes:category ", b"<itunes:explicit>false<",
                b"<itunes:owner>", b"<itunes:duration>1561<", b"<enclosure "):  # fmt: skip
        assert tag in rss, tag
