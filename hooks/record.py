"""A long full record split into parts: its contents and the links between parts.

A long record is split into parts (compte-rendu-1.LANG.md, -2, …) beside its
entry page (compte-rendu.LANG.md), which holds `<!-- record-contents -->`:
the contents of the parts, every intervention linked, then the meeting's
interventions by organisation; each part ends with links to the previous and
next parts. From data/meetings/DATE.yml (hooks/meeting_data.py).
"""
from __future__ import annotations

from pathlib import Path

from freshness import shown  # a pending English page shows its French twin's text
from common import MEETING_PAGE, BuildError, page_lang, problem
from meeting_data import (H2, INTERVENTION, NUMBER, MeetingLinks, Organisation, current, intervention_number,
                          org_order)

T = {
    "fr": {
        "by_org": "Par organisation",
        "part": "Partie {k} : interventions {a} à {b}", "parts": "Parties du compte-rendu intégral",
        "contents": "Le compte-rendu intégral reproduit les {n} interventions de la réunion, dans leur "
                    "ordre, en {k} parties. Le PDF de la réunion les réunit en un seul document.",
        "previous": "Partie précédente", "next": "Partie suivante", "overview": "Sommaire du compte-rendu",
    },
    "en": {
        "by_org": "By organisation",
        "part": "Part {k}: interventions {a} to {b}", "parts": "Parts of the full record",
        "contents": "The full record reproduces the {n} interventions of the meeting, in order, in {k} "
                    "parts. The meeting’s PDF brings them together in one document.",
        "previous": "Previous part", "next": "Next part", "overview": "Contents of the full record",
    },
}

WORDS = {"fr": dict(enumerate(["zéro", "une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"])),
         "en": dict(enumerate(["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]))}


def by_organisation(date: str, m: MeetingLinks, orgs: dict[str, Organisation], lang: str) -> str:
    """A meeting's interventions grouped by organisation, for its record's contents."""
    t = T[lang]
    rows = []
    for org_key, org in org_order(orgs, lang):
        mine = [a for a, iv in m.interventions.items() if iv.org == org_key]
        if mine:
            links = ", ".join(f"[{NUMBER[lang].format(n=intervention_number(a))}]({m.page_of(a)}.md#{a})"
                              for a in mine)
            rows.append(f"- {org.label('name', lang)} : {links}" if lang == "fr" else
                        f"- {org.label('name', lang)}: {links}")
    return f"## {t['by_org']} {{ #par-organisation }}\n\n" + "\n".join(rows) + "\n"


def _part_label(date: str, m: MeetingLinks, slug: str, k: int, lang: str) -> str:
    nums = sorted(intervention_number(a) for a, where in m._at.items() if where == slug)
    return T[lang]["part"].format(k=k, a=nums[0], b=nums[-1]) if nums else slug


def record_contents(date: str, m: MeetingLinks, orgs: dict[str, Organisation], lang: str, docs: Path,
                    src: str) -> str:
    """The entry page of a split record: each part, every heading of it linked."""
    t = T[lang]
    parts = m._pages[1:]
    if not parts:
        first, second = f"{m.record}-1.{lang}.md", f"{m.record}-2.{lang}.md"
        raise BuildError([problem(docs / src, 1,
                                  f"<!-- record-contents --> mais aucune partie {first}, {second}… à côté : "
                                  "créez les parties (CONTRIBUTING.md, « Découper un long compte-rendu ») ou "
                                  "retirez la ligne",
                                  f"<!-- record-contents --> but no part {first}, {second}… beside it: create "
                                  "the parts (CONTRIBUTING.en.md) or remove the line")])
    k = WORDS[lang].get(len(parts), str(len(parts)))
    out = ['<div class="record-contents" markdown>', "", t["contents"].format(n=len(m.interventions), k=k), ""]
    for k, slug in enumerate(parts, 1):
        out += [f"## {_part_label(date, m, slug, k, lang)} {{ #{slug} }}", ""]
        for line in shown(docs / "reunions" / date / f"{slug}.{lang}.md").read_text(encoding="utf-8").splitlines():
            h = H2.match(line)
            if h:
                text, anchor = h.groups()
                n = f"{NUMBER[lang].format(n=intervention_number(anchor))} — " if INTERVENTION.match(anchor) else ""
                out.append(f"- {n}[{text}]({slug}.md#{anchor})")
        out.append("")
    out += [by_organisation(date, m, orgs, lang)]
    return "\n".join(out + ["</div>"])


def record_pager(date: str, m: MeetingLinks, slug: str, lang: str) -> str:
    """Previous part · contents · next part, at the end of a part."""
    t = T[lang]
    parts = m._pages[1:]
    k = parts.index(slug)
    def label(i: int) -> str:   # "partie 2 : interventions 5 à 17"
        text = _part_label(date, m, parts[i], i + 1, lang)
        return text[0].lower() + text[1:]

    links = []
    if k > 0:
        links.append(f"[← {t['previous']} ({label(k - 1)})]({parts[k - 1]}.md)")
    links.append(f"[{t['overview']}]({m.record}.md)")
    if k + 1 < len(parts):
        links.append(f"[{t['next']} ({label(k + 1)}) →]({parts[k + 1]}.md)")
    items = "\n".join(f"- {link}" for link in links)
    return f'\n\n<nav class="record-pager" aria-label="{t["parts"]}" markdown>\n\n{items}\n\n</nav>\n'


# --- MkDocs events ---------------------------------------------------------------------

def on_page_markdown(markdown, page, config, files):
    src = page.file.src_path
    mm = MEETING_PAGE.match(src)
    if not mm:
        return markdown
    docs = Path(config.docs_dir)
    orgs, meetings = current(docs=docs)
    m = meetings.get(mm.group(1))
    if m is None:
        return markdown
    date, slug, lang = mm.group(1), mm.group(2), page_lang(src)
    if "<!-- record-contents -->" in markdown:
        markdown = markdown.replace("<!-- record-contents -->", record_contents(date, m, orgs, lang, docs, src))
    if slug in m._pages[1:]:
        markdown = markdown.rstrip("\n") + record_pager(date, m, slug, lang)
    return markdown
