"""clean_title, titles from bodies and file names."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from postfeed import clean_title
from postfeed.titles import title_from_body, title_from_stem

XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (" *Hi* ", "Hi"),
        ("**Bold** and _em_ and `code`", "Bold and em and code"),
        ("[text](https://x.org) ![alt](a.png)", "text alt"),
        ("snake_case_name stays", "snake_case_name stays"),
        ("5 * 3 * 2", "5 * 3 * 2"),
        ("<b>Bold</b> &amp; more", "Bold & more"),
        ("&lt;b&gt; is a tag", "<b> is a tag"),
        ("Caf\u0065\u0301", "Café"),  # NFC
        ("a\u00a0\t\n b", "a b"),
        ('"Wrapped"', "Wrapped"),
        ("“Curly”", "Curly"),
        ("‘Single’", "Single"),
        ("«Guillemets»", "Guillemets"),
        ("„German“", "German"),
        ("'It's'", "'It's'"),  # the inside holds the quote: kept
        ('"a" and "b"', '"a" and "b"'),
        ("FinOps, GraphQL and iOS", "FinOps, GraphQL and iOS"),
        ("bell\x07 ring\ufffe", "bell ring"),
        ("Using `<div>` well", "Using <div> well"),
        (r"Escaped \*stars\*", "Escaped *stars*"),
        ("***both***", "both"),
        ("Rc<Vec<T>> explained", "Rc<Vec<T>> explained"),  # no closed-list tag pair
        ("a <b> c", "a <b> c"),  # an opening tag without its close is text
        ("<div>boxed</div>", "<div>boxed</div>"),  # not a formatting tag
        ("<a href='x'><em>Nested</em></a> tags", "Nested tags"),
        ("We <del>never</del> <s>always</s> <strike>rarely</strike> ship", "We ship"),
        ("We ~~never~~ ship", "We ship"),
        ("<B>Upper</B> case tags", "Upper case tags"),
        ("<img src='logo.png' alt='Acme'> news", "Acme news"),  # an image keeps its alt
        ("<img src=x.png> news", "news"),
    ],
)
def test_clean_title_examples(raw: str, clean: str) -> None:
    assert clean_title(raw) == clean


def test_front_matter_titles_keep_their_quotes_and_backslashes() -> None:
    assert clean_title("“A letter about AMP”", front_matter=True) == "“A letter about AMP”"
    assert clean_title('"Quoted"', front_matter=True) == '"Quoted"'
    assert clean_title(r"Phoenixes \...", front_matter=True) == r"Phoenixes \..."
    assert clean_title(r"Phoenixes \...") == "Phoenixes ..."
    assert clean_title("*Hi* <em>there</em>", front_matter=True) == "Hi there"


@given(st.text())
def test_clean_title_output_is_xml_legal_and_trimmed(text: str) -> None:
    out = clean_title(text)
    assert not XML_ILLEGAL.search(out)
    assert out == out.strip()
    assert not re.search(r"\s\s", out)
    assert "\n" not in out and "\t" not in out


# Plain words hold no character that any cleaning step acts on; the markup around them
# is what cleaning removes. (Decoded entities are literal text by design — `&lt;b&gt;`
# becomes the text `<b>` — so a second pass over *that* would see a tag; this domain is
# every title whose cleaned text holds no markup character.)
_PLAIN = st.text(
    alphabet=st.characters(
        blacklist_characters="&<>*_`[]()\\!~\"'“”‘’«»„#=",
        blacklist_categories=("Cs",),
    ),
    min_size=1,
    max_size=12,
)
_WRAPPED = st.one_of(
    _PLAIN,
    _PLAIN.map(lambda w: f"*{w.strip() or 'x'}*"),
    _PLAIN.map(lambda w: f"**{w.strip() or 'x'}**"),
    _PLAIN.map(lambda w: f"`{w}`"),
    _PLAIN.map(lambda w: f"[{w}](https://example.com/)"),
    _PLAIN.map(lambda w: f"![{w}](a.png)"),
    _PLAIN.map(lambda w: f"<em>{w}</em>"),
    _PLAIN.map(lambda w: f'"{w}"'),
    st.sampled_from(["&amp; ", "\u00a0", "\t", "\n", "\x07", "\ud800", "e\u0301", " "]),
)


@given(st.lists(_WRAPPED, max_size=8).map(" ".join))
def test_clean_title_is_idempotent(text: str) -> None:
    once = clean_title(text)
    assert clean_title(once) == once


def test_title_from_stem() -> None:
    assert title_from_stem("it-ran-in-the-dark") == "It ran in the dark"
    assert title_from_stem("2024-05-20-it-ran-in-the-dark") == "It ran in the dark"
    assert title_from_stem("-it-ran-in-the-dark") == "It ran in the dark"
    assert title_from_stem("iOS_tips") == "IOS tips"
    assert title_from_stem("2024-05-20") == "2024-05-20"


def test_title_from_stem_as_jekyll_titleizes_it() -> None:
    assert title_from_stem("2024-05-20-it-ran-in-the-dark", jekyll=True) == "It Ran In The Dark"
    assert title_from_stem("snake_case-post", jekyll=True) == "Snake_case Post"  # only `-`
    assert title_from_stem("2024-05-20", jekyll=True) == "2024-05-20"


def test_title_from_body_sources() -> None:
    found = title_from_body("# Head\n\nbody")
    assert found is not None and found.title == "Head" and found.body == "body"
    found = title_from_body("Head\n====\n\nbody")
    assert found is not None and found.title == "Head" and found.body == "body"
    found = title_from_body("Alone\n\nbody")
    assert found is not None and found.title == "Alone" and found.body == "body"
    assert title_from_body("two\nlines\n\nbody") is None
    assert title_from_body("only one line") is None
    assert title_from_body("only one line\n") is None  # no blank line after it
    found = title_from_body("A title alone\n\n")
    assert found is not None and found.title == "A title alone" and found.body == ""
    assert title_from_body("May 20, 2024\n\nbody") is None
    assert title_from_body("x" * 151 + "\n\nbody") is None
    assert title_from_body("x" * 150 + "\n\nbody") is not None
