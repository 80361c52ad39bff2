"""JSON Feed 1.1: its required fields and types, as the JSON Feed 1.1 spec states them."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable

import postfeed.validator._values as _values
from postfeed._text import XML_ILLEGAL
from postfeed.validator._html import check as check_html
from postfeed.validator._values import Problem, is_absolute_url

JSON_FEED_VERSIONS = ("https://jsonfeed.org/version/1.1", "https://jsonfeed.org/version/1")


def _valid_rfc3339(value: str) -> str | None:
    finding = _values.rfc3339(value)
    return None if finding is None else finding[2]


class _Report:
    """Collects problems; ``where`` prefixes say which field they are about."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def error(self, where: str, message: str) -> None:
        self.problems.append(Problem("error", f"{where}: {message}", "JSONFeed"))

    def warning(self, where: str, message: str) -> None:
        self.problems.append(Problem("warning", f"{where}: {message}", "JSONFeed"))

    def url(self, where: str, value: str | None) -> None:
        if value is not None and not is_absolute_url(value.strip()):
            self.error(where, f"{value!r} is not an absolute URL")

    def relative_refs(self, where: str, markup: str | None) -> None:
        for finding in check_html(markup or ""):
            if finding[1] == "ContainsRelRef":
                self.warning(where, finding[2].replace("reference", "URL", 1) + " in HTML content")
                return


def check_json(data: bytes) -> tuple[str, int, list[Problem]]:
    """Check a JSON Feed: ``JSON Feed``, its number of items, and its problems."""
    report = _Report()
    _check_json(data, report)
    return "JSON Feed", _json_items(data), report.problems


def _json_items(data: bytes) -> int:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (ValueError, RecursionError):  # not JSON, or nested too deep to count
        return 0
    items = document.get("items") if isinstance(document, dict) else None
    return len(items) if isinstance(items, list) else 0


def _json_strings(value: object, path: str, report: _Report) -> None:
    """Every string in the document must be free of characters no feed may carry."""
    if isinstance(value, str):
        if XML_ILLEGAL.search(value):
            report.error(path, "contains a control character or lone surrogate")
    elif isinstance(value, dict):
        for key, item in value.items():
            _json_strings(item, f"{path}.{key}", report)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _json_strings(item, f"{path}[{index}]", report)


def _json_field(
    obj: dict[str, object],
    key: str,
    path: str,
    report: _Report,
    *,
    required: bool = False,
    kind: type | tuple[type, ...] = str,
    check: Callable[[str, str], None] | None = None,
) -> object:
    if key not in obj:
        if required:
            report.error(path, f"missing required {key!r}")
        return None
    value = obj[key]
    if not isinstance(value, kind) or isinstance(value, bool):
        report.error(f"{path}.{key}", f"must be a {getattr(kind, '__name__', 'value')}")
        return None
    if check is not None and isinstance(value, str):
        check(value, f"{path}.{key}")
    return value


def _json_authors(obj: dict[str, object], path: str, report: _Report) -> None:
    authors = _json_field(obj, "authors", path, report, kind=list)
    for index, author in enumerate(authors if isinstance(authors, list) else []):
        here = f"{path}.authors[{index}]"
        if not isinstance(author, dict):
            report.error(here, "an author must be an object")
            continue
        if not any(key in author for key in ("name", "url", "avatar")):
            report.error(here, "an author needs a name, url or avatar")
        _json_field(author, "name", here, report)
        for key in ("url", "avatar"):
            _json_field(author, key, here, report, check=lambda v, w: report.url(w, v))


# A JSON Feed is a few levels deep; its extensions may nest more, never this much. The
# standard library's parser recurses: deeper input would raise RecursionError.
MAX_JSON_DEPTH = 64
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _json_depth(text: str) -> int:
    """How deep arrays and objects nest in ``text`` (strings skipped; one linear pass)."""
    depth = deepest = 0
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "]}":
            depth -= 1
    return deepest


def _check_json(data: bytes, report: _Report) -> None:
    try:
        text = data.decode("utf-8-sig")
        depth = _json_depth(text)
        if depth > MAX_JSON_DEPTH:
            report.error("document", f"nested {depth} deep (limit {MAX_JSON_DEPTH})")
            return
        document = json.loads(text)
    except (UnicodeDecodeError, ValueError, RecursionError) as err:
        report.error("document", f"not valid UTF-8 JSON: {err}")
        return
    if not isinstance(document, dict):
        report.error("document", "a JSON Feed must be an object")
        return
    path = "feed"
    _json_strings(document, path, report)
    version = _json_field(document, "version", path, report, required=True)
    if isinstance(version, str) and version not in JSON_FEED_VERSIONS:
        report.error(f"{path}.version", f"{version!r} is not a JSON Feed version URL")
    title = _json_field(document, "title", path, report, required=True)
    if isinstance(title, str) and not title.strip():
        report.error(f"{path}.title", "is empty")
    url_check = lambda v, w: report.url(w, v)  # noqa: E731
    for key in ("home_page_url", "feed_url"):
        if key not in document:
            report.warning(path, f"should have {key!r}")
        _json_field(document, key, path, report, check=url_check)
    for key in ("icon", "favicon", "next_url"):
        _json_field(document, key, path, report, check=url_check)
    for key in ("description", "user_comment", "language"):
        _json_field(document, key, path, report)
    _json_authors(document, path, report)
    items = _json_field(document, "items", path, report, required=True, kind=list)
    ids: Counter[str] = Counter()
    for index, item in enumerate(items if isinstance(items, list) else []):
        _check_json_item(item, f"{path}.items[{index}]", ids, report)
    for item_id, count in ids.items():
        if count > 1:
            report.error(path, f"id {item_id!r} is used by {count} items")


def _check_json_item(item: object, path: str, ids: Counter[str], report: _Report) -> None:
    if not isinstance(item, dict):
        report.error(path, "an item must be an object")
        return
    item_id = _json_field(item, "id", path, report, required=True)
    if isinstance(item_id, str):
        if not item_id.strip():
            report.error(f"{path}.id", "is empty")
        ids[item_id] += 1
    if "content_html" not in item and "content_text" not in item:
        report.error(path, "an item needs content_html or content_text")
    url_check = lambda v, w: report.url(w, v)  # noqa: E731
    for key in ("url", "external_url", "image", "banner_image"):
        _json_field(item, key, path, report, check=url_check)
    for key in ("title", "summary", "content_text", "language"):
        _json_field(item, key, path, report)
    html = _json_field(item, "content_html", path, report)
    report.relative_refs(f"{path}.content_html", html if isinstance(html, str) else None)
    for key in ("date_published", "date_modified"):
        _json_field(
            item,
            key,
            path,
            report,
            check=lambda v, w: _report_problem(report, w, _valid_rfc3339(v)),
        )
    tags = _json_field(item, "tags", path, report, kind=list)
    if isinstance(tags, list) and not all(isinstance(tag, str) for tag in tags):
        report.error(f"{path}.tags", "must be a list of strings")
    _json_authors(item, path, report)


def _report_problem(report: _Report, where: str, problem: str | None) -> None:
    if problem:
        report.error(where, problem)
