"""Feed links on real sites: point ``read_site`` at each site of the development set and
compare every post's link with the URL its generator publishes it at.

For each site in the development set (``configs/<site>/`` and ``posts/<site>/`` copied
into one temporary folder make the site), the site's root is the shallowest folder
holding a configuration postfeed reads. Its posts are loaded with
``load_posts(root, site=site)``; a post of ``links.json`` that the load did not return
(outside the posts folders the site names) is scanned on its own with the same options,
so that its link is still measured, and counted apart. Prints per-site figures and the
misses by cause.

A site's permalink rule is readable when postfeed reads the site's generator and its
reader did not have to assume the links. The others are counted apart, each with the
reason: no generator configuration (the URLs come from the site's own build code), the
rule in files ``sites-links.json`` lists but ``configs/`` lacks (marked "(mirror)"), or a
route that computes its URLs in code.

Exit 0 when every site whose rule is readable has at least 99% of its links equal, 1
otherwise; 0 with one "skipped" line when the development set is not there. It is
``../shared/realworld`` beside the repository, or ``--realworld DIR``, or the
``POSTFEED_REALWORLD`` environment variable.

    python benchmarks/realworld_links.py [--realworld DIR] [--details misses.json]
                                         [--source NAME]
"""

from __future__ import annotations

import argparse
import collections
import json
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

HERE = Path(__file__).resolve().parent
DEFAULT_REALWORLD = HERE.parents[1] / "shared" / "realworld"  # beside the repository
sys.path.insert(0, str(HERE.parent / "src"))

import postfeed  # noqa: E402
from postfeed.discovery import Found  # noqa: E402
from postfeed.loading import load_options  # noqa: E402
from postfeed.records import scan_file  # noqa: E402
from postfeed.site import find_generator  # noqa: E402

TARGET = 0.99


def site_root(folder: Path) -> Path | None:
    """The shallowest folder (the copy itself, or a folder in it up to two levels down)
    whose configuration postfeed reads."""
    levels = [[folder]]
    for _ in range(2):
        levels.append(
            [d for p in levels[-1] for d in sorted(p.iterdir()) if d.is_dir() and d.name[0] != "."]
        )
    for level in levels:
        for candidate in level:
            if find_generator(candidate) is not None:
                return candidate
    return None


def cause(expected: str, got: str | None, problem: str | None, assumed: str | None) -> str:
    """A short name for why a link differs."""
    if got is None:
        return f"post not loaded: {(problem or '').split(': ', 1)[-1][:70]}"
    if assumed:
        return f"route not read ({assumed})"
    want, have = expected.rstrip("/"), got.rstrip("/")
    if want == have:
        return "trailing slash"
    if want.lower() == have.lower():
        return "letter case"
    if want.rsplit("/", 1)[0] == have.rsplit("/", 1)[0]:
        return "last segment (slug)"
    if want.rsplit("/", 1)[-1] == have.rsplit("/", 1)[-1]:
        return "folders before the slug"
    return "different path"


def absent_files(realworld: Path, source: str, listed: list[str]) -> list[str]:
    """The files ``sites-links.json`` lists for a site that its ``configs/`` lacks."""
    names = [name.removesuffix(" (mirror)").strip() for name in listed]
    return [name for name in names if not (realworld / "configs" / source / name).exists()]


def measure(
    realworld: Path, source: str, records: list[dict[str, str]], work: Path
) -> dict[str, object]:
    target = work / source
    for part in ("configs", "posts"):
        shutil.copytree(realworld / part / source, target, dirs_exist_ok=True)
    root = site_root(target)
    result: dict[str, object] = {"source": source, "posts": len(records)}
    if root is None:
        why = "no generator configuration in the site (its URLs come from its own code)"
        result.update(generator=None, equal=0, misses={why: len(records)}, assumed=None)
        return result
    prefix = root.relative_to(target).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    site = postfeed.read_site(root)
    posts = postfeed.load_posts(root, site=site, include_drafts=True, include_future=True)
    links = {p._path: p.link for p in posts if p._path}
    by_rel = {str(Path(p).relative_to(root).as_posix()): link for p, link in links.items()}
    options = load_options(site_url=site.site_url, timezone=site.timezone or "UTC", site=site)
    assumed = next((t for t in site.unread if "links assumed" in t), None)
    equal = outside = 0
    misses: collections.Counter[str] = collections.Counter()
    examples: list[dict[str, str | None]] = []
    for record in records:
        rel = record["path"].removeprefix(prefix)
        got = by_rel.get(rel)
        problem = None
        if got is None:
            outside += 1
            path = root / rel
            found = Found(rel, str(path), str(path), False)
            scanned = scan_file(found, options)
            got = scanned.link if scanned.problem is None else None
            problem = scanned.problem
        got_path = unquote(urlsplit(got).path) if got else None
        want = unquote(record["url_path"])
        if got_path == want:
            equal += 1
            continue
        why = cause(want, got_path, problem, assumed and assumed.split(":")[0])
        misses[why] += 1
        examples.append({"path": record["path"], "want": want, "got": got_path, "cause": why})
    result.update(
        generator=site.generator,
        site_url=site.site_url,
        expected_site_url=records[0]["site_url"] if records else None,
        equal=equal,
        outside_posts=outside,
        misses=dict(misses),
        examples=examples,
        assumed=assumed,
    )
    return result


def verdict(result: dict[str, object], absent: list[str]) -> tuple[str, str]:
    """``(status, why)``: ``pass`` or ``FAIL`` for a site whose permalink rule postfeed
    reads; else ``apart``, with where the rule lives instead."""
    if not result["generator"]:
        where = f" ({', '.join(absent)} absent from configs/)" if absent else ""
        return "apart", f"no generator configuration: its URLs come from its own code{where}"
    if result["assumed"]:
        if absent:
            return "apart", f"its rule lives in files absent from configs/: {', '.join(absent)}"
        return "apart", f"its route computes its URLs in code: {result['assumed']}"
    share = int(result["equal"]) / max(int(result["posts"]), 1)  # type: ignore[call-overload]
    return ("pass" if share >= TARGET else "FAIL"), ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--realworld",
        metavar="DIR",
        default=os.environ.get("POSTFEED_REALWORLD") or str(DEFAULT_REALWORLD),
        help="the development set (default: $POSTFEED_REALWORLD, else ../shared/realworld)",
    )
    parser.add_argument("--source", action="append", help="only this site (repeatable)")
    parser.add_argument("--details", metavar="FILE", help="write every miss to this JSON file")
    args = parser.parse_args(argv)
    realworld = Path(args.realworld)
    if not (realworld / "links.json").is_file():
        print(f"realworld_links: skipped: no development set at {realworld}")
        return 0
    logging.getLogger("postfeed").setLevel(logging.CRITICAL)  # post warnings: not measured
    by_source: dict[str, list[dict[str, str]]] = collections.defaultdict(list)
    for record in json.loads((realworld / "links.json").read_text(encoding="utf-8")):
        by_source[record["source"]].append(record)
    sites_path = realworld / "sites-links.json"
    described = json.loads(sites_path.read_text(encoding="utf-8")) if sites_path.is_file() else {}
    results = []
    with tempfile.TemporaryDirectory(prefix="postfeed-links-") as work:
        for source in sorted(by_source):
            if args.source and source not in args.source:
                continue
            results.append(measure(realworld, source, by_source[source], Path(work)))
    read_total = read_equal = all_total = all_equal = 0
    causes: collections.Counter[str] = collections.Counter()
    failed: list[str] = []
    apart: list[tuple[str, int, str]] = []
    print(f"{'site':20} {'generator':10} {'equal':>11} {'share':>7}  outside  verdict  site URL")
    for result in results:
        source = str(result["source"])
        total, equal = int(result["posts"]), int(result["equal"])  # type: ignore[call-overload]
        listed = described.get(source, {}).get("config_files", [])
        status, why = verdict(result, absent_files(realworld, source, listed))
        all_total += total
        all_equal += equal
        generator = str(result["generator"] or "-")
        if status == "apart":
            apart.append((source, total, why))
        else:
            read_total += total
            read_equal += equal
            if status == "FAIL":
                failed.append(source)
        for miss, count in result["misses"].items():  # type: ignore[attr-defined]
            causes[f"{generator}: {miss}"] += count
        url_ok = (
            ""
            if not result["generator"]
            else (
                "same"
                if str(result.get("site_url") or "").rstrip("/")
                == str(result.get("expected_site_url") or "").rstrip("/")
                else f"{result.get('site_url')} (want {result.get('expected_site_url')})"
            )
        )
        print(
            f"{source:20} {generator:10} {equal:5}/{total:<5} {equal / max(total, 1):7.1%}"
            f"  {result.get('outside_posts', '-'):>7}  {status:7}  {url_ok}"
        )
    print("misses by cause:")
    for why, count in causes.most_common():
        print(f"  {count:5}  {why}")
    if apart:
        print("counted apart (postfeed cannot read the permalink rule from configs/):")
        for source, total, why in apart:
            print(f"  {source}: {total} posts: {why}")
    if read_total:
        share = f"{read_equal}/{read_total} = {read_equal / read_total:.2%}"
        print(f"sites whose rule postfeed reads: {share}")
    print(f"all sites: {all_equal}/{all_total} = {all_equal / max(all_total, 1):.2%}")
    if args.details:
        Path(args.details).write_text(json.dumps(results, indent=1), encoding="utf-8")
    if failed:
        print(f"below {TARGET:.0%} of links equal: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
