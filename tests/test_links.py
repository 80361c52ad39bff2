"""links.slugify: the URL- and path-safe name of a post."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from postfeed import slugify


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("New Year’s Eve", "new-years-eve"),
        ("../../etc/cron.d/evil", "etc-cron-d-evil"),
        ("Crème Brûlée", "creme-brulee"),
        ("  --Hello,  World!--  ", "hello-world"),
        ("日本語", ""),
        ("ﬁne ligature", "fine-ligature"),
        ("a" * 100, "a" * 80),
        ("word " * 20, "-".join(["word"] * 16)),
        ("abcd-" * 16 + "e", "-".join(["abcd"] * 16)),  # the cut lands on a "-"
    ],
)
def test_slugify_examples(text: str, slug: str) -> None:
    assert slugify(text) == slug


@given(st.text())
def test_slugify_output_is_safe(text: str) -> None:
    slug = slugify(text)
    assert slug == "" or re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)
    assert len(slug) <= 80
    assert ".." not in slug and "/" not in slug


@given(st.text())
def test_slugify_is_idempotent(text: str) -> None:
    assert slugify(slugify(text)) == slugify(text)
