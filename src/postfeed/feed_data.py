"""What every feed format renders: plain, validated data, one class per level.

``Feed`` builds a ``FeedData`` once (entries chosen, sorted, de-duplicated, links made
absolute) and each format turns it into bytes. Formats never see a ``Post``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import ClassVar
from urllib.parse import urlsplit

from postfeed._text import collapse_whitespace, xml_legal
from postfeed.errors import PostError
from postfeed.links import encode_url, is_absolute_http
from postfeed.metadata import Author
from postfeed.podcast import Podcast

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


def enclosures(value: object) -> tuple[Enclosure, ...]:
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


@dataclass(frozen=True)
class Entry:
    """One entry of a feed, all text XML-legal and all URLs absolute."""

    title: str
    link: str
    id: str
    published: dt.datetime
    updated: dt.datetime
    summary: str
    content_html: str | None  # None: summaries only, or a post with no body
    tags: tuple[str, ...]
    authors: tuple[Author, ...]
    enclosures: tuple[Enclosure, ...] = ()
    image: str | None = None  # the post's picture, an absolute URL


@dataclass(frozen=True)
class FeedData:
    """One feed document's data: the site, this feed's own URL, and its entries."""

    title: str
    site_url: str
    self_url: str
    description: str
    language: str | None
    author: Author  # the site's author, else the site title: Atom requires one
    updated: dt.datetime
    icon: str | None
    logo: str | None
    copyright: str | None
    stylesheet: str | None
    generator_version: str
    entries: tuple[Entry, ...]
    podcast: Podcast | None = None


class FeedFormat:
    """One feed format: its name, default file name, media type, and how it renders.

    Modelled on Django's ``SyndicationFeed``: the base class says what a format is, and
    each subclass says how one format writes ``FeedData`` as bytes.
    """

    name: ClassVar[str]
    filename: ClassVar[str]
    media_type: ClassVar[str]

    def render(self, data: FeedData) -> bytes:
        """The document's bytes; the same data always gives the same bytes."""
        raise NotImplementedError
