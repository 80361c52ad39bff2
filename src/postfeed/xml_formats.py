"""RSS 2.0 and Atom 1.0 through feedgen (the only module that imports feedgen).

feedgen 1.0.0's traps, and how they are avoided here: entries are prepended unless
``order="append"``; feed and entry dates default to the clock, so every date is set; the
RSS channel ``<link>`` is the last link added, so ``rel="self"`` goes first; content is
``type="html"`` (escaped), never CDATA; an RSS author without an e-mail is dropped, so
names go to ``dc:creator``; entry links lose ``rel``/``type`` (upstream issue 135), so an
entry has exactly one link, the alternate one.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
from typing import TYPE_CHECKING, Any, ClassVar

from postfeed.feed_data import Entry, FeedData, FeedFormat
from postfeed.metadata import Author

if TYPE_CHECKING:
    from feedgen.feed import FeedGenerator

_XML_DECLARATION_END = b"?>\n"


ATOM_NS = "http://www.w3.org/2005/Atom"
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
    """Load feedgen and build the extension now (while a large scan's workers work, so
    that the processes that build the documents find them ready)."""
    _updated_extension()
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
    pi = f'<?xml-stylesheet type="text/xsl" href="{html.escape(href, quote=True)}"?>\n'
    return head + sep + pi.encode("utf-8") + rest


def _rss_date(when: dt.datetime) -> dt.datetime:
    """RFC 822 offsets are whole or half hours in practice; express others in UTC."""
    offset = when.utcoffset() or dt.timedelta(0)
    if offset.total_seconds() % 1800:
        return when.astimezone(dt.UTC)
    return when


def _rss_person(author: Author) -> str | None:
    """The RSS ``author`` form, ``email (Name)``, or None when there is no e-mail."""
    if author.email is None:
        return None
    return f"{author.email} ({author.name})" if author.name else author.email


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
        pictures = any(entry.image for entry in data.entries)
        if pictures:  # the media namespace only in a feed that uses it
            rss_media, _, entry_image = _image_extension()
            fg.register_extension("picture", rss_media, entry_image, atom=False, rss=True)
        for entry in data.entries:
            fe = self._add_entry(fg, entry)
            if pictures:
                fe.picture.url = entry.image
        return _with_stylesheet(fg.rss_str(pretty=True), data.stylesheet)

    @staticmethod
    def _add_entry(fg: FeedGenerator, entry: Entry) -> Any:
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
        for tag in entry.tags:
            fe.category(term=tag)
        if entry.author is not None:
            person = _rss_person(entry.author)
            if person:
                fe.author(_atom_person(entry.author) if entry.author.name else {"email": person})
            elif entry.author.name:
                fe.dc.dc_creator(entry.author.name)
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
            if entry.content_html is not None:
                fe.content(entry.content_html, type="html")
            for tag in entry.tags:
                fe.category(term=tag)
            if entry.author is not None:
                fe.author(_atom_person(entry.author))
            if pictures:
                fe.picture.url = entry.image
        return _with_stylesheet(fg.atom_str(pretty=True), data.stylesheet)


def _atom_person(author: Author) -> dict[str, str]:
    person = {"name": author.name or author.email or ""}
    if author.email:
        person["email"] = author.email
    return person
