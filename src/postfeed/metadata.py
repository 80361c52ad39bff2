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
from typing import Any, NamedTuple

from postfeed._text import collapse_whitespace, xml_legal
from postfeed.dates import parse_date
from postfeed.links import normalise_id
from postfeed.render import plain_text
from postfeed.templates import strip_template_tags
from postfeed.titles import clean_title

TITLE_KEYS = ("title",)
# Hugo's own order first (date, publishDate, pubDate, published), then Astro's and others'.
DATE_KEYS = (
    "date", "publishdate", "pubdate", "published", "pub_date", "pubdatetime",
    "published_at", "publish_date", "created", "date_published",
)  # fmt: skip
DATE_KEY_NAMES = {"publishdate": "publishDate", "pubdate": "pubDate", "pubdatetime": "pubDatetime"}
UPDATED_KEYS = (
    "updated", "modified", "lastmod", "date_modified", "updateddate", "moddatetime",
    "updated_at", "last_modified",
)  # fmt: skip
TAG_KEYS = ("tags", "tag", "categories", "category", "keywords")
SUMMARY_KEYS = ("summary", "description", "excerpt")
# How each generator hides a post: Jekyll `published: false`, Pelican `status: draft`,
# Eleventy `eleventyExcludeFromCollections` and `permalink: false`, Hugo `headless` and
# `build`/`_build` options, Docusaurus and others `unlisted`.
DRAFT_KEYS = (
    "draft", "status", "published", "unlisted", "eleventyexcludefromcollections", "build",
    "_build", "headless", "permalink",
)  # fmt: skip
EXPIRY_KEYS = ("expirydate", "unpublishdate")  # Hugo's: gone from the site after it
# MkDocs Material's `date: {created: …, updated: …}` mapping.
_DATE_PARTS = {"date": "created", "updated": "updated"}
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
    # The site's own keys, tried first for a field: ((field, (key, …)), …), lower-cased.
    keys: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # Metadata from a header block: its title is Markdown-ish text, unquoted like a body's.
    header_block: bool = False


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
    expires: dt.datetime | None = None
    authors: tuple[Author, ...] = ()
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
    text = strip_template_tags(str(value))
    return clean_title(text, front_matter=not settings.header_block) or None


def _date(value: object, settings: Settings) -> dt.datetime:
    return parse_date(value, timezone=settings.timezone, dayfirst=settings.dayfirst)


def _date_part(value: object, field_name: str) -> object:
    """A date given as a mapping (MkDocs Material: ``date: {created: …, updated: …}``)
    gives the part that names this field; any other value is itself."""
    if isinstance(value, Mapping):
        part = _DATE_PARTS.get(field_name)
        lowered = {str(k).lower(): v for k, v in value.items()}
        return lowered.get(part) if part is not None else value
    return value


def _id(value: object) -> str | None:
    text = _text(value)
    try:
        return None if text is None else normalise_id(text)
    except ValueError as err:  # the id is left out (the link is the id), not the post
        raise Dropped(None, str(err)) from err


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


def _is_true(value: object) -> bool:
    return value is True or (
        isinstance(value, str | int)
        and not isinstance(value, bool)
        and str(value).strip().lower() in _TRUE
    )


def _is_false(value: object) -> bool:
    return value is False or (isinstance(value, str) and value.strip().lower() in _FALSE)


def _not_listed(build: object) -> bool:
    """Hugo's ``build``/``_build`` options: ``list: never`` (or ``false``) leaves the page
    out of every list and feed."""
    if not isinstance(build, Mapping):
        return False
    options = {str(k).lower(): v for k, v in build.items()}
    listed = options.get("list")
    return _is_false(listed) or (isinstance(listed, str) and listed.strip().lower() == "never")


def _is_draft(meta: Mapping[str, object]) -> bool:
    if _is_true(meta.get("draft")) or _is_true(meta.get("unlisted")):
        return True
    if _is_true(meta.get("eleventyexcludefromcollections")) or _is_true(meta.get("headless")):
        return True
    status = meta.get("status")
    if isinstance(status, str) and status.strip().lower() in ("draft", "hidden", "skip"):
        return True
    if _is_false(meta.get("published")) or meta.get("permalink") is False:
        return True
    return _not_listed(meta.get("build")) or _not_listed(meta.get("_build"))


class Dropped(ValueError):
    """A field's value had a bad part, left out: ``value`` is what is kept of it."""

    def __init__(self, value: object, reason: str) -> None:
        super().__init__(reason)
        self.value = value


# What feeds and their validators take for an e-mail address: one @, a dot in the domain,
# none of the characters that end one in RSS's "email (Name)" form.
_EMAIL = re.compile(r"[^@\s()<>\[\]\\,;:\"']+@[^@\s()<>\[\]\\,;:\"']+\.[^@\s()<>\[\]\\,;:\"'.]+")


def _checked(name: str | None, email: str | None) -> Author | None:
    """The author, or ``Dropped`` with the author without an e-mail that is not one."""
    if email is None or _EMAIL.fullmatch(email):
        return Author(name, email) if name or email else None
    raise Dropped(Author(name, None) if name else None, f"{email!r} is not an e-mail address")


def parse_author(value: object) -> Author | None:
    """An author from a string, ``Name <email>``, a mapping, or a list of those (first).

    ``Dropped`` (a ``ValueError``) when its e-mail address is not one: its ``value`` is the
    author without it (or ``None``)."""
    if isinstance(value, Author):
        return value
    if isinstance(value, list | tuple):
        for item in value:
            author = parse_author(item)
            if author is not None:
                return author
        return None
    if isinstance(value, Mapping):
        return _checked(_text(value.get("name")), _text(value.get("email")))
    text = _text(value)
    if text is None:
        return None
    match = _NAME_EMAIL.match(text)
    if match:
        return _checked(match.group("name") or None, match.group("email"))
    if _BARE_EMAIL.match(text):
        return Author(None, text.strip())
    return Author(text, None)


def parse_authors(value: object) -> tuple[Author, ...]:
    """Authors from one person or a list of them, in order, each once.

    ``Dropped`` when an e-mail address is not one: its ``value`` is every author, each
    bad address left out (the first such address is named)."""
    people: list[Author] = []
    items: Iterable[object] = [value]
    if isinstance(value, Iterable) and not isinstance(value, str | Mapping | Author):
        items = value
    dropped: Dropped | None = None
    for item in items:
        try:
            author = parse_author(item)
        except Dropped as err:
            dropped = dropped or err
            author = err.value if isinstance(err.value, Author) else None
        if author is not None and author not in people:
            people.append(author)
    if dropped is not None:
        raise Dropped(tuple(people), str(dropped))
    return tuple(people)


def _first(meta: Mapping[str, object], keys: tuple[str, ...]) -> tuple[str, object] | None:
    for key in keys:
        value = meta.get(key)
        if key == "published" and (
            isinstance(value, bool)
            or (isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE)
        ):
            continue  # `published: false` is the draft flag, not a date
        if key == "permalink" and isinstance(value, bool):
            continue  # Eleventy's `permalink: false` writes no page: a draft, not a link
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
    "authors": (AUTHOR_KEYS, lambda v, s: parse_authors(v)),
    "slug": (SLUG_KEYS, lambda v, s: _text(v)),
    "link": (LINK_KEYS, lambda v, s: _text(v)),
    "id": (ID_KEYS, lambda v, s: _id(v)),
    "image": (IMAGE_KEYS, lambda v, s: _image(v)),
}

KNOWN_KEYS = frozenset(
    key
    for keys in (
        *(k for k, _ in METADATA_PROCESSORS.values()),
        TAG_KEYS,
        DRAFT_KEYS,
        EXPIRY_KEYS,
    )
    for key in keys
)
HEADER_REQUIRED_KEYS = frozenset(TITLE_KEYS + DATE_KEYS)
# The fields a site may name its own keys for (SPEC §2): those of the table, and tags.
KEYS_FIELDS = ("title", "date", "updated", "summary", "tags", "author", "image")
# A field of ``keys`` by the name users write, where the table's name differs.
_TABLE_FIELD = {"author": "authors"}


class _Table(NamedTuple):
    processors: dict[str, tuple[tuple[str, ...], Processor]]
    field_of: dict[str, str]
    tag_keys: tuple[str, ...]


def _table_for(site_keys: tuple[tuple[str, tuple[str, ...]], ...]) -> _Table:
    processors = dict(METADATA_PROCESSORS)
    tag_keys: tuple[str, ...] = TAG_KEYS
    for given, keys in site_keys:
        name = _TABLE_FIELD.get(given, given)
        if name == "tags":
            tag_keys = (*keys, *(k for k in TAG_KEYS if k not in keys))
        elif name in processors:
            builtin, process = processors[name]
            processors[name] = ((*keys, *(k for k in builtin if k not in keys)), process)
    field_of = {key: name for name, (keys, _) in processors.items() for key in keys}
    return _Table(processors, field_of, tag_keys)


_DEFAULT_TABLE = _table_for(())
_TABLES: dict[tuple[tuple[str, tuple[str, ...]], ...], _Table] = {(): _DEFAULT_TABLE}


def check_keys(keys: Mapping[str, object] | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """A site's ``keys`` option ({field: [key, …]}) checked and made hashable;
    ``ValueError`` names a field that cannot be given keys or a key that is not a string."""
    if not keys:
        return ()
    if not isinstance(keys, Mapping):
        raise ValueError(f"keys must be a mapping of field to key names, not {keys!r}")
    allowed = [
        name
        for name in KEYS_FIELDS
        if _TABLE_FIELD.get(name, name) in METADATA_PROCESSORS or name == "tags"
    ]
    checked: list[tuple[str, tuple[str, ...]]] = []
    for name, value in keys.items():
        if name not in allowed:
            raise ValueError(f"keys: unknown field {name!r} (fields: {', '.join(allowed)})")
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list | tuple) or not all(
            isinstance(key, str) and key.strip() for key in names
        ):
            raise ValueError(f"keys: {name} must be a key name or a list of them, not {value!r}")
        checked.append((name, tuple(dict.fromkeys(key.strip().lower() for key in names))))
    return tuple(sorted(checked))


def _first_date(
    meta: Mapping[str, object], keys: tuple[str, ...], name: str
) -> tuple[str, object] | None:
    """The first date key present; a mapping value gives its ``created``/``updated`` part."""
    found = _first(meta, keys)
    if found is None or not isinstance(found[1], Mapping):
        return found
    part = _date_part(found[1], name)
    return None if part is None or part == "" else (f"{found[0]}.{_DATE_PARTS[name]}", part)


def normalise(meta: Mapping[str, object], settings: Settings) -> Metadata:
    """Normalise a mapping of lower-cased keys. ``ValueError`` for an invalid date.

    An invalid updated date, or one before the published date, is dropped with a warning
    in ``Metadata.warnings``.
    """
    table = _TABLES.get(settings.keys)
    if table is None:
        table = _TABLES[settings.keys] = _table_for(settings.keys)
    result = Metadata()
    # Only the fields whose keys are present are looked at (a post has a handful of keys).
    present = {table.field_of[key] for key in meta if key in table.field_of}
    if "date" in meta and isinstance(meta["date"], Mapping):
        present.add("updated")  # MkDocs Material's date.updated
    for name, (keys, process) in table.processors.items():
        if name not in present:
            continue
        if name == "date" or name == "updated":
            found = _first_date(meta, keys, name)
            if found is None and name == "updated" and isinstance(meta.get("date"), Mapping):
                found = _first_date(meta, ("date",), name)
        else:
            found = _first(meta, keys)
        if found is None:
            continue
        try:
            setattr(result, name, process(found[1], settings))
        except Dropped as err:  # a bad part of the field: the rest is kept
            setattr(result, name, err.value)
            result.warnings.append(f"{found[0]}: {err}; left out")
        except ValueError as err:
            if name != "updated":
                raise ValueError(f"{found[0]}: {err}") from err
            result.warnings.append(f"{found[0]}: {err}; ignored")
        if name == "date":
            result.date_text = str(found[1])
    if not meta.keys().isdisjoint(table.tag_keys):
        result.tags = normalise_tags(meta.get(key) for key in table.tag_keys)
    if not meta.keys().isdisjoint(DRAFT_KEYS):
        result.draft = _is_draft(meta)
    if not meta.keys().isdisjoint(EXPIRY_KEYS):
        found = _first(meta, EXPIRY_KEYS)
        if found is not None:
            try:
                result.expires = _date(found[1], settings)
            except ValueError as err:
                raise ValueError(f"{found[0]}: {err}") from err
    if result.updated is not None and result.date is not None and result.updated < result.date:
        result.warnings.append(
            f"updated date {result.updated.isoformat()} is before the published date "
            f"{result.date.isoformat()}; ignored"
        )
        result.updated = None
    return result
