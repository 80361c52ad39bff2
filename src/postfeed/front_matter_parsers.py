"""YAML front matter that is not flat, read by PyYAML through python-frontmatter's
YAML handler. This is the only module that imports python-frontmatter and PyYAML, and it
is loaded only when a post needs it.
"""

from __future__ import annotations

import yaml
from frontmatter.default_handlers import YAMLHandler

from postfeed.front_matter import Decline

_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_STR_TAG = "tag:yaml.org,2002:str"
_HANDLER = YAMLHandler()


def resolve_plain(text: str) -> object:
    """A plain scalar resolved and built by PyYAML's own resolver and constructor (for
    the scalars ``front_matter.plain`` does not settle itself)."""
    tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    if tag == _STR_TAG:
        return text
    build = _CONSTRUCTOR.yaml_constructors.get(tag)  # not construct_object: it keeps nodes
    if build is None:
        raise Decline  # a tag SafeLoader has no constructor for ("=" is one): its error
    return build(_CONSTRUCTOR, yaml.ScalarNode(tag, text))


MAX_EXPANDED_NODES = 10_000


def load_yaml(raw: str) -> object:
    """YAML front matter as PyYAML's safe loader reads it; aliases that would expand it
    past ``MAX_EXPANDED_NODES`` refused."""
    if "*" in raw:
        _limit_aliases(raw)
    return _HANDLER.load(raw)


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
