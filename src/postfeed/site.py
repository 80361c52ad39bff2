"""Point postfeed at a site: read a Jekyll, Hugo, Pelican, Zola, Eleventy or Astro site's
configuration (also Docusaurus and MkDocs Material blogs), never running it, and say what
the site says — its URL, title, time zone, where its posts are — and where its generator
publishes each post.

``read_site(path)`` returns a ``Site``; ``load_posts(path, site=site)`` then loads the
site's posts with the links the generator gives them, and ``Feed(site=site, …)`` takes
the feed's title and URL from it. The readers (one small class per generator) are in
``site_readers``, the configuration parsers in ``site_config``, the link rules in
``site_links``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, Protocol

from postfeed.site_config import SiteError
from postfeed.site_links import PostInfo

__all__ = ["Setting", "Site", "SiteError", "find_generator", "read_site"]

POST_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".txt")


class LinkRule(Protocol):
    """A generator's permalink rule (``site_links``): a post → its URL path."""

    def link(self, post: PostInfo) -> str: ...


class Setting(NamedTuple):
    """One thing read from the site: its name, value and where it came from."""

    name: str
    value: object
    source: str


@dataclass(frozen=True)
class Site:
    """What a site's configuration says, and its generator's permalink rule.

    ``posts`` are the folders (relative to ``root``) that hold the posts; ``link`` gives
    a post's URL path under ``site_url``. ``None`` means the site does not say.
    ``explained`` lists every setting read, with ``file:line``; ``unread`` names what
    could not be read (code, not a literal) and the option that sets it.
    """

    root: str
    generator: str
    site_url: str | None = None
    title: str | None = None
    description: str | None = None
    author: str | None = None
    language: str | None = None
    timezone: str | None = None
    posts: tuple[str, ...] = ()
    include_future: bool | None = None
    include_drafts: bool | None = None
    rule: LinkRule | None = None
    post_pattern: str | None = None  # a regex a post's path under the root matches
    suffixes: tuple[str, ...] = POST_SUFFIXES
    dayfirst: bool | None = None  # numeric dates read day first (Ruby's Time.parse)
    bundle_resources: bool = False  # a file beside a bundle's index.md is not a page (Hugo)
    explained: tuple[Setting, ...] = field(default=(), compare=False)
    unread: tuple[str, ...] = field(default=(), compare=False)

    def link(
        self,
        relpath: str,
        *,
        metadata: Mapping[str, object] | None = None,
        date: dt.datetime,
        title: str = "",
    ) -> str:
        """The URL path (``/2023/01/15/hello.html``) the generator publishes the post at
        (``relpath`` under the site root), or an absolute URL the post names itself."""
        meta = {str(k).lower(): v for k, v in (metadata or {}).items()}
        if self.rule is None:
            raise ValueError(f"no permalink rule for a {self.generator} site")
        return self.rule.link(PostInfo(relpath, meta, date, title))

    def is_post(self, relpath: str) -> bool:
        """Whether the file at ``relpath`` (under the root) is one of the site's posts."""
        if self.post_pattern is not None and re.search(self.post_pattern, relpath) is None:
            return False
        if self.bundle_resources:
            folder, _, name = relpath.rpartition("/")
            if not name.startswith("index.") and any(
                os.path.isfile(os.path.join(self.root, folder, f"index{suffix}"))
                for suffix in self.suffixes
            ):
                return False
        return True

    def explain(self) -> list[str]:
        """One line per setting read, with its source, then what could not be read."""
        lines = [f"generator: {self.generator}"]
        lines += [f"{s.name}: {s.value!s} ({s.source})" for s in self.explained]
        lines += [f"not read: {text}" for text in self.unread]
        for name in ("site_url", "title"):
            if getattr(self, name) is None and not any(name in t for t in self.unread):
                flag = "--" + name.replace("_", "-")
                lines.append(
                    f"not read: {name}: the site's configuration does not give it; set {flag}"
                )
        return lines

    def cli_settings(self) -> dict[str, object]:
        """The command's settings this site gives (flags and postfeed.toml win)."""
        values = {
            "site_url": self.site_url,
            "title": self.title,
            "description": self.description,
            "language": self.language,
            "author": self.author,
            "timezone": self.timezone,
            "include_future": self.include_future,
            "include_drafts": self.include_drafts,
        }
        return {k: v for k, v in values.items() if v is not None}


# --- detection ----------------------------------------------------------------------


def find_generator(path: str | os.PathLike[str]) -> tuple[str, Path] | None:
    """The generator whose configuration is in the folder, and that file; else ``None``."""
    from postfeed.site_readers import READERS

    root = Path(path)
    for reader in READERS:
        found = reader.detect(root)
        if found is not None:
            return reader.name, found
    return None


def read_site(path: str | os.PathLike[str]) -> Site:
    """Read the site in the folder ``path``: ``SiteError`` when no Jekyll, Hugo, Pelican,
    Zola, Eleventy or Astro configuration is there, or when it cannot be read."""
    root = Path(path)
    if not root.is_dir():
        raise SiteError(f"{root}: no such site folder")
    from postfeed.site_readers import READERS

    for reader in READERS:
        found = reader.detect(root)
        if found is not None:
            site: Site = reader().read(root, found)
            return site
    raise SiteError(
        f"{root}: no site configuration found (_config.yml, hugo.toml, config.toml, "
        "pelicanconf.py, eleventy.config.js or astro.config.mjs)"
    )
