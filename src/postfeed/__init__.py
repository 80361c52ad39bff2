"""postfeed: turn a folder of blog post files into RSS 2.0, Atom 1.0 and JSON Feed 1.1."""

from postfeed._version import __version__
from postfeed.check import Problem, check
from postfeed.dates import parse_date
from postfeed.errors import FeedError, PostError
from postfeed.feed import Feed
from postfeed.loading import load_posts
from postfeed.metadata import Author
from postfeed.post import Post
from postfeed.slugs import slugify
from postfeed.titles import clean_title

__all__ = [
    "Author",
    "Feed",
    "FeedError",
    "Post",
    "PostError",
    "Problem",
    "__version__",
    "check",
    "clean_title",
    "load_posts",
    "parse_date",
    "slugify",
]
