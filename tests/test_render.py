"""Rendering: Markdown bodies, and the ones Markdown cannot render in time or at all."""

from __future__ import annotations

import logging
import re
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
    with pytest.raises(render.RenderError, match="indented 998 columns"):
        render.markdown_to_html(NESTED_LISTS)
    assert render.markdown_to_html("*fine*") == "<p><em>fine</em></p>"  # still works
    post = postfeed.Post(
        title="Deep", date="2024-01-01", content=NESTED_LISTS, link="https://e.com/d/"
    )
    with caplog.at_level(logging.WARNING, logger="postfeed"):
        html = post.content_html
    assert html.startswith("<p>- x")
    assert "shown as plain text" in caplog.messages[0]


def test_a_body_too_slow_for_markdown_is_shown_as_plain_text_in_any_thread(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Issue 13 #8: a size limit, not a clock (SIGALRM worked in the main thread only),
    so the output is the same in a worker thread, on any machine."""
    import signal
    import threading

    post = postfeed.Post(title="Slow", date="2024-01-01", content=BRACKETS, link="https://e.com/s/")
    feed = postfeed.Feed(title="T", site_url="https://e.com", posts=[post])
    results: list[list[bytes]] = []
    start = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="postfeed"):
        worker = threading.Thread(target=lambda: results.append([feed.rss(), feed.json()]))
        worker.start()
        worker.join(60)
    assert results, "rendering in a thread did not finish"
    assert time.monotonic() - start < 30  # not the 80 s Markdown would take
    assert sum("too many unclosed '['" in m for m in caplog.messages) == 1  # tried once
    for data in results[0]:
        assert [p for p in postfeed.check(data) if p.level == "error"] == []
    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL  # no handler was set
    again = postfeed.Post(
        title="Slow", date="2024-01-01", content=BRACKETS, link="https://e.com/s/"
    )
    assert again.content_html == post.content_html  # the same in the main thread


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("> " * 33 + "x\n", "block quotes nested 33 deep (limit 32)"),
        ("> " * 32 + "x\n", None),
        (" " * 129 + "x\n", "indented 129 columns (limit 128)"),
        ('<div markdown="1">\n' * 33 + "x\n" + "</div>\n" * 33, 'markdown="1" (limit 32)'),
        ("x" * (render.MAX_CHARS + 1), "characters (limit 1,000,000)"),
        ("y " * 100_001, "a paragraph of 200,002 characters (limit 200,000)"),
        ("[a " * 600, "too many unclosed"),
        ("<a " * 600, "too many unclosed"),
        ("[a](" * 600, "too many unclosed"),
        ("[a](http://e.com/x) <b>y</b> " * 1000, None),  # closed: linear, no limit
    ],
)
def test_markdown_input_limits(text: str, message: str | None) -> None:
    if message is None:
        render.check_limits(text)
    else:
        with pytest.raises(render.RenderError, match=re.escape(message)):
            render.markdown_to_html(text)


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


def _load_one(tmp_path: Path, name: str, body: str) -> postfeed.Post:
    (tmp_path / name).write_text(f"---\ntitle: t\ndate: 2024-05-20\n---\n{body}", "utf-8")
    (post,) = postfeed.load_posts(tmp_path, site_url="https://e.com", suffixes=[".md", ".mdx"])
    return post


def test_one_warning_per_post_names_the_first_template_tag_not_run(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    body = "A {% include_cached a.html %} b {{ page.x }}.\n\n{{< tweet 1 >}}\n"
    post = _load_one(tmp_path, "p.md", body)
    with caplog.at_level(logging.WARNING, logger="postfeed"):
        html = post.content_html
        _ = post.summary
    assert caplog.messages == [
        "p.md: template tag {% include_cached a.html %} not run (postfeed runs no templates);"
        " removed"
    ]
    assert "{" not in html and post.summary == "A b ."


def test_jsx_component_is_named_in_the_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    post = _load_one(tmp_path, "p.mdx", "import X from 'x'\n\nHi <Chart data={[1, 2]} />\n")
    with caplog.at_level(logging.WARNING, logger="postfeed"):
        assert post.content_html == "<p>Hi </p>"
    assert len(caplog.messages) == 1 and "<Chart data={[1, 2]} />" in caplog.messages[0]


@pytest.mark.parametrize(
    "body",
    [
        "{% raw %}{{ x }}{% endraw %}",
        "{% highlight js %}\nx\n{% endhighlight %}",
        "{% comment %}x{% endcomment %}{% assign a = 1 %}",
        "![i]({{ site.baseurl }}/i.png)",
        '{{< figure src="a.png" >}}',
        "{{< youtube abc >}}",
        "```\n{{ in code }} {% tag %} <Jsx />\n```\n\n`{{ span }}`",
        "<pre>{{ pre }}</pre>",
        "import A from 'a'\nexport const b = 1\n\ntext",
        "<BR> old <P>HTML</P> in capitals",
    ],
)
def test_well_known_tags_and_code_give_no_warning(body: str) -> None:
    rendered = render.render_markdown(body)
    assert rendered.unrun is None, rendered


def test_template_tags_in_code_are_kept_as_written() -> None:
    html = render.markdown_to_html("```\n{{ x }} {% if a %}\n```\n\nSee `{% include y %}`.\n")
    assert "{{ x }} {% if a %}" in html and "<code>{% include y %}</code>" in html


def test_template_tag_never_becomes_a_url() -> None:
    body = '[a]({% link x.md %}) <a href="{{ page.url }}">b</a> ![c]({% post_url y %})'
    html = render.markdown_to_html(body)
    assert "href" not in html and "src" not in html and "{" not in html
    assert html == "<p>a b </p>"


def test_link_tags_resolve_through_the_resolver() -> None:
    def resolve(target: str) -> str | None:
        return {"_posts/2024-01-01-a.md": "https://e.com/a/", "b": "https://e.com/b/"}.get(target)

    body = '[a]({% link _posts/2024-01-01-a.md %}) [b]({{< ref "b" >}})'
    rendered = render.render_markdown(body, resolve=resolve)
    assert (
        rendered.html == '<p><a href="https://e.com/a/">a</a> <a href="https://e.com/b/">b</a></p>'
    )
    assert rendered.unrun is None


@pytest.mark.parametrize(
    ("fragment", "text"),
    [
        ("<p>Hi <em>there</em>. Bye</p>", "Hi there. Bye"),
        ("<p>a</p><p>b</p>", "a b"),
        ("<ul><li>x</li><li>y</li></ul>", "x y"),
        ("<p>(<a href='x'>link</a>), <code>c</code>; <strong>s</strong>!</p>", "(link), c; s!"),
        ("<p>x<script>var a = 1;</script><!-- c --> y</p>", "x y"),
        ("<p>a&amp;b &#39;q&#39;</p>", "a&b 'q'"),
    ],
)
def test_html_to_text_reads_as_a_reader_does(fragment: str, text: str) -> None:
    assert render.html_to_text(fragment) == text


@pytest.mark.parametrize(
    ("written", "plain"),
    [
        ("[we released Jekyll 1.0.0][jekyll-1]", "we released Jekyll 1.0.0"),
        ("there\\'re you&#39;re", "there're you're"),
        ("**Bold** and <em>em</em> &amp; `code`", "Bold and em & code"),
        ("Hello {{ site.title }} world", "Hello world"),
        ("plain text stays", "plain text stays"),
    ],
)
def test_plain_text_of_a_written_summary(written: str, plain: str) -> None:
    assert render.plain_text(written) == plain


def test_link_tags_link_to_the_post_they_name_in_the_folder(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    posts = tmp_path / "_posts"
    posts.mkdir()
    (posts / "2024-01-01-a.md").write_text("---\ntitle: A\n---\nFirst.\n", "utf-8")
    (posts / "2024-02-01-b.md").write_text(
        "---\ntitle: B\n---\n"
        "[one]({% post_url 2024-01-01-a %}), [two]({% link _posts/2024-01-01-a.md %}),"
        ' [three]({{< relref "2024-01-01-a.md#part" >}}), [none]({% post_url 1999-01-01-x %})\n',
        "utf-8",
    )
    loaded = postfeed.load_posts(
        posts, site_url="https://e.com/blog/", link_pattern="{year}/{month}/{day}/{stem}.html"
    )
    with caplog.at_level(logging.WARNING, logger="postfeed"):
        html = loaded[0].content_html
    a = "https://e.com/blog/2024/01/01/a.html"
    assert html == (
        f'<p><a href="{a}">one</a>, <a href="{a}">two</a>, <a href="{a}#part">three</a>, none</p>'
    )
    assert len(caplog.messages) == 1 and "{% post_url 1999-01-01-x %}" in caplog.messages[0]


def test_html_comments_are_left_as_written() -> None:
    assert render.render_markdown("<!-- {% include x %} <Note> -->\n\nText") == (
        "<!-- {% include x %} <Note> -->\n\n<p>Text</p>",
        None,
    )


def test_jsx_expression_attributes_of_html_tags_are_dropped() -> None:
    body = (
        '<div style={{ width: "100%" }}><iframe src="https://e.com/v" className={c}></iframe></div>'
    )
    assert render.render_markdown(body) == (
        '<div><iframe src="https://e.com/v"></iframe></div>',
        None,
    )


def test_an_include_shows_the_text_captured_for_it() -> None:
    body = (
        "{% capture note %}\n**Update:** it changed.\n{% endcapture %}\n"
        "{% include callout.html content=note %}\n\nBody.\n"
    )
    rendered = render.render_markdown(body)
    assert rendered.html == "<p><strong>Update:</strong> it changed.</p>\n<p>Body.</p>"
    assert rendered.unrun == "{% include callout.html content=note %}"


def test_a_reference_whose_url_was_a_template_tag_reads_as_its_text() -> None:
    body = (
        "Join the [unconference][blog] and [that][ok].\n\n[blog]: <{{% param x %}}>\n[ok]: /ok/\n"
    )
    rendered = render.render_markdown(body)
    assert rendered.html == '<p>Join the unconference and <a href="/ok/">that</a>.</p>'
    assert rendered.unrun == "{{% param x %}}"
