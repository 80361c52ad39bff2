"""Is POSTS_DIR a site's folder? A cheap look for a generator's configuration file, so
that a cron run over a plain posts folder never loads the site readers."""

from __future__ import annotations

import os
from collections.abc import Collection
from typing import Any

# Any of these in the folder may be a site's configuration (site.find_generator decides).
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


def site_settings(folder: str, given: Collection[str]) -> dict[str, Any]:
    """The command's settings a site in ``folder`` gives, for those not ``given`` by a
    flag or postfeed.toml, and the ``Site`` itself as ``site``; ``{}`` when the folder is
    not a site's. ``SiteError`` (a ``ValueError``) when its configuration is broken."""
    if not any(os.path.exists(os.path.join(folder, name)) for name in CONFIG_NAMES):
        return {}
    from postfeed.site import find_generator, read_site

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
