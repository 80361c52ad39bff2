"""Namespaces as the W3C Feed Validation Service names them, and where elements are."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from postfeed.validator._parser import Element

ATOM = "http://www.w3.org/2005/Atom"
MEDIA = "http://search.yahoo.com/mrss/"
XHTML = "http://www.w3.org/1999/xhtml"
XML_NS = "http://www.w3.org/XML/1998/namespace"
OLD_ATOM = "http://purl.org/atom/ns#"

# Namespaces W3C knows, by the prefix its messages use (the specs' own prefixes).
PREFIXES = {
    "http://www.w3.org/2005/Atom": "atom",
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://purl.org/dc/terms/": "dcterms",
    "http://www.itunes.com/dtds/podcast-1.0.dtd": "itunes",
    "http://search.yahoo.com/mrss/": "media",
    "http://purl.org/rss/1.0/modules/syndication/": "sy",
    "http://purl.org/rss/1.0/modules/slash/": "slash",
    "http://wellformedweb.org/CommentAPI/": "wfw",
    "http://webns.net/mvcb/": "admin",
    "http://purl.org/syndication/thread/1.0": "thr",
    "http://purl.org/syndication/history/1.0": "fh",
    "http://www.w3.org/1999/xhtml": "xhtml",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf",
    "http://backend.userland.com/creativeCommonsRssModule": "creativeCommons",
    "http://web.resource.org/cc/": "cc",
    "http://madskills.com/public/xml/rss/module/trackback/": "trackback",
    "http://www.georss.org/georss": "georss",
    "http://www.w3.org/2003/01/geo/wgs84_pos#": "geo",
    "http://rssnamespace.org/feedburner/ext/1.0": "feedburner",
    "http://www.w3.org/2007/app": "app",
    "http://backend.userland.com/blogChannelModule": "blogChannel",
    "http://purl.org/rss/1.0/modules/event/": "ev",
    "http://www.microsoft.com/schemas/rss/core/2005": "cf",
    "http://www.bloglines.com/about/specs/fac-1.0": "access",
    "http://a9.com/-/spec/opensearch/1.1/": "opensearch",
    "http://a9.com/-/spec/opensearchrss/1.0/": "opensearch10",
    "http://purl.org/rss/1.0/": "rss1",
    "http://purl.org/rss/1.0/modules/taxonomy/": "taxo",
    "http://purl.org/rss/1.0/modules/annotate/": "annotate",
    "http://purl.org/rss/1.0/modules/aggregation/": "ag",
    "http://www.w3.org/2000/01/rdf-schema#": "rdfs",
    "http://xmlns.com/foaf/0.1/": "foaf",
    "http://purl.org/rss/1.0/modules/link/": "l",
    "http://my.theinfo.org/changed/1.0/rss/": "cp",
    "http://base.google.com/ns/1.0": "g",
    "http://feedsync.org/2007/feedsync": "sx",
    "http://conversationsnetwork.org/rssNamespace-1.0/": "conversationsNetwork",
    "http://www.w3.org/2000/svg": "svg",
    "http://www.w3.org/1998/Math/MathML": "mathml",
    "http://purl.org/rss/1.0/modules/wiki/": "wiki",
    "http://purl.org/rss/1.0/modules/threading/": "thr",
    "http://postneo.com/icbm": "icbm",
    "http://geourl.org/rss/module/": "geourl",
    "http://www.opengis.net/gml": "gml",
    "urn:atom-extension:indexing": "indexing",
    "http://www.w3.org/XML/1998/namespace": "xml",
    "http://media.tangent.org/rss/1.0/": "audio",
    "http://purl.org/rss/1.0/modules/company": "company",
    "http://purl.org/rss/1.0/modules/email/": "email",
    "http://purl.org/rss/1.0/modules/image/": "image",
    "http://www.opml.org/spec2": "opml",
    "http://purl.org/rss/1.0/modules/reference/": "ref",
    "http://purl.org/rss/1.0/modules/richequiv/": "reqv",
    "http://purl.org/rss/1.0/modules/rss091#": "rss091",
    "http://purl.org/rss/1.0/modules/search/": "search",
    "http://purl.org/rss/1.0/modules/servicestatus/": "ss",
    "http://hacks.benhammersley.com/rss/streaming/": "str",
    "http://purl.org/rss/1.0/modules/subscription/": "sub",
    "http://www.usemod.com/cgi-bin/mb.pl?ModWiki": "wiki",
    "http://schemas.xmlsoap.org/soap/envelope/": "soap",
    "http://my.netscape.com/rdf/simple/0.9/": "rss090",
    "http://purl.org/net/rss1.1#": "rss11",
    "http://openid.net/xmlns/1.0": "openid",
    "http://earth.google.com/kml/2.0": "kml20",
    "http://earth.google.com/kml/2.1": "kml21",
    "http://www.opengis.net/kml/2.2": "kml22",
    "http://www.w3.org/1999/xlink": "xlink",
    "xri://$xrd*($v*2.0)": "xrd",
    "xri://$xrds": "xrds",
}
# Vocabularies W3C knows of but does not check: declaring them is not a warning.
UNCHECKED = frozenset(
    {
        "http://schemas.google.com/g/2005",
        "http://www.rawvoice.com/rawvoiceRssModule/",
        "https://schema.org/",
        "http://schema.org/",
        "https://podcastindex.org/namespace/1.0",
        "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md",
    }
)
STANDARD_PREFIXES = frozenset(PREFIXES.values())


def near(uri: str) -> str:
    """W3C's 'near miss' form of a namespace: up to its last word character, lower-cased."""
    end = len(uri)
    while end and not (uri[end - 1].isalnum() or uri[end - 1] == "_"):
        end -= 1
    return uri[:end].lower()


NEAR = {near(uri): prefix for uri, prefix in PREFIXES.items()}
# Extensions whose vocabulary postfeed checks: any other element in them is undefined.
STRICT = frozenset(
    {"atom", "content", "dc", "dcterms", "itunes", "media", "sy", "slash", "wfw", "trackback"}
    | {"sx", "feedburner", "thr", "conversationsNetwork", "fh", "blogChannel", "admin", "access"}
)


def line_of(el: Element) -> int | None:
    """The element's line in the document (lxml says None when it does not know)."""
    line = el.sourceline
    return line if isinstance(line, int) else None
