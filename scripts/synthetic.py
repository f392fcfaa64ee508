"""Synthetic meetings for the benchmark: copies of a real meeting at other dates.

Used only by scripts/bench.py, and only on a temporary copy of the project:
never point it at the real repository (`add_meetings` refuses to).

Each synthetic meeting is a real meeting, TEMPLATE (the published meeting
with the most text, so pages have a realistic size), moved to the same day of
an earlier month, one month apart, going back from the template and skipping
the dates of real meetings. The archive then holds `total` meetings, real
ones included. In the copy:
  - the folder docs/reunions/DATE/ and docs/_snippets/DATE/ are renamed;
  - the template's date ("2013-10-18", "18 octobre 2013", "18 October 2013")
    becomes the new date everywhere in the copied files (front matter, titles,
    descriptions, snippet paths), and `report_date` keeps its distance from
    the meeting;
  - the subject says it is synthetic;
  - data/ files named after the date are copied, and YAML files keyed by the
    date get an entry for each new date.
French and English copies change in the same way, so parity holds.
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))
from common import format_date  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def real_meetings(docs: Path = REPO / "docs") -> dict[str, str]:
    """{date: status} of the meeting folders in docs/reunions/."""
    out = {}
    for index in sorted(docs.glob("reunions/*/index.fr.md")):
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", index.parent.name):
            m = re.search(r"^\s+status:\s*[\"']?(\w+)", index.read_text(encoding="utf-8"), re.M)
            out[index.parent.name] = m.group(1) if m else "draft"
    return out


def template_meeting(docs: Path = REPO / "docs") -> str | None:
    """The published meeting with the most text (pages and snippets): the one copied."""
    def size(date: str) -> int:
        files = list((docs / "reunions" / date).glob("*.md")) + list((docs / "_snippets" / date).glob("*"))
        return sum(f.stat().st_size for f in files if f.is_file())
    final = [d for d, status in real_meetings(docs).items() if status == "final"]
    return max(final, key=lambda d: (size(d), d)) if final else None


TEMPLATE = template_meeting()

LABEL = {"fr": "Réunion synthétique (banc d'essai) — ", "en": "Synthetic meeting (benchmark) — "}


def long_date(day: dt.date, lang: str) -> str:
    """18 octobre 2013 / 18 October 2013, as the site writes dates."""
    return format_date(day, lang)


def months_back(start: dt.date, k: int) -> dt.date:
    """The same day of the month, k months before start (day capped at 28)."""
    index = start.year * 12 + (start.month - 1) - k
    return dt.date(index // 12, index % 12 + 1, min(start.day, 28))


def synthetic_dates(total: int, template: str = TEMPLATE, taken: frozenset = frozenset()) -> list[str]:
    """Dates of total-1 synthetic meetings, monthly, newest first, none in `taken`."""
    start = dt.date.fromisoformat(template)
    out, k = [], 1
    while len(out) < total - 1:
        day = months_back(start, k).isoformat()
        if day not in taken:
            out.append(day)
        k += 1
    return out


def rewrite(text: str, lang: str | None, old: str, new: str) -> str:
    """A copied file's text moved from meeting `old` to meeting `new`."""
    o, n = dt.date.fromisoformat(old), dt.date.fromisoformat(new)
    text = text.replace(old, new)
    for code in ("fr", "en"):
        text = text.replace(long_date(o, code), long_date(n, code))

    def report(m: re.Match) -> str:
        shift = dt.date.fromisoformat(m.group(2)) - o
        return m.group(1) + (n + shift).isoformat()
    text = re.sub(r"^(\s+report_date:\s*)(\d{4}-\d{2}-\d{2})", report, text, flags=re.M)
    if lang in LABEL:
        text = re.sub(r"^(\s+subject:\s*[\"']?)(.+)$", lambda m: m.group(1) + LABEL[lang] + m.group(2),
                      text, count=1, flags=re.M)
    return text


def _lang(path: Path) -> str | None:
    m = re.search(r"\.([a-z]{2})\.md$", path.name)
    return m.group(1) if m else None


def _copy_tree(src: Path, dst: Path, old: str, new: str) -> int:
    count = 0
    for f in sorted(src.rglob("*")):
        target = dst / f.relative_to(src)
        if f.is_dir():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if f.suffix in (".md", ".yml", ".yaml", ".txt", ".html"):
            target.write_text(rewrite(f.read_text(encoding="utf-8"), _lang(f), old, new), encoding="utf-8")
        else:
            shutil.copy2(f, target)
        count += 1
    return count


def _keyed_yaml(path: Path, old: str, dates: list[str]) -> bool:
    """Give a YAML mapping keyed by `old` an entry per new date. True if changed."""
    raw = path.read_text(encoding="utf-8")
    if old not in raw:
        return False
    data = yaml.safe_load(raw)
    if not isinstance(data, dict):
        return False
    key = next((k for k in data if str(k) == old), None)
    if key is None:
        return False
    for new in dates:
        entry = yaml.safe_load(rewrite(yaml.safe_dump(data[key], allow_unicode=True), None, old, new))
        data[dt.date.fromisoformat(new) if isinstance(key, dt.date) else new] = entry
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return True


def add_meetings(root: Path, total: int, template: str | None = None) -> list[str]:
    """Add synthetic meetings to the project copy at root until its archive
    holds `total` meetings (real ones included). Returns their dates."""
    root = Path(root).resolve()
    if root == REPO or REPO in root.parents:
        raise ValueError(f"refusing to write synthetic meetings into the repository ({root})")
    docs, data = root / "docs", root / "data"
    real = real_meetings(docs)
    template = template or template_meeting(docs)
    if template is None:
        raise FileNotFoundError(f"no published meeting in {docs}/reunions/ to copy")
    source = docs / "reunions" / template
    if not source.is_dir():
        raise FileNotFoundError(f"template meeting {source} is missing")
    dates = synthetic_dates(total - len(real) + 1, template, frozenset(real))
    for new in dates:
        _copy_tree(source, docs / "reunions" / new, template, new)
        snippets = docs / "_snippets" / template
        if snippets.is_dir():
            _copy_tree(snippets, docs / "_snippets" / new, template, new)
        for f in sorted(data.rglob(f"*{template}*")) if data.is_dir() else []:
            target = f.with_name(f.name.replace(template, new))
            if f.is_dir():
                _copy_tree(f, target, template, new)
            elif f.is_file():
                target.write_text(rewrite(f.read_text(encoding="utf-8"), None, template, new), encoding="utf-8")
    if data.is_dir():
        for f in sorted(data.rglob("*.y*ml")):
            if template not in f.name:
                _keyed_yaml(f, template, dates)
    return dates
