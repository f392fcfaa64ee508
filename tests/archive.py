"""The archive as the tests find it: the meetings in docs/reunions/.

Tests must hold for any archive, not just the one meeting of 18 October 2013:
they take their meetings from here. A meeting is a folder
docs/reunions/YYYY-MM-DD/ whose index.fr.md front matter holds `meeting:`
with its `status`; only `status: final` meetings are published (drafts are
left out of the public build), so `published()` is what the built site shows.

    python tests/archive.py      # prints what the tests will find
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
DATA = ROOT / "data"
LANGS = ("fr", "en")
PREFIX = {"fr": "", "en": "en/"}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    m = re.match(r"---\s*\n(.*?)\n---\s*\n", text, re.S)
    return (yaml.safe_load(m.group(1)) or {}) if m else {}


@dataclass(frozen=True)
class Meeting:
    date: str                 # "YYYY-MM-DD"
    status: str               # "final" or "draft"
    folder: Path              # docs/reunions/DATE

    @property
    def day(self) -> dt.date:
        return dt.date.fromisoformat(self.date)

    @property
    def path(self) -> str:
        """'reunions/DATE' (the site path, without language prefix)."""
        return f"reunions/{self.date}"

    def url(self, lang: str, page: str = "index") -> str:
        """Site path of one of its pages: url('en', 'bilan') -> '/en/reunions/DATE/bilan/'."""
        return f"/{PREFIX[lang]}{self.path}/" + ("" if page == "index" else f"{page}/")

    def pages(self, lang: str) -> list[str]:
        """Its pages in one language, by name: ['annexe-1', 'bilan', 'compte-rendu', …, 'index']."""
        return sorted(p.name.removesuffix(f".{lang}.md") for p in self.folder.glob(f"*.{lang}.md"))

    def source(self, page: str, lang: str) -> Path:
        return self.folder / f"{page}.{lang}.md"

    @property
    def has_priorities(self) -> bool:
        return all(self.source("priorites", lang).is_file() for lang in LANGS)

    @property
    def data_file(self) -> Path:
        return DATA / "meetings" / f"{self.date}.yml"

    @cached_property
    def data(self) -> dict:
        """data/meetings/DATE.yml (interventions, priorities), or {}."""
        return (yaml.safe_load(self.data_file.read_text(encoding="utf-8")) or {}) if self.data_file.is_file() else {}

    @property
    def snippets(self) -> Path:
        return DOCS / "_snippets" / self.date

    def meta(self, lang: str = "fr") -> dict:
        """The `meeting:` block of index.LANG.md."""
        return front_matter(self.source("index", lang)).get("meeting") or {}

    def words(self, lang: str) -> int:
        """Words of its Markdown pages in one language, included snippets counted once."""
        text = " ".join(self.source(p, lang).read_text(encoding="utf-8") for p in self.pages(lang))
        if self.snippets.is_dir():
            text += " ".join(p.read_text(encoding="utf-8") for p in self.snippets.glob(f"*.{lang}.md"))
        return len(re.findall(r"\w+", text))

    def __hash__(self):
        return hash(self.date)


def meetings(docs: Path = DOCS) -> list[Meeting]:
    """Every meeting folder, drafts included, oldest first."""
    out = []
    for index in sorted(docs.glob("reunions/*/index.fr.md")):
        if not _DATE.fullmatch(index.parent.name):
            continue
        status = str((front_matter(index).get("meeting") or {}).get("status", "draft"))
        out.append(Meeting(index.parent.name, status, index.parent))
    return out


def published(docs: Path = DOCS) -> list[Meeting]:
    """The meetings on the public site (status: final), oldest first; may be empty."""
    return [m for m in meetings(docs) if m.status == "final"]


def drafts(docs: Path = DOCS) -> list[Meeting]:
    return [m for m in meetings(docs) if m.status != "final"]


def latest(docs: Path = DOCS) -> Meeting | None:
    """The newest published meeting (the home page's), or None."""
    found = published(docs)
    return found[-1] if found else None


def free_date(docs: Path = DOCS) -> str:
    """A date that is no meeting yet: the day after the newest meeting folder."""
    found = meetings(docs)
    day = found[-1].day + dt.timedelta(days=1) if found else dt.date(2099, 1, 1)
    return day.isoformat()


def largest(docs: Path = DOCS) -> Meeting | None:
    """The published meeting with the most text (the richest example)."""
    found = published(docs)
    return max(found, key=lambda m: m.words("fr")) if found else None


def with_(what: str, docs: Path = DOCS) -> list[Meeting]:
    """Published meetings that have a feature: 'priorities', 'data' (data/meetings/DATE.yml),
    'interventions' (data with interventions), 'annexes'."""
    test = {
        "priorities": lambda m: m.has_priorities,
        "data": lambda m: m.data_file.is_file(),
        "interventions": lambda m: bool(m.data.get("interventions")),
        "annexes": lambda m: any(p.startswith("annexe-") for p in m.pages("fr")),
    }[what]
    return [m for m in published(docs) if test(m)]


def ids(found: list[Meeting]) -> list[str]:
    """pytest ids for parametrising over meetings."""
    return [m.date for m in found]


if __name__ == "__main__":
    for m in meetings():
        print(m.date, m.status,
              "priorities" if m.has_priorities else "", {lang: len(m.pages(lang)) for lang in LANGS})
    print("free date:", free_date())
