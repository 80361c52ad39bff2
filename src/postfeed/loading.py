"""``load_posts``: files → records (scanned, or from the cache) → ``Post`` objects."""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING

from postfeed.dates import zone
from postfeed.discovery import DEFAULT_SUFFIXES, Found, find_posts
from postfeed.errors import PostError
from postfeed.links import (
    DEFAULT_LINK_PATTERN,
    PostLinks,
    check_pattern,
    is_absolute_http,
    tag_slug,
)
from postfeed.metadata import Settings, check_keys
from postfeed.post import Post
from postfeed.records import BodySource, LoadOptions, Record, scan_all
from postfeed.render import DEFAULT_EXTENSIONS, check_extensions, prepare

if TYPE_CHECKING:
    from postfeed.cache import Cache
    from postfeed.site import Site

logger = logging.getLogger("postfeed")

FALLBACK_DATES = (None, "mtime")


def _check_options(
    site_url: str | None, link_pattern: str, timezone: str, fallback_date: str | None
) -> None:
    if site_url is not None and not is_absolute_http(site_url):
        raise ValueError(f"site_url must be an absolute http(s) URL, not {site_url!r}")
    check_pattern(link_pattern)
    zone(timezone)
    if fallback_date not in FALLBACK_DATES:
        raise ValueError(f"fallback_date must be None or 'mtime', not {fallback_date!r}")


def load_options(
    *,
    site_url: str | None = None,
    link_pattern: str = DEFAULT_LINK_PATTERN,
    timezone: str = "UTC",
    dayfirst: bool = False,
    fallback_date: str | None = None,
    markdown_extensions: Sequence[str] = DEFAULT_EXTENSIONS,
    max_bytes: int = 10_000_000,
    site: Site | None = None,
    keys: Mapping[str, str | Sequence[str]] | None = None,
) -> LoadOptions:
    """The options of a load, checked (``ValueError`` for a bad one)."""
    if not isinstance(max_bytes, int) or isinstance(max_bytes, bool) or max_bytes < 0:
        raise ValueError(f"max_bytes must be a whole number of bytes, not {max_bytes!r}")
    _check_options(site_url, link_pattern, timezone, fallback_date)
    check_extensions(markdown_extensions)
    return LoadOptions(
        site_url=site_url,
        link_pattern=link_pattern,
        settings=Settings(timezone=timezone, dayfirst=dayfirst, keys=check_keys(keys)),
        fallback_date=fallback_date,
        extensions=tuple(markdown_extensions),
        max_bytes=max_bytes,
        site=site,
    )


def load_posts(
    root: str | os.PathLike[str],
    *,
    site_url: str | None = None,
    link_pattern: str = DEFAULT_LINK_PATTERN,
    timezone: str = "UTC",
    dayfirst: bool = False,
    fallback_date: str | None = None,
    include_drafts: bool = False,
    include_future: bool = False,
    strict: bool = False,
    suffixes: Collection[str] = DEFAULT_SUFFIXES,
    markdown_extensions: Sequence[str] = DEFAULT_EXTENSIONS,
    cache: str | os.PathLike[str] | Cache | None = None,
    jobs: int = 1,
    max_bytes: int = 10_000_000,
    newest: int = 0,
    newest_per_tag: bool = False,
    site: Site | None = None,
    keys: Mapping[str, str | Sequence[str]] | None = None,
) -> list[Post]:
    """Load every post under ``root``: newest first, equal dates ordered by path.

    A post that cannot be loaded is skipped and one warning ``path: reason`` is logged on
    the ``postfeed`` logger (no handler is added, no level set: the host's logging
    decides what is shown). Of two posts with the same id or link, the second in path
    order is skipped with a warning. Raises ``PostError`` for a root that is missing or
    cannot be read, and ``ValueError`` for a bad option. Every option:

    - ``site_url``: the site's absolute http(s) URL; links and ids are made under it
      (``None``: links stay relative, and ``Feed`` needs a site URL).
    - ``link_pattern``: each post's link, from ``{path}``, ``{slug}``, ``{stem}``,
      ``{year}``, ``{month}``, ``{day}`` (default ``{path}/``).
    - ``timezone``: the IANA zone of dates given without an offset (default UTC).
    - ``dayfirst``: read an ambiguous numeric date ``03/04/2024`` as day first.
    - ``fallback_date``: ``"mtime"`` dates a post that gives none by its file's mtime;
      ``None`` (the default) skips it with a warning.
    - ``include_drafts``, ``include_future``: keep drafts (and expired posts), and posts
      dated after now; both are left out by default.
    - ``strict``: the first problem raises ``PostError`` instead of a warning.
    - ``suffixes``: the file suffixes that are posts (default ``.md``, ``.markdown``,
      ``.mdown``, ``.mkd``, ``.mdx``, ``.txt``).
    - ``markdown_extensions``: the Python-Markdown extensions bodies are rendered with
      (default ``extra``, ``sane_lists``, ``pymdownx.superfences``, ``pymdownx.tilde``).
    - ``cache``: a file that keeps each post's record (and rendered HTML) between runs,
      so unchanged posts are not parsed again. A path: loaded, and saved after the load
      and after feeds render through it. Or a ``postfeed.cache.Cache`` the caller owns:
      loaded, its records left for the caller to read, and saved by the caller
      (``save()``), as the command does.
    - ``jobs``: with N > 1, a large cold scan forks up to N processes (and, with
      ``newest``, loads Markdown, feedgen and lxml meanwhile, for the feeds to come);
      the default, 1, never forks the host process nor touches its signals.
    - ``max_bytes``: a larger file is skipped with a warning, unread (default
      10,000,000).
    - ``newest``: N > 0 keeps only the newest N posts — all a feed of N shows — and
      builds no ``Post`` for the rest; every post is still read and checked (and warned
      about). 0, the default, keeps every post.
    - ``newest_per_tag``: with ``newest``, also each tag's newest N (for tag feeds).
    - ``site`` (from ``read_site``): ``root`` is the site's folder; its posts folders are
      read, each post linked where its generator publishes it (unless ``link_pattern``
      is given: then the pattern), and what the site says fills in the options left at
      their defaults: ``site_url``, ``timezone`` (when ``"UTC"``), ``include_future``,
      ``include_drafts``, ``dayfirst`` (when ``False``), ``suffixes``.
    - ``keys``: the site's own front matter keys, tried before the built-in ones:
      ``keys={"title": ["newstitle"], "date": "when"}`` (fields: title, date, updated,
      summary, tags, author, image).
    """
    if not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1:
        raise ValueError(f"jobs must be a whole number of at least 1, not {jobs!r}")
    if site is not None:
        site_url = site_url or site.site_url
        timezone = site.timezone if timezone == "UTC" and site.timezone else timezone
        include_future = include_future or bool(site.include_future)
        include_drafts = include_drafts or bool(site.include_drafts)
        dayfirst = dayfirst or bool(site.dayfirst)
        if suffixes == DEFAULT_SUFFIXES:
            suffixes = site.suffixes
        if link_pattern != DEFAULT_LINK_PATTERN:  # the caller's own pattern wins
            from dataclasses import replace

            site = replace(site, rule=None)
    options = load_options(
        site_url=site_url,
        link_pattern=link_pattern,
        timezone=timezone,
        dayfirst=dayfirst,
        fallback_date=fallback_date,
        markdown_extensions=markdown_extensions,
        max_bytes=max_bytes,
        site=site,
        keys=keys,
    )

    def warn(relpath: str, reason: str) -> None:
        if strict:
            raise PostError(relpath, reason)
        logger.warning("%s: %s", relpath, reason)

    store = None
    if cache is not None:
        from postfeed.cache import open_cache  # only when asked for

        store = open_cache(cache, options, suffixes)
    problems: list[tuple[str, str]] = []
    try:
        # No cached record to compare sizes and mtimes with: the scan takes them, from
        # the files it opens anyway.
        stat = store is not None and bool(store.records)
        if site is None:
            files = find_posts(root, suffixes, problems, stat=stat)
        else:
            files = _site_posts(root, site, suffixes, problems, stat)
    except OSError as err:
        reason = f"cannot read the posts folder: {err.strerror or err}"
        raise PostError(os.fspath(root), reason) from err
    for relpath, reason in problems:
        warn(relpath, reason)
    meanwhile = functools.partial(_ready_for_feeds, options.extensions) if newest else None
    scanned, records, lines = scan_all(
        files,
        options,
        known=store.get if store is not None else None,
        encode=store is not None,
        jobs=jobs,
        meanwhile=meanwhile,
    )
    if store is not None:
        store.set_records(records, scanned, lines)
    renders = store.renders if store is not None else None
    now = dt.datetime.now(dt.UTC)
    kept: list[tuple[Found, Record]] = []
    by_id: dict[str, str] = {}
    by_link: dict[str, str] = {}
    for found, record in zip(scanned, records, strict=True):
        for warning in record.warnings:
            warn(record.relpath, warning)
        if record.problem is not None:
            warn(record.relpath, record.problem)
            continue
        assert record.date is not None and record.updated is not None
        if record.draft and not include_drafts:
            logger.debug("%s: left out (draft)", record.relpath)
            continue
        if record.expires is not None and record.expires <= now and not include_drafts:
            logger.debug("%s: left out (expired %s)", record.relpath, record.expires)
            continue
        if record.date > now and not include_future:
            logger.debug("%s: left out (scheduled for %s)", record.relpath, record.date)
            continue
        clash = by_link.get(record.link) or by_id.get(record.id)
        if clash is not None:
            what = "link" if record.link in by_link else "id"
            why = ""
            if clash != record.relpath and _nfc(clash) == _nfc(record.relpath):
                why = " (the same name in another Unicode form: links are NFC)"
            warn(record.relpath, f"same {what} as {clash}{why}; skipped")
            continue
        by_id[record.id] = by_link[record.link] = record.relpath
        kept.append((found, record))
    if store is not None and store.autosave:
        store.save()
    # The posts a link tag may name: every post loaded, before the newest are kept.
    links = PostLinks((record.relpath, record.link) for _, record in kept)
    if newest:
        kept = _newest(kept, newest, newest_per_tag)
    posts = [_post(r, BodySource(f, options), f.path, options, renders, links) for f, r in kept]
    return sort_posts(posts)


def _site_posts(
    root: str | os.PathLike[str],
    site: Site,
    suffixes: Collection[str],
    problems: list[tuple[str, str]],
    stat: bool,
) -> list[Found]:
    """A site's posts: each posts folder walked, paths made relative to the site's
    folder (what its permalink rule reads), only the files the generator publishes."""
    if not os.path.isdir(root):
        raise NotADirectoryError(f"{os.fspath(root)!r} is not a folder")
    found: dict[str, Found] = {}
    if not site.posts:
        problems.append((".", f"no posts folder in this {site.generator} site"))
    for folder in site.posts:
        base = os.path.join(root, folder) if folder not in ("", ".") else os.fspath(root)
        if not os.path.isdir(base):
            problems.append((folder, "the site's posts folder is missing"))
            continue
        prefix = "" if folder in ("", ".") else folder.strip("/") + "/"
        skip = site.skip_under(folder)
        for item in find_posts(base, suffixes, problems, stat=stat, skip=skip):
            relpath = prefix + item.relpath
            if item.real not in found and site.is_post(relpath):
                found[item.real] = item._replace(relpath=relpath)
    return sorted(found.values(), key=lambda f: f.relpath)


def _nfc(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFC", text)


def _ready_for_feeds(extensions: Sequence[str]) -> None:
    """A load for feeds (``newest``) readies what the feeds will need — Markdown, feedgen,
    lxml — while the workers of a large scan work: this process then takes fewer chunks,
    and the processes that render and build later are forked with all of it loaded."""
    prepare(extensions)
    from postfeed import validator
    from postfeed.formats import rss_atom

    rss_atom.prepare()
    validator.prepare()


def _newest(
    kept: list[tuple[Found, Record]], count: int, per_tag: bool
) -> list[tuple[Found, Record]]:
    """The newest ``count`` records (and each tag's newest ``count``), in feed order."""
    kept = sorted(kept, key=lambda pair: pair[0].path)  # the order of sort_posts
    kept.sort(key=lambda pair: pair[1].date or dt.datetime.min, reverse=True)
    chosen = kept[:count]
    if per_tag:
        shown: dict[str, int] = {}
        chosen = []
        for index, (found, record) in enumerate(kept):
            wanted = index < count
            for slug in {tag_slug(tag) for tag in record.tags}:
                if shown.get(slug, 0) < count:
                    shown[slug] = shown.get(slug, 0) + 1
                    wanted = True
            if wanted:
                chosen.append((found, record))
    return chosen


def _post(
    record: Record,
    source: BodySource,
    path: str,
    options: LoadOptions,
    renders: dict[str, str] | None,
    links: PostLinks | None = None,
) -> Post:
    return Post._create(
        title=record.title,
        date=record.date,
        updated=record.updated,
        link=record.link,
        id=record.id,
        slug=record.slug,
        tags=record.tags,
        authors=record.authors,
        _path=path,
        _content=None,
        _given_html=None,
        _given_summary=record.summary,
        _extensions=options.extensions,
        _source=source,
        _renders=renders,
        _image=record.image,
        _links=links,
    )


def sort_posts(posts: Sequence[Post]) -> list[Post]:
    """Newest first; equal dates by path, so the order is total and stable."""
    by_path = sorted(posts, key=lambda p: (p._path or "", p.id))
    return sorted(by_path, key=lambda p: p.date, reverse=True)
