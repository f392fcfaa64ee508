"""Meeting metadata: validate the front matter, render it, list the meetings.

A meeting lives in docs/reunions/YYYY-MM-DD/. Its summary page (index.LANG.md)
holds the metadata under `meeting:`; every other page of the folder says
`meeting: YYYY-MM-DD`. Bad or missing metadata stops the build, naming the
file, the line and the field.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path
from typing import Literal, Optional

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from common import (DEFAULT_LANG, DOCS, LANGS, MEETING_PAGE, BuildError, format_date, is_record_part, line_of,
                    page_lang, record_parts, rel)


T = {
    "fr": {
        "report": "Paris, le {date}", "meeting": "Réunion du {date}",
        "rapporteur": "Compte-rendu réalisé par", "attendees": "Participants",
        "people": "{n} personnes", "person": "{n} personne", "status": "Statut",
        "draft": "projet", "final": "version définitive",
        "home": "La réunion", "summary": "Bilan", "record": "Compte-rendu intégral",
        "priorities": "Priorités", "annexes": "Annexes", "pdf": "Télécharger le PDF",
        "nav": "Documents de la réunion", "date": "Date", "place": "Lieu",
        "subject": "Objet", "docs": "Documents",
        "annex": "Annexe {n}",
        "year_title": "Réunions de {year}", "earlier": "Années précédentes",
        "count": "{n} réunions", "count1": "{n} réunion", "all": "Toutes les réunions",
        "year_desc": "Réunions du collectif « Ensemble contre la traite des êtres humains » en {year} : "
                     "date, lieu, objet, compte-rendu et documents.",
    },
    "en": {
        "report": "Paris, {date}", "meeting": "Meeting of {date}",
        "rapporteur": "Minutes drawn up by", "attendees": "Attendees",
        "people": "{n} people", "person": "{n} person", "status": "Status",
        "draft": "draft", "final": "final version",
        "home": "The meeting", "summary": "Summary", "record": "Full record",
        "priorities": "Priorities", "annexes": "Annexes", "pdf": "Download PDF",
        "nav": "Meeting documents", "date": "Date", "place": "Place",
        "subject": "Subject", "docs": "Documents",
        "annex": "Annex {n}",
        "year_title": "Meetings in {year}", "earlier": "Earlier years",
        "count": "{n} meetings", "count1": "{n} meeting", "all": "All meetings",
        "year_desc": "Meetings of the “Ensemble contre la traite des êtres humains” collective in {year}: "
                     "date, place, subject, minutes and documents.",
    },
}


class Meeting(BaseModel):
    """The `meeting:` block of a meeting's summary page."""
    model_config = ConfigDict(extra="forbid")
    date: dt.date
    report_date: dt.date
    place: str = Field(min_length=3)
    rapporteur: str = Field(min_length=3)
    attendees: int = Field(gt=0)
    status: Literal["draft", "final"]
    subject: str = Field(min_length=3)

    @field_validator("report_date")
    @classmethod
    def _after_meeting(cls, v, info):
        if "date" in info.data and v < info.data["date"]:
            raise ValueError("report_date is before the meeting date")
        return v


class Annex(BaseModel):
    model_config = ConfigDict(extra="forbid")
    number: int = Field(gt=0)
    author: str = Field(min_length=2)
    date: Optional[str] = Field(default=None, pattern=r"^\d{4}-\d{2}(-\d{2})?$")

    @field_validator("date", mode="before")
    @classmethod
    def _as_text(cls, v):
        return v.isoformat() if isinstance(v, dt.date) else v


class _TextDates(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):   # libyaml when present: 10x faster
    """YAML without implicit dates: pydantic parses them and names bad ones."""


_TextDates.yaml_implicit_resolvers = {
    k: [r for r in v if r[0] != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

RECORD = "compte-rendu"   # the full record's page; a long one has parts compte-rendu-1, -2, …
_FRONT = re.compile(r"\A---\s*\n(.*?\n)---\s*\n", re.S)


def read_front_matter(path: Path) -> dict:
    """The YAML front matter; a YAML error names the file and line."""
    m = _FRONT.match(path.read_text(encoding="utf-8"))
    if not m:
        return {}
    try:
        data = yaml.load(m.group(1), Loader=_TextDates)
    except (yaml.YAMLError, ValueError) as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        raise BuildError([f"{rel(path)}:{line}: invalid front matter: {err}"]) from err
    return data if isinstance(data, dict) else {}


def _problems(path: Path, block: str, err: ValidationError) -> list[str]:
    out = []
    for e in err.errors():
        field = ".".join(str(x) for x in e["loc"])
        leaf = str(e["loc"][-1]) if e["loc"] else block
        n = line_of(path, rf"^\s+{re.escape(leaf)}\s*:", line_of(path, rf"^{block}\s*:"))
        out.append(f"{rel(path)}:{n}: {block}.{field}: {e['msg']}")
    return out


_LOADED: dict = {}   # the last result, with the (path, mtime) of the pages it was read from


def load_meetings(docs: Path = DOCS) -> dict[str, dict[str, Meeting]]:
    """{lang: {date: Meeting}} for every meeting folder; raises BuildError.

    Several hooks ask for it in each build (and static-i18n builds once per
    language): the pages are read again only when one of them changed."""
    paths = sorted(docs.glob("reunions/*/*.md"))
    key = (docs, tuple((p, p.stat().st_mtime_ns) for p in paths))
    if _LOADED.get("key") != key:
        _LOADED.clear()
        _LOADED.update(key=key, value=_load_meetings(docs, paths))
    return _LOADED["value"]


def _load_meetings(docs: Path, paths: list[Path]) -> dict[str, dict[str, Meeting]]:
    meetings: dict[str, dict[str, Meeting]] = {}
    problems: list[str] = []
    for path in paths:
        m = MEETING_PAGE.match(path.relative_to(docs).as_posix())
        if not m:
            if path.parent.name != "reunions":
                problems.append(f"{rel(path)}:1: a meeting page must be named reunions/YYYY-MM-DD/name.LANG.md")
            continue
        folder, name, lang = m.groups()
        meta = read_front_matter(path)
        value = meta.get("meeting")
        if name == "index":
            if not isinstance(value, dict):
                n = line_of(path, r"^meeting\s*:")
                problems.append(f"{rel(path)}:{n}: meeting: missing; a meeting's page (index) needs the "
                                "meeting block (date, report_date, place, rapporteur, attendees, status, subject)")
                continue
            try:
                meeting = Meeting.model_validate(value)
            except ValidationError as err:
                problems += _problems(path, "meeting", err)
                continue
            if meeting.date.isoformat() != folder:
                n = line_of(path, r"^\s+date\s*:")
                problems.append(f"{rel(path)}:{n}: meeting.date: "
                                f"{meeting.date} does not match the folder name {folder}")
            meetings.setdefault(lang, {})[folder] = meeting
        else:
            if str(value) != folder:
                n = line_of(path, r"^meeting\s*:")
                problems.append(f"{rel(path)}:{n}: meeting: must be "
                                f"'{folder}' (the folder's date), found {value!r}")
            if "annex" in meta:
                try:
                    Annex.model_validate(meta["annex"])
                except ValidationError as err:
                    problems += _problems(path, "annex", err)
    if problems:
        raise BuildError(problems)
    return meetings


# --- rendering -----------------------------------------------------------------

def _meeting_files(date: str, lang: str, docs: Path = DOCS) -> list[tuple[str, str]]:
    """(slug, label) of the pages in a meeting folder, in reading order."""
    t = T[lang]
    out = [("index", t["home"]), ("bilan", t["summary"]), (RECORD, t["record"]), ("priorites", t["priorities"])]
    out = [(s, lbl) for s, lbl in out if (docs / "reunions" / date / f"{s}.{lang}.md").exists()]
    for p in sorted((docs / "reunions" / date).glob(f"annexe-*.{lang}.md")):
        n = p.name.split(".")[0].split("-")[1]
        out.append((p.name.split(".")[0], t["annex"].format(n=n)))
    return out


def reading_order(date: str, lang: str, docs: Path = DOCS) -> list[str]:
    """Slugs of every page of a meeting in reading order: a split record's
    parts (compte-rendu-1, -2, …) come right after its entry page."""
    out = []
    for slug, _ in _meeting_files(date, lang, docs):
        out.append(slug)
        if slug == RECORD:
            out += record_parts(docs / "reunions" / date, RECORD, lang)
    return out


def pdf_name(date: str, lang: str) -> str:
    return f"compte-rendu-{date}-{lang}.pdf"


def header_block(meeting: Meeting, page_slug: str, lang: str) -> str:
    t = T[lang]
    date = meeting.date.isoformat()
    up = "" if page_slug == "index" else "../"
    links = []
    for slug, label in _meeting_files(date, lang):
        href = up + ("" if slug == "index" else slug + "/")
        href = href or "./"
        current = ' aria-current="page"' if slug == page_slug else ""
        if slug == RECORD and is_record_part(page_slug, RECORD):
            current = ' aria-current="true"'   # on a part of the record
        links.append(f'<li><a href="{href}"{current}>{html.escape(label)}</a></li>')
    pdf = f'{up}../../pdf/{pdf_name(date, lang)}'
    links.append(f'<li><a class="meeting-pdf" href="{pdf}" download>{t["pdf"]}</a></li>')
    status_cls = "meeting-status--" + meeting.status
    status = f'<span class="meeting-status {status_cls}">{t[meeting.status]}</span>'
    nav = f'<nav class="meeting-nav" aria-label="{t["nav"]}"><ul>{"".join(links)}</ul></nav>\n'
    if page_slug != "index":   # the details are on the meeting's page: one line here
        title = html.escape(t["meeting"].format(date=format_date(meeting.date, lang)))
        return (f'<div class="meeting-header meeting-header--compact">\n'
                f'<p class="meeting-line"><a href="{up or "./"}">{title}</a> · {status}</p>\n{nav}</div>\n\n')
    return (
        f'<div class="meeting-header">\n'
        f'<dl class="meeting-meta">'
        f'<div><dt>{t["date"]}</dt><dd>{format_date(meeting.date, lang)}</dd></div>'
        f'<div><dt>{t["place"]}</dt><dd>{html.escape(meeting.place)}</dd></div>'
        f'<div><dt>{t["rapporteur"]}</dt><dd>{html.escape(meeting.rapporteur)}, '
        f'{t["report"].format(date=format_date(meeting.report_date, lang))}</dd></div>'
        f'<div><dt>{t["attendees"]}</dt><dd>{t["person" if meeting.attendees == 1 else "people"].format(n=meeting.attendees)}</dd></div>'
        f'<div><dt>{t["status"]}</dt><dd>{status}</dd></div>'
        f'</dl>\n{nav}'
        f'</div>\n\n'
    )


def meetings_table(meetings: dict[str, Meeting], lang: str, prefix: str) -> str:
    t = T[lang]
    rows = []
    for date, m in sorted(meetings.items(), reverse=True):
        docs = [f'[{label}]({prefix}{date}/{slug}.md)' for slug, label in _meeting_files(date, lang)
                if slug != "index" and not slug.startswith("annexe-")]
        rows.append(f'| [{format_date(m.date, lang)}]({prefix}{date}/index.md) | {m.place} | {m.subject} | {" · ".join(docs)} |')
    head = f'| {t["date"]} | {t["place"]} | {t["subject"]} | {t["docs"]} |\n| --- | --- | --- | --- |\n'
    return head + "\n".join(rows) + "\n"


# --- the listing, by year ------------------------------------------------------------
# The listing page shows the latest year in full and links to one page per
# earlier year (generated, reunions/YYYY/), so no page grows with the archive
# and every meeting is two clicks from the listing.

def by_year(meetings: dict[str, Meeting]) -> dict[str, dict[str, Meeting]]:
    """{year: {date: Meeting}}, newest year first."""
    out: dict[str, dict[str, Meeting]] = {}
    for date in sorted(meetings, reverse=True):
        out.setdefault(date[:4], {})[date] = meetings[date]
    return out


def years_list(years: dict[str, dict[str, Meeting]], lang: str, prefix: str) -> str:
    t = T[lang]
    return "".join(f'- [{y}]({prefix}{y}.md) — {t["count1" if len(ms) == 1 else "count"].format(n=len(ms))}\n'
                   for y, ms in years.items())


def listing(meetings: dict[str, Meeting], lang: str) -> str:
    """The latest year's table, then the earlier years (one page each)."""
    years = by_year(meetings)
    if not years:
        return ""
    latest, *earlier = years
    out = f"## {latest}\n\n{meetings_table(years[latest], lang, '')}"
    if earlier:
        out += f"\n## {T[lang]['earlier']}\n\n" + years_list({y: years[y] for y in earlier}, lang, "")
    return out


def year_page(year: str, meetings: dict[str, Meeting], lang: str) -> str:
    """Markdown of the generated page of one earlier year."""
    t = T[lang]
    years = by_year(meetings)
    return (f"---\ntitle: {t['year_title'].format(year=year)}\n"
            f"description: {json.dumps(t['year_desc'].format(year=year), ensure_ascii=False)}\n---\n\n"
            f"# {t['year_title'].format(year=year)}\n\n"
            f"[{t['all']}](index.md)\n\n"
            f"{meetings_table(years[year], lang, '')}")


def _year_file(config, year: str, lang: str, content: str) -> File:
    f = File.generated(config, f"reunions/{year}.{lang}.md", content=content)
    f.dest_uri = ("" if lang == DEFAULT_LANG else f"{lang}/") + f"reunions/{year}/index.html"
    # what static-i18n gives the files it handles (language switcher, hreflang)
    f.locale, f.localization, f.norm_src_uri = lang, lang, f"reunions/{year}.md"
    # page-level checks of other hooks (dates, glossary) read the source file:
    # the listing page the year pages are made from
    f.abs_src_path = str(Path(config.docs_dir) / "reunions" / f"index.{lang}.md")
    return f


# --- MkDocs events ---------------------------------------------------------------

_MEETINGS: dict[str, dict[str, Meeting]] = {}


def on_pre_build(config):
    _MEETINGS.clear()
    _MEETINGS.update(load_meetings(Path(config.docs_dir)))


@event_priority(-110)   # after static-i18n (-100), which rebuilds the files it sees from disk
def on_files(files, config):
    i18n = config.plugins.get("i18n")
    current = getattr(i18n, "current_language", DEFAULT_LANG)
    for year in list(by_year(_MEETINGS.get(current, {})))[1:]:
        made = {lang: _year_file(config, year, lang, year_page(year, _MEETINGS[lang], lang))
                for lang in LANGS if year in by_year(_MEETINGS.get(lang, {}))}
        for f in made.values():
            f.alternates, f.locale_alternate_of = made, current
        files.append(made[current])
    return files


def on_page_markdown(markdown, page, config, files):
    src = page.file.src_path
    lang = page_lang(src)
    meetings = _MEETINGS.get(lang, {})
    m = MEETING_PAGE.match(src)
    if m:
        folder, slug, _ = m.groups()
        meeting = meetings.get(folder)
        if meeting is None:
            raise BuildError([f"docs/{src}:1: no meeting page (index) with meeting metadata for {folder} in '{lang}'"])
        # the header goes after the page's H1
        block = header_block(meeting, slug, lang)
        markdown, n = re.subn(r"^(# .+\n)", lambda mm: mm.group(1) + "\n" + block, markdown, count=1, flags=re.M)
        if not n:
            markdown = block + markdown
    if "<!-- meetings-list -->" in markdown:
        markdown = markdown.replace("<!-- meetings-list -->", listing(meetings, lang))
    if "<!-- latest-meeting -->" in markdown and meetings:
        date = max(meetings)
        latest = meetings[date]
        t = T[lang]
        pages = [f'[{label}](reunions/{date}/{slug}.md) · ' for slug, label in _meeting_files(date, lang)
                 if slug != "index" and not slug.startswith("annexe-")]  # the title links the meeting's page
        text = (f'**[{t["meeting"].format(date=format_date(latest.date, lang))}](reunions/{date}/index.md)** — '
                f'{latest.subject}.\n\n'
                f'{"".join(pages)}'
                f'<a href="pdf/{pdf_name(date, lang)}" download>{t["pdf"]}</a>\n')
        markdown = markdown.replace("<!-- latest-meeting -->", text)
    return markdown
