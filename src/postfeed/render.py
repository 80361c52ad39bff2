"""Rendering: Markdown to HTML (the only module that imports Markdown), and HTML to text."""

from __future__ import annotations

import contextlib
import html
import re
import signal
import threading
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from postfeed._text import collapse_whitespace, xml_legal
from postfeed.templates import Resolver, prepare_source

if TYPE_CHECKING:
    import markdown

# ``extra`` and sane lists, with pymdown-extensions' fences (python-markdown's own are
# never found inside list items) and ``~~strike~~`` (python-markdown has none).
DEFAULT_EXTENSIONS: tuple[str, ...] = (
    "extra",
    "sane_lists",
    "pymdownx.superfences",
    "pymdownx.tilde",
)
SUMMARY_LENGTH = 300

_MORE = re.compile(r"<!--\s*more\s*-->", re.IGNORECASE)
_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_local = threading.local()


def _converter(extensions: tuple[str, ...]) -> markdown.Markdown:
    """One reusable Markdown converter per thread and extension set (building one is slow)."""
    cache: dict[tuple[str, ...], markdown.Markdown] = _local.__dict__.setdefault("md", {})
    converter = cache.get(extensions)
    if converter is None:
        import markdown  # loaded only when a body is rendered

        built = _extensions(extensions)
        converter = cache[extensions] = markdown.Markdown(extensions=built)
    return converter


def check_extensions(extensions: Sequence[str]) -> None:
    """``ValueError`` when Markdown cannot be set up with these extensions (a name that
    is no extension, or one whose module fails): said once, up front, not per post."""
    if tuple(extensions) == DEFAULT_EXTENSIONS:
        return  # Markdown's own, always there
    try:
        _converter(tuple(extensions))
    except Exception as err:
        raise ValueError(f"markdown_extensions {list(extensions)!r}: {err}") from err


def prepare(extensions: Sequence[str]) -> None:
    """Build the converter now (before forking, so that workers share it). Only a head
    start: when it cannot be built, rendering a body says so, as it would have."""
    with contextlib.suppress(Exception):
        _converter(tuple(extensions))


_PLAIN_NAME = re.compile(r"[a-z_]+")


def _extensions(names: Sequence[str]) -> list[Any]:
    """Markdown's own extensions, built here from their modules: given by name, Markdown
    first reads every installed package's entry points (25 ms and more) to find them.
    ``extra`` is its parts, as Markdown's ``ExtraExtension`` registers them (without its
    fences when pymdown-extensions' fences replace them); the pymdown-extensions used by
    default are set up as postfeed needs them; any other name is left for Markdown."""
    import importlib

    from markdown.extensions import extra

    built: list[Any] = []
    for name in names:
        if name == "extra":
            parts = [p for p in extra.extensions if not (p == "fenced_code" and _SUPER in names)]
            built.extend(_extensions(parts))
            continue
        if name in _PYMDOWNX:
            built.extend(_PYMDOWNX[name]())
            continue
        module = None
        if _PLAIN_NAME.fullmatch(name):
            with contextlib.suppress(ImportError):
                module = importlib.import_module(f"markdown.extensions.{name}")
        built.append(name if module is None else module.makeExtension())
    return built


_SUPER = "pymdownx.superfences"


def _superfences() -> list[Any]:
    from pymdownx import highlight, superfences

    # Code as python-markdown writes it, <pre><code class="language-x">, not coloured.
    return [highlight.makeExtension(use_pygments=False), superfences.makeExtension()]


def _tilde() -> list[Any]:
    from pymdownx import tilde

    return [tilde.makeExtension(subscript=False)]  # ~~strike~~ only, as GitHub does


_PYMDOWNX = {_SUPER: _superfences, "pymdownx.tilde": _tilde}


# Python-Markdown has inputs that take minutes ("[" * 20000) or recurse too deep (500
# nested lists); no post may stall or break a run, so each render has a time budget.
RENDER_SECONDS = 3.0


class RenderError(Exception):
    """Markdown could not render a body (too slow, too deep, or it failed)."""


class _TimedOut(BaseException):
    """Raised inside Markdown by the alarm; a BaseException so no ``except Exception`` in
    Markdown's own code swallows it."""


def _on_alarm(signum: int, frame: object) -> None:
    raise _TimedOut


@contextlib.contextmanager
def _time_budget(seconds: float) -> Iterator[None]:
    """Interrupt the body after ``seconds`` — where an alarm can be set and is free (the
    main thread, no other alarm or handler in use); elsewhere, no budget."""
    usable = (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, None)
    )
    if not usable:
        yield
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class Rendered(NamedTuple):
    """A body rendered: its HTML, and the first template tag removed without being run."""

    html: str
    unrun: str | None


def render_markdown(
    text: str,
    extensions: Sequence[str] = DEFAULT_EXTENSIONS,
    *,
    seconds: float | None = None,
    resolve: Resolver | None = None,
) -> Rendered:
    """Render a Markdown body to an HTML fragment with python-markdown, its template tags
    shown as what they display or removed (``resolve`` turns a path named by a link tag
    into the URL of that post, or ``None``).

    Raises ``RenderError`` when it takes longer than ``seconds`` (default
    ``RENDER_SECONDS``) or fails.
    """
    seconds = RENDER_SECONDS if seconds is None else seconds
    key = tuple(extensions)
    converter = _converter(key)
    try:
        with _time_budget(seconds):
            prepared = prepare_source(
                xml_legal(text),
                resolve=resolve,
                markdown_in_html="md_in_html" in key or "extra" in key,
            )
            html_text = xml_legal(converter.reset().convert(prepared.text))
            return Rendered(html_text, prepared.unrun)
    except _TimedOut:
        _local.md.pop(key, None)  # interrupted anywhere: never reuse that converter
        raise RenderError(f"Markdown took longer than {seconds:g} s") from None
    except (RecursionError, MemoryError) as err:
        _local.md.pop(key, None)
        raise RenderError(f"Markdown could not render it ({type(err).__name__})") from None
    except Exception as err:
        _local.md.pop(key, None)
        raise RenderError(f"Markdown failed: {type(err).__name__}: {err}") from err
    finally:
        converter.reset()


def markdown_to_html(
    text: str, extensions: Sequence[str] = DEFAULT_EXTENSIONS, *, seconds: float | None = None
) -> str:
    """Render Markdown to an HTML fragment (``render_markdown`` without its report)."""
    return render_markdown(text, extensions, seconds=seconds).html


def plain_html(text: str) -> str:
    """The body as escaped paragraphs: what a feed shows when Markdown cannot render it."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", xml_legal(text)) if p.strip()]
    return "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


# What a reader does not read as text: scripts, styles, comments, footnote markers.
_UNREAD = re.compile(
    r"<(script|style|template)\b.*?</\1\s*>|<!--.*?-->"
    r"|<sup\b[^>]*\bid=[\"']?fnref[^>]*>.*?</sup>",
    re.DOTALL | re.IGNORECASE,
)
# Tags that start or end a block (a line break on the page): a space in plain text. Every
# other tag is inline and joins its neighbours without one (``Hi <em>there</em>.``).
_BLOCK_TAG = re.compile(
    r"</?(?:address|article|aside|blockquote|br|caption|dd|details|dialog|div|dl|dt"
    r"|fieldset|figcaption|figure|footer|form|h[1-6]|header|hr|img|li|main|nav|ol|p|pre"
    r"|section|summary|table|tbody|td|tfoot|th|thead|tr|ul|video|audio|iframe)\b[^>]*>",
    re.IGNORECASE,
)
# A backslash before ASCII punctuation is an escape in Markdown (CommonMark): not text.
_BACKSLASH_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, as a reader reads it: inline elements joined without
    added spaces, blocks separated by one space, entities decoded, whitespace collapsed."""
    text = _BLOCK_TAG.sub(" ", _UNREAD.sub("", fragment))
    return collapse_whitespace(xml_legal(html.unescape(_TAG.sub("", text))))


# Markdown that python-markdown leaves as text: links to a reference never defined.
_LEFTOVER_LINK = re.compile(r"!?\[([^\[\]\n]*)\](?:\[[^\[\]\n]*\]|\([^()\s]*\))")
_MARKUP = re.compile(r"[*_`\[\]<>&\\{~]")


def summary_text(fragment: str) -> str:
    """A summary's plain text from rendered HTML: what a reader reads, never Markdown."""
    return _LEFTOVER_LINK.sub(lambda m: m.group(1), html_to_text(fragment))


def plain_text(text: str, extensions: Sequence[str] = DEFAULT_EXTENSIONS) -> str:
    """Plain text of a summary or description written by hand, which may hold Markdown,
    HTML, entities, backslash escapes and template tags: rendered, then read as text."""
    if _MARKUP.search(text) is None:
        return collapse_whitespace(xml_legal(text))
    try:
        return summary_text(markdown_to_html(text, extensions))
    except RenderError:
        return collapse_whitespace(xml_legal(html.unescape(_TAG.sub("", text))))


def shorten(text: str, limit: int = SUMMARY_LENGTH) -> str:
    """Cut ``text`` at a word boundary to at most ``limit`` characters, ending in ``…``."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut and not text[limit - 1].isspace():
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-–—") + "…"


def summary_from_markdown(text: str, rendered: str, extensions: Sequence[str]) -> str:
    """The text before ``<!--more-->``, else the first paragraph, as plain text."""
    head, more = _split_more(text)
    if more:
        try:
            return summary_text(markdown_to_html(head, extensions))
        except RenderError:
            return collapse_whitespace(xml_legal(head))
    return first_paragraph(rendered)


def first_paragraph(rendered: str) -> str:
    """The first non-empty ``<p>`` of rendered HTML as plain text, shortened."""
    for match in _PARAGRAPH.finditer(rendered):
        paragraph = summary_text(match.group(1))
        if paragraph:
            return shorten(paragraph)
    return shorten(summary_text(rendered))


def _split_more(text: str) -> tuple[str, bool]:
    match = _MORE.search(text)
    if match is None:
        return text, False
    return text[: match.start()], True
