"""The feed documents: what every format renders, as plain validated data, and the formats.

``Feed`` builds a ``FeedData`` once (entries chosen, sorted, de-duplicated, links made
absolute) and each format turns it into bytes: ``FeedFormat`` is the small base class
(modelled on Django's ``SyndicationFeed``), ``rss_atom`` and ``json_feed`` hold one
subclass per format. Formats never see a ``Post``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from postfeed._text import collapse_whitespace, xml_legal
from postfeed.errors import FeedError
from postfeed.metadata import Author, parse_author
from postfeed.post import Enclosure


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


# Podcast: the show-level settings that make an RSS feed a podcast Apple accepts

# Apple Podcasts' categories and their subcategories. Apple rejects a show filed under any
# other (and the W3C validator reports it as an error), so a typo is caught here.
CATEGORIES: dict[str, tuple[str, ...]] = {
    "Arts": (
        "Books",
        "Design",
        "Fashion & Beauty",
        "Food",
        "Performing Arts",
        "Visual Arts",
    ),
    "Business": (
        "Careers",
        "Entrepreneurship",
        "Investing",
        "Management",
        "Marketing",
        "Non-Profit",
    ),
    "Comedy": ("Comedy Interviews", "Improv", "Stand-Up"),
    "Education": ("Courses", "How To", "Language Learning", "Self-Improvement"),
    "Fiction": ("Comedy Fiction", "Drama", "Science Fiction"),
    "Government": (),
    "History": (),
    "Health & Fitness": (
        "Alternative Health",
        "Fitness",
        "Medicine",
        "Mental Health",
        "Nutrition",
        "Sexuality",
    ),
    "Kids & Family": ("Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"),
    "Leisure": (
        "Animation & Manga",
        "Automotive",
        "Aviation",
        "Crafts",
        "Games",
        "Hobbies",
        "Home & Garden",
        "Video Games",
    ),
    "Music": ("Music Commentary", "Music History", "Music Interviews"),
    "News": (
        "Business News",
        "Daily News",
        "Entertainment News",
        "News Commentary",
        "Politics",
        "Sports News",
        "Tech News",
    ),
    "Religion & Spirituality": (
        "Buddhism",
        "Christianity",
        "Hinduism",
        "Islam",
        "Judaism",
        "Spirituality",
    ),
    "Science": (
        "Astronomy",
        "Chemistry",
        "Earth Sciences",
        "Life Sciences",
        "Mathematics",
        "Natural Sciences",
        "Nature",
        "Physics",
        "Social Sciences",
    ),
    "Society & Culture": (
        "Documentary",
        "Personal Journals",
        "Philosophy",
        "Places & Travel",
        "Relationships",
    ),
    "Sports": (
        "Baseball",
        "Basketball",
        "Cricket",
        "Fantasy Sports",
        "Football",
        "Golf",
        "Hockey",
        "Rugby",
        "Running",
        "Soccer",
        "Swimming",
        "Tennis",
        "Volleyball",
        "Wilderness",
        "Wrestling",
    ),
    "Technology": (),
    "True Crime": (),
    "TV & Film": ("After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"),
}
# The file formats Apple Podcasts plays (the W3C validator warns about any other suffix
# on an enclosure of a podcast feed).
EPISODE_SUFFIXES = ("m4a", "mp3", "mov", "mp4", "m4v", "pdf", "epub")
SHOW_TYPES = ("episodic", "serial")


def _text(value: object) -> str | None:
    return None if value is None else collapse_whitespace(xml_legal(str(value))) or None


@dataclass(frozen=True, kw_only=True)
class Podcast:
    """What Apple Podcasts asks of a show, given to ``Feed(podcast=...)``.

    The RSS feed then carries ``itunes:image``, ``itunes:category``, ``itunes:explicit``
    (``true``/``false``), ``itunes:author``, ``itunes:owner`` and ``itunes:type``, and each
    item with an enclosure its ``itunes:duration`` and ``itunes:author``. ``image`` is the
    show's artwork (a ``.jpg`` or ``.png`` URL, square, 1400 to 3000 pixels); ``category``
    and ``subcategory`` are from Apple's list; ``author`` defaults to the feed's author
    (else its title); ``owner`` (``"Name <e-mail>"``, the address Apple writes to) defaults
    to the feed's author, which must then have an e-mail address. A value Apple would
    refuse is a ``FeedError`` saying what it takes.
    """

    image: str
    category: str
    subcategory: str | None = None
    explicit: bool = False
    author: str | None = None
    owner: Author | str | Mapping[str, str] | None = None
    type: str = "episodic"

    def __post_init__(self) -> None:
        subs = CATEGORIES.get(self.category)
        if subs is None:
            raise FeedError(
                f"podcast category {self.category!r} is not one of Apple's: "
                + ", ".join(CATEGORIES)
            )
        if self.subcategory is not None and self.subcategory not in subs:
            known = ", ".join(subs) if subs else "none"
            raise FeedError(
                f"podcast subcategory {self.subcategory!r} is not one of {self.category!r}'s: "
                + known
            )
        if not isinstance(self.explicit, bool):
            raise FeedError(f"podcast explicit must be True or False, not {self.explicit!r}")
        if self.type not in SHOW_TYPES:
            raise FeedError(f"podcast type must be 'episodic' or 'serial', not {self.type!r}")
        if not str(self.image).endswith((".jpg", ".png")):
            raise FeedError(
                f"podcast image must be a .jpg or .png URL (Apple's artwork), not {self.image!r}"
            )
        object.__setattr__(self, "author", _text(self.author))
        object.__setattr__(self, "owner", parse_author(self.owner))
