"""Browser printing (Ctrl+P): Chromium's own PDF of built pages, read back
with pypdf. Clean A4: no site chrome, no blank page, URLs of external links
printed, headings kept with their text."""
from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

import archive
from conftest import record_page

# the newest meeting's pages (the home page's), and the richest meeting's record
LATEST, LARGEST = archive.latest(), archive.largest()
PAGES = ["/", "/a-propos/"] + ([LATEST.url("fr"), LATEST.url("fr", "bilan"), LATEST.url("en", "bilan")]
                               + [LATEST.url("fr", "priorites")] * LATEST.has_priorities if LATEST else [])


def printed(page, url: str) -> list[str]:
    page.goto(url, wait_until="networkidle")
    page.emulate_media(media="print")
    data = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages]


@pytest.mark.parametrize("path", PAGES)
def test_print_is_clean_a4(page, server, path):
    texts = printed(page, server + path)
    page.emulate_media(media="screen")
    words = len(" ".join(page.inner_text("article").split()).split())
    # sane page count for the amount of text (≈ 250-700 words a page)
    assert 1 <= len(texts) <= max(2, words // 200), (len(texts), words)
    blank = [i + 1 for i, t in enumerate(texts) if not t.strip()]
    assert not blank, f"blank printed pages {blank} of {len(texts)}"
    everything = "\n".join(texts)
    # no chrome: search box, skip link, navigation tabs, language menu, footer
    for chrome in ("Rechercher", "Search", "Aller au contenu", "Skip to content", "Retour en haut", "Back to top"):
        assert chrome not in everything, f"'{chrome}' printed on {path}"
    nav = page.locator(".md-nav--primary .md-nav__link").all_inner_texts()
    nav = {n.strip() for n in nav if n.strip()}
    assert nav, "the page has no primary navigation to hide"
    own = {h.strip(" ¶\n") for h in page.locator("article h1, article h2, article h3, article strong").all_inner_texts()}
    lines = {line.strip() for text in texts for line in text.splitlines()}
    leaked = sorted(n for n in nav - own if n in lines)
    assert not leaked, f"navigation printed: {leaked}"


def test_external_urls_are_printed(page, server):
    page.goto(server + "/accessibilite/", wait_until="networkidle")
    page.emulate_media(media="print")
    hrefs = page.eval_on_selector_all(   # the links a reader sees on paper
        "article a[href^='http']", "els => els.filter(e => e.offsetParent).map(e => [e.href, e.innerText])")
    external = [(h, t) for h, t in hrefs if not h.startswith(server)
                and re.sub(r"^https?://|/$", "", h) != re.sub(r"/$", "", t.strip())]
    assert external, "the accessibility statement links to the Défenseur des droits"
    text = " ".join(printed(page, server + "/accessibilite/")).replace("\n", "")
    for href, _ in external:
        shown = re.sub(r"^https?://", "", href).rstrip("/")
        assert shown[:25] in text, f"URL {href} not printed"


def test_headings_not_left_at_page_bottom(page, server, site):
    # the full record of the largest meeting
    if LARGEST is None:
        pytest.skip("no published meeting")
    longest = record_page(site, LARGEST.path)
    texts = printed(page, server + "/" + str(longest.parent.relative_to(site)) + "/")
    page.emulate_media(media="screen")
    headings = [h.strip() for h in page.locator("article h2").all_inner_texts()]
    assert len(texts) >= 2, "a page of the record that fits on one sheet tests nothing here"
    for text in texts[:-1]:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        tail = lines[-2:]   # the page's last lines (Chromium prints no footer here)
        for h in headings:
            assert h not in tail, f"heading '{h}' stranded at the bottom of a page"
