"""Slugs: the URL- and path-safe name of a post."""

from __future__ import annotations

import re
import unicodedata

MAX_SLUG = 80

_APOSTROPHES = re.compile("['\u2019]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """``New Year’s Eve`` → ``new-years-eve``; the result is ``[a-z0-9]`` words joined by ``-``.

    NFKD, apostrophes dropped, other non-ASCII dropped, lower case, every run of other
    characters turned into one ``-``, at most 80 characters cut at a ``-``. Nothing it
    returns can name a path outside a folder (no ``/``, no ``..``); it may return ``""``.
    """
    if not text.isascii():  # NFKD and dropping non-ASCII leave ASCII text as it is
        text = unicodedata.normalize("NFKD", text)
        text = _APOSTROPHES.sub("", text)
        text = text.encode("ascii", "ignore").decode("ascii")
    elif "'" in text:
        text = text.replace("'", "")
    text = text.lower()
    slug = _NON_ALNUM.sub("-", text).strip("-")
    if len(slug) > MAX_SLUG:
        cut = slug[:MAX_SLUG]
        if slug[MAX_SLUG] != "-" and "-" in cut:
            cut = cut[: cut.rindex("-")]
        slug = cut.strip("-")
    return slug


def tag_slug(tag: str) -> str:
    """The folder name of a tag's feeds: its slug, or a hash when nothing of it is ASCII."""
    import hashlib

    return slugify(tag) or "tag-" + hashlib.sha256(tag.encode("utf-8")).hexdigest()[:10]
