"""``Feed``: posts → feed documents (RSS, Atom, JSON Feed) → files on disk."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from postfeed._text import collapse_whitespace, is_language_code, xml_legal
from postfeed._version import __version__
from postfeed.dates import zone
from postfeed.errors import FeedError, PostError
from postfeed.formats import EPISODE_SUFFIXES, Entry, FeedData, FeedFormat, Podcast
from postfeed.formats.json_feed import JSONFeedFormat
from postfeed.formats.rss_atom import AtomFormat, RSSFormat
from postfeed.links import encode_path, has_scheme, is_absolute_http, tag_slug, under_site
from postfeed.loading import sort_posts
from postfeed.metadata import Author, parse_author
from postfeed.parallel import map_parts
from postfeed.post import Post, render_ahead
from postfeed.validator import Problem, check, errors
from postfeed.writing import write_files

if TYPE_CHECKING:
    from postfeed.site import Site

logger = logging.getLogger("postfeed")

FORMATS: dict[str, FeedFormat] = {f.name: f for f in (RSSFormat(), AtomFormat(), JSONFeedFormat())}
ALL_FORMATS = ("rss", "atom", "json")
DEFAULT_LIMIT = 20
# The most entries a feed shows, whatever ``limit`` says (0 = all): a feed is fetched
# again and again by every reader; a bigger one is cut, with a warning.
MAX_ENTRIES = 10_000
TAGS_FOLDER = "tags"
# Entries in all the documents together (a document counts its shown posts) below which
# building and checking them in one process is quicker than starting a second (figures
# in benchmarks/README.md).
PARALLEL_ENTRIES = 40
# An empty feed still needs an updated date; never the clock, so a fixed one.
EMPTY_FEED_DATE = dt.datetime(2000, 1, 1)


def _name(post: Post) -> str:
    return post._path if post._path is not None else post.id


def _resolve(post: Post, site_url: str) -> Post:
    """The post with its link and id made absolute under the site URL, and its
    enclosures' URLs against its link (as a browser resolves them on the post's page)."""
    link = under_site(post.link, site_url)
    post_id = post.id if has_scheme(post.id) else under_site(post.id, site_url)
    files = tuple(
        f if is_absolute_http(f.url) else dataclasses.replace(f, url=urljoin(link, f.url))
        for f in post.enclosures
    )
    if link == post.link and post_id == post.id and files == post.enclosures:
        return post
    return post._evolve(link=link, id=post_id, enclosures=files)


def _folder(path: str | None) -> str:
    """``path`` as a folder under the site, ``""`` or ``"tags/python/"``."""
    if path is None:
        return ""
    text = str(path).replace("\\", "/")
    parts = [part for part in text.strip("/").split("/") if part]
    if has_scheme(text) or text.startswith("//") or any(p in {".", ".."} for p in parts):
        raise FeedError(f"path must be a folder under the site like 'tags/python/', not {path!r}")
    return "".join(part + "/" for part in parts)


def _url_setting(name: str, value: str | None, site_url: str) -> str | None:
    if value is None:
        return None
    scheme = urlsplit(value).scheme
    url = under_site(value, site_url) if not scheme else value
    if not is_absolute_http(url):
        raise FeedError(f"{name} must be an http(s) URL, not {value!r}")
    return url


def _stylesheet_for(href: str | None, folder: str, tag_slug: str | None) -> str | None:
    """A relative stylesheet is beside the site's feeds: a feed in ``folder`` (``path``), or
    a tag feed two folders further down (``tags/<slug>/``), reaches it with one ``../`` a
    folder (a URL or ``/path`` is the same for all)."""
    depth = folder.count("/") + (2 if tag_slug is not None else 0)
    if href is None or not depth or urlsplit(href).scheme or href.startswith(("/", "#")):
        return href
    return "../" * depth + href


@dataclass(frozen=True, kw_only=True)
class Feed:
    """A site's feeds over some posts.

    ``title`` and ``site_url`` (absolute http/https) are required, unless ``site`` (from
    ``read_site``) gives them; it also gives what else is left unset. Posts are shown newest
    first (equal dates by path), at most ``limit`` of them (0 = all); of two posts with the
    same id or link the first in date order is kept, with a warning. Relative links and ids
    are placed under ``site_url``. Every date in a feed comes from the posts, never from the
    clock: the same posts give the same bytes.

    ``path`` places the feed in a folder of the site (``"tags/python/"`` for a category's
    feed): its files are written there and its ``rel="self"`` links (JSON ``feed_url``) point
    there, unless ``feed_urls`` names a format's URL. ``podcast`` (a ``Podcast``) makes the
    RSS feed a podcast Apple Podcasts accepts.
    """

    title: str = ""
    site_url: str = ""
    posts: Sequence[Post] = ()
    description: str | None = None
    language: str | None = None
    author: Author | str | Mapping[str, str] | None = None
    timezone: str = "UTC"
    limit: int = DEFAULT_LIMIT
    feed_urls: Mapping[str, str] | None = None
    icon: str | None = None
    logo: str | None = None
    copyright: str | None = None
    summary_only: bool = False
    stylesheet: str | None = None
    path: str | None = None
    podcast: Podcast | None = None
    site: Site | None = field(default=None, repr=False, compare=False)
    _selected: tuple[Post, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        def put(name: str, value: object) -> None:
            object.__setattr__(self, name, value)

        if self.site is not None:  # what the site says fills what was left unset
            for name in ("title", "site_url", "description", "language", "author"):
                if not getattr(self, name) and getattr(self.site, name):
                    put(name, getattr(self.site, name))
            if self.timezone == "UTC" and self.site.timezone:
                put("timezone", self.site.timezone)

        title = collapse_whitespace(xml_legal(str(self.title)))
        if not title:
            raise FeedError("a feed needs a title")
        put("title", title)
        if not is_absolute_http(self.site_url):
            raise FeedError(f"site_url must be an absolute http(s) URL, not {self.site_url!r}")
        if not isinstance(self.limit, int) or isinstance(self.limit, bool) or self.limit < 0:
            raise FeedError(f"limit must be a whole number, 0 for all, not {self.limit!r}")
        if self.language is not None and not is_language_code(self.language):
            raise FeedError(f"language must be a language code like 'en-GB', not {self.language!r}")
        try:
            zone(self.timezone)
            put("author", parse_author(self.author))
        except ValueError as err:
            raise FeedError(str(err)) from err
        for name in ("icon", "logo"):
            put(name, _url_setting(name, getattr(self, name), self.site_url))
        urls = dict(self.feed_urls or {})
        for name, url in urls.items():
            if name not in FORMATS:
                raise FeedError(f"feed_urls has an unknown format {name!r}")
            urls[name] = _url_setting(f"feed_urls[{name!r}]", url, self.site_url) or url
        put("feed_urls", urls)
        put("path", _folder(self.path) or None)
        if self.podcast is not None:
            put("podcast", self._podcast(self.podcast))
        for name in ("description", "copyright"):
            value = getattr(self, name)
            put(name, None if value is None else collapse_whitespace(xml_legal(str(value))))
        put("posts", tuple(self.posts))
        put("_selected", self._select(self.posts))
        if len(self._selected) > MAX_ENTRIES and not 0 < self.limit <= MAX_ENTRIES:
            logger.warning(
                "the feed shows the newest %s of %s posts (at most %s entries)",
                f"{MAX_ENTRIES:,}",
                f"{len(self._selected):,}",
                f"{MAX_ENTRIES:,}",
            )

    def _select(self, posts: Iterable[Post]) -> tuple[Post, ...]:
        kept: list[Post] = []
        by_id: dict[str, Post] = {}
        by_link: dict[str, Post] = {}
        for post in sort_posts([_resolve(p, self.site_url) for p in posts]):
            clash = by_link.get(post.link) or by_id.get(post.id)
            if clash is not None:
                what = "link" if post.link in by_link else "id"
                logger.warning(
                    "%s: same %s as %s; left out of the feed", _name(post), what, _name(clash)
                )
                continue
            by_id[post.id] = by_link[post.link] = post
            kept.append(post)
        return tuple(kept)

    def _podcast(self, podcast: Podcast) -> Podcast:
        """The podcast settings with their URL made absolute and their people filled in."""
        if not isinstance(podcast, Podcast):
            raise FeedError(f"podcast must be a postfeed.Podcast, not {podcast!r}")
        if self.language is None:
            raise FeedError("a podcast needs a language (Apple requires one): give language='en'")
        site_author = self.author if isinstance(self.author, Author) else None
        owner = podcast.owner if isinstance(podcast.owner, Author) else site_author
        if owner is None or owner.email is None:
            raise FeedError(
                "a podcast needs an owner's e-mail address (Apple writes to it): give "
                "Podcast(owner='Name <e-mail>') or Feed(author='Name <e-mail>')"
            )
        image = _url_setting("podcast image", podcast.image, self.site_url) or podcast.image
        author = podcast.author or (site_author.name if site_author else None) or self.title
        return dataclasses.replace(podcast, image=image, owner=owner, author=author)

    # ---- documents -----------------------------------------------------------------

    def feed_url(self, fmt: str, tag_slug: str | None = None) -> str:
        """The URL a feed file is published at (its ``rel="self"`` link)."""
        name = FORMATS[fmt].filename
        base = self.feed_urls.get(fmt) if self.feed_urls else None
        if base is None:
            base = under_site(encode_path(self.path or "") + name, self.site_url)
        if tag_slug is None:
            return base
        folder = base.rsplit("/", 1)[0]
        return f"{folder}/{TAGS_FOLDER}/{tag_slug}/{name}"

    def _entry(self, post: Post) -> Entry:
        authors = post.authors or ((self.author,) if isinstance(self.author, Author) else ())
        if self.podcast is not None and post.enclosures:
            suffix = post.enclosures[0].url.split(".")[-1]  # as Apple and the W3C read it
            if suffix not in EPISODE_SUFFIXES:
                raise FeedError(
                    f"{_name(post)}: Apple Podcasts plays {', '.join(EPISODE_SUFFIXES)} files, "
                    f"not {post.enclosures[0].url!r}"
                )
        html = "" if self.summary_only else post.content_html
        content = html if html.strip() else None  # a post with no body: no content element
        # An entry with no text at all reads as its title (Atom wants some text).
        summary = post.summary or ("" if content else post.title)
        return Entry(
            title=post.title,
            link=post.link,
            id=post.id,
            published=post.date,
            updated=post.updated,
            summary=summary,
            content_html=content,
            tags=post.tags,
            authors=authors,
            enclosures=post.enclosures,
            image=post.image,
        )

    def _shown(self, posts: Sequence[Post]) -> Sequence[Post]:
        return posts[: min(self.limit or MAX_ENTRIES, MAX_ENTRIES)]

    def _data(self, fmt: str, posts: Sequence[Post], title: str, tag_slug: str | None) -> FeedData:
        shown = self._shown(posts)
        entries = tuple(self._entry(post) for post in shown)
        # SPEC §4: the newest entry's updated time (the first entry: newest first).
        updated = entries[0].updated if entries else None
        if updated is None:
            updated = EMPTY_FEED_DATE.replace(tzinfo=zone(self.timezone))
        author = self.author if isinstance(self.author, Author) else Author(name=self.title)
        return FeedData(
            title=title,
            site_url=self.site_url,
            self_url=self.feed_url(fmt, tag_slug),
            description=self.description or title,
            language=self.language,
            author=author,
            updated=updated,
            icon=self.icon,
            logo=self.logo,
            copyright=self.copyright,
            stylesheet=_stylesheet_for(self.stylesheet, _folder(self.path), tag_slug)
            if fmt != "json"
            else None,
            generator_version=__version__,
            entries=entries,
            podcast=self.podcast if fmt == "rss" else None,
        )

    def _render(self, fmt: str, posts: Sequence[Post], title: str, tag_slug: str | None) -> bytes:
        if fmt not in FORMATS:
            raise FeedError(f"unknown feed format {fmt!r} (known: {', '.join(ALL_FORMATS)})")
        try:
            return FORMATS[fmt].render(self._data(fmt, posts, title, tag_slug))
        except FeedError:
            raise
        except (ValueError, TypeError) as err:
            raise FeedError(f"cannot build the {fmt} feed: {err}") from err

    def rss(self) -> bytes:
        """The RSS 2.0 document."""
        self._drop_unreadable(False)
        return self._render("rss", self._selected, self.title, None)

    def atom(self) -> bytes:
        """The Atom 1.0 document."""
        self._drop_unreadable(False)
        return self._render("atom", self._selected, self.title, None)

    def json(self) -> bytes:
        """The JSON Feed 1.1 document."""
        self._drop_unreadable(False)
        return self._render("json", self._selected, self.title, None)

    def tags(self) -> dict[str, tuple[str, tuple[Post, ...]]]:
        """Tag slug → (the tag as first written, its posts), for per-tag feeds."""
        groups: dict[str, tuple[str, list[Post]]] = {}
        for post in self._selected:
            for slug, tag in {tag_slug(tag): tag for tag in reversed(post.tags)}.items():
                groups.setdefault(slug, (tag, []))[1].append(post)  # "C++" and "c": once
        return {slug: (tag, tuple(posts)) for slug, (tag, posts) in sorted(groups.items())}

    def file_names(
        self, formats: Iterable[str] = ALL_FORMATS, *, tag_feeds: bool = False
    ) -> list[str]:
        """The relative paths ``write`` writes, in order, without building anything."""
        formats = tuple(dict.fromkeys(formats))
        for fmt in formats:
            if fmt not in FORMATS:
                raise FeedError(f"unknown feed format {fmt!r} (known: {', '.join(ALL_FORMATS)})")
        folder = self.path or ""
        names = [folder + FORMATS[fmt].filename for fmt in formats]
        if tag_feeds:
            for slug in self.tags():
                names.extend(
                    f"{folder}{TAGS_FOLDER}/{slug}/{FORMATS[fmt].filename}" for fmt in formats
                )
        return names

    def documents(
        self, formats: Iterable[str] = ALL_FORMATS, *, tag_feeds: bool = False, jobs: int = 1
    ) -> dict[str, bytes]:
        """Every file ``write`` would write: relative path → bytes (``jobs`` as in ``write``)."""
        built = self._built(formats, tag_feeds, False, jobs)
        return {name: data for name, (data, _) in built.items()}

    def _built(
        self, formats: Iterable[str], tag_feeds: bool, checked: bool, jobs: int = 1
    ) -> dict[str, tuple[bytes, list[Problem]]]:
        """Each file's bytes (and, when ``checked``, its problems), built on up to ``jobs``
        processes when there are enough entries for it to pay. Bodies are rendered first,
        here, so the documents' builders render nothing (and warn about nothing) twice."""
        self._drop_unreadable(tag_feeds)
        groups = self.tags() if tag_feeds else {}
        shown = [*self._shown(self._selected)]
        for _, posts in groups.values():
            shown.extend(self._shown(posts))
        if not self.summary_only:  # a summary-only feed may need no body at all
            render_ahead(shown, jobs=jobs)
        for post in shown:  # what render_ahead left (too few to fork for), one by one
            if not self.summary_only:
                post.content_html  # noqa: B018
            post.summary  # noqa: B018

        def build(names: Sequence[str]) -> list[tuple[bytes, list[Problem]]]:
            built = []
            for name in names:
                folder, _, filename = name.removeprefix(self.path or "").rpartition("/")
                fmt = next(f for f in FORMATS.values() if f.filename == filename).name
                if not folder:
                    data = self._render(fmt, self._selected, self.title, None)
                else:
                    slug = folder.split("/")[1]
                    tag, posts = groups[slug]
                    data = self._render(fmt, posts, f"{self.title}: {tag}", slug)
                built.append((data, check(data) if checked else []))
            return built

        formats = tuple(dict.fromkeys(formats))
        names = self.file_names(formats, tag_feeds=tag_feeds)
        entries = len(shown) * len(formats)  # each shown post is an entry in every format
        jobs = jobs if entries >= PARALLEL_ENTRIES else 1
        return dict(zip(names, map_parts(build, names, jobs=jobs), strict=True))

    def _drop_unreadable(self, tag_feeds: bool) -> None:
        """Leave out, with one warning each, the shown posts whose body can no longer be
        read as it was loaded (the file changed or went away since): the next posts take
        their places. The body read here is the one rendered."""
        while True:
            shown = [*self._shown(self._selected)]
            if tag_feeds:
                for _, posts in self.tags().values():
                    shown.extend(self._shown(posts))
            dropped = set()
            for post in shown:
                if id(post) in dropped or post._source is None:
                    continue
                if self.summary_only and post._given_summary is not None:
                    continue  # its body is not shown: not read
                try:
                    post.content  # noqa: B018 - read now, through the loader's checks
                except PostError as err:
                    logger.warning("%s", err)
                    dropped.add(id(post))
            if not dropped:
                return
            kept = tuple(p for p in self._selected if id(p) not in dropped)
            object.__setattr__(self, "_selected", kept)

    def write(
        self,
        out_dir: str | os.PathLike[str],
        formats: Iterable[str] = ALL_FORMATS,
        *,
        tag_feeds: bool = False,
        jobs: int = 1,
    ) -> list[Path]:
        """Write the feeds into ``out_dir``; return the paths whose bytes changed.

        ``jobs=N`` (N > 1) lets many entries be rendered and built on up to N forked
        processes; the default, 1, never forks the host process.

        Every document is checked first: one with an error is never written (``FeedError``,
        the old files stay). Files are replaced atomically, unchanged ones left untouched,
        and two writers to one folder take turns. On any error the old files stay as they
        were and no temporary file is left behind.
        """
        built = self._built(formats, tag_feeds, True, jobs)
        for path, (_, problems) in built.items():
            found = errors(problems)
            if found:
                raise FeedError(
                    f"{path}: refusing to write an invalid feed: {found[0].message}",
                    problems=found,
                )
        files = {path: data for path, (data, _) in built.items()}
        try:
            changed = write_files(Path(out_dir), files)
        except OSError as err:
            where = err.filename or out_dir
            raise FeedError(f"cannot write {where}: {err.strerror or err}") from err
        self._save_caches()
        return changed

    def _save_caches(self) -> None:
        """Keep what was rendered for the next run, in the posts' caches (if any)."""
        owners: dict[int, Any] = {}
        for post in self._selected:
            owner = getattr(post._renders, "owner", None)
            if owner is not None and owner.autosave:
                owners[id(owner)] = owner
        for owner in owners.values():
            owner.save()
