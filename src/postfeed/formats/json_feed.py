"""JSON Feed 1.1, written with the standard library."""

from __future__ import annotations

import json
from typing import ClassVar

from postfeed.formats import Entry, FeedData, FeedFormat
from postfeed.metadata import Author
from postfeed.post import Enclosure

VERSION = "https://jsonfeed.org/version/1.1"


def _author(author: Author) -> dict[str, str]:
    """JSON Feed authors have a name and a URL, no e-mail: the e-mail becomes a mailto URL."""
    person: dict[str, str] = {}
    if author.name:
        person["name"] = author.name
    if author.email:
        person["url"] = "mailto:" + author.email
    return person


def _attachment(enclosure: Enclosure) -> dict[str, object]:
    attachment: dict[str, object] = {"url": enclosure.url, "mime_type": enclosure.type}
    if enclosure.title:
        attachment["title"] = enclosure.title
    if enclosure.length is not None:
        attachment["size_in_bytes"] = enclosure.length
    if enclosure.duration is not None:
        attachment["duration_in_seconds"] = enclosure.duration
    return attachment


def _item(entry: Entry) -> dict[str, object]:
    item: dict[str, object] = {"id": entry.id, "url": entry.link, "title": entry.title}
    if entry.content_html is not None:
        item["content_html"] = entry.content_html
    else:
        item["content_text"] = entry.summary
    if entry.summary:
        item["summary"] = entry.summary
    if entry.image:
        item["image"] = entry.image
    item["date_published"] = entry.published.isoformat()
    item["date_modified"] = entry.updated.isoformat()
    if entry.tags:
        item["tags"] = list(entry.tags)
    if entry.authors:
        item["authors"] = [_author(author) for author in entry.authors]
    if entry.enclosures:
        item["attachments"] = [_attachment(enclosure) for enclosure in entry.enclosures]
    return item


class JSONFeedFormat(FeedFormat):
    """JSON Feed 1.1: UTF-8, two-space indent, keys in a fixed order."""

    name: ClassVar[str] = "json"
    filename: ClassVar[str] = "feed.json"
    media_type: ClassVar[str] = "application/feed+json"

    def render(self, data: FeedData) -> bytes:
        document: dict[str, object] = {
            "version": VERSION,
            "title": data.title,
            "home_page_url": data.site_url,
            "feed_url": data.self_url,
            "description": data.description,
        }
        if data.logo:
            document["icon"] = data.logo  # JSON Feed's icon is the large one
        if data.icon:
            document["favicon"] = data.icon
        if data.language:
            document["language"] = data.language
        document["authors"] = [_author(data.author)]
        document["items"] = [_item(entry) for entry in data.entries]
        return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
