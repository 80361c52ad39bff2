"""``load_posts``: files → raw posts → normalised ``Post`` objects, newest first."""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from postfeed._text import blocks
from postfeed.dates import date_from_path, date_prefix, dateline, zone
from postfeed.decoding import decode
from postfeed.discovery import DEFAULT_SUFFIXES, Found, find_posts
from postfeed.errors import PostError
from postfeed.front_matter import read_front_matter
from postfeed.header_block import read_header_block
from postfeed.links import (
    DEFAULT_LINK_PATTERN,
    check_pattern,
    encode_url,
    is_absolute_http,
    link_path,
    under_site,
)
from postfeed.metadata import HEADER_REQUIRED_KEYS, KNOWN_KEYS, Metadata, Settings, normalise
from postfeed.post import Post
from postfeed.render import DEFAULT_EXTENSIONS
from postfeed.slugs import slugify
from postfeed.titles import title_from_body, title_from_stem

logger = logging.getLogger("postfeed")

DATELINE_PARAGRAPHS = 3
FALLBACK_DATES = (None, "mtime")


class RawPost(NamedTuple):
    """A post file read and split: its metadata mapping and the body without it."""

    metadata: dict[str, object]
    body: str


@dataclass(frozen=True)
class LoadOptions:
    """The settings of one load, checked once."""

    site_url: str | None
    link_pattern: str
    settings: Settings
    fallback_date: str | None
    include_drafts: bool
    include_future: bool
    extensions: tuple[str, ...]
    now: dt.datetime


class _Skip(Exception):
    """This post is left out (a draft, or scheduled): not a problem, no warning."""


def read_raw(text: str) -> RawPost:
    """Split decoded text into metadata (front matter, else a header block) and body."""
    front = read_front_matter(text)
    if front is not None:
        return RawPost(front.metadata, front.body)
    header = read_header_block(text, known=KNOWN_KEYS, required=HEADER_REQUIRED_KEYS)
    if header is not None:
        return RawPost(header.metadata, header.body)
    return RawPost({}, text)


def _stem(relpath: str) -> str:
    """The file name without suffix and ``YYYY-MM-DD-`` prefix; ``index`` stands for its folder."""
    parts = relpath.rsplit("/", 2)
    stem = os.path.splitext(parts[-1])[0]
    if stem.lower() == "index" and len(parts) > 1:
        stem = parts[-2]
    prefix = date_prefix(stem)
    return stem[prefix.end() :] or stem if prefix else stem


def _path_placeholder(relpath: str) -> str:
    without = os.path.splitext(relpath)[0]
    folder, _, name = without.rpartition("/")
    return folder if name.lower() == "index" else without


def _find_date(
    meta: Metadata, relpath: str, body: str, found: Found, options: LoadOptions
) -> dt.datetime:
    if meta.date is not None:
        return meta.date
    settings = options.settings
    try:
        from_path = date_from_path(relpath, timezone=settings.timezone)
    except ValueError as err:
        raise ValueError(f"invalid date in the file's path: {err}") from err
    if from_path is not None:
        return from_path
    text = body
    for start, end in blocks(text, limit=DATELINE_PARAGRAPHS):
        try:
            found_date = dateline(
                text[start:end], timezone=settings.timezone, dayfirst=settings.dayfirst
            )
        except ValueError as err:
            raise ValueError(f"invalid dateline: {err}") from err
        if found_date is not None:
            return found_date
    if options.fallback_date == "mtime":
        mtime = found.path.stat().st_mtime
        return dt.datetime.fromtimestamp(mtime, tz=zone(settings.timezone))
    raise ValueError("no date (no date metadata, no date in the file name, no dateline)")


def normalise_post(raw: RawPost, found: Found, options: LoadOptions) -> tuple[Post, list[str]]:
    """Turn a raw post into a ``Post``; returns it with the warnings it raised.

    Raises ``ValueError`` for a post to skip with a warning, ``_Skip`` for a draft or a
    scheduled post.
    """
    meta = normalise(raw.metadata, options.settings)
    if meta.draft and not options.include_drafts:
        raise _Skip("draft")
    relpath = found.relpath
    body = raw.body
    title = meta.title
    if title is None:
        from_body = title_from_body(
            body, timezone=options.settings.timezone, dayfirst=options.settings.dayfirst
        )
        if from_body is not None:
            title, body = from_body
    stem = _stem(relpath)
    if title is None:
        title = title_from_stem(stem)
    date = _find_date(meta, relpath, body, found, options)
    if date > options.now and not options.include_future:
        raise _Skip("scheduled for " + date.isoformat())
    slug = slugify(meta.slug or title) or slugify(stem) or "post"
    if meta.link is not None:
        link = under_site(encode_url(meta.link), options.site_url)
    else:
        path = link_path(
            options.link_pattern,
            path=_path_placeholder(relpath),
            slug=slug,
            stem=stem,
            date=date,
        )
        link = under_site(path, options.site_url)
    post = Post._create(
        title=title,
        date=date,
        updated=meta.updated or date,
        link=link,
        id=meta.id or link,
        slug=slug,
        tags=meta.tags,
        author=meta.author,
        path=found.path,
        content=body,
        _given_html=None,
        _given_summary=meta.summary,
        _extensions=options.extensions,
    )
    return post, meta.warnings


def _check_options(
    site_url: str | None, link_pattern: str, timezone: str, fallback_date: str | None
) -> None:
    if site_url is not None and not is_absolute_http(site_url):
        raise ValueError(f"site_url must be an absolute http(s) URL, not {site_url!r}")
    check_pattern(link_pattern)
    zone(timezone)
    if fallback_date not in FALLBACK_DATES:
        raise ValueError(f"fallback_date must be None or 'mtime', not {fallback_date!r}")


def load_posts(
    root: str | os.PathLike[str],
    *,
    site_url: str | None = None,
    link_pattern: str = DEFAULT_LINK_PATTERN,
    timezone: str = "UTC",
    dayfirst: bool = False,
    fallback_date: str | None = None,
    include_drafts: bool = False,
    include_future: bool = False,
    strict: bool = False,
    suffixes: Collection[str] = DEFAULT_SUFFIXES,
    markdown_extensions: Sequence[str] = DEFAULT_EXTENSIONS,
) -> list[Post]:
    """Load every post under ``root``: newest first, equal dates ordered by path.

    A post that cannot be loaded is skipped and one warning ``path: reason`` is logged on
    the ``postfeed`` logger; with ``strict=True`` the first problem raises ``PostError``
    instead. Drafts and posts dated in the future are left out unless asked for. Of two
    posts with the same id or link, the second in path order is skipped with a warning.
    Raises ``PostError`` for a root that is missing or cannot be read, and ``ValueError``
    for a bad option.
    """
    _check_options(site_url, link_pattern, timezone, fallback_date)
    options = LoadOptions(
        site_url=site_url,
        link_pattern=link_pattern,
        settings=Settings(timezone=timezone, dayfirst=dayfirst),
        fallback_date=fallback_date,
        include_drafts=include_drafts,
        include_future=include_future,
        extensions=tuple(markdown_extensions),
        now=dt.datetime.now(dt.UTC),
    )

    def warn(relpath: str, reason: str) -> None:
        if strict:
            raise PostError(relpath, reason)
        logger.warning("%s: %s", relpath, reason)

    problems: list[tuple[str, str]] = []
    try:
        files = find_posts(root, suffixes, problems)
    except OSError as err:
        raise PostError(
            os.fspath(root), f"cannot read the posts folder: {err.strerror or err}"
        ) from err
    for relpath, reason in problems:
        warn(relpath, reason)

    posts: list[Post] = []
    by_id: dict[str, str] = {}
    by_link: dict[str, str] = {}
    for found in files:
        try:
            decoded = decode(found.path.read_bytes())
            if decoded.warning:
                warn(found.relpath, decoded.warning)
            post, warnings = normalise_post(read_raw(decoded.text), found, options)
        except _Skip as skip:
            logger.debug("%s: left out (%s)", found.relpath, skip)
            continue
        except OSError as err:
            warn(found.relpath, f"cannot read: {err.strerror or err}")
            continue
        except ValueError as err:
            warn(found.relpath, str(err))
            continue
        except Exception as err:  # a bad post never stops a load
            warn(found.relpath, f"unexpected {type(err).__name__}: {err}")
            continue
        for warning in warnings:
            warn(found.relpath, warning)
        clash = by_link.get(post.link) or by_id.get(post.id)
        if clash is not None:
            what = "link" if post.link in by_link else "id"
            warn(found.relpath, f"same {what} as {clash}; skipped")
            continue
        by_id[post.id] = by_link[post.link] = found.relpath
        posts.append(post)
    return sort_posts(posts)


def sort_posts(posts: Sequence[Post]) -> list[Post]:
    """Newest first; equal dates by path, so the order is total and stable."""
    by_path = sorted(posts, key=lambda p: (str(p.path or ""), p.id))
    return sorted(by_path, key=lambda p: p.date, reverse=True)
