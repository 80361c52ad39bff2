"""A body's Markdown source made ready for python-markdown, as its site's generator shows it.

postfeed runs no template language, and no reader should see one: outside code, Liquid
and Nunjucks tags (``{% … %}``, ``{{ … }}``), Hugo shortcodes (``{{< … >}}``,
``{{% … %}}``), MDX ``import``/``export`` lines and JSX components are shown as what the
well-known ones display, and the rest removed (the first of those is reported, for one
warning per post). Then what python-markdown reads differently from the generators
(CommonMark, kramdown) is said its way: a fence's info string becomes its first word, an
unclosed fence is closed, an HTML block with Markdown between blank lines gets
``markdown="1"``, kramdown attribute lists go, and a backslash before punctuation that
python-markdown does not treat as an escape becomes the character itself.

Hand-written because no library reads these template languages without running them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

Resolver = Callable[[str], "str | None"]

# Placeholders for code while the text around it is rewritten: NUL never reaches here
# (the text is XML-legal), so a placeholder cannot collide with the author's text.
_HOLE = re.compile(r"\x00(\d+)\x00")

_FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)$")
_INFO_WORD = re.compile(r"[\w+#-][\w+#.-]*")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\1(?!`)", re.DOTALL)
_HTML_CODE = re.compile(
    r"<(pre|code|script|style)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.DOTALL | re.IGNORECASE
)

_RAW_TAG = re.compile(r"\{%-?\s*(?:end)?raw\s*-?%\}")
_HUGO_ESCAPED = re.compile(r"\{\{([<%])/\*(.*?)\*/([>%])\}\}", re.DOTALL)

_TOKEN = re.compile(
    r"(?P<esc>\{\{[<%]/\*.{0,2000}?\*/[>%]\}\})"
    r"|\{\{<\s*(?P<hc1>/)?\s*(?P<hn1>[\w./-]+)(?P<ha1>.{0,2000}?)\s*>\}\}"
    r"|\{\{%\s*(?P<hc2>/)?\s*(?P<hn2>[\w./-]+)(?P<ha2>.{0,2000}?)\s*%\}\}"
    r"|\{%-?\s*(?P<tn>\w+)(?P<ta>.{0,2000}?)-?%\}"
    r"|\{\{-?(?P<out>.{0,2000}?)-?\}\}",
    re.DOTALL,
)
_HUGO_ARG = re.compile(
    r"""(?:(?P<key>\w+)\s*=\s*)?(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|`(?P<bq>[^`]*)`|(?P<bare>[^\s"'`]+))"""
)
# Liquid outputs that are the site's own address: the rest of the URL stays root-relative,
# made absolute later against the post's link.
_SITE_URL_OUTPUT = re.compile(
    r"\s*(?:site\.baseurl|site\.url|\.Site\.BaseURL|site\.base_?url|base_?url|config\.base_url)"
    r"(?:\s*\|\s*(?:relative_url|absolute_url|safe))?\s*",
)
_SILENT_TAGS = frozenset({"assign", "increment", "decrement", "cycle", "markdown"})
_END_TAGS = frozenset({"endraw", "endhighlight", "endcomment", "endcapture", "endmarkdown"})
_INCLUDE_VARIABLE = re.compile(r"\w+\s*=\s*([A-Za-z_]\w*)(?=\s|$)")
_CALL = re.compile(r"\s*(?P<name>[A-Za-z_]\w*)\((?P<args>.*)\)\s*", re.DOTALL)
_PARAM = re.compile(r"\{\{([<%])\s*param\s+(?:\"([^\"]+)\"|'([^']+)'|([^\s>%]+))\s*[>%]\}\}")
_BLOCK_DROPPED = {"comment": "endcomment", "capture": "endcapture"}

_MDX_IMPORT = re.compile(
    r"^import\s+(?:[\w*${}\s,]+?\s+from\s+)?(['\"])[^'\"\n]+\1[ \t]*;?[ \t]*(?:\n|\Z)", re.MULTILINE
)
_MDX_EXPORT = re.compile(
    r"^export\s+(?:default\s+|const\s+|let\s+|var\s+|function\b|async\s+|class\s+|\{)", re.MULTILINE
)
_JSX_OPEN = re.compile(r"<(?P<name>[A-Z][\w.]*)(?=[\s/>])|<>|</>")
_HTML_ELEMENT_NAMES = (
    "a abbr address area article aside audio b bdi bdo blockquote body br button canvas caption"
    " center cite code col colgroup dd del details dfn dialog div dl dt em embed fieldset"
    " figcaption figure font footer form h1 h2 h3 h4 h5 h6 head header hr html i iframe img"
    " input ins kbd label legend li link main map mark meta nav noscript object ol optgroup"
    " option p param picture pre q s samp script section select small source span strike"
    " strong style sub summary sup table tbody td template textarea tfoot th thead time title"
    " tr track tt u ul var video wbr"
)
_HTML_ELEMENTS = frozenset(_HTML_ELEMENT_NAMES.split())
_JSX_COMMENT = re.compile(r"\{/\*.*?\*/\}", re.DOTALL)

_KRAMDOWN = re.compile(r"\{::comment\}.*?\{:/comment\}|\{::\w+[^}\n]*/\}|\{:/?[^}\n]*\}", re.DOTALL)
_KRAMDOWN_LINE = re.compile(r"^[ \t]*(?:\{:[^}\n]*\}[ \t]*)+\n", re.MULTILINE)

# CommonMark's HTML blocks of kind 6 that authors fill with Markdown between blank lines.
_MARKDOWN_BLOCKS = (
    "address|article|aside|blockquote|center|details|dialog|div|figure|footer|header|main"
    "|nav|section"
)
_HTML_BLOCK_OPEN = re.compile(
    rf"^ {{0,3}}<(?P<name>{_MARKDOWN_BLOCKS})(?P<attrs>(?:\s[^<>]*)?)>",
    re.MULTILINE | re.IGNORECASE,
)

# python-markdown's escapes (its own and ``extra``'s); CommonMark escapes every ASCII
# punctuation character, so the others are written as the character they stand for.
_MARKDOWN_ESCAPES = frozenset("\\`*_{}[]()>#+-.!:|")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


@dataclass(frozen=True)
class Prepared:
    """The Markdown to render, and the first template tag removed without being run."""

    text: str
    unrun: str | None


def prepare_source(
    text: str, *, resolve: Resolver | None = None, markdown_in_html: bool = True
) -> Prepared:
    """The Markdown ``text`` as python-markdown should read it (see the module)."""
    if not _needs_work(text):
        return Prepared(text, None)
    holes: list[str] = []
    text = _hold_fences(text, holes)
    text = _hold(_HTML_CODE, text, holes)
    text = _hold(_CODE_SPAN, text, holes)
    state = _State(resolve, holes)
    text = _JSX_HTML_TAG.sub(_without_jsx_attributes, text)
    text = state.templates(text)
    text = _mdx(text, state)
    text = _KRAMDOWN_LINE.sub("", text)
    text = _KRAMDOWN.sub("", text)
    if markdown_in_html:
        text = _markdown_in_html_blocks(text)
    text = _ESCAPE.sub(_escape, text)
    return Prepared(_restore(text, holes), state.unrun)


_ANY_WORK = re.compile(r"```|~~~|\{[{%:]|^(?:import|export)\s|<[A-Z>/]|\\|<[a-z]", re.MULTILINE)


def _needs_work(text: str) -> bool:
    return _ANY_WORK.search(text) is not None


def _hold(pattern: re.Pattern[str], text: str, holes: list[str]) -> str:
    def keep(match: re.Match[str]) -> str:
        holes.append(_code_text(match.group(0)))
        return f"\x00{len(holes) - 1}\x00"

    return pattern.sub(keep, text)


def _restore(text: str, holes: list[str]) -> str:
    while _HOLE.search(text):  # a hole may hold another (a code span in raw text)
        text = _HOLE.sub(lambda m: holes[int(m.group(1))], text)
    return text


def _code_text(code: str) -> str:
    """Code as its site shows it: Liquid's ``{% raw %}`` marks and Hugo's ``{{</* */>}}``
    escapes are the generator's, not the code's."""
    if "{" not in code:
        return code
    code = _RAW_TAG.sub("", code)
    return _HUGO_ESCAPED.sub(r"{{\1\2\3}}", code)


def _fence_line(indent: str, fence: str, info: str) -> str:
    """An opening fence with its language only: the first word of the info string
    (```` ```shell script ````, ```` ```rust= ````, ```` ```{.python} ````)."""
    word = _INFO_WORD.search(info.strip().lstrip("{").lstrip("."))
    return indent + fence + (word.group(0) if word else "")


def _hold_fences(text: str, holes: list[str]) -> str:
    """Replace each fenced code block with a placeholder line; normalise its opening line,
    and close a fence left open (CommonMark runs it to the end of the document)."""
    if "```" not in text and "~~~" not in text:
        return text
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        match = _FENCE_OPEN.match(lines[i])
        if match is None or (match["fence"][0] == "`" and "`" in match["info"]):
            out.append(lines[i])
            i += 1
            continue
        fence, indent = match["fence"], match["indent"]
        closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        end = i + 1
        while end < len(lines) and not closing.match(lines[end]):
            end += 1
        block = [_fence_line(indent, fence, match["info"]), *lines[i + 1 : end]]
        block.append(lines[end] if end < len(lines) else indent + fence)
        holes.append(_code_text("\n".join(block)))
        out.append(f"\x00{len(holes) - 1}\x00")
        i = end + 1
    return "\n".join(out)


class _State:
    """One body's template pass: what resolves links, the code held aside, and the first
    tag removed unrun."""

    def __init__(self, resolve: Resolver | None, holes: list[str]) -> None:
        self.resolve = resolve
        self.holes = holes
        self.unrun: str | None = None
        self.captures: dict[str, str] = {}

    def removed(self, tag: str) -> str:
        if self.unrun is None:
            self.unrun = _short(tag)
        return ""

    def hold(self, text: str) -> str:
        self.holes.append(text)
        return f"\x00{len(self.holes) - 1}\x00"

    def templates(self, text: str) -> str:
        if "{{" not in text and "{%" not in text:
            return text
        out: list[str] = []
        pos = 0
        while True:
            match = _TOKEN.search(text, pos)
            if match is None:
                out.append(text[pos:])
                break
            out.append(text[pos : match.start()])
            replacement, pos = self._token(text, match)
            out.append(replacement)
        return _empty_links("".join(out))

    def _token(self, text: str, match: re.Match[str]) -> tuple[str, int]:
        """What a template tag displays, and where the text goes on after it."""
        end = match.end()
        whole = match.group(0)
        if match["esc"] is not None:  # Hugo's way to show a shortcode as text
            return self.hold(_code_text(whole)), end
        if match["tn"] is not None:
            return self._liquid(text, match)
        if match["out"] is not None:
            if _SITE_URL_OUTPUT.fullmatch(match["out"]):
                return "", end
            call = _CALL.fullmatch(match["out"])  # Zola: {{ figure(src="a.png") }}
            shown = (
                self._shortcode(call["name"].lower(), _hugo_args(call["args"])) if call else None
            )
            return (self.removed(whole), end) if shown is None else (shown, end)
        closing = match["hc1"] or match["hc2"]
        name = (match["hn1"] or match["hn2"]).lower()
        args = _hugo_args(match["ha1"] if match["hn1"] else match["ha2"])
        if closing:
            return ("", end) if name in ("highlight", "comment") else (self.removed(whole), end)
        if name == "comment":  # shows nothing, like Liquid's {% comment %}
            close = re.compile(r"\{\{[<%]\s*/\s*comment\s*[>%]\}\}").search(text, end)
            return "", close.end() if close else end
        if name == "highlight":
            close = re.compile(r"\{\{[<%]\s*/\s*highlight\s*[>%]\}\}").search(text, end)
            stop = close.start() if close else len(text)
            lang = args.get("0", "")
            code = _fence(text[end:stop], lang)
            return self.hold(code), close.end() if close else stop
        shown = self._shortcode(name, args)
        if shown is None:
            return self.removed(whole), end
        return shown, end

    def _liquid(self, text: str, match: re.Match[str]) -> tuple[str, int]:
        name, args, end = match["tn"].lower(), match["ta"].strip(), match.end()
        if name == "raw":
            close = re.compile(r"\{%-?\s*endraw\s*-?%\}").search(text, end)
            stop = close.start() if close else len(text)
            return self.hold(text[end:stop]), close.end() if close else stop
        if name == "highlight":
            close = re.compile(r"\{%-?\s*endhighlight\s*-?%\}").search(text, end)
            stop = close.start() if close else len(text)
            lang = args.split()[0] if args.split() else ""
            return self.hold(_fence(text[end:stop], lang)), close.end() if close else stop
        if name in _BLOCK_DROPPED:
            close = re.compile(rf"\{{%-?\s*{_BLOCK_DROPPED[name]}\s*-?%\}}").search(text, end)
            if name == "capture" and close and args.split():
                self.captures[args.split()[0]] = text[end : close.start()]
            return "", close.end() if close else end
        if name in ("include", "include_cached"):
            # {% include callout.html content=note %}: what the include wraps is the text
            # captured before; the wrapper is not run, the text is shown.
            shown = [
                self.captures[v] for v in _INCLUDE_VARIABLE.findall(args) if v in self.captures
            ]
            self.removed(match.group(0))
            return "\n\n".join(shown), end
        if name in _END_TAGS or name in _SILENT_TAGS:
            return "", end
        if name in ("link", "post_url"):
            target = _unquote(args.split()[0]) if args.split() else ""
            url = self.resolve(target) if self.resolve and target else None
            if url is not None:
                return url, end
        return self.removed(match.group(0)), end

    def _shortcode(self, name: str, args: dict[str, str]) -> str | None:
        """What Hugo's built-in shortcodes display, or ``None`` for one postfeed cannot run."""
        if name == "figure":
            src = args.get("src") or args.get("image") or args.get("0")
            if not src:
                return None
            img = f'<img src="{_attr(src)}" alt="{_attr(args.get("alt", ""))}" />'
            if args.get("link"):
                img = f'<a href="{_attr(args["link"])}">{img}</a>'
            caption = args.get("caption") or args.get("title")
            figcaption = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
            return f"<figure>{img}{figcaption}</figure>"
        if name in ("youtube", "vimeo"):
            video = args.get("id") or args.get("0")
            if not video:
                return None
            url = (
                f"https://www.youtube.com/watch?v={video}"
                if name == "youtube"
                else f"https://vimeo.com/{video}"
            )
            title = args.get("title") or url
            return f'<a href="{_attr(url)}">{html.escape(title)}</a>'
        if name in ("ref", "relref"):
            target = args.get("path") or args.get("0") or ""
            return self.resolve(target) if self.resolve and target else None
        return None


_ANY_TAG = re.compile(r"\{\{[<%].*?[>%]\}\}|\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)


def strip_template_tags(text: str) -> str:
    """A one-line text (a title) without the template tags in it: never shown as syntax."""
    return _ANY_TAG.sub("", text) if "{" in text else text


def fill_params(body: str, params: Mapping[str, object]) -> str:
    """Hugo's ``param`` shortcode filled from the post's own front matter (a dotted name
    reads nested tables); a name it does not hold is left for the template pass."""
    if "param" not in body:
        return body

    def lookup(root: object, name: str) -> object:
        for part in name.split("."):
            if not isinstance(root, Mapping):
                return None
            root = {str(k).lower(): v for k, v in root.items()}.get(part.lower())
        return root

    def value(match: re.Match[str]) -> str:
        name = next(g for g in match.groups()[1:] if g is not None)
        # Hugo reads a page's own params under `params:` (0.123 on), else at the top.
        found = lookup(params.get("params"), name)
        found = lookup(params, name) if found is None else found
        if isinstance(found, bool) or not isinstance(found, str | int | float):
            return match.group(0)
        return str(found)

    return _PARAM.sub(value, body)


def _short(tag: str) -> str:
    tag = " ".join(tag.split())
    return tag if len(tag) <= 80 else tag[:79] + "…"


def _unquote(text: str) -> str:
    return text.strip().strip("\"'")


def _attr(text: str) -> str:
    return html.escape(text, quote=True)


def _hugo_args(text: str) -> dict[str, str]:
    """A shortcode's arguments: named ones by name, positional ones as ``"0"``, ``"1"``…"""
    found: dict[str, str] = {}
    position = 0
    for match in _HUGO_ARG.finditer(text):
        value = next(
            v for v in (match["dq"], match["sq"], match["bq"], match["bare"]) if v is not None
        )
        if match["key"]:
            found[match["key"].lower()] = value
        else:
            found[str(position)] = value
            position += 1
    return found


def _fence(code: str, lang: str) -> str:
    """Code as a fenced block, on lines of its own, with a fence longer than any in it."""
    code = code.strip("\n")
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    word = _INFO_WORD.search(lang)
    return f"\n{fence}{word.group(0) if word else ''}\n{code}\n{fence}\n"


_EMPTY_LINK = re.compile(r"(!?)\[([^\]\n]*)\]\(\s*\)")
_EMPTY_HREF = re.compile(r"<a\s+href=(?:\"\s*\"|'\s*')\s*>(.*?)</a>", re.DOTALL | re.IGNORECASE)


_EMPTY_DEFINITION = re.compile(r"^ {0,3}\[([^\]\n]+)\]:[ \t]*(?:<>)?[ \t]*(?:\n|\Z)", re.MULTILINE)


def _empty_links(text: str) -> str:
    """A link whose URL was a template tag removed unrun reads as its text."""
    text = _EMPTY_LINK.sub(lambda m: "" if m.group(1) else m.group(2), text)
    labels = {label.lower() for label in _EMPTY_DEFINITION.findall(text)}
    if labels:
        text = _EMPTY_DEFINITION.sub("", text)
        uses = re.compile(r"(!?)\[([^\]\n]*)\]\[([^\]\n]*)\]")
        text = uses.sub(
            lambda m: (
                ("" if m.group(1) else m.group(2))
                if (m.group(3) or m.group(2)).lower() in labels
                else m.group(0)
            ),
            text,
        )
    return _EMPTY_HREF.sub(r"\1", text)


def _mdx(text: str, state: _State) -> str:
    """MDX: ``import``/``export`` statements removed; JSX components removed (their
    children kept) and reported; lowercase HTML kept."""
    if "import" in text or "export" in text:
        text = _MDX_IMPORT.sub("", text)
        text = _remove_exports(text)
    if "{/*" in text:
        text = _JSX_COMMENT.sub("", text)
    if "<" not in text:
        return text
    out: list[str] = []
    pos = 0
    while True:
        match = _JSX_OPEN.search(text, pos)
        if match is None:
            out.append(text[pos:])
            return "".join(out)
        out.append(text[pos : match.start()])
        if match["name"] is None:  # a fragment, <> or </>
            pos = match.end()
            continue
        name = match["name"]
        if name.isupper() and name.lower() in _HTML_ELEMENTS:
            out.append(match.group(0))  # HTML written in capitals: <BR>, <A HREF=…>
            pos = match.end()
            continue
        end = _jsx_tag_end(text, match.end())
        if end is None:
            out.append(match.group(0))
            pos = match.end()
            continue
        tag = text[match.start() : end]
        if tag.endswith("/>"):
            state.removed(tag)
            pos = end
            continue
        closing = f"</{name}>"
        if closing not in text[end:]:
            out.append("&lt;" + tag[1:])  # not a component: text such as Vec<T>
            pos = end
            continue
        state.removed(tag)
        inner_end = text.index(closing, end)
        text = text[:inner_end] + text[inner_end + len(closing) :]
        pos = end


# An HTML tag written in JSX: an attribute given as an expression (``style={{…}}``,
# ``className={x}``) is no HTML and says nothing to a reader; it goes, silently.
_JSX_HTML_TAG = re.compile(r"<[a-z][\w-]*\s[^<>]*?=\{[^<>]*>")
_JSX_ATTRIBUTE = re.compile(r"\s[\w:-]+=\{(?:[^{}]|\{[^{}]*\})*\}")


def _without_jsx_attributes(match: re.Match[str]) -> str:
    return _JSX_ATTRIBUTE.sub("", match.group(0))


def _jsx_tag_end(text: str, pos: int) -> int | None:
    """The end of a JSX start tag whose name ends at ``pos``: attributes may hold
    quoted strings and ``{…}`` expressions (with tags of their own) over several lines."""
    depth = 0
    quote: str | None = None
    limit = min(len(text), pos + 5000)
    i = pos
    while i < limit:
        char = text[i]
        if quote:
            if char == quote:
                quote = None
        elif char in "\"'`" and (depth or text[i - 1] in "= \t\n"):
            quote = char
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0 and char == ">":
            return i + 1
        elif depth == 0 and char == "<":
            return None
        i += 1
    return None


def _remove_exports(text: str) -> str:
    """Remove each top-level ``export …`` statement: up to the line end where its
    brackets are balanced."""
    while True:
        match = _MDX_EXPORT.search(text)
        if match is None:
            return text
        depth = 0
        quote: str | None = None
        i = match.start()
        end = len(text)
        while i < len(text):
            char = text[i]
            if quote:
                if char == "\\":
                    i += 1
                elif char == quote:
                    quote = None
            elif char in "\"'`":
                quote = char
            elif char in "{([":
                depth += 1
            elif char in "})]":
                depth -= 1
            elif char == "\n" and depth <= 0:
                end = i + 1
                break
            i += 1
        text = text[: match.start()] + text[end:]


def _markdown_in_html_blocks(text: str) -> str:
    """CommonMark ends an HTML block at a blank line, so Markdown between blank lines in
    a ``<div>`` or ``<details>`` is rendered; python-markdown needs ``markdown="1"``."""
    if "<" not in text:
        return text
    out: list[str] = []
    pos = 0
    for match in _HTML_BLOCK_OPEN.finditer(text):
        attrs = match["attrs"] or ""
        if "markdown=" in attrs.lower() or attrs.rstrip().endswith("/"):
            continue
        name = match["name"].lower()
        inner_end = _closing_tag(text, name, match.end())
        if inner_end is None or not re.search(r"\n[ \t]*\n", text[match.end() : inner_end]):
            continue
        out.append(text[pos : match.end() - 1])
        out.append(' markdown="1">')
        pos = match.end()
    out.append(text[pos:])
    return "".join(out)


def _closing_tag(text: str, name: str, pos: int) -> int | None:
    tags = re.compile(rf"<(/?){name}\b[^>]*>", re.IGNORECASE)
    depth = 1
    for match in tags.finditer(text, pos):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return match.start()
    return None


def _escape(match: re.Match[str]) -> str:
    char = match.group(1)
    if char in _MARKDOWN_ESCAPES:
        return match.group(0)
    return f"&#{ord(char)};"
