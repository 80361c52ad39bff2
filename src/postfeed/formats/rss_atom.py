"""RSS 2.0 and Atom 1.0 through feedgen (the only module that imports feedgen).

feedgen 1.0.0's traps, and how they are avoided here: entries are prepended unless
``order="append"``; feed and entry dates default to the clock, so every date is set; the
RSS channel ``<link>`` is the last link added, so ``rel="self"`` goes first; content is
``type="html"`` (escaped), never CDATA; an RSS author without an e-mail is dropped, so
names go to ``dc:creator``; entry links lose ``rel``/``type`` (upstream issue 135), so an
entry's alternate link is its only feedgen link and Atom enclosure links are added by an
extension; the podcast extension writes ``itunes:explicit`` as yes/no, which Apple and
the W3C validator no longer accept, so ``true``/``false`` is written by an extension too.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
from typing import TYPE_CHECKING, Any, ClassVar

from postfeed.formats import Entry, FeedData, FeedFormat, Podcast
from postfeed.metadata import Author
from postfeed.post import Enclosure

if TYPE_CHECKING:
    from feedgen.feed import FeedGenerator

_XML_DECLARATION_END = b"?>\n"


ATOM_NS = "http://www.w3.org/2005/Atom"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
MEDIA_NS = "http://search.yahoo.com/mrss/"

# A picture's media type from its file suffix: a fixed table, not ``mimetypes`` (which
# reads the machine's own files), so the bytes are the same on every machine.
IMAGE_TYPES = {
    ".avif": "image/avif",
    ".bmp": "image/bmp",
    ".gif": "image/gif",
    ".heic": "image/heic",
    ".ico": "image/vnd.microsoft.icon",
    ".jpeg": "image/jpeg",
    ".jpg": "image/jpeg",
    ".jxl": "image/jxl",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
    ".webp": "image/webp",
}


def image_type(url: str) -> str | None:
    """The media type of a picture's URL, from the suffix of its path; ``None`` unknown."""
    from posixpath import splitext
    from urllib.parse import urlsplit

    return IMAGE_TYPES.get(splitext(urlsplit(url).path)[1].lower())


def _generator() -> FeedGenerator:
    from feedgen.feed import FeedGenerator  # loaded only when a feed is built

    return FeedGenerator()


def prepare() -> None:
    """Load feedgen and build the extensions now (while a large scan's workers work, so
    that the processes that build the documents find them ready)."""
    _updated_extension()
    _media_extension()
    _image_extension()


@functools.cache
def _updated_extension() -> tuple[type, type, type]:
    """A feedgen entry extension that writes an entry's updated time as the text given:
    RSS items get it as ``atom:updated`` (RSS has no element for it; the W3C validator
    accepts this one and feedparser reads it), Atom entries as their ``updated`` text.
    Returns the RSS feed extension (it declares the ``atom`` prefix), the Atom one, and
    the entry extension both use."""
    import feedgen.feed  # noqa: F401 - first: feedgen.util uses lxml.etree without loading it
    from feedgen.ext.base import BaseEntryExtension, BaseExtension
    from feedgen.util import xml_elem

    class RSSUpdated(BaseExtension):  # type: ignore[misc]
        def extend_ns(self) -> dict[str, str]:
            return {"atom": ATOM_NS}

    class AtomUpdated(BaseExtension):  # type: ignore[misc]
        pass  # Atom is the default namespace: nothing to declare

    class UpdatedEntry(BaseEntryExtension):  # type: ignore[misc]
        def __init__(self) -> None:
            self.value: str | None = None

        def extend_rss(self, item: Any) -> Any:
            if self.value:
                xml_elem(f"{{{ATOM_NS}}}updated", item).text = self.value
            return item

        def extend_atom(self, entry: Any) -> Any:
            # feedgen names Atom elements without a namespace (the default one serialises it)
            element = entry.find("updated")
            if self.value and element is not None:
                element.text = self.value
            return entry

    return RSSUpdated, AtomUpdated, UpdatedEntry


@functools.cache
def _media_extension() -> tuple[type, type]:
    """A feedgen extension for what feedgen cannot write right: Atom ``link
    rel="enclosure"`` elements (with type, length and title) and ``itunes:explicit`` as
    ``true``/``false``. Returns the feed extension and the entry extension."""
    import feedgen.feed  # noqa: F401 - first: feedgen.util uses lxml.etree without loading it
    from feedgen.ext.base import BaseEntryExtension, BaseExtension
    from feedgen.util import xml_elem

    class MediaFeed(BaseExtension):  # type: ignore[misc]
        def __init__(self) -> None:
            self.explicit: bool | None = None

        def extend_rss(self, feed: Any) -> Any:
            if self.explicit is not None:
                channel = feed[0]
                element = xml_elem(f"{{{ITUNES_NS}}}explicit", channel)
                element.text = "true" if self.explicit else "false"
            return feed

    class MediaEntry(BaseEntryExtension):  # type: ignore[misc]
        def __init__(self) -> None:
            self.enclosures: tuple[Enclosure, ...] = ()

        def extend_atom(self, entry: Any) -> Any:
            for enclosure in self.enclosures:
                link = xml_elem("link", entry, href=enclosure.url, rel="enclosure")
                link.attrib["type"] = enclosure.type or ""
                if enclosure.length is not None:
                    link.attrib["length"] = str(enclosure.length)
                if enclosure.title:
                    link.attrib["title"] = enclosure.title
            return entry

    return MediaFeed, MediaEntry


def distinct_updated(instants: list[dt.datetime]) -> list[str]:
    """Each entry's ``updated`` in RFC 3339, equal instants in distinct forms.

    RFC 4287 asks for dates as accurate as can be, and the W3C validator warns about two
    entries of a feed with the same ``updated`` text, but posts dated the same day without
    a time truly share an instant. The second and later entries of such an instant (in
    feed order) are written with one more zero in the fraction of a second each: the same
    instant, as every reader parses it, in a text of its own.
    """
    seen: dict[dt.datetime, int] = {}
    texts = []
    for when in instants:
        repeat = seen[when] = seen.get(when, -1) + 1
        text = when.isoformat()
        if repeat:
            zeros = "0" * repeat
            if when.microsecond:  # "…:SS.ffffff+01:00" → "…:SS.ffffff0+01:00"
                text = text[:26] + zeros + text[26:]
            else:  # "…:SS+01:00" → "…:SS.0+01:00"
                text = text[:19] + "." + zeros + text[19:]
        texts.append(text)
    return texts


def stylesheet_type(href: str) -> str:
    """``text/xsl`` for an XSLT stylesheet (``.xsl``, ``.xslt``), else ``text/css``."""
    path = href.split("#", 1)[0].split("?", 1)[0].lower()
    return "text/xsl" if path.endswith((".xsl", ".xslt")) else "text/css"


@functools.cache
def _image_extension() -> tuple[type, type, type]:
    """A feedgen entry extension for the post's picture: Media RSS ``media:content``
    (``medium="image"``) and ``media:thumbnail`` in RSS items, ``link rel="enclosure"``
    in Atom entries (feedgen drops the ``rel`` of entry links: upstream issue 135).
    Returns the RSS feed extension (it declares the ``media`` prefix), the Atom one,
    and the entry extension."""
    import feedgen.feed  # noqa: F401 - first: feedgen.util uses lxml.etree without loading it
    from feedgen.ext.base import BaseEntryExtension, BaseExtension
    from feedgen.util import xml_elem

    class RSSMedia(BaseExtension):  # type: ignore[misc]
        def extend_ns(self) -> dict[str, str]:
            return {"media": MEDIA_NS}

    class AtomImage(BaseExtension):  # type: ignore[misc]
        pass  # a plain Atom link: nothing to declare

    class ImageEntry(BaseEntryExtension):  # type: ignore[misc]
        def __init__(self) -> None:
            self.url: str | None = None

        def extend_rss(self, item: Any) -> Any:
            if self.url:
                content = xml_elem(f"{{{MEDIA_NS}}}content", item, url=self.url, medium="image")
                kind = image_type(self.url)
                if kind:
                    content.set("type", kind)
                xml_elem(f"{{{MEDIA_NS}}}thumbnail", item, url=self.url)
            return item

        def extend_atom(self, entry: Any) -> Any:
            if self.url:
                link = xml_elem("link", entry, rel="enclosure", href=self.url)
                kind = image_type(self.url)
                if kind:
                    link.set("type", kind)
            return entry

    return RSSMedia, AtomImage, ImageEntry


def _with_stylesheet(document: bytes, href: str | None) -> bytes:
    """Insert an ``xml-stylesheet`` processing instruction after the XML declaration."""
    if href is None:
        return document
    head, sep, rest = document.partition(_XML_DECLARATION_END)
    kind = stylesheet_type(href)
    pi = f'<?xml-stylesheet type="{kind}" href="{html.escape(href, quote=True)}"?>\n'
    return head + sep + pi.encode("utf-8") + rest


def _rss_date(when: dt.datetime) -> dt.datetime:
    """RFC 822 offsets are whole or half hours in practice; express others in UTC."""
    offset = when.utcoffset() or dt.timedelta(0)
    if offset.total_seconds() % 1800:
        return when.astimezone(dt.UTC)
    return when


def _rss_person(author: Author) -> str | None:
    """The RSS ``author`` form, ``email (Name)``; None without both (RSS needs the e-mail,
    and the W3C validator warns about an address without a name)."""
    if author.email is None or author.name is None:
        return None
    return f"{author.email} ({author.name})"


class RSSFormat(FeedFormat):
    """RSS 2.0, with ``atom:link rel="self"``, ``content:encoded`` and ``dc:creator``."""

    name: ClassVar[str] = "rss"
    filename: ClassVar[str] = "rss.xml"
    media_type: ClassVar[str] = "application/rss+xml"

    def render(self, data: FeedData) -> bytes:
        fg = _generator()
        fg.load_extension("dc", atom=False, rss=True)
        rss_updated, _, entry_updated = _updated_extension()
        fg.register_extension("updated_text", rss_updated, entry_updated, atom=False, rss=True)
        fg.title(data.title)
        fg.link(href=data.self_url, rel="self", type=self.media_type)  # first: see above
        fg.link(href=data.site_url, rel="alternate")
        fg.description(data.description)
        fg.generator(f"postfeed {data.generator_version}")
        fg.lastBuildDate(_rss_date(data.updated))
        fg.pubDate(_rss_date(data.updated))
        if data.language:
            fg.language(data.language)
        if data.copyright:
            fg.copyright(data.copyright)
        editor = _rss_person(data.author)
        if editor:
            fg.managingEditor(editor)
        image = data.logo or data.icon
        if image:
            fg.image(url=image, title=data.title, link=data.site_url)
        if data.podcast is not None:
            _add_podcast(fg, data.podcast)
        pictures = any(entry.image for entry in data.entries)
        if pictures:  # the media namespace only in a feed that uses it
            rss_media, _, entry_image = _image_extension()
            fg.register_extension("picture", rss_media, entry_image, atom=False, rss=True)
        for entry in data.entries:
            fe = self._add_entry(fg, entry, data.podcast is not None)
            if pictures:
                fe.picture.url = entry.image
        return _with_stylesheet(fg.rss_str(pretty=True), data.stylesheet)

    @staticmethod
    def _add_entry(fg: FeedGenerator, entry: Entry, podcast: bool = False) -> Any:
        fe = fg.add_entry(order="append")
        fe.title(entry.title)
        fe.link(href=entry.link)
        fe.guid(entry.id, permalink=entry.id == entry.link)
        fe.pubDate(_rss_date(entry.published))
        fe.updated(entry.updated)
        fe.updated_text.value = entry.updated.isoformat()
        if entry.summary:
            fe.summary(entry.summary)
        if entry.content_html is not None:
            fe.content(entry.content_html, type="html")
        if entry.tags:  # in one call: feedgen rebuilds its whole list on each (n²)
            fe.category([{"term": tag} for tag in entry.tags])
        if len(entry.authors) == 1 and _rss_person(entry.authors[0]):
            fe.author(_atom_person(entry.authors[0]))
        else:  # RSS has one author element, and a dc:creator beside it repeats what it says
            for author in entry.authors:
                fe.dc.dc_creator(author.name or author.email, replace=False)
        if entry.enclosures:  # RSS allows one enclosure an item: the first
            first = entry.enclosures[0]
            fe.enclosure(first.url, str(first.length or 0), first.type)
            if podcast and first.duration is not None:
                fe.podcast.itunes_duration(first.duration)
        if podcast and entry.authors:
            names = [author.name or author.email or "" for author in entry.authors]
            fe.podcast.itunes_author(", ".join(names))
        return fe


class AtomFormat(FeedFormat):
    """Atom 1.0 (RFC 4287)."""

    name: ClassVar[str] = "atom"
    filename: ClassVar[str] = "atom.xml"
    media_type: ClassVar[str] = "application/atom+xml"

    def render(self, data: FeedData) -> bytes:
        fg = _generator()
        fg.id(data.self_url)
        fg.title(data.title)
        fg.updated(data.updated)
        fg.author(_atom_person(data.author))
        fg.link(href=data.site_url, rel="alternate", type="text/html")
        fg.link(href=data.self_url, rel="self", type=self.media_type)
        fg.generator("postfeed", version=data.generator_version)
        if data.description != data.title:
            fg.subtitle(data.description)
        if data.language:
            fg.language(data.language)
        if data.icon:
            fg.icon(data.icon)
        if data.logo:
            fg.logo(data.logo)
        if data.copyright:
            fg.rights(data.copyright)
        _, atom_updated, entry_updated = _updated_extension()
        fg.register_extension("updated_text", atom_updated, entry_updated, atom=True, rss=False)
        if any(entry.enclosures for entry in data.entries):
            media_feed, media_entry = _media_extension()
            fg.register_extension("media_links", media_feed, media_entry, atom=True, rss=False)
        pictures = any(entry.image for entry in data.entries)
        if pictures:
            _, atom_image, entry_image = _image_extension()
            fg.register_extension("picture", atom_image, entry_image, atom=True, rss=False)
        texts = distinct_updated([entry.updated for entry in data.entries])
        for entry, updated_text in zip(data.entries, texts, strict=True):
            fe = fg.add_entry(order="append")
            fe.id(entry.id)
            fe.title(entry.title)
            fe.updated(entry.updated)
            fe.updated_text.value = updated_text
            fe.published(entry.published)
            fe.link(href=entry.link, rel="alternate")
            if entry.summary:
                fe.summary(entry.summary)
            elif entry.content_html is None:  # some text is due (the W3C validator warns)
                fe.summary(entry.title)
            if entry.content_html is not None:
                fe.content(entry.content_html, type="html")
            if entry.tags:  # in one call: feedgen rebuilds its whole list on each (n²)
                fe.category([{"term": tag} for tag in entry.tags])
            for author in entry.authors:
                fe.author(_atom_person(author))
            if entry.enclosures:
                fe.media_links.enclosures = entry.enclosures
            if pictures:
                fe.picture.url = entry.image
        return _with_stylesheet(fg.atom_str(pretty=True), data.stylesheet)


def _atom_person(author: Author) -> dict[str, str]:
    person = {"name": author.name or author.email or ""}
    if author.email:
        person["email"] = author.email
    return person


def _add_podcast(fg: FeedGenerator, podcast: Podcast) -> None:
    """The show's ``itunes:`` tags (``Feed`` has filled in its owner and author)."""
    fg.load_extension("podcast", atom=False, rss=True)
    fg.podcast.itunes_image(podcast.image)
    category = {"cat": podcast.category}
    if podcast.subcategory:
        category["sub"] = podcast.subcategory
    fg.podcast.itunes_category(category)
    if podcast.author:
        fg.podcast.itunes_author(podcast.author)
    owner = podcast.owner
    if isinstance(owner, Author) and owner.email:
        fg.podcast.itunes_owner(name=owner.name or owner.email, email=owner.email)
    fg.podcast.itunes_type(podcast.type)
    media_feed, media_entry = _media_extension()
    fg.register_extension("media_links", media_feed, media_entry, atom=False, rss=True)
    fg.media_links.explicit = podcast.explicit
