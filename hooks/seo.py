"""Search engines and sharing: descriptions, canonical and hreflang links,
sitemap with git dates, robots.txt, Atom feeds of minutes, one 404 per language.

Every page needs a `description:` in its front matter, unique within its
language; a missing or repeated one stops the build, naming the file.
overrides/main.html renders what this hook puts in the page context as `seo`.
static-i18n builds French first, then English, into the same folder; the
files that concern the whole site are written after the last build.
An English page whose translation is pending (`translation: pending`: it
shows the French text) is not announced as English: noindex, no hreflang, not
in the sitemap, its meeting not in the English feed.
"""
from __future__ import annotations

import datetime as dt
import gzip
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.utils import get_relative_url

import atom
from freshness import is_pending
from common import DEFAULT_LANG, LANGS, ROOT, BuildError, format_date, git_last_commits, line_of, page_lang, rel
from meetings import T as MEETING_T
from meetings import public_meetings

OG_LOCALE = {"fr": "fr_FR", "en": "en_GB"}
FEED = {"fr": "Comptes rendus des réunions", "en": "Meeting minutes"}
NOT_FOUND = {  # (title, description) of the 404 pages
    "fr": ("Page introuvable", "Cette page n'existe pas ou a été déplacée."),
    "en": ("Page not found", "This page does not exist or has been moved."),
}
SNIPPET = re.compile(r'^\s*-{1,}8<-{1,}\s+"([^"]+)"', re.M)
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"

_pages: dict[str, dict] = {}         # absolute URL -> {lang, alternates, lastmod}
_descriptions: dict[tuple, str] = {}  # (lang, description) -> file
_dates: dict[str, str] = {}           # repository path -> last commit date
_meetings: dict = {}
_saved_404: dict[str, bytes] = {}


def _lang(config) -> str:
    return config.theme["language"]


def _names(config) -> dict[str, str]:
    return {lang.locale: lang.name for lang in config.plugins["i18n"].config.languages}


def _git_dates() -> dict[str, str]:
    """Last commit date of every file under docs/ and data/, in one git call."""
    return {name: day for name, (_, day) in (git_last_commits(ROOT, "docs", "data") or {}).items()}


def _lastmod(path: Path) -> str:
    """The file's last commit date; its modification date if git does not know it."""
    resolved = path.resolve()
    key = resolved.relative_to(ROOT).as_posix() if resolved.is_relative_to(ROOT) else ""
    if key in _dates:
        return _dates[key]
    return dt.date.fromtimestamp(path.stat().st_mtime).isoformat()


# --- MkDocs events ---------------------------------------------------------------

def on_pre_build(config):
    if _lang(config) == DEFAULT_LANG:  # the first of the builds static-i18n runs
        _pages.clear()
        _saved_404.clear()
        _dates.clear()
        _dates.update(_git_dates())
        _meetings.clear()
        _meetings.update(public_meetings(Path(config.docs_dir)))   # no draft in the feeds
    _descriptions.clear()


def on_page_markdown(markdown, page, config, files):
    src = Path(page.file.abs_src_path)
    lang = page_lang(page.file.src_path)
    description = " ".join(str(page.meta.get("description") or "").split())
    if not description:
        raise BuildError([f"{rel(src)}:1: description: missing; every page needs a one-sentence "
                          "`description:` in its front matter (search results and link previews show it)"])
    where = rel(src)
    other = _descriptions.setdefault((lang, description), where)
    if other != where:
        n = line_of(src, r"^description\s*:")
        raise BuildError([f"{where}:{n}: description: the same as in {other}; each page needs its own"])
    page.meta["description"] = description
    snippets = [Path(config.docs_dir) / "_snippets" / name for name in SNIPPET.findall(markdown)]
    page.meta["lastmod"] = max(_lastmod(p) for p in [src, *snippets] if p.exists())
    return markdown


def on_page_context(context, page, config, nav):
    site = config.site_url
    lang = page_lang(page.file.src_path)
    alternates = {code: site + f.url.removeprefix("./") for code, f in getattr(page.file, "alternates", {}).items()}
    alternates.setdefault(lang, page.canonical_url)
    pending = [code for code in alternates if code != DEFAULT_LANG
               and is_pending(Path(config.docs_dir) / (page.file.src_path.rsplit(".", 2)[0] + f".{code}.md"))]
    for code in pending:  # a pending translation shows the French: not an alternate
        del alternates[code]
    if lang not in pending:
        _pages[page.canonical_url] = {"lang": lang, "alternates": alternates, "lastmod": page.meta["lastmod"]}
    links = {code: get_relative_url(f.url, page.url) for code, f in getattr(page.file, "alternates", {}).items()}
    links.setdefault(lang, get_relative_url(page.url, page.url))
    title = config.site_name if page.is_homepage else (page.meta.get("title") or page.title)
    context["seo"] = _context(config, lang, title, page.meta["description"], page.canonical_url, alternates, links,
                              noindex=lang in pending)
    return context


def on_template_context(context, template_name, config):
    if template_name == "404.html":
        lang = _lang(config)
        home = config.site_url + ("" if lang == DEFAULT_LANG else lang + "/")
        homes = {code: config.site_url + ("" if code == DEFAULT_LANG else code + "/") for code in LANGS}
        base = urlsplit(config.site_url).path  # a 404 page is served from any folder
        links = {code: base + url.removeprefix(config.site_url) for code, url in homes.items()}
        context["seo"] = _context(config, lang, *NOT_FOUND[lang], home, homes, links, noindex=True)
        context["seo"]["home"] = links[lang]
    return context


def _context(config, lang, title, description, url, alternates, links, noindex=False) -> dict:
    names = _names(config)
    return {
        "lang": lang,
        "title": title,
        "description": description,
        "canonical": None if noindex else url,
        "noindex": noindex,
        "hreflang": [] if noindex else [(code, alternates[code]) for code in LANGS if code in alternates]
        + ([("x-default", alternates[DEFAULT_LANG])] if DEFAULT_LANG in alternates else []),
        "switcher": [(code, names.get(code, code), links[code]) for code in LANGS if code in links],
        "og_locale": OG_LOCALE[lang],
        "og_locale_alternate": [OG_LOCALE[c] for c in LANGS if c != lang and c in alternates],
        "feed": _feed_url(config, lang),
        "feed_title": FEED[lang],
        "url": url,
    }


def _feed_url(config, lang) -> str:
    return config.site_url + ("" if lang == DEFAULT_LANG else lang + "/") + "feed.xml"


def on_post_build(config):
    site = Path(config.site_dir)
    lang = _lang(config)
    # static-i18n writes one 404.html at the root in each build: keep each language's
    not_found = site / "404.html"
    if not_found.exists():
        _saved_404[lang] = not_found.read_bytes()
    if lang != DEFAULT_LANG and lang in _saved_404:
        (site / lang).mkdir(exist_ok=True)
        (site / lang / "404.html").write_bytes(_saved_404[lang])
        if DEFAULT_LANG in _saved_404:
            not_found.write_bytes(_saved_404[DEFAULT_LANG])
    feed_dir = site if lang == DEFAULT_LANG else site / lang
    _write_feed(feed_dir / "feed.xml", config, lang)
    _write_sitemap(site, config)
    (site / "robots.txt").write_text(f"User-agent: *\nAllow: /\n\nSitemap: {config.site_url}sitemap.xml\n",
                                     encoding="utf-8")


def _write_sitemap(site: Path, config) -> None:
    ET.register_namespace("", SITEMAP)
    ET.register_namespace("xhtml", XHTML)
    urlset = ET.Element(f"{{{SITEMAP}}}urlset")
    for url, info in sorted(_pages.items()):
        node = ET.SubElement(urlset, f"{{{SITEMAP}}}url")
        ET.SubElement(node, f"{{{SITEMAP}}}loc").text = url
        ET.SubElement(node, f"{{{SITEMAP}}}lastmod").text = info["lastmod"]
        alternates = info["alternates"]
        for code in LANGS:
            if code in alternates:
                ET.SubElement(node, f"{{{XHTML}}}link", rel="alternate", hreflang=code, href=alternates[code])
        if DEFAULT_LANG in alternates:
            ET.SubElement(node, f"{{{XHTML}}}link", rel="alternate", hreflang="x-default",
                          href=alternates[DEFAULT_LANG])
    ET.indent(urlset)
    data = ET.tostring(urlset, encoding="utf-8", xml_declaration=True)
    (site / "sitemap.xml").write_bytes(data)
    (site / "sitemap.xml.gz").write_bytes(gzip.compress(data, mtime=0))


def _write_feed(path: Path, config, lang: str) -> None:
    """An Atom feed of the meetings: one entry per meeting, dated from its metadata."""
    t = MEETING_T[lang]
    prefix = config.site_url + ("" if lang == DEFAULT_LANG else lang + "/")
    meetings = sorted(_meetings.get(lang, {}).items(), reverse=True)
    docs = Path(config.docs_dir)
    entries = [atom.Entry(id=f"{prefix}reunions/{date}/", url=f"{prefix}reunions/{date}/",
                          title=t["meeting"].format(date=format_date(meeting.date, lang)),
                          published=meeting.report_date, updated=meeting.report_date,
                          summary=f"{meeting.subject} ({meeting.place})")
               for date, meeting in meetings
               # a pending translation's page shows the French: not in this language's feed
               if lang == DEFAULT_LANG or not is_pending(docs / "reunions" / str(date) / f"index.{lang}.md")]
    atom.write(path, lang=lang, title=f"{config.site_name} — {FEED[lang]}", self_url=_feed_url(config, lang),
               page_url=prefix + "reunions/", author=config.site_author,
               updated=max((m.report_date for _, m in meetings), default=dt.date(2013, 1, 1)), entries=entries)
