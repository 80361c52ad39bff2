"""Scanning: one post file → one ``Record``, all a feed needs of it but the body.

A record is small, plain and picklable: the parallel scan sends records between
processes and the cache stores them, so a post that did not change is never parsed
again. The body is read again, and rendered, only for the posts that reach a feed.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from postfeed._text import blocks
from postfeed.dates import date_from_path, date_prefix, dateline, zone
from postfeed.decoding import decode
from postfeed.discovery import Found, with_stat
from postfeed.front_matter import read_front_matter
from postfeed.header_block import read_header_block
from postfeed.links import encode_url, link_path, under_site
from postfeed.metadata import (
    HEADER_REQUIRED_KEYS,
    KNOWN_KEYS,
    Author,
    Metadata,
    Settings,
    normalise,
)
from postfeed.slugs import slugify
from postfeed.templates import fill_params
from postfeed.titles import title_from_body, title_from_stem

DATELINE_PARAGRAPHS = 3


@dataclass(frozen=True)
class LoadOptions:
    """The settings of one load, checked once (and part of the cache's key)."""

    site_url: str | None
    link_pattern: str
    settings: Settings
    fallback_date: str | None
    extensions: tuple[str, ...]
    max_bytes: int = 10_000_000


class Record(NamedTuple):
    """What a scan found in one post file.

    ``problem`` set means the post is skipped with that warning; ``warnings`` are warned
    about but keep the post. A draft is kept in the record and left out when loading.
    """

    relpath: str
    size: int
    mtime_ns: int
    problem: str | None
    warnings: tuple[str, ...] = ()
    title: str = ""
    date: dt.datetime | None = None
    updated: dt.datetime | None = None
    link: str = ""
    id: str = ""
    slug: str = ""
    tags: tuple[str, ...] = ()
    author: Author | None = None
    summary: str | None = None
    draft: bool = False
    image: str | None = None


class RawPost(NamedTuple):
    """A post file's text split: its metadata mapping and the body without it."""

    metadata: dict[str, object]
    body: str


def read_raw(text: str) -> RawPost:
    """Split decoded text into metadata (front matter, else a header block) and body."""
    front = read_front_matter(text)
    if front is not None:
        return RawPost(front.metadata, front.body)
    header = read_header_block(text, known=KNOWN_KEYS, required=HEADER_REQUIRED_KEYS)
    if header is not None:
        return RawPost(header.metadata, header.body)
    return RawPost({}, text)


def file_stem(relpath: str) -> str:
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


def _find_date(meta: Metadata, found: Found, body: str, options: LoadOptions) -> dt.datetime:
    if meta.date is not None:
        return meta.date
    settings = options.settings
    try:
        from_path = date_from_path(found.relpath, timezone=settings.timezone)
    except ValueError as err:
        raise ValueError(f"invalid date in the file's path: {err}") from err
    if from_path is not None:
        return from_path
    for start, end in blocks(body, limit=DATELINE_PARAGRAPHS):
        try:
            found_date = dateline(
                body[start:end], timezone=settings.timezone, dayfirst=settings.dayfirst
            )
        except ValueError as err:
            raise ValueError(f"invalid dateline: {err}") from err
        if found_date is not None:
            return found_date
    if options.fallback_date == "mtime":
        return dt.datetime.fromtimestamp(found.mtime_ns / 1e9, tz=zone(settings.timezone))
    raise ValueError("no date (no date metadata, no date in the file name, no dateline)")


def scan_text(
    text: str,
    found: Found,
    options: LoadOptions,
    warnings: Sequence[str] = (),
    *,
    params: bool = False,
) -> tuple[Record, str]:
    """Normalise one post's text: its record, and its body (metadata and title removed;
    with ``params``, Hugo's ``param`` shortcodes filled from the front matter).

    Raises ``ValueError`` for a post to skip with a warning.
    """
    raw = read_raw(text)
    meta = normalise(raw.metadata, options.settings)
    relpath, body, title = found.relpath, raw.body, meta.title
    if title is None:
        from_body = title_from_body(
            body, timezone=options.settings.timezone, dayfirst=options.settings.dayfirst
        )
        if from_body is not None:
            title, body = from_body
    stem = file_stem(relpath)
    if title is None:
        title = title_from_stem(stem)
    date = _find_date(meta, found, body, options)
    slug = slugify(meta.slug or title) or slugify(stem) or "post"
    if meta.link is not None:
        link = under_site(encode_url(meta.link), options.site_url)
    else:
        path = link_path(
            options.link_pattern, path=_path_placeholder(relpath), slug=slug, stem=stem, date=date
        )
        link = under_site(path, options.site_url)
    record = Record(
        relpath=relpath,
        size=found.size,
        mtime_ns=found.mtime_ns,
        problem=None,
        warnings=(*warnings, *meta.warnings),
        title=title,
        date=date,
        updated=meta.updated or date,
        link=link,
        id=meta.id or link,
        slug=slug,
        tags=meta.tags,
        author=meta.author,
        summary=meta.summary,
        draft=meta.draft,
        image=meta.image,
    )
    return record, fill_params(body, raw.metadata) if params else body


def read_bytes(found: Found) -> bytes:
    """The whole file, with plain system calls (half the time of ``open().read()``, which
    matters 10,000 times over); a file that grew since it was stat'ed is read whole."""
    fd = os.open(found.path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        return _read_fd(fd, found.size)
    finally:
        os.close(fd)


def _read_fd(fd: int, size: int) -> bytes:
    chunks = []
    want = size + 1 if size >= 0 else 1 << 16
    while chunk := os.read(fd, want):
        chunks.append(chunk)
        want = 1 << 16
    return b"".join(chunks)


def _stat(found: Found, fd: int | None = None) -> Found:
    """The file with its size and mtime, when the walk did not take them."""
    if found.size >= 0:
        return found
    try:
        info = os.stat(found.path) if fd is None else os.fstat(fd)
    except OSError:
        return found
    return with_stat(found, info.st_size, info.st_mtime_ns)


def _too_large(found: Found, options: LoadOptions) -> Record | None:
    if found.size <= options.max_bytes:
        return None
    problem = f"{found.size:,} bytes is more than max_bytes ({options.max_bytes:,}); skipped"
    return Record(found.relpath, found.size, found.mtime_ns, problem)


def scan_file(found: Found, options: LoadOptions) -> Record:
    """Scan one file; every problem ends up in the record, nothing is raised. A file
    found without its size and mtime (``find_posts(stat=False)``) gets them here."""
    warnings: tuple[str, ...] = ()
    try:
        too_large = _too_large(found, options)  # never read, not even in part
        if too_large is not None:
            return too_large
        fd = os.open(found.path, os.O_RDONLY | os.O_CLOEXEC)
        try:
            found = _stat(found, fd)
            too_large = _too_large(found, options)
            if too_large is not None:
                return too_large
            decoded = decode(_read_fd(fd, found.size))
        finally:
            os.close(fd)
        if decoded.warning is not None:
            warnings = (decoded.warning,)
        return scan_text(decoded.text, found, options, warnings)[0]
    except OSError as err:
        found = _stat(found)
        problem = f"cannot read: {err.strerror or err}"
    except ValueError as err:
        problem = str(err)
    except Exception as err:  # a bad post never stops a load
        problem = f"unexpected {type(err).__name__}: {err}"
    return Record(found.relpath, found.size, found.mtime_ns, " ".join(problem.split()), warnings)


@dataclass(frozen=True)
class BodySource:
    """Reads a loaded post's body again when its content is first needed."""

    found: Found
    options: LoadOptions

    def __call__(self) -> str:
        text = decode(read_bytes(self.found)).text
        return scan_text(text, self.found, self.options, params=True)[1]

    def fingerprint(self) -> str:
        """A hash of the file's bytes: what its rendered HTML is cached under."""
        import hashlib

        return hashlib.sha256(read_bytes(self.found)).hexdigest()
