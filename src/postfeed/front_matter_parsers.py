"""python-frontmatter's handlers, as postfeed reads front matter with them, and PyYAML.

This is the only module that imports python-frontmatter and PyYAML; it is loaded only
when a post opens with a front matter boundary or a site's configuration is YAML.
"""

from __future__ import annotations

import json
import re
import tomllib
from typing import Any

import yaml
from frontmatter.default_handlers import BaseHandler, JSONHandler, YAMLHandler

MAX_EXPANDED_NODES = 10_000


class YAMLFrontMatter(YAMLHandler):
    """``---`` lines; PyYAML's safe loader (the C one when PyYAML has it), aliases that
    would expand the front matter past ``MAX_EXPANDED_NODES`` values refused."""

    name = "YAML"

    def load(self, fm: str, **kwargs: object) -> Any:
        if "*" in fm:
            _limit_aliases(fm)
        return super().load(fm, **kwargs)


class TOMLFrontMatter(BaseHandler):
    """``+++`` lines, as python-frontmatter's TOMLHandler splits them; read by the standard
    library's ``tomllib`` (its own TOMLHandler needs the legacy ``toml`` package)."""

    name = "TOML"
    FM_BOUNDARY = re.compile(r"^\+{3,}\s*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "+++"

    def load(self, fm: str, **kwargs: object) -> Any:
        return tomllib.loads(fm)


class JSONFrontMatter(JSONHandler):
    """A JSON object at the top of the file: ``{`` then a key (or ``}``), on one line or
    many. The object ends where the JSON parser says it does, so a one-line object works
    (python-frontmatter's own boundary wants ``{`` and ``}`` alone on their lines); when it
    does not parse, that boundary delimits it, so the parser's message reaches the warning.
    """

    name = "JSON"
    _opening = re.compile(r"""\{[ \t]*(?:\n|["'}])""")

    def detect(self, text: str) -> bool:
        return self._opening.match(text) is not None

    def split(self, text: str) -> tuple[str, str]:
        try:
            _, end = json.JSONDecoder().raw_decode(text)
        except json.JSONDecodeError:
            return super().split(text)  # ValueError: no closing brace
        return text[:end], text[end:]


HANDLERS: tuple[YAMLFrontMatter | TOMLFrontMatter | JSONFrontMatter, ...] = (
    YAMLFrontMatter(),
    TOMLFrontMatter(),
    JSONFrontMatter(),
)


def _limit_aliases(text: str) -> None:
    """Anchors and aliases are fine (Hugo sites reuse a value with them), but nested
    aliases are how a small document becomes a billion laughs: refuse front matter whose
    aliases, expanded, would make more than ``MAX_EXPANDED_NODES`` nodes. The scanner is
    cheap; the node graph is built (sharing, not expanding) only when there is an alias."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    if not any(isinstance(t, yaml.AliasToken) for t in yaml.scan(text, Loader=loader)):
        return
    sizes: dict[int, int] = {}

    def size(node: yaml.Node) -> int:
        known = sizes.get(id(node))
        if known is not None:
            return known
        sizes[id(node)] = 1  # a recursive alias counts once, as its first visit
        total = 1
        if isinstance(node, yaml.MappingNode):
            total += sum(size(key) + size(value) for key, value in node.value)
        elif isinstance(node, yaml.SequenceNode):
            total += sum(size(item) for item in node.value)
        if total > MAX_EXPANDED_NODES:
            raise ValueError(
                f"aliases expand the front matter to more than {MAX_EXPANDED_NODES:,} values"
            )
        sizes[id(node)] = total
        return total

    root = yaml.compose(text, Loader=loader)
    if root is not None:
        size(root)


def load_config_yaml(text: str) -> object:
    """A site's YAML configuration (``_config.yml``, ``hugo.yaml``) by the safe loader.

    Anchors are allowed here: a site's own configuration uses them, and the safe loader
    shares aliased nodes rather than copying them. Another program's tags
    (``!!python/name:…`` in mkdocs.yml, ``!ENV``) are read as null, never built."""
    return yaml.load(text, Loader=_ConfigLoader)  # a SafeLoader subclass


class _ConfigLoader(yaml.SafeLoader):
    """PyYAML's safe loader; any tag it does not know builds nothing (``None``)."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)
