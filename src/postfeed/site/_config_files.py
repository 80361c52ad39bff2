"""Reading a site generator's configuration files, never running them.

YAML, TOML and JSON are parsed; a ``pelicanconf.py`` is parsed with ``ast`` and only its
top-level assignments of literals are taken; a JavaScript config only where a value is
a plain literal (``site: 'https://…'``, ``const site = '…'`` then ``site,``). Each value
keeps the line it came from, for ``postfeed SITE_DIR --explain``.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any


class SiteError(ValueError):
    """A site configuration that cannot be read: one line naming the file."""


class ConfigFile:
    """One configuration file: its parsed top-level mapping and where each key is."""

    def __init__(self, path: Path, data: Mapping[str, Any], text: str, kind: str) -> None:
        self.path = path
        self.data = data
        self.text = text
        self.kind = kind

    def get(self, *keys: str) -> Any:
        """The value at a key path (``get("params", "author")``); ``None`` when missing.

        Keys are matched case-insensitively, as Hugo and Pelican users write them both ways.
        """
        value: Any = self.data
        for key in keys:
            if not isinstance(value, Mapping):
                return None
            found = value.get(key)
            if found is None:
                lowered = key.lower()
                found = next((v for k, v in value.items() if str(k).lower() == lowered), None)
            value = found
        return value

    def line(self, key: str, start: int = 0) -> int | None:
        """The line (1-based) where ``key`` is first set (from offset ``start``), or
        ``None``."""
        quoted = f"[\"']?{re.escape(key)}[\"']?"
        if self.kind == "toml":
            pattern = rf"^[ \t]*{quoted}\s*=|^[ \t]*\[+\s*{quoted}\s*[\].]"
        elif self.kind in ("yaml", "json"):
            pattern = rf"^[ \t]*{quoted}\s*:"
        else:  # python, javascript
            pattern = (
                rf"^[ \t]*(?:(?:const|let|var)\s+)?{quoted}\s*[:=]|^[ \t]*{re.escape(key)}\s*,"
            )
        match = re.compile(pattern, re.MULTILINE | re.IGNORECASE).search(self.text, start)
        return None if match is None else self.text.count("\n", 0, match.start()) + 1

    def where(self, key: str) -> str:
        """``file:line`` of a key (or the file alone)."""
        line = self.line(key)
        return f"{self.path}:{line}" if line else str(self.path)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise SiteError(f"{path}: cannot read the site configuration: {err}") from err


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split())


def load_config(path: Path) -> ConfigFile:
    """Parse one configuration file by its suffix; ``SiteError`` when it is broken."""
    text = _read_text(path)
    suffix = path.suffix.lower()
    data: object
    try:
        if suffix in (".yml", ".yaml"):
            from postfeed.front_matter import load_config_yaml

            data, kind = load_config_yaml(text), "yaml"
        elif suffix == ".toml":
            import tomllib

            data, kind = tomllib.loads(text), "toml"
        elif suffix == ".json":
            data, kind = json.loads(text), "json"
        elif suffix == ".py":
            data, kind = python_literals(text), "python"
        else:
            data, kind = js_literals(text), "javascript"
    except SiteError:
        raise
    except Exception as err:  # every parser's own error type: one line naming the file
        raise SiteError(f"{path}: not a valid configuration file: {_one_line(err)}") from err
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise SiteError(f"{path}: the configuration is not a mapping of settings")
    return ConfigFile(path, data, text, kind)


def python_literals(text: str) -> dict[str, object]:
    """Top-level ``NAME = value`` assignments of a Python file (nothing is run).

    Values are literals, names bound to literals earlier, ``a if FLAG else b`` on such a
    name, ``not``, and ``+`` of strings; anything else maps to ``Unreadable`` so that the
    caller can name it (``SITEURL = os.environ["URL"]``).
    """
    return _Literals(text).run()


class _Literals:
    def __init__(self, text: str) -> None:
        self.text = text
        self.values: dict[str, object] = {}

    def run(self) -> dict[str, object]:
        for node in ast.parse(self.text).body:
            if isinstance(node, ast.Assign):
                targets, value = node.targets, node.value
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                targets, value = [node.target], node.value
            else:
                continue
            folded = self.value(value)
            for target in targets:
                if isinstance(target, ast.Name):
                    self.values[target.id] = folded
        return self.values

    def value(self, node: ast.expr) -> object:
        try:
            return ast.literal_eval(node)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            pass
        if isinstance(node, ast.Name) and node.id in self.values:
            return self.values[node.id]
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            inner = self.value(node.operand)
            if isinstance(inner, bool):
                return not inner
        if isinstance(node, ast.IfExp):
            test = self.value(node.test)
            if isinstance(test, bool):
                return self.value(node.body if test else node.orelse)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = self.value(node.left), self.value(node.right)
            if isinstance(left, str) and isinstance(right, str):
                return left + right
        return Unreadable(ast.get_source_segment(self.text, node) or "an expression")


class Unreadable:
    """A configuration value that is code, not a literal: postfeed does not run it."""

    def __init__(self, source: str) -> None:
        self.source = " ".join(source.split())[:60]

    def __repr__(self) -> str:
        return f"<code {self.source!r}>"


_JS_STRING = r"""(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`[^`$\\]*`)"""
_JS_VALUE = rf"(?P<value>{_JS_STRING}|true|false|-?\d+(?:\.\d+)?|[A-Za-z_$][\w$]*)"
# A value is a literal only when nothing follows it but the end of the entry; anything
# else (a call, a member, an operator) is code, kept to be named.
_JS_PAIR = re.compile(
    rf"(?:^|[{{,\s])(?P<key>[A-Za-z_$][\w$]*|{_JS_STRING})\s*:\s*"
    rf"(?:{_JS_VALUE}(?=\s*[,}}\n;)])|(?P<code>[^,{{}}\n]+))"
)
_JS_CONST = re.compile(
    rf"^\s*(?:export\s+)?(?:const|let|var)\s+(?P<key>[A-Za-z_$][\w$]*)\s*=\s*{_JS_VALUE}\s*;?\s*$",
    re.MULTILINE,
)
_JS_SHORTHAND = re.compile(r"[{,]\s*(?P<key>[A-Za-z_$][\w$]*)\s*(?=[,}])")
_JS_COMMENT = re.compile(r"/\*.*?\*/|(?<![:\w'\"])//[^\n]*", re.DOTALL)


def _js_scalar(raw: str, consts: Mapping[str, object]) -> object:
    if raw[0] in "'\"`":
        body = raw[1:-1]
        return re.sub(r"\\(.)", r"\1", body)
    if raw in ("true", "false"):
        return raw == "true"
    if re.fullmatch(r"-?\d+(?:\.\d+)?", raw):
        return float(raw) if "." in raw else int(raw)
    return consts.get(raw, Unreadable(raw))


def js_consts(text: str) -> dict[str, object]:
    """Top-level ``const NAME = literal`` of a JavaScript/TypeScript file (``SITE_TITLE``)."""
    text = _JS_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    consts: dict[str, object] = {}
    for match in _JS_CONST.finditer(text):
        consts.setdefault(match.group("key"), _js_scalar(match.group("value"), {}))
    return consts


def js_literals(text: str) -> dict[str, object]:
    """``key: literal`` pairs of a JavaScript/TypeScript config, first of each key wins.

    Only plain string, number and boolean literals are taken (and a name that a
    top-level ``const NAME = literal`` gives, or ``{ site }`` shorthand for it); a value
    built by code is ``Unreadable``. Nesting is not followed: keys are looked up by name.
    """
    consts = js_consts(text)
    text = _JS_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    found: dict[str, object] = {}
    for match in _JS_PAIR.finditer(text):
        key = match.group("key").strip("'\"`")
        code = match.group("code")
        value = Unreadable(code) if code else _js_scalar(match.group("value"), consts)
        found.setdefault(key, value)
    for match in _JS_SHORTHAND.finditer(text):
        key = match.group("key")
        if key in consts:
            found.setdefault(key, consts[key])
    return found


def js_strings(text: str, call: str) -> list[str]:
    """The string literals passed to ``call(...)`` in a JavaScript file (a glob's pattern)."""
    text = _JS_COMMENT.sub("", text)
    pattern = re.compile(rf"\b{re.escape(call)}\s*\(\s*(?P<value>{_JS_STRING})")
    return [m.group("value")[1:-1] for m in pattern.finditer(text)]
