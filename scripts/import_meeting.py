"""Turn received minutes (Word, OpenDocument, Markdown or text) into a meeting.

    make import-meeting FILE=compte-rendu.docx DATE=2013-11-22
    python -m scripts import-meeting compte-rendu.docx 2013-11-22 [--force]

Reads the document (.docx and .odt through pandoc, shipped by the
pypandoc-binary wheel; .md and .txt as they are), recognises its parts and
writes the meeting as the published ones are organised:

- docs/reunions/DATE/index.fr.md: the cover (contents, annexes, next
  meetings) and the `meeting:` metadata read from the document (title, date,
  place, rapporteur, attendees, report date, subject; status: draft);
- bilan.fr.md: part I, the summary; its list of priorities goes to
  docs/_snippets/DATE/priorites.fr.md (one block per priority, p1…) and
  priorites.fr.md shows it;
- compte-rendu.fr.md: part II, every speaker turn a section
  `## Speaker { #iNN-organisation }`, the text verbatim;
- annexe-N.fr.md: one page per annex listed, saying its text is missing;
- data/meetings/DATE.yml: each intervention -> its organisation
  (data/organisations.yml); priority links are left for a person;
- the .en.md twins: each page marked `translation: pending` (front matter to translate; the
  site shows the French text until then), the priorities' snippet with the same structure, every
  text "To be completed".

Speakers that match no organisation are proposed, in a marked block at the
end of data/organisations.yml, for the secretariat to confirm. The command
prints what it recognised and what it was unsure of, with the line (or, for
Word and OpenDocument files, the paragraph) of the document.

Safe: it never overwrites a meeting (unless --force), refuses files it cannot
read or larger than MAX_BYTES, and runs the build's own checks for unsafe HTML
(hooks/safety.py) on what it would write before writing anything.
"""
from __future__ import annotations

import collections
import datetime as dt
import re
import shutil
import subprocess
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(ROOT))

from common import DATA, DOCS, MONTHS, format_date, rel  # noqa: E402

USAGE = """\
Usage : make import-meeting FILE=compte-rendu.docx DATE=AAAA-MM-JJ [FORCE=1]
Usage:  python -m scripts import-meeting FILE DATE [--force]
        FILE: .docx, .odt, .md or .txt; DATE: the meeting's date (YYYY-MM-DD)"""

MAX_BYTES = 5_000_000      # a month's minutes are 30-100 KB; a larger file is not minutes
MAX_CHARS = 1_000_000      # the text once converted (a .docx is compressed)
PANDOC_FORMAT = "markdown_strict+raw_html+footnotes-smart"   # Python-Markdown reads it as it is
TODO = {"fr": "À compléter", "en": "To be completed"}


class ImportError_(Exception):
    """A document the command refuses; the message says why and what to do."""


# --- reading -----------------------------------------------------------------------

def pandoc_path() -> str:
    try:
        import pypandoc
    except ImportError:
        raise ImportError_("pandoc manque : installez les paquets du projet (make build l'installe) / "
                           "pandoc is missing: install the project's packages (pypandoc-binary)") from None
    return pypandoc.get_pandoc_path()


def read_document(path: Path) -> tuple[str, str]:
    """(Markdown text, unit of its lines: 'ligne' or 'paragraphe')."""
    if not path.is_file():
        raise ImportError_(f"{path} : fichier introuvable / file not found")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ImportError_(f"{path} : {size // 1000} Ko, plus que la limite de {MAX_BYTES // 1000} Ko : ce n'est "
                           f"pas un compte-rendu / {size // 1000} KB, over the {MAX_BYTES // 1000} KB limit")
    ext = path.suffix.lower()
    if ext in (".docx", ".odt"):
        with path.open("rb") as f:
            if f.read(4) != b"PK\x03\x04":
                raise ImportError_(f"{path} : ce fichier n'est pas un document {ext} lisible (un ancien .doc "
                                   f"renommé ?). Ouvrez-le dans votre traitement de texte et enregistrez-le au "
                                   f"format {ext} / not a readable {ext} document: save it again as {ext}")
        try:
            run = subprocess.run([pandoc_path(), "--from", ext[1:], "--to", PANDOC_FORMAT, "--wrap=none", str(path)],
                                 capture_output=True, timeout=120)
        except subprocess.TimeoutExpired:
            raise ImportError_(f"{path} : la conversion a pris plus de 2 minutes / conversion took too long") from None
        if run.returncode != 0:
            raise ImportError_(f"{path} : ce document {ext} est illisible ou abîmé ({run.stderr.decode(errors='replace').strip()[:200]}). "
                               f"Enregistrez-le à nouveau au format {ext} / unreadable {ext} document")
        text, unit = run.stdout.decode("utf-8"), "paragraphe"
    elif ext in (".md", ".markdown", ".txt"):
        data = path.read_bytes()
        if b"\0" in data:
            raise ImportError_(f"{path} : ce n'est pas un fichier texte / not a text file")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")   # "Texte brut" saved by Word on Windows
        text, unit = text, "ligne"
    elif ext in (".doc", ".rtf", ".pdf", ".pages", ".wpd"):
        raise ImportError_(f"{path} : le format {ext} n'est pas lu. Ouvrez le document dans votre traitement de "
                           f"texte et enregistrez-le au format .docx (Word) ou .odt (LibreOffice) / "
                           f"{ext} is not read: save the document as .docx or .odt")
    else:
        raise ImportError_(f"{path} : format inconnu ({ext or 'sans extension'}) ; formats lus : .docx, .odt, .md, "
                           f".txt / unknown format; read: .docx, .odt, .md, .txt")
    if len(text) > MAX_CHARS:
        raise ImportError_(f"{path} : le texte fait {len(text)} caractères, plus que la limite de {MAX_CHARS} / "
                           "text over the size limit")
    return text, unit


# --- Markdown clean-up: the same Markdown whatever the document came as ---------------

IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)(\{[^}]*\})?|<img\b[^>]*>")
EMPTY_ANCHOR = re.compile(r'<(span|a)\s+id="[^"]*"\s*>\s*</\1>')
ROMAN_ESCAPE = re.compile(r"^(\s*[-*+]\s+[IVXLC]+)\\\.")
LIST_ITEM = re.compile(r"^(\s*)([-*+•–]|\d+[.)])\s+(.*)$")


@dataclass
class Line:
    n: int          # line (or paragraph) of the document
    text: str


def normalise(text: str, unit: str) -> list[Line]:
    """Lines of clean Markdown, each with its place in the document."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").split("\n")
    out: list[Line] = []
    para = 0
    prev_break = False
    for i, line in enumerate(raw, 1):
        if line.strip():
            para += 1
        n = i if unit == "ligne" else para
        line = EMPTY_ANCHOR.sub("", line.rstrip("\n"))       # Word and LibreOffice bookmarks
        line = IMAGE.sub("", line)                              # pictures are not imported (the report says so)
        line = ROMAN_ESCAPE.sub(r"\1.", line)                # pandoc's « II\. » in a bullet
        hard = line.endswith("  ") or line.endswith("\\")
        line = re.sub(r"\\$", "", line).rstrip()
        if hard and line:
            line += "  "
        m = LIST_ITEM.match(line)
        if m:
            indent = len(m.group(1).expandtabs(4))
            level = 0 if indent == 0 else (1 if indent < 6 else 2)
            marker = m.group(2)
            marker = "-" if marker in "*+•–" else marker.replace(")", ".")
            line = " " * (4 * level) + f"{marker} {m.group(3)}"
        elif prev_break and line.strip():
            line = line.strip() + ("  " if hard else "")   # the line after a hard break: no indent
        prev_break = hard
        out.append(Line(n, line))
    # blank lines between two list items go (Word puts paragraphs there); runs of blanks become one
    following: list[Line | None] = [None] * len(out)    # the next non-blank line after each line
    nxt = None
    for k in range(len(out) - 1, -1, -1):
        following[k] = nxt
        if out[k].text.strip():
            nxt = out[k]
    clean: list[Line] = []
    for k, line in enumerate(out):
        if not line.text.strip():
            if not clean or not clean[-1].text.strip():
                continue
            nxt = following[k]
            if nxt and LIST_ITEM.match(clean[-1].text) and LIST_ITEM.match(nxt.text):
                continue
            clean.append(Line(line.n, ""))
        else:
            clean.append(line)
    while clean and not clean[-1].text.strip():
        clean.pop()
    return clean


@dataclass
class Block:
    kind: str               # heading, para, list
    lines: list[Line]

    @property
    def n(self) -> int:
        return self.lines[0].n

    @property
    def text(self) -> str:
        return "\n".join(x.text for x in self.lines)

    @property
    def first(self) -> str:
        return self.lines[0].text


def blocks_of(lines: list[Line]) -> list[Block]:
    out: list[Block] = []
    cur: list[Line] = []

    def flush():
        if cur:
            kind = "list" if LIST_ITEM.match(cur[0].text) else "para"
            out.append(Block(kind, list(cur)))
            cur.clear()

    for line in lines:
        if not line.text.strip():
            flush()
        elif re.match(r"^#{1,6}\s", line.text):
            flush()
            out.append(Block("heading", [line]))
        else:
            cur.append(line)
    flush()
    return out


# --- words, casing, accents ---------------------------------------------------------

WORD = re.compile(r"\w+(?:-\w+)*")     # « l'État » is two words


def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower().replace("’", "'")


def plain(s: str) -> str:
    """Text without Markdown marks."""
    s = re.sub(r"<[^>]+>", "", s)
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)
    return re.sub(r"[*_➤]+", "", s).strip()


def is_caps(s: str) -> bool:
    letters = [c for c in plain(s) if c.isalpha()]
    return len(letters) >= 6 and sum(c.isupper() for c in letters) / len(letters) > 0.85


class Vocabulary:
    """How the document spells its words and phrases outside capitals."""

    def __init__(self, lines: list[str]):
        self.words: collections.Counter = collections.Counter()
        self.tokens: list[str] = []
        starts: list[int] = []
        folded: list[str] = []
        pos = 1
        for line in lines:
            if is_caps(line):
                continue
            toks = WORD.findall(plain(line))
            self.words.update(toks)
            for t in toks + ["\n"]:          # a phrase does not run over a line's end
                starts.append(pos)
                self.tokens.append(t)
                folded.append(fold(t))
                pos += len(folded[-1]) + 1
        self.text = " " + " ".join(folded) + " "
        self.at = {start: k for k, start in enumerate(starts)}

    def by_fold(self) -> dict[str, list[str]]:
        """{folded word: the ways the document spells it}."""
        if not hasattr(self, "_by_fold"):
            self._by_fold: dict[str, list[str]] = collections.defaultdict(list)
            for w in self.words:
                self._by_fold[fold(w)].append(w)
        return self._by_fold

    def spellings(self, words: list[str]) -> collections.Counter:
        """How a phrase (in any case) is spelt in the document: {tuple of words: count}."""
        needle = " " + " ".join(fold(w) for w in words) + " "
        found: collections.Counter = collections.Counter()
        i = self.text.find(needle)
        while i >= 0:
            k = self.at[i + 1]
            found[tuple(self.tokens[k:k + len(words)])] += 1
            i = self.text.find(needle, i + 1)
        return found

    def recase(self, caps: str, names: bool = False) -> tuple[str, list[str]]:
        """A line in capitals, spelt as the document spells it elsewhere; unknown words listed."""
        spans = [(m.start(), m.end(), m.group()) for m in WORD.finditer(caps)]
        words = [s[2] for s in spans]
        forms: list[str] = []
        unknown = []
        i = 0
        while i < len(words):
            for k in range(min(12, len(words) - i), 0, -1):
                found = self.spellings(words[i:i + k])
                if found:
                    forms += list(found.most_common(1)[0][0])
                    i += k
                    break
            else:
                forms.append(words[i].capitalize() if names else words[i].lower())   # « DUPONT » -> Dupont
                if not words[i].isdigit():
                    unknown.append(words[i])
                i += 1
        out, pos = [], 0
        for (a, b, _), form in zip(spans, forms):
            out.append(caps[pos:a] + form)
            pos = b
        out.append(caps[pos:])
        text = "".join(out)
        return text[:1].upper() + text[1:], unknown


CAPITAL_A = re.compile(r"(?<![\w'’.-])A(?=\s+[a-zà-ÿ'’])")
CAPITAL_VOWEL = re.compile(r"(?<![\w-])([AEIOU])([a-zà-ÿ]+)")


def fix_capitals(text: str, vocab: Vocabulary) -> tuple[str, list[str]]:
    """Accents on capitals (French typography): « A partir » -> « À partir », « Etat » -> « État »
    when the document writes the word in lower case only with its accent."""
    changes = []

    def vowel(m):
        word = m.group(0)
        lower = fold(word)
        spelt = vocab.by_fold().get(lower, [])
        accented = [w for w in spelt if w != w.capitalize() and w[0] != lower[0]]
        if accented and lower not in spelt:
            form = max(accented, key=lambda w: vocab.words[w])
            fixed = form[0].upper() + word[1:]
            changes.append(f"{word} → {fixed}")
            return fixed
        return word

    out = []
    for line in text.split("\n"):
        if re.match(r"^\s*(<|\{|---|--8<--)", line):
            out.append(line)
            continue
        line = CAPITAL_VOWEL.sub(vowel, line)
        line = CAPITAL_A.sub(lambda m, t=line: a_line(m, t, changes), line)
        out.append(line)
    return "\n".join(out), changes


def a_line(m, line: str, changes: list[str]) -> str:
    before = re.sub(r"[*_«\s(]+$", "", line[:m.start()])
    before = re.sub(r"^\s*(#+|-|\d+\.)\s*$", "", before)
    if before and before[-1] not in ".!?":
        return m.group()
    changes.append("A → À")
    return "À"


def slugify(text: str, words: int = 6) -> str:
    toks = [t for t in re.split(r"[^a-z0-9]+", fold(text)) if t]
    return "-".join(toks[:words]) or "section"


# --- dates --------------------------------------------------------------------------

_MONTHS = {fold(m): i for i, m in enumerate(MONTHS["fr"], 1)}
FR_DATE = re.compile(r"\b(\d{1,2})(?:er)?\s+(" + "|".join(_MONTHS) + r")\s+(\d{4})\b")
NUM_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")


def find_date(text: str) -> dt.date | None:
    t = fold(plain(text))
    m = FR_DATE.search(t)
    try:
        if m:
            return dt.date(int(m.group(3)), _MONTHS[m.group(2)], int(m.group(1)))
        m = NUM_DATE.search(t)
        if m:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None
    return None


# --- organisations -------------------------------------------------------------------

STOP = set("l le la les d de du des un une et en au aux a à pour par sur chez the of association associations "
           "asso".split())
ROLE = set("reponse directeur directrice representant representante president presidente coordinateur "
           "coordinatrice intervention ouverture reunion madame monsieur mme m mlle question secretaire "
           "generale general delegue deleguee charge chargee mission".split())
VERBS = set("est sont a ont font fait souhaite souhaitent insiste insistent met mettent propose proposent rappelle "
            "considere note demande ajoute explique precise indique peut peuvent doit doivent faut il elle ils "
            "elles nous vous on je".split())


def tokens(text: str) -> list[str]:
    t = fold(plain(text))
    t = re.sub(r"\b(?:[a-z]\.){1,}[a-z]?\b\.?", lambda m: m.group().replace(".", ""), t)   # F.I.T -> fit
    return [w for w in re.split(r"[^a-z0-9]+", t) if w]


def org_tokens(text: str) -> set[str]:
    return {w for w in tokens(text) if w not in STOP and w not in ROLE}


@dataclass
class Org:
    key: str
    kind: str
    names: list[str]

    @property
    def acronym(self) -> str | None:
        for n in self.names:
            m = re.search(r"\(([A-Za-z.]{2,})\)\s*$", n)
            if m:
                return m.group(1)
            if re.fullmatch(r"[A-Z.]{2,}", n.strip()):
                return n.strip()
        return None


def strip_proposals(text: str, iso: str) -> str:
    """data/organisations.yml without the block a previous import of this meeting proposed."""
    return re.sub(rf"\n# ┌── À VÉRIFIER[^\n]*{re.escape(iso)}[^\n]*\n.*?# └──[^\n]*\n", "\n", text, flags=re.S)


def load_orgs(data: Path, iso: str = "") -> list[Org]:
    import yaml
    raw = yaml.safe_load(strip_proposals((data / "organisations.yml").read_text(encoding="utf-8"), iso)) or {}
    out = []
    for key, v in raw.items():
        names = []
        for f in ("name", "short"):
            val = v.get(f)
            if isinstance(val, dict):
                names.append(val.get("fr", ""))
            elif val:
                names.append(val)
        out.append(Org(key, v.get("kind", "association"), names))
    return out


@dataclass
class Match:
    org: str | None
    sure: bool
    why: str = ""


class Matcher:
    """Speaker labels -> organisation keys: accents, case, articles, « L'association »,
    acronyms (F.I.T = FIT), the short and full names; a word only one organisation
    has (« cabinet ») is a weaker match, reported."""

    def __init__(self, orgs: list[Org]):
        self.orgs = orgs
        self.forms: list[tuple[set[str], Org]] = []
        for org in orgs:
            for name in org.names:
                base = re.sub(r"\([^)]*\)\s*$", "", name)
                for form in (base, name):
                    toks = org_tokens(form)
                    if toks:
                        self.forms.append((toks, org))
            if org.acronym:
                self.forms.append((org_tokens(org.acronym), org))
            self.forms.append((org_tokens(org.key.replace("-", " ")), org))
        count = collections.Counter(t for org in orgs for t in set().union(*[f for f, o in self.forms if o is org]))
        self.distinctive = {t: org for org in orgs for f, o in self.forms if o is org for t in f
                            if count[t] == 1 and len(t) > 3}

    def match(self, label: str) -> Match:
        have = org_tokens(label)
        best: dict[str, int] = {}
        for toks, org in self.forms:
            if toks <= have:
                best[org.key] = max(best.get(org.key, 0), len(toks))
        if best:
            top = max(best.values())
            keys = sorted(k for k, v in best.items() if v == top)
            if len(keys) == 1:
                m = Match(keys[0], True)
                acr = re.search(r"\(([A-Za-z.]{2,})\)\s*$", plain(label))
                org = next(o for o in self.orgs if o.key == keys[0])
                if acr and org.acronym and fold(acr.group(1)).replace(".", "") != fold(org.acronym).replace(".", ""):
                    m.why = f"sigle « {acr.group(1)} » au lieu de « {org.acronym} » (coquille ?)"
                return m
            return Match(None, False, "plusieurs organisations possibles : " + ", ".join(keys))
        weak = sorted({self.distinctive[t].key for t in have if t in self.distinctive})
        if len(weak) == 1:
            word = next(t for t in have if t in self.distinctive)
            return Match(weak[0], False, f"reconnu au seul mot « {word} »")
        return Match(None, False, "aucune organisation de data/organisations.yml")


# --- the document's parts ----------------------------------------------------------------

PART = re.compile(r"^(?:#{1,6}\s*)?(?:\*\*)?\s*(I{1,3})\s*[-–—.)]\s*(.+?)\s*(?:\*\*)?\s*:?\s*(?:\*\*)?$")
FRONT_SECTIONS = {"sommaire": "sommaire", "annexe": "annexes", "prochaine": "prochaines-reunions"}
AGENDA = re.compile(r"^(questions diverses|divers|tour de table|ordre du jour|conclusion|cloture|pause)\b")
CLOSING = re.compile(r"^(participants|presents|liste des (participants|presents)|personnes presentes)\b")


def heading_text(block: Block) -> str:
    """The text of a heading-like block, without marks or its final colon."""
    t = re.sub(r"^#{1,6}\s*", "", block.first.strip())
    t = re.sub(r"^\*\*(.*)\*\*$", r"\1", t.strip())
    t = re.sub(r"\*\*", "", t)
    t = re.sub(r"^[➤►▶•]\s*", "", t)
    return re.sub(r"\s*:\s*$", "", t).strip()


def whole_bold(block: Block) -> bool:
    return (block.kind == "para" and len(block.lines) == 1
            and re.fullmatch(r"\*\*[^*]+\*\*\s*:?|\*\*[^*]+:\*\*", block.first.strip()) is not None)


def heading_like(block: Block) -> bool:
    return block.kind == "heading" or whole_bold(block)


@dataclass
class Turn:
    label: str
    n: int
    match: Match
    body: list[Block] = field(default_factory=list)
    key: str = ""


@dataclass
class Imported:
    title: str = ""
    letterhead: str = ""
    date: dt.date | None = None
    report_date: dt.date | None = None
    place: str = ""
    rapporteur: str = ""
    attendees: int | None = None
    subject: str = ""
    city: str = ""              # from « Paris, le 5 novembre 2013 »
    place_detail: str = ""      # from the title: « … au cabinet de la Ministre »
    place_line: bool = False    # a « Lieu : » line gave the place
    contents: list[str] = field(default_factory=list)
    annexes: list[str] = field(default_factory=list)
    next_meetings: str = ""
    summary_title: str = ""
    summary: str = ""
    priorities: list[tuple[str, list[str]]] = field(default_factory=list)
    record_title: str = ""
    record_intro: str = ""
    turns: list[Turn] = field(default_factory=list)
    closing_title: str = ""
    closing: str = ""
    unsure: list[tuple[int, str]] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)     # the document, cleaned, with its line numbers
    notes: list[str] = field(default_factory=list)
    unit: str = "ligne"

    def doubt(self, n: int, what: str):
        self.unsure.append((n, what))


def parse(text: str, unit: str, orgs: list[Org]) -> Imported:
    lines = normalise(text, unit)
    blocks = blocks_of(lines)
    vocab = Vocabulary([x.text for x in lines])
    imp = Imported(unit=unit, lines=lines)
    matcher = Matcher(orgs)

    # parts: the last « I – » and « II – » lines that are not list items
    i_at = ii_at = None
    for k, b in enumerate(blocks):
        if b.kind == "list" or len(b.lines) > 1:
            continue
        m = PART.match(b.first.strip())
        if m and m.group(1) == "II":
            ii_at = k
    for k, b in enumerate(blocks[:ii_at] if ii_at is not None else blocks):
        if b.kind != "list" and len(b.lines) == 1:
            m = PART.match(b.first.strip())
            if m and m.group(1) == "I":
                i_at = k
    if ii_at is None:
        raise ImportError_("je ne trouve pas le début du compte-rendu intégral : une ligne « II – … » (ou « II- », "
                           "« II. ») / no « II – » line starting the full record was found")
    front = blocks[:i_at if i_at is not None else ii_at]
    summary = blocks[i_at + 1:ii_at] if i_at is not None else []
    record = blocks[ii_at + 1:]
    if i_at is None:
        imp.doubt(blocks[ii_at].n, "pas de partie « I – Bilan » avant « II – » : le bilan est à compléter")

    def caps_fix(s: str, n: int, names: bool = False) -> str:
        if not is_caps(s):
            return s
        out, unknown = vocab.recase(plain(s), names)
        imp.doubt(n, f"texte en capitales remis en minuscules : « {out} »"
                  + (f" (mots absents du reste du texte : {', '.join(unknown)})" if unknown else ""))
        return out

    parse_front(front, imp, caps_fix)
    if i_at is not None:
        imp.summary_title = "I – " + caps_fix(PART.match(blocks[i_at].first.strip()).group(2), blocks[i_at].n)
        parse_summary(summary, imp, vocab)
    imp.record_title = "II – " + caps_fix(PART.match(blocks[ii_at].first.strip()).group(2), blocks[ii_at].n)
    parse_record(record, imp, matcher, caps_fix)
    first = blocks[0].n if blocks else 1
    if imp.date is None:
        imp.doubt(first, "date de la réunion introuvable dans le titre : celle donnée à la commande est utilisée")
    missing = [name for name, value in (("date du compte-rendu (ligne « Paris, le … »)", imp.report_date),
                                        ("lieu", imp.city or imp.place_detail), ("objet", imp.subject),
                                        ("rapporteur", imp.rapporteur), ("nombre de participants", imp.attendees))
               if not value]
    if missing:
        imp.doubt(first, "introuvable(s) dans le document, à compléter dans index.fr.md : " + ", ".join(missing))
    return imp


def parse_front(front: list[Block], imp: Imported, caps_fix) -> None:
    section = None
    nexts: list[str] = []
    for b in front:
        label = fold(heading_text(b)) if (heading_like(b) or (b.kind == "para" and b.first.strip().endswith(":")
                                                               and len(b.first.split()) <= 4)) else ""
        key = next((v for k, v in FRONT_SECTIONS.items() if label.startswith(k)), None)
        if key:
            section = key
            continue
        if section is None and any(FIELD.match(plain(x.text)) for x in b.lines):
            rest = []
            for x in b.lines:
                m = FIELD.match(plain(x.text))
                if m:
                    field_line(imp, fold(m.group(1)), m.group(2).strip(), x.n)
                else:
                    rest.append(x)
            if not rest:
                continue
            b = Block(b.kind, rest)
        t = plain(b.first)
        if (not imp.title and section is None and re.search(r"compte.?rendu|reunion|rencontre", fold(t))
                and (find_date(t) or heading_like(b) or is_caps(t) or len(t.split()) <= 30)):
            imp.title = caps_fix(heading_text(b), b.n)
            imp.date = imp.date or find_date(t)
            subject_place(imp, imp.title, b.n)
            continue
        m = FIELD.match(t)
        if m and section is None:
            field_line(imp, fold(m.group(1)), m.group(2).strip(), b.n)
            continue
        m = re.match(r"^([A-ZÀ-Ý][\w' -]+),\s+le\s+(.+?)[,.]?$", t)
        if m and find_date(m.group(2)) and section is None:
            imp.report_date = find_date(m.group(2))
            if not imp.place_line:
                imp.city = m.group(1)
            continue
        if section is None and not imp.title:
            if re.search(r"@|\bwww\.|\b0\d(?:[ .]?\d\d){4}\b", t) and len(t) < 200:
                imp.notes.append(f"{imp.unit} {b.n} : ligne de contact (téléphone, adresse) laissée de côté : "
                                 "le site la donne sur ses propres pages")
                continue
            if (heading_like(b) or is_caps(t) or len(t.split()) <= 15) and not imp.letterhead:
                imp.letterhead = caps_fix(heading_text(b), b.n)
                continue
        if section == "sommaire":
            imp.contents += [LIST_ITEM.match(x.text).group(3) if LIST_ITEM.match(x.text) else x.text
                             for x in b.lines]
        elif section == "annexes":
            for x in b.lines:
                mm = LIST_ITEM.match(x.text)
                imp.annexes.append((mm.group(3) if mm else x.text).strip())
        else:
            if section is None:
                imp.doubt(b.n, "paragraphe avant le bilan hors des rubriques connues : mis dans « Prochaines "
                               "réunions » de la page de la réunion")
            nexts.append(b.text)
    imp.next_meetings = "\n\n".join(nexts)


FIELD = re.compile(r"^(lieu|objet|date|date de la réunion|rapporteure?|rédaction|rédigé par|compte rendu rédigé par|"
                   r"secrétaire de séance|présents|participants|nombre de participants)\s*:\s*(.+)$", re.I)


def field_line(imp: Imported, key: str, value: str, n: int) -> None:
    """« Lieu : … », « Objet : … », « Date : … », « Rapporteur : … », « Présents : … » lines."""
    value = value.rstrip(" .")
    if key == "lieu":
        imp.city, imp.place_detail = value, ""
        imp.place_line = True
    elif key == "objet":
        imp.subject = value[:1].upper() + value[1:]
    elif key.startswith("date"):
        imp.date = find_date(value) or imp.date
    elif key.startswith(("present", "participant", "nombre")):
        m = re.match(r"^(\d+)\b", value)
        imp.attendees = int(m.group(1)) if m else len([x for x in re.split(r"[,;]", value) if x.strip()])
        if not m:
            imp.doubt(n, f"nombre de participants compté dans la liste des présents : {imp.attendees}")
    else:
        imp.rapporteur = re.split(r",", value)[0].strip()


def subject_place(imp: Imported, title: str, n: int) -> None:
    """Subject and place from a title « Compte-rendu de la réunion du DATE de X au Y »."""
    t = title
    m = FR_DATE.search(fold(t))
    if not m:
        return
    rest = t[m.end():].strip(" ,.:")
    mm = None
    for mm in re.finditer(r"\s(?:au|à la|à l'|a la|chez|dans les locaux d[eu]s?)\s+(?!sein\b)", rest, re.I):
        pass
    if mm and not imp.place_line:
        imp.place_detail = rest[mm.end():].strip(" ,.")
        rest = rest[:mm.start()]
    rest = re.sub(r"^(?:de|d'|sur|consacrée à|consacrée au|relative à|portant sur)\s*", "", rest.strip(), flags=re.I)
    rest = rest.strip(" ,.;")
    if rest and not imp.subject:
        imp.subject = rest[:1].upper() + rest[1:]


def parse_summary(summary: list[Block], imp: Imported, vocab: Vocabulary) -> None:
    out = []
    used = set()
    k = 0
    while k < len(summary):
        b = summary[k]
        if heading_like(b) or re.match(r"^#*\s*[➤►▶]", b.first):
            text = heading_text(b)
            slug = slugify(text)
            while slug in used:
                slug += "-2"
            used.add(slug)
            out.append(f"## {text} {{ #{slug} }}")
        elif (b.kind == "para" and "priorit" in fold(b.text) and b.text.rstrip().endswith(":")
              and k + 1 < len(summary) and summary[k + 1].kind == "list" and not imp.priorities):
            out.append(b.text)
            out.append("<!-- priorities-list -->")
            imp.priorities = priorities(summary[k + 1], imp, vocab)
            k += 1
        else:
            out.append(b.text)
        k += 1
    imp.summary = "\n\n".join(out)
    if not imp.priorities:
        imp.doubt(summary[0].n if summary else 1, "aucune liste de priorités reconnue dans le bilan (un paragraphe "
                  "parlant de « priorités » et finissant par « : », suivi d'une liste)")


def priorities(block: Block, imp: Imported, vocab: Vocabulary) -> list[tuple[str, list[str]]]:
    """The priority list: each top-level item a priority, nested items its points. A
    top-level item under a lead that ends with « : » is a point of it (the document's
    indentation slipped) when it has points of its own, starts with a pronoun
    (« Elle doit… ») or shares two rare words with the lead; each such case is reported."""
    items = []
    for x in block.lines:
        m = LIST_ITEM.match(x.text)
        if m:
            items.append([len(m.group(1)) > 0, m.group(3).strip(), x.n])
        elif items:
            items[-1][1] += " " + x.text.strip()
    rare = {w for w, c in vocab.words.items() if c <= 12}   # « police », « justice »; not « associations »
    rare = {fold(w) for w in rare if len(w) > 3}
    out: list[tuple[str, list[str]]] = []
    lead_open = False
    for i, (nested, text, n) in enumerate(items):
        has_points = i + 1 < len(items) and items[i + 1][0]
        if nested and out:
            out[-1][1].append(text)
            continue
        if out and lead_open and not text.endswith(":"):
            lead = out[-1][0]
            why = None
            if has_points:
                why = "a ses propres sous-points"
            elif re.match(r"^(Elle|Il|Elles|Ils|Cette|Ce|Ces)\b", text):
                why = "commence par un pronom"
            else:
                common = {fold(w) for w in WORD.findall(text)} & {fold(w) for w in WORD.findall(lead)} & rare
                if len(common) >= 2:
                    why = "partage des mots avec son titre (" + ", ".join(sorted(common)) + ")"
            if why:
                out[-1][1].append(text)
                imp.doubt(n, f"« {text[:60]}… » rattaché à la priorité P{len(out)} ({why}) : vérifiez")
                continue
        out.append((text, []))
        lead_open = text.endswith(":")
    return out


def speaker(block: Block, matcher: Matcher) -> tuple[str, Match, str] | None:
    """(label, match, rest of the paragraph) when the block opens a speaker's turn."""
    first = block.first.strip()
    if block.kind == "list":
        return None
    if heading_like(block):
        label = heading_text(block)
        if len(label.split()) <= 15 and not label.endswith("."):
            return label, matcher.match(label), "\n".join(x.text for x in block.lines[1:])
        return None
    # « **Label :** text » or « **Label** : text » on one line
    m = re.match(r"^\*\*([^*]{2,90}?)\s*:?\s*\*\*\s*:?\s*(\S.*)$", first)
    if m and (first.startswith(f"**{m.group(1)}:") or ":" in first[:first.index(m.group(2))]):
        label = m.group(1).strip()
        match = matcher.match(label)
        if match.org and not (set(tokens(label)) & VERBS):
            rest = "\n".join([m.group(2)] + [x.text for x in block.lines[1:]])
            return label, match, rest
        return None
    # « Koutcha : text » on one line, without bold: only a sure match with an organisation
    m = re.match(r"^([^:*]{2,60}?)\s*:\s+(\S.*)$", first)
    if m and not re.search(r"\s*:\s*$", first):
        label = m.group(1).strip()
        match = matcher.match(label)
        toks = tokens(label)
        if (match.org and match.sure and len(toks) <= 8 and not set(toks) & VERBS
                and not re.match(r"^(question|exemple|constat|objet|lieu|date)\b", fold(label))):
            return label, match, "\n".join([m.group(2)] + [x.text for x in block.lines[1:]])
        return None
    if len(block.lines) == 1 and re.search(r"\s*:\s*$", first):
        label = re.sub(r"\s*:\s*$", "", plain(first))
        toks = tokens(label)
        if (not label or len(toks) > 15 or label[0].isdigit() or set(toks) & VERBS
                or re.search(r"(suivant|suivante|suivants|suivantes|que|ci-dessous)$", fold(label))):
            return None
        match = matcher.match(label)
        if match.org or set(toks) & ROLE or re.match(r"^(intervention|reponse|question)\b", fold(label)):
            return label, match, ""
        if all(w[:1].isupper() for w in WORD.findall(label) if fold(w) not in STOP):
            return label, match, ""
    return None


def parse_record(record: list[Block], imp: Imported, matcher: Matcher, caps_fix) -> None:
    intro: list[Block] = []
    closing: list[Block] = []
    for b in record:
        if closing:
            closing.append(b)
            continue
        if heading_like(b) and CLOSING.match(fold(heading_text(b))):
            imp.closing_title = heading_text(b)
            closing.append(b)
            continue
        if b.kind == "para" and re.match(r"^(participants|presents|personnes presentes)\s*:", fold(plain(b.first))):
            imp.closing_title = "Participants"
            closing += [Block("heading", [Line(b.n, "## Participants")]), b]
            continue
        if heading_like(b) and AGENDA.match(fold(heading_text(b))):
            (imp.turns[-1].body if imp.turns else intro).append(
                Block("heading", [Line(b.n, f"## {heading_text(b)} {{ #{slugify(heading_text(b))} }}")]))
            imp.doubt(b.n, f"« {heading_text(b)} » : rubrique de l'ordre du jour, gardée comme titre (pas une "
                           "intervention)")
            continue
        sp = speaker(b, matcher)
        if sp:
            label, match, rest = sp
            imp.turns.append(Turn(caps_fix(label, b.n, names=True), b.n, match))
            if rest.strip():
                imp.turns[-1].body.append(Block("para", [Line(b.n, rest)]))
            continue
        (imp.turns[-1].body if imp.turns else intro).append(b)
    imp.record_intro = "\n\n".join(b.text for b in intro)
    imp.closing = "\n\n".join(b.text for b in closing[1:])
    # the closing lines: attendees and rapporteur
    for b in closing[1:] + (imp.turns[-1].body[-3:] if imp.turns and not closing else []):
        t = plain(b.text)
        m = re.search(r"\b(\d+)\s+(personnes|participants|participantes|présents|presents)\b", t)
        if m and imp.attendees is None:
            imp.attendees = int(m.group(1))
        m = re.search(r"(?:réalisé|rédigé|établi|redige|realise)e?\s+par\s+([^,\n]+)", t, re.I) or \
            re.search(r"^(?:rapporteure?|secrétaire de séance|rédaction)\s*:\s*([^,\n]+)", t, re.I | re.M)
        if m and not imp.rapporteur:
            imp.rapporteur = m.group(1).strip(" .")
    if not imp.closing_title:
        imp.doubt(record[-1].n if record else 1, "pas de rubrique « Participants » à la fin du compte-rendu")
    else:
        items = [x for b in closing[1:] if b.kind == "list" for x in b.lines]
        if imp.attendees is None and items and all(len(plain(x.text).split()) <= 8 for x in items):
            imp.attendees = len(items)
            imp.doubt(closing[0].n, f"nombre de participants compté dans la liste : {len(items)}")
    # anchors and keys
    used: dict[str, str] = {}
    for k, turn in enumerate(imp.turns, 1):
        if turn.match.org:
            turn.key = turn.match.org
            if not turn.match.sure or turn.match.why:
                imp.doubt(turn.n, f"« {turn.label} » → {turn.key} : {turn.match.why}")
        else:
            name = proposed_name(turn.label)
            key = slugify(name, 5)[:40].strip("-")
            turn.key = used.setdefault(fold(name), key)
            imp.doubt(turn.n, f"« {turn.label} » : {turn.match.why} ; proposée comme nouvelle organisation "
                              f"« {turn.key} »")
        if not turn.body:
            imp.doubt(turn.n, f"intervention « {turn.label} » sans texte")


def proposed_name(label: str) -> str:
    """The organisation a label names: « Intervention de M. Paul Martin, Les Petites Mains
    (association) » -> « Les Petites Mains »; « Réponse de la représentante de la MIPROF » -> « MIPROF »."""
    name = plain(label)
    name = re.sub(r"^(?:intervention|réponse|question)\s+(?:de la|de l['’]|de|du|des|d['’])\s*", "", name, flags=re.I)
    name = re.sub(r"^(?:m\.|mme|mlle|madame|monsieur)\s+[A-ZÀ-Ý][\w-]*(?:\s+[A-ZÀ-Ý][\w-]*)?\s*,?\s*", "", name,
                  flags=re.I)
    name = re.sub(r"^(?:le |la |l['’])?(?:président|représentant|directeur|directrice|coordinat\w+|chargée?|délégué)"
                  r"e?s?\s+(?:de la|de l['’]|de|du|des|d['’])\s*", "", name, flags=re.I)
    if "," in name:
        name = name.rsplit(",", 1)[1]
    name = re.sub(r"\s*\((?:association|asso)\)\s*$", "", name.strip(), flags=re.I)
    name = re.sub(r"^l['’]associations?\s+", "", name, flags=re.I)
    name = re.sub(r"^«\s*(.*?)\s*»$", r"\1", name.strip())
    return name.strip() or plain(label)


# --- writing ----------------------------------------------------------------------------

def yaml_str(s: str) -> str:
    import json
    return json.dumps(s, ensure_ascii=False)


def annex_title(text: str) -> str:
    t = re.sub(r"^[«\"“]\s*|\s*[»\"”]\.?$", "", text.strip().rstrip("."))
    t = re.split(r"\s[»”]\.?\s", t)[0]
    return t if len(t) <= 80 else t[:77].rsplit(" ", 1)[0] + "…"


def render(imp: Imported, date: dt.date) -> dict[str, str]:
    """{path relative to the project: text} of every file of the meeting."""
    iso = date.isoformat()
    long_fr, long_en = format_date(date, "fr"), format_date(date, "en")
    folder = f"docs/reunions/{iso}"
    files: dict[str, str] = {}
    fr, en = TODO["fr"], TODO["en"]
    place = ", ".join(x for x in (imp.city, imp.place_detail) if x) or fr
    report = imp.report_date or date
    attendees = imp.attendees or 1
    rapporteur, subject = imp.rapporteur or fr, imp.subject or fr
    # what the build validates (hooks/meetings.py): a value it would refuse becomes a placeholder
    from meetings import Meeting
    from pydantic import ValidationError
    values = dict(date=date, report_date=report, place=place, rapporteur=rapporteur, attendees=attendees,
                  status="draft", subject=subject)
    try:
        Meeting.model_validate(values)
    except ValidationError as err:
        for e in err.errors():
            name = str(e["loc"][0]) if e["loc"] else "report_date"
            name = "report_date" if name not in values or name == "date" else name
            imp.doubt(1, f"{name} lu dans le document (« {values[name]} ») refusé par la validation "
                         f"({e['msg']}) : remplacé, à corriger dans index.fr.md")
            values[name] = {"report_date": date, "attendees": 1}.get(name, fr)
        place, report, attendees = values["place"], values["report_date"], values["attendees"]
        rapporteur, subject = values["rapporteur"], values["subject"]
    meta = {"fr": (place, rapporteur, subject), "en": (en, en if rapporteur == fr else rapporteur, en)}

    # index
    def index(lang: str) -> str:
        p, r, s = meta[lang]
        head = (f"---\ntitle: {'Réunion du ' + long_fr if lang == 'fr' else 'Meeting of ' + long_en}\n"
                "description: >-\n  " + (
                    f"Réunion du {long_fr} du collectif « Ensemble contre la traite des êtres humains » : "
                    "sommaire du compte-rendu, annexes et prochaines réunions." if lang == "fr" else
                    f"Meeting of {long_en} of the “Ensemble contre la traite des êtres humains” Collective: "
                    "contents of the minutes, annexes and next meetings.") + "\n"
                f"meeting:\n  date: {iso}\n  report_date: {report.isoformat()}\n  place: {yaml_str(p)}\n"
                f"  rapporteur: {yaml_str(r)}\n  attendees: {attendees}\n  status: draft\n"
                f"  subject: {yaml_str(s)}\n---\n\n")
        body = []
        if imp.letterhead:
            body.append(f"{imp.letterhead if lang == 'fr' else en}\n{{ .letterhead }}")
        title = imp.title or f"Compte-rendu de la réunion du {long_fr}"
        body.append(f"# {title if lang == 'fr' else en}")
        items = imp.contents or ["I. Bilan de la réunion.", "II. Compte-rendu de la réunion (version intégrale)."]
        links = []
        for k, item in enumerate(items[:2]):
            target = "bilan.md" if k == 0 else "compte-rendu.md"
            links.append(f"- [{item if lang == 'fr' else en}]({target})")
        body.append(("## Sommaire { #sommaire }" if lang == "fr" else "## To be completed { #sommaire }")
                    + "\n\n" + "\n".join(links))
        if imp.annexes:
            lines = [f"{k}. [{a if lang == 'fr' else en}](annexe-{k}.md)" for k, a in enumerate(imp.annexes, 1)]
            body.append(("## Annexes { #annexes }" if lang == "fr" else "## To be completed { #annexes }")
                        + "\n\n" + "\n".join(lines))
        body.append(("## Prochaines réunions { #prochaines-reunions }" if lang == "fr" else
                     "## To be completed { #prochaines-reunions }") + "\n\n"
                    + ((imp.next_meetings or fr + ".") if lang == "fr" else en + "."))
        return head + "\n\n".join(body) + "\n"

    def summary(lang: str) -> str:
        head = (f"---\ntitle: {'Réunion du ' + long_fr + ' — bilan' if lang == 'fr' else 'Meeting of ' + long_en + ' — summary'}\n"
                "description: >-\n  " + (f"Bilan de la réunion du {long_fr} du collectif « Ensemble contre la traite "
                                         "des êtres humains »." if lang == "fr" else
                                         f"Summary of the meeting of {long_en} of the “Ensemble contre la traite des "
                                         "êtres humains” Collective.") + f"\nmeeting: {iso}\n---\n\n")
        text = f"# {imp.summary_title or 'I – Bilan de la réunion'}\n\n{imp.summary or fr + '.'}"
        return head + (text if lang == "fr" else skeleton(text)) + "\n"

    def record(lang: str) -> str:
        head = (f"---\ntitle: {'Compte-rendu intégral de la réunion du ' + long_fr if lang == 'fr' else 'Full record of the meeting of ' + long_en}\n"
                "description: >-\n  " + (f"Version intégrale du compte-rendu de la réunion du {long_fr} du collectif "
                                         "« Ensemble contre la traite des êtres humains »." if lang == "fr" else
                                         f"Full record of the minutes of the meeting of {long_en} of the “Ensemble "
                                         "contre la traite des êtres humains” Collective.") + f"\nmeeting: {iso}\n---\n\n")
        parts = [f"# {imp.record_title}"]
        if imp.record_intro:
            parts.append(imp.record_intro)
        parts.append("<!-- record-contents -->")   # the contents: every intervention (hooks/record.py)
        for k, t in enumerate(imp.turns, 1):
            parts.append(f"## {t.label} {{ #i{k:02d}-{t.key} }}")
            parts += [b.text for b in t.body]
        if imp.closing_title:
            parts.append(f"## {imp.closing_title} {{ #participants }}")
            if imp.closing:
                parts.append(imp.closing)
        text = "\n\n".join(parts)
        return head + (text if lang == "fr" else skeleton(text)) + "\n"

    def prio_page(lang: str) -> str:
        if lang == "fr":
            return (f"---\ntitle: Priorités des associations — réunion du {long_fr}\ndescription: >-\n  Les priorités "
                    f"définies lors de la réunion du {long_fr}, chacune reliée aux interventions qui l'ont portée."
                    f"\nmeeting: {iso}\n---\n\n# Priorités de la réunion du {long_fr}\n\n"
                    "Les priorités ci-dessous sont reprises telles qu'elles figurent dans le "
                    "[bilan de la réunion](bilan.md). Chacune porte un identifiant stable (P1, P2…) et renvoie "
                    "aux interventions du [compte-rendu intégral](compte-rendu.md) qui l'ont soulevée.\n\n"
                    f"--8<-- \"{iso}/priorites.fr.md\"\n")
        return (f"---\ntitle: Priorities — meeting of {long_en}\ndescription: >-\n  Priorities of the meeting of "
                f"{long_en}: translation to be completed.\nmeeting: {iso}\n---\n\n"
                f"# {en}\n\n{en}.\n\n--8<-- \"{iso}/priorites.en.md\"\n")

    def snippet(lang: str) -> str:
        blocks = []
        for k, (lead, points) in enumerate(imp.priorities, 1):
            if lang == "fr":
                inner = lead + ("\n\n" + "\n".join(f"- {p}" for p in points) if points else "")
            else:
                inner = en + "." + ("\n\n" + "\n".join(f"- {en}." for _ in points) if points else "")
            blocks.append(f'<div class="priority" id="p{k}" markdown>\n\n{inner}\n\n</div>')
        return "\n\n".join(blocks or [TODO[lang] + "."]) + "\n"

    def annex(k: int, text: str, lang: str) -> str:
        if lang == "fr":
            return (f"---\ntitle: {yaml_str(f'Annexe {k} — {annex_title(text)}')}\ndescription: >-\n  Annexe {k} du "
                    f"compte-rendu de la réunion du {long_fr}. Le texte n'est pas encore publié.\nmeeting: {iso}\n"
                    f"annex:\n  number: {k}\n  author: {fr}\n  date: null\n---\n\n"
                    f"# Annexe {k} : {text.rstrip('.')}\n\n"
                    f"Auteur\n:   {fr}.\n\nContexte\n:   Annexe citée par le compte-rendu de la "
                    f"[réunion du {long_fr}](index.md#annexes).\n\n--8<-- \"annexe-manquante.fr.md\"\n")
        return (f"---\ntitle: {yaml_str(f'Annex {k} — {en}')}\ndescription: >-\n  Annex {k} to the minutes of the "
                f"meeting of {long_en}. {en}.\nmeeting: {iso}\nannex:\n  number: {k}\n  author: {en}\n  date: null\n"
                f"---\n\n# {en}\n\n{en}\n:   {en}.\n\n{en}\n:   {en}: "
                f"[{en}](index.md#annexes).\n\n--8<-- \"annexe-manquante.en.md\"\n")

    for lang in ("fr", "en"):
        files[f"{folder}/index.{lang}.md"] = index(lang)
        files[f"{folder}/bilan.{lang}.md"] = summary(lang)
        files[f"{folder}/compte-rendu.{lang}.md"] = record(lang)
        # always: data/meetings/DATE.yml names the list (empty until a person fills it in)
        files[f"{folder}/priorites.{lang}.md"] = prio_page(lang)
        files[f"docs/_snippets/{iso}/priorites.{lang}.md"] = snippet(lang)
        for k, a in enumerate(imp.annexes, 1):
            files[f"{folder}/annexe-{k}.{lang}.md"] = annex(k, a, lang)
    files[f"data/meetings/{iso}.yml"] = data_file(imp, iso)
    # the English pages keep the French numbers in their front matter, so that the
    # parity check (same numbers in both languages) accepts a skeleton
    for path in list(files):
        if path.endswith(".en.md"):
            fr = files[path[:-6] + ".fr.md"]
            if path.startswith("docs/reunions/"):   # a page waits for its translator as a pending translation
                files[path] = with_numbers(pending(files[path]), front_only(fr))
            else:   # a snippet cannot be pending: a skeleton with the French structure
                files[path] = with_numbers(files[path], fr)
    return files


def front_only(text: str) -> str:
    m = re.match(r"---\n.*?\n---\n", text, re.S)
    return m.group(0) if m else ""


def pending(en_text: str) -> str:
    """An English page marked `translation: pending` (hooks/freshness.py): its front
    matter only (title, description and metadata, to translate); until the page
    is translated, the site shows the French text under a notice, out of English
    search, so the French minutes need not wait for their translation."""
    return front_only(en_text).replace("\n---\n", "\ntranslation: pending\n---\n", 1) if en_text.startswith("---\n") \
        else en_text


def skeleton(markdown: str) -> str:
    """The same headings, anchors, ids and structure; every text "To be completed"."""
    en = TODO["en"]
    out = []
    for block in markdown.split("\n\n"):
        first = block.split("\n", 1)[0]
        m = re.match(r"^(#{1,6})\s.*?(\s*\{[^}]*\})?\s*$", first)
        if m:
            out.append(f"{m.group(1)} {en}{m.group(2) or ''}")
        elif block.startswith("<!--") or block.startswith("<div") or block.startswith("</div"):
            out.append(block)
        elif LIST_ITEM.match(first):
            out.append("\n".join(re.sub(r"^(\s*(?:-|\d+\.)\s+).*$", rf"\g<1>{en}.", x) if LIST_ITEM.match(x) else ""
                                 for x in block.split("\n")).replace("\n\n", "\n").strip("\n"))
        else:
            out.append(en + ".")
    return "\n\n".join(out)


def with_numbers(en_text: str, fr_text: str) -> str:
    """An English skeleton with the French page's numbers listed in a comment, which
    parity.py counts: the build accepts the skeleton until the page is translated."""
    import tempfile

    import parity
    with tempfile.TemporaryDirectory() as d:
        pf, pe = Path(d) / "x.fr.md", Path(d) / "x.en.md"
        pf.write_text(fr_text, encoding="utf-8")
        pe.write_text(en_text, encoding="utf-8")
        want = collections.Counter(x for x, _ in parity.read_page(pf).numbers)
        have = collections.Counter(x for x, _ in parity.read_page(pe).numbers)
    missing = want - have
    if not missing:
        return en_text
    listed = "; ".join(n for n, c in sorted(missing.items(), key=lambda kv: (len(kv[0]), kv[0])) for _ in range(c))
    note = ("# Translation to be completed. The numbers of the French page, so that the parity check\n"
            "# accepts this skeleton; delete these lines when you translate (the numbers go in the text):\n"
            f"# {listed}\n")
    if en_text.startswith("---\n"):
        return en_text.replace("---\n", "---\n" + note, 1)
    return "<!--\n" + note.replace("# ", "").replace("#\n", "\n") + "-->\n\n" + en_text   # a snippet: no front matter


def data_file(imp: Imported, iso: str) -> str:
    lines = [f"# Who spoke at the meeting of {iso}, and which priorities each intervention supports.",
             "# Written by `make import-meeting`: each heading { #iNN-org } of the full record",
             f"# (docs/reunions/{iso}/compte-rendu.LANG.md) -> its organisation (data/organisations.yml).",
             "#",
             "# PRIORITY LINKS ARE LEFT TO A PERSON. For each intervention, read it in the full record and",
             "# list the priorities it states or supports, by their ids in",
             f"# docs/_snippets/{iso}/priorites.fr.md (p1, p2…): e.g. priorities: [p1, p3]. The build then",
             "# writes the « Soulevée par » and « Priorités soutenues » lines. See data/meetings/2013-10-18.yml",
             "# for how the first meeting's links were judged.",
             "",
             "record: compte-rendu"]
    lines += ["priorities_page: priorites", f"priorities_snippet: {iso}/priorites"]
    lines += ["", "interventions:"]
    for k, t in enumerate(imp.turns, 1):
        lines.append(f"  i{k:02d}-{t.key}: {{org: {t.key}, priorities: []}}    # {plain(t.label)[:60]}")
    return "\n".join(lines) + "\n"


def proposals(imp: Imported, orgs: list[Org], iso: str) -> str:
    known = {o.key for o in orgs}
    new: dict[str, Turn] = {}
    for t in imp.turns:
        if t.key not in known:
            new.setdefault(t.key, t)
    if not new:
        return ""
    out = ["", f"# ┌── À VÉRIFIER : organisations proposées par make import-meeting (réunion du {iso}) ──┐",
           "# Ces intervenants ne correspondent à aucune organisation ci-dessus. Pour chacune : vérifiez le nom",
           "# et le type ; si c'est une organisation déjà listée, supprimez l'entrée et remplacez sa clé dans",
           f"# data/meetings/{iso}.yml et dans les ancres {{ #iNN-clé }} de docs/reunions/{iso}/compte-rendu.*.md.",
           "# Supprimez ensuite ces lignes de commentaire."]
    for key, t in new.items():
        name = proposed_name(t.label)
        kind = "government" if re.search(r"ministre|minist[eè]re|cabinet|préfecture|prefecture|miprof",
                                          fold(name)) else "association"
        out += [f"{key}:    # {imp.unit} {t.n} du document : « {plain(t.label)} »",
                f"  kind: {kind}", f"  name: {yaml_str(name)}"]
    out.append("# └── fin des organisations proposées ──┘")
    return "\n".join(out) + "\n"


def finish(files: dict[str, str], vocab: Vocabulary) -> list[str]:
    """Accents on capitals in the French text; returns the changes."""
    changes = []
    for path, text in files.items():
        if path.endswith(".fr.md"):
            files[path], ch = fix_capitals(text, vocab)
            changes += ch
    return changes


def safety_problems(files: dict[str, str], imp: Imported | None = None) -> list[str]:
    """hooks/safety.py's check of every page that would be written, each problem with
    the line (or paragraph) of the document it comes from."""
    import safety
    problems = []
    for path, text in files.items():
        if path.endswith(".md"):
            lines = text.splitlines()
            for n, p in safety.scan_markdown(text):
                where = ""
                if imp is not None and 0 < n <= len(lines) and lines[n - 1].strip():
                    src = next((x.n for x in imp.lines if x.text.strip() == lines[n - 1].strip()), None)
                    where = f" ({imp.unit} {src} du document)" if src else ""
                problems.append(f"{path}:{n}: {p}{where}")
    return problems


def acronym_problems(files: dict[str, str], data: Path) -> list[str]:
    try:
        import glossary
        g = glossary.load_glossaries(data)["fr"]
    except Exception:   # noqa: BLE001 - the build will say it anyway
        return []
    known = set(g.tooltips()) | set(g.not_acronyms)
    known |= {part for term in known for part in term.split("-")}
    out = []
    for path, text in files.items():
        if path.endswith(".fr.md"):
            out += [f"{path}:{n}: {tok}" for n, tok in glossary.unknown_acronyms(text, known)]
    return out


# --- the command -----------------------------------------------------------------------

def import_file(path: Path, date: dt.date, root: Path = ROOT) -> tuple[Imported, dict[str, str], list[str]]:
    """Reads and converts, without writing: (what was recognised, files, accent changes)."""
    text, unit = read_document(path)
    orgs = load_orgs(root / "data", date.isoformat())
    imp = parse(text, unit, orgs)
    pictures = len(IMAGE.findall(text))
    if pictures:
        imp.notes.append(f"{pictures} image(s) du document laissée(s) de côté : ajoutez-les à la main si besoin "
                         "(docs/assets/)")
    vocab = Vocabulary([x.text for x in normalise(text, unit)])
    files = render(imp, date)
    changes = finish(files, vocab)
    block = proposals(imp, orgs, date.isoformat())
    if block:
        files["data/organisations.yml+"] = block
    return imp, files, changes


def n(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count > 1 else ''}"


def report(imp: Imported, files: dict[str, str], changes: list[str], date: dt.date, orgs: list[Org],
           acronyms: list[str] = ()) -> str:
    known = {o.key for o in orgs}
    keys = collections.Counter(t.key for t in imp.turns)
    new = [k for k in keys if k not in known]
    lines = [f"Réunion du {format_date(date, 'fr')} importée (projet, status: draft)",
             "",
             f"  {n(len(imp.turns), 'intervention')}, {n(len(keys), 'organisation')} ({len(new)} "
             f"nouvelle{'s' if len(new) > 1 else ''}), {n(len(imp.priorities), 'priorité')}, "
             f"{n(len(imp.annexes), 'annexe')}",
             f"  date {imp.date or '?'} · compte-rendu du {imp.report_date or '?'} · lieu {imp.city or '?'}"
             f"{', ' + imp.place_detail if imp.place_detail else ''} · rapporteur "
             f"{imp.rapporteur or '?'} · {imp.attendees or '?'} participants",
             f"  objet : {imp.subject or '?'}", ""]
    if new:
        lines += ["Nouvelles organisations proposées (à confirmer à la fin de data/organisations.yml) :"]
        lines += [f"  {k}" for k in new] + [""]
    if imp.date and imp.date != date:
        imp.doubt(1, f"le titre date la réunion du {imp.date}, la commande du {date} : la date de la commande "
                     "est utilisée")
    if imp.unsure:
        lines.append(f"À vérifier ({len(imp.unsure)}) :")
        lines += [f"  {imp.unit} {n} : {what}" for n, what in sorted(imp.unsure, key=lambda x: x[0])]
        lines.append("")
    if changes:
        c = collections.Counter(changes)
        lines.append("Accents ajoutés sur les capitales : " + ", ".join(f"{k} ×{v}" for k, v in c.most_common()))
    lines += [f"  {n}" for n in imp.notes]
    if acronyms:
        lines += ["", "Sigles absents du glossaire (la construction du site s'arrêterait : ajoutez-les à "
                  "data/glossary.fr.yml et data/glossary.en.yml, ou sous not_acronyms) :"]
        lines += [f"  {a}" for a in acronyms]
    lines += ["",
              "Ce que l'import ne fait pas, exprès :",
              "  - les liens entre interventions et priorités : à ajouter dans "
              f"data/meetings/{date.isoformat()}.yml (le commentaire en tête dit comment) ;",
              "  - la traduction : les pages .en.md sont « translation: pending » (le site montre le français en "
              "attendant ; traduisez leur en-tête, puis le texte : voir TRANSLATING.md), le texte anglais des "
              "priorités a la même structure, chaque texte « To be completed » ;",
              "  - le découpage d'un long compte-rendu en parties : il reste sur une page ;",
              "  - l'imbrication des listes de priorités est reconstruite (points au même niveau) : relisez-les.",
              "",
              "Fichiers écrits :"]
    lines += [f"  {p.rstrip('+')}" + (" (ajout à la fin)" if p.endswith("+") else "") for p in files]
    lines += ["", "Ensuite : make serve, puis http://127.0.0.1:8000/reunions/" + date.isoformat() + "/ ; relisez, "
              "complétez chaque « À compléter », puis passez status: draft à status: final."]
    return "\n".join(lines)


def write(files: dict[str, str], root: Path, date: dt.date, force: bool) -> None:
    iso = date.isoformat()
    targets = [root / "docs/reunions" / iso, root / "docs/_snippets" / iso, root / "data/meetings" / f"{iso}.yml"]
    existing = [t for t in targets if t.exists()]
    if existing and not force:
        raise FileExistsError(", ".join(rel(t) for t in existing) + " existe déjà : cette réunion a déjà ses pages. "
                              "Relancez avec --force (FORCE=1) pour les remplacer / already exists: use --force to "
                              "replace it")
    for t in existing:
        shutil.rmtree(t) if t.is_dir() else t.unlink()
    for path, text in files.items():
        if path.endswith("+"):
            target = root / path[:-1]
            current = target.read_text(encoding="utf-8")
            # a second import of the same meeting (--force) replaces its block of proposals
            current = strip_proposals(current, iso)
            target.write_text(current.rstrip("\n") + "\n" + text, encoding="utf-8")
            continue
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def main(argv: list[str]) -> int:
    force = "--force" in argv
    args = [a for a in argv if a != "--force"]
    if len(args) != 2 or any(a in ("-h", "--help") for a in argv):
        print(USAGE, file=sys.stderr)
        return 2
    from scripts.new_meeting import parse_date
    try:
        date = parse_date(args[1])
        path = Path(args[0])
        imp, files, changes = import_file(path, date)
    except (ValueError, ImportError_) as err:
        print(f"Erreur / Error: {err}", file=sys.stderr)
        return 2
    problems = safety_problems(files, imp)
    if problems:
        print("Erreur / Error: le document contient du HTML dangereux ; rien n'a été écrit / unsafe HTML in the "
              "document; nothing was written:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    orgs = load_orgs(ROOT / "data", date.isoformat())
    try:
        write(files, ROOT, date, force)
    except FileExistsError as err:
        print(f"Erreur / Error: {err}", file=sys.stderr)
        return 1
    print(report(imp, files, changes, date, orgs, acronym_problems(files, ROOT / "data")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
