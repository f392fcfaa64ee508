"""python -m scripts terminology [--write-table] [DOCS_DIR]

Checks the English pages against the terminology table (data/terminology.yml,
which TRANSLATING.md's table is written from). For every French page
docs/**/x.fr.md and its English twin x.en.md (snippets included), it reports:

  - a French term of the table present in the French page whose English
    rendering is absent from the English twin;
  - an explanation missing at a term's first use (MIPROF, GRETA, CHRS,
    cabinet, départements…), when the French page uses the term;
  - an English rendering the table rejects ("the MIPROF", "custodial
    sentences"…), wherever it appears in an English page.

One line per problem, "docs/x.en.md:LINE: …", and exit status 1; one OK line
and exit status 0 otherwise. It also checks that TRANSLATING.md's table is the
one the data gives; --write-table rewrites that table from the data.
`python -m scripts check` runs the same checks after the parity check.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))
import freshness  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "terminology.yml"
GUIDE = ROOT / "TRANSLATING.md"
START, END = "<!-- terminology-table: start -->", "<!-- terminology-table: end -->"
FLAGS = re.I

# What a reader does not read: these spans are blanked (same length, so offsets
# still give line numbers). Link targets, attribute lists, HTML tags and
# comments, snippet includes.
HIDDEN = re.compile(
    r"<!--.*?-->"                 # HTML comment (a marker)
    r"|\]\([^)]*\)"               # ](link target)
    r"|\{[^{}\n]*#[^{}\n]*\}"     # { #anchor } attribute list
    r"|\{ ?\.[\w-]+ ?\}"          # { .class }
    r"|<[^>\n]+>"                 # an HTML tag
    r"|^--8<--.*$",               # --8<-- "snippet.md"
    re.S | re.M)


@dataclass
class Avoid:
    en: re.Pattern
    text: str
    unless_fr: re.Pattern | None = None


@dataclass
class Entry:
    fr: str
    en: str
    note: str = ""
    avoid: list[Avoid] = field(default_factory=list)
    find: re.Pattern | None = None
    expect: re.Pattern | None = None
    gloss: re.Pattern | None = None


def _word(pattern: str) -> re.Pattern:
    """A whole-word, case-insensitive pattern (\\b only where the edge is a word character)."""
    left = r"\b" if re.match(r"\w", pattern) else ""
    right = r"\b" if re.search(r"\w[?*+]?$", pattern) else ""
    return re.compile(f"{left}(?:{pattern}){right}", FLAGS)


def load(path: Path = DATA) -> list[Entry]:
    """The entries of data/terminology.yml; ValueError naming the entry when one is malformed."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries = []
    for k, item in enumerate(raw.get("entries") or [], 1):
        name = item.get("fr", "?") if isinstance(item, dict) else repr(item)
        where = f"{path.name}, entry {k} ({name})"
        if not isinstance(item, dict) or not item.get("fr") or not item.get("en"):
            raise ValueError(f"{where}: each entry needs fr and en")
        unknown = set(item) - {"fr", "en", "note", "avoid", "find", "expect", "gloss"}
        if unknown:
            raise ValueError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        if ("expect" in item or "gloss" in item) and "find" not in item:
            raise ValueError(f"{where}: expect and gloss need find (the French term to look for)")
        try:
            avoid = []
            for a in item.get("avoid") or []:
                a = a if isinstance(a, dict) else {"en": a}
                avoid.append(Avoid(_word(a["en"]), a["en"].replace("\\", ""),
                                   re.compile(a["unless_fr"], FLAGS) if a.get("unless_fr") else None))
            entries.append(Entry(
                fr=item["fr"], en=item["en"], note=item.get("note", ""), avoid=avoid,
                find=re.compile(item["find"], FLAGS) if item.get("find") else None,
                expect=re.compile(item["expect"], FLAGS) if item.get("expect") else None,
                gloss=re.compile(item["gloss"], FLAGS) if item.get("gloss") else None))
        except re.error as e:
            raise ValueError(f"{where}: invalid regular expression ({e})") from None
    return entries


# --- reading a page ---------------------------------------------------------------

@dataclass
class Text:
    """A page as a reader reads it: emphasis dropped, ’ read as ', newlines as spaces."""
    text: str           # normalised text
    where: list[int]    # where[i]: offset in the file of text[i]
    raw: str
    body: int           # offset in `text` where the body starts (after the front matter)

    def line(self, i: int) -> int:
        return self.raw.count("\n", 0, self.where[i] if i < len(self.where) else len(self.raw)) + 1


def read(path: Path) -> Text:
    raw = path.read_text(encoding="utf-8")
    blanked = HIDDEN.sub(lambda m: " " * len(m.group(0)), raw)
    body_start = 0
    m = re.match(r"---\n.*?\n---\n", raw, re.S)
    if m:
        body_start = m.end()
    chars, where, body = [], [], None
    for i, c in enumerate(blanked):
        if body is None and i >= body_start:
            body = len(chars)
        if c in "*_":
            continue
        if c in "\n\t\u00a0\u202f":
            c = " "
        elif c in "’‘":
            c = "'"
        if c == " " and chars and chars[-1] == " ":
            continue
        chars.append(c)
        where.append(i)
    return Text("".join(chars), where, raw, body if body is not None else len(chars))


# --- the check ----------------------------------------------------------------------

def untranslated(en: Text) -> bool:
    """A skeleton waiting for its translator (make import-meeting writes them): apart from
    anchors, links' targets and markup, its body says only "To be completed"."""
    body = re.sub(r"\{[^{}]*\}|\]\([^)]*\)|<[^>]*>|--8<--\s+\S+", " ", en.text[en.body:])
    return not re.search(r"[^\W\d_]", body.replace("To be completed", " "))


def check_pair(fr_path: Path, en_path: Path, entries: list[Entry], label: str) -> list[str]:
    fr, en = read(fr_path), read(en_path)
    problems: list[tuple[int, str]] = []
    skeleton = untranslated(en)     # nothing translated yet: no rendering to look for
    for e in entries:
        if e.find and not skeleton:
            hit = e.find.search(fr.text)
            if hit and e.expect and not e.expect.search(en.text):
                problems.append((1, f"the French has « {hit.group(0)} » ({fr_path.name}:{fr.line(hit.start())}) "
                                    f"but the English has no “{e.en}” (TRANSLATING.md, terminology)"))
            body_hit = e.find.search(fr.text, fr.body)
            if body_hit and e.gloss and not e.gloss.search(en.text, en.body):
                problems.append((en.line(en.body) if en.body < len(en.text) else 1,
                                 f"« {body_hit.group(0)} » ({fr_path.name}:{fr.line(body_hit.start())}) "
                                 f"is not explained on this page: explain it at its first use "
                                 f"(TRANSLATING.md, terminology: « {e.fr} »)"))
        for a in e.avoid:
            if a.unless_fr and a.unless_fr.search(fr.text):
                continue
            for m in a.en.finditer(en.text):
                problems.append((en.line(m.start()), f"“{m.group(0)}”: not a rendering the table accepts "
                                                     f"for « {e.fr} »; write “{e.en}” (TRANSLATING.md, terminology)"))
    return [f"{label}:{line}: {msg}" for line, msg in sorted(problems, key=lambda p: p[0])]


def check(docs: Path, entries: list[Entry] | None = None) -> list[str]:
    """Every problem in the English twins under docs/, one line each."""
    docs = Path(docs)
    entries = load() if entries is None else entries
    out: list[str] = []
    for fr in sorted(docs.rglob("*.fr.md")):
        en = fr.with_name(fr.name[:-6] + ".en.md")
        # a missing twin is the parity check's to report; a pending page has no English text yet
        if en.exists() and not freshness.is_pending(en):
            out += check_pair(fr, en, entries, f"{docs.name}/{en.relative_to(docs).as_posix()}")
    return out


# --- TRANSLATING.md's table ---------------------------------------------------------

def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def table(entries: list[Entry]) -> str:
    lines = ["| French | English | Not | Note |", "| --- | --- | --- | --- |"]
    for e in entries:
        avoid = ", ".join(f"“{a.text}”" for a in e.avoid)
        lines.append(f"| {_cell(e.fr)} | {_cell(e.en)} | {_cell(avoid)} | {_cell(e.note)} |")
    return "\n".join(lines)


def guide_problem(guide: Path = GUIDE, entries: list[Entry] | None = None, write: bool = False) -> str | None:
    """None when TRANSLATING.md's table is the data's (or was just rewritten), else the problem."""
    if not guide.exists():
        return None
    text = guide.read_text(encoding="utf-8")
    if START not in text or END not in text:
        return f"{guide.name}:1: the markers {START} and {END} around the terminology table are missing"
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    wanted = f"{head}{START}\n{table(load() if entries is None else entries)}\n{END}{tail}"
    if wanted == text:
        return None
    if write:
        guide.write_text(wanted, encoding="utf-8")
        return None
    line = head.count("\n") + 1
    return (f"{guide.name}:{line}: the terminology table differs from data/terminology.yml: edit the data, "
            "then run python -m scripts terminology --write-table")


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("-")]
    unknown = [a for a in argv if a.startswith("-") and a != "--write-table"]
    if unknown or len(args) > 1:
        print(__doc__, file=sys.stderr)
        return 2
    docs = Path(args[0]) if args else ROOT / "docs"
    try:
        entries = load()
    except ValueError as e:
        print(f"data/{e}", file=sys.stderr)
        return 2
    problems = check(docs, entries)
    table_problem = guide_problem(entries=entries, write="--write-table" in argv)
    problems += [table_problem] if table_problem else []
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} terminology problem(s): fix the English file named on each line "
              "(TRANSLATING.md, terminology).", file=sys.stderr)
        return 1
    print(f"OK: the English pages follow the terminology table ({len(entries)} terms).")
    return 0
