"""The data behind the meeting pages' links, read and checked once per build.

data/organisations.yml (who speaks) and data/meetings/DATE.yml (each
intervention anchor of a meeting's full record -> organisation -> the
priorities it supports), checked against the pages: the record's headings
({ #i23-etz }) and the priority blocks of docs/_snippets/DATE/priorites.LANG.md
(<div class="priority" id="p3" markdown>). Everything is keyed by anchors
and ids, never by the (translated) text. A problem names the data file or the
page, and the line.

Not a hook: hooks/priorities.py, hooks/record.py, hooks/organisations.py and
hooks/validate.py import it, and share what current() read.
"""
from __future__ import annotations

import posixpath
import re
import unicodedata
from pathlib import Path
from typing import Literal, Optional, Union

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from freshness import shown  # a pending English page shows its French twin's text
from common import (DATA, DEFAULT_LANG, DOCS, LANGS, BuildError, build_number, line_of, load_yaml, previewed, problem,
                    rel, remember, tree)
from meetings import yaml_problem

Text = Union[str, dict[str, str]]
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: the same YAML, faster
NUMBER = {"fr": "n° {n}", "en": "no. {n}"}   # an intervention's number, in link texts
MEETING = {"fr": "Réunion du {date}", "en": "Meeting of {date}"}

INTERVENTION = re.compile(r"^i(\d+)-([a-z0-9-]+)$")
PRIORITY_ID = re.compile(r"^p\d+$")
HEADING_ANCHOR = re.compile(r"^#{1,6}\s.*\{[^}]*#(i\d+-[a-z0-9-]+)[^}]*\}\s*$")
H2 = re.compile(r"^##\s+(.*?)\s*\{[^}]*#([\w-]+)[^}]*\}\s*$")   # "## Text { #anchor }" -> text, anchor
PRIORITY_DIV = re.compile(r"^\s*<div\b(?=[^>]*\bclass=\"[^\"]*\bpriority\b)[^>]*\bid=\"(p\d+)\"[^>]*>\s*$")
DIV_CLOSE = re.compile(r"^\s*</div>\s*$")



class Organisation(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["association", "government"]
    name: Text
    short: Optional[Text] = None

    def label(self, field: str, lang: str) -> str:
        value = getattr(self, field) or self.name
        return value if isinstance(value, str) else value[lang]


class Intervention(BaseModel):
    model_config = ConfigDict(extra="forbid")
    org: str
    priorities: list[str] = []


class MeetingLinks(BaseModel):
    model_config = ConfigDict(extra="forbid")
    record: str = Field(pattern=r"^[a-z0-9-]+$")
    priorities_page: str = Field(pattern=r"^[a-z0-9-]+$")
    priorities_snippet: str
    interventions: dict[str, Intervention]


# --- loading and validation ----------------------------------------------------------

def _yaml(path: Path, problems: list[str]):
    try:
        return load_yaml(path.read_text(encoding="utf-8"), SafeLoader)
    except FileNotFoundError:
        problems.append(f"{rel(path)}:1: file missing")
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        problems.append(yaml_problem(path, mark.line + 1 if mark else 1))
    return None


def _validation(path: Path, err: ValidationError, problems: list[str]) -> None:
    for e in err.errors():
        loc = [str(x) for x in e["loc"]]
        n = 1
        for key in reversed(loc):   # the deepest key that names a line
            n = line_of(path, rf"^\s*{re.escape(key)}\s*:", 0)
            if n:
                break
        problems.append(f"{rel(path)}:{n or 1}: {'.'.join(loc)}: {e['msg']}")


def _ids(path: Path, rx: re.Pattern) -> dict[str, int]:
    """{id: line} of the ids matched by rx in a Markdown file."""
    if not path.exists():
        return {}
    text = shown(path).read_text(encoding="utf-8")
    return remember(("ids", rx.pattern, text), lambda: _ids_in(text, rx))


def _ids_in(text: str, rx: re.Pattern) -> dict[str, int]:
    out: dict[str, int] = {}
    for n, line in enumerate(text.splitlines(), 1):
        m = rx.match(line)
        if m:
            out.setdefault(m.group(1), n)
    return out


def load(data: Path = DATA, docs: Path = DOCS) -> tuple[dict[str, Organisation], dict[str, MeetingLinks]]:
    problems: list[str] = []
    org_path = data / "organisations.yml"
    orgs: dict[str, Organisation] = {}
    raw = _yaml(org_path, problems)
    if isinstance(raw, dict):
        for key, value in raw.items():
            try:
                org = Organisation.model_validate(value)
            except ValidationError as err:
                _validation(org_path, err, problems)
                continue
            for field in ("name", "short"):
                v = getattr(org, field)
                if isinstance(v, dict) and set(v) != set(LANGS):
                    n = line_of(org_path, rf"^{re.escape(key)}\s*:")
                    problems.append(f"{rel(org_path)}:{n}: {key}.{field} needs exactly the languages "
                                    + ", ".join(LANGS))
            orgs[key] = org
    elif raw is not None:
        problems.append(f"{rel(org_path)}:1: expected a mapping of organisation keys")

    meetings: dict[str, MeetingLinks] = {}
    for path in sorted(previewed((data / "meetings").glob("*.yml"))):   # make serve: the meetings it shows
        date = path.stem
        raw = _yaml(path, problems)
        if raw is None:
            continue
        try:
            m = MeetingLinks.model_validate(raw)
        except ValidationError as err:
            _validation(path, err, problems)
            continue
        meetings[date] = m
        folder = docs / "reunions" / date
        if not folder.is_dir():
            problems.append(f"{rel(path)}:1: no meeting folder docs/reunions/{date}/ for this data file")
            continue
        where = lambda anchor: line_of(path, rf"^\s*{re.escape(anchor)}\s*:")  # noqa: E731
        # priority ids, from the priority list of each language
        known_p: dict[str, set[str]] = {}
        for lang in LANGS:
            snippet = docs / "_snippets" / f"{m.priorities_snippet}.{lang}.md"
            if not snippet.exists():
                n = line_of(path, r"^priorities_snippet:")
                problems.append(f"{rel(path)}:{n}: priority list {rel(snippet)} is missing")
                continue
            known_p[lang] = set(_ids(snippet, PRIORITY_DIV))
        for lang, ids in known_p.items():
            for other, other_ids in known_p.items():
                for pid in sorted(ids - other_ids):
                    snippet = docs / "_snippets" / f"{m.priorities_snippet}.{other}.md"
                    problems.append(problem(
                        snippet, 1,
                        f"la priorité « {pid} » est dans la liste en '{lang}' mais pas ici : les priorités "
                        "(id=\"p…\") sont les mêmes dans les deux langues",
                        f"priority '{pid}' is in the '{lang}' list but not here: the priorities "
                        "(id=\"p…\") are the same in both languages"))
        all_p = set().union(*known_p.values()) if known_p else set()
        # interventions: data <-> headings of the record, in every language
        for anchor, iv in m.interventions.items():
            mm = INTERVENTION.match(anchor)
            if not mm:
                problems.append(f"{rel(path)}:{where(anchor)}: '{anchor}' is not an intervention anchor "
                                "(iNN-organisation, e.g. i23-etz)")
            elif mm.group(2) != iv.org:
                problems.append(f"{rel(path)}:{where(anchor)}: '{anchor}' ends with '{mm.group(2)}' "
                                f"but its org is '{iv.org}'")
            if iv.org not in orgs:
                problems.append(f"{rel(path)}:{where(anchor)}: organisation '{iv.org}' is not in {rel(org_path)}")
            for pid in iv.priorities:
                if pid not in all_p:
                    problems.append(f"{rel(path)}:{where(anchor)}: priority '{pid}' does not exist "
                                    f"(the priority list has {', '.join(sorted(all_p, key=pnum)) or 'none'})")
            if len(set(iv.priorities)) != len(iv.priorities):
                problems.append(f"{rel(path)}:{where(anchor)}: a priority is listed twice")
        for lang in LANGS:
            record = folder / f"{m.record}.{lang}.md"
            if not record.exists():
                n = line_of(path, r"^record:")
                problems.append(f"{rel(path)}:{n}: {rel(record)} is missing")
                continue
            found = _ids(record, HEADING_ANCHOR)
            seen: set[str] = set()
            for n, line in enumerate(shown(record).read_text(encoding="utf-8").splitlines(), 1):
                head = HEADING_ANCHOR.match(line)
                if head and head.group(1) in seen:
                    problems.append(problem(
                        record, n,
                        f"l'intervention « #{head.group(1)} » est déjà plus haut (ligne {found[head.group(1)]}) : "
                        "une ancre n'apparaît qu'une fois ; retirez le doublon",
                        f"intervention '#{head.group(1)}' is already above (line {found[head.group(1)]}): an "
                        "anchor appears once; remove the duplicate"))
                elif head:
                    seen.add(head.group(1))
            for anchor, n in found.items():
                if anchor not in m.interventions:
                    problems.append(problem(
                        record, n,
                        f"l'intervention « #{anchor} » n'a pas d'entrée dans {rel(path)} : ajoutez-la "
                        "(organisation et priorités) ou, si vous avez renommé l'ancre, renommez-la aussi là",
                        f"intervention '#{anchor}' has no entry in {rel(path)}: add it (organisation and "
                        "priorities) or, if the anchor was renamed, rename it there too"))
            for anchor in m.interventions:
                if anchor not in found:
                    problems.append(f"{rel(path)}:{where(anchor)}: intervention '{anchor}' has no heading "
                                    f"{{ #{anchor} }} in {rel(record)}: give the intervention's heading this "
                                    "anchor, or rename the entry here to match the heading's")
    if problems:
        raise BuildError(problems)
    return orgs, meetings


def pnum(pid: str) -> int:
    return int(pid[1:])


def pnum(pid: str) -> int:
    return int(pid[1:])


_CURRENT: dict = {}


def current(data: Path = DATA, docs: Path = DOCS) -> tuple[dict[str, Organisation], dict[str, MeetingLinks]]:
    """load(), read again only when a data file or a page it reads changed:
    several hooks and both languages' builds ask for it."""
    if build_number() and _CURRENT.get("build") == (build_number(), data, docs):   # no file changes during a build
        return _CURRENT["value"]
    files = sorted([*data.glob("organisations.yml"), *previewed(data.glob("meetings/*.yml")),
                    *tree(docs / "reunions"), *tree(docs / "_snippets")])
    key = (data, docs, tuple((p, p.stat().st_mtime_ns) for p in files))
    if _CURRENT.get("key") != key:
        _CURRENT.clear()
        value = load(data, docs)
        _CURRENT.update(key=key, value=value)
    _CURRENT["build"] = (build_number(), data, docs)
    return _CURRENT["value"]


# --- shared by the renderings ----------------------------------------------------------

def intervention_number(anchor: str) -> int:
    return int(INTERVENTION.match(anchor).group(1))


def relative(page_dir: str, target: str) -> str:
    """Relative Markdown link from the current page's folder to a docs path."""
    return posixpath.relpath(target, page_dir or ".")


def intervention_href(page_dir: str, date: str, m: MeetingLinks, anchor: str) -> str:
    """Relative link to an intervention in the meeting's full record."""
    return f"{relative(page_dir, f'reunions/{date}/{m.record}.md')}#{anchor}"


def org_order(orgs: dict[str, Organisation], lang: str):
    """The minister's office first, then the associations alphabetically."""
    def key(item):
        k, org = item
        plain = unicodedata.normalize("NFKD", org.label("name", lang)).encode("ascii", "ignore").decode().lower()
        return (org.kind != "government", plain)
    return sorted(orgs.items(), key=key)
