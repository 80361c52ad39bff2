"""MDX metadata exported as a JavaScript object: ``export const meta = { title: '…' }``.

Next.js MDX blogs (``@next/mdx``) keep a post's metadata in the post itself as an export
instead of front matter. The object is read here with a small reader of JavaScript
literals (strings, numbers, booleans, null, arrays, objects, ``new Date('…')``): no
JavaScript is run, and any other expression (an imported name, a call) reads as ``None``,
so the keys that matter still come through. Hand-written: no dependency reads JavaScript
object literals, and this one subset is all a post's metadata uses.
"""

from __future__ import annotations

import json
import re
from typing import NamedTuple

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
