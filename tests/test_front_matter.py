"""Front matter handlers (YAML, TOML via tomllib, JSON) and header blocks."""

from __future__ import annotations

import datetime as dt
import tomllib

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from postfeed.front_matter import flat_toml, flat_yaml, read_front_matter
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
    # The first block takes any single-word keys (Pelican); a later one only known keys.
    assert _header("Note: call me\nTitle: A\n\nbody") == {"note": "call me", "title": "A"}
    assert _header("haiku\n\nNote: call me\nTitle: A\n\nbody") is None
    assert _header("Note: call me\nLang: en\n\nbody") is None  # no title or date key
    assert _header("Title: A\nSummary: one\n    two\n\nbody") == {
        "title": "A",
        "summary": "one two",
    }
    assert _header("Title: A\nnot a key line\n\nbody") is None
    assert _header("a\n\nb\n\nc\n\nTitle: too late") is None
    found = read_header_block(
        "haiku\n\nTitle: A\n\nbody", known=KNOWN_KEYS, required=HEADER_REQUIRED_KEYS
    )
    assert found is not None and found.body == "haiku\n\nbody"


_KEYS = st.sampled_from(
    ["title", "date", "tags", "Draft", "slug", "x_y", "a-b", "null", "yes", "1"]
)
_WORDS = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"),
    max_size=12,
)
_VALUES = st.one_of(
    _WORDS,
    _WORDS.map(lambda w: f'"{w}"'),
    _WORDS.map(lambda w: f"'{w}'"),
    st.lists(_WORDS, max_size=4).map(lambda ws: "[" + ", ".join(ws) + "]"),
    st.lists(_WORDS, max_size=3).map(lambda ws: "[" + ", ".join(f'"{w}"' for w in ws) + "]"),
    st.integers().map(str),
    st.floats(allow_nan=False).map(str),
    st.dates().map(str),
    st.datetimes().map(lambda d: d.isoformat(sep=" ")),
    st.sampled_from(["yes", "No", "on", "~", "null", "true", "0x1F", "1_000", "-", ": x", "#x"]),
    st.sampled_from(["NULL", "nULL", "Yes", "yES", "OFF", "<<", "=", "07", "-0", "+12", ".5"]),
    st.sampled_from(
        [
            "2024-05-20 10:30:00 +0200",
            "2024-05-20 10:30",
            "1:20",
            "190:20:30",
            "-.inf",
            ".NaN",
            "+1.5e+3",
            "1e5",
            "0b101",
            "0o17",
            "1.5:30",
            "12:3",
            "1_0.5",
            "0x_1",
            "-",
            "+",
            ".",
            "2024-5-20",
            "20.05.2024",
            "3.",
            "-0x1",
        ]
    ),
    st.integers(-99, 99).map(lambda n: f"{n:+d}"),
    st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()),
    st.datetimes().map(lambda d: d.strftime("%Y-%-m-%-d %-H:%M:%S")),
    st.tuples(st.dates(), st.sampled_from(["", "T1:02:03", " 01:02:03.5 Z", "t00:00:00 -7"])).map(
        lambda p: f"{p[0]}{p[1]}"
    ),
    st.from_regex(
        r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ][0-9]{1,2}:[0-9]{2}:[0-9]{2})?", fullmatch=True
    ),
)


@settings(max_examples=300)
@given(st.lists(st.tuples(_KEYS, _VALUES), max_size=6))
def test_flat_yaml_reads_exactly_what_pyyaml_reads(pairs: list[tuple[str, str]]) -> None:
    text = "\n".join(f"{key}: {value}" if value else f"{key}:" for key, value in pairs)
    fast = flat_yaml(text)
    try:
        full = yaml.safe_load(text)
    except Exception:
        assert fast is None  # what PyYAML refuses, the fast path never accepts
        return
    if fast is not None:
        assert repr(fast) == repr(full or {})  # the same values, types and time zones


def test_flat_yaml_toml_and_json_load_no_yaml_parser() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from postfeed.front_matter import read_front_matter\n"
        't = \'---\\ntitle: "A: b"\\ndate: 2024-05-20 10:30:00+02:00\\ntags: [a, 1]\\n'
        "draft: no\\nweight: -3\\nlastmod: 2024-05-20 10:30:00 +0200\\n---\\nbody'\n"
        "found = read_front_matter(t)\n"
        "assert found is not None and found.metadata['weight'] == -3, found\n"
        "assert read_front_matter('Title: A\\n\\nbody') is None\n"
        "assert read_front_matter('+++\\ntitle = \"T\"\\n+++\\nbody').format == 'TOML'\n"
        "assert read_front_matter('{\"title\": \"J\"}\\nbody').format == 'JSON'\n"
        "print(sorted(m for m in sys.modules if m.startswith(('yaml', 'frontmatter'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
    nested = read_front_matter("---\ntitle: A\nauthor:\n  name: B\n---\nbody")
    assert nested is not None and nested.metadata["author"] == {"name": "B"}  # PyYAML read it


def test_flat_yaml_takes_the_common_shapes() -> None:
    text = 'title: "Hello: world"\ndate: 2024-05-20 10:30:00\ntags: [a, b]\ndraft: false\n'
    assert flat_yaml(text) == yaml.safe_load(text)


@pytest.mark.parametrize("char", ["\x01", "\x0c", "\x1f", "\x7f", "\x85", "\x9f", "\u2028"])
def test_flat_yaml_declines_what_pyyaml_refuses_or_breaks_lines_at(char: str) -> None:
    assert flat_yaml(f"title: a{char}b") is None
    assert flat_yaml(f"title: é{char}b") is None


_TOML_KEYS = st.sampled_from(["title", "date", "tags", "draft", "a-b", "x_y", "1", "Title"])
_TOML_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n"), max_size=10
)
_TOML_VALUES = st.one_of(
    _TOML_TEXT.map(lambda w: f'"{w}"'),
    _TOML_TEXT.map(lambda w: f"'{w}'"),
    st.lists(_TOML_TEXT.map(lambda w: f'"{w}"'), max_size=3).map(lambda w: f"[{', '.join(w)}]"),
    st.lists(_TOML_TEXT.map(lambda w: f"'{w}'"), max_size=3).map(lambda w: f"[ {' ,'.join(w)} ,]"),
    st.integers().map(str),
    st.integers(-99, 99).map(lambda n: f"{n:+d}"),
    st.sampled_from(["true", "false", "True", "007", "1_000", "0x1F", "1.5", "inf", "07:32:00"]),
    st.sampled_from(["[1, 2]", "{a = 1}", '"""x"""', "", "[", '["a" "b"]', "[,]", '["a",,]']),
    st.dates().map(str),
    st.datetimes().map(lambda d: d.isoformat(sep=" ")),
    st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()),
    st.from_regex(
        r"[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?"
        r"([Zz]|[+-][0-9]{2}:[0-9]{2})?)?",
        fullmatch=True,
    ),
    _TOML_TEXT,
)


@settings(max_examples=300)
@given(st.lists(st.tuples(_TOML_KEYS, st.sampled_from([" = ", "=", "  =  "]), _TOML_VALUES)))
def test_flat_toml_reads_exactly_what_tomllib_reads(lines: list[tuple[str, str, str]]) -> None:
    text = "\n".join(f"{key}{equals}{value}" for key, equals, value in lines)
    fast = flat_toml(text)
    try:
        full = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        assert fast is None  # what tomllib refuses, the fast path never accepts
        return
    if fast is not None:
        assert repr(fast) == repr(full)  # the same values, types and time zones


def test_flat_toml_takes_the_common_shapes() -> None:
    text = (
        'title = "Hello, world"\ndate = 2024-05-20T10:30:00+02:00\n'
        "tags = ['a', \"b\",]\ndraft = false\nslug = 'hello'\nweight = 3\n"
        "publishDate = 2024-05-20\nlastmod = 2024-05-21 08:00:00Z\n"
    )
    fast = flat_toml(text)
    assert fast is not None and repr(fast) == repr(tomllib.loads(text))
