"""Search filters: what Pagefind can narrow a search by, set on each page
from the data and the metadata, in the page's language (hooks/search.py
builds the index; docs/assets/js/search.js offers the filters).

- organisation: on each page of a full record, every organisation that
  speaks on that page (data/meetings/DATE.yml: intervention -> organisation,
  and the page that holds each anchor); on an organisation's page, that
  organisation. So a search narrowed to one organisation returns only pages
  where it spoke (and its own page).
- year: a meeting page's year; the years an organisation's page lists; a
  year page's year.
- kind: summary, full record, priorities, annex, meeting page, organisation,
  general page (KINDS, in the page's language).

Each value is one empty element at the end of the article,
`<span data-pagefind-filter="year[data-value]" data-value="2013" hidden></span>`:
the value is read from an attribute, so a comma in a name (F.I.T « Une
femme, un toit ») is no separator, and the words are not indexed as text.
hooks/safety.py allows exactly this form (FILTER_NAMES).
"""
from __future__ import annotations

import html
import re
from pathlib import Path

from common import MEETING_PAGE, page_lang
from meeting_data import current

FILTER_NAMES = ("organisation", "year", "kind")   # hooks/safety.py allows these
KINDS = {
    "fr": {"summary": "Bilan", "record": "Compte-rendu intégral", "priorities": "Priorités", "annex": "Annexe",
           "meeting": "Page de réunion", "organisation": "Organisation", "general": "Page générale"},
    "en": {"summary": "Summary", "record": "Full record", "priorities": "Priorities", "annex": "Annex",
           "meeting": "Meeting page", "organisation": "Organisation", "general": "General page"},
}
_YEAR_PAGE = re.compile(r"^reunions/(\d{4})\.[a-z]{2}\.md$")
_ORG_YEARS = re.compile(r'<h2 id="r(\d{4})-\d\d-\d\d"')


_DATA: dict = {}   # what meeting_data.current() read, once a build (not once a page)


def on_pre_build(config):
    _DATA.clear()


def _current(docs: Path):
    if "value" not in _DATA:
        _DATA["value"] = current(docs=docs)
    return _DATA["value"]


def filters(page, html_content: str, docs: Path) -> list[tuple[str, str]]:
    """[(filter, value)] of a page, in its language."""
    src = page.file.src_uri
    lang = page_lang(src)
    kinds = KINDS[lang]
    out: list[tuple[str, str]] = []
    m = MEETING_PAGE.match(src)
    if m:
        date, slug, _ = m.groups()
        orgs, meetings = _current(docs)
        links = meetings.get(date)
        out.append(("year", date[:4]))
        if slug == "index":
            kind = "meeting"
        elif slug == "bilan":
            kind = "summary"
        elif slug.startswith("annexe"):
            kind = "annex"
        elif links and slug == links.record:
            kind = "record"
            speakers = dict.fromkeys(iv.org for iv in links.interventions.values())
            out += [("organisation", orgs[k].label("name", lang)) for k in speakers]
        elif links and slug == links.priorities_page:
            kind = "priorities"
        else:
            kind = "general"
        out.append(("kind", kinds[kind]))
    elif page.file.generated_by and page.meta.get("organisation"):
        orgs, _ = _current(docs)
        out.append(("kind", kinds["organisation"]))
        out.append(("organisation", orgs[page.meta["organisation"]].label("name", lang)))
        out += [("year", y) for y in dict.fromkeys(_ORG_YEARS.findall(html_content))]
    else:
        y = _YEAR_PAGE.match(src)
        if y:
            out.append(("year", y.group(1)))
        out.append(("kind", kinds["general"]))
    return out


def on_page_content(html_content, page, config, files):
    tags = "".join(f'<span data-pagefind-filter="{name}[data-value]" data-value="{html.escape(value, quote=True)}" '
                   'hidden></span>' for name, value in filters(page, html_content, Path(config.docs_dir)))
    if page.file.generated_by and page.meta.get("organisation") and page.file.src_uri.count("/") == 1:
        # an organisation's first page: its name as metadata, which search.js ranks
        # (Pagefind's metaWeights), so that a search for the name lists this page first
        orgs, _ = _current(Path(config.docs_dir))
        name = orgs[page.meta["organisation"]].label("name", page_lang(page.file.src_uri))
        tags += f'<span data-pagefind-meta="organisation[data-value]" data-value="{html.escape(name, quote=True)}" ' \
                'hidden></span>'

    return html_content + (f"\n<p hidden>{tags}</p>" if tags else "")
