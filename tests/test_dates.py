"""parse_date, datelines and dates in paths."""

from __future__ import annotations

import datetime as dt
import email.utils
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from postfeed import parse_date
from postfeed.dates import date_from_path, dateline

UTC = dt.UTC
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
]  # fmt: skip
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _offset(d: dt.datetime, colon: bool = True) -> str:
    minutes = int(d.utcoffset().total_seconds() // 60)  # type: ignore[union-attr]
    sign = "-" if minutes < 0 else "+"
    h, m = divmod(abs(minutes), 60)
    return f"{sign}{h:02d}{':' if colon else ''}{m:02d}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _hour12(d: dt.datetime) -> str:
    return f"{(d.hour % 12) or 12}:{d.minute:02d} {'AM' if d.hour < 12 else 'PM'}"


# Each accepted way of writing a date, with the precision it keeps and its dayfirst setting.
FORMATS: dict[str, tuple[Callable[[dt.datetime], str], str, bool]] = {
    "iso": (lambda d: d.isoformat(), "microsecond", False),
    "iso-space": (lambda d: d.isoformat(sep=" ", timespec="seconds"), "second", False),
    "rfc2822": (lambda d: email.utils.format_datetime(d), "second", False),
    "month-first": (
        lambda d: f"{MONTHS[d.month - 1]} {d.day}, {d.year} {_hour12(d)} {_offset(d, False)}",
        "minute",
        False,
    ),
    "weekday-at": (
        lambda d: (
            f"{DAYS[d.weekday()]}, {d.day} {MONTHS[d.month - 1]} {d.year} at "
            f"{d:%H:%M:%S} {_offset(d)}"
        ),
        "second",
        False,
    ),
    "ordinal-abbrev": (
        lambda d: (
            f"{MONTHS[d.month - 1][:3]}. {_ordinal(d.day)}, {d.year} at {_hour12(d)} {_offset(d)}"
        ),
        "minute",
        False,
    ),
    "slashes-ymd": (lambda d: f"{d:%Y/%m/%d %H:%M:%S} {_offset(d)}", "second", True),
    "mdy": (lambda d: f"{d:%m/%d/%Y %H:%M} {_offset(d)}", "minute", False),
    "dmy-dots": (lambda d: f"{d:%d.%m.%Y %H:%M} {_offset(d)}", "minute", True),
    "dmy-dashes": (lambda d: f"{d:%d-%m-%Y %H:%M:%S}{_offset(d)}", "second", True),
}

aware = st.builds(
    lambda naive, minutes: naive.replace(tzinfo=dt.timezone(dt.timedelta(minutes=minutes))),
    st.datetimes(min_value=dt.datetime(1900, 1, 2), max_value=dt.datetime(9999, 12, 30)),
    st.integers(min_value=-14 * 60, max_value=14 * 60),
)


def _truncate(d: dt.datetime, precision: str) -> dt.datetime:
    if precision == "microsecond":
        return d
    d = d.replace(microsecond=0)
    return d if precision == "second" else d.replace(second=0)


@pytest.mark.parametrize("name", sorted(FORMATS))
@given(when=aware)
def test_every_format_round_trips(name: str, when: dt.datetime) -> None:
    write, precision, dayfirst = FORMATS[name]
    parsed = parse_date(write(when), dayfirst=dayfirst)
    assert parsed == _truncate(when, precision)
    assert parsed.utcoffset() == when.utcoffset()  # a date with a zone keeps its offset


@given(when=aware)
def test_dates_without_time_are_midnight_in_the_site_zone(when: dt.datetime) -> None:
    text = f"{when.day} {MONTHS[when.month - 1]} {when.year}"
    parsed = parse_date(text, timezone="Asia/Tokyo")
    assert (parsed.year, parsed.month, parsed.day, parsed.hour) == (
        when.year,
        when.month,
        when.day,
        0,
    )
    assert str(parsed.tzinfo) == "Asia/Tokyo"


@given(st.datetimes(min_value=dt.datetime(1970, 1, 1), max_value=dt.datetime(9999, 1, 1)))
def test_epoch_integers_round_trip(naive: dt.datetime) -> None:
    when = naive.replace(tzinfo=UTC, microsecond=0)
    assert parse_date(int(when.timestamp())) == when


@given(
    when=aware,
    number=st.integers(min_value=0, max_value=59),
    sep=st.sampled_from([". ", ": ", " — ", ", ", " ", "; "]),
)
def test_a_number_after_a_dateline_never_joins_it(when: dt.datetime, number: int, sep: str) -> None:
    text = f"{MONTHS[when.month - 1]} {when.day}, {when.year}{sep}{number} servers died."
    found = dateline(text)
    assert found is not None
    assert (found.year, found.month, found.day) == (when.year, when.month, when.day)
    assert (found.hour, found.minute) == (0, 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-20", "2024-05-20T00:00:00+00:00"),
        ("20240520T103000Z", "2024-05-20T10:30:00+00:00"),
        ("Mon, 20 May 2024", "2024-05-20T00:00:00+00:00"),
        ("20 Sept. 2024", "2024-09-20T00:00:00+00:00"),
        ("May 20th, 2024", "2024-05-20T00:00:00+00:00"),
        ("the 20th of May 2024", "2024-05-20T00:00:00+00:00"),
        ("May 20, 2024 10:30 PM GMT", "2024-05-20T22:30:00+00:00"),
        ("May 20, 2024 10 pm", "2024-05-20T22:00:00+00:00"),
        ("20 May 24 10:30 GMT", "2024-05-20T10:30:00+00:00"),  # RFC 822 two-digit year
        ("Sun, 19 May 2024 23:00:00 PDT", "2024-05-19T23:00:00-07:00"),
        ("2024-05-20T10:30:00 UTC", "2024-05-20T10:30:00+00:00"),
        ("12/31/2024", "2024-12-31T00:00:00+00:00"),
        ("31/12/2024", "2024-12-31T00:00:00+00:00"),
    ],
)
def test_parse_date_examples(text: str, expected: str) -> None:
    assert parse_date(text).isoformat() == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("May 20 2024 sometime", "sometime"),
        ("Feb 30, 2024", "impossible"),
        ("02/30/2024", "impossible"),
        ("May 2024", "incomplete"),
        ("2024-05", "not a date"),
        ("1899-12-31", "1899"),
        ("May 20, 10000", "not a date"),
        ("13/13/2024", "impossible"),
        ("May 20, 2024 25:00", "impossible"),
        ("May 20, 2024 13:00 PM", "PM"),
        ("soon", "not a date"),
        ("", "empty"),
        (True, "bool"),
        (12.5, "float"),
        ("1716163200", "not a date"),
        (-(10**12), "out of range"),
    ],
)
def test_parse_date_rejects(value: object, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_date(value)


def test_yaml_and_toml_values() -> None:
    assert parse_date(dt.date(2024, 5, 20), timezone="Europe/Berlin").isoformat() == (
        "2024-05-20T00:00:00+02:00"
    )
    assert parse_date(dt.datetime(2024, 5, 20, 10), timezone="UTC").isoformat() == (
        "2024-05-20T10:00:00+00:00"
    )
    fixed = dt.datetime(2024, 5, 20, 10, tzinfo=dt.timezone(dt.timedelta(hours=-3)))
    assert parse_date(fixed, timezone="Europe/Berlin") == fixed
    with pytest.raises(ValueError, match="time zone"):
        parse_date("2024-05-20", timezone="Nowhere/Special")


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("May 20, 2024. I'm sitting at my desk", "2024-05-20T00:00:00"),
        ("Monday, 20 May 2024 — a day", "2024-05-20T00:00:00"),
        ("2024-05-20: 3 servers died", "2024-05-20T00:00:00"),
        ("20 May 2024", "2024-05-20T00:00:00"),
        ("*May 20, 2024.* Text", "2024-05-20T00:00:00"),
        ("_May 20, 2024_ Text", "2024-05-20T00:00:00"),
        ("**May 20, 2024** Text", "2024-05-20T00:00:00"),
        ("Posted on 14 December 2024. Text", "2024-12-14T00:00:00"),
        ("Published 14 December 2024", "2024-12-14T00:00:00"),
        ("Written on May 1, 2024, in Paris", "2024-05-01T00:00:00"),
        ("Dated 2024-05-01 at 10:15, hello", "2024-05-01T10:15:00"),
        ("I wrote on May 20, 2024", None),
        ("Today, May 20, 2024", None),
        ("Posted by me on May 20, 2024", None),
        ("May the force be with you in 2024", None),
        ("20 people came in May 2024", None),
        ("May 2024 was busy", None),
    ],
)
def test_dateline(paragraph: str, expected: str | None) -> None:
    found = dateline(paragraph)
    assert (found.replace(tzinfo=None).isoformat() if found else None) == expected


def test_impossible_dateline_is_an_error() -> None:
    with pytest.raises(ValueError, match="impossible"):
        dateline("February 30, 2024. It never was.")


def test_date_from_path() -> None:
    assert date_from_path("2024-05-20-slug.md") == dt.datetime(2024, 5, 20, tzinfo=UTC)
    assert date_from_path("blog/2024/05/20/post.md") == dt.datetime(2024, 5, 20, tzinfo=UTC)
    assert date_from_path("blog/2024/05/post.md") is None
    assert date_from_path("notes/20240520-slug.md") is None
    with pytest.raises(ValueError):
        date_from_path("2024-13-01-bad.md")


@pytest.mark.parametrize(
    ("relpath", "expected"),
    [
        ("2024-02-03T10:00:00Z_slug.md", dt.datetime(2024, 2, 3, 10, tzinfo=UTC)),
        ("2024-02-03T10:00:00-05:30-slug.md",
         dt.datetime(2024, 2, 3, 10, tzinfo=dt.timezone(-dt.timedelta(hours=5, minutes=30)))),
        ("2024-02-03T10:00:00.5Z.md", dt.datetime(2024, 2, 3, 10, 0, 0, 500000, tzinfo=UTC)),
        ("2024-02-03T10:00:00Z_bundle/index.md", dt.datetime(2024, 2, 3, 10, tzinfo=UTC)),
        ("2021-01-23 -hello world.md", dt.datetime(2021, 1, 23, tzinfo=UTC)),
        ("2021-01-23 _hello.md", dt.datetime(2021, 1, 23, tzinfo=UTC)),
        # Not Zola's forms, not read: no offset, no separator, two spaces, lower-case t.
        ("2024-02-03T10:00:00_slug.md", None),
        ("2024-02-03T10:00_slug.md", None),
        ("2024-01-015.md", None),
        ("2024-01-01  -x.md", None),
        ("2024-02-03t10:00:00z_slug.md", None),
    ],
)  # fmt: skip
def test_date_from_zola_names(relpath: str, expected: dt.datetime | None) -> None:
    """Zola's dated names (page.rs's RFC3339_DATE, as its docs give them): an RFC 3339
    date-time with its offset, and one space allowed before the `-` or `_`."""
    assert date_from_path(relpath) == expected
