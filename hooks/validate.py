"""Content checks before the build, reported together, most specific first.

A person who made a mistake reads one message, listing every problem of the
build, each as `file:line: what is wrong and what to do`, in French for a
.fr.md file and in English for the others (common.problem). In this order:

1. front matter YAML cannot read (every page), then meeting metadata
   (hooks/meetings.py: fields, dates, status);
2. a placeholder (« À compléter » / "To be completed") left in a meeting
   whose status is final (its pages, its snippets, data/meetings/DATE.yml);
3. a heading of a full record (compte-rendu*.LANG.md) without its anchor;
4. French/English parity (hooks/parity.py). Numbers in a front matter whose
   own check found a mistake are not compared: the mistake is reported
   where it is, not as a difference in the other language. An anchor renamed
   in one language names both files;
5. data/ that does not match the pages (hooks/meeting_data.py: interventions,
   priorities, organisations).

The hooks that use the same data keep their own checks as a safety net; with
this hook first in mkdocs.yml, they find nothing left to report.

During the build, MkDocs reports a broken link or anchor against every page
that includes the snippet the link is written in (`--8<--`): such a warning
is told once, naming the snippet and the line instead.
"""
from __future__ import annotations

import logging
import re
from pathlib import Path

from mkdocs.plugins import event_priority

import meeting_data
import meetings
import parity
from common import DATA, DEFAULT_LANG, LANGS, BuildError, problem, record_parts

PLACEHOLDERS = ("À compléter", "To be completed")
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
H2 = re.compile(r"^##(?!#)\s+(.*?)\s*$")
ANCHOR = re.compile(r"\{[^{}]*#([\w-]+)[^{}]*\}\s*$")


def _body(path: Path):
    """(line number, line) of a Markdown file outside its front matter and code blocks."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = 0
    if lines and lines[0].strip() == "---":
        start = next((i + 1 for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), 0)
    fence = None
    for i in range(start, len(lines)):
        m = FENCE.match(lines[i])
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
        elif m:
            fence = m.group(1)
        else:
            yield i + 1, lines[i]


def front_matters(docs: Path) -> tuple[list[str], set[Path]]:
    """(problems, pages) of the pages outside the meeting folders whose front
    matter YAML cannot read."""
    problems, bad = [], set()
    for path in sorted(docs.rglob("*.md")):
        name = path.relative_to(docs).as_posix()
        if name.startswith("_snippets/") or meetings.MEETING_PAGE.match(name):
            continue
        found = meetings.front_matter(path)[1]
        if found:
            problems += found
            bad.add(path)
    return problems, bad


_YAML_COMMENT = re.compile(r"(^|\s)#(\s.*)?$")


def _placeholder_lines(path: Path):
    """(line number, text) where a placeholder counts: YAML comments (in the
    front matter or a data file) are instructions to the reader, not content."""
    lines = path.read_text(encoding="utf-8").splitlines()
    yaml_until = len(lines) if path.suffix == ".yml" else 0
    if path.suffix == ".md" and lines and lines[0].strip() == "---":
        yaml_until = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), 0)
    for i, line in enumerate(lines):
        yield i + 1, (_YAML_COMMENT.sub("", line) if i < yaml_until else line)


def placeholders(docs: Path, data: Path, found: dict) -> list[str]:
    """Every placeholder left in a meeting whose status is final."""
    final = sorted({date for by_date in found.values() for date, m in by_date.items() if m.status == "final"})
    problems = []
    for date in final:
        files = (sorted((docs / "reunions" / date).glob("*.md")) + sorted((docs / "_snippets" / date).glob("*.md"))
                 + [data / "meetings" / f"{date}.yml"])
        for path in files:
            if not path.exists():
                continue
            for n, line in _placeholder_lines(path):
                for text in PLACEHOLDERS:
                    if text in line:
                        problems.append(problem(
                            path, n,
                            f"« {text} » est encore là, alors que la réunion du {date} est en version définitive "
                            "(status: final) : remplacez-le par le texte approuvé, ou remettez status: draft "
                            "dans index.fr.md et index.en.md",
                            f"\"{text}\" is still here, but the meeting of {date} is final (status: final): "
                            "replace it with the approved text, or set status: draft again in index.fr.md "
                            "and index.en.md"))
    return problems


def record_headings(docs: Path) -> list[str]:
    """Every `## heading` of a full record without an anchor: each intervention
    is `## Speaker { #iNN-organisation }`, the same in both languages."""
    problems = []
    for folder in sorted(p for p in (docs / "reunions").glob("*") if p.is_dir()):
        for lang in LANGS:
            last = 0   # the number of the last intervention, in reading order
            for slug in [meetings.RECORD] + record_parts(folder, meetings.RECORD, lang):
                path = folder / f"{slug}.{lang}.md"
                if not path.exists():
                    continue
                for n, line in _body(path):
                    h = H2.match(line)
                    if not h:
                        continue
                    anchor = ANCHOR.search(h.group(1))
                    if anchor:
                        iv = meeting_data.INTERVENTION.match(anchor.group(1))
                        last = int(iv.group(1)) if iv else last
                        continue
                    text = parity._short(h.group(1), 50)
                    nn = f"i{last + 1:02d}"
                    problems.append(problem(
                        path, n,
                        f"l'intertitre « ## {text} » n'a pas d'ancre : dans le compte-rendu intégral, chaque "
                        "intervention s'écrit « ## Nom { #i44-nom } » (i, le numéro de l'intervention sur deux "
                        f"chiffres, ici {nn}, un tiret et l'organisation, comme dans data/meetings/"
                        f"{folder.name}.yml) ; mettez la même ancre dans le fichier anglais",
                        f"the heading '## {text}' has no anchor: in a full record, each intervention is "
                        "written '## Name { #i44-name }' (i, the intervention's number in two digits, here "
                        f"{nn}, a hyphen and the organisation, as in data/meetings/{folder.name}.yml); use the "
                        "same anchor in the French file"))
    return problems


def check(docs: Path, data: Path = DATA) -> list[str]:
    """Every problem of the content, most specific first."""
    pages, bad_pages = front_matters(docs)
    found, problems, bad_meeting_pages = meetings.check_meetings(docs)
    problems = pages + problems
    bad_pages |= bad_meeting_pages
    problems += placeholders(docs, data, found)
    problems += record_headings(docs)
    problems += parity.check(docs, skip_front_matter=bad_pages)[0]
    try:
        meeting_data.current(data, docs)
    except BuildError as err:
        problems += err.problems
    return problems


# --- link warnings of MkDocs: name the snippet a broken link is written in ----------

_LINK_WARNING = re.compile(r"^Doc file '([^']+)' contains an? (?:\w+ )*?link '([^']+)'")
_INCLUDE = re.compile(r"""^[ \t]*-{1,}8<-{1,}[ \t]+["']([^"']+)["']""")


def _includes(path: Path, base: Path, depth: int = 0) -> list[Path]:
    """The snippets a file includes (--8<-- "name"), and theirs, in order."""
    out: list[Path] = []
    if depth > 5 or not path.exists():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _INCLUDE.match(line)
        if m and (base / m.group(1)).exists():
            out += [base / m.group(1)] + _includes(base / m.group(1), base, depth + 1)
    return out


class _SnippetLinks(logging.Filter):
    """A link warning about a link written in a snippet, once, at the snippet's line."""
    docs = Path("docs")
    seen: set = set()

    def filter(self, record):
        m = _LINK_WARNING.match(record.getMessage())
        if not m:
            return True
        page, target = self.docs / m.group(1), m.group(2)
        needles = (f"]({target}", f"]( {target}", f"]: {target}", f'href="{target}"')
        try:
            if any(x in page.read_text(encoding="utf-8") for x in needles):
                return True   # written in the page itself (hooks/safety.py adds its line)
        except OSError:
            return True
        for snippet in _includes(page, self.docs / "_snippets"):
            lines = snippet.read_text(encoding="utf-8").splitlines()
            n = next((i for i, line in enumerate(lines, 1) if any(x in line for x in needles)), None)
            if n is None:
                continue
            if (snippet, n, target) in self.seen:
                return False   # told once, not once per page that includes the snippet
            self.seen.add((snippet, n, target))
            anchor = "does not contain an anchor" in record.getMessage()
            fr_why = "la page visée n'a pas cette ancre" if anchor else "la page visée n'existe pas"
            en_why = "the page it leads to has no such anchor" if anchor else "the page it leads to does not exist"
            record.msg = problem(
                snippet, n,
                f"lien cassé « {target} » dans ce texte partagé, inclus par docs/{m.group(1)} (--8<--) : "
                f"{fr_why} ; corrigez-le dans ce fichier, écrit comme depuis le dossier de la page qui l'inclut",
                f"broken link '{target}' in this shared text, included by docs/{m.group(1)} (--8<--): "
                f"{en_why}; correct it in this file, written as from the folder of the page that includes it")
            record.args = ()
            return True
        return True


_FILTER = _SnippetLinks()


# --- MkDocs events -------------------------------------------------------------------

@event_priority(10)   # before hooks/safety.py adds its own filter, which prefixes the page's line
def on_config(config):
    _FILTER.docs = Path(config.docs_dir)
    logger = logging.getLogger("mkdocs.structure.pages")
    if _FILTER not in logger.filters:
        logger.addFilter(_FILTER)
    return config


def on_pre_build(config):
    _FILTER.seen = set()
    if config.theme["language"] != DEFAULT_LANG:   # static-i18n builds French, then English: check once
        return
    problems = check(Path(config.docs_dir))
    if problems:
        raise BuildError(problems)
