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

import yaml
from frontmatter import default_handlers as frontmatter_handlers
from frontmatter.default_handlers import BaseHandler, YAMLHandler

# Front matter is almost always flat `key: value` lines. Those are read here, each scalar
# resolved and built by PyYAML's own resolver and constructor (so the values are exactly
# what PyYAML gives); anything else — nesting, block lists, anchors, comments, escapes,
# multi-line scalars — declines to the full PyYAML parser.
_YAML_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?:[ ]+(.*?))?[ ]*")
_YAML_DQ = re.compile(r'"([^"\\]*)"')
_YAML_SQ = re.compile(r"'([^']*)'")
_YAML_PLAIN = re.compile(r"[^-?:,\[\]{}#&*!|>'\"%@`\s](?:[^#:]|:(?! |$)|(?<! )#)*")
_YAML_FLOW_ITEM = re.compile(
    r"""[ ]*(?:"([^"\\,]*)"|'([^',]*)'|([^-?:,\[\]{}#&*!|>'"%@`\s][^,:?\[\]{}#'"]*?))[ ]*(,|$)"""
)
# Characters PyYAML refuses, and those it reads as line breaks (NEL, LS, PS): decline.
_YAML_NON_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_STR_TAG = "tag:yaml.org,2002:str"


_MAYBE_NOT_STR = frozenset({"yes", "no", "true", "false", "on", "off", "null"})


def _plain(text: str) -> object:
    if text[0].isalpha() and text[0].isascii() and text.lower() not in _MAYBE_NOT_STR:
        return text  # a letter first, and no bool or null: every resolver says str
    tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    if tag == _STR_TAG:
        return text
    build = _CONSTRUCTOR.yaml_constructors.get(tag)  # not construct_object: it keeps nodes
    if build is None:
        raise _Decline  # a tag SafeLoader has no constructor for ("=" is one): its error
    return build(_CONSTRUCTOR, yaml.ScalarNode(tag, text))


class _Decline(Exception):
    """Not the flat subset: PyYAML reads it."""


def _scalar(text: str) -> object:
    if not text:
        return None
    for quoted in (_YAML_DQ, _YAML_SQ):
        match = quoted.fullmatch(text)
        if match:
            return match.group(1)
    if text[0] == "[":
        return _flow_list(text)
    if _YAML_PLAIN.fullmatch(text):
        return _plain(text)
    raise _Decline


def _flow_list(text: str) -> list[object]:
    inner = text[1:-1].strip(" ") if text.endswith("]") else None
    if inner is None:
        raise _Decline
    items: list[object] = []
    pos = 0
    while pos < len(inner):
        match = _YAML_FLOW_ITEM.match(inner, pos)
        if match is None or match.end() == pos:
            raise _Decline
        dq, sq, plain, comma = match.groups()
        if plain is not None:
            items.append(_plain(plain))
        else:
            items.append(dq if dq is not None else sq)
        pos = match.end()
        if comma == "," and pos >= len(inner):
            raise _Decline  # a trailing comma: let PyYAML decide
    return items


def flat_yaml(text: str) -> dict[str, object] | None:
    """The mapping of flat YAML front matter, exactly as PyYAML reads it, or ``None`` when
    the text is not in the flat subset (then PyYAML reads it)."""
    if "\t" in text or _YAML_NON_PRINTABLE.search(text):
        return None
    data: dict[str, object] = {}
    try:
        for line in text.split("\n"):
            if not line.strip(" "):
                continue
            match = _YAML_LINE.fullmatch(line)
            if match is None or _plain(match.group(1)) != match.group(1):
                return None
            data[match.group(1)] = _scalar(match.group(2) or "")
    except _Decline:
        return None
    return data


class FlatYAMLHandler(YAMLHandler):
    """YAML front matter, flat lines read directly and everything else by PyYAML."""

    def load(self, fm: str, **kwargs: object) -> Any:
        flat = flat_yaml(fm)
        if flat is not None:
            return flat
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


class FrontMatter(NamedTuple):
    """Metadata read from front matter, the body after it, and the format's name."""

    metadata: dict[str, object]
    body: str
    format: str


_HANDLERS: tuple[tuple[str, BaseHandler], ...] = (
    ("YAML", FlatYAMLHandler()),
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
