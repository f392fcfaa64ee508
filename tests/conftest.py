"""Shared fixtures: the built site, a local HTTP server, and Chromium.

Tests read the site that `make build` wrote (SITE_DIR, default site/), as a
reader meets it. Browser tests drive Debian's chromium through Playwright.
"""
from __future__ import annotations

import functools
import http.server
import os
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


@pytest.fixture(scope="session")
def site() -> Path:
    if not (SITE / "index.html").exists():
        pytest.fail(f"{SITE} has no index.html: run `make build` first")
    return SITE


def html_pages(site_dir: Path) -> list[Path]:
    """Every built HTML page (both languages), search assets excluded."""
    return sorted(p for p in site_dir.rglob("*.html")
                  if not any(part.startswith(("pagefind", "assets")) for part in p.relative_to(site_dir).parts))


def record_parts(site_dir: Path, meeting: str, prefix: str = "") -> list[Path]:
    """The built pages of a meeting's full record, in reading order: its parts
    (compte-rendu-1/, -2/, …) when it is split, else the single page."""
    folder = site_dir / prefix / meeting
    parts = sorted(folder.glob("compte-rendu-*/index.html"), key=lambda p: int(p.parent.name.rsplit("-", 1)[1]))
    return parts or [folder / "compte-rendu" / "index.html"]


def record_html(site_dir: Path, meeting: str, prefix: str = "") -> str:
    """The articles of every page of the full record, joined in reading order."""
    out = []
    for page in record_parts(site_dir, meeting, prefix):
        html = page.read_text(encoding="utf-8")
        out.append(html[html.index("<article"):html.index("</article>")])
    return "\n".join(out)


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


@pytest.fixture
def page(browser):
    # bypass_csp: tests inject axe-core as an inline script, which the site's
    # Content-Security-Policy blocks (test_privacy.py and test_security.py test it)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True, bypass_csp=True)
    pg = context.new_page()
    yield pg
    context.close()
