"""``postfeed check FEED...``: validate feed files offline, as the W3C Feed Validation
Service would, and say so in one line per feed.

Output (stdout): ``FILE: valid (RSS 2.0, 20 entries)`` per feed, and one line per problem,
``FILE:LINE: error|warning: message [W3CMessageClass]``. ``-q`` prints only what fails
the run (errors; warnings too with ``--strict``). ``--format json`` prints one JSON document
for tools. Exit codes: 0 valid, 1 an error (or, with ``--strict``, a warning), 2 usage or a
file that cannot be read (named on stderr).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn, TextIO

if TYPE_CHECKING:
    from postfeed.validator import Problem

EXIT_VALID, EXIT_INVALID, EXIT_UNREADABLE = 0, 1, 2


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
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


def main(argv: Sequence[str], out: TextIO, err: TextIO) -> int:
    """Check each file; return the exit code (never raise)."""
    try:
        args = build_parser().parse_args(list(argv))
    except _UsageError as error:
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
    import errno
    import os
    import stat

    fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with open(fd, "rb") as stream:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        return stream.read()
