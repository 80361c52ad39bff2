"""The browser view, in a real headless Chromium: what a person sees who opens a feed.

Chromium is driven over ``--remote-debugging-pipe`` (the DevTools protocol on two file
descriptors; nothing to install but Debian's ``chromium``). A page's *rendered* text is
read back: text nodes with a box on screen (clipped to what an ``overflow: hidden`` box
shows) and the CSS-generated ``::before`` text. Skipped where Chromium is missing.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import postfeed
from postfeed.cli import main

CHROMIUM = shutil.which("chromium")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium")
SITE = "https://example.com/blog/"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# What is on screen, top to bottom (as laid out, not as in the document): every text node
# that has a box, as much of it as an `overflow: hidden` parent shows, and every element's
# ::before text.
RENDERED_TEXT = r"""
(() => {
  const out = [];
  const shown = (node) => {
    const parent = node.parentNode;
    if (getComputedStyle(parent).overflow !== 'hidden') return node.data;
    const right = parent.getBoundingClientRect().right + 0.5;
    let text = '';
    for (let i = 0; i < node.data.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      if (range.getBoundingClientRect().right <= right) text += node.data[i];
    }
    return text;
  };
  const walk = (node) => {
    if (node.nodeType === Node.ELEMENT_NODE) {
      const before = getComputedStyle(node, '::before').content;
      const box = node.getBoundingClientRect();
      if (before.startsWith('"') && node.getClientRects().length) {
        out.push([box.top, box.left, JSON.parse(before)]);
      }
      node.childNodes.forEach(walk);
    } else if (node.nodeType === Node.TEXT_NODE && node.data.trim()) {
      const range = document.createRange();
      range.selectNodeContents(node);
      const boxes = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
      if (boxes.length) {
        out.push([boxes[0].top, boxes[0].left, shown(node).replace(/\s+/g, ' ').trim()]);
      }
    }
  };
  walk(document.documentElement);
  out.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return out.map((item) => item[2]).join('\n');
})()
"""


def _above_9(fd: int) -> int:
    high = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
    os.close(fd)
    return high


class Browser:
    """One headless Chromium, one tab, spoken to over the DevTools pipe."""

    def __init__(self, profile: str) -> None:
        assert CHROMIUM is not None
        commands, self._to_browser = os.pipe()
        self._from_browser, replies = os.pipe()
        # Chromium reads commands on fd 3 and writes replies on fd 4; bash puts them there
        # (dash takes one-digit descriptors only). The pipe ends go above 9 first: `3<&4
        # 4>&3` would lose one of them.
        commands, replies = _above_9(commands), _above_9(replies)
        self.process = subprocess.Popen(
            ["bash", "-c", f'exec "$@" 3<&{commands} 4>&{replies}', "bash", CHROMIUM, *FLAGS,
             f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"],
            pass_fds=(commands, replies),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its renderer and GPU processes go with it at close
        )  # fmt: skip
        os.close(commands)
        os.close(replies)
        self._buffer = b""
        self._id = 0
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        attached = self.call("Target.attachToTarget", targetId=target, flatten=True)
        self.session = attached["sessionId"]
        self.call("Page.enable", session=self.session)

    def _send(self, method: str, session: str | None, params: dict[str, Any]) -> int:
        self._id += 1
        message: dict[str, Any] = {"id": self._id, "method": method, "params": params}
        if session is not None:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        return self._id

    def _next(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._from_browser], [], [], 60)
            if not ready:
                raise TimeoutError("chromium said nothing for 60 s")
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed its pipe")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(line)
        return message

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        wanted = self._send(method, session, params)
        while True:
            message = self._next()
            if message.get("id") == wanted:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result: dict[str, Any] = message["result"]
                return result

    def open(self, url: str) -> None:
        self._send("Page.navigate", self.session, {"url": url})
        while self._next().get("method") != "Page.loadEventFired":
            pass

    def evaluate(self, expression: str) -> Any:
        reply = self.call(
            "Runtime.evaluate", self.session, expression=expression, returnByValue=True
        )
        return reply["result"].get("value")

    def screenshot(self, path: Path) -> None:
        data = self.call("Page.captureScreenshot", self.session, format="png")["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    # Chromium's helper processes may still be writing the profile as they die.
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:
        chromium = Browser(profile)
        try:
            yield chromium
        finally:
            chromium.close()


POSTS = {
    "oldest.md": "---\ntitle: Oldest & first\ndate: 2024-03-10\ntags: [notes]\n---\n"
    "The very <em>first</em> post.\n",
    "middle.md": "---\ntitle: Why 5 < 7 & 8 > 3\ndate: 2024-05-20 10:30\ntags: [rust, notes]\n"
    "---\nSome **bold** words.\n\nA second paragraph.\n",
    "newest.md": "Title: Ünïcode “quotes”\nDate: 2024-12-14\n\nThe newest one.\n",
}
ENTRIES = ["Ünïcode “quotes”", "Why 5 < 7 & 8 > 3", "Oldest & first"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    posts = root / "posts"
    posts.mkdir()
    for name, text in POSTS.items():
        (posts / name).write_text(text, encoding="utf-8")
    out = root / "public"
    argv = [str(posts), "--site-url", SITE, "--title", "Field notes", "-o", str(out)]
    argv += ["--stylesheet", "feed.css", "--feeds-page", "feeds.html", "--tag-feeds"]
    assert main([*argv, "--no-cache"]) == 0
    return out


def _lines(browser: Browser, page: Path, screenshot: Path | None = None) -> list[str]:
    browser.open(page.as_uri())
    if screenshot is not None:
        browser.screenshot(screenshot)
    text: str = browser.evaluate(RENDERED_TEXT)
    return text.splitlines()


@needs_chromium
@pytest.mark.parametrize(
    ("name", "dates"),
    [
        ("rss.xml", ["Sat, 14 Dec 2024", "Mon, 20 May 2024", "Sun, 10 Mar 2024"]),
        ("atom.xml", ["2024-12-14", "2024-05-20", "2024-03-10"]),
    ],
)
def test_a_feed_reads_like_a_page_in_chromium(
    browser: Browser, site: Path, tmp_path: Path, name: str, dates: list[str]
) -> None:
    shot = tmp_path / f"{name}.png"
    lines = _lines(browser, site / name, shot)
    assert lines[0].startswith("This is a web feed. To follow it, copy its address")
    assert lines[1] == "Field notes"
    assert f"Feed address: {SITE}{name}" in lines
    # Each entry: title, then its date (the day, readable), summary and link, newest first.
    titles = [line for line in lines if line in ENTRIES]
    assert titles == ENTRIES
    for title, date in zip(ENTRIES, dates, strict=True):
        assert lines[lines.index(title) + 1] == date
    assert "The newest one." in lines and f"{SITE}newest/" in lines
    text = "\n".join(lines)
    assert "+0000" not in text and "T00:00:00" not in text  # no raw timestamps
    assert "<p>" not in text and "<em>" not in text  # the HTML content is not shown raw
    assert "postfeed" not in text  # nor the generator, ids and other machinery
    assert shot.read_bytes().startswith(b"\x89PNG")
    # Not the XSLT of old: no warning banner, no transformed document.
    assert browser.evaluate("document.querySelector('xslt-warning-banner') === null")
    assert browser.evaluate("document.documentElement.localName") in ("rss", "feed")
    assert postfeed.check((site / name).read_bytes()) == []


@needs_chromium
def test_a_tag_feed_finds_the_stylesheet_two_folders_up(browser: Browser, site: Path) -> None:
    for name in ("rss.xml", "atom.xml"):
        lines = _lines(browser, site / "tags" / "notes" / name)
        assert lines[1] == "Field notes: notes"
        assert [line for line in lines if line in ENTRIES] == ENTRIES[1:]


@needs_chromium
def test_the_feeds_page_lists_every_address(browser: Browser, site: Path) -> None:
    browser.open((site / "feeds.html").as_uri())
    text: str = browser.evaluate("document.body.innerText")
    assert text.startswith("Field notes: feeds")
    assert "To subscribe, copy one of the addresses below into a feed reader" in text
    for fmt in ("rss.xml", "atom.xml", "feed.json"):
        assert f"{SITE}{fmt}" in text
        for tag in ("notes", "rust"):
            assert f"{SITE}tags/{tag}/{fmt}" in text
    alternates = browser.evaluate(
        "[...document.querySelectorAll('link[rel=alternate]')].map((l) => l.type + ' ' + l.href)"
    )
    assert alternates == [
        f"application/rss+xml {SITE}rss.xml",
        f"application/atom+xml {SITE}atom.xml",
        f"application/feed+json {SITE}feed.json",
    ]


def test_the_feeds_page_escapes_what_it_shows_and_is_the_same_every_time() -> None:
    from postfeed import browser

    feed = postfeed.Feed(
        title='Tom & "Jerry" <3',
        site_url="https://example.com/a&b/",
        description="<script>alert(1)</script>",
        language="en-GB",
    )
    page = browser.feeds_page(feed, ["json", "rss", "gopher"]).decode()
    assert page == browser.feeds_page(feed, ["json", "rss"]).decode()
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<title>Tom &amp; &quot;Jerry&quot; &lt;3: feeds</title>" in page
    assert '<html lang="en-GB">' in page
    assert page.index("JSON Feed 1.1:") < page.index("RSS 2.0:")  # in the order asked for
    assert "https://example.com/a&amp;b/feed.json" in page and "Atom" not in page
    assert "One feed per tag" not in page
