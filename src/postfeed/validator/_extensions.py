"""The elements feeds borrow from other namespaces, checked as the W3C validator checks
them: Dublin Core, syndication (``sy``), Slash, trackback, geo and the like; Media RSS and
iTunes podcast elements (postfeed itself writes ``media:content``); FeedSync (``sx``),
FeedBurner, threading (``thr``), the Conversations Network, ``xhtml:meta`` robots and feed
history (``fh``, RFC 5005). RSS 2.0 and Atom 1.0's own elements are ``_rules``'.

Each section gives its elements' kinds (leaf checks and hooks, as ``_xml.Rules`` reads
them); the tables at the end say where the elements may appear, and ``_rules`` adds them to
the RSS and Atom tables. A kind these tables name but do not define (``uri_full``,
``positive``, ``text``) is one of ``_rules``' value kinds.
"""

from __future__ import annotations

import re

import postfeed.validator._html as _html
import postfeed.validator._values as _values
from postfeed.validator._values import words
from postfeed.validator._xml import Hook, Leaf, Node, Spec, Walker

NONE: frozenset[str] = frozenset()
ONCE = frozenset({"once"})
ONCE_NOWS = frozenset({"once", "nows"})

# ---- Dublin Core, syndication, Slash, trackback, geo and the like ------------------------


def _any_text(w: Walker, node: Node, value: str) -> None:
    """Text whose value is not checked (only what every leaf's text is checked for)."""


def _uri_full(w: Walker, node: Node, value: str) -> None:
    w.found(node, _values.uri(value, full=True))


def _update_period(w: Walker, node: Node, value: str) -> None:
    if value not in {"hourly", "daily", "weekly", "monthly", "yearly"}:
        w.log(node, "error", "InvalidUpdatePeriod", f"{value!r} is not a period")


def _comma_integers(w: Walker, node: Node, value: str) -> None:
    if not re.fullmatch(r"\d+(?:,\s*\d+)*", value):
        w.log(node, "error", "InvalidCommaSeparatedIntegers", f"{value!r}")


def _ranged(limit: int, code: str) -> Leaf:
    def check(w: Walker, node: Node, value: str) -> None:
        try:
            ok = -limit <= float(value) <= limit
        except ValueError:
            ok = False
        if not ok:
            w.log(node, "error", code, f"{value!r} is not a number from -{limit} to {limit}")

    return check


def _access_restriction(w: Walker, node: Node) -> None:
    relationship = w.required_attr(node, "relationship")
    if relationship is not None and relationship not in {"allow", "deny"}:
        w.log(node, "error", "InvalidAccessRestrictionRel", f"{relationship!r}: allow or deny")


def _xhtml_body(w: Walker, node: Node) -> None:
    w.log(node, "warning", "DuplicateDescriptionSemantics", "repeats the description")
    _html.xhtml_subtree(w, node, node.el)


# ---- Media RSS ---------------------------------------------------------------------------

_NPT = re.compile(r"now|\d+(?:\.\d+)?|\d+:\d\d:\d\d(?:\.\d+)?")
_NUMBER = re.compile(r"\d+\.?\d*")
_COUNTRIES = words(
    "AD AE AF AG AI AM AN AO AQ AR AS AT AU AW AZ BA BB BD BE BF BG BH BI BJ BM BN BO BR BS "
    "BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CX CY CZ DE DJ DK DM DO DZ "
    "EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GH GI GL GM GN GP GQ GR GS GT GU "
    "GW GY HK HM HN HR HT HU ID IE IL IN IO IQ IR IS IT JM JO JP KE KG KH KI KM KN KP KR KW "
    "KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD MG MH MK ML MM MN MO MP MQ MR MS MT MU "
    "MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS "
    "PT PW PY QA RE RO RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR ST SV SY SZ TC TD "
    "TF TG TH TJ TK TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE "
    "YT ZA ZM ZW"
)
# EBU role codes (the default scheme of media:credit).
_EBU_ROLES = words(
    "actor,adaptor,anchor person,animal trainer,animator,announcer,armourer,art director,"
    "artist/performer,assistant camera,assistant chief lighting technician,assistant "
    "director,assistant producer,assistant visual editor,author,broadcast assistant,"
    "broadcast journalist,camera operator,carpenter,casting,causeur,chief lighting "
    "technician,choir,choreographer,clapper loader,commentary or commentator,"
    "commissioning broadcaster,composer,computer programmer,conductor,consultant,"
    "continuity checker,correspondent,costume designer,dancer,dialogue coach,director,"
    "director of photography,distribution company,draughtsman,dresser,dubber,"
    "editor/producer,editor,ensemble,executive producer,expert,fight director,floor "
    "manager,focus puller,foley artist,foley editor,foley mixer,graphic assistant,graphic "
    "designer,greensman,grip,hairdresser,illustrator,interviewed guest,interviewer,key "
    "character,key grip,key talents,leadman,librettist,lighting director,lighting "
    "technician,location manager,lyricist,make up artist,manufacturer,matte artist,music "
    "arranger,music group,musician,news reader,orchestra,participant,photographer,post,"
    "producer,production assistant,production company,production department,production "
    "manager,production secretary,programme production researcher,property manager,"
    "publishing company,puppeteer,pyrotechnician,reporter,rigger,runner,scenario,scenic "
    "operative,script supervisor,second assistant camera,second assistant director,second "
    "unit director,set designer,set dresser,sign language,singer,sound designer,sound "
    "mixer,sound recordist,special effects,stunts,subtitles,technical director,term,"
    "translation,transportation manager,treatment/programme proposal,vision mixer,visual "
    "editor,visual effects,wardrobe,witness,artist,performer,treatment,treatment proposal,"
    "programme proposal",
    sep=",",
)
_RATINGS = {
    "urn:simple": frozenset({"adult", "nonadult"}),
    "urn:mpaa": frozenset({"g", "m", "nc-17", "pg", "pg-13", "r", "x"}),
    "urn:v-chip": words("14+ 18+ c c8 g pg tv-14 tv-g tv-ma tv-pg tv-y tv-y7 tv-y7-fv"),
}
_ICRA_CODE = r"(?:[nsvlocx]z [01]|(?:n[a-c]|s[a-f]|v[a-j]|l[a-c]|o[a-h]|c[a-b]|x[a-e]) 1)"
_ICRA = re.compile(rf"r \({_ICRA_CODE}(?: {_ICRA_CODE})*\)")


def _attr_uri(w: Walker, node: Node, name: str, *, required: bool = False) -> None:
    value = node.attrs.get(name)
    if value:
        w.found(node, _values.uri(value, full=True))
    elif required:
        w.log(node, "error", "MissingAttribute", f"missing the {name!r} attribute")


def _attr_positive(w: Walker, node: Node, name: str) -> None:
    value = node.attrs.get(name)
    if value and not _values.integer(value, minimum=1):
        w.log(node, "error", "InvalidPositiveInteger", f"{name} {value!r}")


def _media_category(w: Walker, node: Node) -> None:
    label = node.attrs.get("label")
    if label:
        _html.nonhtml(w, node, label)
    _attr_uri(w, node, "scheme")


def _media_copyright(w: Walker, node: Node) -> None:
    _attr_uri(w, node, "url")


def _media_credit(w: Walker, node: Node) -> None:
    scheme = node.attrs.get("scheme") or "urn:ebu"
    role = node.attrs.get("role")
    if role and ((scheme == "urn:ebu" and role not in _EBU_ROLES) or role != role.lower()):
        w.log(node, "error", "InvalidCreditRole", f"role {role!r}")
    if scheme != "urn:ebu":
        w.found(node, _values.uri(scheme, full=True))


def _media_text_type(w: Walker, node: Node) -> None:
    kind = node.attrs.get("type")
    if kind and kind not in {"plain", "html"}:
        w.log(node, "error", "InvalidMediaTextType", f"type {kind!r} is not plain or html")


def _media_text(w: Walker, node: Node) -> None:
    _media_text_type(w, node)
    for name in ("start", "end"):
        value = node.attrs.get(name)
        if value and not _NPT.match(value):
            w.log(node, "error", "InvalidNPTTime", f"{name} {value!r}")
    lang = node.attrs.get("lang")
    if lang and not _values.language(lang):
        w.log(node, "error", "InvalidLanguage", f"lang {lang!r}")


def _media_marked_text(w: Walker, node: Node, value: str) -> None:
    if node.attrs.get("type") == "html":
        for finding in _html.check(value):
            w.found(node, finding)
    else:
        _html.nonhtml(w, node, value, "ContainsUndeclaredHTML")


def _media_hash(w: Walker, node: Node, value: str) -> None:
    algo = node.attrs.get("algo")
    if algo and algo not in {"md5", "sha-1"}:
        w.log(node, "error", "InvalidMediaHash", f"algo {algo!r} is not md5 or sha-1")
    size = 40 if algo == "sha-1" else 32
    if not re.fullmatch(r"[0-9A-Za-z]+", value) or len(value) != size:
        w.log(node, "error", "InvalidMediaHash", f"{value!r} is not a {algo or 'md5'} hash")


def _media_player(w: Walker, node: Node) -> None:
    _attr_uri(w, node, "url", required=True)
    _attr_positive(w, node, "height")
    _attr_positive(w, node, "width")


def _media_rating(w: Walker, node: Node, value: str) -> None:
    scheme = node.attrs.get("scheme") or "urn:simple"
    allowed = _RATINGS.get(scheme)
    if allowed is not None:
        if value not in allowed:
            w.log(node, "error", "InvalidMediaRating", f"{value!r} is not a {scheme} rating")
    elif scheme == "urn:icra":
        if not _ICRA.fullmatch(value):
            w.log(node, "error", "InvalidMediaRating", f"{value!r} is not an ICRA rating")
    else:
        w.found(node, _values.uri(scheme, full=True))


def _media_restriction(w: Walker, node: Node, value: str) -> None:
    relationship = node.attrs.get("relationship")
    if not relationship:
        w.log(node, "error", "MissingAttribute", "missing the 'relationship' attribute")
    elif relationship not in {"allow", "deny"}:
        w.log(node, "error", "InvalidMediaRestrictionRel", f"relationship {relationship!r}")
    kind = node.attrs.get("type")
    if not kind:
        if value and value not in {"all", "none"}:
            w.log(node, "error", "InvalidMediaRestriction", f"{value!r} is not all or none")
    elif kind == "country":
        for code in value.upper().split(" "):
            if code not in _COUNTRIES:
                w.log(node, "error", "InvalidCountryCode", f"{code!r} is not a country code")
    elif kind == "uri":
        w.found(node, _values.uri(value, full=True))
    else:
        w.log(node, "error", "InvalidMediaRestrictionType", f"type {kind!r}")


def _media_thumbnail(w: Walker, node: Node) -> None:
    time = node.attrs.get("time")
    if time and not _NPT.match(time):
        w.log(node, "error", "InvalidNPTTime", f"time {time!r}")
    _attr_uri(w, node, "url", required=True)
    _attr_positive(w, node, "height")
    _attr_positive(w, node, "width")


def _media_content(w: Walker, node: Node) -> None:
    attrs = node.attrs
    for name in ("bitrate", "duration", "framerate", "samplingrate"):
        value = attrs.get(name)
        if value and not _NUMBER.match(value):
            w.log(node, "error", "InvalidFloat", f"{name} {value!r} is not a number")
    channels = attrs.get("channels")
    if channels and not _values.integer(channels, minimum=0):
        w.log(node, "error", "InvalidNonNegativeInteger", f"channels {channels!r}")
    expression = attrs.get("expression")
    if expression and expression not in {"sample", "full", "nonstop"}:
        w.log(node, "error", "InvalidMediaExpression", f"expression {expression!r}")
    for name in ("fileSize", "height", "width"):
        _attr_positive(w, node, name)
    default = attrs.get("isDefault")
    if default and default.lower() not in {"true", "false"}:
        w.log(node, "error", "InvalidTrueFalse", f"isDefault {default!r}")
    lang = attrs.get("lang")
    if lang and not _values.language(lang):
        w.log(node, "error", "InvalidLanguage", f"lang {lang!r}")
    medium = attrs.get("medium")
    if medium and medium not in {"image", "audio", "video", "document", "executable"}:
        w.log(node, "error", "InvalidMediaMedium", f"medium {medium!r}")
    kind = attrs.get("type")
    if kind and not _values.mime(kind):
        w.log(node, "error", "InvalidMIMEAttribute", f"type {kind!r}")
    _attr_uri(w, node, "url")


def _media_group_end(w: Walker, node: Node) -> None:
    if node.children.count("media:content") < 2:
        w.log(node, "error", "MediaGroupWithoutAlternatives", "a group needs 2 or more contents")


def _media_adult(w: Walker, node: Node) -> None:
    w.log(node, "warning", "DeprecatedMediaAdult", "use media:rating instead")


MEDIA_ELEMENTS: dict[str, Spec] = {
    "media:adult": ("media_adult", ONCE),
    "media:category": ("media_category", NONE),
    "media:copyright": ("media_copyright", ONCE),
    "media:credit": ("media_credit", NONE),
    "media:description": ("media_title", ONCE),
    "media:keywords": ("text", NONE),
    "media:hash": ("media_hash", NONE),
    "media:player": ("media_player", NONE),
    "media:rating": ("media_rating", NONE),
    "media:restriction": ("media_restriction", NONE),
    "media:text": ("media_text", NONE),
    "media:title": ("media_title", ONCE),
    "media:thumbnail": ("media_thumbnail", NONE),
}
MEDIA_ITEM: dict[str, Spec] = {
    **MEDIA_ELEMENTS,
    "media:group": ("media_group", NONE),
    "media:content": ("media_content", NONE),
}

# ---- iTunes ------------------------------------------------------------------------------

_ITUNES_CATEGORIES = {
    "Arts": "Books|Design|Fashion & Beauty|Food|Performing Arts|Visual Arts",
    "Business": "Careers|Entrepreneurship|Investing|Management|Marketing|Non-Profit",
    "Comedy": "Comedy Interviews|Improv|Stand-Up",
    "Education": "Courses|How To|Language Learning|Self-Improvement",
    "Fiction": "Comedy Fiction|Drama|Science Fiction",
    "Government": "",
    "History": "",
    "Health & Fitness": "Alternative Health|Fitness|Medicine|Mental Health|Nutrition|Sexuality",
    "Kids & Family": "Education for Kids|Parenting|Pets & Animals|Stories for Kids",
    "Leisure": "Animation & Manga|Automotive|Aviation|Crafts|Games|Hobbies|Home & Garden|"
    "Video Games",
    "Music": "Music Commentary|Music History|Music Interviews",
    "News": "Business News|Daily News|Entertainment News|News Commentary|Politics|Sports News|"
    "Tech News",
    "Religion & Spirituality": "Buddhism|Christianity|Hinduism|Islam|Judaism|Spirituality",
    "Science": "Astronomy|Chemistry|Earth Sciences|Life Sciences|Mathematics|Natural Sciences|"
    "Nature|Physics|Social Sciences",
    "Society & Culture": "Documentary|Personal Journals|Philosophy|Places & Travel|Relationships",
    "Sports": "Baseball|Basketball|Cricket|Fantasy Sports|Football|Golf|Hockey|Rugby|Running|"
    "Soccer|Swimming|Tennis|Volleyball|Wilderness|Wrestling",
    "Technology": "",
    "True Crime": "",
    "TV & Film": "After Shows|Film History|Film Interviews|Film Reviews|TV Reviews",
}
# Apple's categories before 2019: still read, but renamed or gone.
_OLD_ITUNES_CATEGORIES = {
    "Arts": "Literature",
    "Arts & Entertainment": "Architecture|Design|Entertainment|Games|Performing Arts|"
    "Photography|Poetry|Science Fiction",
    "Audio Blogs": "",
    "Business": "Careers|Finance|Investing|Management & Marketing|News|Shopping",
    "Comedy": "",
    "Education": "Education Technology|Higher Education|K-12|Language Courses|Training",
    "Family": "",
    "Food": "",
    "Games & Hobbies": "Automotive|Aviation|Hobbies|Other Games|Video Games",
    "Government & Organizations": "Local|National|Non-Profit|Regional",
    "Health": "Alternative Health|Diet & Nutrition|Fitness|Fitness & Nutrition|Relationships|"
    "Self-Help|Sexuality",
    "International": "Australian|Belgian|Brazilian|Canadian|Chinese|Dutch|French|German|Hebrew|"
    "Italian|Japanese|Norwegian|Polish|Portuguese|Spanish|Swedish",
    "Movies & Television": "",
    "News & Politics": "",
    "Politics": "",
    "Public Radio": "",
    "Religion & Spirituality": "Buddhism|Christianity|Islam|Judaism|New Age|Philosophy|Other|"
    "Spirituality",
    "Science & Medicine": "Medicine|Natural Sciences|Social Sciences",
    "Society & Culture": "History",
    "Sports & Recreation": "Amateur|College & High School|Outdoor|Professional",
    "Talk Radio": "",
    "Technology": "Computers|Developers|Gadgets|Information Technology|News|Operating Systems|"
    "Podcasting|Smart Phones|Software How-To|Tech News|Text/Speech",
    "Transportation": "Automotive|Aviation|Bicycles|Commuting",
    "Travel": "",
}
_ITUNES_FORMATS = frozenset({"m4a", "mp3", "mov", "mp4", "m4v", "pdf", "epub"})


def _subs(table: dict[str, str], name: str) -> list[str]:
    return [sub for sub in table.get(name, "").split("|") if sub]


def _itunes_category(w: Walker, node: Node) -> None:
    text = node.attrs.get("text")
    parent = node.parent
    top = (
        parent.attrs.get("text")
        if parent is not None and parent.kind == "itunes_category"
        else None
    )
    if text is None:
        w.log(node, "error", "MissingAttribute", "missing the 'text' attribute")
        return
    if top is None:
        new, old = list(_ITUNES_CATEGORIES), list(_OLD_ITUNES_CATEGORIES)
    else:
        new, old = _subs(_ITUNES_CATEGORIES, top), _subs(_OLD_ITUNES_CATEGORIES, top)
    if text not in new:
        if text in old:
            w.log(node, "warning", "ObsoleteItunesCategory", f"{text!r} is an old category")
        else:
            w.log(node, "error", "InvalidItunesCategory", f"{text!r} is not an iTunes category")


def _itunes_image(w: Walker, node: Node) -> None:
    href = node.attrs.get("href")
    if href is None:
        w.log(node, "error", "MissingAttribute", "missing the 'href' attribute")
        return
    w.found(node, _values.http_url(href))


def _itunes_owner_end(w: Walker, node: Node) -> None:
    if "itunes:email" not in node.children:
        w.log(node, "error", "MissingElement", "missing <itunes:email>")


def _itunes_email(w: Walker, node: Node, value: str) -> None:
    address = value
    w.found(node, _values.addr_spec_finding(address, "InvalidContact"))


def itunes_channel_end(w: Walker, node: Node) -> None:
    """The elements Apple requires of a podcast, once a channel uses the iTunes namespace."""
    if not node.extra.get("itunes"):
        return
    if "language" not in node.children and not node.lang:
        w.log(node, "warning", "MissingItunesElement", "a podcast needs <language>")
    if "itunes:category" not in node.children:
        w.log(node, "warning", "MissingItunesElement", "a podcast needs <itunes:category>")
    if "itunes:explicit" not in node.children:
        w.log(node, "warning", "MissingItunesElement", "a podcast needs <itunes:explicit>")
    if "itunes:owner" not in node.children:
        w.log(node, "warning", "MissingItunesEmail", "a podcast needs <itunes:owner>")


def itunes_item_end(w: Walker, node: Node) -> None:
    if not node.extra.get("itunes"):
        return
    for enclosure in node.el.iterfind("enclosure"):
        ext = (enclosure.get("url") or "").rsplit(".", 1)[-1]
        if ext not in _ITUNES_FORMATS:
            w.log(node, "warning", "UnsupportedItunesFormat", f"iTunes does not play .{ext}")


ITUNES_COMMON: dict[str, Spec] = {
    "itunes:author": ("itunes255", ONCE),
    "itunes:block": ("yesnoclean", ONCE),
    "itunes:explicit": ("itunes_truefalse", frozenset({"once", "raw"})),
    "itunes:keywords": ("itunes_keywords", ONCE),
    "itunes:subtitle": ("itunes255", ONCE),
    "itunes:summary": ("summary4000", ONCE),
    "itunes:image": ("itunes_image", ONCE),
}
ITUNES_CHANNEL: dict[str, Spec] = {
    **ITUNES_COMMON,
    "itunes:owner": ("itunes_owner", ONCE),
    "itunes:category": ("itunes_category", NONE),
    "itunes:pubDate": ("rfc822", ONCE),
    "itunes:new-feed-url": ("uri_full", ONCE),
    "itunes:type": ("channel_type", ONCE),
}
ITUNES_ITEM: dict[str, Spec] = {
    **ITUNES_COMMON,
    "itunes:duration": ("duration", ONCE),
    "itunes:title": ("text", ONCE),
    "itunes:episode": ("positive", ONCE),
    "itunes:season": ("positive", ONCE),
    "itunes:episodeType": ("episode_type", ONCE),
}


def _itunes_truefalse(w: Walker, node: Node, value: str) -> None:
    if value.lower() not in {"true", "false"}:
        w.log(node, "error", "InvalidTrueFalse", f"{value!r} must be true or false")


def _itunes_keywords(w: Walker, node: Node, value: str) -> None:
    if len(value) > 255:
        w.log(node, "error", "TooLong", "longer than 255 characters")
    _html.nonhtml(w, node, value)
    if " " in value and "," not in value:
        w.log(node, "warning", "InvalidKeywords", "separate keywords with commas")


def _duration(w: Walker, node: Node, value: str) -> None:
    if not re.fullmatch(r"\d+(?::[0-5]\d(?::[0-5]\d)?)?", value):
        w.log(node, "error", "InvalidDuration", f"{value!r} is not a duration")


def _yes_no_clean(w: Walker, node: Node, value: str) -> None:
    if value.lower() not in {"yes", "no", "clean", "true", "false"}:
        w.log(node, "error", "InvalidYesNoClean", f"{value!r} must be yes, no or clean")


def _length_limited(limit: int) -> Leaf:
    def check(w: Walker, node: Node, value: str) -> None:
        if len(value) > limit:
            w.log(node, "error", "TooLong", f"longer than {limit} characters")
        _html.nonhtml(w, node, value)

    return check


def _enum(code: str, allowed: frozenset[str]) -> Leaf:
    def check(w: Walker, node: Node, value: str) -> None:
        if value not in allowed:
            w.log(node, "error", code, f"{value!r} is not one of {', '.join(sorted(allowed))}")

    return check


# ---- FeedSync, FeedBurner, threading, the Conversations Network, robots, history ---------

_NSS = re.compile(r"(?:[0-9a-zA-Z()+,\-.:=@;$_!*'/?#]|%[0-9a-fA-F]{2})+")
_UINT31 = 2**31 - 1


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
        since = w.required_attr(node, "since")
    if since is not None:
        until = w.required_attr(node, "until")
    for name, value in (("since", since), ("until", until), ("expires", node.attrs.get("expires"))):
        _date_attr(w, node, name, value)
    if since is not None and until is not None and since > until:
        w.log(node, "error", "SinceAfterUntil", "since is after until")


def _related(w: Walker, node: Node) -> None:
    link = w.required_attr(node, "link")
    if link is not None:
        w.found(node, _values.uri(link, full=True))
    title = node.attrs.get("title")
    if title is not None:
        _html.nonhtml(w, node, title)
        if not title:
            w.log(node, "warning", "NotBlank", "title is blank")
    kind = w.required_attr(node, "type")
    if kind is not None and kind not in {"complete", "aggregated"}:
        w.log(node, "error", "InvalidSseType", f"type {kind!r} is not complete or aggregated")


def _sync(w: Walker, node: Node) -> None:
    for name in ("deleted", "noconflicts"):
        value = node.attrs.get(name)
        if value is not None and value not in {"true", "false"}:
            w.log(node, "error", "InvalidTrueFalse", f"{name} {value!r}")
    sync_id = w.required_attr(node, "id")
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
    updates = w.required_attr(node, "updates")
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
    sequence = w.required_attr(node, "sequence")
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
        value = w.required_attr(node, name)
        if value is None:
            continue
        if w.feed_type == "atom":
            w.found(node, _values.uri(value, full=False, iri=True))
        elif _values.uri(value, full=True) is not None:
            w.log(node, "warning", "ContainsRelRef", f"{name} {value!r} is relative")


def _feed_info(w: Walker, node: Node) -> None:
    uri = w.required_attr(node, "uri")
    if uri is not None:
        w.found(node, _values.uri(uri, full=False, iri=True))


# One choice about indexing and one about following, in either order.
_ROBOTS = frozenset(
    {"all", "none", "index", "noindex", "follow", "nofollow"}
    | {f"{a},{b}" for a in ("index", "noindex") for b in ("follow", "nofollow")}
    | {f"{b},{a}" for a in ("index", "noindex") for b in ("follow", "nofollow")}
)


def _meta(w: Walker, node: Node) -> None:
    name = w.required_attr(node, "name")
    if name is not None and name.lower() != "robots":
        w.log(node, "error", "InvalidMetaName", f"name {name!r} is not robots")
    content = w.required_attr(node, "content")
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


def _float(w: Walker, node: Node, value: str) -> None:
    if not re.fullmatch(r"\d+\.?\d*", value):
        w.log(node, "error", "InvalidFloat", f"{value!r} is not a number")


def _iso8601(w: Walker, node: Node, value: str) -> None:
    w.found(node, _values.iso8601(value))


def _http_url(w: Walker, node: Node, value: str) -> None:
    w.found(node, _values.http_url(value))


# ---- where they appear -------------------------------------------------------------------


# Elements allowed in every RSS and Atom container (Dublin Core and friends).
EVERYWHERE: dict[str, Spec] = {
    **{
        f"dc:{name}": ("text", frozenset())
        for name in words("publisher contributor identifier relation coverage creator subject")
    },
    **{f"dc:{name}": ("text", ONCE) for name in words("title description type format source")},
    "dc:rights": ("nonhtml", ONCE),
    "dc:date": ("w3cdtf", ONCE),
    "geo:lat": ("latitude", frozenset()),
    "geo:long": ("longitude", frozenset()),
    "icbm:latitude": ("latitude", frozenset()),
    "icbm:longitude": ("longitude", frozenset()),
    "geourl:latitude": ("latitude", frozenset()),
    "geourl:longitude": ("longitude", frozenset()),
    "dc:language": ("language", ONCE),
    **{
        f"dcterms:{name}": ("text", frozenset())
        for name in words(
            "alternative abstract tableOfContents valid available extent isVersionOf "
            "hasVersion isReplacedBy replaces isRequiredBy requires isPartOf hasPart "
            "isReferencedBy references isFormatOf hasFormat conformsTo spatial temporal "
            "audience mediator accessRights accrualMethod accrualPeriodicity accrualPolicy "
            "bibliographicCitation educationLevel instructionalMethod license provenance "
            "rightsHolder"
        )
    },
    **{
        f"dcterms:{name}": ("w3cdtf", ONCE)
        for name in words("created issued modified dateAccepted dateCopyrighted dateSubmitted")
    },
}
# Children of an RSS channel or an Atom feed, and of an RSS item or an Atom entry.
CHANNEL: dict[str, Spec] = {
    **MEDIA_ITEM,
    **ITUNES_CHANNEL,
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
    **MEDIA_ITEM,
    **ITUNES_ITEM,
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
# Children only RSS takes (of <rss> itself, a channel, an item) or only Atom (a feed or
# its source, an entry).
RSS: dict[str, Spec] = {"access:restriction": ("access_restriction", ONCE)}
RSS_CHANNEL: dict[str, Spec] = {
    **CHANNEL,
    "sy:updatePeriod": ("update_period", ONCE),
    "sy:updateFrequency": ("positive", frozenset({"once", "nonblank"})),
    "sy:updateBase": ("w3cdtf", ONCE),
    "creativeCommons:license": ("uri_full", NONE),
    "cc:license": ("eater", NONE),
    "admin:generatorAgent": ("rdf_resource", ONCE),
    "admin:errorReportsTo": ("rdf_resource", ONCE),
    "blogChannel:blogRoll": ("uri_full", ONCE),
    "blogChannel:mySubscriptions": ("uri_full", ONCE),
    "blogChannel:blink": ("uri_full", ONCE),
    "blogChannel:changes": ("uri_full", ONCE),
}
RSS_ITEM: dict[str, Spec] = {
    **ITEM,
    "dc:date": ("w3cdtf", NONE),
    "content:encoded": ("safehtml", ONCE),
    "creativeCommons:license": ("uri_full", NONE),
    "cc:license": ("eater", NONE),
    "xhtml:body": ("xhtml_body", NONE),
    "slash:comments": ("non_negative", NONE),
    "slash:section": ("text", NONE),
    "slash:department": ("text", NONE),
    "slash:hit_parade": ("comma_integers", NONE),
    "trackback:ping": ("trackback", NONE),
    "trackback:about": ("trackback", NONE),
}
ATOM_FEED: dict[str, Spec] = {
    **CHANNEL,
    "access:restriction": ("access_restriction", ONCE),
    "creativeCommons:license": ("uri_full", NONE),
}
ATOM_ENTRY: dict[str, Spec] = {
    **ITEM,
    "app:edited": ("rfc3339", ONCE_NOWS),
    "app:control": ("app_control", ONCE),
    "creativeCommons:license": ("uri_full", NONE),
    "trackback:ping": ("trackback", NONE),
    "trackback:about": ("trackback", NONE),
}

LEAVES: dict[str, Leaf] = {
    "media_adult": _itunes_truefalse,
    "media_title": _media_marked_text,
    "media_text": _media_marked_text,
    "media_hash": _media_hash,
    "media_rating": _media_rating,
    "media_restriction": _media_restriction,
    "media_category": _html.nonhtml,
    "media_copyright": _html.nonhtml,
    "media_credit": _any_text,
    "itunes_truefalse": _itunes_truefalse,
    "itunes_keywords": _itunes_keywords,
    "itunes255": _length_limited(255),
    "summary4000": _length_limited(4000),
    "duration": _duration,
    "yesnoclean": _yes_no_clean,
    "episode_type": _enum("InvalidItunesEpisodeType", frozenset({"full", "trailer", "bonus"})),
    "channel_type": _enum("InvalidItunesChannelType", frozenset({"episodic", "serial"})),
    "update_period": _update_period,
    "latitude": _ranged(90, "InvalidLatitude"),
    "longitude": _ranged(180, "InvalidLongitude"),
    "comma_integers": _comma_integers,
    "trackback": _uri_full,
    "rdf_resource": _any_text,
    "access_restriction": _any_text,
    "itunes_email": _itunes_email,
    "feedburner_flare": _html.nonhtml,
    "comment_rss": _uri_full,
    "float": _float,
    "iso8601": _iso8601,
    "http_url": _http_url,
}
PRE: dict[str, Hook] = {
    "media_adult": _media_adult,
    "media_category": _media_category,
    "media_copyright": _media_copyright,
    "media_credit": _media_credit,
    "media_title": _media_text_type,
    "media_text": _media_text,
    "media_player": _media_player,
    "media_thumbnail": _media_thumbnail,
    "media_content": _media_content,
    "itunes_category": _itunes_category,
    "itunes_image": _itunes_image,
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
    "access_restriction": _access_restriction,
    "xhtml_body": _xhtml_body,
}
POST: dict[str, Hook] = {
    "media_group": _media_group_end,
    "itunes_owner": _itunes_owner_end,
    "sx_sync": _sync_end,
}
CHILDREN: dict[str, dict[str, Spec]] = {
    "media_group": {**MEDIA_ELEMENTS, "media:content": ("media_content", NONE)},
    "media_content": MEDIA_ELEMENTS,
    "itunes_category": {"itunes:category": ("itunes_category", NONE)},
    "itunes_owner": {
        "itunes:email": ("itunes_email", ONCE),
        "itunes:name": ("itunes255", ONCE),
    },
    "sx_sharing": {"sx:related": ("sx_related", NONE)},
    "sx_sync": {
        "sx:history": ("sx_history", NONE),
        "sx:conflicts": ("eater", NONE),
    },
    "app_control": {"app:draft": ("yesno", ONCE)},
}
ATTRS: dict[str, frozenset[str]] = {
    "media_category": frozenset({"label", "scheme"}),
    "media_copyright": frozenset({"url"}),
    "media_credit": frozenset({"role", "scheme"}),
    "media_hash": frozenset({"algo"}),
    "media_player": frozenset({"height", "url", "width"}),
    "media_rating": frozenset({"scheme"}),
    "media_restriction": frozenset({"relationship", "type"}),
    "media_text": frozenset({"end", "lang", "start", "type"}),
    "media_title": frozenset({"type"}),
    "media_thumbnail": frozenset({"height", "time", "url", "width"}),
    "media_content": words(
        "bitrate channels duration expression fileSize framerate height isDefault lang medium "
        "samplingrate type url width"
    ),
    "itunes_category": frozenset({"text"}),
    "itunes_image": frozenset({"href"}),
    "sx_sharing": frozenset({"expires", "since", "until"}),
    "sx_related": frozenset({"link", "title", "type"}),
    "sx_sync": frozenset({"deleted", "noconflicts", "id", "updates"}),
    "sx_history": frozenset({"by", "sequence", "when"}),
    "feedburner_flare": frozenset({"href", "src"}),
    "feedburner_info": frozenset({"uri"}),
    "xhtml_meta": frozenset({"name", "content"}),
    "thr_in_reply_to": frozenset({"href", "ref", "source", "type"}),
    "rdf_resource": frozenset({"rdf:resource"}),
    "trackback": frozenset({"rdf:resource"}),
    "access_restriction": frozenset({"relationship"}),
    "xhtml_body": frozenset({"*"}),
}
# Kinds whose own text is not a mistake, and kinds whose children their hooks read.
TEXT_OK = frozenset({"xhtml_body", "thr_children"})
NO_WALK = frozenset({"thr_children", "xhtml_body"})
