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


class _Expected(ValueError):
    """A value of the wrong type or form: what was expected, and perhaps how to write it."""

    def __init__(self, expected: str, hint: str = "") -> None:
        super().__init__(expected, hint)
        self.expected, self.hint = expected, hint

    def message(self, value: object, *, in_toml: bool) -> str:
        shown = _describe(value) if in_toml else repr(value)
        return f"must be {self.expected}, not {shown}{self.hint}"


def _describe(value: object) -> str:
    """A TOML value as a reader of the file sees it, for a message."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return repr(value) if isinstance(value, int | float) else f"a {type(value).__name__}"


def _unquoted(value: str) -> str:
    """How a string that holds a number or a boolean is written as one in TOML."""
    return f" (write it without quotes: {value.strip().lower()})"


def _positive_int(value: object) -> int:
    """A whole number, 0 or more: a TOML integer (a flag's text is made one first)."""
    if isinstance(value, bool) or not isinstance(value, int):
        digits = isinstance(value, str) and value.strip().isdigit()
        raise _Expected("a whole number", _unquoted(str(value)) if digits else "")
    if value < 0:
        raise _Expected("a whole number, 0 or more")
    return value


def _int_text(text: str) -> object:
    """A flag's text as a number; left as text when it is none (refused as such)."""
    try:
        return int(text)
    except ValueError:
        return text


def _formats(value: object) -> tuple[str, ...]:
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not items:
        raise _Expected("a list of formats from rss, atom, json")
    if not all(isinstance(item, str) for item in items):
        raise _Expected("a list of strings from rss, atom, json")
    names = tuple(str(item).strip().lower() for item in items)
    unknown = [name for name in names if name not in FORMAT_NAMES]
    if unknown:
        hint = _close(unknown[0], FORMAT_NAMES)
        raise ValueError(f"must be formats from rss, atom, json, not {unknown[0]!r}{hint}")
    return tuple(dict.fromkeys(names))


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Expected("a non-empty string")
    return value


def _fallback(value: object) -> str:
    if value != "mtime":
        raise _Expected("'mtime'")
    return "mtime"


def _bool(value: object) -> bool:
    if not isinstance(value, bool):
        word = isinstance(value, str) and value.strip().lower() in ("true", "false")
        raise _Expected("true or false", _unquoted(str(value)) if word else "")
    return value


def _site_url(value: object) -> str:
    from urllib.parse import urlsplit

    text = _text(value)
    parts = urlsplit(text.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        guess = "https://" + text.strip().split("://")[-1].lstrip("/")
        hint = f" (did you mean {guess!r}?)" if "." in guess and " " not in guess else ""
        raise _Expected("an absolute http(s) URL", hint)
    return text


def _out_file(value: object, suffix: str, example: str) -> str:
    """A file name inside the output folder (``feed.css``, ``assets/feed.css``)."""
    text = _text(value).strip()
    parts = text.split("/")
    if "\\" in text or not all(part and part not in (".", "..") for part in parts):
        raise _Expected(f"a file name inside the output folder, like {example}")
    if not text.lower().endswith(suffix):
        raise _Expected(f"a {suffix} file name, like {example}")
    return text


def _stylesheet(value: object) -> str:
    """A URL (``https://…``, ``/…``) is linked as it is; a file name is written in OUT."""
    text = _text(value).strip()
    if "://" in text or text.startswith("/"):
        return text
    if text.lower().endswith((".xsl", ".xslt")):
        raise _Expected(
            "a .css file name, like feed.css (postfeed ships CSS: browsers are removing"
            " XSLT), or your own stylesheet's URL"
        )
    return _out_file(text, ".css", "feed.css")


def _page(value: object) -> str:
    return _out_file(value, ".html", "feeds.html")


def _timezone(value: object) -> str:
    """An IANA zone name that exists; a misspelt one is met with the likely one.

    Checked by ``check_late``, after the no-change check: loading zoneinfo (and sysconfig)
    for it would cost every quiet cron run time, and a zone that does not exist never
    reaches a no-change run (no run with it ever finished)."""
    name = _text(value)
    if name == "UTC":
        return name
    from postfeed.dates import zone  # zoneinfo, then dateutil's own zone data

    try:
        zone(name)
    except ValueError:
        raise ValueError(f"unknown time zone {name!r}{_zone_hint(name)}") from None
    return name


def _zone_hint(name: str) -> str:
    """' (did you mean 'Europe/Berlin'?)' for 'Berlin', 'europe/berlin', 'Europe/Berlni'."""
    import difflib
    from zoneinfo import available_timezones

    zones = sorted(available_timezones())
    wanted = name.strip().replace(" ", "_").lower()
    for candidates in (
        [z for z in zones if z.lower() == wanted],
        [z for z in zones if z.lower().rsplit("/", 1)[-1] == wanted],
    ):
        if candidates:
            return f" (did you mean {candidates[0]!r}?)"
    by_city = {z.rsplit("/", 1)[-1].lower(): z for z in reversed(zones)}
    found = difflib.get_close_matches(wanted, [z.lower() for z in zones], n=1)
    if found:
        return f" (did you mean {next(z for z in zones if z.lower() == found[0])!r}?)"
    found = difflib.get_close_matches(wanted, list(by_city), n=1)
    if found:
        return f" (did you mean {by_city[found[0]]!r}?)"
    return " (an IANA name such as 'Europe/Berlin' or 'America/New_York')"


def _close(word: str, choices: Sequence[str], show: Callable[[str], str] = repr) -> str:
    """' (did you mean X?)' when a choice is close to ``word``, else ''."""
    import difflib  # only for a message

    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {show(found[0])}?)" if found else ""


class Option(NamedTuple):
    """One setting: flag and key share the name (``site_url`` ↔ ``--site-url``)."""

    name: str
    convert: Callable[[object], Any]
    default: object
    help: str
    metavar: str | None = None  # None: a switch (true/false)
    short: str | None = None
    path: bool = False  # a path: relative to the configuration file's folder
    # A flag's text → the value ``convert`` takes (TOML values come typed: no guessing).
    parse: Callable[[str], object] = str

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


OPTIONS: tuple[Option, ...] = (
    Option("site_url", _site_url, None, "the site's absolute http(s) URL (required)", "URL"),
    Option("title", _text, None, "the feed title (required)", "TITLE"),
    Option("output", _text, ".", "folder to write the feeds to", "OUT", short="-o", path=True),
    Option("formats", _formats, FORMAT_NAMES, "comma-separated: rss,atom,json", "LIST"),
    Option("limit", _positive_int, 20, "entries per feed, 0 for all", "N", parse=_int_text),
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
    Option(
        "max_bytes",
        _positive_int,
        10_000_000,
        "skip post files larger than this",
        "N",
        parse=_int_text,
    ),
    Option("description", _text, None, "the feed description (default: the title)", "TEXT"),
    Option("language", _text, None, "the feed language, e.g. en-GB", "CODE"),
    Option("author", _text, None, "the site author, 'Name <email>'", "AUTHOR"),
    Option("icon", _text, None, "small square icon URL", "URL"),
    Option("logo", _text, None, "larger logo URL", "URL"),
    Option("copyright", _text, None, "copyright notice", "TEXT"),
    Option("tag_feeds", _bool, False, "also write tags/<tag>/ feeds"),
    Option(
        "stylesheet",
        _stylesheet,
        None,
        "a .css file to write in OUT (e.g. feed.css): the feeds then read like a page in a"
        " browser; or the URL of your own stylesheet",
        "FILE|URL",
    ),
    Option(
        "feeds_page",
        _page,
        None,
        "also write this HTML page in OUT (e.g. feeds.html): the feeds' addresses and how"
        " to subscribe",
        "FILE",
    ),
    Option("summary_only", _bool, False, "leave the full content out"),
    Option("include_drafts", _bool, False, "publish drafts too"),
    Option("include_future", _bool, False, "publish posts dated in the future"),
    Option("strict", _bool, False, "exit 1 and write nothing on any warning"),
    Option("quiet", _bool, False, "print nothing but errors", short="-q"),
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
QUIET_SETTINGS = frozenset({"quiet", "verbose", "dry_run", "cache", "no_cache", "sources"})
# Checked once the run has work to do (``check_late``): name → the full check.
LATE_CHECKS: dict[str, Callable[[object], Any]] = {"timezone": _timezone}
BY_NAME = {option.name: option for option in OPTIONS}
POSTS_DIR = Option(
    "posts_dir", _text, None, "folder of posts, or a site's folder (its config is read)",
    "POSTS_DIR", path=True,
)  # fmt: skip
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


def _problem(err: ValueError, value: object, in_toml: bool) -> str:
    return err.message(value, in_toml=in_toml) if isinstance(err, _Expected) else str(err)


def _unknown_key(key: str) -> str:
    """The message for a key no option has, with the likely one in the writer's style."""
    names = [name for name in BY_NAME if name != "posts_dir"] + ["posts_dir"]
    if "-" in key:
        names = [name.replace("_", "-") for name in names]
    hint = _close(key.replace("_", "-") if "-" in key else key, names)
    return f"unknown key {key!r}{hint or ' (the keys are the long flags: see postfeed --help)'}"


def read_settings(ns: argparse.Namespace) -> dict[str, Any]:
    """Defaults, then the configuration file, then the flags."""
    settings: dict[str, Any] = {option.name: option.default for option in BY_NAME.values()}
    sources: dict[str, str] = {}  # setting → where it was set: "postfeed.toml: key", "--flag"
    settings["sources"] = sources
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
                raise UsageError(f"{path}: {_unknown_key(str(key))}")
            try:
                converted = option.convert(value)
            except ValueError as err:
                raise UsageError(f"{path}: {key}: {_problem(err, value, True)}") from err
            if option.path:
                converted = str(path.parent / converted)
            settings[name] = converted
            sources[name] = f"{path}: {key}"
    for name, value in vars(ns).items():
        option = BY_NAME.get(name)
        if option is None:
            continue
        try:
            settings[name] = option.convert(
                option.parse(value) if isinstance(value, str) else value
            )
            sources[name] = option.flag
        except ValueError as err:
            flag = option.flag if name != "posts_dir" else "POSTS_DIR"
            raise UsageError(f"{flag}: {_problem(err, value, False)}") from err
    if settings["posts_dir"] is not None:
        from postfeed.site import site_settings  # a site's folder: what it says

        try:
            settings.update(site_settings(settings["posts_dir"], set(sources)))
        except ValueError as err:  # a broken site configuration
            raise UsageError(str(err)) from err
    if getattr(ns, "explain", False):  # it prints what the site gives, whatever is missing
        return settings
    for name in ("posts_dir", "site_url", "title"):
        if settings[name] is None:
            flag = "POSTS_DIR" if name == "posts_dir" else BY_NAME[name].flag
            where = "the site's configuration, " if settings.get("site") else ""
            raise UsageError(f"{flag} is required (as a flag or in {where}{CONFIG_FILE})")
    if settings["quiet"] and settings["verbose"]:
        raise UsageError("--quiet and --verbose do not go together")
    return settings


def check_late(settings: dict[str, Any]) -> None:
    """The checks ``read_settings`` leaves for when there is work to do (``LATE_CHECKS``),
    failing as it would: naming the file and key, or the flag."""
    for name, check in LATE_CHECKS.items():
        try:
            check(settings[name])
        except ValueError as err:
            where = settings["sources"].get(name, BY_NAME[name].flag)
            raise UsageError(f"{where}: {err}") from err
