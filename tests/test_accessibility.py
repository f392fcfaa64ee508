"""Accessibility of every built page, both languages, in Chromium.

axe-core (npm, `make tools`) runs with its default rule set (WCAG 2.x A and AA
plus best practices) on each page served locally. Layout is checked at 360 px
(a phone) and at 640 px (1280 px at 200 % zoom): nothing may scroll sideways.
"""
from __future__ import annotations

import pytest

from conftest import ROOT, html_pages

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SKIP = {"fr": "Aller au contenu", "en": "Skip to content"}


def urls(site, server) -> list[str]:
    out = []
    for path in html_pages(site):
        rel = path.relative_to(site).as_posix()
        out.append(f"{server}/{rel.removesuffix('index.html')}")
    assert len(out) >= 20, f"only {len(out)} pages in {site}"
    return out


@pytest.fixture(scope="module")
def context(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    yield ctx
    ctx.close()


def test_axe_finds_no_violation_on_any_page(site, server, context):
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make tools` (npm ci)")
    page = context.new_page()
    problems = []
    for url in urls(site, server):
        page.goto(url, wait_until="load")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        for v in result["violations"]:
            targets = ", ".join(" ".join(n["target"]) for n in v["nodes"][:3])
            problems.append(f"{url}: {v['id']} ({v['impact']}): {v['help']} — {targets}")
    assert not problems, f"{len(problems)} axe violations:\n" + "\n".join(problems)


@pytest.mark.parametrize("width", [360, 640])
def test_no_page_scrolls_sideways(site, server, browser, width):
    ctx = browser.new_context(viewport={"width": width, "height": 740}, device_scale_factor=2)
    page = ctx.new_page()
    wide = []
    for url in urls(site, server):
        page.goto(url, wait_until="load")
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        if scroll > inner:
            wide.append(f"{url}: {scroll} px wide in a {inner} px window")
    ctx.close()
    assert not wide, "\n".join(wide)


def test_skip_link_comes_first_is_translated_and_visible(site, server, context):
    page = context.new_page()
    problems = []
    for url in urls(site, server):
        page.goto(url, wait_until="load")
        lang = page.evaluate("document.documentElement.lang")
        if page.locator("h1").count() != 1:
            problems.append(f"{url}: {page.locator('h1').count()} h1 elements")
        if page.locator("main").count() != 1:
            problems.append(f"{url}: {page.locator('main').count()} main landmarks")
        if "/404.html" in url:
            continue
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => { const a = document.activeElement, r = a.getBoundingClientRect(),
            s = getComputedStyle(a);
            return {text: a.textContent.trim(), href: a.getAttribute('href'), visible: r.width > 0 && r.height > 0
                    && r.top >= 0 && s.visibility !== 'hidden',
                    ring: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 || s.boxShadow !== 'none'}; }""")
        if focused["text"] != SKIP[lang]:
            problems.append(f"{url}: first Tab reaches {focused['text']!r}, not the skip link {SKIP[lang]!r}")
            continue
        if not focused["visible"]:
            problems.append(f"{url}: the focused skip link is not visible")
        target = focused["href"].lstrip("#")
        if not target or page.locator(f"[id='{target}']").count() != 1:
            problems.append(f"{url}: the skip link's target #{target} is missing")
    assert not problems, "\n".join(problems)


def test_keyboard_focus_is_visible(server, context):
    """Tabbing through the header and the first links, each focused element shows a focus ring."""
    page = context.new_page()
    problems = []
    for url in (f"{server}/", f"{server}/en/reunions/"):
        page.goto(url, wait_until="load")
        for _ in range(12):
            page.keyboard.press("Tab")
            info = page.evaluate("""() => { const a = document.activeElement, s = getComputedStyle(a);
                return {tag: a.tagName, text: (a.textContent || a.getAttribute('aria-label') || '').trim().slice(0, 40),
                        ring: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'
                              || s.textDecorationLine.includes('underline') && a.tagName === 'A'}; }""")
            if info["tag"] == "BODY":
                problems.append(f"{url}: focus was lost (on body)")
            elif not info["ring"]:
                problems.append(f"{url}: no visible focus on {info['tag']} {info['text']!r}")
    assert not problems, "\n".join(problems)
