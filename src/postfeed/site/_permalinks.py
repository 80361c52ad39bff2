"""Each generator's permalink rule: where it publishes a post, from the post's path in
the site, its front matter, title and date.

A rule is a small frozen dataclass (plain data, so it pickles into the scan's worker
processes and its ``repr`` keys the cache). ``link`` returns the post's URL path under
the site URL (``/2023/01/15/hello.html``), or an absolute URL when the post names one.
Every slug function here is the generator's own, not postfeed's ``slugify``: a feed link
must be the URL the generator wrote.
"""

from __future__ import annotations

import datetime as dt
import re
import string
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

_DATE_PREFIX = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})-")


@dataclass(frozen=True)
class PostInfo:
    """What a link rule sees of a post: its path under the site root (``/``-separated),
    its metadata (keys lower-cased, values as the front matter gave them), its date and
    its title."""

    relpath: str
    metadata: Mapping[str, object]
    date: dt.datetime
    title: str


def _text(meta: Mapping[str, object], key: str) -> str | None:
    value = meta.get(key)
    if value is None or isinstance(value, bool | dict | list):
        return None
    text = str(value).strip()
    return text or None


def _split(relpath: str) -> tuple[list[str], str]:
    """Folders and the file name without suffix."""
    *folders, name = relpath.split("/")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return folders, stem


def _in_zone(date: dt.datetime, timezone: str | None) -> dt.datetime:
    if not timezone:
        return date
    from postfeed.dates import zone

    return date.astimezone(zone(timezone))


def _ascii_slug(text: str) -> str:
    """The ``slug`` crate's slugify (Zola) and the common JS ``slugify``: ASCII-folded,
    lower case, every run of other characters one ``-``."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _under(prefix: str, path: str) -> str:
    """``path`` (root-relative) under a base path such as ``/v2``."""
    prefix = prefix.strip("/")
    path = "/" + path.lstrip("/")
    return f"/{prefix}{path}" if prefix else path


def _language_suffix(stem: str, languages: tuple[str, ...]) -> str:
    """``post.fr`` → ``post`` when ``fr`` is one of the site's languages."""
    base, dot, lang = stem.rpartition(".")
    return base if dot and lang.lower() in languages else stem


# --- Jekyll -------------------------------------------------------------------------

JEKYLL_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
# Jekyll's Utils.slugify: "default" keeps letters, marks and digits; "pretty" also these.
_JEKYLL_DEFAULT = re.compile(r"(?:[^\w]|_)+")
_JEKYLL_PRETTY = re.compile(r"(?:[^\w._~!$&'()+,;=@]|_)+")


def jekyll_slugify(text: str, *, pretty: bool = False, cased: bool = False) -> str:
    slug = (_JEKYLL_PRETTY if pretty else _JEKYLL_DEFAULT).sub("-", text).strip("-")
    return slug if cased else slug.lower()


def _jekyll_list(value: object) -> list[str]:
    if isinstance(value, str):
        return value.split()
    if isinstance(value, list | tuple):
        return [str(item) for item in value if item is not None]
    return [] if value is None else [str(value)]


@dataclass(frozen=True)
class JekyllLinks:
    permalink: str = "date"
    timezone: str | None = None
    collections_dir: str = ""
    # front matter defaults for posts: (scope path, ((key, value), …)), in config order
    defaults: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()

    def template(self) -> str:
        return JEKYLL_STYLES.get(self.permalink, self.permalink)

    def _with_defaults(self, post: PostInfo) -> Mapping[str, object]:
        """The post's front matter over the config's ``defaults`` whose scope holds it
        (a longer scope path wins over a shorter one; of equal ones, the later)."""
        if not self.defaults:
            return post.metadata
        matching = [
            (len(path.strip("/")), i, values)
            for i, (path, values) in enumerate(self.defaults)
            if not path.strip("/") or (post.relpath + "/").startswith(path.strip("/") + "/")
        ]
        merged: dict[str, object] = {}
        for _, _, values in sorted(matching):
            merged.update(values)
        merged.update(post.metadata)
        return merged

    def link(self, post: PostInfo) -> str:
        meta = self._with_defaults(post)
        template = _text(meta, "permalink") or self.template()
        folders, stem = _split(post.relpath)
        index = folders.index("_posts") if "_posts" in folders else len(folders)
        above = folders[:index]
        if self.collections_dir:  # the collections folder is not a category
            depth = len([p for p in self.collections_dir.split("/") if p])
            above = above[depth:]
        categories: list[str] = []
        for category in (*above, *_jekyll_list(meta.get("categories"))):
            if category not in categories:
                categories.append(category)
        for category in _jekyll_list(meta.get("category")):
            if category not in categories:
                categories.append(category)
        prefix = _DATE_PREFIX.match(stem)
        file_slug = stem[prefix.end() :] if prefix else stem
        slug = (_text(meta, "slug") or file_slug).rstrip(".")
        date = _in_zone(post.date, self.timezone)
        iso = date.isocalendar()
        values = {
            "year": f"{date.year:04d}",
            "month": f"{date.month:02d}",
            "day": f"{date.day:02d}",
            "hour": f"{date.hour:02d}",
            "minute": f"{date.minute:02d}",
            "second": f"{date.second:02d}",
            "i_day": str(date.day),
            "i_month": str(date.month),
            "short_month": date.strftime("%b"),
            "long_month": date.strftime("%B"),
            "short_year": date.strftime("%y"),
            "y_day": date.strftime("%j"),
            "w_year": str(iso.year),
            "week": f"{iso.week:02d}",
            "w_day": str(iso.weekday),
            "short_day": date.strftime("%a"),
            "long_day": date.strftime("%A"),
            "title": jekyll_slugify(slug, pretty=True, cased=True),
            "slug": jekyll_slugify(slug),
            "name": jekyll_slugify(stem),
            "categories": "/".join(dict.fromkeys(c.lower() for c in categories)),
            "slugified_categories": "/".join(
                dict.fromkeys(jekyll_slugify(c) for c in categories if jekyll_slugify(c))
            ),
            "output_ext": ".html",
            "collection": "posts",
            "path": "/".join((*folders, stem)),
        }

        def fill(match: re.Match[str]) -> str:
            name = match.group(1)
            for key in (name, name.rstrip("_")):
                if key in values:
                    return values[key] + name[len(key) :]
            return match.group(0)

        url = re.sub(r":([a-z_]+)", fill, template)
        url = ("/" + url).replace("..", "/").replace("./", "")
        return re.sub("/+", "/", url)


# --- Hugo ---------------------------------------------------------------------------


def hugo_urlize(text: str, *, lower: bool = True) -> str:
    """Hugo's MakePath: spaces become ``-``; letters, digits, marks and ``._-/#+~%`` stay."""
    kept = []
    for char in text.strip():
        if char.isspace():
            kept.append("-")
        elif char.isalnum() or char in "._-/#+~%\\" or unicodedata.category(char).startswith("M"):
            kept.append(char)
    path = "".join(kept)
    return path.lower() if lower else path


def hugo_slice(items: list[str], cut: str) -> list[str]:
    """Hugo's slice syntax of ``:sections[…]``: ``[1:]`` all but the first, ``[:last]``
    all but the last, ``[last]`` the last, ``[0]`` the first; out of range gives none."""
    cut = cut.strip().lower()

    def index(text: str, low: bool) -> int:
        if text == "":
            return 0 if low else len(items)
        if text == "last":
            return len(items) - 1
        n = max(int(text), 0) if re.fullmatch(r"-?\d+", text) else 0
        return (-1 if low else len(items)) if n >= len(items) else n

    if not items or not cut:
        return []
    if ":" not in cut:
        n = index(cut, True)
        return [] if n < 0 else [items[n]]
    low, _, high = cut.partition(":")
    start, end = index(low, True), index(high, False)
    return [] if start < 0 or end < 0 else items[start:end]


@dataclass(frozen=True)
class HugoLinks:
    content_dirs: tuple[tuple[str, str], ...] = (("content", ""),)  # (folder, URL prefix)
    permalinks: tuple[tuple[str, str], ...] = ()  # (section, pattern)
    ugly_urls: bool = False
    lower: bool = True
    languages: tuple[str, ...] = ()
    filename_dates: bool = False  # [frontmatter] date from ":filename": the rest is the slug
    # The nested sections (folders under the content folder with an _index file): a page's
    # :sections are its top folder and the nested sections below it. None: every folder.
    nested_sections: tuple[str, ...] | None = None

    def sections(self, folders: list[str]) -> list[str]:
        """The page's section path: its top-level folder and each folder under it that
        is a section (Hugo makes a folder a section only with an ``_index.md``)."""
        if self.nested_sections is None:
            return folders
        depth = 1
        while depth < len(folders) and "/".join(folders[: depth + 1]) in self.nested_sections:
            depth += 1
        return folders[:depth]

    def split(self, relpath: str) -> tuple[str, str]:
        """The content folder's URL prefix and the path under it."""
        for folder, prefix in sorted(self.content_dirs, key=lambda d: -len(d[0])):
            if relpath.startswith(folder.rstrip("/") + "/"):
                return prefix, relpath[len(folder.rstrip("/")) + 1 :]
        return "", relpath

    def link(self, post: PostInfo) -> str:
        meta = post.metadata
        url = _text(meta, "url")
        prefix, rel = self.split(post.relpath)
        if url is not None:
            return url if re.match(r"https?://", url) else _under(prefix, url)
        folders, stem = _split(rel)
        stem = _language_suffix(stem, self.languages)
        bundle = stem.lower() == "index" and bool(folders)
        name = folders.pop() if bundle else stem
        section = folders[0] if folders else ""
        slug = _text(meta, "slug")
        dated = _DATE_PREFIX.match(name) if self.filename_dates else None
        if dated and slug is None:
            slug = name[dated.end() :]
        pattern = dict(self.permalinks).get(section)
        if pattern is not None:
            path = self._expand(pattern, post, folders, name, slug)
        else:
            path = "/".join((*folders, slug if slug is not None else name))
            path = hugo_urlize(path, lower=self.lower)
            path = "/" + path + (".html" if self.ugly_urls else "/")
        return _under(prefix, path)

    def _expand(
        self, pattern: str, post: PostInfo, folders: list[str], name: str, slug: str | None
    ) -> str:
        date = post.date
        title = hugo_urlize(post.title)
        sections = self.sections(folders)
        values = {
            "year": f"{date.year:04d}",
            "month": f"{date.month:02d}",
            "monthname": date.strftime("%B").lower(),
            "day": f"{date.day:02d}",
            "weekday": str(date.isoweekday() % 7),
            "weekdayname": date.strftime("%A").lower(),
            "yearday": str(date.timetuple().tm_yday),
            "section": hugo_urlize(folders[0] if folders else ""),
            "sections": hugo_urlize("/".join(sections)),
            "title": title,
            "slug": hugo_urlize(slug) if slug else title,
            "filename": hugo_urlize(name),
            "contentbasename": hugo_urlize(name),
            "slugorfilename": hugo_urlize(slug) if slug else hugo_urlize(name),
            "slugorcontentbasename": hugo_urlize(slug) if slug else hugo_urlize(name),
        }
        keys = sorted(values, key=len, reverse=True)
        token = re.compile(r":(" + "|".join(keys) + r")(\[[^\]]*\])?")

        def fill(match: re.Match[str]) -> str:
            name, cut = match.group(1), match.group(2)
            if cut is None:
                return values[name]
            if name != "sections":
                return match.group(0)
            return hugo_urlize("/".join(hugo_slice(sections, cut[1:-1])))

        path = token.sub(fill, pattern)
        path = re.sub("/+", "/", "/" + path.lstrip("/"))
        if self.ugly_urls and path.endswith("/") and len(path) > 1:
            path = path.rstrip("/") + ".html"
        return path


# --- Pelican ------------------------------------------------------------------------

PELICAN_SLUG_SUBS = (
    (r"[^\w\s-]", ""),
    (r"(?u)\A\s*", ""),
    (r"(?u)\s*\Z", ""),
    (r"[-\s]+", "-"),
)


def pelican_slugify(
    text: str,
    subs: tuple[tuple[str, str], ...] = PELICAN_SLUG_SUBS,
    *,
    preserve_case: bool = False,
    use_unicode: bool = False,
) -> str:
    """Pelican's ``utils.slugify``: tags stripped, NFKC, ASCII-folded, the regex
    substitutions, lower case. (Pelican folds with ``unidecode``, not a postfeed
    dependency: accented letters fold the same; other scripts are dropped here.)"""
    import html

    text = html.unescape(re.sub(r"<[^>]*>", "", text))
    text = unicodedata.normalize("NFKC", text)
    if not use_unicode:
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    for pattern, replacement in subs:
        text = re.sub(pattern, replacement, text, flags=re.IGNORECASE)
    if not preserve_case:
        text = text.lower()
    return text.strip()


def _groups(pattern: str, text: str) -> dict[str, str]:
    try:
        match = re.match(pattern, text)
    except re.error:
        return {}
    return {k: v for k, v in (match.groupdict() if match else {}).items() if v}


class _SafeFormatter(string.Formatter):
    """``str.format`` without attribute or index access in field names."""

    def get_field(self, field_name: str, args: Any, kwargs: Any) -> Any:
        if not field_name.isidentifier():
            raise KeyError(field_name)
        return super().get_field(field_name, args, kwargs)


@dataclass(frozen=True)
class PelicanLinks:
    article_url: str = "{slug}.html"
    path: str = "content"
    slug_subs: tuple[tuple[str, str], ...] = PELICAN_SLUG_SUBS
    preserve_case: bool = False
    use_unicode: bool = False
    slugify_source: str = "title"
    default_category: str = "misc"
    folder_category: bool = True
    language: str = "en"
    filename_metadata: str = r"(?P<date>\d{4}-\d{2}-\d{2}).*"
    path_metadata: str = ""

    def _from_path(self, rel: str, stem: str) -> dict[str, str]:
        """Metadata that ``FILENAME_METADATA`` and ``PATH_METADATA`` take from the path
        (a post's own header wins over them)."""
        found = _groups(self.path_metadata, rel) if self.path_metadata else {}
        found.update(_groups(self.filename_metadata, stem))
        found.pop("date", None)  # the date is the post's, already read
        return found

    def _slug(self, text: str) -> str:
        return pelican_slugify(
            text, self.slug_subs, preserve_case=self.preserve_case, use_unicode=self.use_unicode
        )

    def link(self, post: PostInfo) -> str:
        meta = post.metadata
        url = _text(meta, "url")
        if url is not None:
            return url if re.match(r"https?://", url) else "/" + url.lstrip("/")
        rel = post.relpath
        base = self.path.strip("/")
        if base and rel.startswith(base + "/"):
            rel = rel[len(base) + 1 :]
        folders, stem = _split(rel)
        meta = {**self._from_path(rel, stem), **meta}
        slug = _text(meta, "slug")
        if slug is None:
            source = stem if self.slugify_source == "basename" else None
            source = source or _text(meta, "title") or post.title
            slug = self._slug(source)
        category = _text(meta, "category")
        if category is None:
            category = folders[-1] if folders and self.folder_category else self.default_category
        author = _text(meta, "author") or ""
        fields: dict[str, object] = {str(k): v for k, v in meta.items() if isinstance(k, str)}
        fields.update(
            slug=slug,
            date=post.date,  # Pelican formats a date in its own offset (naive: TIMEZONE)
            lang=_text(meta, "lang") or self.language,
            category=self._slug(category),
            author=self._slug(author),
        )
        try:
            url = _SafeFormatter().vformat(self.article_url, (), fields)
        except (KeyError, ValueError, IndexError, AttributeError):
            url = f"{slug}.html"
        return "/" + url.lstrip("/")


# --- Zola ---------------------------------------------------------------------------

# Zola's page.rs RFC3339_DATE: a date or RFC 3339 date-time, then optionally one space,
# `_` or `-` and the slug (the rest of the name).
_ZOLA_DATE = re.compile(
    r"^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
    r"(?:T(?:[01]\d|2[0-3]):[0-5]\d:(?:[0-5]\d|60)(?:\.\d+)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d))?"
    r"(?:\s?[_-](?P<slug>.+))?$"
)
_UNSAFE = re.compile(r'[<>:"/\\|?*#\x00-\x1f]')


@dataclass(frozen=True)
class ZolaLinks:
    content: str = "content"
    slugify_paths: str = "on"
    languages: tuple[str, ...] = ()
    keep_dates: bool = False  # slugify.paths_keep_dates

    def _slug(self, text: str) -> str:
        if self.slugify_paths == "off":
            return text
        if self.slugify_paths == "safe":
            return re.sub(r"\s+", "_", _UNSAFE.sub("", text)).strip("_")
        return _ascii_slug(text)

    def link(self, post: PostInfo) -> str:
        meta = post.metadata
        path = _text(meta, "path")
        if path is not None:  # the sections' path and the language are not used
            return "/" + path.strip().strip("/") + "/"
        rel = post.relpath
        base = self.content.strip("/")
        if base and rel.startswith(base + "/"):
            rel = rel[len(base) + 1 :]
        folders, stem = _split(rel)
        lang = ""
        base_name, dot, code = stem.rpartition(".")
        if dot and code.lower() in self.languages:  # post.fr.md: /fr/…
            stem, lang = base_name, code.lower()
        name = folders.pop() if stem == "index" and folders else stem
        slug = _text(meta, "slug")
        if slug is None:
            dated = _ZOLA_DATE.match(name)
            slug = (
                dated.group("slug")
                if dated and dated.group("slug") and not self.keep_dates
                else name
            )
        return "/" + "/".join((lang, *folders, self._slug(slug))).lstrip("/") + "/"


# --- Eleventy -----------------------------------------------------------------------


def eleventy_file_slug(relpath: str) -> str:
    folders, stem = _split(relpath)
    if stem == "index" and folders:
        stem = folders[-1]
    prefix = _DATE_PREFIX.match(stem)
    return stem[prefix.end() :] if prefix else stem


# A template's `|` between filters (not inside a filter's quoted argument).
_FILTER_SPLIT = re.compile(r"\|(?=(?:[^'\"]|'[^']*'|\"[^\"]*\")*$)")
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue",
                         "ß": "ss"})  # fmt: skip


def eleventy_slugify(text: str) -> str:
    """Eleventy's ``slugify`` filter (``@sindresorhus/slugify``, ``decamelize: false``):
    ``&`` read as "and", German umlauts as ``ae``…, other letters folded to ASCII, every
    run of other characters one ``-``, lower case. (Scripts without an ASCII folding are
    dropped, as Eleventy's documentation warns.)"""
    text = unicodedata.normalize("NFC", text).replace("&", " and ").replace("♥", " love ")
    return _ascii_slug(text.translate(_GERMAN))


def eleventy_slug(text: str) -> str:
    """Eleventy's older ``slug`` filter (the ``slugify`` package, lower case): letters
    folded to ASCII, ``&`` as "and", characters outside ``\\w $*_+~.()'"!-:@`` removed,
    each run of spaces one ``-``."""
    text = unicodedata.normalize("NFKD", text.replace("&", " and ").replace("ß", "ss"))
    text = text.encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s$*_+~.()'\"!\-:@]+", "", text).strip()
    return re.sub(r"\s+", "-", text).lower()


@dataclass(frozen=True)
class EleventyLinks:
    input_dir: str = "."
    path_prefix: str = "/"
    folder_permalinks: tuple[tuple[str, str], ...] = ()  # (folder under the site, template)

    def _rel(self, relpath: str) -> str:
        base = self.input_dir.strip("./")
        return relpath[len(base) + 1 :] if base and relpath.startswith(base + "/") else relpath

    def link(self, post: PostInfo) -> str:
        meta = post.metadata
        template = _text(meta, "permalink")
        if template is None:
            folder = post.relpath.rsplit("/", 1)[0] if "/" in post.relpath else ""
            for owner, value in sorted(self.folder_permalinks, key=lambda f: -len(f[0])):
                if folder == owner or folder.startswith(owner + "/"):
                    template = value
                    break
        rel = self._rel(post.relpath)
        folders, stem = _split(rel)
        if template is not None:
            filled = self._fill(template, post, rel)
            if filled is not None:
                url = re.sub(r"(^|/)index\.html?$", r"\1", filled)
                return _under(self.path_prefix, url)
        # index.md, and a file named like its folder (blog/x/x.md), stand for the folder
        same = stem == "index" or bool(folders and stem == folders[-1])
        parts = folders if same else [*folders, stem]
        return _under(self.path_prefix, "/".join(parts) + "/" if parts else "/")

    def _fill(self, template: str, post: PostInfo, rel: str) -> str | None:
        """A permalink template with the variables that are plain data (``page.fileSlug``,
        ``page.filePathStem``, ``page.date``, the front matter's own keys) and Eleventy's
        and Liquid's built-in filters on them (``slugify``, ``slug``, ``date: "%Y/%m"``,
        ``downcase``); ``None`` when it uses anything else (postfeed runs no template
        language, and a key may come from data files it does not read)."""
        folders, stem = _split(rel)
        values: dict[str, str | dt.datetime] = {
            str(k): text
            for k, v in post.metadata.items()
            if "." not in str(k) and (text := _text(post.metadata, str(k))) is not None
        }
        values.update(
            {
                "page.fileSlug": eleventy_file_slug(rel),
                "page.filePathStem": "/" + "/".join((*folders, stem)),
                "page.outputFileExtension": "html",
                "page.date": post.date.astimezone(dt.UTC),  # Eleventy's dates are UTC
                "page.date.getFullYear()": f"{post.date.astimezone(dt.UTC).year:04d}",
                "title": _text(post.metadata, "title") or post.title,
            }
        )
        unknown = False

        def fill(match: re.Match[str]) -> str:
            nonlocal unknown
            name, *filters = _FILTER_SPLIT.split(match.group(1))
            value = values.get(name.strip())
            for fil in filters:
                fil_name, _, argument = fil.strip().partition(":")
                fil_name, argument = fil_name.strip(), argument.strip()
                if fil_name == "date" and isinstance(value, dt.datetime) and argument:
                    value = value.strftime(argument.strip("'\""))
                elif isinstance(value, str) and fil_name == "slugify":
                    value = eleventy_slugify(value)
                elif isinstance(value, str) and fil_name == "slug":
                    value = eleventy_slug(value)
                elif isinstance(value, str) and fil_name in ("downcase", "lower"):
                    value = value.lower()
                else:
                    value = None
            if not isinstance(value, str):
                unknown = True
                return ""
            return value

        url = re.sub(r"{{-?\s*(.*?)\s*-?}}", fill, template)
        return None if unknown or "{%" in url else url


# --- Astro --------------------------------------------------------------------------


def github_slug(text: str) -> str:
    """github-slugger (Astro's content entry slugs): lower case, punctuation removed,
    spaces turned into ``-``; letters of every script stay."""
    text = text.lower()
    text = "".join(
        c for c in text if c.isalnum() or c in " -_" or unicodedata.category(c).startswith("M")
    )
    return text.replace(" ", "-")


@dataclass(frozen=True)
class AstroLinks:
    collections: tuple[tuple[str, str], ...] = ()  # (entries folder, route prefix)
    trailing_slash: str = "ignore"

    def link(self, post: PostInfo) -> str:
        rel = post.relpath
        for folder, route in sorted(self.collections, key=lambda c: -len(c[0])):
            if rel.startswith(folder.rstrip("/") + "/"):
                rel, prefix = rel[len(folder.rstrip("/")) + 1 :], route
                break
        else:
            prefix = ""
        slug = _text(post.metadata, "slug")
        if slug is None:
            folders, stem = _split(rel)
            parts = [github_slug(p) for p in (*folders, stem)]
            if parts and parts[-1] == "index":
                parts.pop()
            slug = "/".join(parts)
        path = "/".join(p for p in (prefix.strip("/"), slug.strip("/")) if p)
        path = "/" + path
        if self.trailing_slash != "never" and path != "/":
            path += "/"
        return path


# --- Docusaurus ---------------------------------------------------------------------

_DOCUSAURUS_DATE = re.compile(
    r"^(?P<folder>.*?)(?P<date>\d{4}[-/]\d{1,2}[-/]\d{1,2})[-/]?(?P<text>.*?)(?:/index)?$"
)


@dataclass(frozen=True)
class DocusaurusLinks:
    blog_path: str = "blog"
    route_base: str = "blog"
    trailing_slash: bool | None = None

    def link(self, post: PostInfo) -> str:
        rel = post.relpath
        base = self.blog_path.strip("/")
        if base and rel.startswith(base + "/"):
            rel = rel[len(base) + 1 :]
        source = rel.rsplit(".", 1)[0] if "." in rel.rsplit("/", 1)[-1] else rel
        slug = _text(post.metadata, "slug")
        if slug is None:
            dated = _DOCUSAURUS_DATE.match(source)
            if dated:  # 2021-08-26-welcome.md → /2021/08/26/welcome
                date = dated.group("date").replace("-", "/")
                slug = f"/{date}/{dated.group('folder')}{dated.group('text')}"
            else:
                slug = "/" + re.sub(r"/index$", "", source)
        path = re.sub("/+", "/", f"/{self.route_base.strip('/')}/{slug.strip('/')}")
        if self.trailing_slash is True:
            path += "/"
        return path.rstrip("/") if self.trailing_slash is False else path


# --- MkDocs Material blog -----------------------------------------------------------

# Babel date patterns used in post_url_date_format, as strftime.
_LDML = (("yyyy", "%Y"), ("yy", "%y"), ("MMMM", "%B"), ("MMM", "%b"), ("MM", "%m"),
         ("dd", "%d"), ("d", "%-d"), ("M", "%-m"))  # fmt: skip


def toc_slugify(text: str) -> str:
    """Python-Markdown's toc slugify (and pymdownx.slugs with case lower, for ASCII): NFKD
    ASCII, punctuation dropped, lower case, spaces and hyphens one ``-``."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


@dataclass(frozen=True)
class MkDocsLinks:
    posts_dir: str = "docs/blog/posts"
    blog_dir: str = "blog"
    url_format: str = "{date}/{slug}"
    date_format: str = "yyyy/MM/dd"
    directory_urls: bool = True

    def _date(self, date: dt.datetime) -> str:
        out, rest = [], self.date_format
        while rest:
            for token, code in _LDML:
                if rest.startswith(token):
                    value = date.strftime(code.replace("%-", "%"))
                    out.append(value.lstrip("0") if "%-" in code else value)
                    rest = rest[len(token) :]
                    break
            else:
                out.append(rest[0])
                rest = rest[1:]
        return "".join(out)

    def link(self, post: PostInfo) -> str:
        meta = post.metadata
        slug = _text(meta, "slug") or toc_slugify(_text(meta, "title") or post.title)
        categories = meta.get("categories")
        names = categories if isinstance(categories, list) else []
        values = {
            "date": self._date(post.date),
            "slug": slug,
            "file": _split(post.relpath)[1],
            "categories": "/".join(toc_slugify(str(c)) for c in names),
        }
        path = re.sub(r"{(\w+)}", lambda m: values.get(m.group(1), m.group(0)), self.url_format)
        blog = self.blog_dir.strip("/").removeprefix(".")
        path = re.sub("/+", "/", f"/{blog}/{path.strip('/')}")
        return path + "/" if self.directory_urls else path + ".html"
