"""Links and slugs: permalink patterns, slugs, joining under the site URL, absolute URLs in HTML."""

from __future__ import annotations

import datetime as dt
import re
import string
import unicodedata
from collections.abc import Iterable
from urllib.parse import quote, urljoin

DEFAULT_LINK_PATTERN = "{path}/"
PLACEHOLDERS = frozenset({"path", "slug", "stem", "year", "month", "day"})

_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_START_TAG = re.compile(r"<[A-Za-z][^<>]*>")
_URL_ATTR = re.compile(
    r"""(?P<lead>\s(?P<name>href|src|srcset|poster)\s*=\s*)"""
    r"""(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'=<>`]+))""",
    re.IGNORECASE,
)


_ABSOLUTE_HTTP = re.compile(r"https?://[^/?#]", re.IGNORECASE)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def is_absolute_http(url: str) -> bool:
    """Whether ``url`` is an absolute http(s) URL with a host."""
    return _ABSOLUTE_HTTP.match(url.lstrip()) is not None


def has_scheme(url: str) -> bool:
    """Whether ``url`` starts with a scheme (``https:``, ``tag:``, ``urn:`` …)."""
    return _SCHEME.match(url) is not None


def check_pattern(pattern: str) -> None:
    """Raise ``ValueError`` for a link pattern with an unknown or malformed placeholder, a
    format spec or conversion (``{year:>999999999}`` would fill gigabytes, so none is
    taken: the values come formatted), or a ``.`` or ``..`` path segment."""
    try:
        parsed = list(string.Formatter().parse(pattern))
    except ValueError as err:
        raise ValueError(f"bad link pattern {pattern!r}: {err}") from err
    fields = [name for _, name, _, _ in parsed if name is not None]
    unknown = sorted(set(fields) - PLACEHOLDERS)
    if unknown:
        raise ValueError(f"unknown placeholder {{{unknown[0]}}} in link pattern {pattern!r}")
    for _, name, spec, conversion in parsed:
        if spec or conversion:
            raise ValueError(
                f"link pattern {pattern!r}: {{{name}}} takes no format spec or conversion"
            )
    filled = "".join(text + ("x" if name is not None else "") for text, name, _, _ in parsed)
    if any(segment in (".", "..") for segment in filled.split("/")):
        raise ValueError(f"link pattern {pattern!r}: no '.' or '..' path segment")


def _encode_segment(segment: str) -> str:
    return quote(unicodedata.normalize("NFC", segment), safe="")


_UNRESERVED_PATH = re.compile(r"[A-Za-z0-9._~/-]*")


def encode_path(path: str) -> str:
    """NFC and percent-encode each ``/``-separated segment (RFC 3986 unreserved stay)."""
    if _UNRESERVED_PATH.fullmatch(path):
        return path  # nothing to encode (most paths)
    return "/".join(_encode_segment(segment) for segment in path.split("/"))


def link_path(pattern: str, *, path: str, slug: str, stem: str, date: dt.datetime) -> str:
    """Fill a link pattern and percent-encode the result; returns a root-relative path."""
    filled = pattern.format(
        path=path,
        slug=slug,
        stem=stem,
        year=f"{date.year:04d}",
        month=f"{date.month:02d}",
        day=f"{date.day:02d}",
    )
    return "/" + encode_path(filled.lstrip("/"))


def encode_url(url: str) -> str:
    """Percent-encode what a hand-written URL leaves raw (spaces, non-ASCII, lone ``%``)."""
    url = unicodedata.normalize("NFC", url)
    return _LONE_PERCENT.sub("%25", quote(url, safe="/:@!$&'()*+,;=%~?#[]"))


_UUID_URN = re.compile(r"urn:uuid:[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}", re.IGNORECASE)


def is_broken_uuid_urn(text: str) -> bool:
    """A ``urn:uuid:`` id that holds no UUID (feed readers and the W3C validator reject it)."""
    return text.lower().startswith("urn:uuid:") and not _UUID_URN.fullmatch(text)


def normalise_id(text: str) -> str:
    """An id as feeds need it: characters a URI cannot hold are percent-encoded.

    ``ValueError`` for a ``urn:uuid:`` id that holds no UUID (feed readers reject it).
    """
    if is_broken_uuid_urn(text):
        raise ValueError(f"{text!r} is not a valid urn:uuid id")
    return encode_url(text)


def under_site(url: str, site_url: str | None) -> str:
    """Join a URL under the site URL (``/a/`` on ``…/blog/`` → ``…/blog/a/``).

    Absolute http(s) URLs are returned unchanged; without a site URL, the result is
    root-relative (``/a/``) until the post is placed in a feed.
    """
    if is_absolute_http(url):
        return url
    if site_url is None:
        return "/" + url.lstrip("/")
    return site_url.rstrip("/") + "/" + url.lstrip("/")


_URL_SAFE = re.compile(r"[A-Za-z0-9/:@!$&'()*+,;=%~?#\[\]._-]*")


def _url_text(url: str) -> str:
    """A URL as an attribute holds it: already escaped for HTML (``&amp;``), so only
    what no URL may hold is encoded."""
    return url if _URL_SAFE.fullmatch(url) else encode_url(url)


def _absolute_srcset(value: str, base: str) -> str:
    candidates = []
    for candidate in value.split(","):
        parts = candidate.strip().split(None, 1)
        if parts:
            parts[0] = _url_text(urljoin(base, parts[0]))
            candidates.append(" ".join(parts))
    return ", ".join(candidates)


def absolute_url(url: str, base: str) -> str:
    """One URL made absolute against ``base`` (when ``base`` is absolute) and encoded."""
    if not is_absolute_http(base):
        return _url_text(url.strip())
    return _url_text(urljoin(base, url.strip()))


def absolute_urls(html_text: str, base: str) -> str:
    """Make every relative ``href``, ``src``, ``srcset`` and ``poster`` in ``html_text``
    absolute, with the characters a URL cannot hold (spaces, ``{``, non-ASCII…)
    percent-encoded."""
    if not is_absolute_http(base):
        return html_text

    def replace(match: re.Match[str]) -> str:
        raw = match.group("dq")
        quote_char = '"'
        if raw is None:
            raw = match.group("sq")
            quote_char = "'"
        if raw is None:
            raw = match.group("bare")
            quote_char = '"'
        if match.group("name").lower() == "srcset":
            value = _absolute_srcset(raw, base)
        else:
            value = _url_text(urljoin(base, raw.strip()))
        return f"{match.group('lead')}{quote_char}{value}{quote_char}"

    return _START_TAG.sub(lambda tag: _URL_ATTR.sub(replace, tag.group(0)), html_text)


_POST_SUFFIX = re.compile(r"\.(?:md|markdown|mdown|mkd|mdx|txt|html)$", re.IGNORECASE)


def _post_key(path: str) -> str:
    """A post's path as link tags name it: no suffix, no ``index``, no leading ``/``."""
    path = _POST_SUFFIX.sub("", path.strip().strip("\"'").strip("/"))
    folder, _, name = path.rpartition("/")
    return folder if name.lower() in ("index", "_index") and folder else path


class PostLinks:
    """The links of a folder's posts by path, for the template tags that link to a post
    (``{% link %}``, ``{% post_url %}``, Hugo's ``ref``/``relref``): a tag names a post
    by its path from the site's root, or from its folder, with or without suffix."""

    def __init__(self, links: Iterable[tuple[str, str]]) -> None:
        self._links = list(links)
        self._index: dict[str, str | None] | None = None  # built when a tag first asks

    def _by_key(self) -> dict[str, str | None]:
        if self._index is None:
            self._index = {}
            for relpath, link in self._links:
                parts = _post_key(relpath).split("/")
                for start in range(len(parts)):  # every tail: "_posts/x", "x"
                    tail = "/".join(parts[start:])
                    known = self._index.get(tail, link)
                    self._index[tail] = link if known == link else None  # two: ambiguous
        return self._index

    def __call__(self, target: str) -> str | None:
        """The link of the post ``target`` names, or ``None`` (none, or several)."""
        path, hash_mark, fragment = target.partition("#")
        index = self._by_key()
        parts = _post_key(path).split("/")
        for start in range(len(parts)):  # a path from above the posts folder: "_posts/x"
            link = index.get("/".join(parts[start:]))
            if link is not None:
                return link + hash_mark + fragment
        return None


# Slugs: the URL- and path-safe name of a post

MAX_SLUG = 80

_APOSTROPHES = re.compile("['\u2019]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """``New Year’s Eve`` → ``new-years-eve``; the result is ``[a-z0-9]`` words joined by ``-``.

    NFKD, apostrophes dropped, other non-ASCII dropped, lower case, every run of other
    characters turned into one ``-``, at most 80 characters cut at a ``-``. Nothing it
    returns can name a path outside a folder (no ``/``, no ``..``); it may return ``""``.
    """
    if not text.isascii():  # NFKD and dropping non-ASCII leave ASCII text as it is
        text = unicodedata.normalize("NFKD", text)
        text = _APOSTROPHES.sub("", text)
        text = text.encode("ascii", "ignore").decode("ascii")
    elif "'" in text:
        text = text.replace("'", "")
    text = text.lower()
    slug = _NON_ALNUM.sub("-", text).strip("-")
    if len(slug) > MAX_SLUG:
        cut = slug[:MAX_SLUG]
        if slug[MAX_SLUG] != "-" and "-" in cut:
            cut = cut[: cut.rindex("-")]
        slug = cut.strip("-")
    return slug


def tag_slug(tag: str) -> str:
    """The folder name of a tag's feeds: its slug, or a hash when nothing of it is ASCII."""
    import hashlib

    return slugify(tag) or "tag-" + hashlib.sha256(tag.encode("utf-8")).hexdigest()[:10]
