"""Dates: a strict parser for the formats SPEC §3 accepts, and dateline detection.

A small tokenizer turns the text into numbers, words and punctuation; a grammar then takes
a complete date (day, month and year), an optional time and an optional zone, and nothing
else. Any other word makes the text "not a date". ISO 8601 strings go to dateutil's strict
``isoparse`` first. The same grammar, run on the start of a paragraph, finds datelines: the
date ends where punctuation and words begin, so a number in the prose after it is never
taken for an hour.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MIN_YEAR = 1900
MAX_YEAR = 9999

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "tues", "wed", "weds", "thu", "thur", "thurs", "fri", "sat", "sun",
}  # fmt: skip
_FILLERS = {"of", "the"}
_MERIDIEM = {"am": 0, "pm": 12, "a.m.": 0, "p.m.": 12}
# RFC 822 zone names, plus the universal ones.
_ZONES = {
    "z": 0, "utc": 0, "gmt": 0, "ut": 0,
    "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
}  # fmt: skip

_TOKEN = re.compile(
    r"""
    (?P<numdate>(?:\d{4}(?P<s1>[-/.])\d{1,2}(?P=s1)\d{1,2}
                 |\d{1,2}(?P<s2>[-/.])\d{1,2}(?P=s2)\d{4})(?![\d]))
  | (?P<time>\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?![\d:]))
  | (?P<offset>[+-]\d{2}(?::?\d{2})?(?![\d]))
  | (?P<number>\d+)(?P<ordinal>st|nd|rd|th)?(?![A-Za-z0-9])
  | (?P<meridiem>[ap]\.m\.)
  | (?P<word>[A-Za-z]+)(?P<dot>\.)?
  | (?P<punct>[,\-])
    """,
    re.VERBOSE,
)


_KINDS = ("numdate", "time", "offset", "number", "meridiem", "word", "punct")


class _Token(NamedTuple):
    kind: str
    text: str
    start: int
    end: int
    ordinal: bool = False
    dot: bool = False


def _tokens(text: str, start: int = 0, limit: int | None = None) -> list[_Token]:
    """Split ``text`` into date tokens, stopping at the first character that is none (or
    at ``limit`` tokens: a date has far fewer, and prose after it need not be read)."""
    out: list[_Token] = []
    pos = start
    length = len(text)
    while pos < length:
        ch = text[pos]
        if ch.isspace():
            pos += 1
            continue
        match = _TOKEN.match(text, pos)
        if match is None:
            break
        kind = next(name for name in _KINDS if match.group(name) is not None)
        word = match.group(kind).lower()
        out.append(
            _Token(
                kind,
                word,
                match.start(),
                match.end(),
                ordinal=match.group("ordinal") is not None,
                dot=match.group("dot") is not None,
            )
        )
        pos = match.end()
        if limit is not None and len(out) >= limit:
            break
    return out


@dataclass
class _Parts:
    year: int | None = None
    month: int | None = None
    day: int | None = None
    hour: int = 0
    minute: int = 0
    second: int = 0
    microsecond: int = 0
    offset: dt.timedelta | None = None
    end: int = 0  # where in the text the date ends

    @property
    def complete(self) -> bool:
        return self.year is not None and self.month is not None and self.day is not None


class DateTextError(ValueError):
    """A text that is not a date, with the reason."""


def _numeric_date(text: str, dayfirst: bool) -> tuple[int, int, int]:
    parts = [int(p) for p in re.split(r"[-/.]", text)]
    if re.match(r"\d{4}", text):  # year first: always Y-M-D
        return parts[0], parts[1], parts[2]
    first, second, year = parts
    readings = [(year, second, first), (year, first, second)]  # D/M/Y, M/D/Y
    if not dayfirst:
        readings.reverse()
    for y, m, d in readings:
        if _valid_ymd(y, m, d):
            return y, m, d
    return readings[0]  # impossible either way: the caller reports it


def _valid_ymd(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _take_date(tokens: list[_Token], i: int, parts: _Parts, dayfirst: bool) -> int:
    """Consume the date part (day, month, year in any common order); return the next index."""
    weekday_seen = False
    while i < len(tokens) and not parts.complete:
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if tok.kind == "numdate" and parts.year is parts.month is parts.day is None:
            parts.year, parts.month, parts.day = _numeric_date(tok.text, dayfirst)
        elif tok.kind == "word" and tok.text in _WEEKDAYS and not weekday_seen:
            weekday_seen = True
        elif tok.kind == "word" and tok.text in _MONTHS and parts.month is None:
            parts.month = _MONTHS[tok.text]
        elif tok.kind == "punct" or (tok.kind == "word" and tok.text in _FILLERS and not tok.dot):
            pass  # "the 20th of May, 2024"
        elif tok.kind == "number" and len(tok.text) == 4 and not tok.ordinal and not parts.year:
            parts.year = int(tok.text)
        elif tok.kind == "number" and len(tok.text) <= 2 and parts.day is None:
            parts.day = int(tok.text)
        elif (
            tok.kind == "number"
            and len(tok.text) == 2
            and not tok.ordinal
            and parts.day is not None
            and parts.month is not None
            and nxt is not None
            and nxt.kind == "time"
        ):  # RFC 822's two-digit year, as in "20 May 24 10:30 GMT"
            year = int(tok.text)
            parts.year = year + (2000 if year < 50 else 1900)
        else:
            break
        parts.end = tok.end
        i += 1
    return i


def _take_time(tokens: list[_Token], i: int, parts: _Parts) -> int:
    """Consume an optional time (after ``,``, ``at`` or ``T``); return the next index."""
    j = i
    if j < len(tokens) and tokens[j].text in {",", "at", "t"} and not tokens[j].dot:
        j += 1
    if j >= len(tokens):
        return i
    tok = tokens[j]
    meridiem = tokens[j + 1] if j + 1 < len(tokens) else None
    has_meridiem = meridiem is not None and (
        meridiem.kind == "meridiem" or (meridiem.kind == "word" and meridiem.text in _MERIDIEM)
    )
    if tok.kind == "time":
        clock, _, fraction = tok.text.replace(",", ".").partition(".")
        fields = [int(x) for x in clock.split(":")]
        hour, minute = fields[0], fields[1]
        second = fields[2] if len(fields) > 2 else 0
        micro = int((fraction + "000000")[:6]) if fraction else 0
    elif tok.kind == "number" and has_meridiem and not tok.ordinal and len(tok.text) <= 2:
        hour, minute, second, micro = int(tok.text), 0, 0, 0
    else:
        return i
    end = tok.end
    j += 1
    if has_meridiem and meridiem is not None:
        if not 1 <= hour <= 12:
            raise DateTextError(f"hour {hour} does not go with {meridiem.text.upper()}")
        hour = hour % 12 + _MERIDIEM[meridiem.text]
        end = meridiem.end
        j += 1
    if hour > 23 or minute > 59 or second > 59:
        raise DateTextError(f"impossible time {tok.text}")
    parts.hour, parts.minute, parts.second, parts.microsecond = hour, minute, second, micro
    parts.end = end
    return j


def _offset(text: str) -> dt.timedelta:
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    if hours > 23 or minutes > 59:
        raise DateTextError(f"impossible zone offset {text}")
    return sign * dt.timedelta(hours=hours, minutes=minutes)


def _take_zone(tokens: list[_Token], i: int, parts: _Parts) -> int:
    """Consume an optional zone: ``Z``, ``UTC``, ``GMT``, ``+02:00``, ``+0200``, RFC 822 names."""
    if i >= len(tokens):
        return i
    tok = tokens[i]
    if tok.kind == "offset":
        parts.offset = _offset(tok.text)
    elif tok.kind == "word" and tok.text in _ZONES and not tok.dot:
        parts.offset = dt.timedelta(hours=_ZONES[tok.text])
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if tok.text in {"utc", "gmt"} and nxt is not None and nxt.kind == "offset":
            parts.offset = _offset(nxt.text)
            parts.end = nxt.end
            return i + 2
    else:
        return i
    parts.end = tok.end
    return i + 1


# The longest date the grammar takes, "Monday, the 20th of May, 2024, at 10:30:15 p.m. GMT
# +02:00", is 16 tokens; a dateline is read no further than this.
DATELINE_TOKENS = 20


def _parse_prefix(
    text: str, start: int, dayfirst: bool, limit: int | None = None
) -> tuple[_Parts, list[_Token], int]:
    """Parse the longest date at ``text[start:]``; return its parts, the tokens and next index."""
    tokens = _tokens(text, start, limit)
    parts = _Parts(end=start)
    i = _take_date(tokens, 0, parts, dayfirst)
    if parts.complete:
        i = _take_time(tokens, i, parts)
        i = _take_zone(tokens, i, parts)
    return parts, tokens, i


_ZONE_NAME = re.compile(r"[A-Za-z0-9_+-]+(?:/[A-Za-z0-9_.+-]+)*")


@lru_cache(maxsize=64)
def zone(name: str) -> dt.tzinfo:
    """The tzinfo for an IANA zone name; ``ValueError`` names a zone that does not exist."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as err:
        if not _ZONE_NAME.fullmatch(name) or ".." in name:  # never a path to a file
            raise ValueError(f"unknown time zone {name!r}") from err
        from dateutil import tz as dateutil_tz  # it ships its own zone data: a fallback

        found = dateutil_tz.gettz(name)
        if found is None or not name:
            raise ValueError(f"unknown time zone {name!r}") from err
        return found


def _build(parts: _Parts, timezone: str, text: str) -> dt.datetime:
    assert parts.year is not None and parts.month is not None and parts.day is not None
    if not MIN_YEAR <= parts.year <= MAX_YEAR:
        raise DateTextError(f"year {parts.year} is out of range in {text!r}")
    try:
        tzinfo = zone(timezone) if parts.offset is None else dt.timezone(parts.offset)
        return dt.datetime(
            parts.year,
            parts.month,
            parts.day,
            parts.hour,
            parts.minute,
            parts.second,
            parts.microsecond,
            tzinfo=tzinfo,
        )
    except ValueError as err:
        raise DateTextError(f"impossible date {text!r} ({err})") from err


def _localise(value: dt.datetime, timezone: str) -> dt.datetime:
    offset = value.utcoffset()
    if value.tzinfo is None or offset is None:
        value = value.replace(tzinfo=zone(timezone))
    elif not isinstance(value.tzinfo, ZoneInfo | dt.timezone):
        value = value.replace(tzinfo=dt.timezone(offset))  # one kind of fixed offset
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise DateTextError(f"year {value.year} is out of range")
    return value


# Complete ISO 8601 dates only: a year and month without a day is not a date.
_ISO = re.compile(r"\d{4}(?:-\d{2}-\d{2}|\d{4}(?:T|$)|-?W\d{2}-?\d)")


def parse_date(value: object, *, timezone: str = "UTC", dayfirst: bool = False) -> dt.datetime:
    """Parse a date as SPEC §3 accepts it and return an aware ``datetime``.

    ``value`` may be a string, a ``datetime`` or ``date`` (as YAML and TOML give them) or an
    integer number of Unix epoch seconds. A value without a zone is in ``timezone``; one
    without a time is midnight there. ``dayfirst`` decides ``05/06/2024`` when both readings
    are real dates. Raises ``ValueError`` saying why the value is not a date.
    """
    if isinstance(value, dt.datetime):
        return _localise(value, timezone)
    if isinstance(value, dt.date):
        return _localise(dt.datetime(value.year, value.month, value.day), timezone)
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            stamp = dt.datetime.fromtimestamp(value, tz=zone(timezone))
        except (OverflowError, OSError, ValueError) as err:
            raise DateTextError(f"epoch seconds {value} are out of range") from err
        return _localise(stamp, timezone)
    if not isinstance(value, str):
        raise DateTextError(f"{type(value).__name__} value {value!r} is not a date")
    text = value.strip()
    if not text:
        raise DateTextError("empty date")
    if _ISO.match(text):
        try:
            return _localise(dt.datetime.fromisoformat(text), timezone)  # the common case
        except ValueError:
            pass
        from dateutil.parser import isoparse  # the rest of ISO 8601 (week dates, …)

        try:
            return _localise(isoparse(text), timezone)
        except (ValueError, OverflowError):
            pass  # not strict ISO 8601: the grammar below decides and explains
    parts, tokens, i = _parse_prefix(text, 0, dayfirst)
    rest = text[parts.end :].strip()
    if not parts.complete or (rest and rest != "."):
        bad = next(
            (t.text for t in tokens[i:] if t.kind == "word"),
            rest.split()[0] if rest else None,
        )
        if not parts.complete and bad is None:
            raise DateTextError(f"incomplete date {text!r} (needs day, month and year)")
        raise DateTextError(f"{text!r} is not a date (unexpected {bad!r})")
    return _build(parts, timezone, text)


# A dateline may sit in emphasis and follow one lead-in word, optionally with "on".
_DATELINE_LEAD = re.compile(
    r"[ \t]*(?:[*_]{1,3})?[ \t]*(?:(?:posted|published|written|dated)(?:[ \t]+on)?[ \t]*:?[ \t]+)?",
    re.IGNORECASE,
)


_DATE_START = re.compile(
    r"\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|the)",
    re.IGNORECASE,
)


def dateline(
    paragraph: str, *, timezone: str = "UTC", dayfirst: bool = False
) -> dt.datetime | None:
    """The date a paragraph starts with ("May 20, 2024. I'm sitting…"), or ``None``.

    Raises ``ValueError`` when the paragraph starts with a complete date that is impossible
    (such as Feb 30): a present but invalid source is never silently skipped.
    """
    match = _DATELINE_LEAD.match(paragraph)
    assert match is not None  # every part of the pattern is optional
    start = match.end()
    if not _DATE_START.match(paragraph, start):
        return None  # most paragraphs: not a digit, month, weekday or "the" first
    parts, _, _ = _parse_prefix(paragraph, start, dayfirst, DATELINE_TOKENS)
    if not parts.complete:
        return None
    return _build(parts, timezone, paragraph[start : parts.end])


_PATH_DATE = re.compile(r"(?:^|/)(?P<year>\d{4})/(?P<month>\d{2})/(?P<day>\d{2})(?=/|$)")
# Jekyll and Hugo write `YYYY-MM-DD-slug`; Zola (page.rs's RFC3339_DATE, as its docs give
# it) also `YYYY-MM-DD_slug`, an RFC 3339 date-time with its offset
# (`2024-02-03T10:00:00Z_slug`) and one space before the `-` or `_`. A name that goes on
# after the date without one of these is not read: a date-time without its offset could
# be in any zone, and `2024-01-015` is not a date.
_NAME_DATE = re.compile(
    r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"(?:T(?P<hour>\d{2}):(?P<minute>\d{2}):(?P<second>\d{2})(?P<fraction>\.\d+)?"
    r"(?P<offset>Z|[+-]\d{2}:\d{2}))?"
    r"(?:\s?[-_]|$)"
)


def date_prefix(stem: str) -> re.Match[str] | None:
    """The ``YYYY-MM-DD-`` (or ``_``, or Zola's ``YYYY-MM-DDTHH:MM:SSZ_``) prefix of a file
    stem or folder name, if it has one."""
    return _NAME_DATE.match(stem)


def _from_match(found: re.Match[str], timezone: str) -> dt.datetime:
    fields = found.groupdict()
    parts = _Parts(int(fields["year"]), int(fields["month"]), int(fields["day"]))
    if fields.get("hour") is not None:
        offset = fields["offset"]
        parts.hour, parts.minute = int(fields["hour"]), int(fields["minute"])
        parts.second = int(fields["second"])
        parts.microsecond = int((fields["fraction"] or ".0")[1:7].ljust(6, "0"))
        parts.offset = dt.timedelta(0)
        if offset != "Z":
            hours, minutes = offset[1:].split(":")
            sign = -1 if offset[0] == "-" else 1
            parts.offset = sign * dt.timedelta(hours=int(hours), minutes=int(minutes))
    return _build(parts, timezone, found.group(0).strip("/-_").strip())


def date_from_path(relpath: str, *, timezone: str = "UTC") -> dt.datetime | None:
    """The date in a ``YYYY-MM-DD-`` prefix of the file name or, nearest first, of a
    folder on its path (a page bundle ``2021-01-30-slug/index.md``), else in
    ``YYYY/MM/DD`` folders."""
    *folders, name = relpath.split("/")
    for part in (name.rsplit(".", 1)[0], *reversed(folders)):
        found = date_prefix(part)
        if found is not None:
            return _from_match(found, timezone)
    found = _PATH_DATE.search("/".join(folders))
    return None if found is None else _from_match(found, timezone)


def date_from_url(url: str, *, timezone: str = "UTC") -> dt.datetime | None:
    """The date of a ``/YYYY/MM/DD/`` in a post's own URL (``url``, ``permalink``, Zola's
    ``path``), as Jekyll and Hugo permalinks write it."""
    found = _PATH_DATE.search(url.split("?", 1)[0].split("#", 1)[0])
    return None if found is None else _from_match(found, timezone)
