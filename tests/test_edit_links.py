"""Edit links open the file that holds the page's text, in the page's language;
a page made of several files names them in one line under the article.

Read from the built HTML. Meetings are found in docs/, never named.
"""
from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

import pytest
import yaml

from conftest import DOCS, ROOT, html_pages

EDIT = re.compile(r'<a href="([^"]+)" class="md-content__button md-edit-link" rel="edit">.*?<span>([^<]+)</span>', re.S)
BASE = re.compile(r"^https://github\.com/[^/]+/[^/]+/edit/main/")
NOTE = re.compile(r'<p class="edit-sources" data-pagefind-ignore>(.*?)</p>', re.S)
INCLUDE = re.compile(r'^[ \t]*--8<--[ \t]+"([^"]+)"[ \t]*$', re.M)
MARKER = re.compile(r"^[ \t]*<!--[ \t]*([a-z-]+)[ \t]*-->[ \t]*$", re.M)
FRONT = re.compile(r"\A---\s*\n.*?\n---\s*\n", re.S)
LABEL = {"fr": "Modifier cette page", "en": "Edit this page"}
MEETINGS = sorted(p.name for p in (DOCS / "reunions").iterdir() if re.fullmatch(r"\d{4}-\d\d-\d\d", p.name))


def plain(text: str) -> str:
    """Text as a reader compares it: no tags, entities read, one kind of space and apostrophe."""
    text = htmllib.unescape(re.sub(r"<[^>]+>", " ", text))
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("\u202f", " ").replace("\u00a0", " "))


def article(page_html: str) -> str:
    return page_html[page_html.index("<article"):page_html.index("</article>")]


def source_of(site: Path, page: Path) -> Path | None:
    """docs/ file a built page comes from (None for pages made by hooks)."""
    rel = page.relative_to(site).as_posix()
    lang = "en" if rel.startswith("en/") else "fr"
    stem = rel.removeprefix("en/").removesuffix("index.html").rstrip("/")
    for cand in ([f"{stem}.{lang}.md", f"{stem}/index.{lang}.md"] if stem else [f"index.{lang}.md"]):
        if (DOCS / cand).is_file():
            return DOCS / cand
    return None


def edit_link(page: Path) -> tuple[str, str] | None:
    m = EDIT.search(page.read_text(encoding="utf-8"))
    return m.groups() if m else None


def sentences(path: Path) -> list[str]:
    """Pieces of a file's own text a reader should find on the page."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".yml":
        out = []

        def walk(node):
            if isinstance(node, str):
                out.append(node)
            elif isinstance(node, dict):
                for v in node.values():
                    walk(v)
            elif isinstance(node, list):
                for v in node:
                    walk(v)
        walk(yaml.safe_load(text))
        return [plain(s) for s in out if len(s) >= 12]
    body = FRONT.sub("", text)
    out = []
    for line in body.splitlines():
        line = line.strip()
        if not line or INCLUDE.match(line) or MARKER.match(line) or line.startswith(("#", "<", "{", "!!!")):
            continue
        line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)           # links: their text
        line = re.sub(r"\{[^{}]*\}|[*_`]|^[-:>]\s*|^\d+\.\s*", "", line)  # attributes, emphasis, list marks
        if len(line) >= 30:
            out.append(plain(line)[:40])
    return out


@pytest.fixture(scope="module")
def pages(site):
    return [p for p in html_pages(site) if p.name == "index.html"]


def test_every_page_has_an_edit_link_in_its_language_to_a_file_that_exists(site, pages):
    assert len(pages) > 10
    for page in pages:
        rel = page.relative_to(site).as_posix()
        lang = "en" if rel.startswith("en/") else "fr"
        found = edit_link(page)
        if source_of(site, page) is None:      # made by a hook (a year's meetings): nothing to edit
            assert found is None, f"{rel}: edit link on a generated page"
            continue
        assert found, f"{rel}: no edit link"
        url, label = found
        assert label == LABEL[lang], f"{rel}: label {label!r}"
        assert BASE.match(url), f"{rel}: {url}"
        target = BASE.sub("", url)
        assert (ROOT / target).is_file(), f"{rel}: {target} does not exist"
        other = "fr" if lang == "en" else "en"
        assert not re.search(rf"\.{other}\.(md|yml)$", target), f"{rel}: edits {target}, the other language's file"


def test_the_edited_file_holds_text_that_is_on_the_page(site, pages):
    """The attack the issue names: a link to a file holding only `--8<--` or a marker."""
    for page in pages:
        found = edit_link(page)
        if not found:
            continue
        rel = page.relative_to(site).as_posix()
        target = ROOT / BASE.sub("", found[0])
        own = sentences(target)
        html = page.read_text(encoding="utf-8")
        if not own:   # only a title and a marker: allowed only where the text comes from several files, named
            note = NOTE.search(html)
            others = set(re.findall(r"<code>([^<]+)</code>", note.group(1))) - {BASE.sub("", found[0])} if note else ()
            assert len(others) >= 2, (f"{rel}: the edit link opens {target.relative_to(ROOT)}, which holds none "
                                      "of the page's text, and the page does not name the files that do")
            continue
        text = plain(article(html))
        assert any(s in text for s in own), \
            f"{rel}: none of the text of {target.relative_to(ROOT)} is on the page ({own[:2]})"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pages_assembled_from_snippets_and_data_edit_where_the_text_is(site, lang):
    prefix = "" if lang == "fr" else "en/"
    expected = {"glossaire/index.html": f"data/glossary.{lang}.yml",
                "organisations/index.html": "data/organisations.yml"}
    for date in MEETINGS:
        page = DOCS / "reunions" / date / f"priorites.{lang}.md"
        if page.is_file():
            snippet = INCLUDE.search(page.read_text(encoding="utf-8")).group(1)
            expected[f"reunions/{date}/priorites/index.html"] = f"docs/_snippets/{snippet}"
    assert len(expected) > 2
    for rel, target in expected.items():
        url, _ = edit_link(site / prefix / rel)
        assert BASE.sub("", url) == target, f"{prefix}{rel}: edits {url}"


def test_a_page_made_of_several_files_names_each_of_them(site, pages):
    """Every snippet a page includes, every marker it holds, and the priority
    links from data/meetings/ are named in the line under the article."""
    checked = 0
    for page in pages:
        src = source_of(site, page)
        if src is None:
            continue
        rel = page.relative_to(site).as_posix()
        lang = "en" if rel.startswith("en/") else "fr"
        html = page.read_text(encoding="utf-8")
        note = NOTE.search(html)
        text = src.read_text(encoding="utf-8")
        includes = INCLUDE.findall(text)
        markers = [m for m in MARKER.findall(text) if m != "translation-status"]   # made from git: no file
        if not includes and not markers and 'class="priority"' not in html and "intervention-priorities" not in html:
            assert note is None, f"{rel}: a page of one file says it is made of several"
            continue
        assert note, f"{rel}: made of several files ({includes + markers}) but does not say which holds what"
        checked += 1
        named = set(re.findall(r"<code>([^<]+)</code>", note.group(1))) | {BASE.sub("", edit_link(page)[0])}
        for inc in includes:
            assert f"docs/_snippets/{inc}" in named, f"{rel}: does not name docs/_snippets/{inc}"
        if 'class="priority"' in html or "intervention-priorities" in html:
            date = re.search(r"reunions/(\d{4}-\d\d-\d\d)/", rel).group(1)
            assert f"data/meetings/{date}.yml" in named, f"{rel}: does not name data/meetings/{date}.yml"
        for path in named:
            if "/" in path and not re.search(r"AAAA|YYYY", path):
                assert (ROOT / path).is_file(), f"{rel}: names {path}, which does not exist"
        words = plain(note.group(1))
        assert words.startswith({"fr": "Où modifier :", "en": "Where to edit:"}[lang]), f"{rel}: {words}"
        own = f"docs/{src.relative_to(DOCS).as_posix()}"
        assert own in named, f"{rel}: neither the edit link nor the line names the page's own file {own}"
    assert checked >= 6


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_listing_and_home_say_where_each_meeting_s_details_come_from(site, lang):
    prefix = "" if lang == "fr" else "en/"
    listing = NOTE.search((site / prefix / "reunions/index.html").read_text(encoding="utf-8"))
    pattern = {"fr": "AAAA-MM-JJ", "en": "YYYY-MM-DD"}[lang]
    assert listing and f"docs/reunions/{pattern}/index.{lang}.md" in listing.group(1)
    home = (site / prefix / "index.html").read_text(encoding="utf-8")
    latest = re.search(r'href="reunions/(\d{4}-\d\d-\d\d)/"', article(home)).group(1)   # the meeting the home page shows
    note = NOTE.search(home)
    assert note and f"<code>docs/reunions/{latest}/index.{lang}.md</code>" in note.group(1)
    heading = {"fr": "Dernière réunion", "en": "Latest meeting"}[lang]
    assert heading in plain(note.group(1))


def test_the_line_is_in_the_page_s_language_with_french_spacing(site):
    """(NOTE also requires data-pagefind-ignore: the line is not searched.)"""
    fr = NOTE.search((site / "glossaire/index.html").read_text(encoding="utf-8")).group(1)
    en = NOTE.search((site / "en/glossaire/index.html").read_text(encoding="utf-8")).group(1)
    assert fr.startswith("Où modifier\u00a0: texte, <code>data/glossary.fr.yml</code>\u202f; ") and "\u202f;" in fr
    assert en.startswith("Where to edit: text, <code>data/glossary.en.yml</code>; ")
