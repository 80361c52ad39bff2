"""Point postfeed at a site: read a Jekyll, Hugo, Pelican, Zola, Eleventy or Astro site's
configuration (also Docusaurus and MkDocs Material blogs), never running it, and say what
the site says — its URL, title, time zone, where its posts are — and where its generator
publishes each post.

``read_site(path)`` returns a ``Site``; ``load_posts(path, site=site)`` then loads the
site's posts with the links the generator gives them, and ``Feed(site=site, …)`` takes
the feed's title and URL from it. The readers (one small class per generator, and the
``Site`` they make) are in ``_readers``, the configuration parsers in ``_config_files``,
the permalink rules in ``_permalinks``.

This module imports none of them until it is used: the command asks ``site_settings``
whether its POSTS_DIR is a site's folder on every run, and a cron run over a plain posts
folder never loads the site readers.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from postfeed.site._config_files import SiteError
    from postfeed.site._readers import Setting, Site

__all__ = [
    "CONFIG_NAMES",
    "Setting",
    "Site",
    "SiteError",
    "find_generator",
    "read_site",
    "site_settings",
]

_LAZY = {
    "Setting": "postfeed.site._readers",
    "Site": "postfeed.site._readers",
    "SiteError": "postfeed.site._config_files",
}

# Any of these in the folder may be a site's configuration (find_generator decides).
CONFIG_NAMES = (
    "_config.yml", "_config.yaml", "_config.toml", "hugo.toml", "hugo.yaml", "hugo.yml",
    "hugo.json", "config.toml", "config.yaml", "config.yml", "config.json", "config",
    "pelicanconf.py", "eleventy.config.js", "eleventy.config.mjs", "eleventy.config.cjs",
    "eleventy.config.ts", ".eleventy.js", ".eleventy.cjs", ".eleventy.mjs",
    "astro.config.mjs", "astro.config.js", "astro.config.ts", "astro.config.mts",
    "astro.config.cjs", "docusaurus.config.js", "docusaurus.config.ts",
    "docusaurus.config.mjs", "docusaurus.config.cjs", "docusaurus.config.mts", "mkdocs.yml",
    "mkdocs.yaml",
)  # fmt: skip


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'postfeed.site' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def find_generator(path: str | os.PathLike[str]) -> tuple[str, Path] | None:
    """The generator whose configuration is in the folder, and that file; else ``None``."""
    from postfeed.site._readers import READERS

    root = Path(path)
    for reader in READERS:
        found = reader.detect(root)
        if found is not None:
            return reader.name, found
    return None


def read_site(path: str | os.PathLike[str]) -> Site:
    """Read the site in the folder ``path``: ``SiteError`` when no Jekyll, Hugo, Pelican,
    Zola, Eleventy or Astro configuration is there, or when it cannot be read."""
    from postfeed.site._config_files import SiteError
    from postfeed.site._readers import READERS

    root = Path(path)
    if not root.is_dir():
        raise SiteError(f"{root}: no such site folder")
    for reader in READERS:
        found = reader.detect(root)
        if found is not None:
            site: Site = reader().read(root, found)
            return site
    raise SiteError(
        f"{root}: no site configuration found (_config.yml, hugo.toml, config.toml, "
        "pelicanconf.py, eleventy.config.js or astro.config.mjs)"
    )


def site_settings(folder: str, given: Collection[str]) -> dict[str, Any]:
    """The command's settings a site in ``folder`` gives, for those not ``given`` by a
    flag or postfeed.toml, and the ``Site`` itself as ``site``; ``{}`` when the folder is
    not a site's. ``SiteError`` (a ``ValueError``) when its configuration is broken."""
    if not any(os.path.exists(os.path.join(folder, name)) for name in CONFIG_NAMES):
        return {}
    if find_generator(folder) is None:
        return {}
    site = read_site(folder)
    settings: dict[str, Any] = {
        name: value for name, value in site.cli_settings().items() if name not in given
    }
    settings["site"] = site
    # The no-change check walks POSTS_DIR as one folder of posts; a site's posts are
    # its posts folders, filtered by its generator's rules: every run is a full load.
    settings["no_cache"] = True
    return settings
