"""An offline feed checker: the rules of RSS 2.0 and Atom 1.0 as the W3C Feed Validation
Service applies them (with its message class names), and JSON Feed 1.1's.

This is the front door; the work is done below it, each import pointing one way:
``_rules`` (RSS 2.0 and Atom 1.0 elements) and ``_extensions`` (the namespaces feeds
borrow) over ``_html`` (markup inside feeds) over ``_xml`` (the hardened lxml parse and the
walk); ``_json`` (JSON Feed 1.1); all over ``_values`` (``Problem`` and the checks of single
values).
"""

from __future__ import annotations

from collections.abc import Iterable

from postfeed.validator._values import Level, Problem, is_absolute_url

__all__ = ["Level", "Problem", "check", "errors", "feed_summary", "is_absolute_url", "prepare"]


def prepare() -> None:
    """Load lxml now (see ``formats.rss_atom.prepare``): a forked worker then shares it."""
    from postfeed.validator._xml import load

    load()


def check(data: bytes) -> list[Problem]:
    """Check an RSS 2.0, Atom 1.0 or JSON Feed 1.1 document; return its problems.

    An empty list means no error and no warning.
    """
    return _check(data)[2]


def feed_summary(data: bytes) -> tuple[str, int, list[Problem]]:
    """The document's format (``RSS 2.0``, ``Atom 1.0``, ``JSON Feed``, or ``unknown``),
    its number of entries, and its problems."""
    return _check(data)


def errors(problems: Iterable[Problem]) -> list[Problem]:
    """Only the errors."""
    return [problem for problem in problems if problem.level == "error"]


def _check(data: bytes) -> tuple[str, int, list[Problem]]:
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"{", b"[")):
        from postfeed.validator._json import check_json

        return check_json(data)
    from postfeed.validator._rules import RULES
    from postfeed.validator._xml import check as check_xml

    return check_xml(data, RULES)
