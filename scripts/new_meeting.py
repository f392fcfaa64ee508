"""Skeletons of a new meeting, in French and English.

    make new-meeting DATE=2013-11-22
    python -m scripts new-meeting 2013-11-22
    python scripts/new_meeting.py 2013-11-22

Creates every file a meeting needs, in French and English:
  docs/reunions/DATE/index, bilan, compte-rendu, priorites (.fr.md, .en.md)
      the meeting's page (details, contents), the summary, the full record
      (two example interventions with their anchors { #i01-secours-catholique })
      and the priorities page;
  docs/_snippets/DATE/priorites.fr.md, .en.md
      the text of the priorities (one example block <div class="priority" id="p1">);
  data/meetings/DATE.yml
      who spoke in each intervention and which priorities it supports.
The meeting is a draft (status: draft) and builds at once: previews show it
(make serve, DRAFTS=1), the public site does not until status: final; then the
meetings page and the home page list it by themselves (hooks/meetings.py). Every "À compléter" (French files) / "To be completed" (English files
and the data file) is a place to fill in.
"""
from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from common import LANGS, format_date  # noqa: E402

USAGE = """\
Usage : make new-meeting DATE=AAAA-MM-JJ   (par exemple DATE=2013-11-22)
Usage:  make new-meeting DATE=YYYY-MM-DD   (for example DATE=2013-11-22)"""

TODO = {"fr": "À compléter", "en": "To be completed"}

# Comments shown to whoever opens the file; YAML ignores them. Front-matter
# values that hold free text are quoted, so a colon in them needs no care
# ("Paris : siège du Secours Catholique"). The French and English comments
# hold the same numbers: the parity check counts them.
FRONT = {
    "fr": """\
---
# Réunion du {long} — les champs ci-dessous s'affichent en tête de page.
# Remplacez chaque « À compléter » entre les guillemets, et gardez les
# guillemets : un deux-points dans le texte ne pose alors aucun problème.
title: "Réunion du {long}"
description: >-
  Réunion du {long} du collectif « Ensemble contre la traite des êtres
  humains » : sommaire du compte-rendu et prochaines réunions.
meeting:
  date: {iso}
  report_date: {iso}          # date du compte-rendu (AAAA-MM-JJ)
  place: "À compléter"        # lieu de la réunion
  rapporteur: "À compléter"   # qui a rédigé le compte-rendu
  attendees: 1                # nombre de participants (un nombre entier)
  status: draft               # draft = projet ; final = version définitive
  subject: "À compléter"      # objet de la réunion, en une phrase
---
""",
    "en": """\
---
# Meeting of {long} — the fields below are shown at the top of the page.
# Replace each "To be completed" between the quotation marks, and keep the
# quotation marks: a colon in the text is then no problem.
title: "Meeting of {long}"
description: >-
  Meeting of {long} of the “Ensemble contre la traite des êtres humains”
  Collective: contents of the minutes and next meetings.
meeting:
  date: {iso}
  report_date: {iso}          # date of the minutes (YYYY-MM-DD)
  place: "To be completed"    # where the meeting took place
  rapporteur: "To be completed"  # who wrote the minutes
  attendees: 1                # number of attendees (a whole number)
  status: draft               # draft, or final once approved
  subject: "To be completed"  # what the meeting was about, in one sentence
---
""",
}

MEETING = {
    "fr": """
# Compte-rendu de la réunion du {long}

## Sommaire {{ #sommaire }}

- [I. Bilan de la réunion.](bilan.md)
- [II. Compte-rendu de la réunion (version intégrale).](compte-rendu.md)

## Prochaines réunions {{ #prochaines-reunions }}

À compléter.
""",
    "en": """
# Minutes of the meeting of {long}

## Contents {{ #sommaire }}

- [I. Summary of the meeting.](bilan.md)
- [II. Minutes of the meeting (full record).](compte-rendu.md)

## Next meetings {{ #prochaines-reunions }}

To be completed.
""",
}

SUMMARY = {
    "fr": """\
---
# Le bilan. La liste des priorités ci-dessous s'écrit d'elle-même à partir de
# docs/_snippets/{iso}/priorites.fr.md : n'y touchez pas ici.
title: "Réunion du {long} — bilan"
description: >-
  Bilan de la réunion du {long} du collectif « Ensemble contre la traite des
  êtres humains ».
meeting: {iso}
---

# I – Bilan de la réunion

À compléter : les points principaux, les décisions prises et les suites à donner.

**Les priorités définies au cours de la réunion** par les associations présentes sont les suivantes :

<!-- priorities-list -->
""",
    "en": """\
---
# The summary. The list of priorities below writes itself from
# docs/_snippets/{iso}/priorites.en.md: do not touch it here.
title: "Meeting of {long} — summary"
description: >-
  Summary of the meeting of {long} of the “Ensemble contre la traite des
  êtres humains” Collective.
meeting: {iso}
---

# I – Summary of the meeting

To be completed: the main points, the decisions taken and the next steps.

**The priorities defined during the meeting** by the associations present are as follows:

<!-- priorities-list -->
""",
}

# Two example interventions, with anchors in the convention { #iNN-key }:
# NN the intervention's number on two digits, key the speaker's organisation
# in data/organisations.yml. data/meetings/DATE.yml (DATA below) maps them.
RECORD = {
    "fr": """\
---
# Version intégrale : une section par intervention (un tour de parole), dans
# l'ordre. Chaque titre porte une ancre, la même en français et en anglais :
#   ## Nom de l'organisation {{ #iNN-cle }}
# NN = numéro de l'intervention sur deux chiffres (01, 02, …),
# cle = clé de l'organisation dans data/organisations.yml (une organisation
# absente s'y ajoute : voir CONTRIBUTING.md, « Les interventions »).
# Chaque ancre figure aussi dans data/meetings/{iso}.yml, avec les priorités
# que l'intervention soutient. Les deux interventions ci-dessous sont des
# exemples : remplacez-les par celles du compte-rendu. La ligne
# <!-- record-contents --> devient le sommaire : gardez-la.
title: "Compte-rendu intégral de la réunion du {long}"
description: >-
  Version intégrale du compte-rendu de la réunion du {long} du collectif
  « Ensemble contre la traite des êtres humains ».
meeting: {iso}
---

# II – Compte-rendu de la réunion (version intégrale)

<!-- record-contents -->

## Secours Catholique – Caritas France {{ #i01-secours-catholique }}

À compléter : l'intervention, telle qu'elle figure dans le compte-rendu.

## Comité contre l'esclavage moderne {{ #i02-ccem }}

À compléter.
""",
    "en": """\
---
# Full record: one section per intervention (one speaker's turn), in order.
# Each heading has an anchor, the same in French and in English:
#   ## Name of the organisation {{ #iNN-key }}
# NN = the intervention's number on two digits (01, 02, …),
# key = the organisation's key in data/organisations.yml (add a missing
# organisation there: see CONTRIBUTING.en.md, "Interventions").
# Each anchor is also in data/meetings/{iso}.yml, with the priorities the
# intervention supports. The two interventions below are examples: replace
# them with those of the minutes. The line <!-- record-contents --> becomes
# the contents: keep it.
title: "Full record of the meeting of {long}"
description: >-
  Full record of the minutes of the meeting of {long} of the “Ensemble contre
  la traite des êtres humains” Collective.
meeting: {iso}
---

# II – Minutes of the meeting (full record)

<!-- record-contents -->

## Secours Catholique – Caritas France {{ #i01-secours-catholique }}

To be completed: the intervention, as it stands in the minutes.

## Comité contre l'esclavage moderne {{ #i02-ccem }}

To be completed.
""",
}

PRIORITIES_PAGE = {
    "fr": """\
---
# La page des priorités. Le texte des priorités est dans
# docs/_snippets/{iso}/priorites.fr.md : un bloc par priorité,
#   <div class="priority" id="pN" markdown> … </div>
# (p1, p2, … : un identifiant stable, le même en français et en anglais).
# Les lignes « Soulevée par » s'écrivent d'elles-mêmes à partir de
# data/meetings/{iso}.yml.
title: "Priorités des associations — réunion du {long}"
description: >-
  Les priorités de la lutte contre la traite des êtres humains définies par
  les associations lors de la réunion du {long}.
meeting: {iso}
---

# Priorités de la lutte contre la traite des êtres humains

Les priorités ci-dessous sont celles que les associations présentes ont
définies au cours de la réunion du {long}. Chacune porte un identifiant stable
(P1, P2…) et renvoie aux interventions du [compte-rendu intégral](compte-rendu.md)
qui l'ont soulevée.

--8<-- "{iso}/priorites.fr.md"
""",
    "en": """\
---
# The priorities page. The text of the priorities is in
# docs/_snippets/{iso}/priorites.en.md: one block per priority,
#   <div class="priority" id="pN" markdown> … </div>
# (p1, p2, …: a stable identifier, the same in French and in English).
# The "Raised by" lines write themselves from data/meetings/{iso}.yml.
title: "The associations’ priorities — meeting of {long}"
description: >-
  The priorities for action against trafficking in human beings defined by
  the associations at the meeting of {long}.
meeting: {iso}
---

# Priorities for action against trafficking in human beings

The priorities below are those that the associations present defined during
the meeting of {long}. Each one has a stable identifier (P1, P2…) and refers
to the interventions in the [full record of the minutes](compte-rendu.md) that
raised it.

--8<-- "{iso}/priorites.en.md"
""",
}

# The snippet: one example block. Its first line is the priority's lead line
# (the summary lists it); the rest is its detail.
PRIORITIES = {
    "fr": """\
<div class="priority" id="p1" markdown>

À compléter : l'intitulé de la priorité :

- À compléter : le détail de la priorité, un point par ligne.

</div>
""",
    "en": """\
<div class="priority" id="p1" markdown>

To be completed: the priority's heading:

- To be completed: the priority in detail, one point a line.

</div>
""",
}

DATA_FILE = """\
# Who spoke at the meeting of {long_en}, and which priorities they support.
#
# To be completed: the two interventions below are the examples of
# docs/reunions/{iso}/compte-rendu.LANG.md; replace them with one line per
# intervention of the record, then delete this paragraph (a meeting with
# status: final that still holds "To be completed" is refused by the build).
#
# Each line: the intervention's anchor in the full record ({{ #i01-… }}),
#   org         its organisation: a key of data/organisations.yml, which must
#               also end the anchor (i01-secours-catholique -> secours-catholique).
#               A new organisation gets a new entry in data/organisations.yml
#               (kind, name, short), like the others there.
#   priorities  the ids of the priorities it supports (p1, p2, …, the blocks of
#               docs/_snippets/{iso}/priorites.LANG.md); [] for none.
# hooks/links.py writes from it, in both languages, the "Raised by" lines of
# the priorities page and the "Supports priorities" lines of the record.

record: compte-rendu          # docs/reunions/{iso}/compte-rendu.LANG.md
priorities_page: priorites    # docs/reunions/{iso}/priorites.LANG.md
priorities_snippet: {iso}/priorites   # docs/_snippets/{iso}/priorites.LANG.md

interventions:
  i01-secours-catholique: {{org: secours-catholique, priorities: [p1]}}
  i02-ccem: {{org: ccem, priorities: []}}
"""

NEXT_STEPS = """\
Réunion du {long_fr} créée / Meeting of {long_en} created:
{files}

Étapes suivantes :
  1. Dans {folder}/index.fr.md, remplacez chaque « À compléter » :
     lieu, rapporteur, nombre de participants, objet, prochaines réunions.
  2. Le bilan : {folder}/bilan.fr.md.
  3. La version intégrale : {folder}/compte-rendu.fr.md, une section
     par intervention, chacune avec son ancre {{ #i01-cle-de-l-organisation }}
     (les deux interventions du fichier sont des exemples).
  4. Les priorités : {snippets}/priorites.fr.md, un bloc
     <div class="priority" id="p1" markdown> par priorité.
  5. Qui a parlé et quelles priorités il soutient : {data}.
  6. Traduisez dans les fichiers .en.md : mêmes titres, mêmes ancres {{ #… }},
     mêmes identifiants id="…", mêmes nombres que le français.
  7. Quand le texte est approuvé, remplacez « status: draft » par « status: final » :
     c'est ce qui publie la réunion (d'ici là, seuls les aperçus la montrent ;
     le site refuse une version définitive où reste un « À compléter »).
  8. Regardez le résultat : make serve, puis http://127.0.0.1:8000/reunions/{iso}/
  9. Proposez vos modifications (pull request) : voir CONTRIBUTING.md.

Next steps:
  1. In {folder}/index.en.md, replace every "To be completed":
     place, rapporteur, number of attendees, subject, next meetings
     (and every "À compléter" in the French files).
  2. The summary: {folder}/bilan.LANG.md.
  3. The full record: {folder}/compte-rendu.LANG.md, one section
     per intervention, each with its anchor {{ #i01-organisation-key }}
     (the file's two interventions are examples).
  4. The priorities: {snippets}/priorites.LANG.md, one
     <div class="priority" id="p1" markdown> block per priority.
  5. Who spoke and which priorities they support: {data}.
  6. Translate into the .en.md files: same headings, same {{ #… }} anchors,
     same id="…", same numbers as the French.
  7. Once the text is approved, change "status: draft" to "status: final":
     this is what publishes the meeting (until then, only previews show it; the
     site refuses a final version that still holds a placeholder).
  8. Look at the result: make serve, then http://127.0.0.1:8000/en/reunions/{iso}/
  9. Propose your changes (pull request): see CONTRIBUTING.en.md.
"""


def parse_date(text: str) -> dt.date:
    """The meeting date; ValueError with a message in both languages."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text or ""):
        raise ValueError(f"« {text} » n'est pas au format AAAA-MM-JJ / "
                         f"'{text}' is not in the YYYY-MM-DD format (e.g. 2013-11-22)")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text} n'existe pas dans le calendrier / "
                         f"{text} is not a real date") from None


def skeletons(date: dt.date) -> dict[str, str]:
    """{path relative to the project: text} of every file of the new meeting."""
    iso = date.isoformat()
    folder, snippets = f"docs/reunions/{iso}", f"docs/_snippets/{iso}"
    out = {}
    for lang in LANGS:
        long = format_date(date, lang)
        out[f"{folder}/index.{lang}.md"] = FRONT[lang].format(long=long, iso=iso) + MEETING[lang].format(long=long)
        out[f"{folder}/bilan.{lang}.md"] = SUMMARY[lang].format(long=long, iso=iso)
        out[f"{folder}/compte-rendu.{lang}.md"] = RECORD[lang].format(long=long, iso=iso)
        out[f"{folder}/priorites.{lang}.md"] = PRIORITIES_PAGE[lang].format(long=long, iso=iso)
        out[f"{snippets}/priorites.{lang}.md"] = PRIORITIES[lang]
    out[f"data/meetings/{iso}.yml"] = DATA_FILE.format(long_en=format_date(date, "en"), iso=iso)
    return out


def create(date: dt.date, root: Path = ROOT) -> list[Path]:
    """Writes every file of the new meeting; FileExistsError (and nothing
    written) if the meeting has any of them already."""
    files = {root / name: text for name, text in skeletons(date).items()}
    iso = date.isoformat()
    taken = [p for p in (root / "docs/reunions" / iso, root / "docs/_snippets" / iso, root / f"data/meetings/{iso}.yml")
             if p.exists()]
    if taken:
        names = ", ".join(p.relative_to(root).as_posix() for p in taken)
        raise FileExistsError(
            f"{names} existe déjà : cette réunion a déjà ses fichiers / "
            f"{names} already exists: this meeting already has its files")
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(files)


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] in ("-h", "--help"):
        print(USAGE, file=sys.stderr)
        return 2
    try:
        date = parse_date(argv[0])
        paths = create(date)
    except ValueError as err:
        print(f"Erreur / Error: {err}\n\n{USAGE}", file=sys.stderr)
        return 2
    except FileExistsError as err:
        print(f"Erreur / Error: {err}", file=sys.stderr)
        return 1
    iso = date.isoformat()
    files = "\n".join(f"  {p.relative_to(ROOT).as_posix()}" for p in paths)
    print(NEXT_STEPS.format(long_fr=format_date(date, "fr"), long_en=format_date(date, "en"), iso=iso,
                            folder=f"docs/reunions/{iso}", snippets=f"docs/_snippets/{iso}",
                            data=f"data/meetings/{iso}.yml", files=files))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
