"""The record cache: what each post's scan found, rendered HTML, and the last run.

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
import errno
import hashlib
import json
import logging
import os
import secrets
import stat
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from postfeed._version import __version__

if TYPE_CHECKING:
    from postfeed.discovery import Found
    from postfeed.records import LoadOptions, Record

FORMAT = "postfeed-cache"
VERSION = 4  # 4: a record holds a list of authors, an expiry date and the image

logger = logging.getLogger("postfeed")
# Set on a log record for a warning about this run rather than about the posts (a damaged
# cache, rebuilt now): the report a run that finds nothing changed repeats leaves it out.
ONCE = "postfeed_once"
_ONCE = {ONCE: True}


def files_digest(files: Iterable[Found]) -> str:
    """One hash of every post file's path, size and mtime: equal means nothing changed."""
    text = "".join(f"{found.relpath}\0{found.size}\0{found.mtime_ns}\n" for found in files)
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


# A cache file larger than this is not read (a 10,000-post cache is a few megabytes); it
# is rebuilt. Its first line alone is read for a no-change run.
MAX_CACHE_BYTES = 256 * 2**20


class NotRegular(ValueError):
    """The cache path names something other than a regular file: never read or replaced."""


def check_cache_path(path: str | os.PathLike[str]) -> None:
    """``NotRegular`` when ``path`` exists and is not a regular file (a device, a FIFO,
    a folder, a symlink): the cache would replace it, or hang reading it."""
    try:
        info = os.lstat(path)
    except OSError:
        return  # missing (made on save), or unreadable (warned about when read)
    if not stat.S_ISREG(info.st_mode):
        raise NotRegular(
            f"cache {os.fspath(path)!r} is not a regular file; name another one"
            " (or none: --no-cache)"
        )


def read_cache_bytes(path: Path, *, first_line: bool = False) -> bytes | None:
    """The cache file's bytes (or first line), ``None`` when there is none; never more
    than ``MAX_CACHE_BYTES``, never through a symlink, never waiting on a FIFO.
    ``NotRegular`` for what is not a regular file, ``ValueError`` for a file too large,
    ``OSError`` for one that cannot be read."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise NotRegular(f"cache {os.fspath(path)!r} is a symlink") from err
        raise
    with os.fdopen(fd, "rb") as stream:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular(f"cache {os.fspath(path)!r} is not a regular file")
        if first_line:
            return stream.readline(MAX_CACHE_BYTES)
        if info.st_size > MAX_CACHE_BYTES:
            raise ValueError(f"larger than {MAX_CACHE_BYTES:,} bytes")
        return stream.read(MAX_CACHE_BYTES + 1)


def read_header(path: Path) -> dict[str, Any] | None:
    """The first line only: what a no-change run needs. ``None`` when unusable."""
    try:
        line = read_cache_bytes(path, first_line=True)
        if line is None:
            return None
        header = json.loads(line)
    except (OSError, ValueError):
        return None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        return None
    if header.get("version") != VERSION or header.get("postfeed") != __version__:
        return None
    return header


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
        from postfeed import records as records_module

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
                record = records_module.record_from_row(row)
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
        self,
        records: Sequence[Record],
        files: Iterable[Found],
        lines: Sequence[tuple[Record, bytes]] = (),
    ) -> None:
        """The records of exactly the files there are now (``files``, as scanned);
        ``lines`` are new records already encoded (by ``records.record_line``)."""
        self.files_digest = files_digest(files)
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
        from postfeed.records import record_line

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
    from postfeed.records import records_key

    store.load(records_key(options, suffixes))
    return store
