"""postfeed.check against the W3C Feed Validation Service's own conformance cases.

Runs only when a checkout of https://github.com/w3c/feedvalidator is present (it is not part
of postfeed): set ``POSTFEED_W3C_TESTCASES`` to its ``testcases`` folder, or put the
checkout in ``tests/w3c-feedvalidator/`` (git-ignored). Without it these tests skip.

Each case holds an ``Expect:`` comment that W3C's runner (``src/validtest.py``) reads: a
message class that must be reported (``MissingTitle``), or with ``!`` one that must not be
(``!Error``). A class matches itself and its subclasses, as in W3C's runner; the class tree
is read from the checkout's own ``src/feedvalidator/logging.py``. Only RSS 2.0 and Atom 1.0
documents are in scope: RSS 0.90/1.0/1.1, OPML, KML, OpenSearch and APP files are skipped.

    POSTFEED_W3C_TESTCASES=/path/to/feedvalidator/testcases python -m pytest \
        tests/test_validator_w3c.py -s       # -s prints the per-folder table
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest
from lxml import etree

import postfeed

_DEFAULT = Path(__file__).parent / "w3c-feedvalidator" / "testcases"
ROOT = Path(os.environ.get("POSTFEED_W3C_TESTCASES", _DEFAULT))
FOLDERS = ("atom", "rss", "rss20", "ext", "xml")
# W3C's runner reads the expectation with this pattern (validtest.py's desc_re).
EXPECT = re.compile(r"<!--\s*Description:\s*(.*?)\s*Expect:\s*(!?)(\w*)(?:{(.*?)})?\s*-->")

pytestmark = pytest.mark.skipif(
    not ROOT.is_dir(), reason="W3C feedvalidator test cases not present (POSTFEED_W3C_TESTCASES)"
)


def _w3c_classes() -> ModuleType:
    source = ROOT.parent / "src" / "feedvalidator" / "logging.py"
    spec = importlib.util.spec_from_file_location("w3c_feedvalidator_logging", source)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class Case:
    path: Path
    negated: bool
    expected: str
    params: dict[str, str]

    @property
    def folder(self) -> str:
        return self.path.relative_to(ROOT).parts[0]


def _in_scope(data: bytes) -> bool:
    """RSS 2.0 (and 0.9x) or Atom 1.0, or not XML at all (a parse error is a case too)."""
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return True
    if root is None:
        return True
    local = etree.QName(root).localname
    return local in {"rss", "feed", "entry"} or (
        local not in {"RDF", "Channel"} and "}" not in root.tag
    )


def _cases() -> list[Case]:
    if not ROOT.is_dir():
        return []
    cases = []
    for folder in FOLDERS:
        for path in sorted((ROOT / folder).rglob("*.xml")):
            data = path.read_bytes()
            match = EXPECT.search(data.decode("utf-8", "replace"))
            if match is None or not _in_scope(data):
                continue
            _, negated, expected, params = match.groups()
            pairs = (item.split(":", 1) for item in (params or "").split(",") if ":" in item)
            cases.append(Case(path, bool(negated), expected, {k.strip(): v for k, v in pairs}))
    return cases


def _matches(problem: postfeed.Problem, expected: str, classes: ModuleType) -> bool:
    wanted = getattr(classes, expected)
    if wanted is classes.Error or wanted is classes.Warning:
        return problem.level == ("error" if wanted is classes.Error else "warning")
    if wanted is classes.Message:
        return True
    found = getattr(classes, problem.code, None)
    return isinstance(found, type) and issubclass(found, wanted)


def _about(problem: postfeed.Problem, params: dict[str, str]) -> bool:
    """For a '!' expectation with parameters: is the problem about the element named?

    postfeed's problems carry a message, not W3C's parameter dictionary; the element's name
    in the message stands in for it (W3C's runner compares every parameter)."""
    element = params.get("element", "").replace("_", ":")
    return not element or element.split(":")[-1] in problem.message


@dataclass
class Tally:
    expect_ok: int = 0
    expect_n: int = 0
    error_ok: int = 0
    error_n: int = 0


def _run() -> tuple[dict[str, Tally], list[str]]:
    classes = _w3c_classes()
    tallies: dict[str, Tally] = defaultdict(Tally)
    misses = []
    for case in _cases():
        problems = postfeed.check(case.path.read_bytes())
        tally = tallies[case.folder]
        wanted = getattr(classes, case.expected, None)
        if not isinstance(wanted, type) or not issubclass(wanted, classes.Message):
            continue  # an Info class (ValidURI...): W3C's finer detail, not an error or warning
        if case.negated:
            ok = not any(
                _matches(p, case.expected, classes) and _about(p, case.params) for p in problems
            )
        else:
            ok = any(_matches(p, case.expected, classes) for p in problems)
        tally.expect_n += 1
        tally.expect_ok += ok
        if not ok:
            codes = sorted({p.code for p in problems})
            expected = "!" * case.negated + case.expected
            misses.append(f"{case.path.relative_to(ROOT)}: expect {expected}, got {codes}")
        # Whether W3C finds an error at all follows from the expectation when it names an
        # error class ('MissingTitle': yes) or forbids every error ('!Error': no).
        if issubclass(wanted, classes.Error) and not case.negated:
            has_error = True
        elif case.negated and wanted is classes.Error:
            has_error = False
        else:
            continue
        tally.error_n += 1
        tally.error_ok += any(p.level == "error" for p in problems) == has_error
    return tallies, misses


def _row(name: str, tally: Tally) -> str:
    expect = f"{tally.expect_ok:6}/{tally.expect_n:<5} {tally.expect_ok / tally.expect_n:6.1%}"
    error = f"{tally.error_ok:8}/{tally.error_n:<5} {tally.error_ok / max(1, tally.error_n):6.1%}"
    return f"{name:8} {expect} {error}"


@pytest.fixture(scope="module")
def results() -> tuple[dict[str, Tally], list[str]]:
    tallies, misses = _run()
    print()
    print(f"{'folder':8} {'Expect: agreed':>16} {'error/no-error agreed':>24}")
    total = Tally()
    for folder, tally in sorted(tallies.items()):
        print(_row(folder, tally))
        total.expect_ok += tally.expect_ok
        total.expect_n += tally.expect_n
        total.error_ok += tally.error_ok
        total.error_n += tally.error_n
    print(_row("total", total))
    tallies["total"] = total
    return tallies, misses


def test_the_expected_message_class_is_reported(
    results: tuple[dict[str, Tally], list[str]],
) -> None:
    total = results[0]["total"]
    assert total.expect_ok / total.expect_n >= 0.90, results[1]


def test_error_or_no_error_as_w3c_says(results: tuple[dict[str, Tally], list[str]]) -> None:
    total = results[0]["total"]
    assert total.error_ok / total.error_n >= 0.97, results[1]
