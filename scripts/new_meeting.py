"""Skeletons of a new meeting, in French and English.

    make new-meeting DATE=2013-11-22
    python -m scripts new-meeting 2013-11-22
    python scripts/new_meeting.py 2013-11-22

Creates docs/reunions/DATE/ with the meeting's page (index: its details and
contents), the summary (bilan) and the full record (compte-rendu), in both
languages. Their front matter is already valid, so the
site builds at once; the meetings page and the home page list the new meeting
by themselves (hooks/meetings.py reads the front matter). Every "À compléter"
/ "To be completed" is a place to fill in.
"""
from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from common import DOCS, format_date, rel  # noqa: E402

USAGE = """\
Usage : make new-meeting DATE=AAAA-MM-JJ   (par exemple DATE=2013-11-22)
Usage:  make new-meeting DATE=YYYY-MM-DD   (for example DATE=2013-11-22)"""

TODO = {"fr": "À compléter", "en": "To be completed"}

# Comments shown to whoever opens the file; YAML ignores them.
FRONT = {
    "fr": """\
---
# Réunion du {long} — les champs ci-dessous s'affichent en tête de page.
# Remplacez chaque « À compléter » ; gardez les deux-points et l'indentation.
title: Réunion du {long}
description: >-
  Réunion du {long} du collectif « Ensemble contre la traite des êtres
  humains » : sommaire du compte-rendu et prochaines réunions.
meeting:
  date: {iso}
  report_date: {iso}      # date du compte-rendu (AAAA-MM-JJ)
  place: À compléter
  rapporteur: À compléter # qui a rédigé le compte-rendu
  attendees: 1            # nombre de participants (un nombre entier)
  status: draft           # draft = projet ; final = version définitive
  subject: À compléter    # objet de la réunion, en une phrase
---
""",
    "en": """\
---
# Meeting of {long} — the fields below are shown at the top of the page.
# Replace each "To be completed"; keep the colons and the indentation.
title: Meeting of {long}
description: >-
  Meeting of {long} of the “Ensemble contre la traite des êtres humains”
  Collective: contents of the minutes and next meetings.
meeting:
  date: {iso}
  report_date: {iso}      # date of the minutes (YYYY-MM-DD)
  place: To be completed
  rapporteur: To be completed # who wrote the minutes
  attendees: 1            # number of attendees (a whole number)
  status: draft           # draft, or final once approved
  subject: To be completed  # what the meeting was about, in one sentence
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
title: Réunion du {long} — bilan
description: >-
  Bilan de la réunion du {long} du collectif « Ensemble contre la traite des
  êtres humains ».
meeting: {iso}
---

# I – Bilan de la réunion

À compléter : les points principaux, les décisions prises et les suites à donner.
""",
    "en": """\
---
title: Meeting of {long} — summary
description: >-
  Summary of the meeting of {long} of the “Ensemble contre la traite des
  êtres humains” Collective.
meeting: {iso}
---

# I – Summary of the meeting

To be completed: the main points, the decisions taken and the next steps.
""",
}

RECORD = {
    "fr": """\
---
title: Compte-rendu intégral de la réunion du {long}
description: >-
  Version intégrale du compte-rendu de la réunion du {long} du collectif
  « Ensemble contre la traite des êtres humains ».
meeting: {iso}
---

# II – Compte-rendu de la réunion (version intégrale)

## Ouverture de la réunion {{ #ouverture }}

À compléter : une section par intervention, chacune avec un titre commençant
par « ## ». Un compte-rendu long se découpe en parties : voir CONTRIBUTING.md,
« Découper un long compte-rendu ».
""",
    "en": """\
---
title: Full record of the meeting of {long}
description: >-
  Full record of the minutes of the meeting of {long} of the “Ensemble contre
  la traite des êtres humains” Collective.
meeting: {iso}
---

# II – Minutes of the meeting (full record)

## Opening of the meeting {{ #ouverture }}

To be completed: one section per intervention, each with a heading starting
with “##”. A long record is split into parts: see CONTRIBUTING.en.md,
“Splitting a long record”.
""",
}

NEXT_STEPS = """\
Réunion du {long_fr} créée / Meeting of {long_en} created:
{files}

Étapes suivantes :
  1. Ouvrez {folder}/index.fr.md et remplacez chaque « À compléter » :
     lieu, rapporteur, nombre de participants, objet, prochaines réunions.
  2. Faites de même dans {folder}/bilan.fr.md (le bilan) et
     {folder}/compte-rendu.fr.md (version intégrale).
  3. Traduisez dans les fichiers .en.md : mêmes titres, mêmes ancres {{ #… }},
     mêmes nombres que le français.
  4. Quand le texte est approuvé, remplacez « status: draft » par « status: final ».
  5. Regardez le résultat : make serve, puis http://127.0.0.1:8000/reunions/{iso}/
  6. Proposez vos modifications (pull request) : voir CONTRIBUTING.md.

Next steps:
  1. Open {folder}/index.fr.md and replace every "À compléter":
     place, rapporteur, number of attendees, subject, next meetings.
  2. Do the same in {folder}/bilan.fr.md (the summary) and
     {folder}/compte-rendu.fr.md (full record).
  3. Translate into the .en.md files: same headings, same {{ #… }} anchors,
     same numbers as the French.
  4. Once the text is approved, change "status: draft" to "status: final".
  5. Look at the result: make serve, then http://127.0.0.1:8000/en/reunions/{iso}/
  6. Propose your changes (pull request): see CONTRIBUTING.en.md.
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
    """{file name: text} of the new meeting's pages."""
    iso = date.isoformat()
    out = {}
    for lang in ("fr", "en"):
        long = format_date(date, lang)
        out[f"index.{lang}.md"] = FRONT[lang].format(long=long, iso=iso) + MEETING[lang].format(long=long)
        out[f"bilan.{lang}.md"] = SUMMARY[lang].format(long=long, iso=iso)
        out[f"compte-rendu.{lang}.md"] = RECORD[lang].format(long=long, iso=iso)
    return out


def create(date: dt.date, docs: Path = DOCS) -> list[Path]:
    """Writes the skeletons; FileExistsError if the meeting exists already."""
    folder = docs / "reunions" / date.isoformat()
    if folder.exists():
        raise FileExistsError(
            f"{rel(folder)}/ existe déjà : cette réunion a déjà ses pages / "
            f"{rel(folder)}/ already exists: this meeting already has its pages")
    folder.mkdir(parents=True)
    paths = []
    for name, text in skeletons(date).items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


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
    files = "\n".join(f"  {rel(p)}" for p in paths)
    print(NEXT_STEPS.format(long_fr=format_date(date, "fr"), long_en=format_date(date, "en"),
                            iso=date.isoformat(), folder=rel(paths[0].parent), files=files))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
