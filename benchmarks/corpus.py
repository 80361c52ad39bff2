"""A synthetic blog for the benchmarks: seeded, deterministic, every metadata shape.

``python benchmarks/corpus.py OUT_DIR N`` writes N posts (300–1,500 words each, with
the Markdown real posts have: emphasis, inline code, links, headings, lists, fenced
code, quotations) under nested folders, dated over ten years, in a mix of YAML, TOML
and JSON front matter, Pelican header blocks, and bare posts with a title line and a
dateline.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
from collections.abc import Sequence
from pathlib import Path

WORDS = (  # noqa: SIM905 - a paragraph of words reads better than a list
    "the of and a to in is you that it he was for on are as with his they I at be this "
    "have from or one had by word but not what all were we when your can said there use an "
    "each which she do how their if will up other about out many then them these so some "
    "her would make like him into time has look two more write go see number no way could "
    "people my than first water been call who oil its now find long down day did get come "
    "made may part server cluster deploy latency cache feed reader kernel packet schema"
).split()
TAGS = ["python", "ops", "web", "feeds", "rust", "notes", "travel", "hardware", "music", "data"]
START = dt.datetime(2015, 1, 1, 8, 0)
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip


def sentence_words(rng: random.Random, n: int, vocabulary: Sequence[str] = WORDS) -> str:
    """``n`` words with the inline Markdown posts carry: emphasis, code, links."""
    words = []
    for _ in range(n):
        word = rng.choice(vocabulary)
        roll = rng.random()
        if roll < 0.03:
            word = f"*{word}*"
        elif roll < 0.05:
            word = f"**{word}**"
        elif roll < 0.07:
            word = f"`{word}()`"
        elif roll < 0.09:
            word = f"[{word}](https://example.org/{rng.choice(vocabulary)}/{rng.randrange(1000)})"
        words.append(word)
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def _block(rng: random.Random, left: int) -> tuple[str, int]:
    """One block of a body and the words it holds: mostly paragraphs, sometimes a
    heading, a list, a fenced code block or a quotation."""
    roll = rng.random()
    if roll < 0.08:
        n = rng.randint(2, 6)
        return "## " + sentence_words(rng, n).rstrip("."), n
    if roll < 0.18:
        items = [sentence_words(rng, rng.randint(4, 12)) for _ in range(rng.randint(3, 6))]
        marker = rng.choice(["-", "*", "1."])
        return "\n".join(f"{marker} {item}" for item in items), sum(
            len(item.split()) for item in items
        )
    if roll < 0.24:
        lines = [
            f"    {rng.choice(WORDS)} = {rng.choice(WORDS)}({rng.randrange(100)})"
            for _ in range(rng.randint(3, 10))
        ]
        return "```python\n" + "\n".join(line.strip() for line in lines) + "\n```", len(lines)
    if roll < 0.28:
        n = min(left, rng.randint(20, 60))
        return "> " + sentence_words(rng, n), n
    n = min(left, rng.randint(40, 120))
    return sentence_words(rng, n), n


def _paragraphs(rng: random.Random, words: int) -> str:
    n = min(words, rng.randint(40, 120))
    out, left = [sentence_words(rng, n)], words - n  # a paragraph first (the dateline's)
    while left > 0:
        block, n = _block(rng, left)
        out.append(block)
        left -= n
    return "\n\n".join(out)


def post_text(i: int, rng: random.Random) -> tuple[str, str]:
    """The relative path and text of post ``i``."""
    when = START + dt.timedelta(minutes=rng.randrange(10 * 365 * 24 * 60))
    title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 9))).capitalize()
    tags = rng.sample(TAGS, rng.randint(0, 3))
    body = _paragraphs(rng, rng.randint(300, 1500))
    kind = rng.random()
    folder = f"{when.year}/{rng.choice(TAGS)}"
    slug = f"post-{i:06d}"
    if kind < 0.5:
        listed = ", ".join(tags)
        meta = f'---\ntitle: "{title}"\ndate: {when:%Y-%m-%d %H:%M:%S}\ntags: [{listed}]\n---\n'
        return f"{folder}/{slug}.md", meta + body + "\n"
    if kind < 0.6:
        meta = (
            f'+++\ntitle = "{title}"\ndate = {when:%Y-%m-%dT%H:%M:%S}Z\n'
            f"tags = {json.dumps(tags)}\n+++\n"
        )
        return f"{folder}/{slug}.md", meta + body + "\n"
    if kind < 0.65:
        meta = json.dumps({"title": title, "date": when.isoformat(), "tags": tags}, indent=1)
        return f"{folder}/{slug}.md", meta + "\n" + body + "\n"
    if kind < 0.85:
        meta = f"Title: {title}\nDate: {when:%Y-%m-%d %H:%M}\nTags: {', '.join(tags)}\n\n"
        return f"{folder}/{slug}.markdown", meta + body + "\n"
    dateline = f"{MONTHS[when.month - 1]} {when.day}, {when.year}. "
    return f"{folder}/{slug}.txt", f"{title}\n\n{dateline}{body}\n"


def write_corpus(out: Path, count: int, seed: int = 2024) -> None:
    rng = random.Random(seed)
    for i in range(count):
        rel, text = post_text(i, rng)
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    write_corpus(Path(sys.argv[1]), int(sys.argv[2]))
