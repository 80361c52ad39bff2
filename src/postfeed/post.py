"""``Post``: one normalised post, whether loaded from a file or built in memory."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
import os
import re
from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from dataclasses import InitVar, dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from postfeed._text import collapse_whitespace, xml_legal
from postfeed.errors import PostError
from postfeed.links import (
    PostLinks,
    absolute_url,
    absolute_urls,
    encode_url,
    is_absolute_http,
    slugify,
    under_site,
)
from postfeed.metadata import Author, Settings, normalise, parse_authors
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
from postfeed.titles import title_from_body

logger = logging.getLogger("postfeed")

# Media types by file suffix, for an enclosure given without one. Hand-written because
# ``mimetypes`` reads the machine's /etc/mime.types, and feeds must be the same bytes on
# every machine. Apple Podcasts' formats first.
ENCLOSURE_TYPES = {
    "mp3": "audio/mpeg",
    "m4a": "audio/x-m4a",
    "mp4": "video/mp4",
    "m4v": "video/x-m4v",
    "mov": "video/quicktime",
    "pdf": "application/pdf",
    "epub": "application/epub+zip",
    "aac": "audio/aac",
    "flac": "audio/flac",
    "oga": "audio/ogg",
    "ogg": "audio/ogg",
    "opus": "audio/opus",
    "wav": "audio/wav",
    "webm": "video/webm",
}
# A media type with optional parameters, as RFC 2045 spells it (the W3C validator's check
# of an enclosure's type): ``audio/mpeg``, ``audio/ogg; codecs=opus``.
_TOKEN = r'[^\s()<>,;:\\"/\[\]?=]+'
_MEDIA_TYPE = re.compile(rf'{_TOKEN}/{_TOKEN}(\s*;\s*{_TOKEN}=("(\\"|[^"])*"|{_TOKEN}))*')


def _whole(name: str, value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise PostError(None, f"{name} must be a whole number of at least 0, not {value!r}")
    return value


@dataclass(frozen=True)
class Enclosure:
    """A file that goes with a post (a podcast episode's audio, a PDF): RSS ``enclosure``,
    Atom ``link rel="enclosure"``, JSON Feed ``attachments``.

    ``url`` may be relative: it is resolved against the post's link, as a browser would.
    ``length`` is the size in bytes (RSS requires one: ``0`` is written when unknown);
    ``type`` the media type, found from the URL's suffix when not given (``.mp3`` →
    ``audio/mpeg``); ``duration`` in whole seconds (a podcast's ``itunes:duration``, JSON
    Feed's ``duration_in_seconds``); ``title`` a label (Atom and JSON Feed). A bad value is
    a ``PostError`` (a ``ValueError``) saying what is wrong.
    """

    url: str
    length: int | None = field(default=None, kw_only=True)
    type: str | None = field(default=None, kw_only=True)
    duration: int | None = field(default=None, kw_only=True)
    title: str | None = field(default=None, kw_only=True)

    def __post_init__(self) -> None:
        url = encode_url(xml_legal(str(self.url)).strip())  # as a post's link: spaces → %20
        if not url:
            raise PostError(None, "an enclosure needs a URL")
        if urlsplit(url).scheme and not is_absolute_http(url):
            raise PostError(None, f"an enclosure's URL must be http(s) or relative, not {url!r}")
        object.__setattr__(self, "url", url)
        object.__setattr__(self, "length", _whole("enclosure length", self.length))
        object.__setattr__(self, "duration", _whole("enclosure duration", self.duration))
        kind = self.type
        if kind is None:
            suffix = url.split("?", 1)[0].split("#", 1)[0].rpartition("/")[2].rpartition(".")
            kind = ENCLOSURE_TYPES.get(suffix[2].lower()) if suffix[1] else None
            if kind is None:
                raise PostError(
                    None, f"enclosure {url}: give its media type, e.g. type='audio/mpeg'"
                )
        if not _MEDIA_TYPE.fullmatch(kind):
            raise PostError(
                None, f"enclosure {url}: {kind!r} is not a media type like 'audio/mpeg'"
            )
        object.__setattr__(self, "type", kind)
        if self.title is not None:
            object.__setattr__(
                self, "title", collapse_whitespace(xml_legal(str(self.title))) or None
            )


def parse_enclosures(value: object) -> tuple[Enclosure, ...]:
    """Enclosures from an ``Enclosure``, a mapping of its fields, a URL, or a list of those."""
    if value is None:
        return ()
    items: Iterable[object] = [value]
    if isinstance(value, Iterable) and not isinstance(value, str | Mapping | Enclosure):
        items = value
    found: list[Enclosure] = []
    for item in items:
        if isinstance(item, Enclosure):
            enclosure = item
        elif isinstance(item, str):
            enclosure = Enclosure(item)
        elif isinstance(item, Mapping):
            unknown = set(item) - {"url", "length", "type", "duration", "title"}
            if unknown:
                raise ValueError(f"an enclosure has no {sorted(unknown)[0]!r}")
            if "url" not in item:
                raise ValueError("an enclosure needs a url")
            enclosure = Enclosure(**item)
        else:
            raise ValueError(f"an enclosure is an Enclosure, a mapping or a URL, not {item!r}")
        if enclosure not in found:
            found.append(enclosure)
    return tuple(found)


AuthorLike = Author | str | Mapping[str, str]


@dataclass(frozen=True, init=False)
class Post:
    """A normalised post.

    Build one with keyword arguments and it is normalised exactly as a loaded post: a date
    string is parsed, the title cleaned (or found in the Markdown ``content``), the slug
    derived, Markdown rendered on first use. ``content_html`` given as HTML is taken as is.
    ``content_html`` and ``summary`` are computed on first use and then kept.

    ``author`` (or ``authors``) is one person or a list: ``"Name <e-mail>"``, a name, an
    e-mail address, a mapping with ``name``/``email``, or an ``Author``; ``post.author`` is
    the first of ``post.authors``. ``enclosures`` are files that go with the post
    (``Enclosure``, a mapping of its fields, or a URL); RSS carries the first only (RSS
    allows one per item), Atom and JSON Feed all of them.

    Copy a post with changes with ``post.replace(title=...)`` or
    ``dataclasses.replace(post, title=...)``: a changed field is normalised as the
    constructor does it, the others are kept as they are (``updated`` follows a changed
    ``date`` when it was the date, ``id`` a changed ``link`` when it was the link).
    Equal fields, equal posts.
    """

    title: str
    date: dt.datetime
    updated: dt.datetime
    link: str
    id: str
    slug: str
    tags: tuple[str, ...]
    authors: tuple[Author, ...]
    enclosures: tuple[Enclosure, ...]
    # ``dataclasses.replace`` passes every init field, read with getattr: this one (a
    # property returning the post itself, set below the class) hands the copy its original,
    # so unchanged fields are kept as they are instead of being normalised a second time.
    _origin: InitVar[Post | None] = None
    _path: str | None = field(init=False, repr=False)
    _content: str | None = field(init=False, repr=False)  # None: read from ``_source``
    _given_html: str | None = field(init=False, repr=False)
    _given_summary: str | None = field(init=False, repr=False)
    _extensions: tuple[str, ...] = field(init=False, repr=False, compare=False)
    _cache: dict[str, str] = field(init=False, repr=False, compare=False, hash=False)
    _source: Callable[[], str] | None = field(init=False, repr=False, compare=False, hash=False)
    _renders: MutableMapping[str, str] | None = field(
        init=False, repr=False, compare=False, hash=False
    )
    _image: str | None = field(init=False, repr=False)  # as written; see ``image``
    # The links of the other posts loaded with this one, for template tags that link to one.
    _links: PostLinks | None = field(init=False, repr=False, compare=False, hash=False)

    def __init__(
        self,
        *,
        title: str | None = None,
        date: dt.datetime | dt.date | str | int,
        content: str | None = None,
        content_html: str | None = None,
        link: str | None = None,
        id: str | None = None,
        slug: str | None = None,
        tags: Iterable[str] | str = (),
        summary: str | None = None,
        author: AuthorLike | Iterable[AuthorLike] | None = None,
        authors: Iterable[AuthorLike] | None = None,
        enclosures: Enclosure | Iterable[Enclosure | Mapping[str, Any] | str] | str = (),
        updated: dt.datetime | dt.date | str | int | None = None,
        path: str | os.PathLike[str] | None = None,
        image: str | None = None,
        timezone: str = "UTC",
        dayfirst: bool = False,
        markdown_extensions: Sequence[str] | None = None,
        _origin: Post | None = None,
    ) -> None:
        where = None if path is None else os.fspath(path)
        if _origin is not None:
            _init_fields(self, **_origin._copy_values(
                title=title, date=date, updated=updated, link=link, id=id, slug=slug,
                tags=tags, author=author, authors=authors, enclosures=enclosures,
                content=content, content_html=content_html, summary=summary, path=where,
                settings=Settings(timezone=timezone, dayfirst=dayfirst),
                extensions=markdown_extensions,
            ))  # fmt: skip
            if image is not None:  # a new picture, normalised as the constructor does
                try:
                    picture = normalise({"image": image}, Settings()).image
                except ValueError as err:
                    raise PostError(where, str(err)) from err
                object.__setattr__(self, "_image", picture)
            return
        extensions = DEFAULT_EXTENSIONS if markdown_extensions is None else markdown_extensions
        try:
            check_extensions(extensions)
        except ValueError as err:
            raise PostError(where, str(err)) from err
        if author is not None and authors is not None:
            raise PostError(where, "give author or authors, not both")
        meta: dict[str, object] = {
            "title": title,
            "date": date,
            "updated": updated,
            "tags": tags,
            "summary": summary,
            "slug": slug,
            "url": link,
            "id": id,
            "image": image,
        }
        try:
            found = normalise(meta, Settings(timezone=timezone, dayfirst=dayfirst))
            people = parse_authors(authors if author is None else author)
            files = parse_enclosures(enclosures)
        except ValueError as err:
            raise PostError(where, str(err)) from err
        if found.date is None:
            raise PostError(where, "a post needs a date")
        body = content or ""
        if found.title is None and content_html is None:
            from_body = title_from_body(body, timezone=timezone, dayfirst=dayfirst)
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
            authors=people,
            enclosures=files,
            _path=where,
            _content=body,
            _given_html=content_html,
            _given_summary=found.summary,
            _extensions=tuple(extensions),
            _cache={},
            _source=None,
            _renders=None,
            _image=found.image,
            _links=None,
        )

    def _copy_values(
        self,
        *,
        settings: Settings,
        extensions: Sequence[str] | None,
        author: object,
        authors: object,
        content: str | None,
        content_html: str | None,
        summary: str | None,
        path: str | None,
        **given: Any,
    ) -> dict[str, Any]:
        """The fields of a copy of this post: what differs from this post's fields is
        normalised as the constructor does it; what ``replace`` passed back unchanged is kept."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        changed = {k: v for k, v in given.items() if v is not values[k] and v != values[k]}
        where = path if path is not None else self._path
        if authors is not values["authors"] and authors != values["authors"]:
            if author is not None:
                raise PostError(where, "give author or authors, not both")
            author = authors
        meta = {"url" if k == "link" else k: v for k, v in changed.items() if k != "enclosures"}
        if summary is not None:
            meta["summary"] = summary
        try:
            found = normalise(meta, settings)
            if extensions is not None:
                check_extensions(extensions)
                values["_extensions"] = tuple(extensions)
            if author is not None:
                values["authors"] = parse_authors(author)
            if "enclosures" in changed:
                values["enclosures"] = parse_enclosures(changed["enclosures"])
        except ValueError as err:
            raise PostError(where, str(err)) from err
        for name in ("title", "date"):
            if name in changed and getattr(found, name) is None:
                raise PostError(where, f"a post needs a {name}")
        if "title" in changed:
            values["title"] = found.title
        if "date" in changed:
            values["date"] = found.date
            if "updated" not in changed and self.updated == self.date:
                values["updated"] = found.date  # it defaulted to the date
        if "updated" in changed:
            values["updated"] = found.updated or values["date"]
        values["updated"] = max(values["updated"], values["date"])  # never before the date
        if "slug" in changed:
            values["slug"] = slugify(found.slug or values["title"]) or "post"
        if "link" in changed:
            values["link"] = (
                under_site(encode_url(found.link), None) if found.link else f"/{values['slug']}/"
            )
            if "id" not in changed and self.id == self.link:
                values["id"] = values["link"]
        if "id" in changed:
            values["id"] = found.id or values["link"]
        if "tags" in changed:
            values["tags"] = found.tags
        if summary is not None:
            values["_given_summary"] = found.summary
        if content is not None or content_html is not None:
            values.update(_content=content or "", _given_html=content_html, _source=None)
        values.update(_path=where, _cache={})
        if (
            values["link"] == self.link
            and values["_extensions"] == self._extensions
            and (values["_content"] is self._content and values["_given_html"] is self._given_html)
        ):
            values["_cache"] = {k: v for k, v in self._cache.items() if k != "summary"}
        return values

    def replace(self, **changes: Any) -> Post:
        """A copy with some fields changed (``dataclasses.replace``); takes the
        constructor's keywords, normalised as the constructor does."""
        return dataclasses.replace(self, **changes)

    @property
    def author(self) -> Author | None:
        """The first author, or ``None``."""
        return self.authors[0] if self.authors else None

    @classmethod
    def _create(cls, **values: Any) -> Post:
        """Build a post from values that are already normalised (the loader's way in)."""
        post = object.__new__(cls)
        values.setdefault("enclosures", ())
        values.setdefault("_cache", {})
        values.setdefault("_source", None)
        values.setdefault("_renders", None)
        values.setdefault("_image", None)
        values.setdefault("_links", None)
        _init_fields(post, **values)
        return post

    def _evolve(self, **changes: Any) -> Post:
        """A copy with some already normalised fields changed; rendered HTML is recomputed
        for a new link."""
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


setattr(Post, "_origin", property(lambda post: post))  # noqa: B010 - see the field


def _init_fields(post: Post, **values: Any) -> None:
    post.__dict__.update(values)  # frozen to users; filled once, here, without __setattr__


# Below this many bodies to render, starting a second process costs more than it saves
# (figures in benchmarks/README.md).
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


def render_ahead(posts: Sequence[Post], *, jobs: int = 1) -> None:
    """Render the bodies (and summaries) of ``posts`` now, split over the CPUs when there
    are enough of them, instead of one by one as a feed asks for them. The HTML, the
    warnings and the render cache are exactly what rendering one by one gives."""
    from postfeed.parallel import map_parts

    todo = list({id(post): post for post in posts if _renders_needed(post)}.values())
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
