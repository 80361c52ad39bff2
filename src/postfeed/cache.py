"""The incremental cache: what each post's scan found, rendered HTML, and the last run.

One JSON-lines file, never inside the output folder (a web server may publish that):

1. a header: format, version, the key of the settings it was made with, and the state
   of the last run (what a no-change run compares: it reads this line only);
2. rendered HTML (and summaries), keyed by what they were made from;
3. one line per record: a post's path, the size and mtime_ns it was scanned at, and
   what the scan found. An unchanged record's line is written back as it was read.

A corrupt, truncated or foreign-version file is ignored (with a warning) and rebuilt;
a file made with other settings is simply rebuilt. Nothing in it is ever executed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import secrets
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from postfeed._version import __version__
from postfeed.dates import zone
from postfeed.discovery import Found
from postfeed.metadata import Author
from postfeed.runstate import FORMAT, VERSION, NotRegular, check_cache_path, read_cache_bytes
from postfeed.scan import (
    MAX_SUMMARY_CHARS,
    MAX_TAG_CHARS,
    MAX_TAGS,
    MAX_TITLE_CHARS,
    SCAN_REVISION,
    LoadOptions,
    Record,
)

logger = logging.getLogger("postfeed")
# Set on a log record for a warning about this run rather than about the posts (a damaged
# cache, rebuilt now): the report a run that finds nothing changed repeats leaves it out.
ONCE = "postfeed_once"
_ONCE = {ONCE: True}


def options_key(options: LoadOptions, suffixes: Collection[str]) -> str:
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
    workers, so a cold run's main process does not encode 10,000 records)."""
    return _ENCODE(_record_out(record)).encode("utf-8", "surrogateescape")


class Renders(dict[str, str]):
    """Rendered HTML by key; remembers which keys this run used, so the file stays small."""

    def __init__(self, items: dict[str, str], owner: Cache | None = None) -> None:
        super().__init__(items)
        self.used: set[str] = set()
        self.added = False
        self.owner = owner  # saved again after a feed rendered through it

    def get(self, key: str, default: Any = None) -> Any:
        if key in self:
            self.used.add(key)
        return super().get(key, default)

    def __setitem__(self, key: str, value: str) -> None:
        self.used.add(key)
        self.added = True
        super().__setitem__(key, value)


class Cache:
    """The cache file of one posts folder (and output folder), loaded and saved whole."""

    def __init__(self, path: str | os.PathLike[str], *, autosave: bool = False) -> None:
        self.path = Path(path)
        self.autosave = autosave  # saved by load_posts and Feed.write, not by its owner
        self.key = ""
        self.records: dict[str, Record] = {}
        self.renders = Renders({}, self)
        self.state: dict[str, Any] = {}
        self.files_digest = ""  # of the files the last load scanned
        self.dirty = False
        self._raw: dict[str, bytes] = {}  # each loaded record's line, written back as is
        self._loaded: dict[str, Record] = {}

    def load(self, key: str) -> None:
        """Read the file, keeping what was made with ``key``; warn when it is damaged."""
        self.key = key
        try:
            data = read_cache_bytes(self.path)
        except NotRegular:
            raise
        except NotADirectoryError:
            return  # no cache there (yet); when it cannot be written, saving says so
        except ValueError as err:
            logger.warning("%s: cache %s; rebuilding it", self.path, err, extra=_ONCE)
            return
        except OSError as err:
            logger.warning(
                "%s: cannot read the cache (%s); rebuilding it",
                self.path,
                err.strerror,
                extra=_ONCE,
            )
            return
        if data is None:
            return
        lines = data.split(b"\n")
        try:
            header = json.loads(lines[0])
            if not isinstance(header, dict) or header.get("format") != FORMAT:
                raise ValueError("not a postfeed cache")
            if header.get("version") != VERSION or header.get("postfeed") != __version__:
                logger.warning(
                    "%s: cache from another postfeed version; rebuilding it",
                    self.path,
                    extra=_ONCE,
                )
                return
            if header.get("key") != key:
                return  # other settings: start afresh, nothing is wrong
            renders = json.loads(lines[1])
            rows = [line for line in lines[2:] if line]
            parsed = json.loads(b"[" + b",".join(rows) + b"]")  # one parse, not one a line
            if len(parsed) != len(rows):
                raise ValueError("a record spans lines")
            records: dict[str, Record] = {}
            raw: dict[str, bytes] = {}
            for row, line in zip(parsed, rows, strict=True):
                record = record_from_row(row)
                records[record.relpath] = record
                raw[record.relpath] = line
            if not isinstance(renders, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in renders.items()
            ):
                raise ValueError("bad rendered HTML table")
        except (ValueError, TypeError, IndexError, KeyError, AttributeError) as err:
            logger.warning("%s: damaged cache (%s); rebuilding it", self.path, err, extra=_ONCE)
            return
        self.records = records
        self._raw = raw
        self._loaded = dict(records)
        self.renders = Renders(renders, self)
        self.state = header.get("state") or {}

    def get(self, found: Found) -> Record | None:
        """The record of a file that did not change since it was scanned."""
        record = self.records.get(found.relpath)
        if record is not None and record.size == found.size and record.mtime_ns == found.mtime_ns:
            return record
        return None

    def set_records(
        self, records: Sequence[Record], lines: Sequence[tuple[Record, bytes]] = ()
    ) -> None:
        """The records of exactly the files there are now; ``lines`` are new records
        already encoded (by ``record_line``)."""
        for record, line in lines:
            self._raw[record.relpath] = line
            self._loaded[record.relpath] = record
        if len(records) != len(self.records) or any(
            self.records.get(r.relpath) is not r for r in records
        ):
            self.records = {record.relpath: record for record in records}
            self.dirty = True

    def set_state(self, state: dict[str, Any]) -> None:
        if state != self.state:
            self.state = state
            self.dirty = True

    def save(self) -> None:
        """Write the cache atomically, when anything changed; a failure only warns."""
        if not (self.dirty or self.renders.added):
            return
        used = self.renders.used or self.renders.keys()
        # By key: bodies rendered on several processes come in in no fixed order, and the
        # file should not depend on it.
        renders = {key: self.renders[key] for key in sorted(used) if key in self.renders}
        lines = [
            json.dumps(self.header(), ensure_ascii=False).encode("utf-8", "surrogateescape"),
            json.dumps(renders, ensure_ascii=False).encode("utf-8", "surrogateescape"),
        ]
        lines.extend(self._line(relpath) for relpath in self.records)
        if write_cache_file(self.path, b"\n".join(lines) + b"\n"):
            self.dirty = self.renders.added = False

    def _line(self, relpath: str) -> bytes:
        record = self.records[relpath]
        if self._loaded.get(relpath) is record:
            return self._raw[relpath]  # unchanged: not encoded again
        return record_line(record)

    def header(self) -> dict[str, Any]:
        """The first line: format, versions, the settings' key, the last run's state."""
        return {
            "format": FORMAT,
            "version": VERSION,
            "postfeed": __version__,
            "key": self.key,
            "state": self.state,
        }


def _remove_stale_temps(path: Path) -> None:
    """Remove the temporary files of writers that were killed (their process is gone)."""
    prefix, suffix = f".{path.name}.", ".tmp"
    with contextlib.suppress(OSError), os.scandir(path.parent) as entries:
        for entry in entries:
            if not (entry.name.startswith(prefix) and entry.name.endswith(suffix)):
                continue
            pid = entry.name[len(prefix) : -len(suffix)].split("-")[0]
            if pid.isdigit() and not _alive(int(pid)):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process: alive
        return True
    return True


def write_cache_file(path: Path, data: bytes) -> bool:
    """Replace the cache file atomically; a failure only warns (``False``). What is not a
    regular file (a device, a FIFO, a symlink) is never replaced. The temporary file is
    named by process and at random: threads that share a cache never write one file."""
    temp = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(6)}.tmp")
    try:
        check_cache_path(path)
    except NotRegular as err:
        logger.warning("%s: not saved (%s)", path, err, extra=_ONCE)
        return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temp, "xb") as stream:
            stream.write(data)
        os.replace(temp, path)
        _remove_stale_temps(path)
        return True
    except OSError as err:
        with contextlib.suppress(OSError):
            temp.unlink()
        logger.warning("%s: cannot write the cache (%s)", path, err.strerror or err, extra=_ONCE)
        return False


def open_cache(
    cache: str | os.PathLike[str] | Cache, options: LoadOptions, suffixes: Collection[str]
) -> Cache:
    """A loaded ``Cache`` for these settings (a path, or a ``Cache`` not yet loaded)."""
    store = cache if isinstance(cache, Cache) else Cache(cache, autosave=True)
    check_cache_path(store.path)  # ValueError: a bad option
    store.load(options_key(options, suffixes))
    return store
