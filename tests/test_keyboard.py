"""Keyboard journeys, in Chromium, on the pages of the newest published meeting.

A reader without a mouse uses Tab, Enter, the arrows and Esc only:
- the skip link takes them past the header: the next Tab is in the content;
- search: from the header's search button to a result, opened with Enter;
- the language switch reaches the same page in the other language;
- the meeting's PDF link is reachable and says what it gives (PDF, language);
- an acronym's tooltip opens on focus and Esc closes it, focus staying put;
- no single key does anything outside a field (RGAA 12.10).
Every step waits for a state (focus, URL, a visible element), never a delay.
"""
from __future__ import annotations

from urllib.parse import urlparse

import pytest

import archive

LATEST = archive.latest()
pytestmark = pytest.mark.skipif(LATEST is None, reason="no published meeting")
LANGS = ("fr", "en")
OTHER = {"fr": "en", "en": "fr"}
PDF_WORDS = {"fr": "français", "en": "English"}
TABS = 250   # more than any page's focusable elements before the end of its content

ACTIVE = """() => { const a = document.activeElement;
  return {tag: a.tagName, text: (a.innerText || a.getAttribute('aria-label') || '').trim().slice(0, 80),
          inMain: !!a.closest('main'), inHeader: !!a.closest('header')}; }"""


def tab_to(page, test: str, limit: int = TABS, key: str = "Tab") -> int:
    """Press Tab until `test` (a JS function of the focused element) is true;
    the number of presses. Fails if focus falls to <body> or never gets there."""
    for n in range(1, limit + 1):
        page.keyboard.press(key)
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!({test})(el); }})()"):
            return n
    pytest.fail(f"{page.url}: {limit} Tabs never reached the element ({test}); focus ends on {page.evaluate(ACTIVE)}")


def url(server: str, lang: str, page: str = "index") -> str:
    return server + LATEST.url(lang, page)


@pytest.mark.parametrize("lang", LANGS)
def test_skip_link_moves_focus_to_the_content(server, page, lang):
    page.goto(url(server, lang, "bilan"), wait_until="load")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('md-skip')"), page.evaluate(ACTIVE)
    # Enter follows the link within the key's own event (no state to wait for:
    # Material's URL tracking may even clear the #hash again at the page's top)
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate(ACTIVE)
    assert focused["inMain"] and not focused["inHeader"], \
        f"{page.url}: after the skip link, Tab reaches {focused}, not the content"


@pytest.mark.parametrize("width", (1280, 360))
@pytest.mark.parametrize("lang", LANGS)
def test_search_to_a_result_by_keyboard(server, page, lang, width):
    """Tab to the header's search button, Enter, type, Down arrow, Enter: the result opens."""
    page.set_viewport_size({"width": width, "height": 740})
    page.goto(url(server, lang, "index"), wait_until="load")
    # a phone shows a search button, a wide screen the field itself
    tab_to(page, "el => el.matches('[data-search-open], [data-search-input]')")
    if page.evaluate("document.activeElement.matches('[data-search-open]')"):
        page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.matches('[data-search-input]')")
    query = LATEST.meta(lang).get("place") or "2013"
    page.keyboard.type(str(query).split(",")[0].split()[0])
    first = page.locator("[data-search-results] a").first
    first.wait_for()
    target = urlparse(first.evaluate("a => a.href"))
    page.keyboard.press("ArrowDown")
    assert first.evaluate("a => a === document.activeElement"), page.evaluate(ACTIVE)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda u: urlparse(u).path == target.path)


# Single keys that sites (and Material) use as shortcuts: search, previous/next page, help.
SINGLE_KEYS = ["/", "s", "f", "S", "F", "p", "n", ",", ".", "?", "h", "k", "1"]
FOCUSED = "document.activeElement === document.body ? 'body' : document.activeElement.outerHTML.slice(0, 120)"


@pytest.mark.parametrize("width", (1280, 360))
def test_no_single_key_shortcut(server, page, width):
    """RGAA 12.10, WCAG 2.1.4: outside a field, a letter, a digit or a
    punctuation key does nothing: no search opens, the focus stays where it
    was, the page does not change. Tried with the search script running (a
    pointer went over the search box first), the focus on the page and on a
    link of the text."""
    page.set_viewport_size({"width": width, "height": 740})
    page.goto(url(server, "fr", "bilan"), wait_until="load")
    start = urlparse(page.url).path
    page.locator("[data-search-input]:visible, [data-search-open]:visible").first.hover()
    page.locator("[data-search][data-search-ready]").wait_for(state="attached")
    page.mouse.move(0, 400)
    page.locator("main article a[href]:not(.headerlink)").first.focus()
    for where in ("link", "page"):
        if where == "page":
            page.evaluate("document.activeElement.blur()")
        before = page.evaluate(FOCUSED)
        page.evaluate("window.__focused = document.activeElement")
        for key in SINGLE_KEYS:
            page.keyboard.press(key)
            assert not page.locator("#__search").is_checked(), f"{key!r} ({where}) opened the search"
            assert page.evaluate("document.activeElement === window.__focused"), \
                f"{key!r} ({where}) moved the focus from {before} to {page.evaluate(FOCUSED)}"
            assert urlparse(page.url).path == start, f"{key!r} ({where}) went to {page.url}"
    assert page.locator("[data-search-meta]").inner_text() in ("Taper pour démarrer la recherche", ""), \
        "a search ran"


@pytest.mark.parametrize("lang", LANGS)
def test_language_switch_by_keyboard_reaches_the_same_page(server, page, lang):
    page.goto(url(server, lang, "bilan"), wait_until="load")
    other = OTHER[lang]
    tab_to(page, f"el => el.matches('a[hreflang=\"{other}\"].md-select__link')")
    assert page.evaluate("document.activeElement.getBoundingClientRect().height > 0"), \
        "the focused language link is not shown"
    page.keyboard.press("Enter")
    expected = LATEST.url(other, "bilan")
    page.wait_for_url(lambda u: urlparse(u).path == expected)
    assert page.evaluate("document.documentElement.lang") == other


@pytest.mark.parametrize("lang", LANGS)
def test_the_meeting_pdf_opens_by_keyboard_and_says_what_it_is(server, page, lang):
    page.goto(url(server, lang, "index"), wait_until="load")
    tab_to(page, "el => el.matches('a.meeting-pdf')")
    name = page.evaluate("document.activeElement.innerText.trim()")
    assert "PDF" in name and PDF_WORDS[lang] in name, f"the PDF link is named {name!r}"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    download = info.value
    assert download.suggested_filename == f"compte-rendu-{LATEST.date}-{lang}.pdf"
    assert download.path().read_bytes()[:5] == b"%PDF-"


def page_with_acronym(site, lang: str) -> str:
    """A meeting page with an acronym to focus: the newest meeting's summary if
    it has one, else the first of its pages (then of older meetings') that does."""
    for meeting in reversed(archive.published()):
        for name in ["bilan"] + [p for p in meeting.pages(lang) if p != "bilan"]:
            path = meeting.url(lang, name)
            built = site / path.strip("/") / "index.html"
            if built.is_file() and "<abbr tabindex" in built.read_text(encoding="utf-8"):
                return path
    pytest.skip("no meeting page has an acronym")


@pytest.mark.parametrize("lang", LANGS)
def test_a_tooltip_opens_on_focus_and_escape_closes_it(site, server, page, lang):
    page.goto(server + page_with_acronym(site, lang), wait_until="load")
    tab_to(page, "el => el.matches('main abbr[tabindex]')")
    expansion = page.evaluate("document.activeElement.getAttribute('title') || document.activeElement.dataset.title")
    tip = page.locator("#abbr-tooltip")
    tip.wait_for(state="visible")
    assert tip.inner_text().strip() == expansion
    page.keyboard.press("Escape")
    tip.wait_for(state="hidden")
    assert page.evaluate("document.activeElement.matches('main abbr[tabindex]')"), "Esc moved the focus"


@pytest.mark.parametrize("lang", LANGS)
def test_navigation_drawer_by_keyboard_on_a_phone(server, phone, lang):
    """At phone width (or 200 % zoom) the navigation is in a drawer: the menu
    button takes the focus, Enter opens the drawer with the focus in it, Esc
    closes it and gives the focus back; closed, Tab never lands in it."""
    page = phone
    page.goto(url(server, lang, "bilan"), wait_until="load")
    tab_to(page, "el => el.matches('[data-drawer-open]')")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    page.wait_for_function("""() => document.getElementById('__drawer').checked
        && document.activeElement.closest('.md-sidebar--primary')""")
    page.wait_for_function("""() => { const r = document.activeElement.getBoundingClientRect();
        return r.left >= 0 && r.right <= innerWidth; }""")   # the drawer has slid in
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.getElementById('__drawer').checked")
    assert page.evaluate("document.activeElement.matches('[data-drawer-open]')")
    for _ in range(TABS):
        page.keyboard.press("Tab")
        where = page.evaluate("""() => { const a = document.activeElement;
            return a === document.body ? 'end' : a.closest('.md-sidebar--primary') ? 'drawer' : a.closest('footer') ? 'end' : ''; }""")
        assert where != "drawer", "Tab reached a link of the closed drawer, off screen"
        if where == "end":
            break
