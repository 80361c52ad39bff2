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


def load_yaml(raw: str) -> object:
    """YAML front matter as PyYAML's safe loader reads it; anchors and aliases refused."""
    if "&" in raw or "*" in raw:
        _refuse_aliases(raw)
    return _HANDLER.load(raw)


def _refuse_aliases(text: str) -> None:
    """Front matter has no use for anchors and aliases, and they are how a small document
    becomes a billion laughs: refuse them (the scanner is cheap and expands nothing)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for token in yaml.scan(text, Loader=loader):
        if isinstance(token, yaml.AliasToken | yaml.AnchorToken):
            raise ValueError("anchors and aliases are not allowed in front matter")


def load_config_yaml(text: str) -> object:
    """A site's YAML configuration (``_config.yml``, ``hugo.yaml``) by the safe loader.

    Anchors are allowed here: a site's own configuration uses them, and the safe loader
    shares aliased nodes rather than copying them. Another program's tags
    (``!!python/name:…`` in mkdocs.yml, ``!ENV``) are read as null, never built."""
    return yaml.load(text, Loader=_ConfigLoader)  # a SafeLoader subclass


class _ConfigLoader(yaml.SafeLoader):
    """PyYAML's safe loader; any tag it does not know builds nothing (``None``)."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)
