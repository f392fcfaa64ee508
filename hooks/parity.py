"""French/English twins: parity (structure, anchors, numbers) and freshness (git).

Pure functions shared by hooks/translations.py (at build time) and by
scripts/check.py (`make check`). Nothing here knows about MkDocs.

Parity: every docs/**/*.fr.md (docs/_snippets/ included) has its .en.md twin
and vice versa, and the twins have
  - the same sequence of heading levels (the text is translated, so ignored);
  - the same explicit anchors, in the same order: `{ #id }` and `id="..."`;
  - the same numbers, counted as a multiset of digit groups. "800 000",
    "800,000" and "800000" are one number; "2,5" and "2.5" too; ordinal
    suffixes fall away (4ème, 4th, 4<sup>e</sup> -> 4). Front matter and URLs
    count like the rest; explicit ids do not (the anchor check has them).
And an English page includes English snippets (`--8<-- "x.en.md"`).
Each problem reads "docs/page.en.md:LINE: what differs".

Freshness: the English page is "needs-review" when the last commit touching
the French file comes after the last commit touching the English file (commit
order, so two changes on the same day are told apart). Uncommitted edits count
as "now". No git, a shallow clone, or a file git does not know: "unknown".
"""
from __future__ import annotations

import collections
import datetime as dt
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from common import git_last_commits

# --- reading a page ------------------------------------------------------------

HEADING = re.compile(r"^[ \t]*(#{1,6})[ \t]+(.*?)[ \t]*(?:\{[^{}]*\})?[ \t]*#*[ \t]*$")
HTML_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)(?:</h\1>|$)", re.I)
FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
ATTR_LIST = re.compile(r"\{:?[^{}\n]*\}")
ATTR_ID = re.compile(r"(?:^:?|\s)#([A-Za-z][\w:.-]*)")
HTML_ID = re.compile(r"<[A-Za-z][^>]*?\sid\s*=\s*[\"']([^\"']+)[\"']")
# 1 to 3 digits, then groups of exactly 3 after a space, no-break space, narrow
# no-break space or comma: a thousands separator ("800 000", "1,280").
THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f,]\d{3})+(?![\d]|[.,]\d)")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
DIGIT = re.compile(r"\d")


@dataclass
class Heading:
    level: int
    text: str
    line: int


@dataclass
class Page:
    """What parity compares in one file. Lines are 1-based file lines."""
    path: Path
    headings: list[Heading]
    anchors: list[tuple[str, int]]
    numbers: list[tuple[str, int]]
    front: int = 0   # the front matter's last line (0: none)


def numbers_in(text: str) -> list[str]:
    """Normalised numbers of a line of text, in order."""
    text = THOUSANDS.sub(lambda m: re.sub(r"\D", "", m.group()), text)
    return [n.replace(",", ".") for n in NUMBER.findall(text)]


def _without_ids(line: str) -> str:
    """The line without its explicit ids: the anchor check already compares them."""
    line = ATTR_LIST.sub(lambda m: "{" + ATTR_ID.sub(" ", m.group()[1:-1]) + "}", line)
    return re.sub(r"\sid\s*=\s*[\"'][^\"']*[\"']", " ", line)


def read_page(path: Path) -> Page:
    lines = path.read_text(encoding="utf-8").splitlines()
    headings: list[Heading] = []
    anchors: list[tuple[str, int]] = []
    numbers: list[tuple[str, int]] = []
    body_start = 0
    if lines and lines[0].strip() == "---":  # YAML front matter
        for i in range(1, len(lines)):
            if lines[i].strip() in ("---", "..."):
                body_start = i + 1
                break
    fence = None
    for i, line in enumerate(lines):
        n = i + 1
        if i < body_start:
            numbers += [(x, n) for x in numbers_in(line)]
            continue
        if DIGIT.search(line):  # most lines have no number: skip the number parsing
            numbers += [(x, n) for x in numbers_in(_without_ids(line))]
        m = FENCE.match(line)
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            continue
        if m:
            fence = m.group(1)
            continue
        m = HEADING.match(line)
        if m:
            headings.append(Heading(len(m.group(1)), m.group(2), n))
        if "{" in line:
            for attrs in ATTR_LIST.findall(line):
                anchors += [(a, n) for a in ATTR_ID.findall(attrs[1:-1])]
        if "<" in line:
            for m in HTML_HEADING.finditer(line):
                headings.append(Heading(int(m.group(1)), re.sub(r"<[^>]+>", "", m.group(2)).strip(), n))
            anchors += [(a, n) for a in HTML_ID.findall(line)]
    return Page(path, headings, anchors, numbers, body_start)


# --- parity --------------------------------------------------------------------

def twin(path: Path) -> Path:
    """page.fr.md <-> page.en.md"""
    name = path.name
    if name.endswith(".fr.md"):
        return path.with_name(name[:-6] + ".en.md")
    return path.with_name(name[:-6] + ".fr.md")


def _section(page: Page, line: int) -> int:
    """Index of the heading a line falls under (0 = before the first heading)."""
    k = 0
    for i, h in enumerate(page.headings, 1):
        if h.line <= line:
            k = i
    return k


def _section_line(page: Page, k: int) -> int:
    """First line of section k of a page."""
    if k == 0 or not page.headings:
        return 1
    return page.headings[min(k, len(page.headings)) - 1].line


def _short(text: str, size: int = 40) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def compare(fr: Page, en: Page, label: str, fr_label: str = "", front_matter: bool = True) -> list[str]:
    """Problems between a French page and its English twin; label names the
    English file, fr_label the French one. front_matter=False leaves the
    numbers of the front matter out (its own check has found a mistake there)."""
    out: list[str] = []
    if not front_matter:
        fr = Page(fr.path, fr.headings, fr.anchors, [(x, n) for x, n in fr.numbers if n > fr.front], fr.front)
        en = Page(en.path, en.headings, en.anchors, [(x, n) for x, n in en.numbers if n > en.front], en.front)

    # headings: the sequence of levels
    for i, (h_fr, h_en) in enumerate(zip(fr.headings, en.headings), 1):
        if h_fr.level != h_en.level:
            out.append(f"{label}:{h_en.line}: heading level sequence differs at heading {i}: "
                       f"fr h{h_fr.level} '{_short(h_fr.text)}' line {h_fr.line} "
                       f"vs en h{h_en.level} '{_short(h_en.text)}' line {h_en.line}")
            break
    else:
        n_fr, n_en = len(fr.headings), len(en.headings)
        if n_fr > n_en:
            h = fr.headings[n_en]
            line = en.headings[-1].line if en.headings else 1
            out.append(f"{label}:{line}: {n_fr} headings in French, {n_en} in English: "
                       f"French heading {n_en + 1} (h{h.level} '{_short(h.text)}', French line {h.line}) "
                       "has no English counterpart")
        elif n_en > n_fr:
            h = en.headings[n_fr]
            out.append(f"{label}:{h.line}: {n_fr} headings in French, {n_en} in English: "
                       f"English heading {n_fr + 1} (h{h.level} '{_short(h.text)}') "
                       "has no French counterpart")

    # anchors: same ids, same order. A French anchor and an English one in
    # the same section, each missing from the other language, are one anchor
    # renamed in one language: both files are named, in their own language.
    ids_fr = [a for a, _ in fr.anchors]
    ids_en = [a for a, _ in en.anchors]
    c_fr, c_en = collections.Counter(ids_fr), collections.Counter(ids_en)
    fr_only: list[tuple[str, int]] = []
    for a, line in fr.anchors:
        if c_en[a] < c_fr[a]:
            c_fr[a] = c_en[a]  # report each missing id once
            fr_only.append((a, line))
    c_fr = collections.Counter(ids_fr)
    en_only: list[tuple[str, int]] = []
    for a, line in en.anchors:
        if c_fr[a] < c_en[a]:
            c_en[a] = c_fr[a]
            en_only.append((a, line))
    for a_fr, line_fr in list(fr_only):
        k = _section(fr, line_fr)
        match = next(((a, n) for a, n in en_only if _section(en, n) == k), None)
        if match is None:
            continue
        fr_only.remove((a_fr, line_fr))
        en_only.remove(match)
        a_en, line_en = match
        where_fr = fr_label or "French"
        out.append(f"{where_fr}:{line_fr}: l'ancre #{a_fr} n'est pas dans l'anglais, qui a #{a_en} à sa place "
                   f"({label}:{line_en}) : une ancre est la même dans les deux langues ; si vous l'avez "
                   "renommée, renommez-la dans les deux fichiers (et dans les liens qui y mènent)")
        out.append(f"{label}:{line_en}: anchor #{a_en} is not in the French, which has #{a_fr} in its place "
                   f"({where_fr}:{line_fr}): an anchor is the same in both languages; if it was renamed, "
                   "rename it in both files (and in the links to it)")
    for a, line in fr_only:
        where = _section_line(en, _section(fr, line))
        out.append(f"{label}:{where}: missing anchor #{a} (French line {line})")
    for a, line in en_only:
        out.append(f"{label}:{line}: anchor #{a} is not in the French")
    common = set(ids_fr) & set(ids_en)
    seq_fr = [a for a in ids_fr if a in common]
    seq_en = [a for a in ids_en if a in common]
    if seq_fr != seq_en:
        i = next(i for i, (x, y) in enumerate(zip(seq_fr, seq_en)) if x != y)
        line_en = next(n for a, n in en.anchors if a == seq_en[i])
        line_fr = next(n for a, n in fr.anchors if a == seq_fr[i])
        out.append(f"{label}:{line_en}: anchors in a different order: English has #{seq_en[i]} "
                   f"where French has #{seq_fr[i]} (French line {line_fr})")

    # numbers: the same multiset; locate the first section where counts differ
    n_fr = collections.Counter(x for x, _ in fr.numbers)
    n_en = collections.Counter(x for x, _ in en.numbers)
    for x in sorted(set(n_fr) | set(n_en), key=lambda s: (len(s), s)):
        if n_fr[x] == n_en[x]:
            continue
        per_fr = collections.Counter(_section(fr, n) for y, n in fr.numbers if y == x)
        per_en = collections.Counter(_section(en, n) for y, n in en.numbers if y == x)
        k = min(s for s in set(per_fr) | set(per_en) if per_fr[s] != per_en[s])
        lines_en = [n for y, n in en.numbers if y == x and _section(en, n) == k]
        lines_fr = [n for y, n in fr.numbers if y == x and _section(fr, n) == k]
        where = lines_en[0] if lines_en else _section_line(en, k)
        hint = f" (French line {lines_fr[0]})" if lines_fr else ""
        out.append(f"{label}:{where}: number {x} appears {_times(n_fr[x])} in French, "
                   f"{_times(n_en[x])} in English{hint}")
    return out


def _times(n: int) -> str:
    return {0: "0 times", 1: "once", 2: "twice"}.get(n, f"{n} times")


def check(docs: Path, skip_front_matter: frozenset[Path] | set[Path] = frozenset()) -> tuple[list[str], int]:
    """(problems, number of complete pairs) for every twin under docs/.
    skip_front_matter: pages whose front matter has its own problems (its
    numbers are not compared: the mistake is reported where it is)."""
    docs = Path(docs)
    skip = {Path(p).resolve() for p in skip_front_matter}
    problems: list[str] = []
    pairs = 0
    show = lambda p: f"{docs.name}/{p.relative_to(docs).as_posix()}"  # noqa: E731
    for path in sorted(docs.rglob("*.md")):
        if path.name.endswith(".en.md") and not twin(path).exists():
            problems.append(f"{show(path)}:1: no French original {show(twin(path))} "
                            "(delete the English file or add the French one)")
        if not path.name.endswith(".fr.md"):
            continue
        en = twin(path)
        if not en.exists():
            problems.append(f"{show(en)}:1: missing English translation of {show(path)}")
            continue
        pairs += 1
        front = path.resolve() not in skip and en.resolve() not in skip
        problems += compare(read_page(path), read_page(en), show(en), show(path), front)
        for n, line in enumerate(en.read_text(encoding="utf-8").splitlines(), 1):
            m = SNIPPET.match(line)
            if m:
                problems.append(f"{show(en)}:{n}: includes the French snippet {m.group(1)}; "
                                f"include {m.group(1)[:-6]}.en.md")
    return problems, pairs


# --- freshness -------------------------------------------------------------------

UP_TO_DATE, NEEDS_REVIEW, UNKNOWN = "up-to-date", "needs-review", "unknown"


@dataclass
class Freshness:
    state: str
    fr_date: dt.date | None = None   # last change of the French file
    en_date: dt.date | None = None   # last change of the English file
    reason: str = ""


class Git:
    """The few git questions freshness asks, answered from one working tree."""

    def __init__(self, where: Path):
        self.where = Path(where).resolve()
        self.ok = False
        self.dirty: set[Path] = set()
        top = self._run("rev-parse", "--show-toplevel")
        if top is None:
            self.reason = "no git repository"
            return
        if self._run("rev-parse", "--is-shallow-repository") != "false":
            self.reason = "shallow clone: history incomplete"
            return
        self.top = Path(top)
        status = self._run("status", "--porcelain", "-z", "--untracked-files=all", "--", str(self.where),
                           strip=False)
        if status is None:
            self.reason = "git status failed"
            return
        entries = status.split("\0")
        i = 0
        while i < len(entries):
            entry = entries[i]
            if len(entry) > 3:
                self.dirty.add((self.top / entry[3:]).resolve())
                if entry[0] in "RC":
                    i += 1  # the next entry is the rename's source
            i += 1
        self.ok = True
        self.reason = ""
        self._last: dict[Path, tuple[str, dt.date]] | None = None  # filled by the first last()
        self._ancestor: dict[tuple[str, str], bool] = {}

    def _run(self, *args: str, strip: bool = True) -> str | None:
        try:
            r = subprocess.run(["git", "-C", str(self.where), *args], capture_output=True,
                               text=True, timeout=30)
        except (OSError, subprocess.SubprocessError):
            return None
        if r.returncode != 0:
            return None
        return r.stdout.strip() if strip else r.stdout

    def last(self, path: Path) -> tuple[str, dt.date] | None:
        """(commit, date) of the last commit touching path.

        Files under the working tree's folder are answered from one `git log`
        of the folder; others (or names git spells oddly) ask git on their own."""
        if self._last is None:
            found = git_last_commits(self.where, ".") or {}
            self._last = {self.top / name: (sha, dt.date.fromisoformat(day)) for name, (sha, day) in found.items()}
        path = Path(path).resolve()
        if path in self._last:
            return self._last[path]
        out = self._run("log", "-1", "--format=%H %cs", "--", str(path))
        if not out:
            return None
        sha, day = out.split()
        return sha, dt.date.fromisoformat(day)

    def is_ancestor(self, a: str, b: str) -> bool:
        if (a, b) not in self._ancestor:
            try:
                self._ancestor[a, b] = subprocess.run(
                    ["git", "-C", str(self.where), "merge-base", "--is-ancestor", a, b],
                    capture_output=True, timeout=30).returncode == 0
            except (OSError, subprocess.SubprocessError):
                return False
        return self._ancestor[a, b]


def file_freshness(fr: Path, en: Path, git: Git, today: dt.date | None = None) -> Freshness:
    """Is the English file at least as recent as the French one?"""
    if not git.ok:
        return Freshness(UNKNOWN, reason=git.reason)
    today = today or dt.date.today()
    fr, en = Path(fr).resolve(), Path(en).resolve()
    fr_dirty, en_dirty = fr in git.dirty, en in git.dirty
    fr_last = None if fr_dirty else git.last(fr)
    en_last = None if en_dirty else git.last(en)
    fr_date = today if fr_dirty else (fr_last[1] if fr_last else None)
    en_date = today if en_dirty else (en_last[1] if en_last else None)
    if en_dirty:  # the translation is being edited now: the newest state
        return Freshness(UP_TO_DATE, fr_date, en_date, "English file has uncommitted changes")
    if fr_dirty:
        return Freshness(NEEDS_REVIEW, fr_date, en_date, "French file has uncommitted changes")
    if not fr_last or not en_last:
        return Freshness(UNKNOWN, fr_date, en_date, "file not in git history")
    if fr_last[0] == en_last[0] or git.is_ancestor(fr_last[0], en_last[0]):
        return Freshness(UP_TO_DATE, fr_date, en_date)
    if git.is_ancestor(en_last[0], fr_last[0]):
        return Freshness(NEEDS_REVIEW, fr_date, en_date, "French changed in a later commit")
    # commits on diverged branches: fall back to dates
    state = NEEDS_REVIEW if fr_date > en_date else UP_TO_DATE
    return Freshness(state, fr_date, en_date, "diverged history: compared by date")


SNIPPET = re.compile(r"""^[ \t]*-{1,}8<-{1,}[ \t]+["']([^"']+\.fr\.md)["']""", re.M)


def page_freshness(fr: Path, docs: Path, git: Git, today: dt.date | None = None) -> Freshness:
    """Freshness of a page, counting the snippets its French file includes."""
    files = [Path(fr)]
    for name in SNIPPET.findall(Path(fr).read_text(encoding="utf-8")):
        snippet = Path(docs) / "_snippets" / name
        if snippet.exists():
            files.append(snippet)
    results = [file_freshness(f, twin(f), git, today) for f in files if twin(f).exists()]
    if not results:
        return Freshness(UNKNOWN, reason="no English file")
    stale = [r for r in results if r.state == NEEDS_REVIEW]
    if stale:
        return max(stale, key=lambda r: r.fr_date or dt.date.min)
    unknown = [r for r in results if r.state == UNKNOWN]
    if unknown:
        return unknown[0]
    dates = [r for r in results if r.fr_date and r.en_date]
    if not dates:
        return results[0]
    return Freshness(UP_TO_DATE, max(r.fr_date for r in dates), max(r.en_date for r in dates))
