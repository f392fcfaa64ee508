"""Every page links to its own language's source file in the web editor."""
from __future__ import annotations

import re

from conftest import DOCS, html_pages

EDIT = re.compile(r'<a href="([^"]+)" class="md-content__button md-edit-link" rel="edit">.*?<span>([^<]+)</span>', re.S)


def test_every_page_edits_its_own_language_file(site):
    pages = [p for p in html_pages(site) if p.name == "index.html"]
    assert len(pages) > 10
    for page in pages:
        rel = page.relative_to(site).as_posix()
        lang = "en" if rel.startswith("en/") else "fr"
        m = EDIT.search(page.read_text(encoding="utf-8"))
        assert m, f"{rel}: no edit link"
        url, label = m.groups()
        assert label == {"fr": "Modifier cette page", "en": "Edit this page"}[lang], f"{rel}: label {label!r}"
        assert re.match(r"https://github\.com/[^/]+/[^/]+/edit/main/docs/", url), f"{rel}: {url}"
        src = url.split("/edit/main/docs/", 1)[1]
        assert src.endswith(f".{lang}.md"), f"{rel}: edits {src}, not the {lang} file"
        assert (DOCS / src).is_file(), f"{rel}: {src} does not exist"
