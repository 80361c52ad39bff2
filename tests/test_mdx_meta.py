"""MDX metadata exported as a JavaScript object literal."""

from __future__ import annotations

import pytest

from postfeed.mdx_meta import read_mdx_export


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
