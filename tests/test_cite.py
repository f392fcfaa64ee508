""""Copy link" and "Cite" on interventions and priorities, in Chromium (issue 15).

Members quote the minutes in letters to the ministry. Each intervention of a
full record and each priority has two buttons (assets/js/cite.js): the
permalink, and a reference in the page's language. The tests drive them with
the keyboard only, read the clipboard, and listen to the live region. What
they expect comes from the archive (tests/archive.py: the meetings, their
interventions in data/meetings/DATE.yml, their priorities) and from the page
as a reader gets it (the heading's text, the canonical URL), never from the
script: the wording of a reference is written here, as the issue asks for it.
"""
from __future__ import annotations

import html as html_lib
import re
import sys
from pathlib import Path

import pytest

import archive
from conftest import ROOT, new_context

sys.path.insert(0, str(ROOT / "hooks"))
from common import format_date  # noqa: E402

LINKED = archive.with_("interventions")           # meetings whose record has interventions (data/meetings/)
WITH_PRIORITIES = [m for m in archive.with_("priorities") if m.data_file.is_file()]
LANGS = [("fr", ""), ("en", "en/")]
REFERENCE = {   # collective, meeting and date, page, what, URL
    "fr": ("Collectif «\u00a0Ensemble contre la traite des êtres humains\u00a0», réunion du {date}, {page}, "
           "{what}, {url}"),
    "en": "“Ensemble contre la traite des êtres humains” collective, meeting of {date}, {page}, {what}, {url}",
}
PAGE = {"fr": {"compte-rendu": "compte-rendu intégral", "priorites": "liste des priorités"},
        "en": {"compte-rendu": "full record", "priorites": "priority list"}}
SAID = {"fr": ("Lien copié", "Référence copiée"), "en": ("Link copied", "Reference copied")}
CITE = {"fr": ("Copier le lien", "Citer"), "en": ("Copy link", "Cite")}


def _text(fragment: str) -> str:
    """What a reader sees of an HTML fragment: no tags, the permalink and the badge left out."""
    fragment = re.sub(r'<a class="(?:headerlink|priority-badge)"[^>]*>.*?</a>', "", fragment, flags=re.S)
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", "", fragment))).strip()


def _built(site: Path, url: str) -> str:
    return (site / url.lstrip("/") / "index.html").read_text(encoding="utf-8")


def _canonical(page_html: str) -> str:
    return re.search(r'<link (?=[^>]*rel="?canonical)[^>]*href="?([^" >]+)', page_html).group(1)


def _pick(items: list[str]) -> str:
    """An item a third of the way in: not the first, so the test proves the number is read."""
    return items[len(items) // 3]


def expected_intervention(site: Path, m: archive.Meeting, lang: str, anchor: str) -> tuple[str, str]:
    """(the permalink, the reference) of an intervention, from the archive and the built page."""
    page = _built(site, m.url(lang, "compte-rendu"))
    heading = re.search(rf'<h2 id="{anchor}"[^>]*>(.*?)</h2>', page, re.S)
    assert heading, f"{m.url(lang, 'compte-rendu')}: no heading #{anchor}"
    url = _canonical(page) + "#" + anchor
    n = int(re.match(r"i(\d+)-", anchor).group(1))
    what = f"intervention {n} ({_text(heading.group(1))})"
    return url, REFERENCE[lang].format(date=format_date(m.day, lang), page=PAGE[lang]["compte-rendu"],
                                       what=what, url=url)


def expected_priority(site: Path, m: archive.Meeting, lang: str, pid: str) -> tuple[str, str]:
    page = _built(site, m.url(lang, "priorites"))
    block = page.split(f'<div class="priority" id="{pid}"', 1)[1]
    lead = re.sub(r"\s*[:.]$", "", _text(re.search(r"<p>(.*?)</p>", block, re.S).group(1)))
    url = _canonical(page) + "#" + pid
    what = f"{'priorité' if lang == 'fr' else 'priority'} {pid.upper()} ({lead})"
    return url, REFERENCE[lang].format(date=format_date(m.day, lang), page=PAGE[lang]["priorites"],
                                       what=what, url=url)


@pytest.fixture
def keyboard_page(browser):
    context = new_context(browser, permissions=["clipboard-read", "clipboard-write"])
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert not errors, errors


def tab_to(pg, selector: str, limit: int = 12):
    """Press Tab until the focus is on selector (keyboard only); fails after limit presses."""
    target = pg.locator(selector)
    target.wait_for(state="attached")
    for _ in range(limit):
        pg.keyboard.press("Tab")
        if pg.evaluate("s => document.activeElement === document.querySelector(s)", selector):
            return target
    pytest.fail(f"{limit} presses of Tab did not reach {selector}")


def clipboard(pg) -> str:
    return pg.evaluate("navigator.clipboard.readText()")


def press_and_read(pg, button, said: str) -> str:
    pg.evaluate("navigator.clipboard.writeText('')")
    pg.keyboard.press("Enter")
    status = pg.locator(".cite-status[role=status]")
    status.wait_for(state="attached")
    pg.wait_for_function("s => document.querySelector('.cite-status').textContent === s", arg=said)
    assert status.get_attribute("aria-live") == "polite"
    return clipboard(pg)


def priority_cases():
    return [(m, lang, prefix) for m in WITH_PRIORITIES for lang, prefix in LANGS]


CASES = [(m, lang, prefix) for m in LINKED for lang, prefix in LANGS]
IDS = [f"{m.date}-{lang}" for m, lang, _ in CASES]


@pytest.mark.parametrize("m,lang,prefix", CASES, ids=IDS)
def test_cite_an_intervention_by_keyboard(keyboard_page, server, site, m, lang, prefix):
    pg = keyboard_page
    anchor = _pick(list(m.data["interventions"]))
    url, reference = expected_intervention(site, m, lang, anchor)
    pg.goto(f"{server}{m.url(lang, 'compte-rendu')}#{anchor}")
    button = tab_to(pg, f'.cite-actions[data-for="{anchor}"] .cite-button:nth-child(2)')
    assert button.inner_text() == CITE[lang][1]
    assert (button.get_attribute("aria-label") or "").startswith(CITE[lang][1])   # the visible label, then which one
    assert press_and_read(pg, button, SAID[lang][1]) == reference
    # Shift+Tab to "Copy link": the permalink, anchor included
    pg.keyboard.press("Shift+Tab")
    copy = pg.locator(f'.cite-actions[data-for="{anchor}"] .cite-button:nth-child(1)')
    assert pg.evaluate("e => document.activeElement === e", copy.element_handle())
    assert copy.inner_text() == CITE[lang][0]
    assert press_and_read(pg, copy, SAID[lang][0]) == url


@pytest.mark.parametrize("m,lang,prefix", priority_cases(), ids=[f"{m.date}-{lang}" for m, lang, _ in priority_cases()])
def test_cite_a_priority_by_keyboard(keyboard_page, server, site, m, lang, prefix):
    pg = keyboard_page
    snippet = ROOT / "docs" / "_snippets" / f"{m.data.get('priorities_snippet', m.date + '/priorites')}.fr.md"
    pid = _pick(re.findall(r'<div class="priority" id="(p\d+)"', snippet.read_text(encoding="utf-8")))
    url, reference = expected_priority(site, m, lang, pid)
    pg.goto(f"{server}{m.url(lang, 'priorites')}#{pid}")
    button = tab_to(pg, f'.cite-actions[data-for="{pid}"] .cite-button:nth-child(2)')
    assert press_and_read(pg, button, SAID[lang][1]) == reference
    pg.keyboard.press("Shift+Tab")
    assert press_and_read(pg, None, SAID[lang][0]) == url


def test_every_intervention_and_priority_has_both_buttons(keyboard_page, server):
    pg = keyboard_page
    for m in LINKED:
        pg.goto(f"{server}{m.url('fr', 'compte-rendu')}")
        for anchor in m.data["interventions"]:
            buttons = pg.locator(f'.cite-actions[data-for="{anchor}"] button')
            assert buttons.count() == 2, anchor
            for i in range(2):   # a touch target of at least 24 × 24 px, the two 24 px apart at least centre to centre
                box = buttons.nth(i).bounding_box()
                assert box["width"] >= 24 and box["height"] >= 24, (anchor, box)
    for m in WITH_PRIORITIES:
        pg.goto(f"{server}{m.url('fr', 'priorites')}")
        ids = pg.eval_on_selector_all("article div.priority[id]", "els => els.map(e => e.id)")
        assert ids
        for pid in ids:
            assert pg.locator(f'.cite-actions[data-for="{pid}"] button').count() == 2, pid


def test_refused_clipboard_shows_the_reference_selected(browser, server, site):
    """When the browser refuses the clipboard, a dialog shows the text, selected;
    Escape closes it and the focus goes back to the button."""
    m = LINKED[-1]
    anchor = _pick(list(m.data["interventions"]))
    _, reference = expected_intervention(site, m, "fr", anchor)
    context = new_context(browser)
    context.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: {writeText: "
                            "() => Promise.reject(new DOMException('denied', 'NotAllowedError'))}})")
    pg = context.new_page()
    try:
        pg.goto(f"{server}{m.url('fr', 'compte-rendu')}#{anchor}")
        tab_to(pg, f'.cite-actions[data-for="{anchor}"] .cite-button:nth-child(2)')
        pg.keyboard.press("Enter")
        area = pg.locator("dialog.cite-dialog[open] textarea")
        area.wait_for(state="visible")
        assert area.input_value() == reference
        assert pg.evaluate("() => { const a = document.activeElement; "
                           "return a.tagName === 'TEXTAREA' && a.selectionStart === 0 && a.selectionEnd === a.value.length }")
        pg.wait_for_function("() => document.querySelector('.cite-status').textContent.startsWith('Copie refusée')")
        pg.keyboard.press("Escape")
        pg.locator("dialog.cite-dialog[open]").wait_for(state="detached")
        assert pg.evaluate("s => document.activeElement === document.querySelector(s)",
                           f'.cite-actions[data-for="{anchor}"] .cite-button:nth-child(2)')
    finally:
        context.close()


@pytest.mark.parametrize("m", LINKED, ids=archive.ids(LINKED))
def test_without_javascript_the_permalinks_remain(browser, server, m):
    """The buttons are in the HTML, but without JavaScript nothing would answer
    them: none is shown, none can be reached (display: none), the ¶ stays."""
    context = new_context(browser, java_script_enabled=False)
    pg = context.new_page()
    try:
        pg.goto(f"{server}{m.url('fr', 'compte-rendu')}")
        for anchor in m.data["interventions"]:
            link = pg.locator(f"h2#{anchor} a.headerlink")
            assert link.get_attribute("href") == f"#{anchor}", anchor
        assert pg.locator(".cite-button").count() == 2 * len(m.data["interventions"])
        shown = pg.eval_on_selector_all(".cite-actions, .cite-button",
                                        "els => els.filter(e => e.getClientRects().length > 0).length")
        assert shown == 0, f"{shown} Cite boxes or buttons shown without JavaScript"
    finally:
        context.close()


def test_the_buttons_are_not_printed(keyboard_page, server):
    pg = keyboard_page
    m = LINKED[-1]
    pg.goto(f"{server}{m.url('fr', 'compte-rendu')}")
    first = pg.locator(".cite-actions").first
    first.wait_for(state="visible")
    pg.emulate_media(media="print")
    assert pg.eval_on_selector_all(".cite-actions, .cite-button",
                                   "els => els.filter(e => e.getClientRects().length > 0).length") == 0
    pg.emulate_media(media="screen")
    assert first.is_visible()


def test_the_built_html_names_each_button_and_holds_the_pages_data(site):
    """hooks/cite.py writes the boxes: one per intervention, after its heading
    (and its priorities line), each button named in the page's language for
    what it copies, left out of search; and the data a reference quotes, the
    same for every language's meeting and date."""
    for m in LINKED:
        for lang, _ in LANGS:
            page = _built(site, m.url(lang, "compte-rendu"))
            boxes = re.findall(r'<div class="cite-actions" data-for="([^"]+)" data-pagefind-ignore>(.*?)</div>', page, re.S)
            assert [a for a, _ in boxes] == list(m.data["interventions"]), m.url(lang, "compte-rendu")
            for anchor, box in boxes:
                n = int(re.match(r"i(\d+)-", anchor).group(1))
                labels = [html_lib.unescape(x) for x in re.findall(r'aria-label="([^"]*)"', box)]
                assert labels == ([f"Copier le lien de l’intervention {n}", f"Citer l’intervention {n}"] if lang == "fr"
                                  else [f"Copy link to intervention {n}", f"Cite intervention {n}"]), (anchor, labels)
                # right after the heading, or after the heading's "Supports priorities" line
                before = page[:page.index(f'data-for="{anchor}"')]
                assert re.search(rf'<h2 id="{anchor}".*?</h2>\s*(?:<p class="intervention-priorities">.*?</p>\s*)?'
                                 r'<div class="cite-actions" $', before, re.S), anchor
            source = re.search(r'<div class="cite-source" hidden ([^>]*)>', page)
            assert source, m.url(lang, "compte-rendu")
            assert f'data-cite-meeting="{"réunion du" if lang == "fr" else "meeting of"} {format_date(m.day, lang)}"' \
                in source.group(1)


def test_the_script_builds_nothing_and_waits_for_the_page(site):
    """cite.js only answers clicks: it is deferred (the buttons are already in
    the HTML, so nothing is laid out again after it; in Chromium each box
    still has its two buttons once the script has run:
    test_every_intervention_and_priority_has_both_buttons), and pages without
    interventions or priorities do not load it."""
    for m in LINKED:
        for lang, _ in LANGS:
            page = _built(site, m.url(lang, "compte-rendu"))
            scripts = [s for s in re.findall(r"<script\b[^>]*>", page) if "assets/js/cite.js" in s]
            assert len(scripts) == 1 and re.search(r"\bdefer\b", scripts[0]), m.url(lang, "compte-rendu")
            assert "assets/js/cite.js" not in _built(site, m.url(lang, "bilan"))
