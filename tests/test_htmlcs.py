"""A second accessibility engine beside axe: HTML_CodeSniffer, WCAG 2 AA.

Every built page, both languages, is opened in Chromium; HTML_CodeSniffer
(npm `html_codesniffer`, `make tools`) runs its WCAG2AA standard and every
error (message type 1) fails the test, named by page, code and element.
Warnings and notices are what it cannot judge alone: the RGAA grid
(data/accessibilite/grille.yml) records the manual checks that cover them.

No error is filtered away. A documented false positive would go in
FALSE_POSITIVES, by exact code and CSS selector, with the reason; there is none.
"""
from __future__ import annotations

import pytest

from conftest import ROOT, html_pages, new_context

HTMLCS = ROOT / "node_modules" / "html_codesniffer" / "build" / "HTMLCS.js"

# (code, CSS selector of the element) -> why it is not an error. Empty: keep it narrow.
FALSE_POSITIVES: dict[tuple[str, str], str] = {}

RUN = """(exceptions) => new Promise((done, fail) => {
  const timer = setTimeout(() => fail(new Error('HTML_CodeSniffer did not finish')), 20000);
  HTMLCS.process('WCAG2AA', document, () => {
    clearTimeout(timer);
    done(HTMLCS.getMessages().filter(m => m.type === HTMLCS.ERROR)
      .filter(m => !exceptions.some(([code, sel]) => m.code === code && m.element.matches && m.element.matches(sel)))
      .map(m => ({code: m.code, msg: m.msg,
                  html: (m.element.outerHTML || m.element.nodeName || '').slice(0, 160)})));
  });
})"""


@pytest.fixture(scope="module")
def sniffed(site, server, browser) -> dict[str, list[dict]]:
    """{url: HTML_CodeSniffer errors} for every built page."""
    if not HTMLCS.exists():
        pytest.fail("html_codesniffer is missing: run `make tools` (npm ci)")
    context = new_context(browser, bypass_csp=True)  # HTMLCS: injected script
    page = context.new_page()
    out = {}
    for path in html_pages(site):
        url = f"{server}/{path.relative_to(site).as_posix().removesuffix('index.html')}"
        page.goto(url, wait_until="load")
        page.add_script_tag(path=str(HTMLCS))
        out[url] = page.evaluate(RUN, [list(k) for k in FALSE_POSITIVES])
    context.close()
    assert len(out) >= 20, f"only {len(out)} pages in {site}"
    return out


def test_htmlcs_wcag2aa_finds_no_error_on_any_page(sniffed):
    problems = [f"{url}: {e['code']}: {e['msg']} — {e['html']}"
                for url, errors in sniffed.items() for e in errors]
    assert not problems, f"{len(problems)} HTML_CodeSniffer errors:\n" + "\n".join(problems)


def test_htmlcs_sees_an_error_when_there_is_one(site, server, browser):
    """The engine runs and reports: a form with no submit control and an
    unlabelled checkbox, added to a built page, are both reported."""
    context = new_context(browser, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{server}/", wait_until="load")
    page.evaluate("""() => document.querySelector('main').insertAdjacentHTML('beforeend',
        '<form id="bad-form"><input type="text" title="q"></form><input type="checkbox" id="bad-box">')""")
    page.add_script_tag(path=str(HTMLCS))
    codes = {e["code"] for e in page.evaluate(RUN, [])}
    context.close()
    assert any(c.endswith("H32.2") for c in codes), codes
    assert any(".H91.InputCheckbox.Name" in c for c in codes), codes
