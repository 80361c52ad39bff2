"""A synthetic blog with the variety of real ones: seeded, deterministic, random words.

``python benchmarks/varied.py OUT_DIR N [SEED]`` writes N posts. The text is random words;
only the SHAPES come from real sites (the development set in ``../shared/realworld``):
which keys a generator's posts carry and how often, how each writes its dates, lists,
strings and authors, where its files live, what its bodies hold, and how long they are.

Each post takes the style of one kind of site (``STYLES``, with its share of the posts):

- ``next``: Next.js/Node style YAML, ``date: '2026-04-02T12:00:00.000Z'`` quoted, layout,
  category, an author string; code fences in most bodies;
- ``pelican``: a ``Title:``/``Number:``/``Date:``/``Category:`` header block, dates
  ``2013-07-05`` or ``2013-07-05 09:51``, ``YYYY-MM-DD-slug.md`` (some ``.markdown``),
  long bodies with tables;
- ``til``: no front matter, a ``# Title`` and a dateline ("April 6, 2016. …", "Posted on
  6 April 2016 …", "2016-04-06: …", "*Apr 6th, 2016*"); short bodies, mostly code;
- ``jekyll``: ``_posts/YYYY-MM-DD-slug.md`` without a date key (some with
  ``2014-03-20 10:00:00 +0100``), quoted and bare titles, ``by:``, ``permalink``,
  ``redirect_from`` block lists, Liquid tags in bodies;
- ``hugo``: page bundles ``blog/YEAR/slug/index.md`` beside ``_index.md`` section pages,
  ``linkTitle``, ``cSpell:ignore``, an author quoted as a Markdown link, ``aliases``;
  shortcodes ``{{< figure >}}``, ``{{% param %}}`` in bodies;
- ``mdx``: ``.mdx`` files (some bundles ``slug/index.mdx``) with ``import``/``export``
  lines and JSX components, nested ``meta:`` mappings, a plain scalar on two lines;
- ``astro``: ``id``/``category`` with ISO datetimes, or ``pubDate: 'Jul 08 2022'`` /
  ``"April 6, 2016"`` and ``heroImage``; many short posts;
- ``eleventy``: single-quoted strings, ``date: 2018-03-26 13:33:37``, ``avatars`` and
  ``tags`` block lists, a ``tweet`` id in quotes;
- ``zola``: TOML ``+++`` front matter, bare TOML datetimes with offsets or quoted
  strings, ``[extra]`` and ``[taxonomies]`` tables, half in page bundles;
- ``docusaurus``: authors as a string, a mapping or a list of mappings, ``slug``,
  flow-list tags;
- ``mkdocs``: ``authors: [a, b]`` or a block list, a folded ``description: >``,
  ``<!-- more -->``;
- ``wordpress``: RFC 2822 dates (``Sat, 06 Apr 2016 10:30:00 +0000``), an author mapping
  (flow or block), ``status: publish``, ``excerpt``;
- ``dayfirst``: numeric day-first dates (``30.01.2021``, ``30/01/2021 14:05``), tags as a
  comma-separated string.

Bodies: paragraphs with emphasis, inline code and links; headings, lists, quotations;
with each style's own odds, code fences, images (Markdown, ``<img>`` and ``<figure>``),
tables, footnotes, raw HTML, ``<!-- more -->``. Word counts are log-normal round each
style's median (real posts run from a dozen words to tens of thousands). About 0.5 % of
posts are drafts, as on real sites.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import sys
from collections.abc import Callable
from pathlib import Path

from corpus import sentence_words

WORDS = (  # noqa: SIM905 - a paragraph of words reads better than a list
    "the of and a to in is you that it he was for on are as with his they I at be this "
    "have from or one had by word but not what all were we when your can said there use an "
    "each which she do how their if will up other about out many then them these so some "
    "her would make like him into time has look two more write go see number no way could "
    "people my than first water been call who oil its now find long down day did get come "
    "made may part server cluster deploy latency cache feed reader kernel packet schema "
    "release build compiler runtime module plugin theme layout render query index token "
    "thread socket buffer stream parser lexer vector matrix garden coffee winter river"
).split()
TOPICS = ["python", "ops", "web", "feeds", "rust", "notes", "sql", "docker", "css", "llms"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
LANGUAGES = ["js", "python", "sh", "rust", "toml", "json", "", "go", "yaml", "tsx"]
START = dt.datetime(2012, 1, 1, 8, 0)
SPAN_MINUTES = 14 * 365 * 24 * 60


class Post:
    """What one post's generator needs: its random source, date, words and odds."""

    def __init__(self, rng: random.Random, index: int) -> None:
        self.rng = rng
        self.index = index
        self.when = START + dt.timedelta(minutes=rng.randrange(SPAN_MINUTES))
        self.title_words = [rng.choice(WORDS) for _ in range(rng.randint(2, 9))]
        self.title = " ".join(self.title_words).capitalize()
        self.slug = f"{'-'.join(self.title_words[:4])}-{index:06d}"

    def words(self, low: int, high: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(low, high)))

    def name(self) -> str:
        first, last = self.rng.choice(WORDS), self.rng.choice(WORDS)
        return f"{first.capitalize()} {last.capitalize()}"

    def handle(self) -> str:
        return f"{self.rng.choice(WORDS)}{self.rng.choice(WORDS)}".lower()

    def tags(self, low: int = 0, high: int = 3) -> list[str]:
        return self.rng.sample(TOPICS, self.rng.randint(low, high))

    def chance(self, p: float) -> bool:
        return self.rng.random() < p


# Bodies ------------------------------------------------------------------------------


def _sentence(post: Post, n: int) -> str:
    return sentence_words(post.rng, n, WORDS)


def _fence(post: Post) -> str:
    rng = post.rng
    lines = [
        f"{rng.choice(WORDS)} = {rng.choice(WORDS)}({rng.randrange(100)}, {rng.choice(WORDS)!r})"
        for _ in range(rng.randint(2, 25))
    ]
    return f"```{rng.choice(LANGUAGES)}\n" + "\n".join(lines) + "\n```"


def _image(post: Post) -> str:
    rng = post.rng
    src = f"/images/{post.when.year}/{rng.choice(WORDS)}-{rng.randrange(100)}.png"
    roll = rng.random()
    if roll < 0.7:
        return f"![{post.words(2, 6)}]({src})"
    if roll < 0.85:
        return f'<img src="{src}" alt="{post.words(2, 5)}" width="{rng.randrange(200, 900)}">'
    return (
        f'<figure>\n  <img src="{src}"/>\n  <figcaption>{post.words(3, 8)}</figcaption>\n</figure>'
    )


def _table(post: Post) -> str:
    rng = post.rng
    columns = rng.randint(2, 5)
    head = "| " + " | ".join(rng.choice(WORDS) for _ in range(columns)) + " |"
    rule = "|" + "---|" * columns
    rows = [
        "| " + " | ".join(post.words(1, 3) for _ in range(columns)) + " |"
        for _ in range(rng.randint(2, 12))
    ]
    return "\n".join([head, rule, *rows])


def _block(post: Post, left: int) -> tuple[str, int]:
    rng = post.rng
    roll = rng.random()
    if roll < 0.09:
        return f"{'#' * rng.choice([2, 2, 3])} {post.words(2, 6).capitalize()}", 4
    if roll < 0.18:
        marker = rng.choice(["-", "*", "1."])
        items = [_sentence(post, rng.randint(4, 14)) for _ in range(rng.randint(2, 7))]
        return "\n".join(f"{marker} {item}" for item in items), 9 * len(items)
    if roll < 0.21:
        n = min(left, rng.randint(15, 60))
        return "> " + _sentence(post, n), n
    n = min(left, rng.randint(20, 130))
    return _sentence(post, n), n


def body(post: Post, median: int, odds: dict[str, float]) -> str:
    """Paragraphs round ``median`` words (log-normal), with this style's extras."""
    rng = post.rng
    words = max(5, min(25_000, round(median * math.exp(rng.gauss(0, 0.9)))))
    n = min(words, rng.randint(20, 120))
    blocks, left = [_sentence(post, n)], words - n
    while left > 0:
        block, n = _block(post, left)
        blocks.append(block)
        left -= n
    extras: list[Callable[[Post], str]] = []
    for key, make in (("fence", _fence), ("image", _image), ("table", _table)):
        if post.chance(odds.get(key, 0.0)):
            extras += [make] * rng.randint(1, 1 + len(blocks) // 8)
    for make in extras:
        blocks.insert(rng.randint(1, len(blocks)), make(post))
    if post.chance(odds.get("more", 0.0)):
        blocks.insert(1, "<!-- more -->")
    if post.chance(odds.get("html", 0.0)):
        blocks.insert(
            rng.randint(1, len(blocks)),
            f'<div class="note">\n  <p>{post.words(5, 20)}</p>\n</div>',
        )
    if post.chance(odds.get("footnote", 0.0)):
        blocks[0] += "[^1]"
        blocks.append(f"[^1]: {_sentence(post, rng.randint(5, 20))}")
    return "\n\n".join(blocks)


# Dates --------------------------------------------------------------------------------


def iso_z(when: dt.datetime) -> str:
    return f"{when:%Y-%m-%dT%H:%M:%S}.000Z"


def rfc2822(when: dt.datetime, offset: str = "+0000") -> str:
    return f"{DAYS[when.weekday()]}, {when:%d} {when:%b} {when.year} {when:%H:%M:%S} {offset}"


def month_day_year(when: dt.datetime) -> str:
    return f"{MONTHS[when.month - 1]} {when.day}, {when.year}"


def dateline(post: Post) -> str:
    """A first paragraph that starts with the date, as hand-kept blogs write it."""
    when, rng = post.when, post.rng
    text = _sentence(post, rng.randint(8, 40))
    roll = rng.random()
    if roll < 0.35:
        return f"{month_day_year(when)}. {text}"
    if roll < 0.55:
        return f"Posted on {when.day} {MONTHS[when.month - 1]} {when.year}. {text}"
    if roll < 0.7:
        return f"{when:%Y-%m-%d}: {text}"
    if roll < 0.85:
        return f"*{when:%b} {when.day}th, {when.year}*\n\n{text}"
    return f"{DAYS[when.weekday()]}, {when.day} {MONTHS[when.month - 1]} {when.year} — {text}"


# Styles -------------------------------------------------------------------------------


def next_style(post: Post) -> tuple[str, str]:
    meta = f"---\ndate: '{iso_z(post.when)}'\ncategory: {post.rng.choice(TOPICS)}\n"
    title = post.title if post.chance(0.8) else f"'{post.title}: {post.words(1, 3)}'"
    meta += f"title: {title}\nlayout: blog-post\nauthor: {post.name()}\n"
    if post.chance(0.02):
        meta += f"slug: {post.slug}\n"
    text = meta + "---\n\n" + body(post, 550, {"fence": 0.75, "image": 0.02, "table": 0.02})
    return f"next/pages/en/blog/{post.rng.choice(TOPICS)}/{post.slug}.md", text


def pelican_style(post: Post) -> tuple[str, str]:
    when = post.when
    date = f"{when:%Y-%m-%d}" if post.chance(0.9) else f"{when:%Y-%m-%d %H:%M}"
    head = f"Title: {post.title}\n"
    if post.chance(0.85):
        head += f"Number: {post.index}\n"
    head += f"Date: {date}\nCategory: {post.rng.choice(TOPICS).capitalize()}\n"
    if post.chance(0.05):
        head += f"Tags: {', '.join(post.tags(1, 3))}\n"
    odds = {"fence": 0.03, "image": 0.15, "table": 0.18, "html": 0.19, "more": 0.09}
    suffix = ".markdown" if post.chance(0.09) else ".md"
    return f"pelican/content/{when:%Y-%m-%d}-{post.slug}{suffix}", head + "\n" + body(
        post, 1200, odds
    )


def til_style(post: Post) -> tuple[str, str]:
    odds = {"fence": 0.88, "image": 0.17, "table": 0.05, "html": 0.14}
    text = f"# {post.title}\n\n{dateline(post)}\n\n" + body(post, 320, odds)
    return f"til/{post.rng.choice(TOPICS)}/{post.slug}.md", text


def jekyll_style(post: Post) -> tuple[str, str]:
    rng, when = post.rng, post.when
    meta = "---\n"
    if post.chance(0.4):
        meta += f"layout: {rng.choice(['blog-detail', 'post', 'news'])}\n"
    if post.chance(0.6):
        meta += f"category: {rng.choice(['release', 'blog', 'announcement'])}\n"
    meta += f'title: "{post.title}!"\n' if post.chance(0.3) else f"title: {post.title}\n"
    if post.chance(0.65):
        meta += f"by: {post.name()}\n"
    if post.chance(0.55):
        meta += f"description: {post.words(15, 60)}\n"
    if post.chance(0.3):
        meta += f"permalink: /blog/{when:%Y/%m/%d}/{post.slug}.html\n"
    if post.chance(0.1):
        meta += "redirect_from:\n" + "".join(
            f"  - /{rng.choice(WORDS)}/{rng.randrange(100)}/\n" for _ in range(rng.randint(1, 3))
        )
    if post.chance(0.15):
        meta += f"date: {when:%Y-%m-%d %H:%M:%S} +0100\n"
    if post.chance(0.1):
        meta += f"comments: {rng.choice(['true', 'false'])}\n"
    odds = {"fence": 0.15, "image": 0.15, "table": 0.05, "html": 0.1, "footnote": 0.1}
    text = meta + "---\n" + body(post, 750, odds)
    if post.chance(0.15):
        text += "\n\n{% include footer.html %}\n\n{% raw %}{{ value }}{% endraw %}"
    return f"jekyll/_posts/{when:%Y-%m-%d}-{post.slug}.md", text


def hugo_style(post: Post) -> tuple[str, str]:
    rng, when = post.rng, post.when
    short = " ".join(post.title_words[:3]).capitalize()
    meta = f"---\ntitle: {post.title}\nlinkTitle: {short}\ndate: {when:%Y-%m-%d}\n"
    if post.chance(0.9):
        meta += f"author: '[{post.name()}](https://github.com/{post.handle()})'\n"
    if post.chance(0.35):
        meta += f"sig: {rng.choice(TOPICS).capitalize()}\n"
    if post.chance(0.75):
        meta += f"cSpell:ignore: {post.words(2, 8)}\n"
    if post.chance(0.2):
        meta += f"issue: {rng.randrange(1000, 9000)}\n"
    if post.chance(0.05):
        meta += f"aliases:\n  - /blog/{when.year}/{post.handle()}/\n"
    if post.chance(0.15):
        meta += f"canonical_url: https://example.net/{post.slug}\n"
    odds = {"fence": 0.26, "image": 0.29, "table": 0.05, "html": 0.12}
    text = meta + "---\n\n" + body(post, 700, odds)
    if post.chance(0.21):
        text += (
            f'\n\n{{{{< figure src="/img/{post.handle()}.png" caption="{post.words(2, 5)}" >}}}}'
            "\n\n**{{% param title %}}**"
        )
    return f"hugo/content/en/blog/{when.year}/{post.slug}/index.md", text


def mdx_style(post: Post) -> tuple[str, str]:
    rng = post.rng
    meta = f"---\ntitle: {post.title}\ndate: {post.when:%Y-%m-%d}\n"
    meta += f"description: {post.words(6, 25)}\n"
    if post.chance(0.55):
        meta += "categories:\n" + "".join(f"  - {tag}\n" for tag in post.tags(1, 2))
    if post.chance(0.95):
        meta += "meta:\n  keywords:\n" + "".join(f"    - {w}\n" for w in post.tags(1, 4))
    meta += f"bannerCloudinaryId: unsplash/photo-{rng.randrange(10**12)}\n"
    if post.chance(0.9):
        meta += (
            f"bannerCredit: Photo by [{post.name()}\n  {post.words(1, 2)}]"
            f"(https://unsplash.com/photos/{post.handle()})\n"
        )
    if post.chance(0.15):
        meta += f"bannerAlt: {post.words(3, 8)}\n"
    head = ""
    if post.chance(0.4):
        head = "import {Callout} from '~/components/callout'\nimport {Figure} from './figure'\n\n"
    tail = ""
    if post.chance(0.2):
        tail = f'\n\n<Callout variant="info">\n  {post.words(8, 30)}\n</Callout>'
    if post.chance(0.1):
        tail += f"\n\nexport const meta = {{views: {rng.randrange(10**6)}}}"
    odds = {"fence": 0.62, "image": 0.44, "table": 0.02, "html": 0.29}
    text = meta + "---\n\n" + head + body(post, 1000, odds) + tail
    if post.chance(0.08):
        return f"mdx/content/blog/{post.slug}/index.mdx", text
    return f"mdx/content/blog/{post.slug}.mdx", text


def astro_style(post: Post) -> tuple[str, str]:
    rng, when = post.rng, post.when
    if post.chance(0.6):
        date = iso_z(when) if post.chance(0.7) else f"{when:%Y-%m-%d}"
        meta = f"---\nid: {post.slug}\ntitle: {post.title}\ndate: {date}\n"
        meta += f"category: {rng.choice(['announcements', 'events', 'stories'])}\n"
        if post.chance(0.25):
            meta += f"description: {post.words(8, 30)}\n"
        median = 120
    else:
        pub = f"'{when:%b} {when:%d} {when.year}'" if post.chance(0.5) else month_day_year(when)
        meta = f"---\ntitle: '{post.title}'\ndescription: '{post.words(8, 30)}'\n"
        meta += f"pubDate: {pub}\nheroImage: '/blog-placeholder-{rng.randint(1, 5)}.jpg'\n"
        if post.chance(0.5):
            meta += f"tags: [{', '.join(post.tags(1, 3))}]\n"
        median = 600
    odds = {"fence": 0.05, "image": 0.16, "html": 0.02}
    return f"astro/src/content/blog/{post.slug}.md", meta + "---\n\n" + body(post, median, odds)


def eleventy_style(post: Post) -> tuple[str, str]:
    when = post.when
    meta = f"---\ntitle: '{post.title}'\n"
    meta += f"author: '[{post.name()}](https://twitter.com/{post.handle()}), {post.words(1, 3)}'\n"
    if post.chance(0.65):
        meta += "avatars:\n" + "".join(
            f"  - '{post.handle()}'\n" for _ in range(post.rng.randint(1, 3))
        )
    date = f"{when:%Y-%m-%d %H:%M:%S}" if post.chance(0.6) else f"{when:%Y-%m-%d}"
    meta += f"date: {date}\n"
    meta += "tags:\n" + "".join(f"  - {tag}\n" for tag in post.tags(1, 3))
    meta += f"description: '{post.words(10, 35)}'\n"
    if post.chance(0.6):
        meta += f"tweet: '{post.rng.randrange(10**17, 10**18)}'\n"
    odds = {"fence": 0.64, "image": 0.64, "table": 0.06, "html": 0.12}
    return f"eleventy/src/blog/{post.slug}.md", meta + "---\n" + body(post, 930, odds)


def zola_style(post: Post) -> tuple[str, str]:
    when = post.when
    meta = f'+++\ntitle = "{post.title}"\n'
    roll = post.rng.random()
    if roll < 0.45:
        meta += f"date = {when:%Y-%m-%dT%H:%M:%S}+11:00\n"
    elif roll < 0.8:
        meta += f'author = "{post.name()}"\ndate = "{iso_z(when)}"\n'
    else:
        meta += f'author = "{post.name()}"\ndate = "{when:%Y-%m-%d}"\n'
    if post.chance(0.45):
        meta += f"updated = {(when + dt.timedelta(days=3)):%Y-%m-%dT%H:%M:%S}+10:00\n"
    if post.chance(0.4):
        meta += (
            f"\n[taxonomies]\ntags = [{', '.join(f'{t!r}' for t in post.tags(1, 3))}]\n".replace(
                "'", '"'
            )
        )
    if post.chance(0.5):
        meta += f'\n[extra]\nimage = "cover-{post.handle()}.jpg"\n'
    odds = {"fence": 0.3, "image": 0.07, "html": 0.3, "more": 0.4}
    text = meta + "+++\n\n" + body(post, 800, odds)
    if post.chance(0.5):
        return f"zola/content/posts/{when.year}/{post.slug}/index.md", text
    return f"zola/content/posts/{post.slug}.md", text


def docusaurus_style(post: Post) -> tuple[str, str]:
    meta = f"---\ntitle: {post.title}\ndate: {iso_z(post.when)}\n"
    roll = post.rng.random()
    if roll < 0.55:
        meta += f"authors: {post.handle()}\n"
    elif roll < 0.8:
        handle = post.handle()
        meta += (
            f"authors:\n  name: {handle}\n  url: 'https://github.com/{handle}'\n"
            f"  image_url: 'https://github.com/{handle}.png?size=96'\n"
        )
    else:
        meta += "authors:\n" + "".join(
            f"  - name: {post.name()}\n    url: 'https://github.com/{post.handle()}'\n"
            for _ in range(post.rng.randint(2, 3))
        )
    meta += f"slug: {post.slug}\ntags: [{', '.join(post.tags(1, 2))}]\n"
    odds = {"fence": 0.39, "image": 0.25, "table": 0.27, "html": 0.17}
    return f"docusaurus/blog/{post.slug}.md", meta + "---\n\n" + body(post, 600, odds)


def mkdocs_style(post: Post) -> tuple[str, str]:
    meta = f"---\ndate: {post.when:%Y-%m-%d}\n"
    if post.chance(0.6):
        meta += f"authors: [{post.handle()}]\n"
    else:
        meta += "authors:\n" + "".join(f"  - {post.handle()}\n" for _ in range(2))
    meta += f"description: >\n  {post.words(8, 14)}\n  {post.words(4, 12)}\n"
    meta += "categories:\n" + "".join(f"  - {t.capitalize()}\n" for t in post.tags(1, 2))
    if post.chance(0.35):
        meta += f"links:\n  - blog/posts/{post.handle()}.md\n  - setup/{post.handle()}.md#x\n"
    if post.chance(0.3):
        meta += f"slug: {post.slug}\n"
    text = f"{meta}---\n\n# {post.title}\n\n" + body(
        post, 1100, {"fence": 0.57, "image": 0.36, "table": 0.07, "more": 0.93}
    )
    return f"mkdocs/docs/blog/posts/{post.slug}.md", text


def wordpress_style(post: Post) -> tuple[str, str]:
    meta = f'---\ntitle: "{post.title}"\n'
    offset = post.rng.choice(["+0000", "+0200", "-0500"])
    meta += f"date: {rfc2822(post.when, offset)}\n"
    if post.chance(0.5):
        meta += f"author: {{name: {post.name()}, email: {post.handle()}@example.org}}\n"
    else:
        meta += f"author:\n  name: {post.name()}\n  url: https://example.org/{post.handle()}\n"
    meta += "status: publish\n"
    meta += "categories:\n" + "".join(f"  - {t}\n" for t in post.tags(1, 2))
    meta += f"tags: [{', '.join(post.tags(0, 4))}]\n"
    if post.chance(0.6):
        meta += f'excerpt: "{post.words(10, 40)}"\n'
    meta += f"guid: https://example.org/?p={post.index}\n"
    odds = {"fence": 0.2, "image": 0.4, "table": 0.05, "html": 0.4, "more": 0.3}
    return f"wordpress/{post.when.year}/{post.slug}.md", meta + "---\n" + body(post, 700, odds)


def dayfirst_style(post: Post) -> tuple[str, str]:
    when = post.when
    roll = post.rng.random()
    if roll < 0.5:
        date = f"{when:%d.%m.%Y}"
    elif roll < 0.8:
        date = f"{when:%d/%m/%Y %H:%M}"
    else:
        date = f"{when.day}.{when.month}.{when.year}"
    meta = f"---\ntitle: {post.title}\ndate: {date}\n"
    meta += f"tags: {', '.join(post.tags(1, 3))}\nsummary: {post.words(8, 30)}\n"
    odds = {"fence": 0.2, "image": 0.2, "table": 0.05}
    return f"dayfirst/posts/{post.slug}.md", meta + "---\n\n" + body(post, 600, odds)


STYLES: list[tuple[Callable[[Post], tuple[str, str]], int]] = [  # (style, share in %)
    (next_style, 21),
    (pelican_style, 13),
    (jekyll_style, 11),
    (til_style, 10),
    (hugo_style, 7),
    (wordpress_style, 7),
    (mdx_style, 6),
    (astro_style, 6),
    (zola_style, 6),
    (eleventy_style, 4),
    (docusaurus_style, 4),
    (dayfirst_style, 3),
    (mkdocs_style, 2),
]
SECTIONS = {  # a section page per folder of these styles, which is not a post
    "hugo": "---\ntitle: Blog {year}\nlinkTitle: {year}\n---\n",
    "zola": '+++\ntitle = "Posts {year}"\nsort_by = "date"\ntransparent = true\n+++\n',
}


def post_text(index: int, rng: random.Random) -> tuple[str, str]:
    """The relative path and text of post ``index``."""
    styles, weights = zip(*STYLES, strict=True)
    style = rng.choices(styles, weights)[0]
    post = Post(rng, index)
    path, text = style(post)
    if post.chance(0.005) and text.startswith("---\n"):
        text = "---\ndraft: true" + text[3:]
    return path, text + "\n"


def write_varied_corpus(out: Path, count: int, seed: int = 2026) -> None:
    rng = random.Random(seed)
    sections: set[Path] = set()
    for index in range(count):
        rel, text = post_text(index, rng)
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        kind = rel.split("/", 1)[0]
        if kind in SECTIONS and path.name == "index.md":
            sections.add(path.parent.parent)
    for folder in sorted(sections):
        kind = folder.relative_to(out).parts[0]
        (folder / "_index.md").write_text(SECTIONS[kind].format(year=folder.name))


if __name__ == "__main__":
    write_varied_corpus(Path(sys.argv[1]), int(sys.argv[2]), *map(int, sys.argv[3:4]))
