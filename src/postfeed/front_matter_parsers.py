"""The full front matter parsers: YAML (PyYAML), TOML and JSON, for what
``front_matter`` does not read itself (python-frontmatter's handlers).

One small handler class per format, as python-frontmatter does it; TOML is read with the
standard library's ``tomllib``. This is the only module that imports python-frontmatter
and PyYAML.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from typing import Any

import yaml
from frontmatter import default_handlers as frontmatter_handlers
from frontmatter.default_handlers import BaseHandler, YAMLHandler

from postfeed.front_matter import Decline, FrontMatter, fold_keys

_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_STR_TAG = "tag:yaml.org,2002:str"


def resolve_plain(text: str) -> object:
    """A plain scalar resolved and built by PyYAML's own resolver and constructor (for
    the scalars ``front_matter.plain`` does not settle itself)."""
    tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    if tag == _STR_TAG:
        return text
    build = _CONSTRUCTOR.yaml_constructors.get(tag)  # not construct_object: it keeps nodes
    if build is None:
        raise Decline  # a tag SafeLoader has no constructor for ("=" is one): its error
    return build(_CONSTRUCTOR, yaml.ScalarNode(tag, text))


class SafeYAMLHandler(YAMLHandler):
    """YAML front matter that is not flat (flat front matter never reaches PyYAML)."""

    def load(self, fm: str, **kwargs: object) -> Any:
        if "&" in fm or "*" in fm:
            _refuse_aliases(fm)
        return super().load(fm, **kwargs)


def _refuse_aliases(text: str) -> None:
    """Front matter has no use for anchors and aliases, and they are how a small document
    becomes a billion laughs: refuse them (the scanner is cheap and expands nothing)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for token in yaml.scan(text, Loader=loader):
        if isinstance(token, yaml.AliasToken | yaml.AnchorToken):
            raise ValueError("anchors and aliases are not allowed in front matter")


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


_HANDLERS: tuple[tuple[str, BaseHandler], ...] = (
    ("YAML", SafeYAMLHandler()),
    ("TOML", TOMLHandler()),
    ("JSON", JSONHandler()),
)


def parse_front_matter(start: str) -> FrontMatter | None:
    """Front matter at the very start of ``start`` read by the full parsers; ``None``
    when it has none. ``ValueError`` with the parser's message when it does not parse
    (whatever the parser raised) or is not a mapping."""
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


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split()) or type(err).__name__
