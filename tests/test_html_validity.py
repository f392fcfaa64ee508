"""Every built page, both languages, passes the Nu HTML Checker (W3C validator).

The checker is npm's vnu-jar run with the system Java (`make tools`), once over
all pages for speed.
"""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import ROOT, html_pages

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_every_page_is_valid_html(site):
    if not VNU.exists() or not shutil.which("java"):
        pytest.fail("the Nu HTML Checker needs `make tools` (npm ci, Java)")
    pages = html_pages(site)
    assert len(pages) >= 20, f"only {len(pages)} pages in {site}"
    run = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages)],
                         capture_output=True, text=True)
    messages = json.loads(run.stderr or run.stdout)["messages"]
    errors = [f"{m['url'].split(str(site))[-1]}:{m.get('lastLine', '?')}: {m['message']}"
              for m in messages if m["type"] in ("error", "non-document-error")]
    assert not errors, f"{len(errors)} Nu HTML Checker errors:\n" + "\n".join(errors)
