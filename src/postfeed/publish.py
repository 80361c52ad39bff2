"""The cron run: one entry point, ``run(settings, out=, err=)``.

It works through the public library (``load_posts``, ``Feed``, ``check``) and the record
cache it passes to ``load_posts``; the walk of the no-change check, the output folder's
lock and the browser files beside the feeds are the command's own.

What a run does, in order:

1. **Where the cache is**: ``--cache``, or one per posts and output folder under
   ``$XDG_CACHE_HOME/postfeed/``; when that cannot be written, a spare in the user's
   private temporary folder (said once).
2. **Nothing changed?** The same settings, post files (path, size, mtime) and feed files
   as the last run left them, and no scheduled post due: stop, having read the cache's
   first line and walked the folder (no parser, Markdown, feedgen or lxml loaded).
3. **Load** with ``load_posts`` (the cache's records for unchanged files; only the newest
   ``limit`` posts become ``Post`` objects) and **report** its warnings: cron is told each
   problem once, a person at a terminal every time.
4. **Same posts in the feeds?** (only posts outside every feed changed): stop.
5. **Build, check and write** with ``Feed(...).write`` (atomic, locked), the stylesheet
   and feeds page beside them; then save the cache with this run's state.

Exit codes: 0 done (warnings on stderr), 1 ``--strict`` saw a warning or a feed failed its
check, 2 usage, configuration or I/O error (``UsageError``), 130 interrupted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import stat
import sys
from collections.abc import Collection, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO

import postfeed
from postfeed._version import __version__
from postfeed.cache import ONCE, Cache, NotRegular, check_cache_path, files_digest, read_header
from postfeed.config import FEED_KEYS, LOAD_KEYS, QUIET_SETTINGS, UsageError, check_late, pick
from postfeed.discovery import find_posts

if TYPE_CHECKING:
    from postfeed import Feed, Post

EXIT_OK, EXIT_WARNINGS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def run(settings: dict[str, Any], *, out: TextIO, err: TextIO) -> int:
    """One cron run with the command's settings (``config.read_settings``); the exit code.

    Nothing changed since the last run (same settings, post files, feed files): stop,
    having read one line of the cache. Else load the posts (unchanged ones from the
    cache's records), and when the posts the feeds show are the same as last time, stop;
    else build, check and write the feeds, then the cache with this run's state.
    Raises ``UsageError`` (one line) for what the user must fix.
    """
    root = Path(settings["posts_dir"])
    if not root.is_dir():
        raise UsageError(_not_a_posts_folder(root))
    _check_output(Path(settings["output"]))
    cache_path = _cache_path(settings, err)
    if cache_path is not None:
        digest = _settings_digest(settings)
        output = Path(settings["output"])
        replay = _unchanged(cache_path, digest, settings["posts_dir"], output)
        if replay is not None:  # nothing to build: the last run's report, for a person
            if not settings["quiet"] and _repeats(settings, err):
                for line in replay.warnings:
                    print(line, file=err)
            if settings["verbose"]:
                for rel in replay.outputs:
                    _say(out, f"unchanged {Path(settings['output']) / rel}")
            _done(settings, err, "feeds unchanged")
            return EXIT_OK
    check_late(settings)  # now that there is work to do
    store = Cache(cache_path) if cache_path is not None else None
    logger = logging.getLogger("postfeed")
    counter = _WarningCounter(
        err, settings["quiet"], said=_said(cache_path), repeat=_repeats(settings, err)
    )
    level, propagate = logger.level, logger.propagate  # put back as they were, after
    logger.addHandler(counter)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        try:
            posts = postfeed.load_posts(
                root,
                **pick(settings, LOAD_KEYS),
                cache=store,
                # A feed of N needs the newest N posts, no more; without a cache, all are
                # kept, to count them (the cache's records count them otherwise).
                newest=settings["limit"] if store is not None else 0,
                newest_per_tag=settings["tag_feeds"],
                site=settings.get("site"),
                jobs=_cpus(),  # the command may use every CPU; the library forks only if asked
            )
        except postfeed.PostError as error:
            if settings["strict"] and error.path != str(root):
                print(error, file=err)
                return EXIT_WARNINGS
            raise UsageError(str(error)) from error
        except ValueError as error:  # a bad option value
            raise UsageError(str(error)) from error
        selection = _selection(store, root, posts) if store is not None else None
        published = _published(store, settings, posts)
        if (
            store is not None
            and not settings["dry_run"]
            and _feeds_current(store, settings, selection)
        ):
            if settings["strict"] and counter.count:
                return EXIT_WARNINGS
            # Only posts outside every feed changed: the feeds would come out byte for byte
            # the same, so they are not built (nor feedgen, lxml and Markdown loaded).
            outputs = store.state["outputs"]
            if settings["verbose"]:
                for rel in outputs:
                    _say(out, f"unchanged {Path(settings['output']) / rel}")
            store.set_state(_state(settings, store, counter.report, outputs, selection))
            store.save()
            _done(settings, err, "feeds unchanged")
            return EXIT_OK
        try:
            feed = postfeed.Feed(posts=posts, **pick(settings, FEED_KEYS))
        except postfeed.FeedError as error:
            raise UsageError(str(error)) from error
        if settings["strict"] and counter.count:
            return EXIT_WARNINGS
        status, written, extras, outputs = _publish(feed, settings, out, stats=store is not None)
        if store is not None:
            with _after_writing(status == EXIT_OK and not settings["dry_run"]):
                if status == EXIT_OK and not settings["dry_run"]:
                    store.set_state(_state(settings, store, counter.report, outputs, selection))
                store.save()
        if status == EXIT_OK and not settings["dry_run"]:
            with _after_writing():
                _done(settings, err, _summary(settings, written, len(posts), published, extras))
        return status
    finally:
        logger.removeHandler(counter)
        logger.setLevel(level)
        logger.propagate = propagate


# The cache's place, and the no-change check


def _settings_digest(settings: dict[str, Any]) -> str:
    """A hash of every setting that changes what is written (paths made absolute)."""
    kept = {k: v for k, v in settings.items() if k not in QUIET_SETTINGS}
    for name in ("posts_dir", "output"):
        kept[name] = os.path.abspath(kept[name])
    text = json.dumps([__version__, kept], sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def _cache_path(settings: dict[str, Any], err: TextIO) -> Path | None:
    """The cache file: its place, or, when that cannot be written, a spare one in the
    user's private temporary folder. The problem is reported once, not on every run: a
    note beside the spare cache says it was, and goes when the cache's place works again
    (so that a later problem is reported again)."""
    if settings["no_cache"]:
        return None
    if settings["cache"]:
        path = Path(settings["cache"])
    else:
        path = default_cache_path(settings["posts_dir"], settings["output"])
    try:
        check_cache_path(path)  # never replaced, nor read if it is a FIFO
    except NotRegular as error:
        raise UsageError(str(error)) from error
    problem = _cache_problem(path)
    spare = _spare_folder(make=problem is not None)
    note = spare / f"{_spare_name(path)}.reported" if spare is not None else None
    if problem is None or spare is None or note is None:
        if note is not None:  # the place works (again): the spare and its note go
            for gone in (note, note.with_suffix(".cache")):
                with contextlib.suppress(OSError):
                    gone.unlink()
        return path  # (no spare folder: the cache's own warning comes on every run)
    spare_file = spare / f"{_spare_name(path)}.cache"
    line = (
        f"{path}: cannot write the cache ({problem}); using {spare_file} instead (said once)."
        " Fix: make its folder writable, or choose another with --cache FILE, or turn the"
        " cache off with --no-cache"
    )
    try:
        said = note.read_text(encoding="utf-8", errors="replace")
    except OSError:
        said = None
    if said != line and not settings["quiet"]:
        print(line, file=err)
        with contextlib.suppress(OSError):
            note.write_text(line, encoding="utf-8", errors="surrogateescape")
    return spare_file


def default_cache_path(posts_dir: str | os.PathLike[str], output: str | os.PathLike[str]) -> Path:
    """``$XDG_CACHE_HOME/postfeed/<hash of the posts and output folders>.cache``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    pair = f"{os.path.abspath(posts_dir)}\0{os.path.abspath(output)}"
    name = hashlib.sha256(pair.encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return Path(base) / "postfeed" / f"{name}.cache"


def _cache_problem(path: Path) -> str | None:
    """Why a cache file cannot be written at ``path`` (its folder cannot be made, or
    written, or the path is a folder), or ``None``. Makes the folder when it is missing."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        for above in (folder, *folder.parents):
            if above.exists() and not above.is_dir():
                return f"{above} is a file, not a folder"
        return f"cannot make {folder}: {err.strerror or err}"
    if path.is_dir():
        return f"{path} is a folder"
    if not os.access(folder, os.W_OK):
        return f"{folder} is not writable"
    return None


def _spare_folder(*, make: bool) -> Path | None:
    """The user's own folder in the temporary folder, where a cache that cannot be kept
    in its place is kept instead (with a note that its problem was reported); ``None``
    when it cannot be made, or is not this user's alone."""
    base = Path(os.environ.get("TMPDIR") or "/tmp") / f"postfeed-{os.getuid()}"
    if make:
        try:
            base.mkdir(mode=0o700)
        except FileExistsError:
            pass
        except OSError:
            return None
    try:
        info = base.lstat()
    except OSError:
        return None
    private = stat.S_ISDIR(info.st_mode) and not info.st_mode & 0o077
    return base if private and info.st_uid == os.getuid() else None


def _spare_name(path: Path) -> str:
    """The spare cache's file name: one per cache path, never two sites' in one file."""
    key = os.path.abspath(path).encode("utf-8", "surrogateescape")
    return hashlib.sha256(key).hexdigest()[:24]


def _said(cache_path: Path | None) -> list[str]:
    """The warnings the last run reported (from the cache's first line)."""
    if cache_path is None:
        return []
    header = read_header(cache_path)
    state = header.get("state") if header else None
    warnings = state.get("warnings") if isinstance(state, dict) else None
    return [str(line) for line in warnings] if isinstance(warnings, list) else []


def _output_stats(output: Path, names: Iterable[str]) -> dict[str, list[int]] | None:
    """Each feed file's ``[size, mtime_ns]``, or ``None`` when one is missing."""
    stats = {}
    for rel in names:
        try:
            info = os.stat(output / rel)
        except OSError:
            return None
        stats[rel] = [info.st_size, info.st_mtime_ns]
    return stats


class _Replay(NamedTuple):
    """What a run that found nothing changed repeats: the warnings, the feed files."""

    warnings: list[str]
    outputs: list[str]


def _unchanged(
    cache_path: Path,
    settings_digest: str,
    root: str | os.PathLike[str],
    output: Path,
) -> _Replay | None:
    """When nothing changed since the last run, what it reported; else ``None``.

    Nothing changed means: the same settings, the same post files with the same sizes and
    mtimes, every feed file still as that run left it, and no scheduled post due. This
    reads one line of the cache and stats the files; it parses no post.
    """
    header = read_header(cache_path)
    state = header.get("state") if header else None
    if not isinstance(state, dict) or state.get("settings") != settings_digest:
        return None
    due = state.get("next_change")
    if isinstance(due, int | float) and dt.datetime.now(dt.UTC).timestamp() >= due:
        return None
    outputs = state.get("outputs")
    if not isinstance(outputs, dict) or not outputs:
        return None
    if _output_stats(output, list(outputs)) != outputs:
        return None
    problems: list[tuple[str, str]] = []
    try:
        files = find_posts(root, problems=problems)
    except OSError:
        return None
    if problems:
        return None
    if files_digest(files) != state.get("files"):
        return None
    warnings = state.get("warnings")
    if not isinstance(warnings, list):
        return None
    return _Replay([str(w) for w in warnings], list(outputs))


# Loading: the posts folder, the CPUs, and the warnings' report (each told to cron once)


def _not_a_posts_folder(root: Path) -> str:
    if root.exists():
        parent = f"{root.parent}{os.sep}"
        return (
            f"{root}: is a file, not a folder; POSTS_DIR is the folder that holds the posts"
            f" (perhaps {parent})"
        )
    return f"{root}: no such folder; POSTS_DIR is the folder that holds the posts"


def _check_output(output: Path) -> None:
    """An output path that is a file (or lies under one) is a usage error, said plainly."""
    for folder in (output, *output.parents):
        if folder.is_dir():
            return
        if folder.exists() or folder.is_symlink():
            where = "is" if folder == output else f"lies under {folder}, which is"
            what = "a file" if folder.exists() else "a link to nothing"
            raise UsageError(
                f"{output}: {where} {what}, not a folder; -o names the folder the feeds are"
                " written to (e.g. -o public/)"
            )


def _cpus() -> int:
    from postfeed.parallel import available_cpus

    return available_cpus()


def _repeats(settings: dict[str, Any], err: TextIO) -> bool:
    """Whether the warnings the last run gave are printed again: for a person at a
    terminal, or with ``--verbose``; cron (no terminal) is told each problem once."""
    if settings["verbose"]:
        return True
    try:
        return err.isatty()
    except (ValueError, OSError):  # a closed or odd stream: not a terminal
        return False


class _WarningCounter(logging.Handler):
    """Keeps the warnings the library logs (one line each), and prints them unless quiet.

    A warning in ``said`` (the last run's report) is not printed again: cron mails a
    problem once, not every minute. ``repeat`` (a person at a terminal, or ``--verbose``)
    prints them all."""

    def __init__(
        self, stream: TextIO, quiet: bool, *, said: Collection[str] = (), repeat: bool = True
    ) -> None:
        super().__init__(logging.WARNING)
        self.stream = stream
        self.quiet = quiet
        self.said = frozenset(said)
        self.repeat = repeat
        self.lines: list[str] = []  # every warning, in order
        self.once: set[int] = set()  # the indexes of those about this run only (ONCE)

    @property
    def count(self) -> int:
        return len(self.lines)

    @property
    def report(self) -> list[str]:
        """The warnings a run that finds nothing changed repeats."""
        return [line for index, line in enumerate(self.lines) if index not in self.once]

    def emit(self, record: logging.LogRecord) -> None:
        line = " ".join(record.getMessage().split())
        if getattr(record, ONCE, False):
            self.once.add(len(self.lines))
        self.lines.append(line)
        if not self.quiet and (self.repeat or line not in self.said):
            print(line, file=self.stream)


# Are the same posts in the feeds? What the next run compares


def _selection(store: Cache, root: Path, posts: Sequence[Post]) -> str | None:
    """The posts given to the feeds, in order: a hash of each one's file as it was read
    (path, size and mtime, from its record in the cache) — what tells that the feeds need
    no rebuild. ``None`` (build them) when a post's record is not found."""
    digest = hashlib.sha256()
    for post in posts:
        record = None
        if post.path is not None:
            record = store.records.get(os.path.relpath(post.path, root))
        if record is None:
            return None
        key = f"{record.relpath}\0{record.size}\0{record.mtime_ns}\n"
        digest.update(key.encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _feeds_current(store: Cache, settings: dict[str, Any], selection: str | None) -> bool:
    """Whether the feeds on disk are what this run would write (same settings, same
    posts in them, untouched since the last run wrote them)."""
    state = store.state
    outputs = state.get("outputs")
    if not isinstance(outputs, dict) or not outputs:
        return False
    if state.get("settings") != _settings_digest(settings):
        return False
    if selection is None or state.get("selection") != selection:
        return False
    return _output_stats(Path(settings["output"]), list(outputs)) == outputs


def _state(
    settings: dict[str, Any],
    store: Cache,
    warnings: list[str],
    outputs: dict[str, list[int]] | None,
    selection: str | None,
) -> dict[str, Any]:
    """What the next run compares to know that nothing changed."""
    now = dt.datetime.now(dt.UTC)
    scheduled = [
        record.date.timestamp()
        for record in store.records.values()
        if record.problem is None
        and record.date is not None
        and record.date > now
        and (settings["include_drafts"] or not record.draft)
    ]
    if settings["include_future"]:
        scheduled = []
    if not settings["include_drafts"]:  # an expiryDate ahead: the post leaves then
        scheduled += [
            record.expires.timestamp()
            for record in store.records.values()
            if record.problem is None
            and not record.draft
            and record.expires is not None
            and record.expires > now
        ]
    next_change = min(scheduled) if scheduled else None
    return {
        "settings": _settings_digest(settings),
        "files": store.files_digest,
        "selection": selection or "",
        "outputs": outputs or {},
        "next_change": next_change,
        "warnings": warnings,
    }


def _published(store: Cache | None, settings: dict[str, Any], posts: Sequence[Post]) -> int | None:
    """How many posts are published (the feeds show the newest of them). Without a cache
    every post was kept; with one, its records count them."""
    if store is None:
        return len(posts)
    now = dt.datetime.now(dt.UTC)
    links: set[str] = set()
    ids: set[str] = set()
    for record in store.records.values():
        if (
            record.problem is None
            and record.date is not None
            and (settings["include_drafts"] or not record.draft)
            and (settings["include_future"] or record.date <= now)
            and record.link not in links
            and record.id not in ids
        ):
            links.add(record.link)
            ids.add(record.id)
    return len(links)


# Writing the feeds, the stylesheet and the feeds page


class _Published(NamedTuple):
    status: int
    feeds: int  # feed files written (changed)
    extras: list[str]  # the stylesheet and the feeds page, when written (changed)
    outputs: dict[str, list[int]] | None  # with ``stats``: the files' sizes and mtimes


def _extras_names(settings: dict[str, Any]) -> list[str]:
    """The names ``_extras`` writes: the stylesheet when it is a file name, the feeds page."""
    sheet = settings["stylesheet"]
    names = [sheet] if sheet and "://" not in sheet and not sheet.startswith("/") else []
    return names + ([settings["feeds_page"]] if settings["feeds_page"] else [])


def _extras(feed: Feed, settings: dict[str, Any]) -> dict[str, bytes]:
    """The files for browsers written beside the feeds: the stylesheet (when it is a file
    name, not a URL) and the feeds page."""
    from postfeed import browser

    return {
        name: browser.feeds_page(feed, settings["formats"], tag_feeds=settings["tag_feeds"])
        if name == settings["feeds_page"]
        else browser.stylesheet()
        for name in _extras_names(settings)
    }


def _publish(feed: Feed, settings: dict[str, Any], out: TextIO, *, stats: bool) -> _Published:
    """Write (or, with ``--dry-run``, compare) the feeds and the files beside them; with
    ``stats`` also the written files' sizes and mtimes, taken before the folder lock is
    let go (after it, another run's older feeds could be taken for this run's)."""
    from postfeed.writing import folder_lock, make_folder

    target = Path(settings["output"])
    formats, tags = settings["formats"], settings["tag_feeds"]
    extras = _extras(feed, settings)
    if settings["dry_run"]:
        files = feed.documents(formats, tag_feeds=tags, jobs=_cpus())
        status = EXIT_OK
        for rel, data in files.items():
            path = target / rel
            problems = [p for p in postfeed.check(data) if p.level == "error"]
            if problems:
                print(f"{path}: invalid: {problems[0].message}", file=sys.stderr)
                status = EXIT_WARNINGS
            elif not path.is_file() or path.read_bytes() != data:
                _say(out, f"would write {path}")
            elif settings["verbose"]:
                _say(out, f"unchanged {path}")
        for rel, data in extras.items():
            path = target / rel
            if not path.is_file() or path.read_bytes() != data:
                _say(out, f"would write {path}")
        return _Published(status, 0, [], None)
    outputs = None
    try:
        with contextlib.ExitStack() as held:
            try:
                make_folder(target)
                held.enter_context(folder_lock(target))  # Feed.write's own: no second wait
            except OSError as error:
                raise UsageError(_cannot_write(target, error)) from error
            changed = set(feed.write(target, formats, tag_feeds=tags, jobs=_cpus()))
            with _after_writing():
                if extras:
                    from postfeed.writing import write_files

                    try:
                        changed.update(write_files(target, extras))
                    except OSError as error:
                        raise UsageError(_cannot_write(target, error)) from error
                if stats:
                    names = [*feed.file_names(formats, tag_feeds=tags), *extras]
                    outputs = _output_stats(target, names)
    except postfeed.FeedError as error:
        if error.problems:
            print(error, file=sys.stderr)
            return _Published(EXIT_WARNINGS, 0, [], None)
        if isinstance(error.__cause__, OSError):
            raise UsageError(_cannot_write(target, error.__cause__)) from error
        raise UsageError(str(error)) from error
    with _after_writing():
        if settings["verbose"]:
            for rel in [*feed.file_names(formats, tag_feeds=tags), *extras]:
                path = target / rel
                _say(out, f"{'wrote' if path in changed else 'unchanged'} {path}")
    written = [rel for rel in extras if target / rel in changed]
    return _Published(EXIT_OK, len(changed) - len(written), written, outputs)


def _cannot_write(target: Path, error: OSError) -> str:
    """The folder that cannot be written and what to do (never a temporary file's name)."""
    import errno

    where = error.filename or target
    fix = {
        errno.EACCES: "make it writable for this user, or choose another folder with -o",
        errno.EPERM: "make it writable for this user, or choose another folder with -o",
        errno.EROFS: "it is on a read-only file system; choose another folder with -o",
        errno.ENOSPC: "the disk is full; free some space",
        errno.EDQUOT: "the disk quota is used up; free some space",
    }.get(error.errno or 0, "check the folder, or choose another with -o")
    return f"{where}: cannot write the feeds there ({error.strerror or error}); {fix}"


class FeedsWritten(KeyboardInterrupt):
    """Ctrl-C once the feeds were written (then they are the new ones, not the old)."""


@contextlib.contextmanager
def _after_writing(written: bool = True) -> Iterator[None]:
    try:
        yield
    except KeyboardInterrupt as interrupt:
        if written and not isinstance(interrupt, FeedsWritten):
            raise FeedsWritten from interrupt
        raise


# What the run says


def _say(stream: TextIO, line: str) -> None:
    """Print one line; what the stream's encoding cannot hold (a path that is not valid
    UTF-8 under a strict UTF-8 stdout) is written as backslash escapes, never an error."""
    try:
        print(line, file=stream)
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "utf-8"
        print(line.encode(encoding, "backslashreplace").decode(encoding), file=stream)


def _done(settings: dict[str, Any], err: TextIO, line: str) -> None:
    """The run's last line, for a person at a terminal; cron (no terminal) gets silence."""
    if settings["quiet"] or settings["dry_run"]:
        return
    with contextlib.suppress(ValueError, OSError):  # a closed or odd stream: not a terminal
        if err.isatty():
            print(line, file=err)


def _summary(
    settings: dict[str, Any],
    written: int,
    loaded: int,
    published: int | None,
    extras: Sequence[str] = (),
) -> str:
    """``wrote 3 feeds (20 of 137 posts) to public/`` or ``feeds unchanged``."""
    folder = os.path.join(settings["output"], "")
    others = " and ".join(extras)
    if not written:
        return f"feeds unchanged; wrote {others} to {folder}" if extras else "feeds unchanged"
    limit = settings["limit"]
    shown = min(loaded, limit) if limit else loaded
    total = published if published is not None else loaded
    posts = f"{shown} of {total} posts" if total != shown else f"{shown} post{'s' * (shown != 1)}"
    what = [f"{written} feed{'s' * (written != 1)} ({posts})", *extras]
    listed = ", ".join(what[:-1]) + " and " + what[-1] if len(what) > 1 else what[0]
    return f"wrote {listed} to {folder}"
