"""The house rules of the public API: one front door, one importer per library."""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
from pathlib import Path

import postfeed

SRC = Path(postfeed.__file__).parent
THIRD_PARTY = {"feedgen", "frontmatter", "markdown", "dateutil", "yaml", "lxml"}


def test_all_is_sorted_and_complete() -> None:
    assert postfeed.__all__ == sorted(postfeed.__all__)
    for name in postfeed.__all__:
        assert hasattr(postfeed, name)


def test_init_only_reexports() -> None:
    """The root defines nothing of its own: every export lives in a module of its own."""
    tree = ast.parse((SRC / "__init__.py").read_text(encoding="utf-8"))
    functions = [node.name for node in tree.body if isinstance(node, ast.FunctionDef)]
    assert functions == ["__getattr__", "__dir__"]  # the lazy re-export, nothing else
    assert not [node for node in tree.body if isinstance(node, ast.ClassDef)]
    for name in postfeed.__all__:
        if name != "__version__":
            assert getattr(postfeed, name).__module__.startswith("postfeed.")


def test_importing_the_package_loads_no_heavy_library() -> None:
    code = (
        "import sys, postfeed, postfeed.cli\n"
        "heavy = {'feedgen', 'lxml', 'markdown', 'yaml', 'frontmatter', 'dateutil'}\n"
        "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_each_third_party_library_is_imported_by_one_module() -> None:
    importers: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top in THIRD_PARTY:
                    importers.setdefault(top, set()).add(path.name)
    for library, modules in importers.items():
        assert len(modules) == 1, f"{library} is imported by {sorted(modules)}"


def test_no_third_party_type_in_public_signatures() -> None:
    for name in postfeed.__all__:
        obj = getattr(postfeed, name)
        if callable(obj) and not (isinstance(obj, type) and issubclass(obj, Exception)):
            text = str(inspect.signature(obj))
            for library in THIRD_PARTY:
                assert library + "." not in text, (name, text)


def test_load_posts_options_are_keyword_only() -> None:
    params = list(inspect.signature(postfeed.load_posts).parameters.values())
    assert params[0].name == "root"
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params[1:])


def test_py_typed_marker_ships() -> None:
    assert (SRC / "py.typed").is_file()


def test_feed_post_and_podcast_options_are_keyword_only() -> None:
    for obj in (postfeed.Feed, postfeed.Post, postfeed.Podcast):
        params = inspect.signature(obj).parameters.values()
        assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params), obj
    params = list(inspect.signature(postfeed.Enclosure).parameters.values())
    assert params[0].name == "url"  # the one thing an enclosure is
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params[1:])


def _imports_between_modules() -> dict[str, set[str]]:
    """Each module of postfeed → the modules of postfeed it imports, anywhere in it
    (inside functions and under ``TYPE_CHECKING`` too)."""
    modules = {}
    for path in SRC.rglob("*.py"):
        parts = path.relative_to(SRC.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*up, *([node.module] if node.module else [])])
                subs = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in modules]
                targets = subs or [base]
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            graph[name].update(t for t in targets if t in modules and t != name)
    return graph


def test_no_import_cycles() -> None:
    """Imports point one way (ARCHITECTURE.md): no module reaches itself through its
    imports. The package root only re-exports, so edges into it are left out."""
    graph = _imports_between_modules()
    assert len(graph) > 20 and "postfeed.records" in graph["postfeed.loading"]

    def reaches(start: str) -> list[str] | None:
        stack, seen = [(start, [start])], set()
        while stack:
            name, trail = stack.pop()
            for nxt in graph[name] - {"postfeed"}:
                if nxt == start:
                    return [*trail, nxt]
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*trail, nxt]))
        return None

    cycles = [cycle for name in graph if (cycle := reaches(name)) is not None]
    assert cycles == []
