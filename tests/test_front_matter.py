"""Front matter handlers (YAML, TOML via tomllib, JSON) and header blocks."""

from __future__ import annotations

import datetime as dt

import pytest

from postfeed.front_matter import read_front_matter
from postfeed.header_block import read_header_block
from postfeed.metadata import HEADER_REQUIRED_KEYS, KNOWN_KEYS


def test_yaml() -> None:
    found = read_front_matter("---\nTitle: A\ndate: 2024-05-20\n---\nbody\n")
    assert found is not None
    assert found.metadata == {"title": "A", "date": dt.date(2024, 5, 20)}
    assert found.body == "body\n"
    assert found.format == "YAML"


def test_toml_uses_tomllib() -> None:
    found = read_front_matter('+++\ntitle = "A"\ndate = 2024-05-20T10:00:00Z\n+++\nbody')
    assert found is not None and found.format == "TOML"
    assert found.metadata["date"] == dt.datetime(2024, 5, 20, 10, tzinfo=dt.UTC)


def test_json() -> None:
    found = read_front_matter('{\n"Title": "A",\n"title": "B"\n}\nbody')
    assert found is not None and found.metadata == {"title": "A"}  # first key wins


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\ndate: 2023-02-30\n---\nx", "day is out of range"),  # PyYAML's ValueError
        ("---\n: : :\n  - [\n---\nx", "YAML front matter does not parse"),
        ("---\njust a string\n---\nx", "not a mapping"),
        ("+++\n= broken\n+++\nx", "TOML front matter does not parse"),
        ("{\n'single': quotes\n}\nx", "JSON front matter does not parse"),
    ],
)
def test_front_matter_errors(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        read_front_matter(text)


def test_no_front_matter() -> None:
    assert read_front_matter("# Title\n\nbody") is None
    assert read_front_matter("---\nunclosed: yes\nbody") is None


def _header(text: str) -> dict[str, object] | None:
    found = read_header_block(text, known=KNOWN_KEYS, required=HEADER_REQUIRED_KEYS)
    return None if found is None else found.metadata


def test_header_blocks() -> None:
    assert _header("Title: A\nTags: x, y\n\nbody") == {"title": "A", "tags": "x, y"}
    assert _header("Summary: we shipped.\n\nbody") is None  # no title or date key
    assert _header("Note: call me\nTitle: A\n\nbody") is None  # an unknown key
    assert _header("Title: A\nnot a key line\n\nbody") is None
    assert _header("a\n\nb\n\nc\n\nTitle: too late") is None
    found = read_header_block(
        "haiku\n\nTitle: A\n\nbody", known=KNOWN_KEYS, required=HEADER_REQUIRED_KEYS
    )
    assert found is not None and found.body == "haiku\n\nbody"
