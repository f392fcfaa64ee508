"""French/English twins: parity (structure, anchors, numbers, blocks).

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

(freshness.block_check adds: each section has as many blocks — paragraphs,
list items, table rows… — in English as in French.) An English page marked
`translation: pending` has no text of its own: only its front matter is
compared (the build shows the French body in its place).
"""
from __future__ import annotations

import collections
import re
from dataclasses import dataclass
from pathlib import Path

import freshness
from common import tree

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


def _front_only(page: Page) -> Page:
    """What a page's front matter holds (its numbers): a pending page's English twin has only that."""
    text = page.path.read_text(encoding="utf-8")
    m = freshness.FRONT.match(text)
    last = text[:m.end()].count("\n") if m else 0
    return Page(page.path, [], [], [(x, n) for x, n in page.numbers if n <= last])


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
    for path in tree(docs):
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
        if freshness.is_pending(en):  # the build shows the French body: the front matter is compared
            problems += compare(_front_only(read_page(path)), read_page(en), show(en), show(path), front)
            problems += freshness.pending_problems(en, show)
            continue
        problems += compare(read_page(path), read_page(en), show(en), show(path), front)
        for n, line in enumerate(en.read_text(encoding="utf-8").splitlines(), 1):
            m = SNIPPET.match(line)
            if m:
                problems.append(f"{show(en)}:{n}: includes the French snippet {m.group(1)}; "
                                f"include {m.group(1)[:-6]}.en.md")
    return problems, pairs


SNIPPET = re.compile(r"""^[ \t]*-{1,}8<-{1,}[ \t]+["']([^"']+\.fr\.md)["']""", re.M)
