"""Accessibility of every built page, both languages, in Chromium.

Each page is opened once: axe-core (npm, `make tools`) runs its default rules
(WCAG 2.x A and AA plus best practices); the first Tab must reach a translated,
visible skip link; there is one main landmark and one h1; the page must not
scroll sideways at 360 px (a phone) nor at 640 px (1280 px at 200 % zoom); and
at 360 px every control is a target of at least 24 × 24 px or far enough from
its neighbours (axe's target-size, WCAG 2.5.8, which its default run leaves
out: Lighthouse's mobile audit checks it).
"""
from __future__ import annotations

import pytest

from conftest import ROOT, html_pages, new_context

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SKIP = {"fr": "Aller au contenu", "en": "Skip to content"}
PHONE = 360
WIDTHS = (PHONE, 640)

FOCUSED = """() => { const a = document.activeElement, r = a.getBoundingClientRect();
  return {text: a.textContent.trim(), href: a.getAttribute('href'),
          visible: r.width > 0 && r.height > 0 && r.top >= 0 && getComputedStyle(a).visibility !== 'hidden'}; }"""


@pytest.fixture(scope="module")
def audit(site, server, browser) -> dict[str, dict]:
    """{url: findings} for every built page, each opened once."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make tools` (npm ci)")
    context = new_context(browser, bypass_csp=True)  # axe: inline script
    page = context.new_page()
    out = {}
    for path in html_pages(site):
        url = f"{server}/{path.relative_to(site).as_posix().removesuffix('index.html')}"
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(url, wait_until="load")
        found = {"lang": page.evaluate("document.documentElement.lang"),
                 "h1": page.locator("h1").count(), "main": page.locator("main").count()}
        page.keyboard.press("Tab")
        found["focused"] = page.evaluate(FOCUSED)
        target = (found["focused"]["href"] or "#").lstrip("#")
        found["target"] = bool(target) and page.locator(f"[id='{target}']").count() == 1
        page.keyboard.press("Escape")
        page.add_script_tag(path=str(AXE))
        found["axe"] = page.evaluate("axe.run(document, {resultTypes: ['violations']})")["violations"]
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 740})
            found[width] = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
            if width == PHONE:
                found["targets"] = page.evaluate(
                    "axe.run(document, {runOnly: ['target-size'], resultTypes: ['violations']})")["violations"]
        out[url] = found
    context.close()
    assert len(out) >= 20, f"only {len(out)} pages in {site}"
    return out


def _violations(audit, key: str, say) -> list[str]:
    """One line per axe violation found[key] of every page: say(v), then its first elements."""
    return [f"{url}: {say(v)} — " + ", ".join(" ".join(n["target"]) for n in v["nodes"][:3])
            for url, found in audit.items() for v in found[key]]


def test_axe_finds_no_violation_on_any_page(audit):
    problems = _violations(audit, "axe", lambda v: f"{v['id']} ({v['impact']}): {v['help']}")
    assert not problems, f"{len(problems)} axe violations:\n" + "\n".join(problems)


def test_targets_are_large_enough_on_a_phone(audit):
    problems = _violations(audit, "targets", lambda v: f"{len(v['nodes'])} target(s) under 24 px at {PHONE} px")
    assert not problems, f"{len(problems)} pages with small targets:\n" + "\n".join(problems)


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways(audit, width):
    wide = [f"{url}: {found[width][0]} px wide in a {found[width][1]} px window"
            for url, found in audit.items() if found[width][0] > found[width][1]]
    assert not wide, "\n".join(wide)


def test_one_main_landmark_and_one_h1_per_page(audit):
    problems = [f"{url}: {found['main']} main, {found['h1']} h1" for url, found in audit.items()
                if (found["main"], found["h1"]) != (1, 1)]
    assert not problems, "\n".join(problems)


def test_skip_link_comes_first_is_translated_and_visible(audit):
    problems = []
    for url, found in audit.items():
        focused, expected = found["focused"], SKIP[found["lang"]]
        if focused["text"] != expected:
            problems.append(f"{url}: the first Tab reaches {focused['text']!r}, not the skip link {expected!r}")
        elif not focused["visible"]:
            problems.append(f"{url}: the focused skip link is not visible")
        elif not found["target"]:
            problems.append(f"{url}: the skip link's target {focused['href']} is missing")
    assert not problems, "\n".join(problems)


def test_keyboard_focus_is_visible(server, browser):
    """Tabbing through the header and the first links, each focused element shows a focus ring."""
    context = new_context(browser, bypass_csp=True)  # axe: inline script
    page = context.new_page()
    problems = []
    for url in (f"{server}/", f"{server}/en/reunions/"):
        page.goto(url, wait_until="load")
        for _ in range(12):
            page.keyboard.press("Tab")
            info = page.evaluate("""() => { const a = document.activeElement, s = getComputedStyle(a);
                return {tag: a.tagName, text: (a.textContent || a.getAttribute('aria-label') || '').trim().slice(0, 40),
                        ring: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'}; }""")
            if info["tag"] == "BODY":
                problems.append(f"{url}: focus was lost (on body)")
            elif not info["ring"]:
                problems.append(f"{url}: no visible focus on {info['tag']} {info['text']!r}")
    context.close()
    assert not problems, "\n".join(problems)


MOVING = """() => [...document.querySelectorAll('*')].filter(e => {
  const s = getComputedStyle(e);
  return s.transitionDuration.split(',').some(d => parseFloat(d) * (d.trim().endsWith('ms') ? 1 : 1000) > 1);
}).length"""


def test_reduced_motion_turns_the_transitions_off(server, browser):
    """A reader who asks for less motion (WCAG 2.3.3) gets no fade or slide;
    the same page with motion allowed has some, so the check sees something."""
    counts = {}
    for motion in ("no-preference", "reduce"):
        context = new_context(browser, reduced_motion=motion)
        page = context.new_page()
        page.goto(f"{server}/", wait_until="load")
        counts[motion] = page.evaluate(MOVING)
        context.close()
    assert counts["no-preference"] > 0, "no transition on the page at all: the check saw nothing"
    assert counts["reduce"] == 0, f"{counts['reduce']} elements still move with prefers-reduced-motion: reduce"
