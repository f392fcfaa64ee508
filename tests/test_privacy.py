"""Privacy in a real browser: every built page, both languages, loads only from
the site itself, every request succeeds, no cookie is set, the console
stays free of errors (Lighthouse counts those against "best practices"), and
the page's Content-Security-Policy (hooks/safety.py) blocks nothing the site
itself needs: no page logs a CSP violation, search included.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import archive
from conftest import html_pages, new_context

LOCAL_SCHEMES = ("data", "blob", "about")  # never leave the browser
# Records every Content-Security-Policy violation the page reports.
CSP_LISTENER = """
window.__csp = [];
document.addEventListener("securitypolicyviolation",
  e => window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`));
"""


def _urls(site, server):
    out = [f"{server}/{p.relative_to(site).as_posix().removesuffix('index.html')}" for p in html_pages(site)]
    assert len(out) >= 20, f"only {len(out)} pages in {site}"
    return out


def test_no_request_leaves_the_site_or_fails_and_no_cookie_or_console_error(site, server, browser):
    context = new_context(browser)
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    problems: list[str] = []
    seen = {"requests": 0, "csp": 0}
    current = {"url": ""}

    def on_request(request):
        seen["requests"] += 1
        scheme = urlsplit(request.url).scheme
        if scheme not in LOCAL_SCHEMES and not request.url.startswith(server + "/"):
            problems.append(f"{current['url']}: request leaves the site: {request.url}")

    def on_response(response):
        if response.status >= 400:
            problems.append(f"{current['url']}: HTTP {response.status} for {response.url}")

    page.on("request", on_request)
    page.on("response", on_response)
    page.on("requestfailed", lambda r: r.failure != "net::ERR_ABORTED"  # cancelled by the next navigation
            and problems.append(f"{current['url']}: request failed: {r.url} ({r.failure})"))
    page.on("console", lambda m: m.type == "error" and problems.append(f"{current['url']}: console error: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"{current['url']}: script error: {e}"))

    for url in _urls(site, server):
        current["url"] = url
        page.goto(url, wait_until="networkidle")
        # open the language menu and move through the page as a reader would
        page.mouse.move(640, 20)
        page.keyboard.press("End")
        page.wait_for_load_state("networkidle")
        seen["csp"] += page.evaluate("document.querySelectorAll('meta[http-equiv=Content-Security-Policy]').length")
        problems += [f"{url}: CSP violation: {v}" for v in page.evaluate("window.__csp")]
    cookies = context.cookies()
    context.close()

    assert seen["requests"] > 40, "the network log recorded almost nothing: is the page listener working?"
    assert not cookies, f"cookies were set: {cookies}"
    assert seen["csp"] == len(_urls(site, server)), "a page has no Content-Security-Policy <meta>"
    assert not problems, "\n".join(problems)


def test_search_runs_under_the_content_security_policy(server, browser):
    """Pagefind (WebAssembly, fetched index) works with the CSP: results, no violation."""
    context = new_context(browser)
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(f"{server}/", wait_until="networkidle")
    page.locator("input[data-search-input]").click()
    page.locator("input[data-search-input]").fill("hebergement")
    page.locator("[data-search-results] li").first.wait_for(timeout=20_000)
    violations = page.evaluate("window.__csp")
    context.close()
    assert not violations and not errors, "\n".join(violations + errors)


def test_the_language_switcher_reaches_the_translation_without_errors(server, browser):
    """Switching language from a meeting page lands on the same page in English, with no failed request."""
    context = new_context(browser)
    page = context.new_page()
    failures: list[str] = []
    page.on("response", lambda r: r.status >= 400 and failures.append(f"HTTP {r.status} {r.url}"))
    page.on("console", lambda m: m.type == "error" and failures.append(m.text))
    meeting = archive.latest()
    path = f"{meeting.path}/compte-rendu/" if meeting else "a-propos/"
    page.goto(f"{server}/{path}", wait_until="networkidle")
    page.hover(".md-select")
    page.click("a.md-select__link[hreflang='en']")
    page.wait_for_load_state("networkidle")
    assert page.url == f"{server}/en/{path}"
    assert page.evaluate("document.documentElement.lang") == "en"
    context.close()
    assert not failures, "\n".join(failures)


def test_material_looks_up_no_sitemap(server, browser):
    """Material would fetch a sitemap.xml beside every <link rel="alternate"> (the hreflang
    and feed links) at every page load: overrides/main.html refuses the look-up before any
    request is made. The page loads no sitemap, in any form, and logs no error."""
    context = new_context(browser)
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    for path in ["/"] + ([f"/en/reunions/{latest.date}/compte-rendu/"] if (latest := archive.latest()) else []):
        page.goto(server + path, wait_until="networkidle")
        alternates = page.locator("link[rel=alternate]").count()
        assert alternates >= 3, f"{path}: {alternates} <link rel=alternate>: nothing for Material to look up"
        # the theme ran: it replaced the no-js class and its back-to-top button is mounted
        page.wait_for_function("document.documentElement.classList.contains('js')")
    context.close()
    assert requests, "the network log recorded nothing: is the listener working?"
    lookups = [u for u in requests if "sitemap" in u or u.startswith("data:text/xml")]
    assert not lookups, f"sitemap look-ups were made: {lookups}"
    assert not errors, "\n".join(errors)
