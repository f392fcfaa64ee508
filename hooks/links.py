"""Priorities <-> interventions, and the organisations index, from data/.

Data: data/organisations.yml (who speaks) and data/meetings/DATE.yml (each
intervention anchor of the meeting's full record -> organisation -> the
priorities it supports). Rendered in both languages, never written by hand:
- in each priority block (<div class="priority" id="p3" markdown>) of a
  meeting page: a "P3" badge and "Raised by: …" / "Taken up by: …" lines
  linking to the interventions;
- under each intervention heading ({ #i23-etz }) of the full record:
  "Supports priorities: P1, P3" linking to the priorities page (if any);
- a long record is split into parts (compte-rendu-1.LANG.md, -2, …) beside
  its entry page (compte-rendu.LANG.md), which holds `<!-- record-contents -->`:
  the contents of the parts, every intervention linked; each part ends with
  links to the previous and next parts;
- `<!-- priorities-list -->` on a summary: the lead line of each priority of
  the meeting, linked to its block on the priorities page;
- `<!-- organisations-index -->`: every organisation with its
  interventions at the latest meeting where it spoke (the page does not grow
  with the archive); each split record's contents list a meeting's
  interventions by organisation;
Everything is keyed by anchors and ids, never by the (translated) text. The
priority blocks come from a snippet, so the lines are inserted by a Markdown
preprocessor that runs just after pymdownx.snippets; MkDocs then validates the
links and anchors like any other. Data errors stop the build, naming the data
file or page and the line.
"""
from __future__ import annotations

import datetime as dt
import posixpath
import re
import unicodedata
from pathlib import Path
from typing import Literal, Optional, Union

import yaml
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from common import (DATA, DEFAULT_LANG, DOCS, LANGS, MEETING_PAGE, BuildError, format_date, line_of, page_lang,
                    record_parts, rel)

Text = Union[str, dict[str, str]]
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: the same YAML, faster

T = {
    "fr": {
        "raised": "Soulevée par :", "taken": "Reprise par :",
        "supports": "Priorités soutenues :", "takes_up": "Priorités reprises :",
        "n": "n° {n}", "intervention": "Intervention n° {n}",
        # no title= on links: Material makes a JavaScript tooltip of every
        # title in the content, which costs load time; only acronyms have one
        "meeting": "Réunion du {date}", "none": "Aucune intervention enregistrée.",
        "latest": "Dernière réunion : {meeting}, {kind} {links}.", "one": "intervention", "many": "interventions",
        "count": "A pris la parole à {n} réunions : le compte-rendu intégral de chacune liste ses "
                 "interventions par organisation.",
        "by_org": "Par organisation",
        "part": "Partie {k} : interventions {a} à {b}", "parts": "Parties du compte-rendu intégral",
        "contents": "Le compte-rendu intégral reproduit les {n} interventions de la réunion, dans leur "
                    "ordre, en {k} parties. Le PDF de la réunion les réunit en un seul document.",
        "previous": "Partie précédente", "next": "Partie suivante", "overview": "Sommaire du compte-rendu",
        "details": "Le détail de chaque priorité et les interventions qui l'ont soulevée sont sur la page "
                   "[{title}]({href}).",
    },
    "en": {
        "raised": "Raised by:", "taken": "Taken up by:",
        "supports": "Supports priorities:", "takes_up": "Takes up priorities:",
        "n": "no. {n}", "intervention": "Intervention no. {n}",
        "meeting": "Meeting of {date}", "none": "No intervention recorded.",
        "latest": "Latest meeting: {meeting}, {kind} {links}.", "one": "intervention", "many": "interventions",
        "count": "Spoke at {n} meetings: the full record of each lists its interventions by "
                 "organisation.",
        "by_org": "By organisation",
        "part": "Part {k}: interventions {a} to {b}", "parts": "Parts of the full record",
        "contents": "The full record reproduces the {n} interventions of the meeting, in order, in {k} "
                    "parts. The meeting’s PDF brings them together in one document.",
        "previous": "Previous part", "next": "Next part", "overview": "Contents of the full record",
        "details": "Each priority in full, with the interventions that raised it, is on the page "
                   "[{title}]({href}).",
    },
}

WORDS = {"fr": dict(enumerate(["zéro", "une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"])),
         "en": dict(enumerate(["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]))}
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
    # found in docs/: the record's pages (entry page, then its parts), and
    # the page of each intervention (the same in every language: parity.py)
    _pages: list[str] = PrivateAttr(default_factory=list)
    _at: dict[str, str] = PrivateAttr(default_factory=dict)

    def page_of(self, anchor: str) -> str:
        return self._at.get(anchor, self.record)


def record_pages(folder: Path, record: str, lang: str) -> list[str]:
    """Slugs of a record's pages: the entry page, then its parts by number."""
    return [record] + record_parts(folder, record, lang)


# --- loading and validation ----------------------------------------------------------

def _yaml(path: Path, problems: list[str]):
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=SafeLoader)
    except FileNotFoundError:
        problems.append(f"{rel(path)}:1: file missing")
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        problems.append(f"{rel(path)}:{mark.line + 1 if mark else 1}: invalid YAML: {err}")
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
    out: dict[str, int] = {}
    if path.exists():
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
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
    for path in sorted((data / "meetings").glob("*.yml")):
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
                    problems.append(f"{rel(snippet)}:1: priority '{pid}' is in the '{lang}' list but not here")
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
                                    f"(the priority list has {', '.join(sorted(all_p, key=_pnum)) or 'none'})")
            if len(set(iv.priorities)) != len(iv.priorities):
                problems.append(f"{rel(path)}:{where(anchor)}: a priority is listed twice")
        for lang in LANGS:
            record = folder / f"{m.record}.{lang}.md"
            if not record.exists():
                n = line_of(path, r"^record:")
                problems.append(f"{rel(path)}:{n}: {rel(record)} is missing")
                continue
            pages = record_pages(folder, m.record, lang)
            at: dict[str, str] = {}
            for slug in pages:
                page = folder / f"{slug}.{lang}.md"
                for anchor, n in _ids(page, HEADING_ANCHOR).items():
                    if anchor not in m.interventions:
                        problems.append(f"{rel(page)}:{n}: intervention '#{anchor}' has no entry in {rel(path)}")
                    elif anchor in at:
                        problems.append(f"{rel(page)}:{n}: intervention '#{anchor}' is also in "
                                        f"{rel(folder / f'{at[anchor]}.{lang}.md')}")
                    elif lang != DEFAULT_LANG and m._at.get(anchor, slug) != slug:
                        problems.append(f"{rel(page)}:{n}: intervention '#{anchor}' is in "
                                        f"{m._at[anchor]}.{DEFAULT_LANG}.md in the original: the same "
                                        "part in every language")
                    at.setdefault(anchor, slug)
            for anchor in m.interventions:
                if anchor not in at:
                    problems.append(f"{rel(path)}:{where(anchor)}: intervention '{anchor}' has no heading "
                                    f"{{ #{anchor} }} in {rel(record)}"
                                    + (f" or its parts {', '.join(pages[1:])}" if pages[1:] else ""))
            if lang == DEFAULT_LANG:
                m._pages, m._at = pages, at
    if problems:
        raise BuildError(problems)
    return orgs, meetings


def _pnum(pid: str) -> int:
    return int(pid[1:])


# --- rendering -----------------------------------------------------------------------

def _number(anchor: str) -> int:
    return int(INTERVENTION.match(anchor).group(1))


def _link(page_dir: str, target: str) -> str:
    """Relative Markdown link from the current page's folder to a docs path."""
    return posixpath.relpath(target, page_dir or ".")


def _at(page_dir: str, date: str, m: MeetingLinks, anchor: str) -> str:
    """Relative link to an intervention, on whichever page of the record holds it."""
    return f"{_link(page_dir, f'reunions/{date}/{m.page_of(anchor)}.md')}#{anchor}"


def raised_lines(pid: str, date: str, m: MeetingLinks, orgs: dict[str, Organisation],
                 lang: str, page_dir: str) -> str:
    t = T[lang]
    out = []
    for kind, label, cls in (("association", t["raised"], "priority-raised"),
                             ("government", t["taken"], "priority-taken")):
        items = [(a, iv) for a, iv in m.interventions.items() if pid in iv.priorities and orgs[iv.org].kind == kind]
        if not items:
            continue
        groups: dict[str, list[str]] = {}     # organisation -> its interventions, in record order
        for anchor, iv in items:
            groups.setdefault(iv.org, []).append(anchor)
        links = []
        for org_key, anchors in groups.items():
            name = orgs[org_key].label("short", lang)
            refs = [(a, _number(a)) for a in anchors]
            if len(refs) == 1:
                a, n = refs[0]
                links.append(f'[{name}]({_at(page_dir, date, m, a)})')
            else:     # "AFJ (n° 10, n° 12)": the organisation once, each intervention a link
                nums = ", ".join(f'[{t["n"].format(n=n)}]({_at(page_dir, date, m, a)})' for a, n in refs)
                links.append(f"{name} ({nums})")
        out.append(f"{label} {', '.join(links)}\n{{: .{cls} }}\n")
    return "\n".join(out)


def priority_links(iv: Intervention, date: str, m: MeetingLinks, lang: str, page_dir: str) -> str:
    page = _link(page_dir, f"reunions/{date}/{m.priorities_page}.md")
    return ", ".join(f'[{pid.upper()}]({page}#{pid})'
                     for pid in sorted(iv.priorities, key=_pnum))


def decorate(lines: list[str], src: str, lang: str, orgs, meetings) -> list[str]:
    """Insert badges, 'raised by' and 'supports' lines into a meeting page's Markdown."""
    mm = MEETING_PAGE.match(src)
    if not mm or mm.group(1) not in meetings:
        return lines
    date, slug = mm.group(1), mm.group(2)
    m = meetings[date]
    page_dir = posixpath.dirname(src)
    t = T[lang]
    out: list[str] = []
    pending_close: Optional[str] = None   # the priority whose block is open
    pending_badge: Optional[str] = None
    for line in lines:
        div = PRIORITY_DIV.match(line)
        if div:
            pending_close = pending_badge = div.group(1)
            out.append(line)
            continue
        if pending_badge and line.strip():
            pid = pending_badge
            badge = f'[{pid.upper()}](#{pid}){{: .priority-badge }}'
            if re.match(r"^\s*([-*+>#|]|\d+\.|<)", line):
                out += [badge, ""]        # a list or block comes first: the badge gets its own line
                out.append(line)
            else:
                out.append(f"{badge} {line}")
            pending_badge = None
            continue
        if pending_close and DIV_CLOSE.match(line):
            block = raised_lines(pending_close, date, m, orgs, lang, page_dir)
            if block:
                out += ["", *block.rstrip("\n").split("\n"), ""]
            pending_close = None
            out.append(line)
            continue
        out.append(line)
        head = HEADING_ANCHOR.match(line)
        if head and slug in m._pages and head.group(1) in m.interventions:
            iv = m.interventions[head.group(1)]
            if iv.priorities:
                gov = orgs[iv.org].kind == "government"
                label = t["takes_up"] if gov else t["supports"]
                out += ["", f"{label} {priority_links(iv, date, m, lang, page_dir)}",
                        "{: .intervention-priorities }", ""]
    return out


def _org_order(orgs: dict[str, Organisation], lang: str):
    """The minister's office first, then the associations alphabetically."""
    def key(item):
        k, org = item
        plain = unicodedata.normalize("NFKD", org.label("name", lang)).encode("ascii", "ignore").decode().lower()
        return (org.kind != "government", plain)
    return sorted(orgs.items(), key=key)


def organisations_index(orgs: dict[str, Organisation], meetings: dict[str, MeetingLinks],
                        lang: str, page_dir: str) -> str:
    """Each organisation, its interventions at the latest meeting where it
    spoke, and how many meetings it spoke at: the page keeps its size as
    meetings accumulate (each meeting's record lists its speakers by
    organisation)."""
    t = T[lang]
    parts = []
    for org_key, org in _org_order(orgs, lang):
        parts.append(f"## {org.label('name', lang)} {{ #{org_key} }}\n")
        spoke = [d for d in sorted(meetings, reverse=True)
                 if any(iv.org == org_key for iv in meetings[d].interventions.values())]
        if not spoke:
            parts.append(f"{t['none']}\n")
            continue
        date, m = spoke[0], meetings[spoke[0]]
        title = t["meeting"].format(date=format_date(dt.date.fromisoformat(date), lang))
        mine = [a for a, iv in m.interventions.items() if iv.org == org_key]
        links = ", ".join(f"[{t['n'].format(n=_number(a))}]({_at(page_dir, date, m, a)})" for a in mine)
        line = t["latest"].format(meeting=f"[{title}]({_link(page_dir, f'reunions/{date}/index.md')})",
                                  kind=t["one" if len(mine) == 1 else "many"], links=links)
        if len(spoke) > 1:
            line += " " + t["count"].format(n=len(spoke))
        parts.append(line + "\n")
    return "\n".join(parts)


def by_organisation(date: str, m: MeetingLinks, orgs: dict[str, Organisation], lang: str) -> str:
    """A meeting's interventions grouped by organisation, for its record's contents."""
    t = T[lang]
    rows = []
    for org_key, org in _org_order(orgs, lang):
        mine = [a for a, iv in m.interventions.items() if iv.org == org_key]
        if mine:
            links = ", ".join(f"[{t['n'].format(n=_number(a))}]({m.page_of(a)}.md#{a})" for a in mine)
            rows.append(f"- {org.label('name', lang)} : {links}" if lang == "fr" else
                        f"- {org.label('name', lang)}: {links}")
    return f"## {t['by_org']} {{ #par-organisation }}\n\n" + "\n".join(rows) + "\n"


def _part_label(date: str, m: MeetingLinks, slug: str, k: int, lang: str) -> str:
    nums = sorted(_number(a) for a, where in m._at.items() if where == slug)
    return T[lang]["part"].format(k=k, a=nums[0], b=nums[-1]) if nums else slug


def record_contents(date: str, m: MeetingLinks, orgs: dict[str, Organisation], lang: str, docs: Path,
                    src: str) -> str:
    """The entry page of a split record: each part, every heading of it linked."""
    t = T[lang]
    parts = m._pages[1:]
    if not parts:
        raise BuildError([f"docs/{src}:1: <!-- record-contents --> but no part "
                          f"{m.record}-1.{lang}.md, {m.record}-2.{lang}.md… beside it"])
    k = WORDS[lang].get(len(parts), str(len(parts)))
    out = ['<div class="record-contents" markdown>', "", t["contents"].format(n=len(m.interventions), k=k), ""]
    for k, slug in enumerate(parts, 1):
        out += [f"## {_part_label(date, m, slug, k, lang)} {{ #{slug} }}", ""]
        for line in (docs / "reunions" / date / f"{slug}.{lang}.md").read_text(encoding="utf-8").splitlines():
            h = H2.match(line)
            if h:
                text, anchor = h.groups()
                n = f"{t['n'].format(n=_number(anchor))} — " if INTERVENTION.match(anchor) else ""
                out.append(f"- {n}[{text}]({slug}.md#{anchor})")
        out.append("")
    out += [by_organisation(date, m, orgs, lang)]
    return "\n".join(out + ["</div>"])


def record_pager(date: str, m: MeetingLinks, slug: str, lang: str) -> str:
    """Previous part · contents · next part, at the end of a part."""
    t = T[lang]
    parts = m._pages[1:]
    k = parts.index(slug)
    def label(i: int) -> str:   # "partie 2 : interventions 5 à 17"
        text = _part_label(date, m, parts[i], i + 1, lang)
        return text[0].lower() + text[1:]

    links = []
    if k > 0:
        links.append(f"[← {t['previous']} ({label(k - 1)})]({parts[k - 1]}.md)")
    links.append(f"[{t['overview']}]({m.record}.md)")
    if k + 1 < len(parts):
        links.append(f"[{t['next']} ({label(k + 1)}) →]({parts[k + 1]}.md)")
    items = "\n".join(f"- {link}" for link in links)
    return f'\n\n<nav class="record-pager" aria-label="{t["parts"]}" markdown>\n\n{items}\n\n</nav>\n'


def priorities_list(date: str, m: MeetingLinks, lang: str, docs: Path, page_dir: str, title: str) -> str:
    """The lead line of each priority, linked to its block on the priorities page."""
    page = _link(page_dir, f"reunions/{date}/{m.priorities_page}.md")
    items, pending = [], None
    for line in (docs / "_snippets" / f"{m.priorities_snippet}.{lang}.md").read_text(encoding="utf-8").splitlines():
        div = PRIORITY_DIV.match(line)
        if div:
            pending = div.group(1)
        elif pending and line.strip():
            lead = re.sub(r"\s*:\s*$", "", line.strip())
            items.append(f"- [{pending.upper()}]({page}#{pending}){{: .priority-badge }} {lead}")
            pending = None
    details = T[lang]["details"].format(title=title, href=page)
    return '<div class="priorities-list" markdown>\n\n' + "\n".join(items) + f"\n\n</div>\n\n{details}\n"


# --- MkDocs wiring ---------------------------------------------------------------------

_STATE: dict = {"orgs": {}, "meetings": {}, "src": None, "lang": None}


class _Decorate(Preprocessor):
    def run(self, lines):
        if _STATE["src"] is None:
            return lines
        return decorate(lines, _STATE["src"], _STATE["lang"], _STATE["orgs"], _STATE["meetings"])


class LinksExtension(Extension):
    def extendMarkdown(self, md):
        # after pymdownx.snippets (32), before md_in_html and raw HTML handling (20)
        md.preprocessors.register(_Decorate(md), "priority_links", 31)


def on_config(config):
    if not any(isinstance(e, LinksExtension) for e in config.markdown_extensions):
        config.markdown_extensions.append(LinksExtension())
    return config


def on_pre_build(config):
    if config.theme["language"] == DEFAULT_LANG:  # static-i18n builds French, then English: load once
        orgs, meetings = load(docs=Path(config.docs_dir))
        _STATE.update(orgs=orgs, meetings=meetings)
    _STATE.update(src=None, lang=None)


def on_page_markdown(markdown, page, config, files):
    src = page.file.src_path
    lang = page_lang(src)
    _STATE.update(src=src, lang=lang)
    if "<!-- organisations-index -->" in markdown:
        index = organisations_index(_STATE["orgs"], _STATE["meetings"], lang, posixpath.dirname(src))
        markdown = markdown.replace("<!-- organisations-index -->", index)
    mm = MEETING_PAGE.match(src)
    m = _STATE["meetings"].get(mm.group(1)) if mm else None
    if m is None:
        return markdown
    date, slug, docs = mm.group(1), mm.group(2), Path(config.docs_dir)
    if "<!-- record-contents -->" in markdown:
        markdown = markdown.replace("<!-- record-contents -->", record_contents(date, m, _STATE["orgs"], lang, docs, src))
    if "<!-- priorities-list -->" in markdown:
        title = get_title(docs / "reunions" / date / f"{m.priorities_page}.{lang}.md")
        markdown = markdown.replace("<!-- priorities-list -->",
                                    priorities_list(date, m, lang, docs, posixpath.dirname(src), title))
    if slug in m._pages[1:]:
        markdown = markdown.rstrip("\n") + record_pager(date, m, slug, lang)
    return markdown


def get_title(path: Path) -> str:
    """The H1 of a Markdown page, for a link's text."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return re.sub(r"\s*\{[^}]*\}\s*$", "", line[2:]).strip()
    return path.stem


def on_page_content(html, page, config, files):
    _STATE.update(src=None, lang=None)
    return html
