"""Search engines and sharing, read from the built site: descriptions, canonical
and hreflang links, sitemap (alternates, git dates), robots.txt, Open Graph and
Twitter cards, a 404 page per language, and an Atom feed of minutes per language.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import DOCS, ROOT, html_pages

sys.path.insert(0, str(ROOT / "hooks"))

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml",
      "a": "http://www.w3.org/2005/Atom"}
OG_LOCALE = {"fr": "fr_FR", "en": "en_GB"}


def site_url() -> str:
    default = re.search(r'^site_url: !ENV \[SITE_URL, "([^"]+)"\]', (ROOT / "mkdocs.yml").read_text(), re.M)
    return os.environ.get("SITE_URL") or default.group(1)


class Head(HTMLParser):
    def __init__(self, text: str):
        super().__init__()
        self.lang, self.meta, self.links, self.h1 = None, {}, [], ""
        self._in_h1 = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "meta" and ("name" in a or "property" in a):
            self.meta.setdefault(a.get("name") or a.get("property"), []).append(a.get("content"))
        elif tag == "link":
            self.links.append(a)
        elif tag == "h1":
            self._in_h1 = True

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._in_h1:
            self.h1 += data

    def one(self, name):
        values = self.meta.get(name, [])
        return values[0] if len(values) == 1 else None


@pytest.fixture(scope="module")
def pages(site) -> dict[str, Head]:
    """Every indexable page by its site path ('', 'en/reunions/', ...), 404 pages excluded."""
    out = {}
    for path in html_pages(site):
        rel = path.relative_to(site).as_posix()
        if rel.endswith("404.html"):
            continue
        out[rel.removesuffix("index.html")] = Head(path.read_text(encoding="utf-8"))
    assert len(out) >= 20
    return out


def url_to_path(url: str) -> str:
    assert url.startswith(site_url()), f"{url} is not under {site_url()}"
    return url.removeprefix(site_url())


def test_every_page_has_its_own_description(pages):
    seen: dict[str, str] = {}
    for path, head in pages.items():
        description = head.one("description")
        assert description and len(description) >= 50, f"/{path}: missing or too short meta description"
        assert description not in seen, f"/{path} and /{seen.get(description)} share a description"
        seen[description] = path


def test_canonical_is_absolute_and_points_to_the_page_itself(pages):
    assert [link["href"] for link in pages[""].links if link.get("rel") == "canonical"] == [site_url()]
    for path, head in pages.items():
        canonical = [link["href"] for link in head.links if link.get("rel") == "canonical"]
        assert canonical == [site_url() + path], f"/{path}: canonical {canonical}"


def test_hreflang_links_are_absolute_complete_and_reciprocal(pages):
    for path, head in pages.items():
        alts = {link["hreflang"]: link["href"] for link in head.links
                if link.get("rel") == "alternate" and "hreflang" in link}
        assert set(alts) == {"fr", "en", "x-default"}, f"/{path}: hreflang {sorted(alts)}"
        assert alts["x-default"] == alts["fr"], f"/{path}: x-default should be the French original"
        assert alts[head.lang] == site_url() + path, f"/{path}: its own hreflang is {alts[head.lang]}"
        for lang, href in alts.items():
            other = pages.get(url_to_path(href))
            assert other is not None, f"/{path}: hreflang {lang} points to a missing page {href}"
            back = {link["hreflang"]: link["href"] for link in other.links if "hreflang" in link}
            assert back.get(head.lang) == site_url() + path, f"{href} does not link back to /{path}"


def test_open_graph_and_twitter_cards(pages):
    for path, head in pages.items():
        where = f"/{path}"
        assert head.one("og:url") == site_url() + path, where
        assert head.one("og:description") == head.one("description"), where
        assert head.one("og:title"), where
        # Twitter/X falls back to og:title and og:description: no duplicates
        assert "twitter:title" not in head.meta and "twitter:description" not in head.meta, where
        assert head.one("og:locale") == OG_LOCALE[head.lang], where
        assert head.meta.get("og:locale:alternate") == [v for k, v in OG_LOCALE.items() if k != head.lang], where
        assert head.one("og:site_name") and head.one("og:type") == "website", where
        assert head.one("twitter:card") == "summary", where
        assert not any(k.endswith(":image") for k in head.meta), f"{where}: an image card would need an image"


def _git_date(path: Path) -> str:
    return subprocess.run(["git", "log", "-1", "--format=%cs", "--", str(path)], cwd=ROOT,
                          capture_output=True, text=True).stdout.strip()


def _source(path: str, lang: str) -> Path:
    """'en/reunions/DATE/' -> docs/reunions/DATE/index.en.md"""
    stem = path.removeprefix("en/").rstrip("/") or "index"
    folder = DOCS / stem / f"index.{lang}.md"
    return folder if folder.exists() else DOCS / f"{stem}.{lang}.md"


def test_sitemap_lists_every_page_with_alternates_and_git_dates(site, pages):
    root = ET.parse(site / "sitemap.xml").getroot()
    entries = {url.findtext("s:loc", namespaces=NS): url for url in root.findall("s:url", NS)}
    assert set(entries) == {site_url() + path for path in pages}, "the sitemap and the built pages differ"
    for loc, url in entries.items():
        path = url_to_path(loc)
        alts = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
        assert set(alts) == {"fr", "en", "x-default"}, f"{loc}: sitemap alternates {sorted(alts)}"
        assert all(href in entries for href in alts.values()), f"{loc}: alternate outside the sitemap"
        lang = pages[path].lang
        if path.removeprefix("en/").startswith("organisations/") and path.count("/") > 1 + path.startswith("en/"):
            # an organisation's page is made from data/: the organisations, and
            # each listed meeting's data file and record pages
            built = (site / path / "index.html").read_text(encoding="utf-8")
            dates = dict.fromkeys(re.findall(r'<h2 id="r(\d{4}-\d\d-\d\d)"', built))
            deps = [ROOT / "data" / "organisations.yml"] + [
                p for d in dates for p in [ROOT / "data" / "meetings" / f"{d}.yml",
                                           *(DOCS / "reunions" / d).glob(f"compte-rendu*.{lang}.md")]]
        else:
            source = _source(path, lang)
            assert source.exists(), f"{loc}: no source file {source}"
            text = source.read_text(encoding="utf-8")
            deps = [source] + [DOCS / "_snippets" / s for s in re.findall(r'^\s*-+8<-+\s+"([^"]+)"', text, re.M)]
        dates = [d for d in map(_git_date, deps) if d]
        if dates:  # committed: the date comes from git, not from the clock
            assert url.findtext("s:lastmod", namespaces=NS) == max(dates), f"{loc}: lastmod is not the git date"
    with_gzip = (site / "sitemap.xml.gz")
    if with_gzip.exists():
        import gzip
        assert gzip.decompress(with_gzip.read_bytes()) == (site / "sitemap.xml").read_bytes()


def test_robots_txt_points_at_the_sitemap(site):
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert re.search(r"^User-agent: \*$", robots, re.M)
    assert not re.search(r"^Disallow: /\s*$", robots, re.M), "robots.txt blocks the whole site"
    assert f"Sitemap: {site_url()}sitemap.xml" in robots.splitlines()


@pytest.mark.parametrize("path, lang, title, home", [
    ("404.html", "fr", "Page introuvable", 'href="/"'),
    ("en/404.html", "en", "Page not found", 'href="/en/"'),
])
def test_a_404_page_in_each_language(site, path, lang, title, home):
    text = (site / path).read_text(encoding="utf-8")
    head = Head(text)
    assert head.lang == lang
    assert head.h1.strip() == title
    assert head.one("robots") == "noindex"
    assert not any(link.get("rel") == "canonical" for link in head.links)
    if urlsplit_path() == "/":
        assert home in text, f"{path}: no link to the {lang} home page"
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "404" not in sitemap


def urlsplit_path() -> str:
    from urllib.parse import urlsplit
    return urlsplit(site_url()).path


def _meetings() -> dict:
    from meetings import load_meetings
    return load_meetings()


@pytest.mark.parametrize("lang, feed", [("fr", "feed.xml"), ("en", "en/feed.xml")])
def test_an_atom_feed_of_minutes_in_each_language(site, pages, lang, feed):
    root = ET.parse(site / feed).getroot()
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    self_link = [link.get("href") for link in root.findall("a:link", NS) if link.get("rel") == "self"]
    assert self_link == [site_url() + feed]
    meetings = {d: m for d, m in _meetings()[lang].items() if m.status == "final"}   # drafts are not published
    entries = root.findall("a:entry", NS)
    assert len(entries) == len(meetings), f"{feed}: {len(entries)} entries for {len(meetings)} published meetings"
    for entry in entries:
        href = entry.find("a:link", NS).get("href")
        date = re.search(r"reunions/(\d{4}-\d{2}-\d{2})/$", href).group(1)
        assert url_to_path(href) in pages, f"{feed}: entry links to a missing page {href}"
        assert entry.findtext("a:updated", namespaces=NS) == f"{meetings[date].report_date}T00:00:00Z"
        assert entry.findtext("a:id", namespaces=NS) == href
        assert entry.findtext("a:title", namespaces=NS)
    # every page of that language announces the feed
    for path, head in pages.items():
        if head.lang == lang:
            feeds = [link["href"] for link in head.links if link.get("type") == "application/atom+xml"]
            assert feeds[:1] == [site_url() + feed], f"/{path}: feed links {feeds}"
            # an organisation's page also announces its own feed (tests/test_feeds.py), and only it
            org = re.match(r"(?:en/)?organisations/([a-z0-9-]+)/", path)
            assert feeds[1:] == ([site_url() + feed.removesuffix("feed.xml") + f"feeds/organisations/{org.group(1)}.xml"]
                                 if org else []), f"/{path}: feed links {feeds}"


def test_a_page_without_description_fails_the_build_naming_the_file(tmp_path):
    from common import BuildError
    import seo

    class File:
        src_path = "exemple.fr.md"
        abs_src_path = str(DOCS / "exemple.fr.md")

    class Page:
        file = File()
        meta = {"title": "Exemple"}

    class Config(dict):
        docs_dir = str(DOCS)

    with pytest.raises(BuildError, match=r"docs/exemple\.fr\.md:1: description: missing"):
        seo.on_page_markdown("# Exemple\n", Page(), Config(), None)
