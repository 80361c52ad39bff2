"""Rendering: Markdown bodies, and the ones Markdown cannot render in time or at all."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest

import postfeed
from postfeed import render

NESTED_LISTS = "".join("  " * i + "- x\n" for i in range(500))  # RecursionError inside
BRACKETS = "[" * 20000 + "x" + "](" * 5000  # about 80 s of Python-Markdown here


def test_markdown_renders_with_extra() -> None:
    html = render.markdown_to_html("Term\n: def\n\n| a |\n|---|\n| 1 |\n\nfoot[^1]\n\n[^1]: n\n")
    assert "<dl>" in html and "<table>" in html and 'class="footnote' in html


def test_a_body_too_deep_for_markdown_is_shown_as_plain_text(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with pytest.raises(render.RenderError, match="RecursionError"):
        render.markdown_to_html(NESTED_LISTS)
    assert render.markdown_to_html("*fine*") == "<p><em>fine</em></p>"  # still works
    post = postfeed.Post(
        title="Deep", date="2024-01-01", content=NESTED_LISTS, link="https://e.com/d/"
    )
    with caplog.at_level(logging.WARNING, logger="postfeed"):
        html = post.content_html
    assert html.startswith("<p>- x")
    assert "shown as plain text" in caplog.messages[0]


def test_a_body_too_slow_for_markdown_is_cut_off(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(render, "RENDER_SECONDS", 0.2)
    post = postfeed.Post(title="Slow", date="2024-01-01", content=BRACKETS, link="https://e.com/s/")
    feed = postfeed.Feed(title="T", site_url="https://e.com", posts=[post])
    start = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="postfeed"):
        documents = [feed.rss(), feed.atom(), feed.json()]
    assert time.monotonic() - start < 30  # not the 80 s Markdown would take
    assert sum("took longer than 0.2 s" in m for m in caplog.messages) == 1  # tried once
    for data in documents:
        assert [p for p in postfeed.check(data) if p.level == "error"] == []
    assert render.markdown_to_html("*fine*") == "<p><em>fine</em></p>"


def test_plain_html_escapes() -> None:
    assert render.plain_html("a <b>\n\n& c") == "<p>a &lt;b&gt;</p>\n<p>&amp; c</p>"


MARKDOWN_SAMPLES = [
    "Term\n: def\n\n| a | b |\n|---|:-:|\n| 1 | 2 |\n\nfoot[^1]\n\n[^1]: note\n",
    "```python\nx = 1\n```\n\n*[HTML]: Hyper Text\n\nHTML here {: #id .cls }\n",
    '<div markdown="1">\n*inside*\n</div>\n\n1. one\n2. two\n\n* a\n* b\n',
    "# Head {#h}\n\n3. three\n4. four\n\n- x\n\n  continued\n",
]


@pytest.mark.parametrize("text", MARKDOWN_SAMPLES)
@pytest.mark.parametrize("extensions", [("extra", "sane_lists"), ("toc", "extra"), ("nl2br",)])
def test_extensions_built_here_render_as_markdown_s_own(
    text: str, extensions: tuple[str, ...]
) -> None:
    import markdown

    expected = markdown.Markdown(extensions=list(extensions)).convert(text)
    assert render._converter(extensions).reset().convert(text) == expected


def test_markdown_s_own_extensions_need_no_entry_point_scan(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import markdown.util

    def scan() -> None:
        raise AssertionError("read every installed package's entry points")

    monkeypatch.setattr(markdown.util, "get_installed_extensions", scan)
    monkeypatch.setattr(render._local, "md", {})
    assert "<table>" in render.markdown_to_html("| a |\n|---|\n| 1 |\n", ("extra", "sane_lists"))


def test_extensions_markdown_cannot_use_are_a_bad_option_up_front(tmp_path: Path) -> None:
    bad = ("no_such_markdown_extension",)
    render.prepare(bad)  # only a head start: it raises nothing
    with pytest.raises(ValueError, match="no_such_markdown_extension"):
        postfeed.load_posts(tmp_path, markdown_extensions=bad)
    with pytest.raises(postfeed.PostError, match="no_such_markdown_extension"):
        postfeed.Post(title="T", date="2024-01-01", content="x", markdown_extensions=bad)
    post = postfeed.Post(title="T", date="2024-01-01", content="x", markdown_extensions=["toc"])
    assert post.content_html == "<p>x</p>"
