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
