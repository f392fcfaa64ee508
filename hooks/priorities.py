"""Priorities <-> interventions, rendered from data/ in both languages.

- in each priority block (<div class="priority" id="p3" markdown>) of a
  meeting page: a "P3" badge and "Raised by: …" / "Taken up by: …" lines
  linking to the interventions;
- under each intervention heading ({ #i23-etz }) of the full record:
  "Supports priorities: P1, P3" linking to the priorities page (if any);
- `<!-- priorities-list -->` on a summary: the lead line of each priority of
  the meeting, linked to its block on the priorities page.

The priority blocks come from a snippet, so the lines are inserted by a
Markdown preprocessor that runs just after pymdownx.snippets; MkDocs then
validates the links and anchors like any other. The data is read and checked
by hooks/meeting_data.py.
"""
from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Optional

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from freshness import shown  # a pending English page shows its French twin's text
from common import MEETING_PAGE, page_lang
from meeting_data import (DIV_CLOSE, HEADING_ANCHOR, NUMBER, PRIORITY_DIV, Intervention, MeetingLinks, Organisation,
                          current, intervention_href, intervention_number, pnum, relative)

T = {
    "fr": {
        "raised": "Soulevée par :", "taken": "Reprise par :",
        "supports": "Priorités soutenues :", "takes_up": "Priorités reprises :",
        # no title= on links: Material makes a JavaScript tooltip of every
        # title in the content, which costs load time; only acronyms have one
        "details": "Le détail de chaque priorité et les interventions qui l'ont soulevée sont sur la page "
                   "[{title}]({href}).",
    },
    "en": {
        "raised": "Raised by:", "taken": "Taken up by:",
        "supports": "Supports priorities:", "takes_up": "Takes up priorities:",
        "details": "Each priority in full, with the interventions that raised it, is on the page "
                   "[{title}]({href}).",
    },
}


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
            refs = [(a, intervention_number(a)) for a in anchors]
            if len(refs) == 1:
                a, n = refs[0]
                links.append(f'[{name}]({intervention_href(page_dir, date, m, a)})')
            else:     # "AFJ (n° 10, n° 12)": the organisation once, each intervention a link
                nums = ", ".join(f'[{NUMBER[lang].format(n=n)}]({intervention_href(page_dir, date, m, a)})'
                                 for a, n in refs)
                links.append(f"{name} ({nums})")
        out.append(f"{label} {', '.join(links)}\n{{: .{cls} }}\n")
    return "\n".join(out)


def priority_links(iv: Intervention, date: str, m: MeetingLinks, lang: str, page_dir: str) -> str:
    page = relative(page_dir, f"reunions/{date}/{m.priorities_page}.md")
    return ", ".join(f'[{pid.upper()}]({page}#{pid})'
                     for pid in sorted(iv.priorities, key=pnum))


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
        if head and slug == m.record and head.group(1) in m.interventions:
            iv = m.interventions[head.group(1)]
            if iv.priorities:
                gov = orgs[iv.org].kind == "government"
                label = t["takes_up"] if gov else t["supports"]
                out += ["", f"{label} {priority_links(iv, date, m, lang, page_dir)}",
                        "{: .intervention-priorities }", ""]
    return out


def priorities_list(date: str, m: MeetingLinks, lang: str, docs: Path, page_dir: str, title: str) -> str:
    """The lead line of each priority, linked to its block on the priorities page."""
    page = relative(page_dir, f"reunions/{date}/{m.priorities_page}.md")
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


def get_title(path: Path) -> str:
    """The H1 of a Markdown page, for a link's text (not a comment of its front matter)."""
    text = shown(path).read_text(encoding="utf-8")
    front = re.match(r"\A---\s*\n.*?\n---\s*\n", text, re.S)
    for line in text[front.end() if front else 0:].splitlines():
        if line.startswith("# "):
            return re.sub(r"\s*\{[^}]*\}\s*$", "", line[2:]).strip()
    return path.stem


# --- MkDocs wiring ---------------------------------------------------------------------

_STATE: dict = {"orgs": {}, "meetings": {}, "src": None, "lang": None}


class _Decorate(Preprocessor):
    def run(self, lines):
        if _STATE["src"] is None:
            return lines
        return decorate(lines, _STATE["src"], _STATE["lang"], _STATE["orgs"], _STATE["meetings"])


class PrioritiesExtension(Extension):
    def extendMarkdown(self, md):
        # after pymdownx.snippets (32), before md_in_html and raw HTML handling (20)
        md.preprocessors.register(_Decorate(md), "priority_links", 31)


def on_config(config):
    if not any(isinstance(e, PrioritiesExtension) for e in config.markdown_extensions):
        config.markdown_extensions.append(PrioritiesExtension())
    return config


def on_pre_build(config):
    orgs, meetings = current(docs=Path(config.docs_dir))
    _STATE.update(orgs=orgs, meetings=meetings, src=None, lang=None)


def on_page_markdown(markdown, page, config, files):
    src = page.file.src_path
    lang = page_lang(src)
    _STATE.update(src=src, lang=lang)
    mm = MEETING_PAGE.match(src)
    m = _STATE["meetings"].get(mm.group(1)) if mm else None
    if m is None or "<!-- priorities-list -->" not in markdown:
        return markdown
    date, docs = mm.group(1), Path(config.docs_dir)
    title = get_title(docs / "reunions" / date / f"{m.priorities_page}.{lang}.md")
    return markdown.replace("<!-- priorities-list -->",
                            priorities_list(date, m, lang, docs, posixpath.dirname(src), title))


def on_page_content(html, page, config, files):
    _STATE.update(src=None, lang=None)
    return html
