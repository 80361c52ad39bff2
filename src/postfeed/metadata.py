"""Metadata normalisation: one table of field → keys and function (Pelican's way).

Every metadata source (front matter, a header block, the arguments of ``Post``) ends up as
a mapping of lower-cased keys to raw values. ``normalise`` looks each field's keys up in
order and runs the field's function on what it finds, giving typed, clean values.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from postfeed._text import collapse_whitespace, xml_legal
from postfeed.dates import parse_date
from postfeed.links import normalise_id
from postfeed.render import plain_text
from postfeed.templates import strip_template_tags
from postfeed.titles import clean_title

TITLE_KEYS = ("title",)
DATE_KEYS = ("date", "published", "pubdate", "pub_date", "created", "date_published")
UPDATED_KEYS = ("updated", "modified", "lastmod", "date_modified")
TAG_KEYS = ("tags", "tag", "categories", "category", "keywords")
SUMMARY_KEYS = ("summary", "description", "excerpt")
DRAFT_KEYS = ("draft", "status", "published")
AUTHOR_KEYS = ("author", "authors")
SLUG_KEYS = ("slug",)
LINK_KEYS = ("url", "permalink")
ID_KEYS = ("id",)
IMAGE_KEYS = (
    "image",
    "cover",
    "cover_image",
    "heroimage",
    "featured_image",
    "thumbnail",
    "banner",
)

_TRUE = {"true", "yes", "1", "on"}
_FALSE = {"false", "no", "0", "off"}
_NAME_EMAIL = re.compile(r"^\s*(?P<name>[^<>]*?)\s*<(?P<email>[^<>\s]+@[^<>\s]+)>\s*$")
_BARE_EMAIL = re.compile(r"^\s*[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+\s*$")


@dataclass(frozen=True)
class Author:
    """A post's or a site's author: a name, an e-mail address, or both."""

    name: str | None = None
    email: str | None = None

    def __post_init__(self) -> None:
        if not (self.name or self.email):
            raise ValueError("an author needs a name or an e-mail address")


@dataclass(frozen=True)
class Settings:
    """What normalising needs to know of the site."""

    timezone: str = "UTC"
    dayfirst: bool = False


@dataclass
class Metadata:
    """Normalised metadata; ``None`` means "not given, try the next source"."""

    title: str | None = None
    date: dt.datetime | None = None
    date_text: str | None = None
    updated: dt.datetime | None = None
    tags: tuple[str, ...] = ()
    summary: str | None = None
    draft: bool = False
    author: Author | None = None
    slug: str | None = None
    link: str | None = None
    id: str | None = None
    image: str | None = None
    warnings: list[str] = field(default_factory=list)


def _text(value: object) -> str | None:
    """A metadata value as one line of XML-legal text, or ``None`` when empty."""
    if value is None or isinstance(value, dict | list | tuple):
        return None
    text = str(value)
    if text.isprintable() and text[:1] != " " and text[-1:] != " " and "  " not in text:
        return text or None  # no control character, no whitespace but single spaces
    text = collapse_whitespace(xml_legal(text))
    return text or None


def _summary(value: object) -> str | None:
    """A summary or description as plain text (it may be written in Markdown or HTML)."""
    text = _text(value)
    return None if text is None else plain_text(text) or None


def _image(value: object) -> str | None:
    """The post's picture: a URL string, a mapping naming it (``src``, ``url``, or
    ``image`` as Hugo themes write ``cover: {image: …}``), or the first of a list."""
    if isinstance(value, list | tuple):
        return next((url for url in map(_image, value) if url), None)
    if isinstance(value, Mapping):
        lowered = {str(k).lower(): v for k, v in value.items()}
        return next((_image(lowered[k]) for k in ("src", "url", "image") if k in lowered), None)
    if not isinstance(value, str):
        return None  # `banner: true` and the like are a theme's switches, not pictures
    return _text(value.strip())


def _title(value: object, settings: Settings) -> str | None:
    if value is None or isinstance(value, dict | list | tuple):
        return None
    return clean_title(strip_template_tags(str(value))) or None


def _date(value: object, settings: Settings) -> dt.datetime:
    return parse_date(value, timezone=settings.timezone, dayfirst=settings.dayfirst)


def _id(value: object) -> str | None:
    text = _text(value)
    return None if text is None else normalise_id(text)


def _split_tags(value: object) -> Iterable[object]:
    if isinstance(value, str):
        return value.split(",")
    if isinstance(value, list | tuple | set | frozenset):
        return value
    return [] if value is None else [value]


def normalise_tags(values: Iterable[object]) -> tuple[str, ...]:
    """Trim, collapse whitespace and de-duplicate case-insensitively, keeping the first."""
    seen: set[str] = set()
    tags: list[str] = []
    for value in values:
        if value is None:
            continue
        for item in _split_tags(value):
            tag = _text(item)
            if tag and tag.casefold() not in seen:
                seen.add(tag.casefold())
                tags.append(tag)
    return tuple(tags)


def _is_draft(meta: Mapping[str, object]) -> bool:
    draft = meta.get("draft")
    if draft is True or (
        isinstance(draft, str | int)
        and not isinstance(draft, bool)
        and str(draft).strip().lower() in _TRUE
    ):
        return True
    status = meta.get("status")
    if isinstance(status, str) and status.strip().lower() == "draft":
        return True
    published = meta.get("published")
    return published is False or (
        isinstance(published, str) and published.strip().lower() in _FALSE
    )


def parse_author(value: object) -> Author | None:
    """An author from a string, ``Name <email>``, a mapping, or a list of those (first)."""
    if isinstance(value, Author):
        return value
    if isinstance(value, list | tuple):
        return next((a for a in map(parse_author, value) if a is not None), None)
    if isinstance(value, Mapping):
        name = _text(value.get("name"))
        email = _text(value.get("email"))
        return Author(name, email) if name or email else None
    text = _text(value)
    if text is None:
        return None
    match = _NAME_EMAIL.match(text)
    if match:
        return Author(match.group("name") or None, match.group("email"))
    if _BARE_EMAIL.match(text):
        return Author(None, text.strip())
    return Author(text, None)


def _first(meta: Mapping[str, object], keys: tuple[str, ...]) -> tuple[str, object] | None:
    for key in keys:
        value = meta.get(key)
        if key == "published" and (
            isinstance(value, bool)
            or (isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE)
        ):
            continue  # `published: false` is the draft flag, not a date
        if value is not None and value != "":
            return key, value
    return None


Processor = Callable[[Any, Settings], Any]

# field → (keys in order of precedence, function turning the raw value into the field)
METADATA_PROCESSORS: dict[str, tuple[tuple[str, ...], Processor]] = {
    "title": (TITLE_KEYS, _title),
    "date": (DATE_KEYS, _date),
    "updated": (UPDATED_KEYS, _date),
    "summary": (SUMMARY_KEYS, lambda v, s: _summary(v)),
    "author": (AUTHOR_KEYS, lambda v, s: parse_author(v)),
    "slug": (SLUG_KEYS, lambda v, s: _text(v)),
    "link": (LINK_KEYS, lambda v, s: _text(v)),
    "id": (ID_KEYS, lambda v, s: _id(v)),
    "image": (IMAGE_KEYS, lambda v, s: _image(v)),
}

KNOWN_KEYS = frozenset(
    key
    for keys in (*(k for k, _ in METADATA_PROCESSORS.values()), TAG_KEYS, DRAFT_KEYS)
    for key in keys
)
HEADER_REQUIRED_KEYS = frozenset(TITLE_KEYS + DATE_KEYS)
_FIELD_OF = {key: name for name, (keys, _) in METADATA_PROCESSORS.items() for key in keys}


def normalise(meta: Mapping[str, object], settings: Settings) -> Metadata:
    """Normalise a mapping of lower-cased keys. ``ValueError`` for an invalid date.

    An invalid updated date, or one before the published date, is dropped with a warning
    in ``Metadata.warnings``.
    """
    result = Metadata()
    # Only the fields whose keys are present are looked at (a post has a handful of keys).
    present = {_FIELD_OF[key] for key in meta if key in _FIELD_OF}
    for name, (keys, process) in METADATA_PROCESSORS.items():
        if name not in present:
            continue
        found = _first(meta, keys)
        if found is None:
            continue
        try:
            setattr(result, name, process(found[1], settings))
        except ValueError as err:
            if name != "updated":
                raise ValueError(f"{found[0]}: {err}") from err
            result.warnings.append(f"{found[0]}: {err}; ignored")
        if name == "date":
            result.date_text = str(found[1])
    if not meta.keys().isdisjoint(TAG_KEYS):
        result.tags = normalise_tags(meta.get(key) for key in TAG_KEYS)
    if not meta.keys().isdisjoint(DRAFT_KEYS):
        result.draft = _is_draft(meta)
    if result.updated is not None and result.date is not None and result.updated < result.date:
        result.warnings.append(
            f"updated date {result.updated.isoformat()} is before the published date "
            f"{result.date.isoformat()}; ignored"
        )
        result.updated = None
    return result
