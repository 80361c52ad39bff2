"""Front matter: YAML, TOML and JSON metadata at the top of a post.

One small class per format, as python-frontmatter's handlers are made. TOML is read with
the standard library's ``tomllib``, JSON with ``json``. YAML front matter is almost always
flat ``key: value`` lines: those are read here, without loading PyYAML, to exactly the
values PyYAML gives; other YAML, and any value whose reading is not settled here, goes to
PyYAML through python-frontmatter (``front_matter_parsers``).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple


class FrontMatter(NamedTuple):
    """Metadata read from front matter, the body after it, and the format's name."""

    metadata: dict[str, object]
    body: str
    format: str


class Format:
    """One front matter format, as python-frontmatter's handlers have it: a boundary that
    detects and splits it, and a parser. YAML, TOML and JSON each subclass it."""

    name = ""
    boundary: re.Pattern[str]

    def detect(self, text: str) -> bool:
        return self.boundary.match(text) is not None

    def split(self, text: str) -> tuple[str, str]:
        """The front matter and the body; ``ValueError`` when it is not closed."""
        _, raw, body = self.boundary.split(text, 2)
        return raw, body

    def load(self, raw: str) -> object:
        """The parsed front matter: flat front matter read here, the rest by the parser."""
        flat = self.flat(raw)
        return flat if flat is not None else self.parse(raw)

    def flat(self, raw: str) -> dict[str, object] | None:
        """The mapping of front matter in the format's flat subset, else ``None``."""
        return None

    def parse(self, raw: str) -> object:
        raise NotImplementedError


class YAMLFormat(Format):
    """``---`` lines; flat front matter read here, the rest by PyYAML."""

    name = "YAML"
    boundary = re.compile(r"^-{3,}\s*$", re.MULTILINE)

    def flat(self, raw: str) -> dict[str, object] | None:
        return flat_yaml(raw)

    def parse(self, raw: str) -> object:
        from postfeed.front_matter_parsers import load_yaml  # PyYAML: only when needed

        return load_yaml(raw)


class TOMLFormat(Format):
    """``+++`` lines; flat front matter read here (14 µs for a post's keys), the rest by
    the standard library's ``tomllib`` (pure Python: 27 µs)."""

    name = "TOML"
    boundary = re.compile(r"^\+{3,}\s*$", re.MULTILINE)

    def flat(self, raw: str) -> dict[str, object] | None:
        return flat_toml(raw)

    def parse(self, raw: str) -> object:
        import tomllib

        return tomllib.loads(raw)


class JSONFormat(Format):
    """A JSON object at the top of the file: ``{`` then a key (or ``}``), on one line or many.

    The object ends where the JSON parser says it does; when it does not parse,
    python-frontmatter's ``}``-alone-on-a-line boundary delimits it, so the parser's
    message reaches the warning.
    """

    name = "JSON"
    boundary = re.compile(r"""\{[ \t]*(?:\n|["'}])""")
    _lines = re.compile(r"^(?:{|})$", re.MULTILINE)

    def split(self, text: str) -> tuple[str, str]:
        try:
            _, end = json.JSONDecoder().raw_decode(text)
        except json.JSONDecodeError:
            _, raw, body = self._lines.split(text, 2)  # ValueError: no closing brace
            return "{" + raw + "}", body
        return text[:end], text[end:]

    def parse(self, raw: str) -> object:
        return json.loads(raw)


FORMATS: tuple[Format, ...] = (YAMLFormat(), TOMLFormat(), JSONFormat())


def read_front_matter(text: str) -> FrontMatter | None:
    """Split and parse the front matter of ``text``; ``None`` when it has none.

    Raises ``ValueError`` with the parser's message when the front matter does not parse
    (whatever the parser raised) or is not a mapping.
    """
    start = text.lstrip("\n")
    if not start.startswith(("---", "+++", "{")):
        return None  # no format's boundary can match there
    for fmt in FORMATS:
        if not fmt.detect(start):
            continue
        try:
            raw, body = fmt.split(start)
        except ValueError:
            return None  # an opening line without a closing one: no front matter
        try:
            data = fmt.load(raw)
        except Exception as err:  # the parser's errors (PyYAML's are not ValueErrors)
            raise ValueError(f"{fmt.name} front matter does not parse: {_one_line(err)}") from err
        if data is None:
            data = {}
        if not isinstance(data, Mapping):
            raise ValueError(f"{fmt.name} front matter is a {type(data).__name__}, not a mapping")
        return FrontMatter(fold_keys(data), body.lstrip("\n"), fmt.name)
    return None


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split()) or type(err).__name__


def fold_keys(data: Mapping[Any, object]) -> dict[str, object]:
    """Lower-case the keys; of two keys differing only in case, the first wins."""
    folded: dict[str, object] = {}
    for key, value in data.items():
        folded.setdefault(str(key).strip().lower(), value)
    return folded


# The flat subset: `key: value` lines whose values are plain, quoted or flow-list scalars.
# Nesting, block lists, anchors, comments, escapes and multi-line scalars decline to PyYAML.
_YAML_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?:[ ]+(.*?))?[ ]*")
_YAML_DQ = re.compile(r'"([^"\\]*)"')
_YAML_SQ = re.compile(r"'([^']*)'")
_YAML_PLAIN = re.compile(r"(?:[^-?:,\[\]{}#&*!|>'\"%@`\s]|-(?=\S))(?:[^#:]|:(?! |$)|(?<! )#)*")
_YAML_FLOW_ITEM = re.compile(
    r"""[ ]*(?:"([^"\\,]*)"|'([^',]*)'|([^-?:,\[\]{}#&*!|>'"%@`\s][^,:?\[\]{}#'"]*?))[ ]*(,|$)"""
)
# Characters PyYAML refuses, and those it reads as line breaks (NEL, LS, PS): decline.
# (The whole class takes 3 ms to compile: built only for front matter that is not ASCII.)
_ASCII_NON_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@functools.cache
def _non_printable() -> re.Pattern[str]:
    return re.compile(
        "[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
    )


def _printable(text: str) -> bool:
    pattern = _ASCII_NON_PRINTABLE if text.isascii() else _non_printable()
    return pattern.search(text) is None


# How PyYAML's resolver reads a plain scalar: only text starting with one of these
# characters can be anything but a string, and of those starting with a letter only
# these exact words (its bool and null patterns).
_RESOLVED_FIRST = frozenset("-+0123456789.<~=!&*")
_WORDS: dict[str, object] = {
    **dict.fromkeys(["yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"], True),
    **dict.fromkeys(["no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"], False),
    **dict.fromkeys(["null", "Null", "NULL", "~"], None),
}
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")  # the decimal ints; 0x, 1_000 … go to PyYAML
# PyYAML's other int forms and its floats (resolver.py): built by PyYAML when they match.
_YAML_INT = re.compile(
    r"""[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+
    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+""",
    re.X,
)
_YAML_FLOAT = re.compile(
    r"""[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)""",
    re.X,
)
# PyYAML's timestamp pattern, resolver and constructor in one.
_TIMESTAMP = re.compile(
    r"""([0-9]{4})-([0-9]{2})-([0-9]{2})
    |([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})
     (?:\.([0-9]*))?(?:[ \t]*(Z|([-+])([0-9]{1,2})(?::([0-9]{2}))?))?""",
    re.X,
)


class Decline(Exception):
    """Not the flat subset: PyYAML reads it."""


def _timestamp(match: re.Match[str]) -> dt.date | dt.datetime:
    """What PyYAML's ``construct_yaml_timestamp`` builds (a date, or a datetime)."""
    (y, m, d, year, month, day, hour, minute, second, fraction, zone, sign, zh, zm) = match.groups()
    try:
        if y is not None:
            return dt.date(int(y), int(m), int(d))
        micro = int(fraction[:6].ljust(6, "0")) if fraction else 0
        tzinfo = None
        if sign:
            delta = dt.timedelta(hours=int(zh), minutes=int(zm or 0))
            tzinfo = dt.timezone(-delta if sign == "-" else delta)
        elif zone:
            tzinfo = dt.UTC
        return dt.datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second), micro, tzinfo
        )
    except ValueError:
        raise Decline from None  # PyYAML raises it, with its own message


def plain(text: str) -> object:
    """A plain scalar as PyYAML resolves and builds it."""
    if text in _WORDS:
        return _WORDS[text]
    if text[0] not in _RESOLVED_FIRST:
        return text
    if _INT.fullmatch(text):
        return int(text)
    match = _TIMESTAMP.fullmatch(text)
    if match is not None:
        return _timestamp(match)
    if text in ("<<", "=") or _YAML_INT.fullmatch(text) or _YAML_FLOAT.fullmatch(text):
        from postfeed.front_matter_parsers import resolve_plain  # floats, 0x1F, `<<`, …

        return resolve_plain(text)
    return text  # no pattern of PyYAML's resolver matches: a string (Jekyll's dates, …)


def _scalar(text: str) -> object:
    if not text:
        return None
    first = text[0]
    if first == '"' or first == "'":
        match = (_YAML_DQ if first == '"' else _YAML_SQ).fullmatch(text)
        if match:
            return match.group(1)
    elif first == "[":
        return _flow_list(text)
    elif _YAML_PLAIN.fullmatch(text):
        return plain(text)
    raise Decline


def _flow_list(text: str) -> list[object]:
    inner = text[1:-1].strip(" ") if text.endswith("]") else None
    if inner is None:
        raise Decline
    items: list[object] = []
    pos = 0
    while pos < len(inner):
        match = _YAML_FLOW_ITEM.match(inner, pos)
        if match is None or match.end() == pos:
            raise Decline
        dq, sq, plain_text, comma = match.groups()
        if plain_text is not None:
            items.append(plain(plain_text))
        else:
            items.append(dq if dq is not None else sq)
        pos = match.end()
        if comma == "," and pos >= len(inner):
            raise Decline  # a trailing comma: let PyYAML decide
    return items


def flat_yaml(text: str) -> dict[str, object] | None:
    """The mapping of flat YAML front matter, exactly as PyYAML reads it, or ``None`` when
    the text is not in the flat subset (then PyYAML reads it)."""
    if "\t" in text or not _printable(text):
        return None
    # A key PyYAML reads as a bool or null (it starts with a letter) declines; a repeated
    # key takes the last value, as in PyYAML.
    return _flat_lines(text, _YAML_LINE, lambda key, data: key not in _WORDS, _scalar)


def _flat_lines(
    text: str,
    line_pattern: re.Pattern[str],
    takes: Callable[[str, dict[str, object]], bool],
    value: Callable[[str], object],
) -> dict[str, object] | None:
    """Flat front matter read a line at a time: ``None`` at the first line the pattern
    (key, value) does not match, a key it ``takes`` not, or a value that declines."""
    data: dict[str, object] = {}
    try:
        for line in text.split("\n"):
            if not line.strip(" "):
                continue
            match = line_pattern.fullmatch(line)
            if match is None or not takes(match.group(1), data):
                return None
            data[match.group(1)] = value(match.group(2) or "")
    except Decline:
        return None
    return data


# Flat TOML: `key = value` lines (bare keys) whose values are basic or literal strings
# without escapes, arrays of them on one line, booleans, decimal integers, and dates and
# date-times. Comments, tabs, tables, dotted or quoted keys, floats, times, multi-line
# strings and repeated keys decline to tomllib. Its date-time pattern and conversion
# (tomllib/_re.py) are copied, so that the values are the very ones it builds.
_TOML_LINE = re.compile(r" *([A-Za-z0-9_-]+) *= *(.*?) *")
_TOML_BASIC = re.compile(r'"([^"\\\x00-\x1f\x7f]*)"')
_TOML_LITERAL = re.compile(r"'([^'\x00-\x1f\x7f]*)'")
_TOML_ITEM = re.compile(r""" *(?:"([^"\\\x00-\x1f\x7f]*)"|'([^'\x00-\x1f\x7f]*)') *(,|$)""")
_TOML_INT = re.compile(r"[+-]?(?:0|[1-9][0-9]*)")
_TOML_DATETIME = re.compile(
    r"""([0-9]{4})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])
    (?:[Tt ]([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9])(?:\.([0-9]{1,6})[0-9]*)?
    (?:([Zz])|([+-])([01][0-9]|2[0-3]):([0-5][0-9]))?)?""",
    re.X,
)


def _toml_datetime(match: re.Match[str]) -> dt.date | dt.datetime:
    """What tomllib's ``match_to_datetime`` builds."""
    (year, month, day, hour, minute, second, micros, zulu, sign, zh, zm) = match.groups()
    try:
        if hour is None:
            return dt.date(int(year), int(month), int(day))
        tzinfo: dt.tzinfo | None = None
        if sign:
            hours, minutes = int(zh), int(zm)
            if sign == "-":
                hours, minutes = -hours, -minutes
            tzinfo = dt.timezone(dt.timedelta(hours=hours, minutes=minutes))
        elif zulu:
            tzinfo = dt.UTC
        micro = int(micros.ljust(6, "0")) if micros else 0
        return dt.datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second), micro, tzinfo
        )
    except ValueError:
        raise Decline from None  # tomllib raises it, with its own message


def _toml_value(text: str) -> object:
    first = text[:1]
    if first == '"' or first == "'":
        match = (_TOML_BASIC if first == '"' else _TOML_LITERAL).fullmatch(text)
        if match is None:  # escapes, quotes inside, multi-line strings
            raise Decline
        return match.group(1)
    if first == "[":
        return _toml_array(text)
    if text == "true" or text == "false":
        return text == "true"
    if _TOML_INT.fullmatch(text):
        return int(text)
    match = _TOML_DATETIME.fullmatch(text)
    if match is None:
        raise Decline
    return _toml_datetime(match)


def _toml_array(text: str) -> list[object]:
    if not text.endswith("]"):
        raise Decline
    inner = text[1:-1]
    items: list[object] = []
    pos = 0
    while inner[pos:].strip(" "):
        match = _TOML_ITEM.match(inner, pos)
        if match is None:
            raise Decline
        basic, literal, comma = match.groups()
        items.append(basic if basic is not None else literal)
        pos = match.end()
        if not comma:
            break
    return items


def flat_toml(text: str) -> dict[str, object] | None:
    """The table of flat TOML front matter, exactly as tomllib reads it, or ``None`` when
    the text is not in the flat subset (then tomllib reads it)."""
    if "#" in text or "\t" in text or "\r" in text:
        return None
    # A repeated key declines: tomllib refuses it.
    return _flat_lines(text, _TOML_LINE, lambda key, data: key not in data, _toml_value)
