"""Reading when the reader changes the presentation, on every type of page
(both languages, taken from the archive, so a second meeting changes nothing):

- reflow (WCAG 1.4.10, 1.4.4): 320 CSS px wide with the text at 200 %: no
  sideways scrolling of the page (a data table may scroll inside its own
  region: WCAG's exception for two-dimensional content), no clipped text;
- text spacing (WCAG 1.4.12): line height 1.5, paragraph spacing 2 em,
  letter spacing 0.12 em, word spacing 0.16 em: no clipped text, no block of
  the content running into the next one, no sideways scrolling;
- forced colours (Windows high contrast, WCAG 1.4.11): the focus ring is an
  outline that stays (box-shadow disappears in forced colours), every button
  shows a label or an SVG icon, and no background or mask image is the only
  thing that says something (each is inside text or a named control).
"""
from __future__ import annotations

import pytest

import archive
from conftest import new_context

LATEST = archive.latest()


def page_types() -> list[str]:
    """Site paths of one page of each type, in both languages."""
    out = []
    for lang in archive.LANGS:
        p = archive.PREFIX[lang]
        out += [f"/{p}", f"/{p}reunions/", f"/{p}organisations/", f"/{p}glossaire/", f"/{p}a-propos/",
                f"/{p}mentions-legales/", f"/{p}accessibilite/", f"/{p}404.html"]
        if LATEST is not None:
            out += [LATEST.url(lang), LATEST.url(lang, "bilan"), LATEST.url(lang, "compte-rendu")]
            if LATEST.has_priorities:
                out.append(LATEST.url(lang, "priorites"))
    return out


PAGES = page_types()

DOUBLE_TEXT = """() => { const h = document.documentElement;
  h.style.fontSize = (parseFloat(getComputedStyle(h).fontSize) * 2) + 'px'; }"""

SPACING = """* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }"""

# Elements on screen that stick out of the window, outside a region that scrolls itself.
OUT_OF_WINDOW = """() => { const W = document.documentElement.clientWidth, out = [];
  const scrolls = el => { for (let e = el.parentElement; e; e = e.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth) return true; }
    return false; };
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    if (r.width === 0 || s.visibility === 'hidden' || r.right <= W + 0.5 || r.left < 0) continue;
    if (el.closest('.md-sidebar, .md-search__output') || scrolls(el)) continue;   // closed drawer, closed search
    out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ends at ${Math.round(r.right)} px: ${(el.innerText || '').trim().slice(0, 40)}`);
  }
  return out.slice(0, 5); }"""

# Text cut by an element that hides its overflow, on screen (not the closed
# drawer, off the window; not 1 px visually-hidden text for screen readers).
# The header's one-line title ends in "…" by design (Material): it repeats the
# site's name and the page's h1, both shown in full; it is left out.
CLIPPED = """() => { const out = [], W = innerWidth;
  for (const el of document.querySelectorAll('body *')) {
    const s = getComputedStyle(el), r = el.getBoundingClientRect();
    if (s.display === 'none' || s.visibility === 'hidden' || r.width <= 2 || r.height <= 2) continue;
    if (r.right <= 0 || r.left >= W || el.closest('.md-sidebar--primary, .md-search__output, .md-header__title')) continue;
    const x = ['hidden', 'clip'].includes(s.overflowX) && el.scrollWidth > el.clientWidth + 1;
    const y = ['hidden', 'clip'].includes(s.overflowY) && el.scrollHeight > el.clientHeight + 1;
    if ((x || y) && (el.innerText || '').trim())
      out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} cuts its text (${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight}): ${el.innerText.trim().slice(0, 40)}`);
  }
  return out.slice(0, 5); }"""

# Consecutive blocks of the article that overlap.
OVERLAP = """() => { const out = [];
  const blocks = [...document.querySelectorAll('article > *')].filter(e => {
    const s = getComputedStyle(e);   // floats (the edit button) sit beside the text by design
    return s.display !== 'none' && s.position === 'static' && s.float === 'none' && e.getBoundingClientRect().height > 0; });
  for (let i = 1; i < blocks.length; i++) {
    const a = blocks[i - 1].getBoundingClientRect(), b = blocks[i].getBoundingClientRect();
    if (b.top < a.bottom - 1) out.push(`${blocks[i].tagName.toLowerCase()} starts ${Math.round(a.bottom - b.top)} px inside the ${blocks[i - 1].tagName.toLowerCase()} before it: ${(blocks[i].innerText || '').trim().slice(0, 40)}`);
  }
  return out.slice(0, 5); }"""


def _open(page, server, path):
    page.goto(server + path, wait_until="load")
    page.wait_for_function("document.fonts.status === 'loaded'")


def test_reflow_at_320_px_with_text_at_200_percent(server, browser):
    context = new_context(browser, viewport={"width": 320, "height": 640})
    page = context.new_page()
    problems = []
    for path in PAGES:
        _open(page, server, path)
        page.evaluate(DOUBLE_TEXT)
        width, window = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if width > window:
            problems.append(f"{path}: the page scrolls sideways ({width} px in {window} px): "
                            + "; ".join(page.evaluate(OUT_OF_WINDOW)))
        problems += [f"{path}: {p}" for p in page.evaluate(CLIPPED)]
    context.close()
    assert len(PAGES) >= 16
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", (360, 1280))
def test_text_spacing_override_loses_nothing(server, browser, width):
    context = new_context(browser, viewport={"width": width, "height": 800}, bypass_csp=True)  # the reader's style sheet
    page = context.new_page()
    problems = []
    for path in PAGES:
        _open(page, server, path)
        before = page.evaluate("document.querySelector('article').getBoundingClientRect().height")
        page.add_style_tag(content=SPACING)
        page.wait_for_function(f"document.querySelector('article').getBoundingClientRect().height > {before}")
        width_now, window = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if width_now > window:
            problems.append(f"{path}: the page scrolls sideways ({width_now} px in {window} px): "
                            + "; ".join(page.evaluate(OUT_OF_WINDOW)))
        problems += [f"{path}: {p}" for p in page.evaluate(CLIPPED)]
        problems += [f"{path}: {p}" for p in page.evaluate(OVERLAP)]
    context.close()
    assert not problems, "\n".join(problems)


FOCUS = """() => { const a = document.activeElement, s = getComputedStyle(a), r = a.getBoundingClientRect();
  return {tag: a.tagName, text: (a.innerText || a.getAttribute('aria-label') || '').trim().slice(0, 40),
          outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0, shown: r.width > 0 && r.height > 0}; }"""

# Buttons that show neither text nor an icon (an SVG, or a CSS image kept
# painted: an icon drawn by a CSS image disappears in forced colours unless
# forced-color-adjust is none and it has a colour), and CSS images that are
# not inside text or a named control.
UNSHOWN = """() => { const out = [];
  const visible = el => { const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && r.right > 0 && r.left < innerWidth; };
  const painted = el => { const s = getComputedStyle(el, '::before');
    return !['none', 'normal'].includes(s.content) && [s.maskImage, s.webkitMaskImage].some(v => v && v.includes('url('))
      && s.forcedColorAdjust === 'none' && !/^(transparent|rgba\\(.*, 0\\))$/.test(s.backgroundColor)
      && parseFloat(s.width) > 0 && parseFloat(s.height) > 0; };
  for (const b of document.querySelectorAll('button, [role=button], label.md-header__button, a.md-button, input[type=submit]')) {
    if (!visible(b) || b.closest('.md-sidebar--primary')) continue;
    const text = (b.innerText || b.value || '').trim(), svg = b.querySelector('svg');
    if (!text && !(svg && svg.getBoundingClientRect().width > 0) && !(b.getAttribute('aria-label') && painted(b)))
      out.push(`button without visible text or SVG icon: ${b.outerHTML.slice(0, 80)}`);
  }
  for (const el of document.querySelectorAll('body *')) {
    for (const pseudo of [null, '::before', '::after']) {
      const s = getComputedStyle(el, pseudo);
      if (pseudo && ['none', 'normal'].includes(s.content)) continue;
      const img = [s.backgroundImage, s.maskImage, s.webkitMaskImage].some(v => v && v !== 'none' && v.includes('url('));
      if (!img) continue;
      const named = el.closest('a, button, label, [aria-label], h1, h2, h3, h4, h5, h6, li, p, td, th');
      const text = named && ((named.innerText || '').trim() || named.getAttribute('aria-label'));
      if (!text) out.push(`an image in CSS says something alone: ${el.tagName.toLowerCase()}.${[...el.classList].join('.')}${pseudo || ''}`);
    }
  }
  return out.slice(0, 5); }"""


@pytest.mark.parametrize("lang", archive.LANGS)
def test_forced_colours_keep_focus_rings_and_buttons_visible(server, browser, lang):
    context = new_context(browser, forced_colors="active")
    page = context.new_page()
    problems = []
    for path in [p for p in PAGES if p.startswith("/en/") == (lang == "en")]:
        _open(page, server, path)
        assert page.evaluate("matchMedia('(forced-colors: active)').matches")
        problems += [f"{path}: {p}" for p in page.evaluate(UNSHOWN)]
        for _ in range(12):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUS)
            if focused["tag"] == "BODY":
                break
            if focused["shown"] and not focused["outline"]:
                problems.append(f"{path}: no focus outline in forced colours on {focused['tag']} {focused['text']!r}")
    context.close()
    assert not problems, "\n".join(problems)
