"""Records: post files → ``Record`` objects, all a feed needs of a post but its body.

One file (``scan_file``): opened safely (never through a symlink swapped in after the
walk), decoded, its metadata split off (``front_matter``) and normalised (``metadata``),
its title, date, slug and link decided. Many files (``scan_all``): the cache's record
where a file did not change, a scan for the rest, on several processes with ``jobs``.

A record is small, plain and picklable: the parallel scan sends records between
processes, and the cache stores each as one JSON row (``record_line``,
``record_from_row``), so a post that did not change is never parsed again. The body is
read again, and rendered, only for the posts that reach a feed (``BodySource``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import functools
import hashlib
import json
import os
import stat
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from postfeed._text import blocks
from postfeed._version import __version__
from postfeed.dates import date_from_path, date_from_url, date_prefix, dateline, zone
from postfeed.discovery import Found, with_stat
from postfeed.errors import PostError
from postfeed.front_matter import read_front_matter, read_header_block, read_mdx_export
from postfeed.links import encode_url, has_scheme, link_path, slugify, under_site
from postfeed.metadata import (
    DATE_KEY_NAMES,
    DATE_KEYS,
    HEADER_REQUIRED_KEYS,
    KNOWN_KEYS,
    Author,
    Metadata,
    Settings,
    normalise,
)
from postfeed.parallel import map_parts
from postfeed.templates import fill_params
from postfeed.titles import title_from_body, title_from_stem

if TYPE_CHECKING:
    from postfeed.site import Site


# Bytes to text: UTF-8 (BOM removed), cp1252 as the fallback, newlines normalised

_BOM = "\ufeff"


class Decoded(NamedTuple):
    """The text of a post file, and a warning when it was not valid UTF-8."""

    text: str
    warning: str | None


def decode(data: bytes) -> Decoded:
    """Decode a post file's bytes; ``ValueError`` for a binary or empty file.

    Invalid UTF-8 is decoded as cp1252, where the bytes cp1252 leaves undefined become
    U+FFFD, and a warning says so. Newlines become ``\\n``.
    """
    if b"\x00" in data:
        raise ValueError("binary file (contains a NUL byte), skipped")
    warning = None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        text = data.decode("cp1252", errors="replace")
        warning = f"not valid UTF-8 (byte {err.start}), decoded as cp1252"
    text = text.removeprefix(_BOM)
    if "\r" in text:  # looked for first: replacing copies the whole text
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text or text.isspace():
        raise ValueError("empty file, skipped")
    return Decoded(text, warning)


DATELINE_PARAGRAPHS = 3

# Bumped when what a scan finds in a file changes, so that caches made before are rebuilt.
SCAN_REVISION = 1

# What one post may put in a feed: sizes, never a clock. Over one, the field is cut (or
# the tag left out) and a warning says so; the post is published.
MAX_TAGS = 100  # tags a post keeps, the first ones
MAX_TAG_CHARS = 100  # a longer tag is left out
MAX_TITLE_CHARS = 500  # a longer title is cut at a word, with "…"
MAX_SUMMARY_CHARS = 5000  # a longer summary is cut at a word, with "…"


def _limited(
    title: str, tags: tuple[str, ...], summary: str | None
) -> tuple[str, tuple[str, ...], str | None, list[str]]:
    """The fields within the limits above, and a warning for each limit hit."""
    from postfeed.render import shorten

    warnings = []
    if len(title) > MAX_TITLE_CHARS:
        warnings.append(f"title of {len(title):,} characters cut to {MAX_TITLE_CHARS}")
        title = shorten(title, MAX_TITLE_CHARS)
    long = [tag for tag in tags if len(tag) > MAX_TAG_CHARS]
    if long:
        warnings.append(
            f"{len(long)} tag(s) longer than {MAX_TAG_CHARS} characters left out"
            f" ({long[0][:20]!r}…)"
        )
        tags = tuple(tag for tag in tags if len(tag) <= MAX_TAG_CHARS)
    if len(tags) > MAX_TAGS:
        warnings.append(f"{len(tags):,} tags; the first {MAX_TAGS} kept")
        tags = tags[:MAX_TAGS]
    if summary is not None and len(summary) > MAX_SUMMARY_CHARS:
        warnings.append(f"summary of {len(summary):,} characters cut to {MAX_SUMMARY_CHARS}")
        summary = shorten(summary, MAX_SUMMARY_CHARS)
    return title, tags, summary, warnings


@dataclass(frozen=True)
class LoadOptions:
    """The settings of one load, checked once (and part of the cache's key)."""

    site_url: str | None
    link_pattern: str
    settings: Settings
    fallback_date: str | None
    extensions: tuple[str, ...]
    max_bytes: int = 10_000_000
    site: Site | None = None  # a site's permalink rule, in place of link_pattern


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
    authors: tuple[Author, ...] = ()
    summary: str | None = None
    draft: bool = False
    expires: dt.datetime | None = None  # Hugo's expiryDate: left out from then on
    image: str | None = None


class RawPost(NamedTuple):
    """A post file's text split: its metadata mapping, the body without it, and where the
    metadata came from (``front matter``, ``MDX export``, ``header block`` or ``""``)."""

    metadata: dict[str, object]
    body: str
    source: str = ""


def read_raw(text: str) -> RawPost:
    """Split decoded text into metadata (front matter, else an MDX export, else a header
    block) and body."""
    front = read_front_matter(text)
    if front is not None:
        return RawPost(front.metadata, front.body, "front matter")
    if "export" in text:
        exported = read_mdx_export(text)
        if exported is not None:
            return RawPost(exported.metadata, exported.body, "MDX export")
    header = read_header_block(text, known=KNOWN_KEYS, required=HEADER_REQUIRED_KEYS)
    if header is not None:
        return RawPost(header.metadata, header.body, "header block")
    return RawPost({}, text)


# Jekyll's posts folder: a post there without a title is titled as Jekyll titles it.
JEKYLL_POSTS = "/_posts/"
# Keys whose value is the post's own URL, which may carry its date (Zola's `path`).
URL_KEYS = ("url", "permalink", "path")


def file_stem(relpath: str) -> str:
    """The file name without suffix and ``YYYY-MM-DD-`` prefix; ``index`` stands for its folder."""
    parts = relpath.rsplit("/", 2)
    stem = os.path.splitext(parts[-1])[0]
    if stem.lower() == "index" and len(parts) > 1:
        stem = parts[-2]
    prefix = date_prefix(stem)
    return stem[prefix.end() :] or stem if prefix else stem


def _usable_link(link: str) -> bool:
    """An http(s) URL with a host (or, without a site URL, a path) that parses."""
    try:
        parts = urlsplit(link)
    except ValueError:
        return False
    if parts.scheme:
        return parts.scheme in ("http", "https") and bool(parts.hostname)
    return link.startswith("/") and not link.startswith("//")


def _path_placeholder(relpath: str) -> str:
    without = os.path.splitext(relpath)[0]
    folder, _, name = without.rpartition("/")
    return folder if name.lower() == "index" else without


def _find_date(
    meta: Metadata, raw: RawPost, found: Found, body: str, options: LoadOptions
) -> dt.datetime:
    if meta.date is not None:
        return meta.date
    settings = options.settings
    try:
        from_path = date_from_path(found.relpath, timezone=settings.timezone)
    except ValueError as err:
        raise ValueError(f"invalid date in the file's path: {err}") from err
    if from_path is not None:
        return from_path
    for key in URL_KEYS:
        url = raw.metadata.get(key)
        if isinstance(url, str):
            try:
                from_url = date_from_url(url, timezone=settings.timezone)
            except ValueError as err:
                raise ValueError(f"invalid date in {key} {url!r}: {err}") from err
            if from_url is not None:
                return from_url
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
    raise ValueError(f"no date: {_tried(raw, options.settings)}")


def _tried(raw: RawPost, settings: Settings) -> str:
    """What was looked at for a date, so the user can fix the post or add a ``keys`` entry."""
    rest = "no date in the path or its url, no dateline"
    if not raw.source:
        return f"no front matter or header block, {rest}; add a date"
    custom = next((keys for name, keys in settings.keys if name == "date"), ())
    keys = ", ".join(dict.fromkeys((*custom, *(DATE_KEY_NAMES.get(k, k) for k in DATE_KEYS))))
    return (
        f"no date key in {raw.source} (tried {keys}), {rest}; "
        "add a date, or name the site's date key in keys"
    )


# Eleventy's date words: the file's own times, from the file system.
FILE_DATES = frozenset({"last modified", "created"})
GIT_DATES = frozenset({"git last modified", "git created"})


def _file_dates(raw: RawPost, found: Found, settings: Settings) -> RawPost:
    """Eleventy's ``date: Last Modified`` and ``date: Created`` are the file's times (its
    modification time stands for both: creation times are not kept everywhere)."""
    word = " ".join(str(raw.metadata["date"]).lower().split())
    if word in GIT_DATES:
        raise ValueError(
            f"date: {raw.metadata['date']!r} is a date from git history, which postfeed does "
            "not read; write the date in the post"
        )
    if word not in FILE_DATES or found.mtime_ns < 0:
        return raw
    when = dt.datetime.fromtimestamp(found.mtime_ns / 1e9, tz=zone(settings.timezone))
    return raw._replace(metadata={**raw.metadata, "date": when})


@functools.lru_cache(maxsize=8)
def _header_settings(settings: Settings) -> Settings:
    return dataclasses.replace(settings, header_block=True)


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
    if isinstance(raw.metadata.get("date"), str):
        raw = _file_dates(raw, found, options.settings)
    settings = _header_settings(options.settings) if raw.source == "header block" else None
    meta = normalise(raw.metadata, settings or options.settings)
    relpath, body, title = found.relpath, raw.body, meta.title
    if title is None:
        from_body = title_from_body(
            body, timezone=options.settings.timezone, dayfirst=options.settings.dayfirst
        )
        if from_body is not None:
            title, body = from_body
    stem = file_stem(relpath)
    if title is None:
        title = title_from_stem(stem, jekyll=f"/{relpath}".rfind(JEKYLL_POSTS) >= 0)
    date = _find_date(meta, raw, found, body, options)
    slug = slugify(meta.slug or title) or slugify(stem) or "post"
    link = None
    site = options.site
    if site is not None and site.rule is not None:  # the generator's rule knows its keys
        found_link = site.link(relpath, metadata=raw.metadata, date=date, title=title)
        link = under_site(encode_url(found_link), options.site_url)
    elif meta.link is not None:
        link = under_site(encode_url(meta.link), options.site_url)
        if not _usable_link(link):  # a bad field is left out, never the feed
            meta.warnings.append(f"link {meta.link!r} is not a valid URL; the pattern's is used")
            link = None
    if link is None:
        path = link_path(
            options.link_pattern, path=_path_placeholder(relpath), slug=slug, stem=stem, date=date
        )
        link = under_site(path, options.site_url)
    post_id = meta.id
    if post_id is not None and has_scheme(post_id):
        from postfeed.validator import is_absolute_url  # what the feeds' check takes

        if not is_absolute_url(post_id):
            meta.warnings.append(f"id {post_id!r} is not a valid URI; the link is used")
            post_id = None
    title, tags, summary, over = _limited(title, meta.tags, meta.summary)
    record = Record(
        relpath=relpath,
        size=found.size,
        mtime_ns=found.mtime_ns,
        problem=None,
        warnings=(*warnings, *meta.warnings, *over),
        title=title,
        date=date,
        updated=meta.updated or date,
        link=link,
        id=post_id or link,
        slug=slug,
        tags=tags,
        authors=meta.authors,
        summary=summary,
        draft=meta.draft,
        expires=meta.expires,
        image=meta.image,
    )
    return record, fill_params(body, raw.metadata) if params else body


class Changed(OSError):
    """The file is no longer the one the walk found (now a symlink, moved, or swapped)."""


_PROC_FD = "/proc/self/fd"
_NOFOLLOW = os.O_RDONLY | os.O_CLOEXEC | os.O_NOFOLLOW | os.O_NONBLOCK


def open_found(found: Found) -> int:
    """Open the file the walk found, never following a symlink: its real path (inside the
    root, checked by the walk) with ``O_NOFOLLOW``, then the open file's own path (Linux's
    ``/proc/self/fd``) must still be that path — a folder on the way swapped for a symlink
    since the walk shows there. Elsewhere each folder is opened in turn with
    ``O_NOFOLLOW``. ``Changed`` when the file is not the one found; ``OSError`` when it is
    gone; a FIFO or device never blocks (``O_NONBLOCK``) and is refused."""
    try:
        fd = os.open(found.real, _NOFOLLOW) if _USE_PROC else _open_each(found.real)
    except OSError as err:
        if err.errno in (errno.ELOOP, errno.ENOTDIR):  # a symlink where the walk saw none
            raise Changed(f"{found.relpath} is now a symlink") from err
        raise
    if _USE_PROC:
        try:
            if os.readlink(f"{_PROC_FD}/{fd}") != found.real:
                raise Changed(f"{found.relpath} moved since the folder was walked")
        except BaseException:
            os.close(fd)
            raise
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise Changed(f"{found.relpath} is no longer a regular file")
    except BaseException:
        os.close(fd)
        raise
    return fd


def _open_each(real: str) -> int:
    """Open ``real`` one component at a time from ``/``, following no symlink."""
    parts = [part for part in real.split(os.sep) if part]
    folder = os.open(os.sep, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for part in parts[:-1]:
            inner = os.open(part, _NOFOLLOW | os.O_DIRECTORY, dir_fd=folder)
            os.close(folder)
            folder = inner
        return os.open(parts[-1], _NOFOLLOW, dir_fd=folder)
    finally:
        os.close(folder)


def _proc_usable() -> bool:
    try:
        fd = os.open(os.sep, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:  # pragma: no cover
        return False
    try:
        return os.readlink(f"{_PROC_FD}/{fd}") == os.sep
    except OSError:  # pragma: no cover - no /proc
        return False
    finally:
        os.close(fd)


_USE_PROC = _proc_usable()


def read_checked(found: Found, max_bytes: int) -> bytes:
    """The bytes of a file loaded before, read again only if it is the same file: opened
    as ``open_found`` does, and with the size and mtime the walk (or scan) saw.
    ``Changed`` otherwise; ``OSError`` when it is gone."""
    fd = open_found(found)
    try:
        info = os.fstat(fd)
        if found.size >= 0 and (info.st_size, info.st_mtime_ns) != (found.size, found.mtime_ns):
            raise Changed(f"{found.relpath} changed since it was read")
        if info.st_size > max_bytes:
            raise Changed(f"{found.relpath} is now over max_bytes")
        data = _read_fd(fd, info.st_size)
        if len(data) != info.st_size:
            raise Changed(f"{found.relpath} changed while it was read")
        return data
    finally:
        os.close(fd)


def _read_fd(fd: int, size: int) -> bytes:
    """The file's bytes: at most ``size`` + 1 (a file that grew since its ``fstat`` is
    read no further than that, and the caller sees the difference)."""
    chunks = []
    left = size + 1
    while left > 0 and (chunk := os.read(fd, min(left, 1 << 20))):
        chunks.append(chunk)
        left -= len(chunk)
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


_GONE = frozenset({errno.ENOENT, errno.ENOTDIR})


def _unknown(found: Found) -> Found:
    """The file without a size and mtime: its record never matches a file (never cached
    as that file's), for a problem that lasts only as long as a race."""
    return with_stat(found, -1, -1)


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
        fd = open_found(found)
        try:
            if found.size >= 0:  # what the walk saw: the file opened must be that one
                info = os.fstat(fd)
                if (info.st_size, info.st_mtime_ns) != (found.size, found.mtime_ns):
                    raise Changed(f"{found.relpath} changed since the folder was walked")
            found = _stat(found, fd)
            too_large = _too_large(found, options)
            if too_large is not None:
                return too_large
            data = _read_fd(fd, found.size)
        finally:
            os.close(fd)
        if len(data) != found.size:
            raise Changed(f"{found.relpath} changed while it was read")
        decoded = decode(data)
        if decoded.warning is not None:
            warnings = (decoded.warning,)
        return scan_text(decoded.text, found, options, warnings)[0]
    except Changed:
        problem = "changed since the folder was walked; skipped (the next run reads it)"
        found = _unknown(found)
    except OSError as err:
        # Gone since the walk (or its folder renamed away): a file that comes back with
        # the same size and mtime (its folder renamed back) must be read, not skipped.
        found = _unknown(found) if err.errno in _GONE else _stat(found)
        problem = f"cannot read: {err.strerror or err}"
    except ValueError as err:
        problem = str(err)
    except Exception as err:  # a bad post never stops a load
        problem = f"unexpected {type(err).__name__}: {err}"
    return Record(found.relpath, found.size, found.mtime_ns, " ".join(problem.split()), warnings)


@dataclass(frozen=True)
class BodySource:
    """Reads a loaded post's body again when its content is first needed, only from the
    file the scan read (``read_checked``): ``PostError`` when it changed or is gone."""

    found: Found
    options: LoadOptions
    _held: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def _read(self) -> bytes:
        try:
            data = read_checked(self.found, self.options.max_bytes)
        except Changed:
            raise PostError(self.found.relpath, "changed since it was loaded; skipped") from None
        except OSError as err:
            reason = f"cannot read: {err.strerror or err}; skipped"
            raise PostError(self.found.relpath, reason) from err
        self._held["fingerprint"] = hashlib.sha256(data).hexdigest()
        return data

    def __call__(self) -> str:
        try:
            text = decode(self._read()).text
            return scan_text(text, self.found, self.options, params=True)[1]
        except PostError:
            raise
        except ValueError as err:
            raise PostError(self.found.relpath, f"{err}; skipped") from err
        except Exception as err:  # as in scan_file: a bad post never stops the feeds
            reason = f"unexpected {type(err).__name__}: {err}; skipped"
            raise PostError(self.found.relpath, reason) from err

    def fingerprint(self) -> str:
        """A hash of the file's bytes: what its rendered HTML is cached under."""
        held = self._held.get("fingerprint")
        return held if held is not None else (self._read(), self._held["fingerprint"])[1]


# Many files: cached records where a file did not change, the rest scanned (on several
# processes when there are enough of them for it to pay)

# Below this many files to scan, starting processes costs more than it saves (see
# benchmarks/README.md).
PARALLEL_THRESHOLD = 1500


class _Scan:
    """Scan a part of the files; with a cache, also encode each record's cache line (in
    the workers, so the main process does not encode every record afterwards)."""

    def __init__(self, options: LoadOptions, encode: bool) -> None:
        self.options = options
        self.encode = encode

    def __call__(self, part: Sequence[Found]) -> list[tuple[Record, bytes | None]]:
        records = [scan_file(found, self.options) for found in part]
        if not self.encode:
            return [(record, None) for record in records]
        return [(record, record_line(record)) for record in records]


class Scanned(NamedTuple):
    """What ``scan_all`` found: the files (with the sizes and mtimes the scan took), one
    record each, and the cache lines of the records it made (when asked to encode)."""

    files: list[Found]
    records: list[Record]
    lines: list[tuple[Record, bytes]]


def scan_all(
    files: Sequence[Found],
    options: LoadOptions,
    *,
    known: Callable[[Found], Record | None] | None = None,
    encode: bool = False,
    jobs: int = 1,
    meanwhile: Callable[[], object] | None = None,
) -> Scanned:
    """One record per file, in the files' order: ``known(found)`` (the cache's record of
    a file that did not change) or a scan. With ``encode``, each new record's cache line
    is made too (in the workers of a parallel scan). ``meanwhile`` runs while the
    workers of a large scan work (a small scan has none, nor runs it)."""
    records: list[Record | None] = [None] * len(files)
    todo: list[int] = []
    for index, found in enumerate(files):
        cached = known(found) if known is not None else None
        if cached is None:
            todo.append(index)
        else:
            records[index] = cached
    pending = [files[i] for i in todo]
    if jobs > 1 and len(pending) >= PARALLEL_THRESHOLD:
        scanned = map_parts(_Scan(options, encode), pending, jobs=jobs, meanwhile=meanwhile)
    else:
        scanned = _Scan(options, encode=False)(pending)
    for index, (record, _) in zip(todo, scanned, strict=True):
        records[index] = record
    done = [record for record in records if record is not None]
    # The sizes and mtimes the scan took (a walk without stat left them unknown), or
    # made unknown (a file gone or swapped since the walk: the next run reads it again).
    files = [
        found
        if (found.size, found.mtime_ns) == (record.size, record.mtime_ns)
        else with_stat(found, record.size, record.mtime_ns)
        for found, record in zip(files, done, strict=True)
    ]
    lines = [(record, line) for record, line in scanned if line is not None]
    return Scanned(files, done, lines)


# A record as its row in the cache file (a JSON array on one line)


def records_key(options: LoadOptions, suffixes: Collection[str]) -> str:
    """What the records depend on: change any of it and they are scanned again."""
    parts = [
        __version__,
        options.site_url or "",
        options.link_pattern,
        options.settings.timezone,
        str(options.settings.dayfirst),
        repr(options.settings.keys),
        options.fallback_date or "",
        "|".join(options.extensions),
        "|".join(sorted(s.lower() for s in suffixes)),
        str(options.max_bytes),
        repr(options.site.rule) if options.site is not None else "",
        repr((SCAN_REVISION, MAX_TAGS, MAX_TAG_CHARS, MAX_TITLE_CHARS, MAX_SUMMARY_CHARS)),
    ]
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def _date_out(value: dt.datetime | None) -> list[Any] | None:
    if value is None:
        return None
    if isinstance(value.tzinfo, ZoneInfo):
        return [value.replace(tzinfo=None).isoformat(), value.tzinfo.key, value.fold]
    return [value.isoformat(), None, value.fold]


def _date_in(value: list[Any] | None) -> dt.datetime | None:
    if value is None:
        return None
    text, key, fold = value
    parsed = dt.datetime.fromisoformat(text)
    if key:
        return parsed.replace(tzinfo=zone(key), fold=fold)
    return parsed.replace(fold=fold) if fold else parsed


def _record_out(record: Record) -> list[Any]:
    authors = [[author.name, author.email] for author in record.authors]
    return [
        record.relpath,
        record.size,
        record.mtime_ns,
        record.problem,
        list(record.warnings),
        record.title,
        _date_out(record.date),
        None if record.updated == record.date else _date_out(record.updated),
        record.link,
        record.id,
        record.slug,
        list(record.tags),
        authors,
        record.summary,
        record.draft,
        _date_out(record.expires),
        record.image,
    ]


def record_from_row(row: list[Any]) -> Record:
    (relpath, size, mtime_ns, problem, warnings, title, date, updated, link, id_, slug, tags,
     authors, summary, draft, expires, image) = row  # fmt: skip
    published = _date_in(date)
    return Record(
        str(relpath),
        int(size),
        int(mtime_ns),
        problem,
        tuple(warnings),
        title,
        published,
        published if updated is None else _date_in(updated),
        link,
        id_,
        slug,
        tuple(tags),
        tuple(Author(name, email) for name, email in authors),
        summary,
        bool(draft),
        _date_in(expires),
        image,
    )


_ENCODE = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


def record_line(record: Record) -> bytes:
    """A record as its line in the cache file (the parallel scan makes these in the
    workers, so a cold run's main process does not encode every record)."""
    return _ENCODE(_record_out(record)).encode("utf-8", "surrogateescape")
