"""Acronyms: each language's pages explain them in that language; unknown ones fail the build.

Expected expansions come from data/glossary.LANG.yml (the single source), and a
few are also pinned here by hand so that a data file swapped between languages
would be noticed.
"""
from __future__ import annotations

import html as html_lib
import re
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

import archive
from conftest import ROOT, html_pages
from project_copy import copy_project, mkdocs_build

sys.path.insert(0, str(ROOT / "hooks"))
import glossary as G  # noqa: E402

MEETINGS = archive.published()


def tooltips(lang: str) -> dict[str, str]:
    raw = yaml.safe_load((ROOT / "data" / f"glossary.{lang}.yml").read_text(encoding="utf-8"))
    out = {}
    for e in raw["entries"]:
        out[str(e["term"])] = " ".join(e["expansion"].split())
        for a in e.get("aliases") or []:
            out[a["term"]] = " ".join((a.get("title") or e["expansion"]).split())
    return out


class _Abbrs(HTMLParser):
    """(text, title, tabindex, inside a link) of every <abbr> inside <article>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_article = 0
        self.in_link = 0
        self.current: dict | None = None
        self.found: list[tuple[str, str, str | None, bool]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.in_article += 1
        if tag == "a":
            self.in_link += 1
        if tag == "abbr" and self.in_article:
            a = dict(attrs)
            self.current = {"title": a.get("title", ""), "tabindex": a.get("tabindex"), "text": ""}

    def handle_endtag(self, tag):
        if tag == "article":
            self.in_article -= 1
        if tag == "a":
            self.in_link -= 1
        if tag == "abbr" and self.current is not None:
            c = self.current
            self.found.append((c["text"], c["title"], c["tabindex"], self.in_link > 0))
            self.current = None

    def handle_data(self, data):
        if self.current is not None:
            self.current["text"] += data


def abbrs(path: Path) -> list[tuple[str, str, str | None, bool]]:
    p = _Abbrs()
    p.feed(path.read_text(encoding="utf-8"))
    return p.found


def record_pages(site: Path, prefix: str) -> list[Path]:
    """The full records of the published meetings: one page each, or its
    contents page and its parts."""
    pages = [p for m in MEETINGS for p in sorted((site / prefix / m.path).glob("compte-rendu*/index.html"))]
    assert pages, f"no full record under {prefix}reunions/"
    return pages


def lang_of(site: Path, page: Path) -> str:
    return "en" if page.relative_to(site).parts[0] == "en" else "fr"


# --- built HTML ----------------------------------------------------------------------------

@pytest.mark.parametrize("lang,prefix,expected", [
    ("fr", "", {"PJJ": "Protection judiciaire de la jeunesse",
                "CHRS": "Réhabilitation Sociale",          # as the minutes expand it…
                "MIPROF": "Mission interministérielle pour la protection des femmes",
                "Ac.Sé": "Accueil Sécurisant"}),
    ("en", "en/", {"PJJ": "youth justice service",
                   "CHRS": "social reintegration",
                   "MIPROF": "interministerial mission for the protection of women",
                   "Ac.Sé": "French national scheme for the reception and protection"}),
])
def test_record_tooltips_are_in_the_page_language(site, lang, prefix, expected):
    found = {text: title for page in record_pages(site, prefix) for text, title, _, _ in abbrs(page) if title}
    data = tooltips(lang)
    for term, words in expected.items():
        assert term in found, f"{prefix}reunions/*/compte-rendu*: no <abbr> for {term}"
        assert found[term] == data[term], f"{term}: tooltip is not the {lang} glossary's expansion"
        assert words in found[term], f"{term}: expected '{words}' in '{found[term]}'"
    if lang == "fr":
        assert "réinsertion sociale" in found["CHRS"], "…with the official name noted"


def test_every_page_uses_its_own_language_glossary_only(site):
    fr, en = tooltips("fr"), tooltips("en")
    french_only = set(fr.values()) - set(en.values())
    seen = {"fr": 0, "en": 0}
    problems = []
    for page in html_pages(site):
        lang = lang_of(site, page)
        data = fr if lang == "fr" else en
        titled = set()
        for text, title, tabindex, _ in abbrs(page):
            seen[lang] += 1
            if not title:       # a later use: explained by the page's first one
                if text not in titled or tabindex:
                    problems.append(f"{page.relative_to(site)}: {text} without its expansion "
                                    + ("before its first explained use" if text not in titled else "on a tab stop"))
                continue
            titled.add(text)
            if data.get(text) != title:
                problems.append(f"{page.relative_to(site)}: {text} -> {title!r}")
            if lang == "en" and title in french_only:
                problems.append(f"{page.relative_to(site)}: French expansion on an English page: {text}")
    assert not problems, "\n".join(problems[:20])
    assert seen["fr"] > 50 and seen["en"] > 50, seen


def test_acronyms_in_the_record_are_all_explained(site):
    """No bare known acronym left in the record's text (outside code)."""
    for page in record_pages(site, "") + record_pages(site, "en/"):
        html = page.read_text(encoding="utf-8")
        article = html[html.index("<article"):html.index("</article>")]
        article = re.sub(r"<abbr\b[^>]*>.*?</abbr>", " ", article)
        article = re.sub(r"<(code|pre)\b.*?</\1>", " ", article, flags=re.S)
        text = re.sub(r"<[^>]+>", " ", article)
        for term in ("PJJ", "ASE", "OPP", "CHRS", "MIPROF", "DDCS", "DHRIL", "ETZ", "AFJ", "GRETA", "CRIM"):
            assert not re.search(rf"(?<![\w.]){re.escape(term)}(?!\w)", text), f"{page.relative_to(site)}: bare {term}"


@pytest.mark.parametrize("lang,prefix", [("fr", ""), ("en", "en/")])
def test_glossary_page_lists_every_entry_with_its_anchor(site, lang, prefix):
    html = (site / prefix / "glossaire" / "index.html").read_text(encoding="utf-8")
    raw = yaml.safe_load((ROOT / "data" / f"glossary.{lang}.yml").read_text(encoding="utf-8"))
    for e in raw["entries"]:
        m = re.search(rf'<div class="glossary-entry" id="{re.escape(e["anchor"])}"><dt>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>',
                      html)
        assert m, f"glossary page ({lang}) lacks entry #{e['anchor']}"
        assert re.sub(r"<[^>]+>", "", m.group(1)) == str(e["term"])
        shown = html_lib.unescape(re.sub(r"<[^>]+>", "", m.group(2)))     # French spacing folded below
        assert " ".join(e["expansion"].split()) == re.sub(r"[\u00a0\u202f]", " ", shown)


@pytest.mark.parametrize("path", [f"{m.path}/{page}/index.html" for m in MEETINGS for page in ("compte-rendu", "priorites")
                                  if m.source(page, "fr").exists()] + ["organisations/index.html"])
def test_each_acronym_has_one_keyboard_stop_outside_links(site, path):
    found = abbrs(site / path)
    if not found and path != "organisations/index.html":
        pytest.skip(f"{path} uses no acronym")
    stops = Counter(text for text, _, tabindex, _ in found if tabindex == "0")
    outside = {text for text, _, _, in_link in found if not in_link}
    assert stops and set(stops) == outside, f"{path}: tab stops {sorted(stops)}, acronyms outside links {sorted(outside)}"
    assert all(n == 1 for n in stops.values()), stops
    assert not [t for t, _, tabindex, in_link in found if tabindex and in_link], "tab stop nested in a link"


def test_each_acronym_is_explained_once_a_page(site):
    """The expansion is on the first use and on the keyboard stop only; the
    later uses are bare <abbr> (the tooltip takes the first one's)."""
    repeated = 0
    for page in html_pages(site):
        found = abbrs(page)
        for i, (text, title, tabindex, _) in enumerate(found):
            first = all(t != text for t, *_ in found[:i])
            if first or tabindex:
                assert title, f"{page.relative_to(site)}: {text} (first use or tab stop) has no title"
            else:
                assert not title, f"{page.relative_to(site)}: {text} explained again"
                repeated += 1
    assert repeated > 20, "no page uses an acronym twice: the check saw nothing"


# --- in the browser --------------------------------------------------------------------------
# assets/js/tooltips.js: one tooltip, made on first use, shown on hover, focus and tap.

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TIP = "[role=tooltip]"
SHOWN = "() => { const t = document.querySelector('[role=tooltip]'); return t && t.checkVisibility() ? t.textContent : null }"


def _record_page(site: Path, prefix: str, *terms: str) -> str:
    """URL path of the first page of the full record where all the terms are
    keyboard stops (the record may be one page or several)."""
    pages = record_pages(site, prefix)
    for page in pages:
        stops = {text for text, _, tabindex, _ in abbrs(page) if tabindex == "0"}
        if set(terms) <= stops:
            return page.relative_to(site).as_posix().removesuffix("index.html")
    pytest.fail(f"no page of the record has {terms}: {[p.relative_to(site).as_posix() for p in pages]}")


def _acronym(page, term: str, stop: bool = False):
    """The first <abbr> (or the keyboard stop) whose whole text is term, in the article."""
    found = page.locator("article abbr[tabindex='0']" if stop else "article abbr").filter(
        has_text=re.compile(rf"^{re.escape(term)}$"))
    assert found.count(), f"no <abbr> for {term}"
    return found.first


def _tied(acronym) -> str:
    """Text of what the acronym names as its description (aria-describedby)."""
    return acronym.evaluate("e => { const id = e.getAttribute('aria-describedby');"
                            " return id ? document.getElementById(id).textContent : null }")


@pytest.mark.parametrize("prefix,term,words", [
    ("", "PJJ", "Protection judiciaire de la jeunesse"),
    ("en/", "PJJ", "youth justice service"),
    ("", "CHRS", "réinsertion sociale"),
    ("en/", "Ac.Sé", "reception and protection of victims"),
])
def test_tooltip_shows_on_hover_and_on_focus_and_esc_hides_it(site, page, server, prefix, term, words):
    page.goto(f"{server}/{_record_page(site, prefix, term)}")
    assert page.locator(TIP).count() == 0, "a tooltip was built at load"
    title = tooltips("en" if prefix else "fr")[term]

    acronym = _acronym(page, term)
    acronym.hover()
    page.wait_for_function(SHOWN)
    assert words in page.evaluate(SHOWN)
    assert _tied(acronym) == title, "the hovered acronym is not tied to its tooltip"
    assert acronym.get_attribute("title") is None, "the browser's own tooltip would show on top"
    page.locator(TIP).hover()                                  # the pointer may move onto it (1.4.13)
    assert page.evaluate(SHOWN) == title
    page.keyboard.press("Escape")                              # dismissible without moving (1.4.13)
    assert page.evaluate(SHOWN) is None
    assert acronym.get_attribute("title") == title and _tied(acronym) is None, "title not given back"
    page.mouse.move(0, 0)

    stop = _acronym(page, term, stop=True)
    stop.focus()
    page.wait_for_function(SHOWN)
    assert page.evaluate(SHOWN) == title and _tied(stop) == title
    page.keyboard.press("Escape")
    assert page.evaluate(SHOWN) is None
    assert page.evaluate("document.activeElement.textContent") == term, "Esc moved the focus"
    stop.focus()
    page.evaluate("document.activeElement.blur()")
    assert page.evaluate(SHOWN) is None, "the tooltip outlived the focus"


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_a_later_use_of_an_acronym_shows_the_first_ones_expansion(site, page, server, prefix):
    """On the first priorities page where an acronym comes back (bare) outside a link."""
    def later_use(path):
        found = abbrs(site / path)
        return next((t for i, (t, title, _, in_link) in enumerate(found)
                     if not title and not in_link and any(u == t for u, *_ in found[:i])), None)
    pages = [f"{prefix}{m.path}/priorites/index.html" for m in MEETINGS if m.has_priorities]
    path, term = next(((p, later_use(p)) for p in pages if later_use(p)), (None, None))
    assert term, f"no acronym used twice outside a link on {pages}"
    page.goto(f"{server}/{path.removesuffix('index.html')}")
    bare = page.locator("article abbr:not([title])").filter(has_text=re.compile(rf"^{re.escape(term)}$")).first
    bare.scroll_into_view_if_needed()
    bare.hover()
    page.wait_for_function(SHOWN)
    assert page.evaluate(SHOWN) == tooltips("en" if prefix else "fr")[term]
    assert _tied(bare) == page.evaluate(SHOWN), "the bare acronym is not tied to the tooltip"
    page.keyboard.press("Escape")
    assert page.evaluate(SHOWN) is None and bare.get_attribute("title") is None


def test_tooltip_leaves_after_the_pointer_and_follows_it_to_another_acronym(site, page, server):
    page.goto(f"{server}/{_record_page(site, '', 'PJJ', 'ASE')}")
    fr = tooltips("fr")
    _acronym(page, "PJJ").hover()
    page.wait_for_function(SHOWN)
    _acronym(page, "ASE").hover()
    assert page.evaluate(SHOWN) == fr["ASE"]
    assert page.locator(TIP).count() == 1, "one tooltip element, reused"
    page.locator("h1").hover()
    page.wait_for_function(f"() => !({SHOWN})()")


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_tooltip_stays_inside_a_phone_screen(site, phone, server, prefix):
    """Tapping each acronym of the record on a 360 px screen shows its whole
    expansion, inside the screen, never widening the page; tapping the tooltip
    (which may cover the next acronym) hides it."""
    phone.goto(f"{server}/{_record_page(site, prefix, 'PJJ')}")
    titles = tooltips("en" if prefix else "fr")
    stops = phone.locator("article abbr[tabindex='0']")
    assert stops.count() >= 3, "too few acronyms to try"
    for i in range(stops.count()):
        acronym = stops.nth(i)
        term = acronym.inner_text()
        acronym.scroll_into_view_if_needed()
        acronym.tap()
        if i == 0:   # the first tap fetches assets/js/tooltips.js (assets/js/site.js)
            phone.wait_for_function(SHOWN)
        assert phone.evaluate(SHOWN) == titles[term], f"tap on {term}"
        box = phone.locator(TIP).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, f"{term}: tooltip {box} outside the screen"
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360, f"{term}: page scrolls sideways"
        phone.locator(TIP).tap()
        assert phone.evaluate(SHOWN) is None, f"{term}: a tap on the tooltip does not hide it"
    stops.first.tap()
    assert phone.evaluate(SHOWN)
    phone.locator("h1").tap()
    assert phone.evaluate(SHOWN) is None, "a tap elsewhere does not hide the tooltip"


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_an_open_tooltip_adds_no_axe_violation(site, page, server, prefix):
    """axe over the whole page, tooltip open, against the same page before any
    tooltip (the page itself is held to 0 violations by test_accessibility.py)."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make tools` (npm ci)")
    page.goto(f"{server}/{_record_page(site, prefix, 'PJJ')}")
    page.add_script_tag(path=str(AXE))
    run = "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v =>" \
          " [v.id, v.nodes.map(n => n.target.join(' ')).sort().join(', ')]))"
    before = {tuple(v) for v in page.evaluate(run)}
    _acronym(page, "PJJ", stop=True).focus()
    page.wait_for_function(SHOWN)
    after = {tuple(v) for v in page.evaluate(run)}
    assert page.evaluate(SHOWN), "the tooltip closed during the audit"
    assert not after - before, sorted(after - before)


# --- the checks themselves --------------------------------------------------------------------

def test_scanner_ignores_code_urls_attributes_and_roman_numerals():
    text = ("---\ntitle: XYZW in front matter\n---\n"
            "# II – Titre { #ii }\n"
            "Voir `QQQ` et https://example.org/ZZZ et [lien](glossaire.md#pjj).\n"
            "<span class=\"KKK\">texte</span> CONTRIBUTING.md\n"
            "```\nCODE BLOCK\n```\n"
            "Le F.I.T et la PJJ, puis NEWACR ici.\n")
    assert G.unknown_acronyms(text, {"F.I.T", "PJJ"}) == [(10, "NEWACR")]


def test_scanner_sees_dotted_acronyms_and_sentence_ends():
    assert [t for _, t in G.unknown_acronyms("Le A.B.C puis DEF. Et GHI)", set())] == ["A.B.C", "DEF", "GHI"]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("glossary") / "project")


def _edit(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text


def _line(path: Path, needle: str) -> int:
    return next(n for n, l in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in l)


def test_unknown_acronym_fails_the_build_naming_file_and_line(project):
    rel = (MEETINGS[-1].source("bilan", "fr") if MEETINGS else ROOT / "docs/a-propos.fr.md").relative_to(ROOT)
    page = project / rel
    original = page.read_text(encoding="utf-8")
    page.write_text(original + "\nLe XQZT a répondu.\n", encoding="utf-8")
    try:
        result = mkdocs_build(project)
    finally:
        page.write_text(original, encoding="utf-8")
    out = result.stdout + result.stderr
    assert result.returncode != 0, out[-2000:]
    n = _line_of_text(original + "\nLe XQZT a répondu.\n", "XQZT")
    assert f"{rel.as_posix()}:{n}: acronym 'XQZT' has no entry in data/glossary.fr.yml" in out, out[-2000:]


def test_unknown_acronym_in_an_included_snippet_names_the_snippet(project):
    """In a snippet with a block (a priority), of a published meeting."""
    snippets = [s for m in MEETINGS for s in sorted(m.snippets.glob("*.en.md")) if "</div>" in s.read_text(encoding="utf-8")]
    if not snippets:
        pytest.skip("no meeting includes a snippet with a block")
    rel = snippets[0].relative_to(ROOT)
    snippet = project / rel
    original = _edit(snippet, "</div>", "Ask the XQZT.\n\n</div>")
    try:
        result = mkdocs_build(project)
    finally:
        snippet.write_text(original, encoding="utf-8")
    out = result.stdout + result.stderr
    assert result.returncode != 0
    n = _line_of_text(original.replace("</div>", "Ask the XQZT.\n\n</div>", 1), "XQZT")
    assert f"{rel.as_posix()}:{n}: acronym 'XQZT' has no entry in data/glossary.en.yml" in out, \
        out[-2000:]


def test_link_to_an_absent_glossary_entry_fails_naming_file_and_line(project):
    page = project / "docs" / "index.en.md"
    original = page.read_text(encoding="utf-8")
    page.write_text(original + "\nSee [the glossary](glossaire.md#no-such-entry).\n", encoding="utf-8")
    try:
        result = mkdocs_build(project)
    finally:
        page.write_text(original, encoding="utf-8")
    out = result.stdout + result.stderr
    assert result.returncode != 0
    n = _line_of_text(original + "\nSee [the glossary](glossaire.md#no-such-entry).\n", "no-such-entry")
    assert f"docs/index.en.md:{n}: link to glossary entry '#no-such-entry'" in out, out[-2000:]


def test_glossaries_must_have_the_same_entries(project):
    data = project / "data" / "glossary.en.yml"
    original = _edit(data, "  - term: OPP\n    anchor: opp\n", "  - term: OPX\n    anchor: opx\n")
    try:
        result = mkdocs_build(project)
    finally:
        data.write_text(original, encoding="utf-8")
    out = result.stdout + result.stderr
    assert result.returncode != 0
    n = _line(data, "term: OPP")     # where OPX stood
    assert f"data/glossary.en.yml:{n}: 'OPX' (anchor 'opx') has no matching entry in data/glossary.fr.yml" in out, \
        out[-2000:]


def test_the_unchanged_copy_builds(project):
    """The failures above come from the edits, not from the copy."""
    result = mkdocs_build(project)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]


def _line_of_text(text: str, needle: str) -> int:
    return next(n for n, l in enumerate(text.splitlines(), 1) if needle in l)
