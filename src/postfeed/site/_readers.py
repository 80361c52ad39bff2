"""The readers of ``read_site``: one small class per generator, each finding the site's
configuration (``detect``) and reading it into a ``Site`` (``read``). Configuration files
are parsed by ``_config_files``, never run; the link rules are ``_permalinks``'.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, ClassVar, NamedTuple, Protocol

from postfeed.site._config_files import (
    ConfigFile,
    Unreadable,
    js_consts,
    js_literals,
    js_strings,
    load_config,
)
from postfeed.site._permalinks import (
    AstroLinks,
    DocusaurusLinks,
    EleventyLinks,
    HugoLinks,
    JekyllLinks,
    MkDocsLinks,
    PelicanLinks,
    PostInfo,
    ZolaLinks,
)

POST_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".txt")


class LinkRule(Protocol):
    """A generator's permalink rule (``_permalinks``): a post → its URL path."""

    def link(self, post: PostInfo) -> str: ...


class Setting(NamedTuple):
    """One thing read from the site: its name, value and where it came from."""

    name: str
    value: object
    source: str


@dataclass(frozen=True)
class Ignore:
    """What a generator's configuration says is not content: regexes searched for in the
    absolute path the generator walks (``root`` joined to a path under the site's folder).
    With ``folders_under``, each folder below that one is matched too, and a file under a
    folder that matches is not read (Hugo does not walk into it)."""

    patterns: tuple[str, ...]
    root: str
    folders_under: str | None = None

    def matches(self, relpath: str) -> bool:
        paths = [relpath]
        if self.folders_under is not None:
            base = self.folders_under.strip("/") + "/"
            if relpath.startswith(base):
                parts = relpath[len(base) :].split("/")[:-1]
                paths += [base + "/".join(parts[: i + 1]) for i in range(len(parts))]
        return any(
            re.search(pattern, f"{self.root}/{path}") for path in paths for pattern in self.patterns
        )


@dataclass(frozen=True)
class Site:
    """What a site's configuration says, and its generator's permalink rule.

    ``posts`` are the folders (relative to ``root``) that hold the posts; ``link`` gives
    a post's URL path under ``site_url``. ``None`` means the site does not say.
    ``explained`` lists every setting read, with ``file:line``; ``unread`` names what
    could not be read (code, not a literal) and the option that sets it.
    """

    root: str
    generator: str
    site_url: str | None = None
    title: str | None = None
    description: str | None = None
    author: str | None = None
    language: str | None = None
    timezone: str | None = None
    posts: tuple[str, ...] = ()
    include_future: bool | None = None
    include_drafts: bool | None = None
    rule: LinkRule | None = None
    post_pattern: str | None = None  # a regex a post's path under the root matches
    suffixes: tuple[str, ...] = POST_SUFFIXES
    dayfirst: bool | None = None  # numeric dates read day first (Ruby's Time.parse)
    bundle_resources: bool = False  # a file beside a bundle's index.md is not a page (Hugo)
    # Folders (paths under the root) the generator never reads posts from: its build
    # output, its dependencies, what its configuration excludes. node_modules never is.
    skip: tuple[str, ...] = ()
    ignore: Ignore | None = None  # files the configuration says are not content
    explained: tuple[Setting, ...] = field(default=(), compare=False)
    unread: tuple[str, ...] = field(default=(), compare=False)

    def link(
        self,
        relpath: str,
        *,
        metadata: Mapping[str, object] | None = None,
        date: dt.datetime,
        title: str = "",
    ) -> str:
        """The URL path (``/2023/01/15/hello.html``) the generator publishes the post at
        (``relpath`` under the site root), or an absolute URL the post names itself."""
        meta = {str(k).lower(): v for k, v in (metadata or {}).items()}
        if self.rule is None:
            raise ValueError(f"no permalink rule for a {self.generator} site")
        return self.rule.link(PostInfo(relpath, meta, date, title))

    def skip_under(self, folder: str) -> frozenset[str]:
        """What the walk of the posts folder ``folder`` skips: ``node_modules`` at any
        depth, and the ``skip`` paths under that folder."""
        prefix = "" if folder in ("", ".") else folder.strip("/") + "/"
        paths = {s.strip("/")[len(prefix) :] for s in self.skip if s.strip("/").startswith(prefix)}
        return frozenset({"node_modules"} | {p for p in paths if p})

    def is_post(self, relpath: str) -> bool:
        """Whether the file at ``relpath`` (under the root) is one of the site's posts."""
        if self.post_pattern is not None and re.search(self.post_pattern, relpath) is None:
            return False
        if self.ignore is not None and self.ignore.matches(relpath):
            return False
        if self.bundle_resources:
            folder, _, name = relpath.rpartition("/")
            if not name.startswith("index.") and any(
                os.path.isfile(os.path.join(self.root, folder, f"index{suffix}"))
                for suffix in self.suffixes
            ):
                return False
        return True

    def explain(self) -> list[str]:
        """One line per setting read, with its source, then what could not be read."""
        lines = [f"generator: {self.generator}"]
        lines += [f"{s.name}: {s.value!s} ({s.source})" for s in self.explained]
        lines += [f"not read: {text}" for text in self.unread]
        for name in ("site_url", "title"):
            if getattr(self, name) is None and not any(name in t for t in self.unread):
                flag = "--" + name.replace("_", "-")
                lines.append(
                    f"not read: {name}: the site's configuration does not give it; set {flag}"
                )
        return lines

    def cli_settings(self) -> dict[str, object]:
        """The command's settings this site gives (flags and postfeed.toml win)."""
        values = {
            "site_url": self.site_url,
            "title": self.title,
            "description": self.description,
            "language": self.language,
            "author": self.author,
            "timezone": self.timezone,
            "include_future": self.include_future,
            "include_drafts": self.include_drafts,
        }
        return {k: v for k, v in values.items() if v is not None}


# Folders a site keeps that never hold its posts (and can be huge).
_NEVER = frozenset({"node_modules", "vendor", "_site", "public", "dist", "output", "resources"})
# Section and collection names that hold a blog's posts, when the site does not say.
_BLOG_NAMES = ("posts", "post", "blog", "news", "articles", "announcements")


# --- reading helpers ----------------------------------------------------------------


class _Notes:
    """What a reader found: settings with their sources, and what it could not read."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.settings: list[Setting] = []
        self.unread: list[str] = []
        self.values: dict[str, Any] = {}

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def take(self, name: str, value: object, config: ConfigFile | None, key: str = "") -> Any:
        """Record ``value`` for ``name`` when it is usable; name it when it is code."""
        if value is None or value == "":
            return None
        source = "default" if config is None else self.where(config, key or name)
        if isinstance(value, Unreadable):
            option = "--" + name.replace("_", "-")
            self.unread.append(f"{name} in {source} is code ({value.source}); set {option}")
            return None
        self.settings.append(Setting(name, value, source))
        self.values[name] = value
        return value

    def where(self, config: ConfigFile, key: str) -> str:
        """``file:line`` of a key, the file's path relative to the site."""
        line = config.line(key.split(".")[-1])
        rel = self.rel(config.path)
        return f"{rel}:{line}" if line else rel

    def note(self, name: str, value: object, source: str) -> None:
        self.settings.append(Setting(name, value, source))
        self.values[name] = value

    def site(self, generator: str, **fields: Any) -> Site:
        """The ``Site`` a reader found: ``fields``, with what was read and not read; the
        title, description, author and language noted, unless ``fields`` gives them."""
        for name in ("title", "description", "author", "language"):
            fields.setdefault(name, self.values.get(name))
        return Site(
            root=str(self.root),
            generator=generator,
            explained=tuple(self.settings),
            unread=tuple(self.unread),
            **fields,
        )


def _text(value: object) -> str | None:
    if isinstance(value, Unreadable):
        return None
    if value is None or isinstance(value, bool | dict | list):
        return None
    text = str(value).strip()
    return text or None


def _author(value: object) -> str | None:
    """``Name``, ``{name, email}`` or a list of them → ``Name <email>``."""
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, Mapping):
        name = _text(value.get("name"))
        email = _text(value.get("email"))
        if name and email:
            return f"{name} <{email}>"
        return name or email
    return _text(value)


def _walk_dirs(root: Path, depth: int = 6) -> Iterator[Path]:
    """Folders under ``root`` (not hidden, not a build or dependency folder)."""
    stack = [(root, 0)]
    while stack:
        folder, level = stack.pop()
        yield folder
        if level >= depth:
            continue
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name, reverse=True)
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith(".") or entry.name in _NEVER:
                continue
            if entry.is_dir(follow_symlinks=False):
                stack.append((Path(entry.path), level + 1))


def _first_file(root: Path, names: tuple[str, ...]) -> Path | None:
    return next((root / n for n in names if (root / n).is_file()), None)


def _site_url(url: object, base: object = None) -> str | None:
    text = _text(url)
    if text is None or not re.match(r"https?://[^/]", text, re.IGNORECASE):
        return None
    base_text = _text(base)
    if base_text:
        text = text.rstrip("/") + "/" + base_text.strip("/")
    return text


def _rel_regex(folders: tuple[str, ...], tail: str = r"[^/]+") -> str:
    """A regex matching files under any of ``folders`` (relative, ``/``-separated)."""
    alts = "|".join(re.escape(f.strip("/")) + "/" for f in folders if f.strip("/"))
    return rf"^(?:{alts})(?:.*/)?{tail}$" if alts else rf"(?:^|/){tail}$"


class _Reader:
    """One generator: the config files that show a site is its (``detect``, the first
    one present), and how its site is read (``read``)."""

    name: ClassVar[str]
    configs: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def detect(cls, root: Path) -> Path | None:
        return _first_file(root, cls.configs)

    def read(self, root: Path, config_path: Path) -> Site:
        raise NotImplementedError


# --- Jekyll -------------------------------------------------------------------------


class _Jekyll(_Reader):
    name = "jekyll"
    configs = ("_config.yml", "_config.yaml", "_config.toml")

    def read(self, root: Path, config_path: Path) -> Site:
        config = load_config(config_path)
        notes = _Notes(root)
        url = _site_url(config.get("url"), config.get("baseurl"))
        notes.take("site_url", url, config, "url")
        notes.take("title", _text(config.get("title")), config)
        notes.take("description", _text(config.get("description")), config)
        notes.take("author", _author(config.get("author")), config)
        notes.take(
            "language", _text(config.get("lang")) or _text(config.get("locale")), config, "lang"
        )
        timezone = notes.take("timezone", _text(config.get("timezone")), config)
        future = config.get("future")
        notes.take("include_future", bool(future) if future is not None else None, config, "future")
        drafts = config.get("show_drafts")
        notes.take(
            "include_drafts", bool(drafts) if drafts is not None else None, config, "show_drafts"
        )
        permalink = _text(config.get("collections", "posts", "permalink")) or _text(
            config.get("permalink")
        )
        if permalink is None:
            notes.note("permalink", "date (Jekyll's default)", "default")
            permalink = "date"
        else:
            notes.take("permalink", permalink, config, "permalink")
        defaults = self._defaults(config.get("defaults"))
        for path, values in defaults:
            for key, value in values:
                notes.take(f"defaults[{path or '*'}].{key}", value, config, "defaults")
        collections_dir = (_text(config.get("collections_dir")) or "").strip("/")
        source = root / collections_dir if collections_dir else root
        excluded = {str(x).strip("/") for x in config.get("exclude") or [] if isinstance(x, str)}
        posts = []
        for folder in _walk_dirs(source):
            rel = notes.rel(folder)
            if folder.name == "_posts" and not any(
                rel == x or rel.startswith(x + "/") for x in excluded
            ):
                posts.append(rel)
        notes.note("posts", ", ".join(posts) or "(no _posts folder)", "every _posts folder")
        return notes.site(
            self.name,
            site_url=url,
            timezone=timezone,
            posts=tuple(posts),
            include_future=bool(future) if future is not None else False,
            include_drafts=bool(drafts) if drafts is not None else None,
            rule=JekyllLinks(permalink, timezone, collections_dir, defaults),
            # Jekyll publishes a _posts file only when its name starts with a date.
            post_pattern=r"(?:^|/)_posts/(?:.*/)?\d{2,4}-\d{1,2}-\d{1,2}-[^/]*\.[^./]+$",
            suffixes=(*POST_SUFFIXES, ".mkdown", ".mkdn"),
            dayfirst=True,
            # Jekyll's destination and its default excludes, and the site's own excludes.
            skip=(
                (_text(config.get("destination")) or "_site").strip("/").removeprefix("./"),
                *(f"vendor/{name}" for name in ("bundle", "cache", "gems", "ruby")),
                *sorted(x for x in excluded if x),
            ),
        )

    @staticmethod
    def _defaults(value: object) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
        """The ``defaults`` entries that apply to posts and set what a link reads."""
        found = []
        for entry in value if isinstance(value, list) else []:
            if not isinstance(entry, Mapping):
                continue
            scope = entry.get("scope")
            scope = scope if isinstance(scope, Mapping) else {}
            if scope.get("type") not in (None, "posts"):
                continue
            values = entry.get("values")
            if not isinstance(values, Mapping):
                continue
            kept = []
            for key in ("permalink", "category", "categories"):
                item = values.get(key)
                if isinstance(item, list):
                    item = " ".join(str(x) for x in item)
                if isinstance(item, str | int | float) and not isinstance(item, bool):
                    kept.append((key, str(item)))
            if kept:
                found.append((str(scope.get("path") or ""), tuple(kept)))
        return tuple(found)


# --- Hugo ---------------------------------------------------------------------------


class _Hugo(_Reader):
    name = "hugo"
    _formats = ("toml", "yaml", "yml", "json")

    @classmethod
    def detect(cls, root: Path) -> Path | None:
        names = [f"hugo.{f}" for f in cls._formats]
        found = _first_file(root, tuple(names))
        if found is None:
            found = _first_file(root / "config" / "_default", tuple(names))
        if found is None:
            found = _first_file(
                root / "config" / "_default", tuple(f"config.{f}" for f in cls._formats)
            )
        if found is None:
            for fmt in cls._formats:
                path = root / f"config.{fmt}"
                if path.is_file() and re.search(
                    r"^\s*[\"']?baseurl[\"']?\s*[=:]", _peek(path), re.MULTILINE | re.IGNORECASE
                ):
                    return path
        return found

    def _load(self, config_path: Path) -> tuple[ConfigFile, list[ConfigFile]]:
        config = load_config(config_path)
        parts = []
        if config_path.parent.name == "_default":  # a split configuration: file = key
            for path in sorted(config_path.parent.iterdir()):
                if path == config_path or path.suffix.lstrip(".") not in self._formats:
                    continue
                part = load_config(path)
                parts.append(part)
        return config, parts

    def read(self, root: Path, config_path: Path) -> Site:
        config, parts = self._load(config_path)
        notes = _Notes(root)

        def get(*keys: str) -> tuple[Any, ConfigFile]:
            value = config.get(*keys)
            if value is not None:
                return value, config
            for part in parts:
                if part.path.stem.lower() == keys[0].lower():
                    inner = part.get(*keys[1:]) if len(keys) > 1 else part.data
                    if inner is not None:
                        return inner, part
            return None, config

        def take(name: str, *keys: str, value: object = None) -> Any:
            found, where = get(*keys)
            return notes.take(name, value if value is not None else found, where, keys[-1])

        url = take("site_url", "baseURL", value=_site_url(get("baseURL")[0]))
        default_lang = (_text(get("defaultContentLanguage")[0]) or "en").lower()
        title = _text(get("title")[0])
        if title is None:  # a multilingual site may title each language
            take("title", "languages", default_lang, "title")
        else:
            take("title", "title", value=title)
        description = _text(get("params", "description")[0]) or _text(get("description")[0])
        take("description", "description", value=description)
        take("author", "params", "author", value=_author(get("params", "author")[0]))
        if "author" not in notes.values:
            take("author", "author", value=_author(get("author")[0]))
        language = _text(get("languageCode")[0]) or _text(
            get("languages", default_lang, "languageCode")[0]
        )
        take("language", "languageCode", value=language)
        timezone = take("timezone", "timeZone", value=_text(get("timeZone")[0]))
        future = get("buildFuture")[0]
        drafts = get("buildDrafts")[0]
        take("include_future", "buildFuture", value=future)
        take("include_drafts", "buildDrafts", value=drafts)
        languages_map = get("languages")[0]
        languages = (
            tuple(str(k).lower() for k in languages_map)
            if isinstance(languages_map, Mapping)
            else ()
        )
        content = (_text(get("contentDir")[0]) or "content").strip("/")
        lang_dir = _text(get("languages", default_lang, "contentDir")[0])
        mounted = self._content_mount(get("module", "mounts")[0], default_lang)
        in_subdir = bool(get("defaultContentLanguageInSubdir")[0])
        prefix = f"/{default_lang}" if in_subdir else ""
        if lang_dir:
            content = lang_dir.strip("/")
            notes.take("content", content, config, "contentDir")
        elif mounted:
            content = mounted
            notes.take("content", content, get("module")[1], "mounts")
        elif languages and (root / content / default_lang).is_dir():
            content = f"{content}/{default_lang}"
            notes.note(
                "content", content, f"a folder named after the default language {default_lang!r}"
            )
        else:
            notes.note("content", content, "contentDir" if get("contentDir")[0] else "default")
        permalinks = self._permalinks(get("permalinks")[0])
        if permalinks:
            take("permalinks", "permalinks", value=", ".join(f"{k} = {v}" for k, v in permalinks))
        ugly = get("uglyURLs")[0]
        take("ugly_urls", "uglyURLs", value=ugly)
        lower = not bool(get("disablePathToLower")[0])
        date_keys = get("frontmatter", "date")[0]
        filename_dates = isinstance(date_keys, list) and ":filename" in date_keys
        if filename_dates:
            take("frontmatter_date", "frontmatter", "date", value=", ".join(date_keys))
        main = get("params", "mainSections")[0]
        if isinstance(main, list) and main:
            sections = [str(s) for s in main]
            take("posts", "params", "mainSections", value=", ".join(sections))
        else:
            sections = [n for n in _BLOG_NAMES if (root / content / n).is_dir()]
            source = "sections named like a blog's" if sections else "the whole content folder"
            notes.note("posts", ", ".join(sections) or content, source)
        posts = tuple(f"{content}/{s}" for s in sections) or (content,)
        found, where = get("ignoreFiles")
        ignore = self._ignore_files(found, where, root, content, notes)
        return notes.site(
            self.name,
            site_url=url,
            timezone=timezone,
            posts=posts,
            include_future=bool(future) if future is not None else False,
            include_drafts=bool(drafts) if drafts is not None else None,
            rule=HugoLinks(
                content_dirs=((content, prefix),),
                permalinks=permalinks,
                ugly_urls=bool(ugly) if isinstance(ugly, bool) else False,
                lower=lower,
                languages=languages,
                filename_dates=filename_dates,
                nested_sections=self._nested_sections(root, content),
            ),
            # A translation (post.fr.md) belongs to another language's site and feed.
            post_pattern=r"(?:^|/)(?!_index\.)[^/]+$" + _other_languages(languages, default_lang),
            bundle_resources=True,
            ignore=ignore,
        )

    @staticmethod
    def _ignore_files(
        value: object, config: ConfigFile, root: Path, content: str, notes: _Notes
    ) -> Ignore | None:
        """``ignoreFiles``: regular expressions Hugo searches for in the absolute path of
        each file and folder it walks (Go's RE2 syntax, which Python's ``re`` shares for
        the usual patterns); one neither can compile is named, and left out."""
        listed = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        patterns = []
        for pattern in (str(p) for p in listed):
            try:
                re.compile(pattern)
            except re.error as err:
                notes.unread.append(
                    f"ignoreFiles in {notes.where(config, 'ignoreFiles')}: {pattern!r} is not a "
                    f"regular expression ({err}); left out"
                )
                continue
            patterns.append(pattern)
        if not patterns:
            return None
        notes.take("ignore_files", ", ".join(patterns), config, "ignoreFiles")
        # Hugo matches the path under its working folder made absolute, symlinks kept.
        return Ignore(tuple(patterns), os.path.abspath(root), folders_under=content)

    @staticmethod
    def _nested_sections(root: Path, content: str) -> tuple[str, ...]:
        """The folders below the top level of the content folder that are sections: each
        with an ``_index`` file (a branch bundle)."""
        base = root / content
        found = []
        for folder in _walk_dirs(base, depth=12) if base.is_dir() else ():
            rel = folder.relative_to(base).as_posix()
            if "/" in rel and any(folder.glob("_index.*")):
                found.append(rel)
        return tuple(sorted(found))

    @staticmethod
    def _content_mount(mounts: object, language: str) -> str | None:
        """The folder ``[[module.mounts]]`` mounts as the content of the default language
        (a mount without ``lang`` serves every language)."""
        for mount in mounts if isinstance(mounts, list) else []:
            if (
                not isinstance(mount, Mapping)
                or str(mount.get("target", "")).strip("/") != "content"
            ):
                continue
            if mount.get("lang") not in (None, language):
                continue
            source = _text(mount.get("source"))
            if source:
                return source.strip("/").removeprefix("./")
        return None

    @staticmethod
    def _permalinks(value: object) -> tuple[tuple[str, str], ...]:
        """``[permalinks] posts = "…"`` and the newer ``[permalinks.page] posts = "…"``."""
        if not isinstance(value, Mapping):
            return ()
        page = value.get("page")
        table = page if isinstance(page, Mapping) else value
        return tuple(
            (str(k), str(v)) for k, v in table.items() if isinstance(v, str) and k != "section"
        )


def _other_languages(languages: tuple[str, ...], default: str) -> str:
    """A regex tail refusing ``name.<lang>.md`` for the site's other languages."""
    return "".join(rf"(?<!\.{re.escape(code)}\.md)" for code in languages if code != default)


def _peek(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")[:200_000]
    except OSError:
        return ""


# --- Pelican ------------------------------------------------------------------------


class _Pelican(_Reader):
    name = "pelican"
    configs = ("pelicanconf.py",)

    def read(self, root: Path, config_path: Path) -> Site:
        config = load_config(config_path)  # a syntax error: one line naming the file
        values = config.data
        publish_path = root / "publishconf.py"
        publish = None
        if publish_path.is_file():  # production settings (SITEURL) live there
            publish = load_config(publish_path)
        notes = _Notes(root)

        def get(key: str) -> tuple[Any, ConfigFile]:
            if publish is not None and key in publish.data:
                return publish.data[key], publish
            return values.get(key), config

        def take(name: str, key: str, convert: Any = _text) -> Any:
            value, where = get(key)
            if isinstance(value, Unreadable):
                return notes.take(name, value, where, key)
            return notes.take(name, convert(value), where, key)

        url = take("site_url", "SITEURL", _site_url)
        take("title", "SITENAME")
        take("author", "AUTHOR")
        language = take("language", "DEFAULT_LANG") or "en"
        timezone = take("timezone", "TIMEZONE")
        future = get("WITH_FUTURE_DATES")[0]
        take("include_future", "WITH_FUTURE_DATES", lambda v: v if isinstance(v, bool) else None)
        path = take("posts_root", "PATH")  # code (os.path.join…) is named, not guessed at
        if path is None:
            path = "content" if (root / "content").is_dir() else ""
            notes.note(
                "posts_root", path or ".", "PATH not read: the folder `pelican content` reads"
            )
        path = path.strip("/").removeprefix("./")
        path = "" if path == "." else path  # PATH = "." (Pelican's default): the root
        article_url = take("article_url", "ARTICLE_URL")
        if article_url is None:
            article_url = "{slug}.html"
            notes.note("article_url", article_url, "Pelican's default")
        article_paths = get("ARTICLE_PATHS")[0]
        page_paths = get("PAGE_PATHS")[0]
        excludes = get("ARTICLE_EXCLUDES")[0]
        paths = [str(p) for p in article_paths] if isinstance(article_paths, list) else [""]
        pages = [str(p) for p in page_paths] if isinstance(page_paths, list) else ["pages"]
        skipped = [str(p) for p in excludes] if isinstance(excludes, list) else []
        skipped = [*pages, *skipped]
        posts = tuple("/".join(p for p in (path, a.strip("/")) if p) or "." for a in paths)
        subs = get("SLUG_REGEX_SUBSTITUTIONS")[0]
        rule = PelicanLinks(
            article_url=article_url,
            path=path,
            preserve_case=get("SLUGIFY_PRESERVE_CASE")[0] is True,
            use_unicode=get("SLUGIFY_USE_UNICODE")[0] is True,
            slugify_source=_text(get("SLUGIFY_SOURCE")[0]) or "title",
            default_category=_text(get("DEFAULT_CATEGORY")[0]) or "misc",
            folder_category=get("USE_FOLDER_AS_CATEGORY")[0] is not False,
            language=language,
        )
        filename_metadata = take("filename_metadata", "FILENAME_METADATA")
        if filename_metadata is not None:
            rule = replace(rule, filename_metadata=filename_metadata)
        path_metadata = take("path_metadata", "PATH_METADATA")
        if path_metadata is not None:
            rule = replace(rule, path_metadata=path_metadata)
        if isinstance(subs, list) and all(
            isinstance(s, tuple | list) and len(s) == 2 for s in subs
        ):
            rule = replace(rule, slug_subs=tuple((str(a), str(b)) for a, b in subs))
        output = (_text(get("OUTPUT_PATH")[0]) or "output").strip("/").removeprefix("./")
        prefix = f"{re.escape(path)}/" if path else ""
        skip = "|".join(re.escape(s.strip("/")) + "/" for s in skipped if s.strip("/"))
        pattern = rf"^{prefix}(?!{skip})" if skip else rf"^{prefix}"
        return notes.site(
            self.name,
            site_url=url,
            language=language,
            timezone=timezone,
            posts=posts,
            include_future=future if isinstance(future, bool) else True,
            rule=rule,
            post_pattern=pattern,
            skip=(output,),  # where pelican writes the site
        )


# --- Zola ---------------------------------------------------------------------------


class _Zola(_Reader):
    name = "zola"

    @classmethod
    def detect(cls, root: Path) -> Path | None:
        path = root / "config.toml"
        if path.is_file() and re.search(r"^\s*base_url\s*=", _peek(path), re.MULTILINE):
            return path
        return None

    def read(self, root: Path, config_path: Path) -> Site:
        config = load_config(config_path)
        notes = _Notes(root)
        url = notes.take("site_url", _site_url(config.get("base_url")), config, "base_url")
        notes.take("title", _text(config.get("title")), config)
        notes.take("description", _text(config.get("description")), config)
        notes.take(
            "author",
            _author(config.get("author")) or _author(config.get("extra", "author")),
            config,
            "author",
        )
        language = notes.take(
            "language", _text(config.get("default_language")), config, "default_language"
        )
        slugify = config.get("slugify", "paths")
        slugify = notes.take("slugify_paths", _text(slugify), config, "paths") or "on"
        languages = config.get("languages")
        default = (language or "en").lower()
        codes = tuple(
            code
            for code in (str(k).lower() for k in languages or {})
            if isinstance(languages, Mapping) and code != default
        )
        notes.note("posts", "content", "every page of a section sorted by date")
        ignore = self._ignored_content(config, root, notes)
        sections = self._sections(root / "content", ignore)
        return notes.site(
            self.name,
            site_url=url,
            language=language,
            posts=("content",),
            include_future=True,  # Zola publishes a page whatever its date
            rule=ZolaLinks(
                "content", str(slugify), codes, config.get("slugify", "paths_keep_dates") is True
            ),
            post_pattern=self._pattern(sections),
            suffixes=(".md",),
            ignore=ignore,
        )

    @staticmethod
    def _ignored_content(config: ConfigFile, root: Path, notes: _Notes) -> Ignore | None:
        """``ignored_content``: globs Zola matches (``globset``, ``*`` crossing ``/``)
        against the whole path of each file and folder it walks, absolute: ``drafts/*``
        matches nothing, ``**/drafts/*`` the drafts."""
        listed = config.get("ignored_content")
        globs, patterns = [], []
        where = notes.where(config, "ignored_content")
        for glob in (str(g) for g in listed) if isinstance(listed, list) else ():
            try:
                patterns.append(globset_regex(glob))
                globs.append(glob)
            except ValueError as err:
                notes.unread.append(f"ignored_content in {where}: {glob!r} is {err}; left out")
                continue
            if glob[:1] not in ("*", "?", "[", "{", "/", "\\"):
                notes.unread.append(
                    f"ignored_content in {where}: {glob!r} matches no file, as Zola matches "
                    f"the absolute path (write '**/{glob}')"
                )
        if not patterns:
            return None
        notes.take("ignored_content", ", ".join(globs), config)
        # Zola walks the site's folder made canonical (symlinks resolved).
        return Ignore(tuple(patterns), os.path.realpath(root))

    @staticmethod
    def _sections(content: Path, ignore: Ignore | None = None) -> dict[str, bool]:
        """Each section folder (relative to content/) → whether its pages are a dated
        list: sorted by date, or transparent inside a section that is. A folder that
        ``ignored_content`` matches lists nothing: Zola never reads its ``_index.md``, and
        its pages belong to no section (a page's section is its own folder's)."""
        import tomllib

        found: dict[str, tuple[str, bool]] = {}
        for folder in _walk_dirs(content, depth=12):
            index = folder / "_index.md"
            if not index.is_file():
                continue
            rel = folder.relative_to(content).as_posix()
            rel = "" if rel == "." else rel
            if ignore is not None and ignore.matches(Path(content.name, rel).as_posix()):
                found[rel] = ("none", False)
                continue
            text = _peek(index)
            match = re.match(r"\ufeff?\+\+\+\s*\n(.*?)\n\+\+\+", text, re.DOTALL)
            data: Mapping[str, Any] = {}
            if match:
                try:
                    data = tomllib.loads(match.group(1))
                except tomllib.TOMLDecodeError:
                    data = {}
            found[rel] = (str(data.get("sort_by", "none")), data.get("transparent") is True)

        def dated(rel: str) -> bool:
            sort, transparent = found[rel]
            if sort == "date":
                return True
            if not transparent or not rel:
                return False
            parent = rel.rpartition("/")[0]
            while parent not in found and parent:
                parent = parent.rpartition("/")[0]
            return parent in found and dated(parent)

        return {rel: dated(rel) for rel in found}

    @staticmethod
    def _pattern(sections: Mapping[str, bool]) -> str:
        """Pages whose nearest section (the deepest folder with an ``_index.md``) lists
        them by date."""
        dated = [s for s, yes in sections.items() if yes]
        if not dated:
            return r"(?!)"
        under = [
            s
            for s, yes in sections.items()
            if not yes and any(d == "" or s.startswith(d + "/") for d in dated)
        ]
        folder = "|".join(re.escape(f"content/{s}/" if s else "content/") for s in dated)
        skip = "|".join(re.escape(f"content/{s}/") for s in under)
        guard = f"(?!{skip})" if skip else ""
        return rf"^{guard}(?:{folder})(?:[^/]+/)*(?!_index\.)[^/]+\.md$"


def globset_regex(glob: str) -> str:
    """A glob as Rust's ``globset`` reads it by default (Zola's ``ignored_content``) as a
    regex matching a whole path: ``*`` and ``?`` cross ``/``; ``**/`` at the start, ``/**/``
    inside and ``/**`` at the end match any folders; ``{a,b}``, ``[a-z]``, ``[!a]``, ``\\*``.
    ``ValueError`` (saying why) when globset refuses it. Hand-written: no library
    postfeed uses has these rules (``fnmatch`` has neither ``{a,b}`` nor ``**``)."""
    out: list[str] = []
    depth = 0  # open {…} groups
    i = 0
    while i < len(glob):
        char = glob[i]
        if glob.startswith("**", i) and (i == 0 or glob[i - 1] in "/{,"):
            after = glob[i + 2 : i + 3]
            if i == 0 and after == "/":
                out.append("(?:/?|.*/)")  # **/ at the start: any folders, or none
                i += 3
                continue
            if i > 0 and glob[i - 1] == "/" and after == "/":
                out[-1] = "(?:/|/.*/)"  # /**/ inside: one / or any folders between
                i += 3
                continue
            if i > 0 and glob[i - 1] == "/" and after == "":
                out[-1] = "/.*"  # /** at the end: everything below
                i += 2
                continue
            out.append(".*")
            i += 2
        elif char == "*":
            out.append(".*")
            i += 1
        elif char == "?":
            out.append(".")
            i += 1
        elif char == "\\":
            if i + 1 == len(glob):
                raise ValueError("a glob ending in a lone backslash")
            out.append(re.escape(glob[i + 1]))
            i += 2
        elif char == "[":
            end = i + 1
            negated = glob[end : end + 1] in ("!", "^")
            end += negated
            start = end
            if glob[end : end + 1] == "]":  # a ] first is itself
                end += 1
            end = glob.find("]", end)
            if end < 0:
                raise ValueError("a glob with an unclosed [")
            inner = glob[start:end].replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
            out.append(("[^" if negated else "[") + inner.replace("^", "\\^") + "]")
            i = end + 1
        elif char == "{":
            depth += 1
            out.append("(?:")
            i += 1
        elif char == "}" and depth:
            depth -= 1
            out.append(")")
            i += 1
        elif char == "}":
            raise ValueError("a glob with a } that closes no {")
        elif char == "," and depth:
            out.append("|")
            i += 1
        else:
            out.append(re.escape(char))
            i += 1
    if depth:
        raise ValueError("a glob with an unclosed {")
    regex = "^" + "".join(out) + r"\Z"
    try:
        re.compile(regex)
    except re.error as err:  # a range out of order: [z-a]
        raise ValueError(f"not a glob ({err})") from err
    return regex


# --- Eleventy -----------------------------------------------------------------------


class _Eleventy(_Reader):
    name = "eleventy"
    configs = (
        "eleventy.config.js",
        "eleventy.config.mjs",
        "eleventy.config.cjs",
        "eleventy.config.ts",
        ".eleventy.js",
        ".eleventy.cjs",
        ".eleventy.mjs",
    )

    def read(self, root: Path, config_path: Path) -> Site:
        config = load_config(config_path)
        notes = _Notes(root)
        input_dir = (_text(config.get("input")) or ".").strip("/").removeprefix("./") or "."
        if config.get("input"):
            notes.take("input", input_dir, config)
        else:
            notes.note("input", ".", "default")
        prefix = _text(config.get("pathPrefix")) or "/"
        if config.get("pathPrefix"):
            notes.take("path_prefix", prefix, config, "pathPrefix")
        base = root if input_dir == "." else root / input_dir
        data_dir = _text(config.get("data")) or "_data"  # relative to the input folder
        data_base = Path(os.path.normpath(base / data_dir))
        data_files = [
            f"{n}.{s}" for n in ("metadata", "site") for s in ("json", "js", "mjs", "cjs")
        ]
        for name in data_files:
            data_path = data_base / name
            if data_path.is_file():
                data = load_config(data_path)
                url = notes.take("site_url", _site_url(data.get("url")), data, "url")
                notes.take("title", _text(data.get("title")), data)
                notes.take("description", _text(data.get("description")), data)
                author = data.get("author")
                if data.kind == "javascript" and not isinstance(author, str):
                    author = {"name": data.get("name"), "email": data.get("email")}
                notes.take("author", _author(author), data)
                notes.take("language", _text(data.get("language")), data)
                if url:
                    break
        globs = self._collection_globs(config.text)
        permalinks, tagged = self._folder_data(root, base)
        if globs:
            posts = tuple(sorted({_glob_base(g) for g in globs}))
            notes.note("posts", ", ".join(globs), f"{notes.rel(config_path)}: getFilteredByGlob")
            pattern = "|".join(_glob_regex(g.removeprefix("./")) for g in globs)
        elif tagged:
            posts = tuple(tagged)
            notes.note("posts", ", ".join(posts), "directory data files with tags: posts")
            pattern = _rel_regex(posts, r"[^/]+")
        else:
            names = [n for n in _BLOG_NAMES if (base / n).is_dir()]
            posts = tuple(notes.rel(base / n) for n in names) or (notes.rel(base),)
            notes.note("posts", ", ".join(posts), "folders named like a blog's")
            pattern = _rel_regex(posts, r"[^/]+")
        for folder, template in permalinks:
            notes.note("permalink", template, f"{folder} directory data")
        return notes.site(
            self.name,
            site_url=notes.values.get("site_url"),
            posts=posts,
            include_future=True,  # Eleventy builds every template whatever its date
            rule=EleventyLinks(input_dir, prefix, tuple(permalinks)),
            post_pattern=pattern,
            skip=self._ignored(root, config),
        )

    @staticmethod
    def _ignored(root: Path, config: ConfigFile) -> tuple[str, ...]:
        """What Eleventy does not read: its output folder, and the folders that
        ``.gitignore`` and ``.eleventyignore`` name (plain paths; globs are not followed)."""
        found = [(_text(config.get("output")) or "_site").strip("/").removeprefix("./")]
        for name in (".gitignore", ".eleventyignore"):
            for line in _peek(root / name).splitlines():
                entry = line.strip().removeprefix("./").strip("/")
                if entry and not entry.startswith(("#", "!")) and not re.search(r"[*?\[]", entry):
                    found.append(entry)
        return tuple(dict.fromkeys(found))

    @staticmethod
    def _collection_globs(text: str) -> list[str]:
        """The globs of the blog's collection: ``addCollection("posts", …
        getFilteredByGlob("src/blog/*.md"))``; every collection's when none is named like
        a blog's."""
        named: dict[str, list[str]] = {}
        for match in re.finditer(r"addCollection\s*\(\s*['\"`]([^'\"`]+)['\"`]", text):
            body = text[match.end() : _call_end(text, match.end())]
            named.setdefault(match.group(1), []).extend(js_strings(body, "getFilteredByGlob"))
        for name in _BLOG_NAMES:
            if named.get(name):
                return named[name]
        return js_strings(text, "getFilteredByGlob")

    @staticmethod
    def _folder_data(root: Path, base: Path) -> tuple[list[tuple[str, str]], list[str]]:
        """Directory data files (``blog/blog.json``, ``blog/blog.11tydata.json``): their
        ``permalink`` templates, and the folders they tag ``posts``."""
        permalinks: list[tuple[str, str]] = []
        tagged: list[str] = []
        for folder in _walk_dirs(base):
            names = [f"{folder.name}.11tydata.{s}" for s in ("json", "js", "mjs", "cjs")]
            for name in (*names, f"{folder.name}.json"):
                path = folder / name
                if not path.is_file():
                    continue
                data = load_config(path)  # a .js data file: its literal values only
                rel = folder.relative_to(root).as_posix()
                permalink = data.get("permalink")
                if isinstance(permalink, str):
                    permalinks.append((rel, permalink))
                tags = data.get("tags")
                tags = [tags] if isinstance(tags, str) else tags if isinstance(tags, list) else []
                if data.kind == "javascript":  # tags: ["posts"] (a list is not a literal)
                    tags = re.findall(r"\btags\s*:\s*\[?\s*['\"]([^'\"]+)['\"]", data.text)
                if any(str(t).lower() in ("post", "posts", "blog") for t in tags):
                    tagged.append(rel)
                break
        return permalinks, tagged


def _glob_base(glob: str) -> str:
    """The folder a glob walks (``src/blog/*.md`` → ``src/blog``, ``*.md`` → ``.``)."""
    glob = glob.removeprefix("./")
    fixed = re.split(r"[*?\[{]", glob, maxsplit=1)[0]
    return fixed.rpartition("/")[0] or "."


def _glob_regex(glob: str) -> str:
    """A glob (``src/blog/*.md``, ``posts/**/*.md``) as a regex on a relative path."""
    out = []
    i = 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif glob.startswith("**", i):
            out.append(".*")
            i += 2
        elif glob[i] == "*":
            out.append("[^/]*")
            i += 1
        elif glob[i] == "?":
            out.append("[^/]")
            i += 1
        elif glob[i] == "{":
            end = glob.find("}", i)
            if end < 0:
                out.append(re.escape(glob[i:]))
                break
            out.append("(?:" + "|".join(re.escape(p) for p in glob[i + 1 : end].split(",")) + ")")
            i = end + 1
        elif glob[i] == "(" or glob.startswith("@(", i):  # a picomatch group: *.(md|mdx)
            i += 2 if glob[i] == "@" else 1
            end = glob.find(")", i)
            if end < 0:
                out.append(re.escape(glob[i - 1 :]))
                break
            out.append("(?:" + "|".join(re.escape(p) for p in glob[i:end].split("|")) + ")")
            i = end + 1
        elif glob[i] == "[":
            end = glob.find("]", i)
            if end < 0:
                out.append(re.escape(glob[i:]))
                break
            inner = glob[i + 1 : end]
            out.append("[" + ("^" + inner[1:] if inner.startswith("!") else inner) + "]")
            i = end + 1
        else:
            out.append(re.escape(glob[i]))
            i += 1
    return "^" + "".join(out) + "$"


# --- Astro --------------------------------------------------------------------------


class _Astro(_Reader):
    name = "astro"
    configs = tuple(f"astro.config.{s}" for s in ("mjs", "js", "ts", "mts", "cjs"))

    def read(self, root: Path, config_path: Path) -> Site:
        config = load_config(config_path)
        notes = _Notes(root)
        url = notes.take("site_url", _site_url(config.get("site")), config, "site")
        if url is None and isinstance(config.get("site"), Unreadable):
            notes.take("site_url", config.get("site"), config, "site")
        base = _text(config.get("base"))
        if base:
            notes.take("base", base, config)
            url = _site_url(url, base) if url else None
        trailing = _text(config.get("trailingSlash"))
        if trailing is None:
            trailing = "ignore"
            notes.note("trailing_slash", trailing, "Astro's default")
        else:
            notes.take("trailing_slash", trailing, config, "trailingSlash")
        starlight = "@astrojs/starlight" in config.text
        self._title(root, config, starlight, notes)
        collections = self._collections(root, notes)
        posts: list[tuple[str, str, str]] = []  # (folder, route, pattern)
        for name, folder, glob in collections:
            if starlight and name == "docs":
                for blog in _BLOG_NAMES:
                    if (root / folder / blog).is_dir():
                        posts.append((f"{folder}/{blog}", blog, glob))
                        notes.note("posts", f"{folder}/{blog}", "Starlight docs collection (blog)")
                continue
            if name.lower() in _BLOG_NAMES:
                route = self._route(root, name, notes)
                posts.append((folder, route, glob))
                notes.note("posts", folder, f"content collection {name!r}")
        routes = tuple((folder, route) for folder, route, _ in posts)
        pattern = "|".join(_glob_regex(f"{folder}/{glob}") for folder, _, glob in posts)
        return notes.site(
            self.name,
            site_url=url,
            posts=tuple(f for f, _, _ in posts),
            include_future=True,  # Astro lists what the site's code lists; dates aside
            rule=AstroLinks(routes, trailing),
            post_pattern=pattern or None,
            suffixes=(*POST_SUFFIXES, ".mdx"),
            skip=((_text(config.get("outDir")) or "dist").strip("/").removeprefix("./"),),
        )

    @staticmethod
    def _title(root: Path, config: ConfigFile, starlight: bool, notes: _Notes) -> None:
        """The site's title and description: Starlight's ``starlight({ title })``, else
        the constants of ``src/consts.ts`` (``SITE_TITLE``, as Astro's blog starter has
        them)."""
        call = re.search(r"\bstarlight\s*\(\s*\{", config.text)
        if starlight and call:
            options = js_literals(config.text[call.end() : _call_end(config.text, call.end())])
            for name in ("title", "description"):
                value = _text(options.get(name))
                if value is not None:
                    line = config.line(name, call.end())
                    notes.note(name, value, f"{notes.rel(config.path)}:{line}")
            return
        for name in ("consts", "config", "site.config"):
            for suffix in ("ts", "js", "mjs"):
                path = root / "src" / f"{name}.{suffix}"
                if not path.is_file():
                    continue
                found = load_config(path)
                consts = js_consts(found.text)
                title = _text(consts.get("SITE_TITLE")) or _text(found.get("title"))
                description = _text(consts.get("SITE_DESCRIPTION")) or _text(
                    found.get("description")
                )
                notes.take(
                    "title", title, found, "SITE_TITLE" if consts.get("SITE_TITLE") else "title"
                )
                notes.take(
                    "description",
                    description,
                    found,
                    "SITE_DESCRIPTION" if consts.get("SITE_DESCRIPTION") else "description",
                )
                if title:
                    return

    def _collections(self, root: Path, notes: _Notes) -> list[tuple[str, str, str]]:
        """(name, folder, glob) of each Markdown content collection."""
        candidates = [root / "src" / f"content.config.{s}" for s in ("ts", "js", "mjs", "mts")] + [
            root / "src" / "content" / f"config.{s}" for s in ("ts", "js", "mjs", "mts")
        ]
        path = next((p for p in candidates if p.is_file()), None)
        found: list[tuple[str, str, str]] = []
        if path is None:
            content = root / "src" / "content"
            if content.is_dir():
                for entry in sorted(content.iterdir()):
                    if entry.is_dir() and not entry.name.startswith((".", "_")):
                        found.append((entry.name, f"src/content/{entry.name}", "**/[^_]*.{md,mdx}"))
            return found
        text = _peek(path)
        source = notes.rel(path)
        # const blog = defineCollection({ loader: glob({ pattern, base }) }) … export
        # const collections = { blog, docs: defineCollection(…) }
        definitions: dict[str, str] = {}
        for match in re.finditer(r"(?:const|let|var)\s+(\w+)\s*=\s*defineCollection\s*\(", text):
            definitions[match.group(1)] = text[match.end() : _call_end(text, match.end())]
        exported = re.search(r"collections\s*=\s*\{", text)
        names: list[tuple[str, str]] = []
        if exported:
            body = text[exported.end() : _call_end(text, exported.end())]
            for item in _split_top(body):
                key, _, value = item.partition(":")
                key = key.strip().strip("'\"")
                value = value.strip() or key
                if not key:
                    continue
                if value.startswith("defineCollection"):
                    start = value.find("(") + 1
                    names.append((key, value[start : _call_end(value, start)]))
                elif value in definitions:
                    names.append((key, definitions[value]))
        for name, definition in names:
            loader = re.search(r"\bglob\s*\(", definition)
            if loader:
                literals = js_literals(definition)
                folder = _text(literals.get("base"))
                glob = _text(literals.get("pattern")) or "**/*.md"
                if folder is None or not re.search(r"mdx?\b", glob):
                    continue  # a collection of YAML or JSON data
                found.append((name, folder.strip("/").removeprefix("./"), glob))
            elif "type: 'data'" in definition or 'type: "data"' in definition:
                continue
            elif "loader" not in definition:
                found.append((name, f"src/content/{name}", "**/[^_]*.{md,mdx}"))
        notes.note("collections", ", ".join(n for n, _, _ in found) or "(none)", source)
        return found

    @staticmethod
    def _route(root: Path, name: str, notes: _Notes) -> str:
        """The route prefix of a collection's entries: the pages folder whose dynamic
        route (``[...slug].astro``, ``[slug].astro``, ``[...id].astro``) lists the
        collection; by default ``/<name>/``, as Astro's blog starter has it."""
        pages = root / "src" / "pages"
        lists = re.compile(rf"getCollection\s*\(\s*['\"]{re.escape(name)}['\"]")
        routes = [f"{param}{tail}" for param in ("[...slug]", "[slug]", "[...id]", "[id]")
                  for tail in (".astro", "/index.astro")]  # fmt: skip
        other = None
        for folder in _walk_dirs(pages) if pages.is_dir() else ():
            for route in routes:
                path = folder / route
                if path.is_file() and lists.search(_peek(path)):
                    prefix = folder.relative_to(pages).as_posix()
                    prefix = "" if prefix == "." else prefix
                    notes.note("route", f"/{prefix}/<id>/".replace("//", "/"), notes.rel(path))
                    return prefix
            for path in folder.glob("*[[]*.astro"):
                if other is None and lists.search(_peek(path)):
                    other = path
        if other is not None:
            notes.unread.append(
                f"the route {notes.rel(other)} computes its URLs in code: links assumed at "
                f"/{name}/<id>/ (set --link-pattern)"
            )
        else:
            notes.unread.append(
                f"no src/pages route lists the {name!r} collection: links assumed at "
                f"/{name}/<id>/ (set --link-pattern)"
            )
        return name


def _outside_strings(text: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """Each ``(index, char, depth)`` of ``text`` from ``start`` on that is not inside a
    JavaScript string (``'…'``, ``"…"``, `` `…` ``); ``depth`` counts the brackets opened
    since ``start`` and not closed, a closing bracket counted out already."""
    depth = 0
    quote = ""
    for i in range(start, len(text)):
        char = text[i]
        if quote:
            if char == quote and text[i - 1] != "\\":
                quote = ""
            continue
        if char in "'\"`":
            quote = char
            continue
        if char in "({[":
            depth += 1
        elif char in ")}]":
            depth -= 1
        yield i, char, depth


def _call_end(text: str, start: int) -> int:
    """Where the bracket opened just before ``start`` closes (strings skipped)."""
    for i, _, depth in _outside_strings(text, start):
        if depth < 0:
            return i
    return len(text)


def _split_top(text: str) -> list[str]:
    """Split at top-level commas (outside brackets and strings)."""
    parts, start = [], 0
    for i, char, depth in _outside_strings(text):
        if char == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


# --- Docusaurus ---------------------------------------------------------------------


class _Docusaurus(_Reader):
    name = "docusaurus"
    configs = tuple(f"docusaurus.config.{s}" for s in ("js", "ts", "mjs", "cjs", "mts"))

    def read(self, root: Path, config_path: Path) -> Site:
        config = load_config(config_path)
        notes = _Notes(root)
        url = _site_url(config.get("url"), config.get("baseUrl"))
        notes.take("site_url", url, config, "url")
        if url is None and isinstance(config.get("url"), Unreadable):
            notes.take("site_url", config.get("url"), config, "url")
        notes.take("title", _text(config.get("title")), config)
        notes.take("description", _text(config.get("tagline")), config, "tagline")
        trailing = config.get("trailingSlash")
        trailing = trailing if isinstance(trailing, bool) else None
        # The blog plugin's options: the preset's `blog: {…}` object (`path` and
        # `routeBasePath` keys elsewhere belong to other plugins).
        blog = re.search(r"\bblog\s*:\s*\{", config.text)
        options = (
            js_literals(config.text[blog.end() : _call_end(config.text, blog.end())])
            if blog
            else {}
        )
        path = (_text(options.get("path")) or "blog").strip("/").removeprefix("./")
        route = _text(options.get("routeBasePath"))
        if route is None:
            route = "blog"
            notes.note("route_base", "/blog", "Docusaurus's default")
        else:
            notes.take("route_base", route, config, "routeBasePath")
        notes.note("posts", path, "the blog plugin's path" if options.get("path") else "default")
        return notes.site(
            self.name,
            site_url=url,
            posts=(path,),
            include_future=True,  # the blog lists a post whatever its date
            rule=DocusaurusLinks(path, route, trailing),
            post_pattern=rf"^{re.escape(path)}/(?!(?:.*/)?_)(?:.*/)?[^/]+\.mdx?$",
            suffixes=(".md", ".mdx"),
        )


# --- MkDocs Material blog -----------------------------------------------------------


class _MkDocs(_Reader):
    name = "mkdocs"
    configs = ("mkdocs.yml", "mkdocs.yaml")

    def read(self, root: Path, config_path: Path) -> Site:
        config = load_config(config_path)
        notes = _Notes(root)
        url = notes.take("site_url", _site_url(config.get("site_url")), config)
        notes.take("title", _text(config.get("site_name")), config, "site_name")
        notes.take("description", _text(config.get("site_description")), config, "site_description")
        notes.take("author", _text(config.get("site_author")), config, "site_author")
        language = config.get("theme", "language")
        notes.take("language", _text(language), config, "language")
        docs = (_text(config.get("docs_dir")) or "docs").strip("/")
        options: Mapping[str, Any] = {}
        for plugin in config.get("plugins") or []:
            if plugin == "blog" or plugin == "material/blog":
                break
            if isinstance(plugin, Mapping) and ("blog" in plugin or "material/blog" in plugin):
                found = plugin.get("blog") or plugin.get("material/blog")
                options = found if isinstance(found, Mapping) else {}
                break
        else:
            notes.unread.append(f"{notes.rel(config_path)}: no blog plugin: no posts folder")
        blog_dir = (_text(options.get("blog_dir")) or "blog").strip("/")
        posts = f"{docs}/{blog_dir}/posts" if blog_dir != "." else f"{docs}/posts"
        notes.note("posts", posts, "the blog plugin's blog_dir")
        directory_urls = config.get("use_directory_urls")
        rule = MkDocsLinks(
            posts_dir=posts,
            blog_dir=blog_dir,
            url_format=_text(options.get("post_url_format")) or "{date}/{slug}",
            date_format=_text(options.get("post_url_date_format")) or "yyyy/MM/dd",
            directory_urls=directory_urls is not False,
        )
        notes.note("post_url", f"{blog_dir}/{rule.url_format}", "the blog plugin's post_url_format")
        return notes.site(
            self.name,
            site_url=url,
            posts=(posts,),
            include_future=True,
            include_drafts=options.get("draft") is True,
            rule=rule,
            suffixes=(".md",),
        )


READERS = (_Jekyll, _Hugo, _Pelican, _Zola, _Eleventy, _Astro, _Docusaurus, _MkDocs)
