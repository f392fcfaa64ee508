"""Search (Pagefind): per-language results, accents, stemming, keyboard, phone.

Queries are typed into the header search box of the built site, as a reader
would, and the results are read from the page.
"""
from __future__ import annotations

import functools
import html as html_lib
import json
import re
import unicodedata
from pathlib import Path
from urllib.parse import urlparse

import pytest

import archive
from conftest import html_pages

LATEST = archive.latest()     # a meeting page to search from, if there is one

# query -> the word the results must highlight. The page that must be among
# the results is the page of the query's language whose text uses that word
# most (see holder()), whatever the meetings in the archive.
FRENCH = {
    "hebergement": r"hébergement",
    "hébergement": r"hébergement",
    "reunion": r"réunion",
    "etres": r"êtres",
    "mendicite": r"mendicité",
    "educateurs": r"éduca",
    "mineur": r"mineurs",
    "urgence": r"urgence",   # « d’urgence », « l’urgence »
    "CHRS": r"CHRS",
    "MIPROF": r"MIPROF",
    "Grass": r"Grass",
    "Vallaud-Belkacem": r"Vallaud-Belkacem",
}
ENGLISH = {
    "accommodation": r"accommodation",
    "trafficking": r"trafficking",
    "minor": r"minors",
    "begging": r"begging",
    "MIPROF": r"MIPROF",
    "Vallaud-Belkacem": r"Vallaud-Belkacem",
}


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


@functools.lru_cache(maxsize=None)
def _articles(site: Path, lang: str) -> dict[str, str]:
    """{site path: folded text of the indexed article} of one language's pages."""
    out = {}
    for page in html_pages(site):
        rel = page.relative_to(site).as_posix()
        if (rel.startswith("en/")) != (lang == "en") or "data-pagefind-body" not in (html := page.read_text("utf-8")):
            continue
        article = html[html.index("<article"):html.index("</article>")]
        out["/" + rel.removesuffix("index.html")] = fold(html_lib.unescape(re.sub(r"<[^>]+>", " ", article)))
    return out


def holder(site: Path, lang: str, query: str) -> str:
    """The page whose article uses the query (accents folded, as a word or a
    word's start) most often: the search must list it."""
    word = re.compile(rf"(?<!\w){re.escape(fold(query))}", re.I)
    counts = {path: len(word.findall(text)) for path, text in _articles(site, lang).items()}
    path, n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    assert n, f"no {lang} page uses {query!r}: pick another query"
    return path


STRINGS = {
    "fr": {"placeholder": "Rechercher", "dialog": "Recherche dans le site", "count": "résultats pour « {q} »",
           "none": "Aucun résultat", "more": "Afficher plus de résultats", "error": "n’a pas pu être chargée",
           "preview": "pas disponible dans l’aperçu local"},
    "en": {"placeholder": "Search", "dialog": "Site search", "count": "results for “{q}”",
           "none": "No results", "more": "Show more results", "error": "could not be loaded",
           "preview": "not available in the live preview"},
}


def open_search(page):
    """Go to the search box as a reader does on a wide screen: click the field
    in the header (no key opens it: RGAA 12.10). Typing may start at once:
    assets/js/search.js, fetched then, takes what was typed."""
    page.locator("[data-search-input]").click()


def search(page, query, at_once=False):
    """Open the search (open_search), type the query (or paste it at once: one
    search, not one per prefix typed); return the shown results."""
    open_search(page)
    if at_once:
        page.keyboard.insert_text(query)
    else:
        page.keyboard.type(query, delay=60)
    meta = page.locator("[data-search-meta]")
    meta.filter(has_text=query).wait_for()
    if not re.match(r"(Aucun|No) ", meta.inner_text()):
        page.locator("[data-search-results] a").first.wait_for()
    return shown(page)


def shown(page):
    links = page.locator("[data-search-results] a")
    return {
        "meta": page.locator("[data-search-meta]").inner_text(),
        "paths": [urlparse(h).path for h in links.evaluate_all("els => els.map(a => a.href)")],
        "marks": page.locator("[data-search-results] mark").all_inner_texts(),
    }


def search_until(page, query, path):
    """Search, then press "show more" until `path` is among the results."""
    found = search(page, query)
    more = page.locator("[data-search-more]")
    while path not in found["paths"] and more.is_visible():
        count = len(found["paths"])
        more.click()
        page.wait_for_function(f"document.querySelectorAll('[data-search-results] a').length > {count}")
        found = shown(page)
    return found


# --- The index ----------------------------------------------------------------

def test_one_index_per_language(site):
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert sorted(entry["languages"]) == ["en", "fr"]
    pages = [p for p in html_pages(site) if "data-pagefind-body" in p.read_text(encoding="utf-8")]
    english = [p for p in pages if p.relative_to(site).parts[0] == "en"]
    assert entry["languages"]["en"]["page_count"] == len(english) > 5
    assert entry["languages"]["fr"]["page_count"] == len(pages) - len(english) > 5


def test_only_the_article_is_indexed(site):
    for path in html_pages(site):
        text = path.read_text(encoding="utf-8")
        marks = text.count("data-pagefind-body")
        if path.name == "404.html":
            assert marks == 0, f"{path}: the 404 page must not be found by search"
        else:
            assert marks == 1, f"{path}: expected one indexed <article>, found {marks}"
            assert re.search(r'<article class="md-content__inner md-typeset" data-pagefind-body'
                             r' data-pagefind-meta="title\[data-title\]" data-title="[^"]+"', text), path


def test_unused_pagefind_files_are_not_published(site):
    names = {p.name for p in (site / "pagefind").iterdir()}
    assert "pagefind.js" in names and "wasm.fr.pagefind" in names and "wasm.en.pagefind" in names
    assert not {n for n in names if n.startswith(("pagefind-ui", "pagefind-component-ui", "pagefind-modular-ui"))}


def test_material_search_index_is_gone(site):
    assert not (site / "search" / "search_index.json").exists()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'data-md-component="search"' not in home and 'name="search"' not in home


# --- Queries, as a reader types them ------------------------------------------

@pytest.mark.parametrize("query", FRENCH)
def test_french_queries(site, server, page, query):
    path, word = holder(site, "fr", query), FRENCH[query]
    page.goto(server + "/")
    found = search_until(page, query, path)
    assert path in found["paths"], f"{query!r}: {path} not in {found['paths']}"
    assert not [p for p in found["paths"] if p.startswith("/en/")], f"{query!r}: English results on a French page"
    assert any(re.fullmatch(rf"\W*{word}\w*\W*", m, re.I) for m in found["marks"]), \
        f"{query!r}: no highlighted {word!r} in {found['marks']}"


@pytest.mark.parametrize("query", ENGLISH)
def test_english_queries(site, server, page, query):
    path, word = holder(site, "en", query), ENGLISH[query]
    page.goto(server + "/en/")
    found = search_until(page, query, path)
    assert path in found["paths"], f"{query!r}: {path} not in {found['paths']}"
    assert all(p.startswith("/en/") for p in found["paths"]), f"{query!r}: French results on an English page"
    # a possessive is the word highlighted too: “Vallaud-Belkacem’s” (the organisation pages list such headings)
    assert any(re.fullmatch(rf"\W*{word}\w*(?:[’']s)?\W*", m, re.I) for m in found["marks"]), \
        f"{query!r}: no highlighted {word!r} in {found['marks']}"


def test_french_words_find_no_french_page_from_english_pages(server, page):
    # "mendicité" is only in the French text. (Pagefind may still answer with
    # a shorter word that starts the query, e.g. "men": English pages only.)
    page.goto(server + (LATEST.url("en") if LATEST else "/en/"))
    found = search(page, "mendicite")
    assert all(p.startswith("/en/") for p in found["paths"]), found
    assert not [m for m in found["marks"] if "mendicit" in m.lower()], found


def test_english_words_find_no_english_page_from_french_pages(server, page):
    page.goto(server + (LATEST.url("fr") if LATEST else "/"))
    found = search(page, "begging")
    assert not [p for p in found["paths"] if p.startswith("/en/")], found
    assert not [m for m in found["marks"] if "begging" in m.lower()], found


# --- Keyboard -----------------------------------------------------------------

def tab_to_search(page):
    """Tab from the top of the page until the search field has the focus."""
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('[data-search-input]')"):
            return
    pytest.fail("Tab never reached the search field")


def test_keyboard_path(server, page):
    page.goto(server + "/a-propos/")
    tab_to_search(page)
    box = page.locator("[data-search-input]")
    page.wait_for_function("document.getElementById('__search').checked")
    assert box.evaluate("el => el === document.activeElement")
    search(page, "MIPROF")
    links = page.locator("[data-search-results] a")
    page.keyboard.press("ArrowDown")
    assert links.nth(0).evaluate("el => el === document.activeElement")
    page.keyboard.press("ArrowDown")
    assert links.nth(1).evaluate("el => el === document.activeElement")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert box.evaluate("el => el === document.activeElement")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    target = urlparse(links.nth(1).evaluate("a => a.href"))
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlparse(url).path == target.path)
    assert urlparse(page.url).fragment == target.fragment

    tab_to_search(page)
    page.wait_for_function("document.getElementById('__search').checked")
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()
    assert not box.evaluate("el => el === document.activeElement")
    assert not page.locator(".md-search__output").is_visible() or \
        page.locator(".md-search__output").evaluate("el => getComputedStyle(el).opacity") == "0"


def test_enter_in_the_field_opens_the_first_result(server, page):
    page.goto(server + "/")
    found = search(page, "Grass")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlparse(url).path == found["paths"][0])


def test_show_more_moves_focus_to_the_new_results(server, page):
    page.goto(server + "/")
    found = search(page, "reunion")
    more = page.locator("[data-search-more]")
    assert more.is_visible(), found
    more.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"document.querySelectorAll('[data-search-results] a').length > {len(found['paths'])}")
    assert page.evaluate("document.activeElement.closest('[data-search-results]') !== null")


def test_show_more_is_hidden_once_every_result_is_shown(server, page):
    page.goto(server + "/")
    found = search(page, "Grass")
    total = int(re.match(r"(\d+) résultats?", found["meta"]).group(1))
    more = page.locator("[data-search-more]")
    while more.is_visible():
        count = len(shown(page)["paths"])
        more.click()
        page.wait_for_function(f"document.querySelectorAll('[data-search-results] a').length > {count}")
    pages = {p for p in shown(page)["paths"]}
    assert len(pages) == total, f"'show more' hidden before every result was listed: {pages}"
    assert more.is_hidden()


def test_french_elided_words_are_found_and_shown_whole(server, page, site):
    """« urgence » finds « l’urgence » (the index splits the elision), and the
    excerpt shows « l’urgence » as written, not « l’ urgence »."""
    holders = [p for p in sorted(site.glob("reunions/*/*/index.html"))
               if re.search(r"l(?:’|&rsquo;)urgence", p.read_text(encoding="utf-8"))
               and not re.search(r"(?<![’;])\burgence", re.sub(r"<[^>]+>", " ", p.read_text(encoding="utf-8")))]
    assert holders, "a meeting page where « urgence » only follows an elision"
    path = "/" + str(holders[0].parent.relative_to(site)) + "/"
    page.goto(server + "/")
    found = search_until(page, "urgence", path)
    assert path in found["paths"], found["paths"]
    teasers = " ".join(page.locator("[data-search-results] .search-result__teaser").all_inner_texts())
    assert re.search(r"[ld]’urgence", teasers) and not re.search(r"[ld]’ urgence", teasers), teasers


# --- Strings, names, phone ----------------------------------------------------

@pytest.mark.parametrize("lang,path,query", [("fr", "/", "traite"), ("en", "/en/", "trafficking")])
def test_strings_in_the_page_language(server, page, lang, path, query):
    t = STRINGS[lang]
    page.goto(server + path)
    dialog = page.get_by_role("dialog", name=t["dialog"])
    assert dialog.count() == 1
    assert page.locator("[data-search-input]").get_attribute("placeholder") == t["placeholder"]
    found = search(page, query)
    assert t["count"].format(q=query) in found["meta"]
    assert page.locator("[data-search-more]").inner_text() == t["more"]


@pytest.mark.parametrize("lang,path", [("fr", "/glossaire/"), ("en", "/en/glossaire/")])
def test_missing_index_is_explained(server, page, lang, path):
    page.route("**/pagefind/**", lambda route: route.abort())
    page.goto(server + path)
    open_search(page)
    page.locator("[data-search-meta]", has_text=STRINGS[lang]["error"]).wait_for()


@pytest.mark.parametrize("lang,path", [("fr", "/"), ("en", "/en/")])
def test_live_preview_is_explained(server, page, lang, path):
    # `mkdocs serve` builds no index and leaves out data-search-bundle.
    page.goto(server + path)
    page.locator("[data-search]").evaluate("el => el.removeAttribute('data-search-bundle')")
    open_search(page)
    page.locator("[data-search-meta]", has_text=STRINGS[lang]["preview"]).wait_for()


def test_phone(server, phone):
    phone.goto(server + (LATEST.url("fr") if LATEST else "/"))
    phone.locator("label.md-header__button[for='__search']").tap()
    box = phone.locator("[data-search-input]")
    box.wait_for(state="visible")
    assert box.evaluate("el => el === document.activeElement")
    phone.keyboard.type("hebergement", delay=60)
    first = phone.locator("[data-search-results] a").first
    first.wait_for()
    assert first.is_visible()
    for el in (box, first, phone.locator("[data-search-meta]")):
        rect = el.bounding_box()
        assert rect["x"] >= 0 and rect["x"] + rect["width"] <= 360, rect
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.locator(".md-search__icon[for='__search']").first.tap()
    phone.wait_for_function("!document.getElementById('__search').checked")


def test_header_button_opens_search_from_the_keyboard(server, phone):
    phone.goto(server + "/en/")
    phone.locator("label.md-header__button[for='__search']").focus()
    phone.keyboard.press("Enter")
    assert phone.locator("#__search").is_checked()
    assert phone.locator("[data-search-input]").evaluate("el => el === document.activeElement")


# --- Privacy and weight ---------------------------------------------------------

def test_first_search_is_local_lean_and_clean(server, page):
    """Only Pagefind's core, the page language's index and 3 result texts.

    The weight budget (150 KB gzip at 120 meetings) is measured by
    scripts/bench.py; here: nothing else is fetched, nothing leaves the site.
    """
    errors, requests = [], []
    page.goto(server + "/")
    page.wait_for_load_state("networkidle")
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    search(page, "hebergement", at_once=True)   # typed, the prefixes' results would load too
    page.wait_for_load_state("networkidle")
    # Chromium asks for the page's icon when it pleases (sometimes after
    # "networkidle"): a request of the page's own, not of the search
    icon = page.evaluate("document.querySelector('link[rel~=icon]')?.href")
    requests = [u for u in requests if u != icon]
    # the box's own script, fetched when the reader goes to it (assets/js/site.js), once
    script = server + "/assets/js/search.js"
    assert requests.count(script) == 1, requests
    requests.remove(script)
    assert requests and all(u.startswith(server + "/pagefind/") for u in requests), requests
    assert errors == []
    names = [urlparse(u).path.removeprefix("/pagefind/") for u in requests]
    other = [n for n in names if not re.fullmatch(
        r"pagefind\.js|pagefind-entry\.json|wasm\.fr\.pagefind|pagefind\.fr_\w+\.pf_meta"
        r"|index/fr_\w+\.pf_index|fragment/fr_\w+\.pf_fragment", n)]
    assert other == [], f"unexpected downloads: {other}"
    assert len([n for n in names if n.startswith("fragment/")]) <= 3


def _indexed_urls(site) -> dict[str, set[str]]:
    """{language: the page URLs in its Pagefind index}, read from the fragments."""
    import gzip
    out: dict[str, set[str]] = {}
    for fragment in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes()).decode("utf-8")
        record = json.loads(data[data.index("{"):])
        out.setdefault(fragment.name.split("_")[0], set()).add(record["url"])
    return out


@pytest.mark.parametrize("meeting", archive.published(), ids=lambda m: m.date)
def test_every_page_of_every_published_meeting_is_in_its_language_index(site, meeting):
    """A new meeting is found as soon as it is published, in both languages
    (an English page still pending translation is left out of English search)."""
    indexed = _indexed_urls(site)
    for lang in ("fr", "en"):
        pages = [p for p in meeting.pages(lang)
                 if archive.front_matter(meeting.source(p, lang)).get("translation") != "pending"]
        assert pages, f"{meeting.date} has no {lang} page"
        missing = [meeting.url(lang, p) for p in pages if meeting.url(lang, p) not in indexed.get(lang, set())]
        assert not missing, f"not in the {lang} search index: {missing}"


# --- Filters (hooks/search_filters.py): organisation, year, kind ---------------------------

import yaml as _yaml  # noqa: E402

_ORGS = _yaml.safe_load((archive.DATA / "organisations.yml").read_text(encoding="utf-8"))
FILTER_LABELS = {"fr": {"organisation": "Organisation", "summary": "Filtrer les résultats"},
                 "en": {"organisation": "Organisation", "summary": "Filter the results"}}


def _org_name(key: str, lang: str) -> str:
    value = _ORGS[key]["name"]
    return value if isinstance(value, str) else value[lang]


@functools.lru_cache(maxsize=None)
def speaking_pages(site: Path, key: str, lang: str) -> frozenset[str]:
    """Site paths of the record pages that hold an organisation's interventions."""
    out = set()
    for m in archive.published():
        anchors = [a for a, iv in (m.data.get("interventions") or {}).items() if iv["org"] == key]
        for page in (site / archive.PREFIX[lang] / m.path).glob("*/index.html"):
            text = page.read_text(encoding="utf-8")
            if any(f'id="{a}"' in text for a in anchors):
                out.add("/" + page.relative_to(site).as_posix().removesuffix("index.html"))
    return frozenset(out)


def _narrowing_case(site: Path, lang: str) -> tuple[str, str]:
    """(organisation, query): the organisation that spoke on the fewest pages,
    and a word found both on one of its pages and on a page where it did not speak."""
    speakers = {k: speaking_pages(site, k, lang) for k in _ORGS}
    key = min((k for k, p in speakers.items() if p), key=lambda k: (len(speakers[k]), k))
    own = f"/{archive.PREFIX[lang]}organisations/{key}/"
    texts = _articles(site, lang)
    theirs = " ".join(texts[p] for p in speakers[key] if p in texts)
    others = " ".join(t for p, t in texts.items() if p not in speakers[key] and not p.startswith(own))
    words = sorted(set(re.findall(r"\b[a-z]{7,}\b", theirs)), key=lambda w: (-others.count(w), w))
    return key, words[0]


def _all_results(page) -> list[str]:
    more = page.locator("[data-search-more]")
    while more.is_visible():
        count = page.locator("[data-search-results] a").count()
        more.click()
        page.wait_for_function(f"document.querySelectorAll('[data-search-results] a').length > {count}")
    return shown(page)["paths"]


def _count(meta: str) -> int:
    m = re.match(r"(\d+) ", meta)
    return int(m.group(1)) if m else (0 if re.match(r"(Aucun|No) ", meta) else 1)


@pytest.mark.parametrize("lang", ("fr", "en"))
def test_search_narrowed_to_an_organisation_returns_only_where_it_spoke(site, server, page, lang):
    key, query = _narrowing_case(site, lang)
    name = _org_name(key, lang)
    allowed = speaking_pages(site, key, lang)
    own = f"/{archive.PREFIX[lang]}organisations/{key}/"
    page.goto(f"{server}/{archive.PREFIX[lang]}")
    unfiltered = search(page, query, at_once=True)
    total = _count(unfiltered["meta"])
    # from the keyboard: the disclosure, then the organisation's list
    page.locator("[data-search-filters] summary").focus()
    page.keyboard.press("Enter")
    page.locator("[data-search-filters][data-ready]").wait_for()
    select = page.get_by_label(FILTER_LABELS[lang]["organisation"], exact=True)
    select.select_option(label=name)
    meta = page.locator("[data-search-meta]")
    meta.filter(has_text=name).wait_for()
    assert page.locator("[data-search-meta][role=status]").count() == 1   # announced
    paths = _all_results(page)
    assert paths, f"{lang}: nothing found for {query!r} narrowed to {name}"
    stray = [p for p in paths if p not in allowed and not p.startswith(own)]
    assert not stray, f"{lang}: {name} did not speak on {stray}"
    assert _count(meta.inner_text()) < total, "the filter did not narrow anything"
    # cleared, the search is whole again
    select.select_option("")
    meta.filter(has_text=re.compile(rf"^{total} ")).wait_for()


def test_filters_work_from_the_keyboard_alone(site, server, page):
    page.goto(server + "/")
    search(page, "traite", at_once=True)
    summary = page.locator("[data-search-filters] summary")
    for _ in range(40):   # Tab from the field until the disclosure has focus
        if summary.evaluate("el => el === document.activeElement"):
            break
        page.keyboard.press("Tab")
    assert summary.evaluate("el => el === document.activeElement"), "the filters cannot be reached with Tab"
    page.keyboard.press("Enter")
    page.locator("[data-search-filters][data-ready]").wait_for()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.id")
    assert focused == "search-filter-organisation", focused
    before = page.locator("[data-search-meta]").inner_text()
    page.keyboard.press("ArrowDown")   # the first organisation
    page.wait_for_function("document.querySelector('[data-search-meta]').textContent !== " + json.dumps(before))
    chosen = page.evaluate("document.activeElement.value")
    assert chosen and chosen in page.locator("[data-search-meta]").inner_text()


@pytest.mark.parametrize("lang", ("fr", "en"))
def test_a_search_for_an_organisation_name_finds_its_page_first(site, server, page, lang):
    page.goto(f"{server}/{archive.PREFIX[lang]}")
    spoke = [k for k in _ORGS if speaking_pages(site, k, lang)]
    assert spoke
    wrong = {}
    for key in spoke:
        name = _org_name(key, lang)
        found = search(page, name, at_once=True)
        if found["paths"][0] != f"/{archive.PREFIX[lang]}organisations/{key}/":
            wrong[name] = found["paths"][:3]
        page.keyboard.press("Escape")
        page.locator("[data-search-input]").fill("")
    assert not wrong, wrong


def test_filters_in_the_index_follow_the_data(site):
    """Each indexed record page carries, as organisation filter, exactly the
    organisations whose interventions it holds (fragments of the index)."""
    import gzip
    checked = 0
    for fragment in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes()).decode("utf-8")
        record = json.loads(data[data.index("{"):])
        lang = fragment.name.split("_")[0]
        url = record["url"]
        filters = record.get("filters", {})
        assert filters.get("kind"), f"{url}: no kind"
        for key in _ORGS:
            name = _org_name(key, lang)
            mine = url in speaking_pages(site, key, lang) or url.startswith(
                f"/{archive.PREFIX[lang]}organisations/{key}/")
            assert (name in filters.get("organisation", [])) == mine, (url, name)
        checked += 1
    assert checked


def test_opening_the_filters_fetches_only_the_filter_index(server, page):
    page.goto(server + "/")
    search(page, "hebergement", at_once=True)
    page.wait_for_load_state("networkidle")
    requests = []
    page.on("request", lambda r: requests.append(urlparse(r.url).path))
    page.locator("[data-search-filters] summary").click()
    page.locator("[data-search-filters][data-ready]").wait_for()
    page.wait_for_load_state("networkidle")
    assert requests and all(re.fullmatch(r"/pagefind/filter/fr_\w+\.pf_filter", p) for p in requests), requests
