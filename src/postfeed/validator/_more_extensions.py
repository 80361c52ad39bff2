"""Less common extensions the W3C validator checks: FeedSync (``sx``), FeedBurner,
threading (``thr``), the Conversations Network, ``xhtml:meta`` robots and feed history
(``fh``, RFC 5005)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from postfeed.validator import _html, _values

if TYPE_CHECKING:
    from postfeed.validator._walker import Node, Walker

Spec = tuple[str, frozenset[str]]
NONE: frozenset[str] = frozenset()
ONCE = frozenset({"once"})
_NSS = re.compile(r"(?:[0-9a-zA-Z()+,\-.:=@;$_!*'/?#]|%[0-9a-fA-F]{2})+")
_UINT31 = 2**31 - 1


def _required(w: Walker, node: Node, name: str) -> str | None:
    value = node.attrs.get(name)
    if value is None:
        w.log(node, "error", "MissingAttribute", f"missing the {name!r} attribute")
    return value


def _uint31(w: Walker, node: Node, name: str, value: str) -> None:
    if not _values.integer(value, minimum=1):
        w.log(node, "error", "InvalidPositiveInteger", f"{name} {value!r}")
    elif int(value) > _UINT31:
        w.log(node, "error", "IntegerOverflow", f"{name} {value!r} is too large")


def _nss(w: Walker, node: Node, name: str, value: str) -> None:
    if not _NSS.fullmatch(value):
        w.log(node, "error", "InvalidNSS", f"{name} {value!r} is not a URN name")


def _date_attr(w: Walker, node: Node, name: str, value: str | None) -> None:
    if value is not None:
        w.found(node, _values.rfc3339(value))


def _sharing(w: Walker, node: Node) -> None:
    since, until = node.attrs.get("since"), node.attrs.get("until")
    if until is not None:
        since = _required(w, node, "since")
    if since is not None:
        until = _required(w, node, "until")
    for name, value in (("since", since), ("until", until), ("expires", node.attrs.get("expires"))):
        _date_attr(w, node, name, value)
    if since is not None and until is not None and since > until:
        w.log(node, "error", "SinceAfterUntil", "since is after until")


def _related(w: Walker, node: Node) -> None:
    link = _required(w, node, "link")
    if link is not None:
        w.found(node, _values.uri(link, full=True))
    title = node.attrs.get("title")
    if title is not None:
        _html.nonhtml(w, node, title)
        if not title:
            w.log(node, "warning", "NotBlank", "title is blank")
    kind = _required(w, node, "type")
    if kind is not None and kind not in {"complete", "aggregated"}:
        w.log(node, "error", "InvalidSseType", f"type {kind!r} is not complete or aggregated")


def _sync(w: Walker, node: Node) -> None:
    for name in ("deleted", "noconflicts"):
        value = node.attrs.get(name)
        if value is not None and value not in {"true", "false"}:
            w.log(node, "error", "InvalidTrueFalse", f"{name} {value!r}")
    sync_id = _required(w, node, "id")
    if sync_id is not None:
        if not sync_id:
            w.log(node, "warning", "NotBlank", "id is blank")
        scope = node.parent.parent if node.parent and node.parent.parent else node
        seen = scope.extra.setdefault("sx:ids", set())
        assert isinstance(seen, set)
        if sync_id in seen:
            w.log(node, "error", "DuplicateValue", f"id {sync_id!r} is used twice")
        seen.add(sync_id)
        _nss(w, node, "id", sync_id)
    updates = _required(w, node, "updates")
    if updates is not None:
        _uint31(w, node, "updates", updates)


def _sync_end(w: Walker, node: Node) -> None:
    if "sx:history" not in node.children:
        w.log(node, "error", "MissingElement", "missing <sx:history>")


def _history(w: Walker, node: Node) -> None:
    by = node.attrs.get("by")
    if by is not None:
        _html.nonhtml(w, node, by)
        if not by:
            w.log(node, "warning", "NotBlank", "by is blank")
        _nss(w, node, "by", by)
    sequence = _required(w, node, "sequence")
    if sequence is not None:
        _uint31(w, node, "sequence", sequence)
    when = node.attrs.get("when")
    _date_attr(w, node, "when", when)
    if when is not None and by is None:
        w.log(node, "warning", "MissingRecommendedAttribute", "add the 'by' attribute")
    elif when is None and by is not None:
        w.log(node, "warning", "MissingRecommendedAttribute", "add the 'when' attribute")
    elif when is None:
        w.log(node, "error", "MissingByAndWhenAttrs", "needs 'by' or 'when'")


def _feed_flare(w: Walker, node: Node) -> None:
    for name in ("href", "src"):
        value = _required(w, node, name)
        if value is None:
            continue
        if w.feed_type == "atom":
            w.found(node, _values.uri(value, full=False, iri=True))
        elif _values.uri(value, full=True) is not None:
            w.log(node, "warning", "ContainsRelRef", f"{name} {value!r} is relative")


def _feed_info(w: Walker, node: Node) -> None:
    uri = _required(w, node, "uri")
    if uri is not None:
        w.found(node, _values.uri(uri, full=False, iri=True))


# One choice about indexing and one about following, in either order.
_ROBOTS = frozenset(
    {"all", "none", "index", "noindex", "follow", "nofollow"}
    | {f"{a},{b}" for a in ("index", "noindex") for b in ("follow", "nofollow")}
    | {f"{b},{a}" for a in ("index", "noindex") for b in ("follow", "nofollow")}
)


def _meta(w: Walker, node: Node) -> None:
    name = _required(w, node, "name")
    if name is not None and name.lower() != "robots":
        w.log(node, "error", "InvalidMetaName", f"name {name!r} is not robots")
    content = _required(w, node, "content")
    if content is not None and content.lower() not in _ROBOTS:
        w.log(node, "error", "InvalidMetaContent", f"content {content!r}")


def _in_reply_to(w: Walker, node: Node) -> None:
    for name in ("href", "source"):
        value = node.attrs.get(name)
        if value is not None:
            w.found(node, _values.uri(value, full=False, iri=True))
    ref = node.attrs.get("ref")
    if ref is not None:
        w.found(node, _values.uri(ref.strip(), full=True, iri=True))
    kind = node.attrs.get("type")
    if kind is not None and not _values.mime(kind):
        w.log(node, "error", "InvalidMIMEType", f"type {kind!r}")


def _thr_children(w: Walker, node: Node) -> None:
    w.log(node, "error", "UndefinedElement", "<thr:children> is for RSS 1.0 only")


def _comment_rss(w: Walker, node: Node) -> None:
    w.log(node, "warning", "CommentRSS", "the element is wfw:commentRss")


def _uri_full(w: Walker, node: Node, value: str) -> None:
    w.found(node, _values.uri(value, full=True))


def _float(w: Walker, node: Node, value: str) -> None:
    if not re.fullmatch(r"\d+\.?\d*", value):
        w.log(node, "error", "InvalidFloat", f"{value!r} is not a number")


def _iso8601(w: Walker, node: Node, value: str) -> None:
    w.found(node, _values.iso8601(value))


def _http_url(w: Walker, node: Node, value: str) -> None:
    from postfeed.validator._rules import http_url

    http_url(w, node, value)


CHANNEL: dict[str, Spec] = {
    "sx:sharing": ("sx_sharing", NONE),
    "feedburner:awareness": ("uri_full", ONCE),
    "feedburner:browserFriendly": ("nonhtml", ONCE),
    "feedburner:emailServiceId": ("text", ONCE),
    "feedburner:feedFlare": ("feedburner_flare", NONE),
    "feedburner:info": ("feedburner_info", NONE),
    "feedburner:feedburnerHostname": ("uri_full", ONCE),
    "xhtml:meta": ("xhtml_meta", NONE),
    "xhtml:div": ("eater", NONE),
    "fh:archive": ("fh_flag", NONE),
    "fh:complete": ("fh_flag", NONE),
    "thr:in-reply-to": ("thr_in_reply_to", NONE),
}
ITEM: dict[str, Spec] = {
    "sx:sync": ("sx_sync", NONE),
    "feedburner:awareness": ("uri_full", ONCE),
    "feedburner:origEnclosureLink": ("uri_full", ONCE),
    "feedburner:origLink": ("uri_full", ONCE),
    "thr:children": ("thr_children", NONE),
    "thr:total": ("non_negative", ONCE),
    "thr:in-reply-to": ("thr_in_reply_to", NONE),
    "wfw:comment": ("uri_full", ONCE),
    "wfw:commentRss": ("uri_full", ONCE),
    "wfw:commentRSS": ("comment_rss", ONCE),
    "conversationsNetwork:introMilliseconds": ("non_negative", ONCE),
    "conversationsNetwork:image": ("http_url", ONCE),
    "conversationsNetwork:ratingAverage": ("float", ONCE),
    "conversationsNetwork:ratingCount": ("non_negative", ONCE),
    "conversationsNetwork:ratingIndividual": ("positive", ONCE),
    "conversationsNetwork:ratingTimestamp": ("iso8601", ONCE),
}
STRICT = frozenset({"sx", "feedburner", "thr", "conversationsNetwork", "fh"})
LEAVES = {
    "feedburner_flare": _html.nonhtml,
    "comment_rss": _uri_full,
    "float": _float,
    "iso8601": _iso8601,
    "http_url": _http_url,
}
PRE = {
    "sx_sharing": _sharing,
    "sx_related": _related,
    "sx_sync": _sync,
    "sx_history": _history,
    "feedburner_flare": _feed_flare,
    "feedburner_info": _feed_info,
    "xhtml_meta": _meta,
    "thr_in_reply_to": _in_reply_to,
    "thr_children": _thr_children,
    "comment_rss": _comment_rss,
}
POST = {"sx_sync": _sync_end}
CHILDREN: dict[str, dict[str, Spec]] = {
    "sx_sharing": {"sx:related": ("sx_related", NONE)},
    "sx_sync": {
        "sx:history": ("sx_history", NONE),
        "sx:conflicts": ("eater", NONE),
    },
}
ATTRS = {
    "sx_sharing": frozenset({"expires", "since", "until"}),
    "sx_related": frozenset({"link", "title", "type"}),
    "sx_sync": frozenset({"deleted", "noconflicts", "id", "updates"}),
    "sx_history": frozenset({"by", "sequence", "when"}),
    "feedburner_flare": frozenset({"href", "src"}),
    "feedburner_info": frozenset({"uri"}),
    "xhtml_meta": frozenset({"name", "content"}),
    "thr_in_reply_to": frozenset({"href", "ref", "source", "type"}),
}
