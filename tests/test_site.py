"""Site reading: each generator's config read (never run), and every link its URL.

The sites under tests/sites/ were written for these tests; the expected URLs are the
ones each generator publishes those posts at, by its documented rules.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from dataclasses import replace
from pathlib import Path

import feedparser
import pytest

import postfeed
from postfeed.cli import main
from postfeed.site import find_generator
from postfeed.site._config_files import js_literals, python_literals
from postfeed.site._permalinks import (
    EleventyLinks,
    HugoLinks,
    JekyllLinks,
    MkDocsLinks,
    PelicanLinks,
    PostInfo,
    ZolaLinks,
    github_slug,
    hugo_slice,
    hugo_urlize,
    jekyll_slugify,
    pelican_slugify,
)

SITES = Path(__file__).parent / "sites"
UTC = dt.UTC


def links(name: str) -> dict[str, str]:
    site = postfeed.read_site(SITES / name)
    posts = postfeed.load_posts(SITES / name, site=site, include_drafts=True)
    return {Path(str(post.path)).relative_to(SITES / name).as_posix(): post.link for post in posts}


def test_jekyll_site() -> None:
    site = postfeed.read_site(SITES / "jekyll")
    assert site.generator == "jekyll"
    assert site.site_url == "https://notes.example.org/field"
    assert (site.title, site.description, site.language) == (
        "Field Notes",
        "Notes from the field",
        "en-GB",
    )
    assert site.author == "Ada Example <ada@example.org>"
    assert site.timezone == "Europe/Berlin"
    assert site.include_future is False
    assert sorted(site.posts) == ["_posts", "news/_posts"]
    base = "https://notes.example.org/field"
    assert links("jekyll") == {
        "_posts/2023-01-15-hello-world.md": f"{base}/2023/01/15/hello-world.html",
        "_posts/2023-02-01-with-permalink.md": f"{base}/notes/with-permalink/",
        "news/_posts/2023-03-05-Release-1.2.md": (
            f"{base}/press/news/announce/2023/Release-1.2.html"
        ),
        "_posts/2023-04-01-slugged.md": f"{base}/2023/04/02/Other-Name.html",
    }


def test_jekyll_styles_and_placeholders() -> None:
    date = dt.datetime(2024, 2, 9, 8, 5, tzinfo=UTC)
    post = PostInfo("blog/_posts/2024-02-09-Big News!.md", {"category": "Tech"}, date, "")
    assert JekyllLinks("pretty").link(post) == "/blog/tech/2024/02/09/Big-News!/"
    assert JekyllLinks("none").link(post) == "/blog/tech/Big-News!.html"
    assert JekyllLinks("ordinal").link(post) == "/blog/tech/2024/040/Big-News!.html"
    assert JekyllLinks("/:year/:i_month/:slug").link(post) == "/2024/2/big-news"
    spaced = PostInfo("_posts/2024-02-09-x.md", {"categories": ["Big Data"]}, date, "")
    assert JekyllLinks("/:slugified_categories/:title/").link(spaced) == "/big-data/x/"
    assert JekyllLinks("/:categories/:title/").link(spaced) == "/big data/x/"
    # The date is the site's: 23:30 UTC is already the next day in Tokyo.
    late = PostInfo("_posts/2024-02-09-x.md", {}, date.replace(hour=23), "")
    assert JekyllLinks("/:year/:month/:day/:title/", "Asia/Tokyo").link(late) == "/2024/02/10/x/"
    assert jekyll_slugify("Hello, World_2") == "hello-world-2"


def test_hugo_site() -> None:
    site = postfeed.read_site(SITES / "hugo")
    assert (site.generator, site.site_url, site.title) == (
        "hugo",
        "https://hugo.example.org/",
        "Hugo Test Site",
    )
    assert (site.description, site.author, site.timezone) == (
        "A site to test with",
        "Grace Example",
        "America/Chicago",
    )
    assert site.posts == ("content/posts", "content/notes")
    base = "https://hugo.example.org"
    assert links("hugo") == {
        "content/posts/first-post.md": f"{base}/2024/03/first-post/",
        "content/posts/second/index.md": f"{base}/2024/04/custom-slug/",
        "content/notes/Some Note.md": f"{base}/notes/some-note/",
        "content/notes/with-url.md": f"{base}/custom/place/",
        "content/notes/bundle/index.md": f"{base}/notes/bundle/",
    }  # resource.md is a page resource of the bundle; about.md is not in mainSections


def test_hugo_rules() -> None:
    date = dt.datetime(2024, 7, 4, tzinfo=UTC)
    post = PostInfo("content/blog/My Post.md", {}, date, "My Post")
    assert HugoLinks(ugly_urls=True).link(post) == "/blog/my-post.html"
    assert HugoLinks(lower=False).link(post) == "/blog/My-Post/"
    sections = HugoLinks(permalinks=(("blog", "/:sections/:monthname/:filename/"),))
    assert sections.link(post) == "/blog/july/my-post/"
    french = PostInfo("content/fr/blog/x.fr.md", {}, date, "X")
    rule = HugoLinks(content_dirs=(("content/fr", "/fr"),), languages=("fr",))
    assert rule.link(french) == "/fr/blog/x/"
    assert hugo_urlize("C++ & Rust: ça va?") == "c++--rust-ça-va"
    named = PostInfo("content/blog/2024-07-04-Launch Day.md", {}, date, "Launch")
    assert HugoLinks(filename_dates=True).link(named) == "/blog/launch-day/"
    assert HugoLinks().link(named) == "/blog/2024-07-04-launch-day/"


def test_hugo_sections_slices() -> None:
    """Hugo's `:sections` with slice syntax: `[1:]` all but the first, `[:last]` all but
    the last, `[last]` the last, `[0]` the first; out of range gives nothing."""
    date = dt.datetime(2024, 7, 4, tzinfo=UTC)
    post = PostInfo("content/docs/guides/rust/My Post.md", {}, date, "My Post")

    def url(pattern: str, nested: tuple[str, ...] | None = None) -> str:
        return HugoLinks(permalinks=(("docs", pattern),), nested_sections=nested).link(post)

    assert url("/:sections/:filename/") == "/docs/guides/rust/my-post/"
    assert url("/:sections[1:]/:filename/") == "/guides/rust/my-post/"
    assert url("/:sections[:last]/:filename/") == "/docs/guides/my-post/"
    assert url("/:sections[last]/:contentbasename/") == "/rust/my-post/"
    assert url("/:sections[0]/:sections[last]/:slug/") == "/docs/rust/my-post/"
    assert url("/x/:sections[7]/:filename/") == "/x/my-post/"
    # Only a folder with an _index.md is a section: guides/ is one, rust/ is not.
    nested = ("docs/guides",)
    assert url("/:sections/:filename/", nested) == "/docs/guides/my-post/"
    assert url("/:sections[last]/:filename/", nested) == "/guides/my-post/"
    assert hugo_slice(["a", "b", "c"], "1:2") == ["b"]


def test_hugo_site_sections(tmp_path: Path) -> None:
    (tmp_path / "hugo.toml").write_text(
        'baseURL = "https://h.example.org/"\n[permalinks]\ndocs = "/:sections[last]/:slug/"\n'
        "[params]\nmainSections = ['docs']\n"
    )
    for folder in ("content/docs/guides", "content/docs/plain"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "content/docs/guides/_index.md").write_text("---\ntitle: Guides\n---\n")
    for folder in ("guides", "plain"):
        (tmp_path / f"content/docs/{folder}/post.md").write_text(
            "---\ntitle: A Post\ndate: 2024-01-01\n---\nText.\n"
        )
    site = postfeed.read_site(tmp_path)
    assert {p.link for p in postfeed.load_posts(tmp_path, site=site)} == {
        "https://h.example.org/guides/a-post/",
        "https://h.example.org/docs/a-post/",  # plain/ has no _index.md: not a section
    }


def test_pelican_site() -> None:
    site = postfeed.read_site(SITES / "pelican")
    assert site.generator == "pelican"
    assert site.site_url == "https://pelican.example.org"  # `… if TESTING else …` folded
    assert (site.title, site.timezone, site.language) == ("Pelican Test", "Europe/Paris", "fr")
    assert site.author is None
    assert any("author" in line and "--author" in line for line in site.unread)
    base = "https://pelican.example.org"
    assert links("pelican") == {
        "content/2024-01-02-new-year.md": f"{base}/posts/2024/misc/cafe-au-lait-a-test.html",
        "content/tech/with-slug.md": f"{base}/posts/2024/tech/my-slug.html",
    }  # content/pages/ holds pages


def test_pelican_slugify_and_url() -> None:
    assert pelican_slugify("This Week in Rust 92") == "this-week-in-rust-92"
    assert pelican_slugify("<b>Hi</b> &amp; bye") == "hi-bye"
    date = dt.datetime(2024, 1, 2, 23, 30, tzinfo=UTC)
    post = PostInfo("content/x.md", {"title": "A B"}, date, "A B")
    assert PelicanLinks().link(post) == "/a-b.html"  # ARTICLE_URL's default
    rule = PelicanLinks("{date:%Y}/{date:%m}/{date:%d}/{slug}/")
    assert rule.link(post) == "/2024/01/02/a-b/"  # the date's own day, in its own offset
    assert PelicanLinks("{date.__class__}/{slug}").link(post) == "/a-b.html"  # no attributes
    named = PelicanLinks(filename_metadata=r"(?P<date>\d{4}-\d{2}-\d{2})_(?P<slug>.*)")
    dated = PostInfo("content/2024-01-02_from-name.md", {"title": "A B"}, date, "A B")
    assert named.link(dated) == "/from-name.html"
    assert named.link(post) == "/a-b.html"


def test_zola_site() -> None:
    site = postfeed.read_site(SITES / "zola")
    assert (site.generator, site.site_url, site.title, site.author) == (
        "zola",
        "https://zola.example.org/blog",
        "Zola Test",
        "Kim Example",
    )
    base = "https://zola.example.org/blog"
    assert links("zola") == {
        "content/posts/2024/2024-05-06-Hello-World.md": f"{base}/posts/2024/hello-world/",
        "content/posts/2024/bundle-post/index.md": f"{base}/posts/2024/bundle-post/",
        "content/posts/2024/custom.md": f"{base}/elsewhere/custom/",
        "content/posts/2024/sluggy.md": f"{base}/posts/2024/some-slug/",
        "content/posts/2024/2024-02-03-dated-bundle/index.md": f"{base}/posts/2024/dated-bundle/",
        "content/posts/2024/2024-02-04_Under_Score.md": f"{base}/posts/2024/under-score/",
        "content/posts/2024/2024-02-05.md": f"{base}/posts/2024/2024-02-05/",
    }  # about.md is in the home section, not sorted by date; notes.txt is an asset
    site = postfeed.read_site(SITES / "zola")
    dates = {
        Path(str(p.path)).name: p.date.date().isoformat()
        for p in postfeed.load_posts(SITES / "zola", site=site)
    }  # the dated names carry no date in their front matter: Zola takes it from the name
    assert (dates["index.md"], dates["2024-02-04_Under_Score.md"]) == ("2024-02-03", "2024-02-04")


def test_zola_slugify_paths() -> None:
    post = PostInfo("content/notes/Über Café.md", {}, dt.datetime(2024, 1, 1, tzinfo=UTC), "")
    assert ZolaLinks().link(post) == "/notes/uber-cafe/"
    assert ZolaLinks(slugify_paths="safe").link(post) == "/notes/Über_Café/"
    assert ZolaLinks(slugify_paths="off").link(post) == "/notes/Über Café/"
    dated = PostInfo("content/notes/2024-01-01_new-year.md", {}, post.date, "")
    assert ZolaLinks().link(dated) == "/notes/new-year/"
    assert ZolaLinks(keep_dates=True).link(dated) == "/notes/2024-01-01-new-year/"


@pytest.mark.parametrize(
    ("relpath", "meta", "url"),
    [
        ("content/blog/2020-01-01-foo/index.md", {}, "/blog/foo/"),  # a dated bundle folder
        ("content/blog/2020-01-01_foo.md", {}, "/blog/foo/"),
        ("content/blog/2020-01-01 - foo.md", {}, "/blog/foo/"),  # one space before the `-`
        ("content/blog/2020-01-01T10:20:30Z_timed.md", {}, "/blog/timed/"),  # RFC 3339
        ("content/blog/2020-01-01.md", {}, "/blog/2020-01-01/"),  # nothing after the date
        ("content/blog/2020-13-01-foo.md", {}, "/blog/2020-13-01-foo/"),  # no 13th month
        ("content/blog/2020-01-01T10:20_foo.md", {}, "/blog/2020-01-01t10-20-foo/"),  # no zone
        ("content/blog/2020-01-01-foo.md", {"slug": "Mine"}, "/blog/mine/"),  # slug first
        ("content/blog/2020-01-01-foo.md", {"path": "/feeds/foo.xml"}, "/feeds/foo.xml/"),
        ("content/blog/2020-01-01-foo.fr.md", {}, "/fr/blog/foo/"),  # another language's page
    ],
)
def test_zola_dated_names(relpath: str, meta: dict[str, str], url: str) -> None:
    """Zola's page.rs: a name (or a bundle folder's) that starts with a date or an RFC 3339
    date-time, then `_` or `-`, gives the date; the slug is the rest."""
    post = PostInfo(relpath, meta, dt.datetime(2020, 1, 1, tzinfo=UTC), "")
    assert ZolaLinks(languages=("fr",)).link(post) == url


def test_zola_default_language_is_no_prefix(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(
        'base_url = "https://z.example.org"\ndefault_language = "en"\n'
        "[languages.en]\ntitle = 'English'\n[languages.fr]\ntitle = 'Français'\n"
    )
    site = postfeed.read_site(tmp_path)
    date = dt.datetime(2024, 1, 1, tzinfo=UTC)
    assert site.link("content/blog/x.md", date=date) == "/blog/x/"
    assert site.rule == ZolaLinks(languages=("fr",))  # en is the default: no /en/
    assert site.link("content/blog/x.fr.md", date=date) == "/fr/blog/x/"


def test_eleventy_site() -> None:
    site = postfeed.read_site(SITES / "eleventy")
    assert (site.generator, site.site_url, site.title, site.author) == (
        "eleventy",
        "https://eleventy.example.org/",
        "Eleventy Test",
        "Sam Example <sam@example.org>",
    )
    assert site.posts == ("src/posts",)
    base = "https://eleventy.example.org"
    assert links("eleventy") == {
        "src/posts/2024-01-01-first.md": f"{base}/articles/first/",
        "src/posts/own.md": f"{base}/special/own-page/",
    }  # src/notes/ is outside the posts collection's glob


def test_eleventy_default_permalink() -> None:
    date = dt.datetime(2024, 1, 1, tzinfo=UTC)
    rule = EleventyLinks("src")
    assert rule.link(PostInfo("src/blog/2024-01-01-x.md", {}, date, "X")) == "/blog/2024-01-01-x/"
    assert rule.link(PostInfo("src/blog/y/index.md", {}, date, "Y")) == "/blog/y/"
    assert rule.link(PostInfo("src/blog/y/y.md", {}, date, "Y")) == "/blog/y/"
    # A template postfeed cannot fill is not guessed at: the default stands.
    odd = PostInfo("src/blog/z.md", {"permalink": "/{{ collections.all | first }}/"}, date, "Z")
    assert rule.link(odd) == "/blog/z/"


@pytest.mark.parametrize(
    ("permalink", "url"),
    [
        ("/{{ page.date | date: '%Y/%m/%d' }}/index.html", "/2024/02/01/"),  # in UTC
        ('/{{ page.date | date: "%Y/%m" }}/{{ page.fileSlug }}/', "/2024/02/hello/"),
        ("/{{ title | slugify }}/", "/cats-and-dogs-ueber-groesse/"),
        ("/{{ title | slug }}/", "/cats-and-dogs:-uber-grosse!/"),
        ("/{{ category | slugify }}/{{ page.fileSlug }}/", "/big-news/hello/"),
        ("{{ page.filePathStem }}.html", "/blog/2024-01-31-hello.html"),
        ("/{{ page.fileSlug | downcase }}.{{ page.outputFileExtension }}", "/hello.html"),
        ("/{{ page.date.getFullYear() }}/{{ slug }}/", "/2024/mine/"),
        # Not plain data, or a filter postfeed does not have: Eleventy's default stands.
        ("/{{ page.date | readableDate }}/", "/blog/2024-01-31-hello/"),
        ("/{{ series }}/{{ page.fileSlug }}/", "/blog/2024-01-31-hello/"),
        ("/{{ page.date }}/", "/blog/2024-01-31-hello/"),
    ],
)
def test_eleventy_permalink_templates(permalink: str, url: str) -> None:
    date = dt.datetime(2024, 1, 31, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    meta = {
        "title": "Cats & Dogs: Über Größe!",
        "category": "Big News",
        "slug": "mine",
        "permalink": permalink,
    }
    post = PostInfo("src/blog/2024-01-31-hello.md", meta, date, "")
    assert EleventyLinks("src").link(post) == url


def test_astro_site() -> None:
    site = postfeed.read_site(SITES / "astro")
    assert (site.generator, site.site_url) == ("astro", "https://astro.example.org")
    assert (site.title, site.description) == ("Astro Test", "Collections and routes")
    assert site.posts == ("src/content/blog",)
    base = "https://astro.example.org"
    assert links("astro") == {
        "src/content/blog/First Post.md": f"{base}/blog/first-post/",
        "src/content/blog/guides/Intro.mdx": f"{base}/blog/guides/intro/",
        "src/content/blog/custom.md": f"{base}/blog/my/custom/",
    }  # _hidden.md is left out by the collection's pattern
    assert github_slug("Hello, World: ça!") == "hello-world-ça"


def test_feed_takes_the_site(tmp_path: Path) -> None:
    site = postfeed.read_site(SITES / "jekyll")
    posts = postfeed.load_posts(SITES / "jekyll", site=site)
    feed = postfeed.Feed(site=site, posts=posts)
    assert (feed.title, feed.site_url, feed.language) == (
        "Field Notes",
        "https://notes.example.org/field",
        "en-GB",
    )
    parsed = feedparser.parse(feed.atom())
    assert not parsed.bozo
    assert parsed.entries[0].link == "https://notes.example.org/field/2023/04/02/Other-Name.html"
    # What the caller gives wins over what the site says.
    assert postfeed.Feed(site=site, posts=posts, title="Mine").title == "Mine"


def test_detection() -> None:
    assert find_generator(SITES / "zola")[0] == "zola"  # type: ignore[index]
    assert find_generator(SITES / "hugo")[0] == "hugo"  # type: ignore[index]
    assert find_generator(SITES / "hugo" / "content") is None
    with pytest.raises(postfeed.SiteError, match="no site configuration"):
        postfeed.read_site(SITES / "hugo" / "content")


def test_hugo_config_toml_is_not_zola(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('baseURL = "https://h.example.org/"\ntitle = "H"\n')
    assert postfeed.read_site(tmp_path).generator == "hugo"


def test_broken_config_is_one_line_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("title: [unclosed\n")
    with pytest.raises(postfeed.SiteError) as caught:
        postfeed.read_site(tmp_path)
    message = str(caught.value)
    assert "_config.yml" in message and "\n" not in message
    (tmp_path / "_config.yml").unlink()
    (tmp_path / "pelicanconf.py").write_text("SITENAME = 'x\n")
    with pytest.raises(postfeed.SiteError, match=r"pelicanconf\.py"):
        postfeed.read_site(tmp_path)


def test_config_literals_are_read_never_run() -> None:
    assert python_literals("A = 1\nB = open('/etc/passwd').read()\n")["A"] == 1
    assert "open" in repr(python_literals("B = open('x').read()\n")["B"])
    read = js_literals(
        "const site = 'https://a.example';\n"
        "export default defineConfig({ site, base: '/docs', // a comment\n"
        "  trailingSlash: 'never', output: process.env.OUT });"
    )
    assert read["site"] == "https://a.example"
    assert (read["base"], read["trailingSlash"]) == ("/docs", "never")
    assert "process.env.OUT" in repr(read["output"])


def test_cli_reads_the_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(SITES / "hugo"), "-o", str(tmp_path), "--formats", "json"]) == 0
    feed = json.loads((tmp_path / "feed.json").read_text())
    assert feed["title"] == "Hugo Test Site"
    assert feed["home_page_url"].startswith("https://hugo.example.org")
    assert {item["url"] for item in feed["items"]} >= {
        "https://hugo.example.org/2024/03/first-post/",
        "https://hugo.example.org/notes/some-note/",
    }
    assert capsys.readouterr().err == ""


def test_cli_flags_win(tmp_path: Path) -> None:
    argv = [str(SITES / "zola"), "-o", str(tmp_path), "--formats", "json"]
    assert main([*argv, "--site-url", "https://mirror.example.net/", "--title", "Mirror"]) == 0
    feed = json.loads((tmp_path / "feed.json").read_text())
    assert feed["title"] == "Mirror"
    urls = {item["url"] for item in feed["items"]}
    assert "https://mirror.example.net/posts/2024/hello-world/" in urls
    assert main([*argv, "--link-pattern", "{slug}/"]) == 0
    feed = json.loads((tmp_path / "feed.json").read_text())
    assert "https://zola.example.org/blog/hello-world/" in {i["url"] for i in feed["items"]}


def test_cli_explain(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(SITES / "pelican"), "--explain"]) == 0
    out = capsys.readouterr().out
    assert "generator: pelican" in out
    assert "site_url: https://pelican.example.org (pelicanconf.py:7)" in out
    assert "timezone: Europe/Paris (pelicanconf.py:9)" in out
    assert "not read: author in pelicanconf.py:5 is code" in out
    assert main([str(SITES / "jekyll"), "--explain"]) == 0
    assert "title: Field Notes (_config.yml:2)" in capsys.readouterr().out


def test_cli_site_without_url(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(SITES / "astro", tmp_path / "site")
    config = tmp_path / "site" / "astro.config.mjs"
    config.write_text(config.read_text().replace("const site = ", "const other = "))
    assert main([str(tmp_path / "site"), "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--site-url is required" in err
    out = str(tmp_path / "out")
    assert main([str(tmp_path / "site"), "-o", out, "--site-url", "https://x.example.org/"]) == 0
    assert main([str(tmp_path / "site"), "--explain"]) == 0
    out = capsys.readouterr().out
    assert "not read: site_url: the site's configuration does not give it; set --site-url" in out
    assert "trailing_slash: always (astro.config.mjs:8)" in out


def test_cli_broken_site_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "hugo.toml").write_text("title = \n")
    assert main([str(tmp_path), "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("postfeed: error: ") and "hugo.toml" in err and err.count("\n") == 1


def test_docusaurus_site() -> None:
    site = postfeed.read_site(SITES / "docusaurus")
    assert (site.generator, site.site_url, site.title, site.description) == (
        "docusaurus",
        "https://docs.example.org/product",
        "Docusaurus Test",
        "Release notes",
    )
    base = "https://docs.example.org/product"
    assert links("docusaurus") == {
        "blog/2021-08-26-welcome/index.md": f"{base}/news/2021/08/26/welcome",
        "blog/plain-post.md": f"{base}/news/plain-post",
        "blog/slugged.mdx": f"{base}/news/custom-place",
    }  # _partial.md is left out; docs/ is not the blog


def test_mkdocs_blog_site() -> None:
    site = postfeed.read_site(SITES / "mkdocs")  # its !!python tag is read as nothing
    assert (site.generator, site.site_url, site.author) == (
        "mkdocs",
        "https://mkdocs.example.org/manual/",
        "Robin Example",
    )
    base = "https://mkdocs.example.org/manual"
    assert links("mkdocs") == {
        "docs/blog/posts/v2.md": f"{base}/blog/release-notes/version-20-is-out/",
        "docs/blog/posts/own.md": f"{base}/blog/news/own-slug/",
    }
    date = dt.datetime(2024, 3, 4, tzinfo=UTC)
    post = PostInfo("docs/blog/posts/a.md", {"title": "A b"}, date, "A b")
    assert MkDocsLinks(directory_urls=False).link(post) == "/blog/2024/03/04/a-b.html"
    assert MkDocsLinks(date_format="yyyy/MMMM").link(post) == "/blog/2024/March/a-b/"


def test_eleventy_base_blog_layout() -> None:
    site = postfeed.read_site(SITES / "eleventy-base")
    assert (site.site_url, site.title, site.author) == (
        "https://base.example.org/",
        "Base Blog Test",
        "Alex Example <alex@example.org>",
    )  # from ../_data/metadata.js, the data folder the config names
    assert site.posts == ("content/blog",)  # tagged posts by blog.11tydata.js
    assert links("eleventy-base") == {
        "content/blog/firstpost.md": "https://base.example.org/blog/firstpost/",
        "content/blog/second/index.md": "https://base.example.org/blog/second/",
    }


def test_cli_explain_needs_a_site(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(SITES / "hugo" / "content"), "--explain"]) == 2
    assert "not a site folder" in capsys.readouterr().err


def test_hugo_module_mounts(tmp_path: Path) -> None:
    (tmp_path / "hugo.yaml").write_text(
        "baseURL: https://m.example.org/\n"
        "module:\n  mounts:\n"
        "    - {source: content/fr, target: content, lang: fr}\n"
        "    - {source: content/en, target: content, lang: en}\n"
    )
    (tmp_path / "content" / "en" / "posts").mkdir(parents=True)
    post = tmp_path / "content" / "en" / "posts" / "hi.md"
    post.write_text("---\ntitle: Hi\ndate: 2024-01-01\n---\n")
    site = postfeed.read_site(tmp_path)
    assert site.posts == ("content/en/posts",)
    [loaded] = postfeed.load_posts(tmp_path, site=site)
    assert loaded.link == "https://m.example.org/posts/hi/"


def test_a_site_without_posts_warns(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "_config.yml").write_text("title: Empty\nurl: https://e.example.org\n")
    site = postfeed.read_site(tmp_path)
    assert postfeed.load_posts(tmp_path, site=site) == []
    assert "no posts folder in this jekyll site" in caplog.text


def test_astro_collection_patterns(tmp_path: Path) -> None:
    shutil.copytree(SITES / "astro", tmp_path / "site")
    config = tmp_path / "site" / "src" / "content.config.ts"
    config.write_text(config.read_text().replace('"**/[^_]*.{md,mdx}"', '"**/*.(md|mdx)"'))
    site = postfeed.read_site(tmp_path / "site")
    assert site.is_post("src/content/blog/guides/Intro.mdx")
    assert site.is_post("src/content/blog/_hidden.md")  # this pattern keeps it
    assert not site.is_post("src/content/blog/notes.txt")


def test_starlight_blog_site() -> None:
    site = postfeed.read_site(SITES / "starlight")
    assert (site.title, site.description) == ("Starlight Test", "Docs with a blog")
    assert site.posts == ("src/content/docs/blog",)
    assert links("starlight") == {
        "src/content/docs/blog/Version 2 Released!.md": (
            "https://docs.example.net/blog/version-2-released/"
        )
    }
    assert "title: Starlight Test (astro.config.mjs:13)" in site.explain()


def test_hugo_title_of_the_default_language(tmp_path: Path) -> None:
    (tmp_path / "hugo.toml").write_text(
        'baseURL = "https://l.example.org/"\ndefaultContentLanguage = "de"\n'
        '[languages.de]\ntitle = "Der Titel"\n[languages.en]\ntitle = "The title"\n'
    )
    assert postfeed.read_site(tmp_path).title == "Der Titel"


def test_walk_skips_what_the_generator_ignores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A site's posts folders are walked without going into node_modules, the build
    output, or what .gitignore and .eleventyignore name: the generator reads none of it."""
    (tmp_path / "eleventy.config.js").write_text(
        "module.exports = function (eleventyConfig) {\n"
        '  eleventyConfig.addCollection("posts", (c) => c.getFilteredByGlob("**/*.md"));\n'
        '  return { dir: { output: "build" } };\n};\n'
    )
    (tmp_path / ".gitignore").write_text("# generated\nscratch/\n*.log\n")
    (tmp_path / ".eleventyignore").write_text("old-drafts\n")
    post = "---\ntitle: T\ndate: 2024-01-01\n---\nText.\n"
    for path in (
        "blog/hello.md",
        "node_modules/pkg/notes.md",
        "blog/node_modules/x/notes.md",
        "build/blog/hello.md",
        "scratch/idea.md",
        "old-drafts/2019.md",
    ):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(post)
    listed: list[str] = []
    scandir = os.scandir

    def recording(path: str) -> object:
        listed.append(Path(path).relative_to(tmp_path).as_posix())
        return scandir(path)

    site = postfeed.read_site(tmp_path)
    monkeypatch.setattr("postfeed.discovery.os.scandir", recording)
    loaded = postfeed.load_posts(tmp_path, site=site)
    assert [Path(str(p.path)).relative_to(tmp_path).as_posix() for p in loaded] == ["blog/hello.md"]
    assert sorted(listed) == [".", "blog"]  # never went into the others


def test_pelican_output_is_not_walked(tmp_path: Path) -> None:
    (tmp_path / "pelicanconf.py").write_text(
        "SITEURL = 'https://p.example.org'\nPATH = '.'\nOUTPUT_PATH = 'public/'\n"
    )
    for path in ("2024-01-01-hello.md", "public/copy.md", "node_modules/x/y.md"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(f"Title: {path}\nDate: 2024-01-01\n\nText.\n")
    site = postfeed.read_site(tmp_path)
    assert site.skip == ("public",)
    loaded = postfeed.load_posts(tmp_path, site=site)
    assert [Path(str(p.path)).name for p in loaded] == ["2024-01-01-hello.md"]


def test_jekyll_skips_its_destination_and_excludes() -> None:
    site = postfeed.read_site(SITES / "jekyll")
    assert site.skip[:2] == ("_site", "vendor/bundle")
    assert site.skip_under("news") == frozenset({"node_modules"})
    shifted = replace(site, skip=("news/_posts/old",))
    assert shifted.skip_under("news/_posts") == frozenset({"node_modules", "old"})


def _write(root: Path, files: dict[str, str]) -> None:
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)


def _loaded(root: Path) -> list[str]:
    site = postfeed.read_site(root)
    return sorted(
        Path(str(p.path)).relative_to(root).as_posix() for p in postfeed.load_posts(root, site=site)
    )


def test_hugo_ignore_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Hugo's ignoreFiles: regular expressions searched for in the absolute path of each
    file and folder it walks; a folder that matches is not walked. An invalid one is a
    line in --explain, not a crash."""
    _write(
        tmp_path,
        {
            "hugo.toml": "baseURL = 'https://h.example.org/'\ntitle = 'H'\n"
            "ignoreFiles = ['\\.draft\\.md$', '/content/posts/wip$', '^content/', '(?<=x']\n",
            "content/posts/hello.md": "---\ntitle: Hello\ndate: 2024-01-01\n---\nText.\n",
            "content/posts/idea.draft.md": "---\ntitle: Idea\ndate: 2024-01-02\n---\nText.\n",
            "content/posts/wip/index.md": "---\ntitle: Wip\ndate: 2024-01-03\n---\nText.\n",
            "content/posts/wiping/index.md": "---\ntitle: Wiping\ndate: 2024-01-04\n---\nT.\n",
        },
    )
    # '^content/' matches nothing: the path is absolute ('/…/content/posts/…').
    assert _loaded(tmp_path) == ["content/posts/hello.md", "content/posts/wiping/index.md"]
    assert main([str(tmp_path), "--explain"]) == 0
    out = capsys.readouterr().out
    assert "ignore_files: \\.draft\\.md$, /content/posts/wip$, ^content/ (hugo.toml:3)" in out
    assert "not read: ignoreFiles in hugo.toml:3: '(?<=x' is not a regular expression" in out


def test_zola_ignored_content(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Zola's ignored_content: globs matched, as globset matches them (``*`` crossing
    ``/``), against the absolute path of each file it walks; a section folder that
    matches is not read: its pages are in no section."""
    page = "+++\ntitle = 'P'\ndate = 2024-01-01\n+++\nText.\n"
    _write(
        tmp_path,
        {
            "config.toml": "base_url = 'https://z.example.org'\ntitle = 'Z'\n"
            "ignored_content = ['*.txt.md', '**/draft-*.md', 'blog/keep.md', "
            "'**/blog/old', 'bad[']\n",
            "content/_index.md": "+++\n+++\n",
            "content/blog/_index.md": "+++\nsort_by = 'date'\n+++\n",
            "content/blog/keep.md": page,
            "content/blog/notes.txt.md": page,
            "content/blog/draft-one.md": page,
            "content/blog/year/draft-two.md": page,
            "content/blog/mydraft-three.md": page,
            "content/blog/old/_index.md": "+++\nsort_by = 'date'\n+++\n",
            "content/blog/old/archived.md": page,
        },
    )
    # 'blog/keep.md' matches no absolute path; the ignored `old` section is not read: its
    # page belongs to no section, not to the blog's.
    assert _loaded(tmp_path) == ["content/blog/keep.md", "content/blog/mydraft-three.md"]
    assert main([str(tmp_path), "--explain"]) == 0
    out = capsys.readouterr().out
    read = "ignored_content: *.txt.md, **/draft-*.md, blog/keep.md, **/blog/old (config.toml:3)"
    assert read in out
    assert "'blog/keep.md' matches no file, as Zola matches the absolute path" in out
    assert "not read: ignored_content in config.toml:3: 'bad[' is a glob with an unclosed [" in out


@pytest.mark.parametrize(
    ("glob", "path", "matches"),
    [
        ("*.xlsx", "/s/content/a/b.xlsx", True),  # * crosses /
        ("**/draft-*.md", "/s/content/draft-x.md", True),
        ("**/draft-*.md", "/s/content/mydraft-x.md", False),
        ("drafts/*", "/s/content/drafts/a.md", False),  # the whole path must match
        ("**/drafts/**", "/s/content/drafts/x/a.md", True),
        ("a/**/b", "a/b", True),
        ("a/**/b", "a/x/y/b", True),
        ("*.{graphml,iso}", "foo/bar/foo.iso", True),
        ("*.py?", "foo.py", False),
        ("[!a]x", "ax", False),
        ("[]a]", "]", True),
        ("\\*", "*", True),
    ],
)
def test_globset_regex(glob: str, path: str, matches: bool) -> None:
    from postfeed.site._readers import globset_regex

    assert (re.search(globset_regex(glob), path) is not None) is matches


def test_zola_date_time_names(tmp_path: Path) -> None:
    """A Zola page named with an RFC 3339 date-time (or a date, then one space and a
    `-`) takes its date from the name when its front matter has none."""
    page = "+++\ntitle = 'P'\n+++\nText.\n"
    _write(
        tmp_path,
        {
            "config.toml": "base_url = 'https://z.example.org'\n",
            "content/_index.md": "+++\nsort_by = 'date'\n+++\n",
            "content/2024-02-03T10:00:00+01:00_timed.md": page,
            "content/2024-02-04T08:30:00.25Z-bundle/index.md": page,
            "content/2021-01-23 -spaced.md": page,
            "content/2024-02-05T10:00:00Z_dated.md": "+++\ndate = 2020-05-06\n+++\nText.\n",
        },
    )
    site = postfeed.read_site(tmp_path)
    posts = {Path(str(p.path)).relative_to(tmp_path / "content").as_posix(): p for p in
             postfeed.load_posts(tmp_path, site=site)}  # fmt: skip
    assert {k: p.date for k, p in posts.items()} == {
        "2024-02-03T10:00:00+01:00_timed.md": dt.datetime(
            2024, 2, 3, 10, tzinfo=dt.timezone(dt.timedelta(hours=1))
        ),
        "2024-02-04T08:30:00.25Z-bundle/index.md": dt.datetime(
            2024, 2, 4, 8, 30, 0, 250000, tzinfo=UTC
        ),
        "2021-01-23 -spaced.md": dt.datetime(2021, 1, 23, tzinfo=UTC),
        "2024-02-05T10:00:00Z_dated.md": dt.datetime(2020, 5, 6, tzinfo=UTC),  # front matter wins
    }
    assert posts["2024-02-03T10:00:00+01:00_timed.md"].link == "https://z.example.org/timed/"
    assert posts["2024-02-03T10:00:00+01:00_timed.md"].title == "P"
