"""What every feed format renders: plain, validated data, one class per level.

``Feed`` builds a ``FeedData`` once (entries chosen, sorted, de-duplicated, links made
absolute) and each format turns it into bytes. Formats never see a ``Post``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from postfeed.metadata import Author


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
    author: Author | None
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
