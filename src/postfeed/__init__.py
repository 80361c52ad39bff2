"""postfeed: turn a folder of blog post files into RSS 2.0, Atom 1.0 and JSON Feed 1.1.

The package root only re-exports. Names are loaded on first use, so ``import postfeed``
(and a cron run that finds nothing changed) never pays for feedgen, lxml or Markdown.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from postfeed._version import __version__

if TYPE_CHECKING:
    from postfeed.dates import parse_date
    from postfeed.errors import FeedError, PostError
    from postfeed.feed import Feed
    from postfeed.formats import Podcast
    from postfeed.links import slugify
    from postfeed.loading import load_posts
    from postfeed.metadata import Author
    from postfeed.post import Enclosure, Post
    from postfeed.site import Site, SiteError, read_site
    from postfeed.titles import clean_title
    from postfeed.validator import Problem, check

_EXPORTS = {
    "Author": "postfeed.metadata",
    "Enclosure": "postfeed.post",
    "Feed": "postfeed.feed",
    "FeedError": "postfeed.errors",
    "Post": "postfeed.post",
    "Podcast": "postfeed.formats",
    "PostError": "postfeed.errors",
    "Problem": "postfeed.validator",
    "Site": "postfeed.site",
    "SiteError": "postfeed.site",
    "check": "postfeed.validator",
    "clean_title": "postfeed.titles",
    "load_posts": "postfeed.loading",
    "parse_date": "postfeed.dates",
    "read_site": "postfeed.site",
    "slugify": "postfeed.links",
}

__all__ = [
    "Author",
    "Enclosure",
    "Feed",
    "FeedError",
    "Podcast",
    "Post",
    "PostError",
    "Problem",
    "Site",
    "SiteError",
    "__version__",
    "check",
    "clean_title",
    "load_posts",
    "parse_date",
    "read_site",
    "slugify",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'postfeed' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
