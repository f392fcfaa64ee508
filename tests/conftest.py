"""Shared fixtures: the built site, a local HTTP server, and Chromium.

Tests read the site that `make build` wrote (SITE_DIR, default site/), as a
reader meets it. Browser tests drive Debian's chromium through Playwright.
"""
from __future__ import annotations

import functools
import http.server
import os
import re
import socketserver
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE = Path(os.environ.get("SITE_DIR", ROOT / "site")).resolve()
DOCS = ROOT / "docs"
SOURCE = ROOT / "sources"   # the original minutes, authority for the content
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


def published_meetings(docs: Path = DOCS) -> list[str]:
    """Dates of the meetings on the public site: those that are a draft
    (`status: draft` in either language) are not (hooks/meetings.py)."""
    out = []
    for index in sorted(docs.glob("reunions/*/index.fr.md")):
        texts = [p.read_text(encoding="utf-8") for p in index.parent.glob("index.*.md")]
        if not any(re.search(r"^\s+status:\s*[\"']?draft\b", t, re.M) for t in texts):
            out.append(index.parent.name)
    return out


@pytest.fixture(scope="session")
def site() -> Path:
    if not (SITE / "index.html").exists():
        pytest.fail(f"{SITE} has no index.html: run `make build` first")
    return SITE


def html_pages(site_dir: Path) -> list[Path]:
    """Every built HTML page (both languages), search assets excluded."""
    return sorted(p for p in site_dir.rglob("*.html")
                  if not any(part.startswith(("pagefind", "assets")) for part in p.relative_to(site_dir).parts))


def record_page(site_dir: Path, meeting: str, prefix: str = "") -> Path:
    """The built page of a meeting's full record (one page, however long)."""
    return site_dir / prefix / meeting / "compte-rendu" / "index.html"


def record_html(site_dir: Path, meeting: str, prefix: str = "") -> str:
    """The article of the meeting's full record."""
    html = record_page(site_dir, meeting, prefix).read_text(encoding="utf-8")
    return html[html.index("<article"):html.index("</article>")]


def without_cite_buttons(html: str, count: int = 0) -> str:
    """HTML read as text, without the Copy link / Cite boxes (hooks/cite.py)
    that follow each intervention heading and priority lead."""
    return re.sub(r'<div class="cite-actions"[^>]*>.*?</div>', "", html, count=count, flags=re.S)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server(site) -> str:
    """Base URL of the built site served on 127.0.0.1 (a free port)."""
    handler = functools.partial(_Quiet, directory=str(site))
    socketserver.TCPServer.allow_reuse_address = True
    httpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def new_context(browser, **options):
    """A browser context that asks for reduced motion (prefers-reduced-motion:
    reduce): the site then turns its transitions off, so what a test reads
    (axe's contrast, a position) is the settled page, never a frame of a fade."""
    return browser.new_context(**{"viewport": {"width": 1280, "height": 900}, "reduced_motion": "reduce", **options})


@pytest.fixture
def page(browser):
    # bypass_csp: tests inject axe-core as an inline script, which the site's
    # Content-Security-Policy blocks (test_privacy.py and test_security.py test it)
    context = new_context(browser, bypass_csp=True)
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def phone(browser):
    context = new_context(browser, viewport={"width": 360, "height": 740}, device_scale_factor=2,
                          is_mobile=True, has_touch=True, bypass_csp=True)
    pg = context.new_page()
    yield pg
    context.close()
