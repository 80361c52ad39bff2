"""``Post``: one normalised post, whether loaded from a file or built in memory."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from postfeed._text import xml_legal
from postfeed.errors import PostError
from postfeed.links import PostLinks, absolute_url, absolute_urls, encode_url, under_site
from postfeed.metadata import Author, Settings, normalise
from postfeed.render import (
    DEFAULT_EXTENSIONS,
    RenderError,
    check_extensions,
    first_paragraph,
    plain_html,
    prepare,
    render_markdown,
    summary_from_markdown,
)
from postfeed.slugs import slugify
from postfeed.titles import title_from_body

logger = logging.getLogger("postfeed")


@dataclass(frozen=True, init=False)
class Post:
    """A normalised post.

    Build one with keyword arguments and it is normalised exactly as a loaded post: a date
    string is parsed, the title cleaned (or found in the Markdown ``content``), the slug
    derived, Markdown rendered on first use. ``content_html`` given as HTML is taken as is.
    ``content_html`` and ``summary`` are computed on first use and then kept.
    """

    title: str
    date: dt.datetime
    updated: dt.datetime
    link: str
    id: str
    slug: str
    tags: tuple[str, ...]
    author: Author | None
    _path: str | None = field(repr=False)
    _content: str | None = field(repr=False)  # None: read from ``_source`` when needed
    _given_html: str | None = field(repr=False)
    _given_summary: str | None = field(repr=False)
    _extensions: tuple[str, ...] = field(repr=False, compare=False)
    _cache: dict[str, str] = field(repr=False, compare=False, hash=False)
    _source: Callable[[], str] | None = field(repr=False, compare=False, hash=False)
    _renders: MutableMapping[str, str] | None = field(repr=False, compare=False, hash=False)
    _image: str | None = field(repr=False)  # as written; see ``image``
    # The links of the other posts loaded with this one, for template tags that link to one.
    _links: PostLinks | None = field(repr=False, compare=False, hash=False)

    def __init__(
        self,
        *,
        title: str | None = None,
        date: dt.datetime | dt.date | str | int,
        content: str = "",
        content_html: str | None = None,
        link: str | None = None,
        id: str | None = None,
        slug: str | None = None,
        tags: Iterable[str] | str = (),
        summary: str | None = None,
        author: Author | str | Mapping[str, str] | None = None,
        updated: dt.datetime | dt.date | str | int | None = None,
        path: str | os.PathLike[str] | None = None,
        image: str | None = None,
        timezone: str = "UTC",
        dayfirst: bool = False,
        markdown_extensions: Sequence[str] = DEFAULT_EXTENSIONS,
    ) -> None:
        where = None if path is None else os.fspath(path)
        try:
            check_extensions(markdown_extensions)
        except ValueError as err:
            raise PostError(where, str(err)) from err
        meta: dict[str, object] = {
            "title": title,
            "date": date,
            "updated": updated,
            "tags": tags,
            "summary": summary,
            "author": author,
            "slug": slug,
            "url": link,
            "id": id,
            "image": image,
        }
        try:
            found = normalise(meta, Settings(timezone=timezone, dayfirst=dayfirst))
        except ValueError as err:
            raise PostError(where, str(err)) from err
        if found.date is None:
            raise PostError(where, "a post needs a date")
        body = content
        if found.title is None and content_html is None:
            from_body = title_from_body(content, timezone=timezone, dayfirst=dayfirst)
            if from_body is not None:
                found.title, body = from_body
        if found.title is None:
            raise PostError(where, "a post needs a title")
        post_slug = slugify(found.slug or found.title) or "post"
        post_link = under_site(encode_url(found.link), None) if found.link else f"/{post_slug}/"
        _init_fields(
            self,
            title=found.title,
            date=found.date,
            updated=found.updated or found.date,
            link=post_link,
            id=found.id or post_link,
            slug=post_slug,
            tags=found.tags,
            author=found.author,
            _path=where,
            _content=body,
            _given_html=content_html,
            _given_summary=found.summary,
            _extensions=tuple(markdown_extensions),
            _cache={},
            _source=None,
            _renders=None,
            _image=found.image,
            _links=None,
        )

    @classmethod
    def _create(cls, **values: Any) -> Post:
        """Build a post from values that are already normalised (the loader's way in)."""
        post = object.__new__(cls)
        values.setdefault("_cache", {})
        values.setdefault("_source", None)
        values.setdefault("_renders", None)
        values.setdefault("_image", None)
        values.setdefault("_links", None)
        _init_fields(post, **values)
        return post

    def _evolve(self, **changes: Any) -> Post:
        """A copy with some fields changed; rendered HTML is recomputed for a new link."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(changes, _cache={})
        return Post._create(**values)

    @property
    def path(self) -> Path | None:
        """The source file as found under the posts folder; ``None`` for a post in memory."""
        return None if self._path is None else Path(self._path)

    @property
    def image(self) -> str | None:
        """The post's picture (``image``, ``cover``… metadata), absolute against ``link``."""
        if self._image is None:
            return None
        return absolute_url(self._image, self.link)

    @property
    def content(self) -> str:
        """The Markdown body (metadata and a title line or H1 removed); read on first use."""
        if self._content is not None:
            return self._content
        content = self._cache.get("content")
        if content is None:
            content = self._cache["content"] = self._source() if self._source else ""
        return content

    @property
    def content_html(self) -> str:
        """The full content as HTML, relative URLs made absolute against ``link``."""
        html = self._cache.get("html")
        if html is None:
            if self._given_html is not None:
                html = absolute_urls(xml_legal(self._given_html), self.link)
            else:
                html = self._render()
            self._cache["html"] = html
        return html

    def _render_key(self) -> str | None:
        """What the render cache keeps this post's HTML under: the extensions, the link,
        and a hash of the file's bytes (or of the Markdown, for a post built in memory)."""
        if self._renders is None:
            return None
        key = self._cache.get("key")
        if key is None:
            digest = hashlib.sha256()
            for part in (*self._extensions, self.link):
                digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
            fingerprint = getattr(self._source, "fingerprint", None)
            if fingerprint is not None:
                digest.update(b"file\0" + fingerprint().encode("ascii"))
            else:
                digest.update(self.content.encode("utf-8", "surrogatepass"))
            key = self._cache["key"] = digest.hexdigest()
        return key

    def _render(self) -> str:
        """Render the Markdown, through the render cache when the post has one."""
        key = self._render_key()
        if key is not None and self._renders is not None:
            cached = self._renders.get(key)
            if cached is not None:
                return cached
        name = getattr(getattr(self._source, "found", None), "relpath", None)
        try:
            rendered = render_markdown(self.content, self._extensions, resolve=self._links)
        except RenderError as err:
            logger.warning("%s: %s; shown as plain text", name or self._path or self.id, err)
            return absolute_urls(plain_html(self.content), self.link)  # not cached: tried again
        if rendered.unrun is not None:
            logger.warning(
                "%s: template tag %s not run (postfeed runs no templates); removed",
                name or self._path or self.id,
                rendered.unrun,
            )
        html = absolute_urls(rendered.html, self.link)
        if key is not None and self._renders is not None:
            self._renders[key] = html
        return html

    @property
    def summary(self) -> str:
        """``summary`` metadata, else the text before ``<!--more-->``, else the first paragraph."""
        if self._given_summary is not None:
            return self._given_summary
        summary = self._cache.get("summary")
        if summary is None:
            key = None if self._given_html is not None else self._render_key()
            if key is not None and self._renders is not None:
                summary = self._renders.get(key + ":summary")
            if summary is None:
                if self._given_html is not None:
                    summary = first_paragraph(xml_legal(self._given_html))
                else:
                    html = self.content_html
                    summary = summary_from_markdown(self.content, html, self._extensions)
                if key is not None and self._renders is not None:
                    self._renders[key + ":summary"] = summary
            self._cache["summary"] = summary
        return summary


def _init_fields(post: Post, **values: Any) -> None:
    post.__dict__.update(values)  # frozen to users; filled once, here, without __setattr__


# Rendering a body takes about 3 ms; below this many to render, a second process costs
# more than it saves.
PARALLEL_RENDERS = 16


def _renders_needed(post: Post) -> bool:
    if post._given_html is not None or "html" in post._cache:
        return False
    key = post._render_key()
    return key is None or post._renders is None or key not in post._renders


def _render_part(posts: Sequence[Post]) -> list[tuple[str, str, dict[str, str]]]:
    """Each post's HTML and summary, and what its rendering put in the render cache."""
    done = []
    for post in posts:
        html, summary = post.content_html, post.summary
        key, renders = post._render_key(), post._renders
        made: dict[str, str] = {}
        if key is not None and renders is not None:
            for name in (key, key + ":summary"):
                if name in renders:
                    made[name] = renders[name]
        done.append((html, summary, made))
    return done


def render_ahead(posts: Sequence[Post], *, jobs: int | None = None) -> None:
    """Render the bodies (and summaries) of ``posts`` now, split over the CPUs when there
    are enough of them, instead of one by one as a feed asks for them. The HTML, the
    warnings and the render cache are exactly what rendering one by one gives."""
    from postfeed.parallel import available_cpus, map_parts

    todo = list({id(post): post for post in posts if _renders_needed(post)}.values())
    jobs = available_cpus() if jobs is None else max(1, jobs)
    if jobs < 2 or len(todo) < PARALLEL_RENDERS:
        return  # rendered on first use, as ever
    for extensions in {post._extensions for post in todo}:
        prepare(extensions)
    for post, (html, summary, made) in zip(
        todo, map_parts(_render_part, todo, jobs=jobs), strict=True
    ):
        post._cache["html"] = html
        post._cache["summary"] = summary
        renders = post._renders
        for name, value in made.items():
            if renders is not None and name not in renders:
                renders[name] = value
