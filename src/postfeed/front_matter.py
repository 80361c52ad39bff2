"""Front matter: YAML, TOML and JSON metadata at the top of a post (python-frontmatter).

One small handler class per format, as python-frontmatter does it; TOML is read with the
standard library's ``tomllib``. This is the only module that imports python-frontmatter.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from typing import Any, NamedTuple

from frontmatter import default_handlers as frontmatter_handlers
from frontmatter.default_handlers import BaseHandler, YAMLHandler


class TOMLHandler(BaseHandler):
    """TOML front matter between ``+++`` lines, read with ``tomllib``."""

    FM_BOUNDARY = re.compile(r"^\+{3,}\s*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "+++"

    def load(self, fm: str, **kwargs: object) -> Any:
        return tomllib.loads(fm)


_JSON_LINES = frontmatter_handlers.JSONHandler.FM_BOUNDARY


class JSONHandler(frontmatter_handlers.JSONHandler):
    """A JSON object at the top of the file: ``{`` then a key (or ``}``), on one line or many.

    The object ends where the JSON parser says it does; when it does not parse, the
    ``}``-alone-on-a-line boundary of python-frontmatter delimits it, so the parser's
    message reaches the warning.
    """

    FM_BOUNDARY = re.compile(r"""\{[ \t]*(?:\n|["'}])""")

    def split(self, text: str) -> tuple[str, str]:
        try:
            _, end = json.JSONDecoder().raw_decode(text)
        except json.JSONDecodeError:
            _, fm, body = _JSON_LINES.split(text, 2)  # ValueError: no closing brace
            return "{" + fm + "}", body
        return text[:end], text[end:]


class FrontMatter(NamedTuple):
    """Metadata read from front matter, the body after it, and the format's name."""

    metadata: dict[str, object]
    body: str
    format: str


_HANDLERS: tuple[tuple[str, BaseHandler], ...] = (
    ("YAML", YAMLHandler()),
    ("TOML", TOMLHandler()),
    ("JSON", JSONHandler()),
)


def read_front_matter(text: str) -> FrontMatter | None:
    """Split and parse the front matter of ``text``; ``None`` when it has none.

    Raises ``ValueError`` with the parser's message when the front matter does not parse
    (whatever the parser raised) or is not a mapping.
    """
    start = text.lstrip("\n")
    for name, handler in _HANDLERS:
        if not handler.detect(start):
            continue
        try:
            raw, body = handler.split(start)
        except ValueError:
            return None  # an opening line without a closing one: no front matter
        try:
            data = handler.load(raw)
        except (ValueError, json.JSONDecodeError, tomllib.TOMLDecodeError) as err:
            raise ValueError(f"{name} front matter does not parse: {_one_line(err)}") from err
        except Exception as err:  # PyYAML's errors and anything a parser raises
            raise ValueError(f"{name} front matter does not parse: {_one_line(err)}") from err
        if data is None:
            data = {}
        if not isinstance(data, Mapping):
            raise ValueError(f"{name} front matter is a {type(data).__name__}, not a mapping")
        return FrontMatter(fold_keys(data), body.lstrip("\n"), name)
    return None


def fold_keys(data: Mapping[Any, object]) -> dict[str, object]:
    """Lower-case the keys; of two keys differing only in case, the first wins."""
    folded: dict[str, object] = {}
    for key, value in data.items():
        folded.setdefault(str(key).strip().lower(), value)
    return folded


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split()) or type(err).__name__
