"""Helpers shared by the hooks and by scripts/: languages, dates, errors.

Hooks import this module by name: MkDocs puts hooks/ on sys.path while it
loads them. scripts/ adds hooks/ to sys.path itself.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
DATA = ROOT / "data"
LANGS = ("fr", "en")
DEFAULT_LANG = "fr"

MONTHS = {
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet",
           "août", "septembre", "octobre", "novembre", "décembre"],
    "en": ["January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December"],
}


def format_date(value: dt.date, lang: str) -> str:
    """18 octobre 2013 / 18 October 2013 (1er for the first in French)."""
    day = "1er" if (lang == "fr" and value.day == 1) else str(value.day)
    return f"{day} {MONTHS[lang][value.month - 1]} {value.year}"


def format_month(year: int, month: int, lang: str) -> str:
    return f"{MONTHS[lang][month - 1]} {year}"


def page_lang(src_path: str) -> str:
    """'reunions/x/index.en.md' -> 'en'."""
    m = re.search(r"\.([a-z]{2})\.md$", src_path)
    return m.group(1) if m else DEFAULT_LANG


def line_of(path: Path, pattern: str, default: int = 1) -> int:
    """1-based number of the first line matching a regex, for error messages."""
    try:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(pattern, line):
                return n
    except OSError:
        pass
    return default


def rel(path: Path | str) -> str:
    """A path as a contributor sees it, relative to the repository."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(ROOT))
    except ValueError:
        return str(p)


class BuildError(PluginError):
    """A content error. The message names the file (and line) to fix."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n  " + "\n  ".join(problems))
