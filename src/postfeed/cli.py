"""The ``postfeed`` command: a thin layer over ``load_posts`` and ``Feed`` for cron.

Settings come from ``config`` (flags and TOML, one table). Exit codes: 0 done (warnings
on stderr), 1 ``--strict`` saw a warning or a feed failed its check, 2 usage,
configuration or I/O error, 130 interrupted. Errors are one line, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import signal
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple, NoReturn, TextIO

from postfeed._version import __version__
from postfeed.config import (
    FEED_KEYS,
    LOAD_KEYS,
    OPTION_KEYS,
    OPTIONS,
    POSTS_DIR,
    QUIET_SETTINGS,
    UsageError,
    pick,
    read_settings,
)

EXIT_OK, EXIT_WARNINGS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def _say(stream: TextIO, line: str) -> None:
    """Print one line; what the stream's encoding cannot hold (a path that is not valid
    UTF-8 under a strict UTF-8 stdout) is written as backslash escapes, never an error."""
    try:
        print(line, file=stream)
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "utf-8"
        print(line.encode(encoding, "backslashreplace").decode(encoding), file=stream)


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (and exit 2), as cron wants it."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see postfeed --help)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="postfeed",
        description="Turn a folder of posts into RSS 2.0, Atom 1.0 and JSON Feed 1.1.",
        epilog="Also: postfeed check FEED... validates existing feed files. Every option "
        "can be set in postfeed.toml or [tool.postfeed] in pyproject.toml; flags win.",
        argument_default=argparse.SUPPRESS,
    )
    parser.add_argument("posts_dir", nargs="?", metavar="POSTS_DIR", help=POSTS_DIR.help)
    parser.add_argument("--version", action="version", version=f"postfeed {__version__}")
    parser.add_argument("--config", metavar="FILE", help="configuration file (TOML)")
    for option in OPTIONS:
        names = [option.flag] if option.short is None else [option.short, option.flag]
        if option.metavar is None:
            parser.add_argument(*names, action="store_true", help=option.help)
        else:
            parser.add_argument(*names, metavar=option.metavar, help=option.help)
    return parser


def _settings_digest(settings: dict[str, Any]) -> str:
    """A hash of every setting that changes what is written (paths made absolute)."""
    import hashlib
    import json

    kept = {k: v for k, v in settings.items() if k not in QUIET_SETTINGS}
    for name in ("posts_dir", "output"):
        kept[name] = os.path.abspath(kept[name])
    text = json.dumps([__version__, kept], sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def _cache_path(settings: dict[str, Any]) -> Path | None:
    if settings["no_cache"]:
        return None
    from postfeed.runstate import NotRegular, check_cache_path, default_cache_path

    if settings["cache"]:
        path = Path(settings["cache"])
    else:
        path = default_cache_path(settings["posts_dir"], settings["output"])
    try:
        check_cache_path(path)  # never replaced, nor read if it is a FIFO
    except NotRegular as error:
        raise UsageError(str(error)) from error
    return path


def _fast(settings: dict[str, Any], cache_path: Path, walked: list[Any]) -> Any:
    """What the cache file says of this run: a ``Replay`` when there is nothing to build
    (nothing changed, or only posts outside the feeds), a ``Narrowed`` load when the
    feeds are built from a few posts, or ``None`` for a full run. A walk of the posts
    folder, when one was made, is added to ``walked``."""
    from postfeed.runstate import unchanged

    output = Path(settings["output"])
    digest = _settings_digest(settings)
    replay = unchanged(cache_path, digest, settings["posts_dir"], output, walked)
    if replay is not None or not walked or settings["dry_run"]:
        return replay
    from postfeed.discovery import DEFAULT_SUFFIXES
    from postfeed.incremental import Narrowed, update
    from postfeed.loading import load_options

    try:
        options = load_options(**pick(settings, OPTION_KEYS))
    except ValueError:
        return None  # the full run reports it
    found = update(
        cache_path,
        digest,
        options,
        DEFAULT_SUFFIXES,
        walked,
        output,
        limit=settings["limit"],
        include_drafts=settings["include_drafts"],
        include_future=settings["include_future"],
    )
    if isinstance(found, Narrowed) and settings["strict"]:
        return None  # the first warning of any post must stop it: a full run
    return found


def _run(argv: Sequence[str], out: TextIO, err: TextIO) -> int:
    import postfeed  # the library is loaded only once the command line is understood

    ns = build_parser().parse_args(list(argv))
    settings = read_settings(ns)
    root = Path(settings["posts_dir"])
    if not root.is_dir():
        raise UsageError(f"{root}: no such posts folder")
    cache_path = _cache_path(settings)
    walked: list[Any] = []
    fast = None
    if cache_path is not None:
        from postfeed.runstate import Replay, Walk

        walked = Walk()  # its digest is computed once, whoever asks
        fast = _fast(settings, cache_path, walked)
        if isinstance(fast, Replay):  # nothing to build: the last run's report again
            if not settings["quiet"]:
                for line in fast.warnings:
                    print(line, file=err)
            if settings["verbose"]:
                for rel in fast.outputs:
                    _say(out, f"unchanged {Path(settings['output']) / rel}")
            return EXIT_OK
    from postfeed.cache import Cache

    store = Cache(cache_path) if cache_path is not None else None
    if store is not None and walked:
        store.walked = (str(root), walked)
        store.narrowed = fast
    import logging  # not before: a no-change run needs none of it

    from postfeed.reporting import WarningCounter

    logger = logging.getLogger("postfeed")
    counter = WarningCounter(err, settings["quiet"], held=fast is not None)
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
                newest=settings["limit"],  # a feed of N needs the newest N posts, no more
                newest_per_tag=settings["tag_feeds"],
                jobs=_cpus(),  # the command may use every CPU; the library forks only if asked
            )
        except postfeed.PostError as error:
            if settings["strict"] and error.path != str(root):
                print(error, file=err)
                return EXIT_WARNINGS
            raise UsageError(str(error)) from error
        except ValueError as error:  # a bad option value
            raise UsageError(str(error)) from error
        if store is not None and store.narrowed is not None:
            # A narrowed load warned only about the few posts it read: the report is the
            # last run's load warnings (the same, since no post's warnings changed).
            from postfeed.runstate import files_digest

            counter.unhold(store.narrowed.warnings)
            store.files_digest = files_digest(walked)
        counter.unhold()
        loaded = len(counter.report)
        selection = _selection(posts)
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
            store.set_state(_state(settings, store, counter.report, loaded, outputs, selection))
            store.save()
            return EXIT_OK
        try:
            feed = postfeed.Feed(posts=posts, **pick(settings, FEED_KEYS))
        except postfeed.FeedError as error:
            raise UsageError(str(error)) from error
        if settings["strict"] and counter.count:
            return EXIT_WARNINGS
        status, outputs = _publish(feed, settings, out, stats=store is not None)
        if store is not None:
            with _after_writing(status == EXIT_OK and not settings["dry_run"]):
                if status == EXIT_OK and not settings["dry_run"]:
                    state = _state(settings, store, counter.report, loaded, outputs, selection)
                    store.set_state(state)
                store.save()
        return status
    finally:
        logger.removeHandler(counter)
        logger.setLevel(level)
        logger.propagate = propagate


def _cpus() -> int:
    from postfeed.parallel import available_cpus

    return available_cpus()


class Selection(NamedTuple):
    """The posts given to the feeds: a hash of each one's path, size and mtime, in order
    (what tells that the feeds need no rebuild), and their paths (what the fast paths of
    ``incremental`` start from)."""

    digest: str
    relpaths: list[str]


def _selection(posts: Sequence[Any]) -> Selection:
    import hashlib

    digest = hashlib.sha256()
    relpaths = []
    for post in posts:
        found = getattr(post._source, "found", None)
        key = f"{found.relpath}\0{found.size}\0{found.mtime_ns}" if found else post.id
        digest.update(key.encode("utf-8", "surrogateescape") + b"\n")
        if found:
            relpaths.append(found.relpath)
    return Selection(digest.hexdigest(), relpaths)


def _feeds_current(store: Any, settings: dict[str, Any], selection: Selection) -> bool:
    """Whether the feeds on disk are what this run would write (same settings, same
    posts in them, untouched since the last run wrote them)."""
    state = store.state
    outputs = state.get("outputs")
    if not isinstance(outputs, dict) or not outputs:
        return False
    if state.get("settings") != _settings_digest(settings):
        return False
    if state.get("selection") != selection.digest:
        return False
    from postfeed.runstate import output_stats

    return output_stats(Path(settings["output"]), list(outputs)) == outputs


def _state(
    settings: dict[str, Any],
    store: Any,
    warnings: list[str],
    loaded: int,
    outputs: dict[str, list[int]] | None,
    selection: Selection,
) -> dict[str, Any]:
    """What the next run compares to know that nothing changed (and what the fast paths
    of ``incremental`` need: the posts in the feeds, how many warnings the load gave)."""
    import datetime as dt

    if store.narrowed is not None:
        next_change = store.narrowed.next_change  # no scheduled post was read
    else:
        now = dt.datetime.now(dt.UTC)
        scheduled = [
            record.date.timestamp()
            for record in store.records.values()
            if record.problem is None
            and record.date is not None
            and record.date > now
            and (settings["include_drafts"] or not record.draft)
        ]
        next_change = None if settings["include_future"] or not scheduled else min(scheduled)
    return {
        "settings": _settings_digest(settings),
        "files": store.files_digest,
        "selection": selection.digest,
        "selected": selection.relpaths,
        "outputs": outputs or {},
        "next_change": next_change,
        "warnings": warnings,
        "loaded": loaded,
    }


def _publish(
    feed: Any, settings: dict[str, Any], out: TextIO, *, stats: bool
) -> tuple[int, dict[str, list[int]] | None]:
    """Write (or, with ``--dry-run``, compare) the feeds; the exit status, and with
    ``stats`` the written files' sizes and mtimes, taken before the folder lock is let go
    (after it, another run's older feeds could be taken for this run's)."""
    import postfeed
    from postfeed.runstate import output_stats
    from postfeed.writing import folder_lock, make_folder

    target = Path(settings["output"])
    formats, tags = settings["formats"], settings["tag_feeds"]
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
        return status, None
    outputs = None
    try:
        with contextlib.ExitStack() as held:
            try:
                make_folder(target)
                held.enter_context(folder_lock(target))  # Feed.write's own: no second wait
            except OSError as error:
                raise UsageError(f"cannot write {target}: {error.strerror or error}") from error
            changed = set(feed.write(target, formats, tag_feeds=tags, jobs=_cpus()))
            with _after_writing():
                if stats:
                    outputs = output_stats(target, feed.file_names(formats, tag_feeds=tags))
    except postfeed.FeedError as error:
        if error.problems:
            print(error, file=sys.stderr)
            return EXIT_WARNINGS, None
        raise UsageError(str(error)) from error
    with _after_writing():
        if settings["verbose"]:
            for rel in feed.file_names(formats, tag_feeds=tags):
                path = target / rel
                _say(out, f"{'wrote' if path in changed else 'unchanged'} {path}")
    return EXIT_OK, outputs


class _FeedsWritten(KeyboardInterrupt):
    """Ctrl-C once the feeds were written (then they are the new ones, not the old)."""


@contextlib.contextmanager
def _after_writing(written: bool = True) -> Iterator[None]:
    try:
        yield
    except KeyboardInterrupt as interrupt:
        if written and not isinstance(interrupt, _FeedsWritten):
            raise _FeedsWritten from interrupt
        raise


def _read_regular(name: str) -> bytes:
    """A file's bytes; ``OSError`` for what is not a regular file (a FIFO never blocks)."""
    import errno
    import stat

    fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with open(fd, "rb") as stream:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        return stream.read()


def _check_files(paths: Sequence[str], out: TextIO, err: TextIO) -> int:
    if not paths or any(p.startswith("-") for p in paths):
        raise UsageError("usage: postfeed check FEED...")
    from postfeed.validator import check

    status = EXIT_OK
    for name in paths:
        try:
            data = _read_regular(name)
        except OSError as error:
            print(f"{name}: error: cannot read: {error.strerror}", file=err)
            status = EXIT_USAGE
            continue
        for problem in check(data):
            print(f"{name}: {problem.level}: {problem.message}", file=out)
            if problem.level == "error" and status == EXIT_OK:
                status = EXIT_WARNINGS
    return status


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return its exit code (never raise, never print a traceback)."""
    args = list(sys.argv[1:] if argv is None else argv)
    out, err = sys.stdout, sys.stderr
    # One short run makes hundreds of thousands of objects and no garbage cycles worth
    # collecting: the cyclic collector would only walk them again and again (4 % of a
    # cold run at 10,000 posts). Memory is freed by reference counting as ever.
    collecting = gc.isenabled()
    gc.disable()
    try:
        if args[:1] == ["check"]:
            return _check_files(args[1:], out, err)
        return _run(args, out, err)
    except UsageError as error:
        print(f"postfeed: error: {error}", file=err)
        return EXIT_USAGE
    except _FeedsWritten:
        print("postfeed: interrupted after the feeds were written", file=err)
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        print("postfeed: interrupted; the feeds were left as they were", file=err)
        return EXIT_INTERRUPTED
    except SystemExit as exit_:  # --help and --version
        return exit_.code if isinstance(exit_.code, int) else EXIT_OK
    except OSError as error:
        print(f"postfeed: error: {error.filename or ''}: {error.strerror or error}", file=err)
        return EXIT_USAGE
    except Exception as error:  # never a traceback for cron to mail
        print(f"postfeed: error: unexpected {type(error).__name__}: {error}", file=err)
        return EXIT_USAGE
    finally:
        if collecting:
            gc.enable()


def run() -> NoReturn:
    """The console script: ``main()``, then exit without tearing the interpreter down.

    A run leaves hundreds of thousands of objects, and freeing them one by one at exit
    takes 30 ms at 10,000 posts for nothing: by now every file is written and closed and
    every worker reaped. Standard output and error are flushed first.
    """
    code = EXIT_INTERRUPTED
    try:
        try:
            code = main()
        finally:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # done: a late Ctrl-C is too late
    except KeyboardInterrupt:
        pass  # main() reports its own interrupts: this one came as it returned
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a closed pipe: nothing more can be said
            stream.flush()
    os._exit(code)
