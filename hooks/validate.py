"""Content checks before the build, reported together, most specific first.

A person who made a mistake reads one message, listing every problem of the
build, each as `file:line: what is wrong and what to do`, in French for a
.fr.md file and in English for the others (common.problem). In this order
(unsafe HTML is checked later, on the published pages: hooks/safety.py):

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

During the build, MkDocs's warnings about a broken link or anchor are told
where the link is written, in that file's language, with what to do: the
page's line, or, for a link written in a snippet (`--8<--`), the snippet's
line, once, not once for every page that includes it.
"""
from __future__ import annotations

import logging
import posixpath
import re
from pathlib import Path

from mkdocs.plugins import event_priority

import meeting_data
import meetings
import parity
from common import DATA, DEFAULT_LANG, LANGS, BuildError, in_preview, previewed, problem, tree

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
    for path in tree(docs):
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
        if not in_preview(docs / "reunions" / date):   # make serve: a meeting it does not show
            continue
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
    for folder in sorted(p for p in previewed((docs / "reunions").glob("*")) if p.is_dir()):
        for lang in LANGS:
            last = 0   # the number of the last intervention, in reading order
            path = folder / f"{meetings.RECORD}.{lang}.md"
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
                text = h.group(1) if len(h.group(1)) <= 50 else h.group(1)[:49] + "…"
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


# --- link warnings of MkDocs: where the link is written, in that file's language -----

_LINK_WARNING = re.compile(r"^Doc file '([^']+)' contains an? (?:\w+ )*?link '([^']+)'")
_TARGET = re.compile(r"but the target '([^']+)' is not found")
_NO_ANCHOR = re.compile(r"does not contain an anchor '#([^']+)'|there is no such anchor on this page")
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


def _line_with(path: Path, needles: tuple[str, ...]) -> int | None:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if any(x in line for x in needles):
            return n
    return None


def link_message(warning: str, docs: Path) -> tuple[str | None, tuple]:
    """(the message, where) for one of MkDocs's link warnings: the file where
    the link is written (the page, or the snippet it includes) and the line,
    what is wrong and what to do, in that file's language. (None, where) when
    the link is not written in a file (a generated link): left as MkDocs says."""
    m = _LINK_WARNING.match(warning)
    page, target = docs / m.group(1), m.group(2)
    needles = (f"]({target}", f"]( {target}", f"]: {target}", f'href="{target}"')
    where, n, by = page, _line_with(page, needles), None
    if n is None:
        for snippet in _includes(page, docs / "_snippets"):
            n = _line_with(snippet, needles)
            if n is not None:
                where, by = snippet, m.group(1)
                break
    if n is None:
        return None, (page, target)
    anchor = _NO_ANCHOR.search(warning)
    if anchor:
        a = anchor.group(1) or target.split("#", 1)[-1]
        fr = (f"lien cassé « {target} » : la page visée n'a pas d'ancre #{a} ; corrigez ce qui suit # (les "
              "ancres sont les { #… } des intertitres et les id=\"…\")")
        en = (f"broken link '{target}': the page it leads to has no anchor #{a}; correct what follows # "
              "(anchors are the headings' { #… } and the id=\"…\")")
    elif "is not found among documentation files" in warning:
        fr = (f"lien cassé « {target} » : la page visée n'existe pas ; corrigez le nom du fichier (une page "
              "s'écrit sans .fr ni .en, par exemple compte-rendu.md)")
        en = (f"broken link '{target}': the page it leads to does not exist; correct the file name (a page "
              "is written without .fr or .en, e.g. compte-rendu.md)")
    else:
        fr = en = warning
    if by:
        fr += (f" ; ce lien est dans un texte partagé, inclus par docs/{by} (--8<--) : corrigez-le dans ce "
               "fichier, écrit comme depuis le dossier de la page qui l'inclut")
        en += (f"; this link is in a shared text, included by docs/{by} (--8<--): correct it in this file, "
               "written as from the folder of the page that includes it")
    return problem(where, n, fr, en), (where, n, target)


def _target(warning: str) -> str:
    """The file a link warning's link leads to, from the docs folder."""
    resolved = _TARGET.search(warning)
    if resolved:
        return resolved.group(1)
    m = _LINK_WARNING.match(warning)
    return posixpath.normpath(posixpath.join(posixpath.dirname(m.group(1)), m.group(2).split("#", 1)[0]))


class _LinkWarnings(logging.Filter):
    """MkDocs's warning about a broken link, told where the link is written,
    once (a snippet's link is not told again for each page that includes it)."""
    docs = Path("docs")
    seen: set = set()

    def filter(self, record):
        if record.levelno < logging.WARNING or not _LINK_WARNING.match(record.getMessage()):
            return True
        if not in_preview(self.docs / _target(record.getMessage())):
            return False   # a meeting `make serve` leaves out of its focus: `make build` checks the link
        try:
            message, where = link_message(record.getMessage(), self.docs)
        except OSError:
            return True
        if message is None:
            return True
        if where in self.seen:
            return False
        self.seen.add(where)
        record.msg, record.args = message, ()
        return True


_FILTER = _LinkWarnings()


# --- MkDocs events -------------------------------------------------------------------

@event_priority(10)   # the link warnings' filter is in place before the pages are read
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
    docs = Path(config.docs_dir)
    problems = check(docs)
    if problems:   # unsafe HTML is checked on the published pages (hooks/safety.py)
        raise BuildError(problems)
