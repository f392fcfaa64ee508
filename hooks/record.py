"""The full record's contents: every intervention, then the same by organisation.

A meeting's full record (compte-rendu.LANG.md) is one page, however long: one
Ctrl+F over the whole conversation, one link. Where it holds
`<!-- record-contents -->`, this hook lists every intervention of the page in
order, linked to its anchor, then the interventions grouped by organisation,
from data/meetings/DATE.yml (hooks/meeting_data.py). The PDF drops this list:
it has its own contents.
"""
from __future__ import annotations

from pathlib import Path

from common import MEETING_PAGE, page_lang
from meeting_data import H2, INTERVENTION, NUMBER, MeetingLinks, Organisation, current, intervention_number, org_order

T = {
    "fr": {"title": "Sommaire", "by_org": "Par organisation",
           "contents": "Le compte-rendu intégral reproduit les {n} interventions de la réunion, dans leur ordre."},
    "en": {"title": "Contents", "by_org": "By organisation",
           "contents": "The full record reproduces the {n} interventions of the meeting, in order."},
}


def by_organisation(m: MeetingLinks, orgs: dict[str, Organisation], lang: str) -> str:
    """A meeting's interventions grouped by organisation."""
    rows = []
    for org_key, org in org_order(orgs, lang):
        mine = [a for a, iv in m.interventions.items() if iv.org == org_key]
        if mine:
            links = ", ".join(f"[{NUMBER[lang].format(n=intervention_number(a))}](#{a})" for a in mine)
            sep = " : " if lang == "fr" else ": "
            rows.append(f"- {org.label('name', lang)}{sep}{links}")
    return f"### {T[lang]['by_org']} {{ #par-organisation }}\n\n" + "\n".join(rows) + "\n"


def record_contents(markdown: str, m: MeetingLinks, orgs: dict[str, Organisation], lang: str) -> str:
    """Every `## heading { #anchor }` of the page, in order, then by organisation."""
    t = T[lang]
    items = []
    for line in markdown.splitlines():
        h = H2.match(line)
        if h:
            text, anchor = h.groups()
            n = f"{NUMBER[lang].format(n=intervention_number(anchor))} — " if INTERVENTION.match(anchor) else ""
            items.append(f"- {n}[{text}](#{anchor})")
    out = ['<div class="record-contents" markdown>', "",
           f"## {t['title']} {{ #sommaire }}", "", t["contents"].format(n=len(m.interventions)), "",
           '<div class="record-contents__list" markdown>', "", *items, "", "</div>", "",
           by_organisation(m, orgs, lang), "</div>"]
    return "\n".join(out)


# --- MkDocs events ---------------------------------------------------------------------

_STATE: dict = {}   # what meeting_data read, once per build (its check stats every page: not once a page)


def on_pre_build(config):
    _STATE["data"] = current(docs=Path(config.docs_dir))


def on_page_markdown(markdown, page, config, files):
    if "<!-- record-contents -->" not in markdown:
        return markdown
    mm = MEETING_PAGE.match(page.file.src_path)
    if not mm:
        return markdown
    orgs, meetings = _STATE.get("data") or current(docs=Path(config.docs_dir))
    m = meetings.get(mm.group(1))
    if m is None:
        return markdown
    return markdown.replace("<!-- record-contents -->",
                            record_contents(markdown, m, orgs, page_lang(page.file.src_path)))
