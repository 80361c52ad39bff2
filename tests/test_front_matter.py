"""Front matter handlers (YAML, TOML via tomllib, JSON), header blocks and MDX exports."""

from __future__ import annotations

import datetime as dt
import tomllib

import pytest
import yaml

from postfeed.front_matter import read_front_matter, read_header_block, read_mdx_export
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


def test_yaml_values_are_pyyamls() -> None:
    text = (
        'title: "Hello: world"\ndate: 2024-05-20 10:30:00 +0200\ntags: [a, 1]\ndraft: no\n'
        "weight: 0x1F\nratio: .5\nempty:\nauthor:\n  name: B\nlist:\n  - x\n  - 2024-05-20\n"
    )
    found = read_front_matter(f"---\n{text}---\nbody")
    assert found is not None
    assert repr(found.metadata) == repr(yaml.safe_load(text))  # values, types and zones


def test_yaml_aliases_are_read_within_a_limit() -> None:
    found = read_front_matter("---\nbase: &b [x, y]\ntags: *b\n---\nbody")
    assert found is not None and found.metadata["tags"] == ["x", "y"]
    laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(5)
    )
    with pytest.raises(ValueError, match="aliases expand the front matter"):
        read_front_matter(f"---\n{laughs}---\nbody")


def test_toml_values_are_tomllibs() -> None:
    text = (
        'title = "Hello, world"\ndate = 2024-05-20T10:30:00+02:00\n'
        "tags = ['a', \"b\",]\ndraft = false\nweight = 3 # a comment\n"
        "publishdate = 2024-05-20\n[params]\nx = 1.5\n"
    )
    found = read_front_matter(f"+++\n{text}+++\nbody")
    assert found is not None and repr(found.metadata) == repr(tomllib.loads(text))


def test_front_matter_boundaries_are_python_frontmatters() -> None:
    # An opening line of three or more marks, closed by the next such line; text after
    # the marks on the same line is not a boundary.
    found = read_front_matter("\n-----\ntitle: A\n---  \nbody\n---\nmore")
    assert found is not None and found.metadata == {"title": "A"}
    assert found.body == "body\n---\nmore"
    assert read_front_matter("--- x\ntitle: A\n---\nbody") is None
    one_line = read_front_matter('{"title": "J"}\nbody')
    assert one_line is not None and one_line.format == "JSON" and one_line.body == "body"


# MDX exports


def test_literals_are_read_and_expressions_are_none() -> None:
    text = (
        "import a from 'a'\n\nexport const metadata = {\n"
        '  \'title\': "Say \\"hi\\"", n: 3, f: 1.5, ok: true, no: null,\n'
        "  list: [1, 'two', name], nested: { a: [{ b: 2 }] },\n"
        "  when: new Date('2024-05-20'), call: f(1, [2, 3]), sum: 'a' + 'b',\n"
        "  /* comment */ last: `tpl`, // trailing\n}\n\nBody.\n"
    )
    found = read_mdx_export(text)
    assert found is not None
    assert found.metadata == {
        "title": 'Say "hi"',
        "n": 3,
        "f": 1.5,
        "ok": True,
        "no": None,
        "list": [1, "two", None],
        "nested": {"a": [{"b": 2}]},
        "when": "2024-05-20",
        "call": None,
        "sum": None,
        "last": "tpl",
    }
    assert found.body == "import a from 'a'\n\n\nBody.\n"


@pytest.mark.parametrize(
    "text",
    [
        "Prose first.\n\nexport const meta = { title: 'x' }\n",
        "export const meta = { title: 'x'\n",  # never closed
        "export const meta = { title: 'x', list: [ } ] }\n",  # brackets that do not pair
        "export const meta = { ...base, title: 'x' }\n",  # a spread: not a literal
        "export const other = { title: 'x' }\n",
        "export default function Layout() {}\n",
    ],
)
def test_anything_else_is_not_metadata(text: str) -> None:
    assert read_mdx_export(text) is None


def test_keys_are_lower_cased_first_wins() -> None:
    found = read_mdx_export("export const meta = { Title: 'A', title: 'B', pubDate: '2024' }")
    assert found is not None and found.metadata == {"title": "A", "pubdate": "2024"}
