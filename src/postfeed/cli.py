"""The ``postfeed`` command: the command line read, then ``publish.run``; and ``postfeed check``.

``postfeed [POSTS_DIR|SITE_DIR] [options]``: settings come from ``config`` (flags and
TOML, one table); the run is ``publish.run`` (exit codes there). ``--explain`` prints what
a site's configuration says. Errors are one line, never a traceback.

``postfeed check FEED...`` validates feed files offline, as the W3C Feed Validation
Service would, one line per feed: ``FILE: valid (RSS 2.0, 20 entries)``, and one line per
problem, ``FILE:LINE: error|warning: message [W3CMessageClass]``. ``-q`` prints only what
fails the run (errors; warnings too with ``--strict``); ``--format json`` prints one JSON
document for tools. Exit codes: 0 valid, 1 an error (or, with ``--strict``, a warning), 2
usage or a file that cannot be read (named on stderr).
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import gc
import json
import os
import signal
import stat
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from postfeed import publish
from postfeed._version import __version__
from postfeed.config import OPTIONS, POSTS_DIR, UsageError, read_settings
from postfeed.publish import EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, FeedsWritten

if TYPE_CHECKING:
    from postfeed.validator import Problem


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (and exit 2), as cron wants it."""

    def error(self, message: str) -> NoReturn:
        import re

        switch = re.fullmatch(r"argument (\S+?)(?:/\S+)?: ignored explicit argument (.*)", message)
        if switch:  # argparse's words for `--tag-feeds=yes`
            flag, value = switch.groups()
            raise UsageError(f"{flag} is a switch and takes no value (not {value}): write {flag}")
        needs = re.fullmatch(r"argument (\S+?)(?:/(\S+))?: expected one argument", message)
        if needs:
            flag = needs.group(2) or needs.group(1)
            raise UsageError(f"{flag} needs a value (see postfeed --help)")
        raise UsageError(f"{message} (see postfeed --help)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="postfeed",
        description="Turn a folder of posts into RSS 2.0, Atom 1.0 and JSON Feed 1.1.",
        epilog="Also: postfeed check FEED... validates existing feed files. Every option "
        "can be set in postfeed.toml or [tool.postfeed] in pyproject.toml; flags win.",
        argument_default=argparse.SUPPRESS,
        allow_abbrev=False,  # `--tag-feed` is a typo to point out, not `--tag-feeds`
    )
    parser.add_argument("posts_dir", nargs="?", metavar="POSTS_DIR", help=POSTS_DIR.help)
    parser.add_argument("--version", action="version", version=f"postfeed {__version__}")
    parser.add_argument("--config", metavar="FILE", help="configuration file (TOML)")
    parser.add_argument(
        "--explain", action="store_true", help="print what the site's config says, and where"
    )
    for option in OPTIONS:
        names = [option.flag] if option.short is None else [option.short, option.flag]
        if option.metavar is None:
            parser.add_argument(*names, action="store_true", help=option.help)
        else:
            parser.add_argument(*names, metavar=option.metavar, help=option.help)
    return parser


def parse_command_line(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace:
    """The flags, or a ``UsageError`` that names an unknown one with the likely flag."""
    ns, extras = parser.parse_known_args(argv)
    if not extras:
        return ns
    flags = [name for action in parser._actions for name in action.option_strings]
    unknown = next((arg for arg in extras if arg.startswith("-")), None)
    if unknown is None:
        raise UsageError(
            f"unexpected argument {extras[0]!r}: one POSTS_DIR only (see postfeed --help)"
        )
    import difflib  # only for this message

    name = unknown.split("=", 1)[0]
    bare = {flag.lstrip("-"): flag for flag in flags if flag.startswith("--")}
    close = difflib.get_close_matches(name.lstrip("-"), list(bare), n=1, cutoff=0.7)
    hint = f"did you mean {bare[close[0]]}?" if close else "see postfeed --help"
    raise UsageError(f"unknown option {name} ({hint})")


def _run(argv: Sequence[str], out: TextIO, err: TextIO) -> int:
    ns = parse_command_line(build_parser(), list(argv))
    settings = read_settings(ns)
    if getattr(ns, "explain", False):
        return _explain(settings, out)
    return publish.run(settings, out=out, err=err)


def _explain(settings: dict[str, Any], out: TextIO) -> int:
    """``--explain``: what the site's configuration said, from which file and line."""
    site = settings.get("site")
    if site is None:
        raise UsageError(f"{settings['posts_dir']}: not a site folder (no generator config)")
    for line in site.explain():
        print(line, file=out)
    return EXIT_OK


# postfeed check FEED...

EXIT_VALID, EXIT_INVALID, EXIT_UNREADABLE = 0, 1, 2


class _CheckUsageError(Exception):
    pass


class _CheckParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _CheckUsageError(message)


def build_check_parser() -> argparse.ArgumentParser:
    parser = _CheckParser(
        prog="postfeed check",
        description="Validate RSS 2.0, Atom 1.0 and JSON Feed 1.1 files offline, with the "
        "W3C Feed Validation Service's rules and message names.",
        epilog="Exit codes: 0 valid, 1 an error was found (or a warning, with --strict), "
        "2 usage error or a file could not be read.",
    )
    parser.add_argument("feeds", nargs="+", metavar="FEED", help="feed files to check")
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="print only the problems that fail the check"
    )
    parser.add_argument("--strict", action="store_true", help="warnings fail the check too")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    return parser


def check(argv: Sequence[str], out: TextIO, err: TextIO) -> int:
    """``postfeed check FEED...``: check each file; return the exit code (never raise)."""
    try:
        args = build_check_parser().parse_args(list(argv))
    except _CheckUsageError as error:
        print(f"postfeed check: error: {error} (see postfeed check --help)", file=err)
        return EXIT_UNREADABLE
    except SystemExit as exit_:  # --help
        return exit_.code if isinstance(exit_.code, int) else EXIT_VALID
    from postfeed.validator import feed_summary

    status = EXIT_VALID
    reports = []
    for name in args.feeds:
        try:
            data = _read_regular(name)
        except OSError as error:
            reason = f"cannot read: {error.strerror or error}"
            print(f"{name}: error: {reason}", file=err)
            status = EXIT_UNREADABLE
            if args.format == "json":
                reports.append({"path": name, "valid": False, "error": reason})
            continue
        kind, entries, problems = feed_summary(data)
        failing = [p for p in problems if p.level == "error" or args.strict]
        if failing and status == EXIT_VALID:
            status = EXIT_INVALID
        if args.format == "json":
            reports.append(
                {
                    "path": name,
                    "format": kind,
                    "entries": entries,
                    "valid": not failing,
                    "problems": [
                        {"level": p.level, "code": p.code, "line": p.line, "message": p.message}
                        for p in problems
                    ],
                }
            )
            continue
        for problem in failing if args.quiet else problems:
            where = f"{name}:{problem.line}" if problem.line else name
            print(f"{where}: {problem.level}: {problem.message} [{problem.code}]", file=out)
        if not args.quiet:
            print(f"{name}: {_verdict(kind, entries, problems, failing)}", file=out)
    if args.format == "json":
        json.dump({"files": reports}, out, indent=2)
        out.write("\n")
    return status


def _verdict(kind: str, entries: int, problems: list[Problem], failing: list[Problem]) -> str:
    shown = f"{kind}, {entries} {'entry' if entries == 1 else 'entries'}"
    errors = sum(1 for p in problems if p.level == "error")
    warnings = len(problems) - errors
    counts = ", ".join(
        f"{n} {word}{'s' if n != 1 else ''}"
        for n, word in ((errors, "error"), (warnings, "warning"))
        if n
    )
    if failing:
        return f"invalid ({shown}): {counts}"
    return f"valid ({shown})" + (f": {counts}" if counts else "")


def _read_regular(name: str) -> bytes:
    """A file's bytes; ``OSError`` for what is not a regular file (a FIFO never blocks)."""

    fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with open(fd, "rb") as stream:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        return stream.read()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return its exit code (never raise, never print a traceback)."""
    args = list(sys.argv[1:] if argv is None else argv)
    out, err = sys.stdout, sys.stderr
    # One short run makes hundreds of thousands of objects and no garbage cycles worth
    # collecting: the cyclic collector would only walk them again and again. Memory is
    # freed by reference counting as ever; the collector is put back as it was.
    collecting = gc.isenabled()
    gc.disable()
    try:
        if args[:1] == ["check"]:
            return check(args[1:], out, err)
        return _run(args, out, err)
    except UsageError as error:
        print(f"postfeed: error: {error}", file=err)
        return EXIT_USAGE
    except FeedsWritten:
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
    does nothing useful: by now every file is written and closed and every worker
    reaped. Standard output and error are flushed first.
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
