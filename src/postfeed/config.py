"""The command's settings: one table of options, from flags and TOML files alike.

``OPTIONS`` describes every setting once: its flag, its configuration key (the same
name), its type and default. argparse (in ``cli``) and the configuration reader here are
both built from it, so a flag and its key never drift apart. A bad value is a one-line
``UsageError`` naming the file and the key.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

CONFIG_FILE = "postfeed.toml"
PYPROJECT = "pyproject.toml"
FORMAT_NAMES = ("rss", "atom", "json")


class UsageError(Exception):
    """A bad command line or configuration: one line, exit 2."""


def _positive_int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError("a whole number")
    try:
        number = int(value)
    except ValueError:
        raise ValueError("a whole number") from None
    if number < 0:
        raise ValueError("a whole number, 0 or more")
    return number


def _formats(value: object) -> tuple[str, ...]:
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not items:
        raise ValueError("a list of formats: rss, atom, json")
    names = tuple(str(item).strip().lower() for item in items)
    unknown = [name for name in names if name not in FORMAT_NAMES]
    if unknown or not all(isinstance(item, str) for item in items):
        raise ValueError(f"formats from rss, atom, json (not {unknown[0] if unknown else items!r})")
    return tuple(dict.fromkeys(names))


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("a non-empty string")
    return value


def _fallback(value: object) -> str:
    if value != "mtime":
        raise ValueError("'mtime'")
    return "mtime"


def _bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError("true or false")
    return value


class Option(NamedTuple):
    """One setting: flag and key share the name (``site_url`` ↔ ``--site-url``).

    (A NamedTuple, not a dataclass: the no-change run loads this module, and not
    ``dataclasses`` with its 7 ms of imports.)
    """

    name: str
    convert: Callable[[object], Any]
    default: object
    help: str
    metavar: str | None = None  # None: a switch (true/false)
    short: str | None = None
    path: bool = False  # a path: relative to the configuration file's folder

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


OPTIONS: tuple[Option, ...] = (
    Option("site_url", _text, None, "the site's absolute http(s) URL (required)", "URL"),
    Option("title", _text, None, "the feed title (required)", "TITLE"),
    Option("output", _text, ".", "folder to write the feeds to", "OUT", short="-o", path=True),
    Option("formats", _formats, FORMAT_NAMES, "comma-separated: rss,atom,json", "LIST"),
    Option("limit", _positive_int, 20, "entries per feed, 0 for all", "N"),
    Option(
        "timezone",
        _text,
        "UTC",
        "IANA zone for dates without one (the site's, as Jekyll and Hugo read them)",
        "TZ",
    ),
    Option("dayfirst", _bool, False, "read 05/06/2024 as 5 June (a site that writes day first)"),
    Option("link_pattern", _text, "{path}/", "permalink pattern under the site URL", "P"),
    Option(
        "fallback_date", _fallback, None, "use the file's mtime when a post has no date", "mtime"
    ),
    Option("max_bytes", _positive_int, 10_000_000, "skip post files larger than this", "N"),
    Option("description", _text, None, "the feed description (default: the title)", "TEXT"),
    Option("language", _text, None, "the feed language, e.g. en-GB", "CODE"),
    Option("author", _text, None, "the site author, 'Name <email>'", "AUTHOR"),
    Option("icon", _text, None, "small square icon URL", "URL"),
    Option("logo", _text, None, "larger logo URL", "URL"),
    Option("copyright", _text, None, "copyright notice", "TEXT"),
    Option("tag_feeds", _bool, False, "also write tags/<tag>/ feeds"),
    Option("stylesheet", _text, None, "XSL stylesheet URL for RSS and Atom", "URL"),
    Option("summary_only", _bool, False, "leave the full content out"),
    Option("include_drafts", _bool, False, "publish drafts too"),
    Option("include_future", _bool, False, "publish posts dated in the future"),
    Option("strict", _bool, False, "exit 1 and write nothing on any warning"),
    Option("quiet", _bool, False, "print no warnings", short="-q"),
    Option("verbose", _bool, False, "print one line per feed file", short="-v"),
    Option("dry_run", _bool, False, "write nothing; print what would change"),
    Option(
        "cache",
        _text,
        None,
        "cache file (default: in $XDG_CACHE_HOME/postfeed/)",
        "FILE",
        path=True,
    ),
    Option("no_cache", _bool, False, "neither read nor write the cache"),
)
# The settings that are load_posts' and Feed's keywords of the same name.
LOAD_KEYS = (
    "site_url", "link_pattern", "timezone", "dayfirst", "fallback_date",
    "include_drafts", "include_future", "strict", "max_bytes", "keys",
)  # fmt: skip
OPTION_KEYS = (  # what postfeed.loading.load_options takes
    "site_url", "link_pattern", "timezone", "dayfirst", "fallback_date", "max_bytes", "keys",
)  # fmt: skip
# The `[keys]` table (configuration only, no flag): the site's own front matter keys per
# field, `title = ["newstitle"]`, tried before the built-in ones.
KEYS_TABLE = "keys"


def _keys_table(path: Path, value: object) -> dict[str, tuple[str, ...]]:
    from postfeed.metadata import check_keys  # only for a configuration that has [keys]

    if not isinstance(value, dict):
        raise UsageError(f'{path}: [keys] must be a table, such as title = ["newstitle"]')
    try:
        return dict(check_keys(value))
    except ValueError as err:
        raise UsageError(f"{path}: {err}") from err


FEED_KEYS = (
    "title", "site_url", "description", "language", "author", "timezone", "limit",
    "icon", "logo", "copyright", "summary_only", "stylesheet",
)  # fmt: skip


def pick(settings: dict[str, Any], keys: Sequence[str]) -> dict[str, Any]:
    return {key: settings[key] for key in keys}


# Settings that change what is written (the others only change what is printed).
QUIET_SETTINGS = frozenset({"quiet", "verbose", "dry_run", "cache", "no_cache"})
BY_NAME = {option.name: option for option in OPTIONS}
POSTS_DIR = Option("posts_dir", _text, None, "folder of posts", "POSTS_DIR", path=True)
BY_NAME[POSTS_DIR.name] = POSTS_DIR


def find_config(explicit: str | None) -> tuple[Path, dict[str, Any]] | None:
    """The configuration file and its postfeed table, if there is one."""
    if explicit is not None:
        candidates = [Path(explicit)]
    else:
        candidates = [p for p in (Path(CONFIG_FILE), Path(PYPROJECT)) if p.is_file()]
    for path in candidates:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as err:
            raise UsageError(f"{path}: cannot read the configuration: {err.strerror}") from err
        except UnicodeDecodeError as err:
            raise UsageError(f"{path}: not valid TOML: {err}") from err
        if path.name == PYPROJECT and explicit is None and "postfeed" not in text:
            continue  # another project's file: no [tool.postfeed] table can be in it
        import tomllib  # only when there is a configuration file

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as err:
            raise UsageError(f"{path}: not valid TOML: {err}") from err
        if path.name == PYPROJECT and explicit is None:
            table = data.get("tool", {}).get("postfeed")
            if table is None:
                continue
            return path, table
        return path, data
    return None


def read_settings(ns: argparse.Namespace) -> dict[str, Any]:
    """Defaults, then the configuration file, then the flags."""
    settings: dict[str, Any] = {option.name: option.default for option in BY_NAME.values()}
    settings[KEYS_TABLE] = None
    found = find_config(getattr(ns, "config", None))
    if found is not None:
        path, table = found
        if not isinstance(table, dict):
            raise UsageError(f"{path}: [tool.postfeed] must be a table")
        for key, value in table.items():
            name = str(key).replace("-", "_")
            if name == KEYS_TABLE:
                settings[name] = _keys_table(path, value)
                continue
            option = BY_NAME.get(name)
            if option is None:
                raise UsageError(f"{path}: unknown key {key!r}")
            try:
                converted = option.convert(value)
            except ValueError as err:
                raise UsageError(f"{path}: {key} must be {err}, not {value!r}") from err
            if option.path:
                converted = str(path.parent / converted)
            settings[name] = converted
    for name, value in vars(ns).items():
        option = BY_NAME.get(name)
        if option is None:
            continue
        try:
            settings[name] = option.convert(value)
        except ValueError as err:
            flag = option.flag if name != "posts_dir" else "POSTS_DIR"
            raise UsageError(f"{flag} must be {err}, not {value!r}") from err
    for name in ("posts_dir", "site_url", "title"):
        if settings[name] is None:
            flag = "POSTS_DIR" if name == "posts_dir" else BY_NAME[name].flag
            raise UsageError(f"{flag} is required (as a flag or in {CONFIG_FILE})")
    if settings["quiet"] and settings["verbose"]:
        raise UsageError("--quiet and --verbose do not go together")
    return settings
