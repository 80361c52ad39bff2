"""``load_posts``: files → records (scanned, or from the cache) → ``Post`` objects."""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from postfeed.dates import zone
from postfeed.discovery import DEFAULT_SUFFIXES, Found, find_posts
from postfeed.errors import PostError
from postfeed.links import DEFAULT_LINK_PATTERN, PostLinks, check_pattern, is_absolute_http
from postfeed.metadata import Settings
from postfeed.post import Post
from postfeed.render import DEFAULT_EXTENSIONS, check_extensions, prepare
from postfeed.scan import BodySource, LoadOptions, Record
from postfeed.scanning import scan_all
from postfeed.slugs import tag_slug

if TYPE_CHECKING:
    from postfeed.cache import Cache

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
) -> LoadOptions:
    """The options of a load, checked (``ValueError`` for a bad one)."""
    _check_options(site_url, link_pattern, timezone, fallback_date)
    check_extensions(markdown_extensions)
    return LoadOptions(
        site_url=site_url,
        link_pattern=link_pattern,
        settings=Settings(timezone=timezone, dayfirst=dayfirst),
        fallback_date=fallback_date,
        extensions=tuple(markdown_extensions),
        max_bytes=max_bytes,
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
    jobs: int | None = None,
    max_bytes: int = 10_000_000,
    newest: int = 0,
    newest_per_tag: bool = False,
) -> list[Post]:
    """Load every post under ``root``: newest first, equal dates ordered by path.

    A post that cannot be loaded is skipped and one warning ``path: reason`` is logged on
    the ``postfeed`` logger; with ``strict=True`` the first problem raises ``PostError``
    instead. Drafts and posts dated in the future are left out unless asked for. Of two
    posts with the same id or link, the second in path order is skipped with a warning.

    ``cache`` names a file that keeps what each post's scan found (and rendered HTML)
    between runs, so unchanged posts are not parsed again; ``jobs`` caps the processes a
    large cold scan may use (default: the CPUs this process may run on). A file larger
    than ``max_bytes`` is skipped with a warning without being read. ``newest=N`` keeps
    only the newest N posts (with ``newest_per_tag``, also each tag's newest N) — all a
    feed of N shows — and builds no ``Post`` for the rest; every post is still checked.
    Raises ``PostError`` for a root that is missing or cannot be read, and ``ValueError``
    for a bad option.
    """
    options = load_options(
        site_url=site_url,
        link_pattern=link_pattern,
        timezone=timezone,
        dayfirst=dayfirst,
        fallback_date=fallback_date,
        markdown_extensions=markdown_extensions,
        max_bytes=max_bytes,
    )

    def warn(relpath: str, reason: str) -> None:
        if strict:
            raise PostError(relpath, reason)
        logger.warning("%s: %s", relpath, reason)

    store = None
    if cache is not None:
        from postfeed.cache import open_cache  # only when asked for

        store = open_cache(cache, options, suffixes)
    walked = store.walked if store is not None else None
    if (
        store is not None
        and walked is not None
        and walked[0] == os.fspath(root)
        and suffixes == DEFAULT_SUFFIXES
    ):
        # The caller walked this folder a moment ago, without a problem (and may have
        # narrowed the load to a few of its posts: incremental.update).
        files = store.narrow(walked[1])
    else:
        if store is not None:
            store.narrowed = None
        problems: list[tuple[str, str]] = []
        try:
            # No cached record to compare sizes and mtimes with: the scan takes them, from
            # the files it opens anyway (the walk takes a third of the time without stat).
            stat = store is not None and bool(store.records)
            files = find_posts(root, suffixes, problems, stat=stat)
        except OSError as err:
            reason = f"cannot read the posts folder: {err.strerror or err}"
            raise PostError(os.fspath(root), reason) from err
        for relpath, reason in problems:
            warn(relpath, reason)
    meanwhile = functools.partial(_ready_for_feeds, options.extensions) if newest else None
    scanned, records = scan_all(files, options, store, jobs=jobs, meanwhile=meanwhile)
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
        if record.date > now and not include_future:
            logger.debug("%s: left out (scheduled for %s)", record.relpath, record.date)
            continue
        clash = by_link.get(record.link) or by_id.get(record.id)
        if clash is not None:
            what = "link" if record.link in by_link else "id"
            warn(record.relpath, f"same {what} as {clash}; skipped")
            continue
        by_id[record.id] = by_link[record.link] = record.relpath
        kept.append((found, record))
    if store is not None and store.autosave:
        store.save()
    # The posts a link tag may name (a narrowed load reads no post with such a tag).
    links = PostLinks((record.relpath, record.link) for _, record in kept)
    if newest:
        kept = _newest(kept, newest, newest_per_tag)
    posts = [_post(r, BodySource(f, options), f.path, options, renders, links) for f, r in kept]
    return sort_posts(posts)


def _ready_for_feeds(extensions: Sequence[str]) -> None:
    """A load for feeds (``newest``) readies what the feeds will need — Markdown, feedgen,
    lxml — while the workers of a large scan work: this process then takes fewer chunks,
    and the processes that render and build later are forked with all of it loaded."""
    prepare(extensions)
    from postfeed import validator, xml_formats

    xml_formats.prepare()
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
        author=record.author,
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
