"""A podcast feed: episodes as posts with an audio enclosure, the show as ``Podcast``.

Run: ``python examples/podcast.py [OUT_DIR]`` (default ``public/``). Writes
``podcast/rss.xml`` (the feed to submit to Apple Podcasts), ``podcast/atom.xml`` and
``podcast/feed.json`` and prints the paths that changed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import postfeed

episodes = [
    postfeed.Post(
        title="Episode 1: Cron jobs that never mail you",
        date="2024-05-20 07:00",
        content="We talk about *quiet* cron jobs and [postfeed](https://example.com/) itself.",
        link="/podcast/1/",
        authors=["Jane Doe <jane@example.com>", "Ann Smith"],
        enclosures=[
            # Relative URLs are resolved against the post's link; the type comes from
            # the suffix (.mp3 -> audio/mpeg) unless given.
            postfeed.Enclosure("/media/episode-1.mp3", length=24_986_239, duration=1561),
        ],
        tags=["cron"],
    ),
    postfeed.Post(
        title="Episode 2: Feeds in a browser",
        date="2024-06-03 07:00",
        content="Why browsers drop XSLT, and what a feed looks like without it.",
        link="/podcast/2/",
        author="Jane Doe <jane@example.com>",
        enclosures=[
            {
                "url": "https://cdn.example.com/episode-2.m4a",
                "length": 31_337_001,
                "type": "audio/x-m4a",
                "duration": 2047,
            }
        ],
    ),
]

show = postfeed.Podcast(
    image="https://example.com/media/cover-3000.jpg",  # square, 1400 to 3000 pixels
    category="Technology",
    explicit=False,
    # owner defaults to the feed's author, which must have an e-mail address
)
feed = postfeed.Feed(
    title="The postfeed show",
    site_url="https://example.com",
    description="Two people, one cron job.",
    language="en",
    author="Jane Doe <jane@example.com>",
    posts=episodes,
    path="podcast/",  # feeds at /podcast/rss.xml …, and their self links say so
    podcast=show,
)
for path in feed.write(Path(sys.argv[1] if len(sys.argv) > 1 else "public")):
    print(path)
