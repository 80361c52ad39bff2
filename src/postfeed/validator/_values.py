"""What a check reports, and the checks of single values every format shares.

A ``Problem`` is what ``check`` returns; a ``Finding`` is what a value check returns (a
problem not yet placed in the document). The value checks (dates, URIs, e-mail addresses,
numbers, media types, language codes) each name the W3C Feed Validation Service's message
class for what is wrong. This module imports nothing else of the validator: every other
module imports it.

Every pattern here is linear: no nested or adjacent quantifiers over overlapping character
classes, so no input makes a check backtrack (the e-mail check splits on ``@`` and ``.``
instead of matching a domain with a repeated group).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import time
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from postfeed._text import is_language_code

Level = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a feed document.

    ``level`` is ``error`` (the feed is invalid) or ``warning`` (valid, but readers may
    stumble); ``code`` is the W3C Feed Validation Service's name for the message class
    (``InvalidRFC2822Date``, ``MissingGuid``; ``JSONFeed`` for JSON Feed rules); ``line``
    is the line of the element it is about, when known.
    """

    level: Level
    message: str
    code: str = ""
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.level}: {self.message}"


def words(text: str, sep: str | None = None) -> frozenset[str]:
    """The words of a long literal list (kept as prose: one line per topic, not per word)."""
    return frozenset(text.split(sep))


Finding = tuple[Level, str, str]  # level, W3C message class, message

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_ZONES = "UT|GMT|EST|EDT|CST|CDT|MST|MDT|PST|PDT"
# RFC 2822 as W3C accepts it without a remark: one space between parts, a 4-digit year.
_RFC2822 = re.compile(
    r"(?:(Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(\d\d?) "
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) "
    rf"(\d\d):(\d\d)(?::(\d\d))? (?:[+-]?\d\d[03]0|{_ZONES}|Z)\Z"
)
# RFC 822 as W3C still accepts it with a warning: any case, any spaces, 2-digit years,
# military zones, comments.
_RFC822 = re.compile(
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)\s*,\s*)?\d\d?\s+"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\s+\d\d(?:\d\d)?\s+"
    r"\d\d:\d\d(?::\d\d)?\s+(?:[+-]\d{4}|ut|gmt|est|edt|cst|cdt|mst|mdt|pst|pdt|[a-ik-z])?\Z"
)
_COMMENT = re.compile(r"\([^()]*\)")
_ISO8601 = re.compile(
    r"\d{4}(?:-(\d\d)(?:-(\d\d)(?:T(\d\d):(\d\d)(?::(\d\d(?:\.\d*)?))?"
    r"(Z|[+-]\d\d:\d\d)?)?)?)?\Z"
)
_RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d*)?(?:Z|[+-]\d\d:\d\d)\Z")

_URI_CHARS = r"0-9a-zA-Z;/?:@&=+$.\-_!~*'()%,#"
_URI_CHAR = re.compile(f"[{_URI_CHARS}]")
_URI_REF = re.compile(
    rf"(?:[a-zA-Z][0-9a-zA-Z+\-.]*:)?/{{0,2}}(?:\[[0-9A-Fa-f:]+\])?[{_URI_CHARS}]*\Z"
)
_URI_FULL = re.compile(rf"[a-zA-Z][0-9a-zA-Z+\-.]*:[{_URI_CHARS}]+\Z")
_URN = re.compile(
    r"[Uu][Rr][Nn]:[a-zA-Z0-9][a-zA-Z0-9-]{1,31}:(?:[a-zA-Z0-9()+,.:=@;$_!*'\-]|%[0-9A-Fa-f]{2})+\Z"
)
_UUID_URN = re.compile(
    r"[Uu][Rr][Nn]:[Uu][Uu][Ii][Dd]:[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}\Z"
)
# tag: URIs (RFC 4151): authority (an e-mail address or a domain), a date, a specific part.
_TAG = re.compile(
    r"tag:(?:[a-z0-9\-._]+@)?[a-z0-9.\-]+,\d{4}(?:-\d\d(?:-\d\d)?)?:"
    r"[0-9a-zA-Z;/?:@&=+$.\-_!~*'()%,]*(?:#[0-9a-zA-Z;/?:@&=+$.\-_!~*'()%,]*)?\Z"
)
_HTTP_HOST = re.compile(r"\w+://[^/]")
_IANA_SCHEMES = words(
    "ftp http gopher mailto news nntp telnet wais file prospero z39.50s z39.50r cid mid vemmi "
    "service imap nfs acap rtsp tip pop data dav opaquelocktoken sip sips tel fax modem ldap "
    "https soap.beep soap.beeps xmlrpc.beep xmlrpc.beeps urn go h323 ipp tftp mupdate pres im "
    "mtqp iris.beep dict snmp crid tag dns info aaa aaas cap iax icap iris iris.xpc iris.xpcs "
    "iris.lwz msrp msrps shttp thismessage tv xmpp"
)
_MIME = re.compile(
    r'[^\s()<>,;:"/\[\]?=]+/[^\s()<>,;:"/\[\]?=]+'
    r'(?:\s*;\s*[^\s()<>,;:"/\[\]?=]+=(?:"[^"]*"|[^\s()<>,;:"/\[\]?=]+))*\Z'
)
_LOCAL_PART = re.compile(r"[A-Za-z0-9_\-+.'!#$%&*/=?^`{|}~]+\Z")
_LABEL = re.compile(r"[A-Za-z0-9\-]+\Z")
_TOP_LABEL = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-]*\Z")
_DIGITS = re.compile(r"[0-9]{1,3}\Z")


def rfc822(value: str) -> Finding | None:
    """RSS dates: RFC 822 with 4-digit years as W3C reads them."""
    match = _RFC2822.match(value)
    if match:
        weekday, day, month, year = match.group(1, 2, 3, 4)
        try:
            date = dt.date(int(year), _MONTHS.index(month.lower()) + 1, int(day))
        except ValueError:
            return ("error", "InvalidRFC2822Date", f"{value!r} is not a real date")
        if int(match.group(5)) > 23 or int(match.group(6)) > 59:
            return ("error", "InvalidRFC2822Date", f"{value!r} is not a real time")
        if weekday and _WEEKDAYS[date.weekday()] != weekday.lower():
            return ("error", "IncorrectDOW", f"{value!r} has the wrong day of the week")
        return _implausible_822(value)
    stripped = value.replace("\\(", "").replace("\\)", "")
    for _ in range(8):  # nested comments, a few levels deep at most
        unnested = _COMMENT.sub(" ", stripped)
        if unnested == stripped:
            break
        stripped = unnested
    if _RFC822.match(stripped.strip().lower()):
        return ("warning", "ProblematicalRFC822Date", f"{value!r}: use the RFC 2822 form")
    return ("error", "InvalidRFC2822Date", f"{value!r} is not an RFC 822 date")


def _iso(value: str, pattern: re.Pattern[str], code: str, what: str) -> Finding | None:
    match = pattern.match(value)
    if not match:
        return ("error", code, f"{value!r} is not {what}")
    parts = value.split("T")
    date = parts[0].split("-")
    try:
        if len(date) > 2:
            dt.date(int(date[0]), int(date[1]), int(date[2]))
        elif len(date) == 2 and not 1 <= int(date[1]) <= 12:
            raise ValueError
    except ValueError:
        return ("error", code, f"{value!r} is not a real date")
    if len(parts) > 1:
        clock = re.split(r"[Z+-]", parts[1])[0].split(":")
        if int(clock[0]) > 23 or int(clock[1]) > 59 or (len(clock) > 2 and float(clock[2]) > 60):
            return ("error", code, f"{value!r} is not a real time")
    tomorrow = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 86400))
    if value < "1990-01-01" or value > tomorrow:  # W3C compares the text, as here
        return ("warning", "ImplausibleDate", f"{value!r} is before 1990 or in the future")
    return None


def _implausible_822(value: str) -> Finding | None:
    """W3C's sanity check of a valid date: not before 1990, not in the future."""
    from email.utils import mktime_tz, parsedate_tz

    parsed = parsedate_tz(value)
    try:
        stamp = mktime_tz(parsed) if parsed else None
    except (OverflowError, ValueError):
        stamp = None
    if parsed is None or stamp is None or parsed[0] < 1990 or stamp > time.time() + 600:
        return ("warning", "ImplausibleDate", f"{value!r} is before 1990 or in the future")
    return None


def rfc3339(value: str) -> Finding | None:
    """Atom dates (RFC 3339: full date and time, seconds and zone required)."""
    return _iso(value, _RFC3339, "InvalidRFC3339Date", "an RFC 3339 date-time")


_W3CDTF = re.compile(
    r"\d{4}(?:-\d\d(?:-\d\d(?:T\d\d:\d\d(?::\d\d(?:\.\d*)?)?(?:Z|[+-]\d\d:\d\d))?)?)?\Z"
)


def w3cdtf(value: str) -> Finding | None:
    """Dublin Core dates: W3C-DTF (ISO 8601 profile; a time needs a zone)."""
    return _iso(value, _W3CDTF, "InvalidW3CDTFDate", "a W3C-DTF date")


def iso8601(value: str) -> Finding | None:
    return _iso(value, _ISO8601, "InvalidISO8601DateTime", "an ISO 8601 date")


def uri(value: str, *, full: bool, iri: bool = False, code: str = "") -> Finding | None:
    """A URI reference (``full``: an absolute URI), W3C's reading of RFC 2396 / 3987."""
    code = code or ("InvalidFullLink" if full else "InvalidIRI" if iri else "InvalidLink")
    if iri and not value.isascii():
        value = "".join(char if char.isascii() else "x" for char in value)
    scheme = value.split(":", 1)[0].lower()
    if scheme == "tag":
        if not _TAG.match(value):
            return ("error", "InvalidTAG", f"{value!r} is not a valid tag: URI")
        return None
    if scheme == "urn":
        if value.lower().startswith("urn:uuid:") and not _UUID_URN.match(value):
            return ("error", "InvalidUUID", f"{value!r} is not a valid UUID URN")
        if not _URN.match(value):
            return ("error", "InvalidURN", f"{value!r} is not a valid URN")
        return None
    pattern = _URI_FULL if full else _URI_REF
    if not pattern.match(value):
        for char in value:
            if char.isascii() and not _URI_CHAR.match(char):
                return (
                    "error",
                    "InvalidUriChar",
                    f"{value!r} holds {char!r}, not allowed in a URI",
                )
        if not value.isascii():
            ascii_form = "".join(char if char.isascii() else "x" for char in value)
            if pattern.match(ascii_form):
                return ("error", "UriNotIri", f"{value!r}: non-ASCII characters must be %-encoded")
        kind = "an absolute URI" if full else "a URI"
        return ("error", code, f"{value!r} is not {kind}")
    if scheme in {"http", "ftp"} and not _HTTP_HOST.match(value):
        return ("error", code, f"{value!r} has no host")
    if ":" in value and scheme.isalpha() and scheme not in _IANA_SCHEMES:
        return ("warning", "SchemeNotIANARegistered", f"{scheme!r} is not a registered scheme")
    return None


def is_absolute_url(value: str) -> bool:
    """An absolute URL with a scheme and, for http(s), a host; no spaces."""
    if not value or any(c.isspace() for c in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:  # a malformed IPv6 host
        return False
    if parts.scheme in {"http", "https"}:
        return bool(parts.netloc)
    return bool(parts.scheme) and uri(value, full=True) is None


_HTTP = re.compile(r"(?:http|https)://[A-Za-z0-9.\-]+(?::\d+)?(?:/|\Z)", re.IGNORECASE)


def http_url(value: str) -> Finding | None:
    """An http(s) URL with a host, as an enclosure's or an image's must be."""
    if not _HTTP.match(value) or uri(value, full=True):
        return ("error", "InvalidURLAttribute", f"{value!r} is not an http URL")
    return None


# RFC 3986 appendix B: a URI's five parts; each group is a negated class, so linear.
_URI_PARTS = re.compile(r"(?:([^:/?#]+):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?\Z", re.S)
_PORT = re.compile(r":(\d*)\Z")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_DEFAULT_PORTS = {
    "ftp": "21",
    "telnet": "23",
    "http": "80",
    "gopher": "70",
    "news": "119",
    "nntp": "119",
    "prospero": "191",
    "https": "443",
    "snews": "563",
    "snntp": "563",
}


def _escapes(text: str) -> str:
    """Percent-escapes as RFC 3986 normalises them: unreserved characters decoded, the
    rest in upper-case hexadecimal."""

    def one(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else "%" + match.group(1).upper()

    return _ESCAPE.sub(one, text) if "%" in text else text


def _without_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4, on whole segments."""
    if "." not in path:
        return path
    kept: list[str] = []
    segments = path.split("/")
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == ".":
            if last:
                kept.append("")
        elif segment == "..":
            if len(kept) > 1:
                kept.pop()
            if last:
                kept.append("")
        else:
            kept.append(segment)
    return "/".join(kept)


def canonical_uri(value: str) -> str | None:
    """The normal form of a URI (RFC 3986 section 6: case, default port, dot segments,
    percent-escapes, an empty path as ``/``); None for a relative reference."""
    match = _URI_PARTS.match(value)
    if match is None:
        return None
    scheme, authority, path, query, fragment = match.groups()
    out = ""
    if scheme is not None:
        scheme = scheme.lower()
        out = scheme + ":"
    if authority is not None:
        userinfo, _, host = authority.rpartition("@")
        host = host.lower()
        port_match = _PORT.search(host)
        if port_match:
            port, host = port_match.group(1), host[: port_match.start()]
            if port and port != _DEFAULT_PORTS.get(scheme or ""):
                host += ":" + port
        if host.endswith(".") and host.rfind(".", 0, -2) >= 0:
            host = host[:-1]
        out += "//" + (userinfo + "@" if userinfo and userinfo != ":" else "") + host
        path = _without_dot_segments(path) or "/"
    elif scheme is None and not path.startswith("/"):
        return None
    elif path.startswith("/"):
        path = _without_dot_segments(path)
    out += _escapes(path)
    if query is not None:
        out += "?" + _escapes(query)
    if fragment is not None:
        out += "#" + _escapes(fragment)
    return out


def mime(value: str) -> bool:
    return bool(_MIME.match(value))


_SIMPLE_EMAIL = re.compile(r"[\w.%+-]+@[A-Za-z][\w.-]*\Z")


def addr_spec_finding(value: str, code: str = "InvalidAddrSpec") -> Finding | None:
    if addr_spec(value):
        return None
    if _SIMPLE_EMAIL.match(value):
        return ("warning", "UnknownHost", f"{value!r}: the domain has no dot")
    return ("error", code, f"{value!r} is not an e-mail address")


def addr_spec(value: str) -> bool:
    """An e-mail address (``local@domain``), checked label by label: linear in any input."""
    local, at, domain = value.partition("@")
    if not at or not _LOCAL_PART.match(local):
        return False
    labels = domain.split(".")
    if len(labels) < 2 or not _TOP_LABEL.match(labels[-1]):
        return False
    if len(labels) == 4 and all(_DIGITS.match(label) for label in labels[:3]):
        return True
    return all(_LABEL.match(label) for label in labels[:-1])


def email_with_name(value: str) -> Finding | None:
    """RSS ``author``/``managingEditor``/``webMaster``: ``addr (Name)`` as W3C asks."""
    if value.startswith("mailto:"):
        from urllib.parse import unquote

        value = unquote(value[7:])
    if value.find("@") > 0 and not value.endswith(")"):
        if " " in value.strip():
            return ("warning", "EmailFormat", f"{value!r}: write 'address (Name)'")
        return ("warning", "MissingRealName", f"{value!r}: add the name, 'address (Name)'")
    address = value.split("(", 1)[0].strip() if value.endswith(")") else value.strip()
    if address.startswith("<") and address.endswith(">"):
        address = address[1:-1]
    return addr_spec_finding(address, "InvalidContact")


def language(value: str) -> bool:
    return is_language_code(value)


def integer(value: str, *, minimum: int) -> bool:
    try:
        return int(value) >= minimum
    except ValueError:
        return False


def weekday_name(value: str) -> bool:
    return value in {calendar.day_name[i] for i in range(7)}
