"""The metadata at the top of a post, in each form it takes.

- YAML (``---``), TOML (``+++``) and JSON front matter: split by python-frontmatter's
  handlers, one small class per format; YAML read by PyYAML's safe loader (its C loader
  when PyYAML has one), TOML by the standard library's ``tomllib``, JSON by ``json``.
  This is the only module that imports python-frontmatter and PyYAML (a site's YAML
  configuration is read here too).
- Pelican / MultiMarkdown header blocks: ``Key: value`` lines among the first blocks.
- MDX: ``export const meta = { title: '…' }``, read by a small reader of JavaScript
  literals (no JavaScript is run; hand-written: no dependency reads JavaScript object
  literals, and this one subset is all a post's metadata uses).
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Collection, Mapping
from typing import Any, NamedTuple

import yaml
from frontmatter.default_handlers import BaseHandler, JSONHandler, YAMLHandler

from postfeed._text import blocks, remove_span

# YAML, TOML and JSON front matter


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


# python-frontmatter's handlers, one per format

MAX_EXPANDED_NODES = 10_000


class YAMLFrontMatter(YAMLHandler):
    """``---`` lines; PyYAML's safe loader (the C one when PyYAML has it), aliases that
    would expand the front matter past ``MAX_EXPANDED_NODES`` values refused."""

    name = "YAML"

    def load(self, fm: str, **kwargs: object) -> Any:
        if "*" in fm:
            _limit_aliases(fm)
        return super().load(fm, **kwargs)


class TOMLFrontMatter(BaseHandler):
    """``+++`` lines, as python-frontmatter's TOMLHandler splits them; read by the standard
    library's ``tomllib`` (its own TOMLHandler needs the legacy ``toml`` package)."""

    name = "TOML"
    FM_BOUNDARY = re.compile(r"^\+{3,}\s*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "+++"

    def load(self, fm: str, **kwargs: object) -> Any:
        return tomllib.loads(fm)


class JSONFrontMatter(JSONHandler):
    """A JSON object at the top of the file: ``{`` then a key (or ``}``), on one line or
    many. The object ends where the JSON parser says it does, so a one-line object works
    (python-frontmatter's own boundary wants ``{`` and ``}`` alone on their lines); when it
    does not parse, that boundary delimits it, so the parser's message reaches the warning.
    """

    name = "JSON"
    _opening = re.compile(r"""\{[ \t]*(?:\n|["'}])""")

    def detect(self, text: str) -> bool:
        return self._opening.match(text) is not None

    def split(self, text: str) -> tuple[str, str]:
        try:
            _, end = json.JSONDecoder().raw_decode(text)
        except json.JSONDecodeError:
            return super().split(text)  # ValueError: no closing brace
        return text[:end], text[end:]


HANDLERS: tuple[YAMLFrontMatter | TOMLFrontMatter | JSONFrontMatter, ...] = (
    YAMLFrontMatter(),
    TOMLFrontMatter(),
    JSONFrontMatter(),
)


def _limit_aliases(text: str) -> None:
    """Anchors and aliases are fine (Hugo sites reuse a value with them), but nested
    aliases are how a small document becomes a billion laughs: refuse front matter whose
    aliases, expanded, would make more than ``MAX_EXPANDED_NODES`` nodes. The scanner is
    cheap; the node graph is built (sharing, not expanding) only when there is an alias."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    if not any(isinstance(t, yaml.AliasToken) for t in yaml.scan(text, Loader=loader)):
        return
    sizes: dict[int, int] = {}

    def size(node: yaml.Node) -> int:
        known = sizes.get(id(node))
        if known is not None:
            return known
        sizes[id(node)] = 1  # a recursive alias counts once, as its first visit
        total = 1
        if isinstance(node, yaml.MappingNode):
            total += sum(size(key) + size(value) for key, value in node.value)
        elif isinstance(node, yaml.SequenceNode):
            total += sum(size(item) for item in node.value)
        if total > MAX_EXPANDED_NODES:
            raise ValueError(
                f"aliases expand the front matter to more than {MAX_EXPANDED_NODES:,} values"
            )
        sizes[id(node)] = total
        return total

    root = yaml.compose(text, Loader=loader)
    if root is not None:
        size(root)


def load_config_yaml(text: str) -> object:
    """A site's YAML configuration (``_config.yml``, ``hugo.yaml``) by the safe loader.

    Anchors are allowed here: a site's own configuration uses them, and the safe loader
    shares aliased nodes rather than copying them. Another program's tags
    (``!!python/name:…`` in mkdocs.yml, ``!ENV``) are read as null, never built."""
    return yaml.load(text, Loader=_ConfigLoader)  # a SafeLoader subclass


class _ConfigLoader(yaml.SafeLoader):
    """PyYAML's safe loader; any tag it does not know builds nothing (``None``)."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


# Header blocks (Pelican, MultiMarkdown)

MAX_BLOCK_INDEX = 3
_LINE = re.compile(r"([A-Za-z][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]+(.*)|[ \t]*)$")
# Python-Markdown's meta extension (Pelican's reader): a line indented by four spaces or a
# tab continues the value of the key above it.
_CONTINUATION = re.compile(r"(?: {4}|\t)[ \t]*(\S.*)$")


class HeaderBlock(NamedTuple):
    """Metadata from a header block, and the text with the block removed."""

    metadata: dict[str, object]
    body: str


def _parse_block(block: str, known: Collection[str] | None) -> dict[str, object] | None:
    """The block's ``Key: value`` lines as a mapping, or ``None`` when a line is not one
    (or, with ``known``, names a key outside it)."""
    metadata: dict[str, object] = {}
    key = ""
    for line in block.split("\n"):
        match = _LINE.match(line.strip())
        if match is None:
            more = _CONTINUATION.match(line) if key and known is None else None
            if more is None:
                return None
            metadata[key] = f"{metadata[key]} {more.group(1).strip()}".strip()
            continue
        name = match.group(1).lower()
        if known is not None and name not in known:
            return None
        if name in metadata:
            key = ""  # a repeated key: the first wins, its continuation lines go with it
            continue
        key = name
        metadata[key] = (match.group(2) or "").strip()
    return metadata


def read_header_block(
    text: str, *, known: Collection[str], required: Collection[str]
) -> HeaderBlock | None:
    """Find the file's header block and take it out (SPEC §2).

    Either the first block, made only of ``Key: value`` lines with single-word keys, any
    keys (as Pelican reads them), or, within the first three non-empty blocks, one made
    only of ``known`` keys; either way with at least one ``required`` key (a title or
    date key).
    """
    for index, (start, end) in enumerate(blocks(text, limit=MAX_BLOCK_INDEX)):
        block = text[start:end]
        metadata = _parse_block(block, None) if index == 0 else None
        if metadata is None:
            metadata = _parse_block(block, known)
        if metadata is not None and any(key in metadata for key in required):
            return HeaderBlock(metadata, remove_span(text, start, end))
    return None


# MDX: metadata exported as a JavaScript object

# Among the lines before the body: `export const meta = {` (or `metadata`, `frontmatter`).
_EXPORT = re.compile(
    r"^export[ \t]+(?:const|let|var)[ \t]+(?:meta|metadata|frontmatter|frontMatter)"
    r"(?:[ \t]*:[^=\n]*)?[ \t]*=[ \t]*(?=\{)",
    re.MULTILINE,
)
# What may stand before it: import and export statements (their continuation lines
# indented or closing), blank lines, comments. Prose before it: it is not metadata.
_PREAMBLE_LINE = re.compile(r"[ \t]*$|import\b|export\b|//|/\*|[ \t]+\S|\*|\}|from\b")
_TOKEN = re.compile(
    r"""\s+|//[^\n]*|/\*.*?\*/
    |(?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\$]|\\.|\$(?!\{))*`)
    |(?P<number>-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)
    |(?P<name>[A-Za-z_$][\w$]*)
    |(?P<punct>[{}\[\]:,()])
    |(?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)
_WORDS: dict[str, object] = {"true": True, "false": False, "null": None, "undefined": None}
MAX_LENGTH = 100_000  # an object longer than this is not a post's metadata


class MDXMeta(NamedTuple):
    """The exported object and the text with its export statement removed."""

    metadata: dict[str, object]
    body: str


class _Unreadable(Exception):
    pass


class _Reader:
    def __init__(self, text: str, start: int) -> None:
        self.tokens: list[tuple[str, str, int]] = []
        pos, end = start, min(len(text), start + MAX_LENGTH)
        depth = 0
        while pos < end:
            match = _TOKEN.match(text, pos)
            assert match is not None  # `other` takes any character
            pos = match.end()
            kind = match.lastgroup
            if kind is None:
                continue  # whitespace, comments
            value = match.group(kind)
            self.tokens.append((kind, value, pos))
            if value in "{[(" and kind == "punct":
                depth += 1
            elif value in "}])" and kind == "punct":
                depth -= 1
                if depth == 0:
                    break
        if depth:
            raise _Unreadable
        self.index = 0

    def peek(self) -> tuple[str, str, int]:
        if self.index >= len(self.tokens):
            raise _Unreadable
        return self.tokens[self.index]

    def take(self, value: str | None = None) -> tuple[str, str, int]:
        token = self.peek()
        if value is not None and (token[0] != "punct" or token[1] != value):
            raise _Unreadable
        self.index += 1
        return token

    def value(self) -> object:
        kind, text, _ = self.peek()
        if kind == "punct" and text == "{":
            return self.mapping()
        if kind == "punct" and text == "[":
            return self.sequence()
        if kind == "string" and self._ends_value(1):
            self.index += 1
            return _string(text)
        if kind == "number" and self._ends_value(1):
            self.index += 1
            return float(text) if any(c in text for c in ".eE") else int(text)
        if kind == "name" and text in _WORDS and self._ends_value(1):
            self.index += 1
            return _WORDS[text]
        if kind == "name" and text == "new" and self._date_call():
            return _string(self.tokens[self.index - 2][1])
        self.skip_expression()
        return None

    def _ends_value(self, ahead: int) -> bool:
        at = self.index + ahead
        return at < len(self.tokens) and self.tokens[at][1] in (",", "}", "]")

    def _date_call(self) -> bool:
        """``new Date('…')``: the string it is given."""
        ahead = self.tokens[self.index : self.index + 5]
        shape = [text if kind != "string" else "'" for kind, text, _ in ahead]
        if shape == ["new", "Date", "(", "'", ")"] and self._ends_value(5):
            self.index += 5
            return True
        return False

    def skip_expression(self) -> None:
        """An expression this reader does not evaluate: skipped to the next ``,`` or the
        closing bracket at its own depth."""
        depth = 0
        while True:
            kind, text, _ = self.peek()
            if kind == "punct" and text in "{[(":
                depth += 1
            elif kind == "punct" and text in "}])":
                if depth == 0:
                    return
                depth -= 1
            elif kind == "punct" and text == "," and depth == 0:
                return
            self.index += 1

    def mapping(self) -> dict[str, object]:
        self.take("{")
        result: dict[str, object] = {}
        while self.peek()[1] != "}" or self.peek()[0] != "punct":
            kind, text, _ = self.take()
            if kind == "string":
                key = str(_string(text))
            elif kind in ("name", "number"):
                key = text
            else:
                raise _Unreadable  # spread `...x`, computed keys
            if self.peek()[1] == ":" and self.peek()[0] == "punct":
                self.take(":")
                result.setdefault(key, self.value())
            else:
                result.setdefault(key, None)  # shorthand `{ title }`: a name
            if self.peek()[1] == "," and self.peek()[0] == "punct":
                self.take(",")
        self.take("}")
        return result

    def sequence(self) -> list[object]:
        self.take("[")
        items: list[object] = []
        while self.peek()[1] != "]" or self.peek()[0] != "punct":
            before = self.index
            items.append(self.value())
            if self.index == before and self.peek()[1] != ",":
                raise _Unreadable  # a bracket that closes something else
            if self.peek()[1] == "," and self.peek()[0] == "punct":
                self.take(",")
        self.take("]")
        return items


def _string(token: str) -> str:
    inner = token[1:-1]
    if "\\" not in inner:
        return inner
    quote = token[0]
    text = inner.replace("\\" + quote, quote) if quote != '"' else inner
    if quote != '"':
        text = re.sub(r'(?<!\\)((?:\\\\)*)"', r'\1\\"', text)
    try:
        return str(json.loads(f'"{text}"'))
    except ValueError:
        return inner  # an escape JSON does not know (\x41, \0): as written


def read_mdx_export(text: str) -> MDXMeta | None:
    """The metadata object a post exports before its body, or ``None``."""
    if "export" not in text:
        return None
    match = _EXPORT.search(text)
    if match is None or not all(
        _PREAMBLE_LINE.match(line) for line in text[: match.start()].split("\n")
    ):
        return None
    try:
        reader = _Reader(text, match.end())
        metadata = reader.mapping()
    except (_Unreadable, RecursionError):
        return None
    end = reader.tokens[reader.index - 1][2]
    rest = text[end:]
    semicolon = re.match(r"[ \t]*;?[ \t]*\n?", rest)
    end += semicolon.end() if semicolon else 0
    folded: dict[str, object] = {}
    for key, value in metadata.items():
        folded.setdefault(key.strip().lower(), value)
    return MDXMeta(folded, (text[: match.start()] + text[end:]).lstrip("\n"))
