"""Time ``postfeed.check`` on a large feed and on the inputs that once made it slow.

``python benchmarks/check.py [MEGABYTES]`` writes an RSS 2.0 and an Atom 1.0 feed of about
MEGABYTES (default 50) with postfeed itself (items of real-looking HTML, an author and
categories each), then checks each in a fresh process and prints wall time, CPU time and
peak RSS (Linux: the process's own VmHWM). It also times the pathological inputs: an
e-mail address of 8,000 ``b.`` pairs (an older regular expression took 8.7 s on it) and
XHTML nested 2,000 deep.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ONE = """
import sys, time
t0, c0 = time.perf_counter(), time.process_time()
import postfeed
data = open(sys.argv[1], "rb").read()
problems = postfeed.check(data)
wall, cpu = time.perf_counter() - t0, time.process_time() - c0
status = open("/proc/self/status").read()
peak = int(status.split("VmHWM:")[1].split()[0]) / 1024  # this process's own peak
print(f"{wall:.2f} {cpu:.2f} {peak:.0f} {len(problems)}")
"""

PARAGRAPH = (
    "<p>The <em>cluster</em> came back after the <a href='https://example.com/ops/'>deploy"
    "</a>; latency fell from 40 ms to 12 ms and the <code>cache</code> held.</p>"
)


def _feeds(folder: Path, megabytes: int) -> list[Path]:
    import postfeed

    per_post = 3_050  # bytes an item takes in either feed
    count = megabytes * 1_000_000 // per_post
    posts = [
        postfeed.Post(
            title=f"Post {i}",
            date=f"2024-01-01T00:00:{i % 60:02d}Z",
            content_html=PARAGRAPH * 12,
            link=f"/posts/{i}/",
            tags=["ops", "web"],
            author="Jane <jane@example.com>",
        )
        for i in range(count)
    ]
    feed = postfeed.Feed(title="Big", site_url="https://example.com", posts=posts, limit=0)
    paths = []
    for name, data in (("rss.xml", feed.rss()), ("atom.xml", feed.atom())):
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    return paths


def _run(path: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-c", ONE, str(path)], capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def main() -> None:
    megabytes = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        paths = _feeds(folder, megabytes)
        print(f"wrote {len(paths)} feeds in {time.perf_counter() - started:.1f} s")
        email = "a@" + "b." * 8_000 + "("
        pathological = folder / "email.xml"
        pathological.write_text(
            "<rss version='2.0'><channel><title>t</title><link>https://example.com/</link>"
            f"<description>d</description><managingEditor>{email}</managingEditor>"
            "</channel></rss>"
        )
        nested = folder / "nested.xml"
        depth = 2_000
        nested.write_text(
            "<feed xmlns='http://www.w3.org/2005/Atom'><id>https://example.com/</id><title>t"
            "</title><updated>2024-01-01T00:00:00Z</updated><author><name>a</name></author>"
            "<entry><id>https://example.com/e</id><title>e</title>"
            "<updated>2024-01-01T00:00:00Z</updated><content type='xhtml'>"
            "<div xmlns='http://www.w3.org/1999/xhtml'>"
            + "<span>" * depth
            + "x"
            + "</span>" * depth
            + "</div></content></entry></feed>"
        )
        print("| file | size MB | wall s | CPU s | peak RSS MB | problems |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for path in [*paths, pathological, nested]:
            wall, cpu, peak, problems = _run(path).split()
            size = path.stat().st_size / 1e6
            print(f"| {path.name} | {size:.1f} | {wall} | {cpu} | {peak} | {problems} |")


if __name__ == "__main__":
    main()
