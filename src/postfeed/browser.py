"""What a person sees who opens the feeds in a browser: the shipped CSS stylesheet, and an
HTML page that lists a site's feeds with their addresses and says how to subscribe.

CSS, not XSLT: browsers keep ``<?xml-stylesheet type="text/css"?>`` and are removing
XSLT (Chromium already covers an XSLT-styled feed with a warning banner).
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from importlib.resources import files
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from postfeed.feed import Feed

STYLESHEET = "feed.css"
FORMAT_NAMES = {"rss": "RSS 2.0", "atom": "Atom 1.0", "json": "JSON Feed 1.1"}
MEDIA_TYPES = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
}


def stylesheet() -> bytes:
    """The CSS that makes an RSS or Atom feed read like a page (``postfeed/feed.css``)."""
    return (files("postfeed") / STYLESHEET).read_bytes()


def feeds_page(feed: Feed, formats: Iterable[str], *, tag_feeds: bool = False) -> bytes:
    """An HTML page listing the feeds ``Feed.write`` writes, with their addresses and how
    to subscribe; the same feeds give the same bytes."""
    formats = [fmt for fmt in dict.fromkeys(formats) if fmt in FORMAT_NAMES]
    esc = html.escape
    title = esc(feed.title)
    links = "".join(
        f'<link rel="alternate" type="{MEDIA_TYPES[fmt]}" title="{title} ({FORMAT_NAMES[fmt]})"'
        f' href="{esc(feed.feed_url(fmt))}">\n'
        for fmt in formats
    )

    def addresses(tag_slug: str | None) -> str:
        rows = []
        for fmt in formats:
            url = esc(feed.feed_url(fmt, tag_slug))
            rows.append(f'<li>{FORMAT_NAMES[fmt]}: <a href="{url}"><code>{url}</code></a></li>')
        return "<ul>" + "".join(rows) + "</ul>\n"

    tags = ""
    if tag_feeds:
        sections = [
            f"<h3>{esc(tag)}</h3>\n{addresses(slug)}" for slug, (tag, _) in feed.tags().items()
        ]
        if sections:
            tags = "<h2>One feed per tag</h2>\n" + "".join(sections)
    language = f' lang="{esc(feed.language)}"' if feed.language else ""
    description = f"<p>{esc(feed.description)}</p>\n" if feed.description else ""
    page = f"""<!DOCTYPE html>
<html{language}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}: feeds</title>
{links}<style>
body {{ font: 1rem/1.5 system-ui, sans-serif; max-width: 42rem; margin: 0 auto;
  padding: 1.5rem 1rem 3rem; color: #222; background: #fff; }}
code {{ overflow-wrap: anywhere; }}
.how {{ background: #fff8dc; border: 1px solid #eedc82; border-radius: .4rem;
  padding: .75rem 1rem; }}
@media (prefers-color-scheme: dark) {{ body {{ color: #ddd; background: #161616; }}
  a {{ color: #8ab4f8; }} .how {{ background: #2f2a14; border-color: #6b5d1e; }} }}
</style>
</head>
<body>
<h1><a href="{esc(feed.site_url)}">{title}</a>: feeds</h1>
{description}<div class="how">
<p>A feed brings every new post to you, in the app you choose. To subscribe, copy one
of the addresses below into a feed reader (NetNewsWire, Feedly, Inoreader, Thunderbird,
NewsBlur, Miniflux and many more): its “add feed” or “subscribe” box takes it. Many
readers also take the site's own address, <code>{esc(feed.site_url)}</code>, when its
pages link to the feeds.</p>
<p>Which one? Any: they hold the same posts. RSS is the one every reader knows.</p>
</div>
<h2>All posts</h2>
{addresses(None)}{tags}</body>
</html>
"""
    return page.encode("utf-8")
