"""The organisations page: `<!-- organisations-index -->` becomes every
organisation with its interventions at the latest meeting where it spoke
(the page does not grow with the archive: each split record's contents list
a meeting's interventions by organisation, hooks/record.py). From
data/organisations.yml and data/meetings/ (hooks/meeting_data.py).
"""
from __future__ import annotations

import datetime as dt
import posixpath
from pathlib import Path

from common import format_date, page_lang
from meetings import hidden_dates
from organisation_pages import feeds_section
from meeting_data import (MEETING, NUMBER, MeetingLinks, Organisation, current, intervention_href,
                          intervention_number, org_order, relative)

MARKER = "<!-- organisations-index -->"
T = {
    "fr": {
        "none": "Aucune intervention enregistrée.",
        "latest": "Dernière réunion : {meeting}, {kind} {links}.", "one": "intervention", "many": "interventions",
        "count": "A pris la parole à {n} réunions : le compte-rendu intégral de chacune liste ses "
                 "interventions par organisation.",
        "all": "[Toutes ses interventions]({href}).",
    },
    "en": {
        "none": "No intervention recorded.",
        "latest": "Latest meeting: {meeting}, {kind} {links}.", "one": "intervention", "many": "interventions",
        "count": "Spoke at {n} meetings: the full record of each lists its interventions by "
                 "organisation.",
        "all": "[All its interventions]({href}).",
    },
}


def organisations_index(orgs: dict[str, Organisation], meetings: dict[str, MeetingLinks],
                        lang: str, page_dir: str) -> str:
    """Each organisation, its interventions at the latest meeting where it
    spoke, and how many meetings it spoke at: the page keeps its size as
    meetings accumulate (each meeting's record lists its speakers by
    organisation)."""
    t = T[lang]
    parts = []
    for org_key, org in org_order(orgs, lang):
        parts.append(f"## {org.label('name', lang)} {{ #{org_key} }}\n")
        spoke = [d for d in sorted(meetings, reverse=True)
                 if any(iv.org == org_key for iv in meetings[d].interventions.values())]
        page = t["all"].format(href=relative(page_dir, f"organisations/{org_key}.md"))
        if not spoke:
            parts.append(f"{t['none']} {page}\n")
            continue
        date, m = spoke[0], meetings[spoke[0]]
        title = MEETING[lang].format(date=format_date(dt.date.fromisoformat(date), lang))
        mine = [a for a, iv in m.interventions.items() if iv.org == org_key]
        number = NUMBER[lang].format
        links = ", ".join(f"[{number(n=intervention_number(a))}]({intervention_href(page_dir, date, m, a)})"
                          for a in mine)
        line = t["latest"].format(meeting=f"[{title}]({relative(page_dir, f'reunions/{date}/index.md')})",
                                  kind=t["one" if len(mine) == 1 else "many"], links=links)
        if len(spoke) > 1:
            line += " " + t["count"].format(n=len(spoke))
        parts.append(line + " " + page + "\n")
    return "\n".join(parts)


def on_page_markdown(markdown, page, config, files):
    if MARKER not in markdown:
        return markdown
    src = page.file.src_path
    docs = Path(config.docs_dir)
    orgs, meetings = current(docs=docs)
    hidden = hidden_dates(docs)   # a draft meeting is in no index
    meetings = {d: m for d, m in meetings.items() if d not in hidden}
    lang, page_dir = page_lang(src), posixpath.dirname(src)
    return markdown.replace(MARKER, organisations_index(orgs, meetings, lang, page_dir)
                            + "\n" + feeds_section(docs, lang, page_dir))
