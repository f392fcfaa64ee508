"""Paragraph-level translation freshness, and pages whose translation is pending.

Pure functions shared by hooks/translations.py (at build time), hooks/seo.py,
hooks/search.py and `python -m scripts translation` (the translator's
command). Nothing here needs git or MkDocs.

Blocks. A page is read as a list of blocks: the front matter (block 0), then
each heading, paragraph, list item, table row and admonition title of the
body, in order. HTML-only lines (`<div … markdown>`, `</div>`), comments
(`<!-- marker -->`), snippet includes and attribute-only lines (`{ .x }`) are
structure, not text: the parity check looks after them. A French page and its
English twin have the same number of blocks in each section (between two
headings), so block N of the English translates block N of the French.

Record. `data/translations/<page>.yml` (one small file per English page or
snippet, outside docs/, so members editing pages in GitHub's web editor never
meet it) holds, for each French block the English was last reviewed against,
a fingerprint of that French block and of the English block. The translator
writes it with `python -m scripts translation review PAGE` (the English was
updated) or `… review PAGE --no-change` (a typo fix: the English needs no
change). The text itself is not stored twice: the earlier French comes from
git history when there is one.

Freshness. A French block whose fingerprint is not in the record (changed,
or new) is "changed": the English page marks that block in place, and the
status page counts the changed blocks of each page. No record at all:
"unknown" (never reviewed).

Pending. An English page whose front matter says `translation: pending` has
no body of its own: the build shows the French page's body, marked
lang="fr", under a notice, and keeps the page out of English search, the
English feed and hreflang.
"""
from __future__ import annotations

import difflib
import functools
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from common import load_yaml, tree

UP_TO_DATE, NEEDS_REVIEW, PENDING, UNKNOWN = "up-to-date", "needs-review", "pending", "unknown"
RECORDS = "translations"   # data/translations/<stem>.yml

# --- reading blocks -----------------------------------------------------------------

FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*\n", re.S)
FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
HEADING = re.compile(r"^(#{1,6})[ \t]+\S")
LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\S")
TABLE_ROW = re.compile(r"^[ \t]*\|")
TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*$")
ADMONITION = re.compile(r"^[ \t]*(?:!!!|\?\?\?\+?)[ \t]+\S")
STRUCTURE = re.compile(
    r"^[ \t]*(?:<!--.*-->|</?[A-Za-z][^<>]*>|-{1,}8<-{1,}.*|\{:?[^{}]*\})[ \t]*$")
DEFINITION = re.compile(r"^[ \t]*(?:\*\[[^\]]+\]|\[\^?[^\]]+\]):")  # *[abbr]: [^note]: [ref]:
SNIPPET = re.compile(r"""^([ \t]*)-{1,}8<-{1,}[ \t]+["']([^"']+)["'][ \t]*$""")
ANCHOR = re.compile(r"\{[^{}\n]*?#([A-Za-z][\w:.-]*)[^{}\n]*\}|\sid\s*=\s*[\"']([^\"']+)[\"']")


@dataclass
class Block:
    index: int      # 0 = front matter
    line: int       # 1-based line of its first line in the file
    section: int    # number of headings before it (a heading opens its own section)
    kind: str       # front-matter, heading, paragraph, item, row, admonition, code
    text: str
    anchor: str = ""  # the nearest explicit anchor at or before the block ("" = none)

    @property
    def hash(self) -> str:
        return fingerprint(self.text)


def fingerprint(text: str) -> str:
    """12 hex digits of SHA-1 of the text with its white space collapsed."""
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


def blocks(text: str) -> list[Block]:
    """The blocks of a page's Markdown (front matter first, even when empty).
    Read once per distinct text (several checks read every page): the Block
    objects are shared, never change them."""
    return list(_blocks(text))


@functools.lru_cache(maxsize=8192)
def _blocks(text: str) -> tuple[Block, ...]:
    out: list[Block] = []
    m = FRONT.match(text)
    front = m.group(1) or "" if m else ""
    out.append(Block(0, 1, 0, "front-matter", front))
    lines = text[m.end():].split("\n") if m else text.split("\n")
    offset = text[:m.end()].count("\n") if m else 0
    current: list[str] | None = None
    section = 0
    anchor = ""
    fence = None
    comment = False   # inside an HTML comment of several lines: no block

    def start(kind: str, i: int, line: str) -> list[str]:
        out.append(Block(len(out), offset + i + 1, section, kind, "", anchor))
        return [line]

    def close():
        nonlocal current
        if current is not None:
            out[-1].text = "\n".join(current)
        current = None

    for i, line in enumerate(lines):
        f = FENCE.match(line)
        if fence:
            current.append(line)
            if f and f.group(1)[0] == fence[0] and len(f.group(1)) >= len(fence):
                fence = None
                close()
            continue
        if f:
            close()
            current = start("code", i, line)
            fence = f.group(1)
            continue
        if comment or (line.lstrip().startswith("<!--") and "-->" not in line):
            close()
            comment = "-->" not in line if comment else True
            continue
        for a, b in ANCHOR.findall(line):
            anchor = a or b   # the block's own anchor counts (a heading's id)
        if not line.strip():
            close()
        elif HEADING.match(line):
            close()
            section += 1
            out.append(Block(len(out), offset + i + 1, section, "heading", line, anchor))
        elif STRUCTURE.match(line) or TABLE_RULE.match(line):
            close()
        elif LIST_ITEM.match(line):
            close()
            current = start("item", i, line)
        elif TABLE_ROW.match(line):
            close()
            current = start("row", i, line)
        elif ADMONITION.match(line):
            close()
            out.append(Block(len(out), offset + i + 1, section, "admonition", line, anchor))
        elif current is None:
            current = start("paragraph", i, line)
        else:
            current.append(line)
    close()
    return tuple(out)


def read_blocks(path: Path) -> list[Block]:
    return blocks(Path(path).read_text(encoding="utf-8"))


# --- pairs, records and pending pages ----------------------------------------------------

def twin(path: Path) -> Path:
    """page.fr.md <-> page.en.md"""
    name = Path(path).name
    other = ".en.md" if name.endswith(".fr.md") else ".fr.md"
    return Path(path).with_name(name[:-6] + other)


def stem(docs: Path, path: Path) -> str:
    """docs/reunions/x/bilan.en.md -> 'reunions/x/bilan'"""
    return Path(path).relative_to(docs).as_posix().rsplit(".", 2)[0]


def record_path(docs: Path, stem_: str) -> Path:
    """Where the record of an English page lives: data/translations/<stem>.yml."""
    return Path(docs).parent / "data" / RECORDS / f"{stem_}.yml"


def front_matter(path: Path) -> dict:
    m = FRONT.match(Path(path).read_text(encoding="utf-8"))
    try:
        data = load_yaml(m.group(1) or "") if m else {}
    except yaml.YAMLError:
        return {}  # the metadata checks report it
    return data if isinstance(data, dict) else {}


_PENDING: dict[tuple[Path, int], bool] = {}


def is_pending(en: Path) -> bool:
    """An English page marked `translation: pending` in its front matter.
    Several hooks ask for every page: read again only when the file changed."""
    en = Path(en)
    try:
        key = (en, en.stat().st_mtime_ns)
    except OSError:
        return False
    if key not in _PENDING:
        text = en.read_text(encoding="utf-8")
        _PENDING[key] = "translation" in text and \
            str(front_matter(en).get("translation", "")).strip().lower() == "pending"
    return _PENDING[key]


def shown(path: Path) -> Path:
    """The file whose text a page shows: the French twin for a pending English page."""
    return twin(path) if Path(path).name.endswith(".en.md") and is_pending(path) else Path(path)


def body(path: Path) -> str:
    """A page's Markdown without its front matter."""
    text = Path(path).read_text(encoding="utf-8")
    m = FRONT.match(text)
    return text[m.end():] if m else text


@dataclass
class Record:
    french: str
    pairs: list[tuple[str, str]]   # (French fingerprint, English fingerprint) per block


def read_record(docs: Path, stem_: str) -> Record | None:
    path = record_path(docs, stem_)
    if not path.exists():
        return None
    return _record(path.read_text(encoding="utf-8"))


def _record(text: str) -> Record:
    data = load_yaml(text) or {}
    pairs = []
    for item in data.get("blocks") or []:
        fr, _, en = str(item).partition(" ")
        pairs.append((fr, en.strip()))
    return Record(str(data.get("french", "")), pairs)


def write_record(docs: Path, stem_: str, fr: list[Block], en: list[Block]) -> Path:
    """Records that the English page, as it is, translates the French page as it is."""
    path = record_path(docs, stem_)
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        f"# What docs/{stem_}.en.md was translated from, block by block (front matter,",
        "# then each heading, paragraph, list item, table row): fingerprints of the French",
        "# and of the English. Written by `python -m scripts translation review`; do not",
        "# edit by hand (TRANSLATING.md, « Keeping the English up to date »).",
        f"french: {stem_}.fr.md",
        "blocks:",
    ]
    for i, b in enumerate(fr):
        lines.append(f"  - {b.hash} {en[i].hash if i < len(en) else '-'}  # {i} {b.kind}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def changed(record: Record | None, fr: list[Block]) -> list[int]:
    """Indexes of the French blocks that are not as recorded (all of them without a
    record). Blocks are matched by fingerprint, in order, so an inserted paragraph
    flags itself, not every paragraph after it."""
    if record is None:
        return [b.index for b in fr]
    old = [f for f, _ in record.pairs]
    new = [b.hash for b in fr]
    same: set[int] = set()
    for tag, _i1, _i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            same.update(range(j1, j2))
    return [i for i in range(len(new)) if i not in same]


@dataclass
class State:
    """The freshness of one English file (page or snippet)."""
    state: str
    changed: list[int] = field(default_factory=list)   # indexes of changed French blocks
    blocks: list[Block] = field(default_factory=list)  # the French blocks

    @property
    def count(self) -> int:
        return len(self.changed)


def file_state(docs: Path, fr: Path) -> State:
    docs = Path(docs)
    en = twin(fr)
    if not en.exists():
        return State(UNKNOWN)
    if is_pending(en):
        return State(PENDING)
    path = record_path(docs, stem(docs, fr))
    state = _text_state(Path(fr).read_text(encoding="utf-8"),
                        path.read_text(encoding="utf-8") if path.exists() else None)
    return State(state.state, list(state.changed), list(state.blocks))


@functools.lru_cache(maxsize=4096)   # several hooks ask for each page: compared once per distinct text
def _text_state(french: str, record: str | None) -> State:
    fr_blocks = blocks(french)
    if record is None:
        return State(UNKNOWN, [], fr_blocks)
    c = changed(_record(record), fr_blocks)
    return State(NEEDS_REVIEW if c else UP_TO_DATE, c, fr_blocks)


def snippets_of(docs: Path, path: Path) -> list[Path]:
    """The snippet files a page includes (in its own language), that exist."""
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        m = SNIPPET.match(line)
        if m and (Path(docs) / "_snippets" / m.group(2)).exists():
            out.append(Path(docs) / "_snippets" / m.group(2))
    return out


def page_state(docs: Path, fr: Path) -> State:
    """A page's state, counting the changed blocks of the French snippets it includes."""
    own = file_state(docs, fr)
    if own.state in (PENDING, UNKNOWN):
        return own
    total = own.count
    states = [own.state]
    for snippet in snippets_of(docs, fr):
        if twin(snippet).exists():
            s = file_state(docs, snippet)
            total += s.count
            states.append(s.state)
    if UNKNOWN in states:
        return State(UNKNOWN)
    return State(NEEDS_REVIEW if total else UP_TO_DATE, list(range(total)))


def pending_problems(en: Path, label) -> list[str]:
    """A pending English page holds front matter only: the build shows the French body."""
    own = read_blocks(en)
    if len(own) < 2:
        return []
    return [f"{label(en)}:{own[1].line}: this page is marked `translation: pending`, so the build "
            "shows the French text in its place and the English file holds only its front matter: "
            "remove this text, or remove `translation: pending` once the page is translated"]


# --- block parity ------------------------------------------------------------------------

KIND = {"heading": "heading", "paragraph": "paragraph", "item": "list item", "row": "table row",
        "admonition": "admonition title", "code": "code block"}


def block_check(docs: Path) -> list[str]:
    """block_problems for every French file under docs/, named docs/… like parity's."""
    docs = Path(docs)
    show = lambda p: f"{docs.name}/{Path(p).relative_to(docs).as_posix()}"  # noqa: E731
    return [x for fr in tree(docs, "*.fr.md") for x in block_problems(docs, fr, show)]


def block_problems(docs: Path, fr: Path, label) -> list[str]:
    """The English twin must have as many blocks as the French in each section, so
    that block N translates block N. label(path) names a file in a message."""
    en = twin(fr)
    if not en.exists() or is_pending(en):
        return []
    b_fr, b_en = read_blocks(fr)[1:], read_blocks(en)[1:]
    n = max([b.section for b in b_fr + b_en], default=0)
    for k in range(n + 1):
        s_fr = [b for b in b_fr if b.section == k]
        s_en = [b for b in b_en if b.section == k]
        if len(s_fr) == len(s_en):
            continue
        for x, y in zip(s_fr, s_en):
            if x.kind != y.kind:
                return [f"{label(en)}:{y.line}: a {KIND[y.kind]} where the French has a {KIND[x.kind]} "
                        f"(French line {x.line}): each French paragraph, list item and table row needs "
                        "exactly one English counterpart, in the same order (separate paragraphs "
                        "with a blank line)"]
        if len(s_fr) > len(s_en):
            x = s_fr[len(s_en)]
            where = s_en[-1].line if s_en else (b_en[-1].line if b_en else 1)
            return [f"{label(en)}:{where}: {len(s_fr)} blocks in this section in French, {len(s_en)} in "
                    f"English: the French {KIND[x.kind]} at French line {x.line} has no English "
                    "counterpart (translate it, or mark the page `translation: pending`)"]
        y = s_en[len(s_fr)]
        return [f"{label(en)}:{y.line}: {len(s_fr)} blocks in this section in French, {len(s_en)} in "
                f"English: this {KIND[y.kind]} has no French counterpart (join it to the paragraph "
                "before, or remove the blank line that splits it)"]
    return []


# --- marking changed blocks in the English Markdown ----------------------------------------

TOKEN = "xxtrchanged{}xx"            # plain lowercase text: no Markdown, no acronym
TOKEN_RE = re.compile(r"xxtrchanged(\d+)xx")
HEADING_CLASS = "translation-changed-h{}"
HEADING_CLASS_RE = re.compile(r"translation-changed-h(\d+)")
_PREFIX = re.compile(r"^([ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+|\|[ \t]*|>[ \t]*)?)")
_ATTRS = re.compile(r"\{([^{}]*)\}[ \t]*#*[ \t]*$")


def mark(markdown_lines: list[str], block: Block, n: int) -> bool:
    """Puts mark n at the start of an English block, in place (lines of the file);
    False where no mark can go: a code block, or a definition (abbreviation,
    footnote, link reference) that a mark in front would turn into text, its
    raw HTML included."""
    i = block.line - 1
    line = markdown_lines[i]
    if block.kind == "heading":   # a class through attr_list: the heading's text and slug stay
        cls = "." + HEADING_CLASS.format(n)
        m = _ATTRS.search(line)
        markdown_lines[i] = (line[:m.start(1)] + m.group(1).rstrip() + f" {cls} " + line[m.end(1):]
                             if m else line.rstrip() + " { " + cls + " }")
    elif block.kind == "admonition":
        q = line.find('"')
        if q < 0:
            return False
        markdown_lines[i] = line[:q + 1] + TOKEN.format(n) + " " + line[q + 1:]
    elif block.kind == "code" or DEFINITION.match(line):
        return False
    else:
        p = _PREFIX.match(line).end()
        markdown_lines[i] = line[:p] + TOKEN.format(n) + " " + line[p:]
    return True
