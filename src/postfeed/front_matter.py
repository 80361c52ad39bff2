"""Front matter: YAML, TOML and JSON metadata at the top of a post.

Split and parsed by python-frontmatter's handlers (``front_matter_parsers``): YAML by
PyYAML's safe loader (its C loader when PyYAML has one), TOML by the standard library's
``tomllib``, JSON by ``json``. The handlers are imported only for a post whose text opens
with a boundary, so a run that reads no front matter loads neither PyYAML nor
python-frontmatter.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple


class FrontMatter(NamedTuple):
    """Metadata read from front matter, the body after it, and the format's name."""

    metadata: dict[str, object]
    body: str
    format: str


def read_front_matter(text: str) -> FrontMatter | None:
    """Split and parse the front matter of ``text``; ``None`` when it has none.

    Raises ``ValueError`` with the parser's message when the front matter does not parse
    (whatever the parser raised) or is not a mapping.
    """
    start = text.lstrip("\n")
    if not start.startswith(("---", "+++", "{")):
        return None  # no handler's boundary can match there
    from postfeed.front_matter_parsers import HANDLERS

    for handler in HANDLERS:
        if not handler.detect(start):
            continue
        try:
            raw, body = handler.split(start)
        except ValueError:
            return None  # an opening line without a closing one: no front matter
        try:
            data = handler.load(raw)
        except Exception as err:  # the parser's errors (PyYAML's are not ValueErrors)
            message = f"{handler.name} front matter does not parse: {_one_line(err)}"
            raise ValueError(message) from err
        if data is None:
            data = {}
        if not isinstance(data, Mapping):
            kind = type(data).__name__
            raise ValueError(f"{handler.name} front matter is a {kind}, not a mapping")
        return FrontMatter(fold_keys(data), body.lstrip("\n"), handler.name)
    return None


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split()) or type(err).__name__


def fold_keys(data: Mapping[Any, object]) -> dict[str, object]:
    """Lower-case the keys; of two keys differing only in case, the first wins."""
    folded: dict[str, object] = {}
    for key, value in data.items():
        folded.setdefault(str(key).strip().lower(), value)
    return folded
