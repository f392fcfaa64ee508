"""Meeting metadata: validate the front matter, render it, list the meetings.

A meeting lives in docs/reunions/YYYY-MM-DD/. Its summary page (index.LANG.md)
holds the metadata under `meeting:`; every other page of the folder says
`meeting: YYYY-MM-DD`. Bad or missing metadata stops the build, naming the
file, the line and the field.
"""
from __future__ import annotations

import datetime as dt
import fnmatch
import html
import json
import os
import posixpath
import re
from pathlib import Path
from typing import Literal, Optional

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File

from common import (DEFAULT_LANG, DOCS, LANGS, MEETING_PAGE, BuildError, build_number, common_state, drafts_shown,
                    format_date, line_of, load_yaml, meeting_pages, page_lang, problem,
                    rel, remember, set_serving)


T = {
    "fr": {
        "report": "Paris, le {date}", "meeting": "Réunion du {date}",
        "rapporteur": "Compte-rendu réalisé par", "attendees": "Participants",
        "people": "{n} personnes", "person": "{n} personne", "status": "Statut",
        "draft": "projet", "final": "version définitive",
        "draft_banner": "Projet — ce compte-rendu n’est pas encore approuvé",
        "draft_note": "Cette page n’est visible que dans l’aperçu des modifications ; elle sera publiée "
                      "quand le statut de la réunion passera à « version définitive » (<code>status: final</code>).",
        "home": "La réunion", "summary": "Bilan", "record": "Compte-rendu intégral",
        "priorities": "Priorités", "annexes": "Annexes", "pdf": "Télécharger le PDF (en français)",
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
        "draft_banner": "Draft — these minutes are not yet approved",
        "draft_note": "This page shows only in previews; it will be published when the meeting's status "
                      "is set to final (<code>status: final</code>).",
        "home": "The meeting", "summary": "Summary", "record": "Full record",
        "priorities": "Priorities", "annexes": "Annexes", "pdf": "Download the PDF (in English)",
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

RECORD = "compte-rendu"   # the full record: one page, however long
_FRONT = re.compile(r"\A---\s*\n(.*?\n)---\s*\n", re.S)


def front_matter(path: Path) -> tuple[dict, list[str]]:
    """(the YAML front matter, problems): a problem names the file and the one
    line YAML stopped at, and says what to do, in the file's language."""
    m = _FRONT.match(path.read_text(encoding="utf-8"))
    if not m:
        return {}, []
    try:
        data = load_yaml(m.group(1), _TextDates)
    except (yaml.YAMLError, ValueError) as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 2 if mark else 1   # the front matter starts on the file's line 2
        return {}, [yaml_problem(path, line)]
    return (data if isinstance(data, dict) else {}), []


_KEY_VALUE = re.compile(r"^(\s*)([\w-]+):[ \t]+(.*?)\s*$")


def yaml_problem(path: Path, line: int) -> str:
    """What to do when YAML cannot read a front matter (or a data file) at a line."""
    try:
        text = path.read_text(encoding="utf-8").splitlines()[line - 1]
    except IndexError:
        text = ""
    kv = _KEY_VALUE.match(text)
    if kv and ": " in kv.group(3) and not kv.group(3).startswith(('"', "'")):
        key, value = kv.group(2), kv.group(3)
        quoted = value.replace("\\", "\\\\").replace('"', '\\"')
        fixed = f'{key}: "{quoted}"'
        return problem(path, line,
                       f"la valeur de « {key} » contient un deux-points suivi d'une espace ; mettez-la entre "
                       f"guillemets droits : {fixed}",
                       f"the value of '{key}' contains a colon followed by a space; put it in double quotes: "
                       f"{fixed}")
    what = "this file" if path.suffix == ".yml" else "the front matter (between the two --- lines)"
    return problem(path, line,
                   "la fiche en haut du fichier (entre les deux lignes ---) ne se lit pas à cette ligne : "
                   "écrivez « nom: valeur », gardez les espaces en début de ligne, et mettez entre guillemets "
                   "droits (\"…\") une valeur qui contient « : » ou commence par un signe",
                   f"{what} cannot be read at this line: write "
                   "'name: value', keep the spaces at the start of the line, and put a value that contains "
                   "': ' or starts with a sign in double quotes (\"…\")")


def read_front_matter(path: Path) -> dict:
    """The YAML front matter; a YAML error raises BuildError naming the file and line."""
    data, problems = front_matter(path)
    if problems:
        raise BuildError(problems)
    return data


FIELDS = "date, report_date, place, rapporteur, attendees, status, subject"
_DATE_ERRORS = ("date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact", "date_type")


def _example_date(value, fallback: str) -> str:
    """The date a person most likely meant, as YYYY-MM-DD: 22/11/2013 -> 2013-11-22."""
    m = re.fullmatch(r"\s*(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})\s*", str(value))
    if m:
        try:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat()
        except ValueError:
            pass
    return fallback


def _field_message(e: dict, block: str, example: str) -> tuple[str, str]:
    """(French, English) of one pydantic error of a front matter block, saying what to do."""
    kind, value = e["type"], e.get("input")
    leaf = str(e["loc"][-1]) if e["loc"] else block
    if kind == "missing":
        return (f"champ manquant : ajoutez la ligne « {leaf}: … » à la fiche « {block}: »",
                f"missing: add the line '{leaf}: …' to the '{block}:' block")
    if kind == "extra_forbidden":
        known = FIELDS if block == "meeting" else "number, author, date"
        return (f"champ inconnu : les champs de « {block}: » sont {known} ; corrigez le nom ou retirez la ligne",
                f"unknown field: the fields of '{block}:' are {known}; correct the name or remove the line")
    if kind in _DATE_ERRORS:
        ex = _example_date(value, example)
        return (f"« {value} » n'est pas une date : écrivez-la sous la forme AAAA-MM-JJ, par exemple {ex}",
                f"'{value}' is not a date: write it as YYYY-MM-DD, e.g. {ex}")
    if kind == "string_pattern_mismatch" and leaf == "date":
        return (f"« {value} » n'est pas une date : écrivez AAAA-MM ou AAAA-MM-JJ, par exemple {example[:7]}",
                f"'{value}' is not a date: write YYYY-MM or YYYY-MM-DD, e.g. {example[:7]}")
    if kind in ("int_parsing", "int_type", "int_from_float", "greater_than"):
        return (f"« {value} » : écrivez un nombre entier positif, en chiffres (par exemple 35)",
                f"'{value}': write a whole number greater than zero, in figures (e.g. 35)")
    if kind == "literal_error":
        return (f"« {value} » : écrivez draft (projet) ou final (version définitive)",
                f"'{value}': write draft, or final once the minutes are approved")
    if kind == "string_too_short":
        n = e["ctx"]["min_length"]
        return (f"écrivez un texte d'au moins {n} caractères", f"write a text of at least {n} characters")
    if kind == "string_type":
        return ("écrivez un texte après les deux-points", "write a text after the colon")
    if kind == "value_error" and leaf == "report_date":
        return (f"la date du compte-rendu ({value}) est avant celle de la réunion : vérifiez les deux dates",
                f"the date of the minutes ({value}) is before the meeting: check both dates")
    return e["msg"], e["msg"]


def _problems(path: Path, block: str, err: ValidationError, example: str = "2013-11-22") -> list[str]:
    out = []
    for e in err.errors():
        field = ".".join(str(x) for x in e["loc"])
        leaf = str(e["loc"][-1]) if e["loc"] else block
        n = line_of(path, rf"^\s+{re.escape(leaf)}\s*:", line_of(path, rf"^{block}\s*:"))
        fr, en = _field_message(e, block, example)
        out.append(problem(path, n, f"{block}.{field} : {fr}", f"{block}.{field}: {en}"))
    return out


# the last result, with the (path, mtime) of the pages it was read from; kept in
# hooks/common.py, which `mkdocs serve` does not load again at each save as it does the hooks
_LOADED: dict = common_state().setdefault("meetings", {})


def load_meetings(docs: Path = DOCS) -> dict[str, dict[str, Meeting]]:
    """{lang: {date: Meeting}} for every meeting folder; raises BuildError.

    Several hooks ask for it in each build (and static-i18n builds once per
    language): the pages are read again only when one of them changed."""
    if build_number() and _LOADED.get("build") == (build_number(), docs):   # no file changes during a build
        return _LOADED["value"]
    paths = meeting_pages(docs)
    key = (docs, tuple((p, p.stat().st_mtime_ns) for p in paths))
    if _LOADED.get("key") != key:
        _LOADED.clear()
        _LOADED.update(key=key, value=_load_meetings(docs, paths))
    _LOADED["build"] = (build_number(), docs)
    return _LOADED["value"]


def _load_meetings(docs: Path, paths: list[Path]) -> dict[str, dict[str, Meeting]]:
    meetings, problems, _ = check_meetings(docs, paths)
    if problems:
        raise BuildError(problems)
    return meetings


def check_meetings(docs: Path = DOCS, paths: list[Path] | None = None
                   ) -> tuple[dict[str, dict[str, Meeting]], list[str], set[Path]]:
    """({lang: {date: Meeting}}, problems, pages whose front matter is wrong):
    every problem of every meeting page, for hooks/validate.py to report with
    the others."""
    if paths is None:
        paths = meeting_pages(docs)
    meetings: dict[str, dict[str, Meeting]] = {}
    problems: list[str] = []
    bad: set[Path] = set()
    for path in paths:
        m = MEETING_PAGE.match(path.relative_to(docs).as_posix())
        if not m:
            if path.parent.name != "reunions":
                problems.append(problem(path, 1, "une page de réunion se nomme reunions/AAAA-MM-JJ/nom.fr.md",
                                        "a meeting page must be named reunions/YYYY-MM-DD/name.LANG.md"))
                bad.add(path)
            continue
        folder, name, lang = m.groups()
        meta, found = front_matter(path)
        if found:
            problems += found
            bad.add(path)
            continue
        before = len(problems)
        value = meta.get("meeting")
        if name == "index":
            if not isinstance(value, dict):
                n = line_of(path, r"^meeting\s*:")
                problems.append(problem(
                    path, n,
                    f"meeting : fiche manquante ; la page d'une réunion (index) porte en haut la fiche « meeting: » "
                    f"({FIELDS}) : recopiez-la d'une autre réunion ou de `make new-meeting`",
                    f"meeting: missing; a meeting's page (index) needs the meeting block ({FIELDS}): "
                    "copy it from another meeting or from `make new-meeting`"))
            else:
                try:
                    meeting = Meeting.model_validate(value)
                except ValidationError as err:
                    problems += _problems(path, "meeting", err, folder)
                else:
                    if meeting.date.isoformat() != folder:
                        n = line_of(path, r"^\s+date\s*:")
                        problems.append(problem(
                            path, n,
                            f"meeting.date : {meeting.date} n'est pas la date du dossier {folder} : "
                            f"écrivez {folder} (ou renommez le dossier)",
                            f"meeting.date: {meeting.date} does not match the folder name {folder}; "
                            f"write {folder} (or rename the folder)"))
                    meetings.setdefault(lang, {})[folder] = meeting
        else:
            if str(value) != folder:
                n = line_of(path, r"^meeting\s*:")
                problems.append(problem(path, n,
                                        f"meeting : écrivez « meeting: {folder} » (la date du dossier), "
                                        f"trouvé {value!r}",
                                        f"meeting: must be '{folder}' (the folder's date), found {value!r}"))
            if "annex" in meta:
                try:
                    Annex.model_validate(meta["annex"])
                except ValidationError as err:
                    problems += _problems(path, "annex", err, folder)
        if len(problems) > before:
            bad.add(path)
    return meetings, problems, bad


# --- drafts (Hugo's rule) --------------------------------------------------------
# A meeting whose status is draft (in either language) is left out of the
# public build: no page, PDF, listing, feed, sitemap, search or organisations
# entry, and a public page may not link to it. `mkdocs serve` and DRAFTS=1
# builds show it, with a banner on each of its pages and in its PDF.

def draft_dates(meetings: dict[str, dict[str, Meeting]]) -> set[str]:
    """Dates of the meetings that are a draft in any language."""
    return {date for by_date in meetings.values() for date, m in by_date.items() if m.status == "draft"}


def hidden_dates(docs: Path = DOCS) -> set[str]:
    """Dates of the draft meetings this build leaves out (none when drafts are shown)."""
    return set() if drafts_shown() else draft_dates(load_meetings(docs))


def public_meetings(docs: Path = DOCS) -> dict[str, dict[str, Meeting]]:
    """load_meetings() without the meetings this build leaves out: what the
    listing, the home page, the feeds and the organisations index show."""
    meetings, hidden = load_meetings(docs), hidden_dates(docs)
    return {lang: {d: m for d, m in by_date.items() if d not in hidden} for lang, by_date in meetings.items()}


def draft_banner(lang: str) -> str:
    t = T[lang]
    return (f'<div class="admonition warning meeting-draft" role="note">'
            f'<p class="admonition-title">{t["draft_banner"]}</p><p>{t["draft_note"]}</p></div>\n\n')


# A link's target in Markdown or HTML: [text](target), [ref]: target, href="target", src="target"
_TARGETS = re.compile(r"\]\(\s*<?([^)\s>]+)|^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)|\b(?:href|src)\s*=\s*[\"']([^\"']+)")
_SNIPPET = re.compile(r'^\s*-{1,}8<-{1,}\s+"([^"]+)"')
LINK_TO_DRAFT = {
    "fr": "{where}:{n}: ce lien mène à la réunion du {long} (docs/reunions/{date}/), qui est encore un "
          "projet (status: draft) : elle n’est pas publiée. Retirez le lien, ou publiez d’abord la réunion "
          "(status: final).",
    "en": "{where}:{n}: this link leads to the meeting of {long} (docs/reunions/{date}/), which is still a "
          "draft (status: draft) and is not published. Remove the link, or publish the meeting first "
          "(status: final).",
}


def links_to_drafts(src: str, lang: str, hidden: set[str], docs: Path) -> list[str]:
    """A public page's links into a hidden draft meeting, as 'file:line: message',
    read from the page's file and the snippets it includes (a link in a
    snippet names the snippet; it is relative to the page that includes it)."""
    if not hidden:
        return []
    dates = "|".join(map(re.escape, sorted(hidden)))
    into = re.compile(rf"(?:^|/)reunions/({dates})(?:/|$)|compte-rendu-({dates})-[a-z]{{2}}\.pdf")
    here = posixpath.dirname(src)
    problems, seen = [], set()
    files = [docs / src]
    while files:
        path = files.pop(0)
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            snippet = _SNIPPET.match(line)
            if snippet:
                files.append(docs / "_snippets" / snippet.group(1))
                continue
            for groups in _TARGETS.findall(line):
                target = next(g for g in groups if g).split("#")[0].split("?")[0]
                if "://" not in target and not target.startswith(("/", "mailto:")):
                    target = posixpath.normpath(posixpath.join(here, target))
                hit = into.search(target)
                if hit:
                    date = hit.group(1) or hit.group(2)
                    long = format_date(dt.date.fromisoformat(date), lang)
                    problems.append(LINK_TO_DRAFT[lang].format(where=rel(path), n=n, date=date, long=long))
    return problems


# --- rendering -----------------------------------------------------------------

def _meeting_files(date: str, lang: str, docs: Path = DOCS) -> list[tuple[str, str]]:
    """(slug, label) of the pages in a meeting folder, in reading order."""
    t = T[lang]
    folder = docs / "reunions" / date
    try:   # the folder's names, read again when a file is added or removed (its modification time)
        names = set(remember(("names", str(folder), folder.stat().st_mtime_ns), lambda: os.listdir(folder)))
    except OSError:
        names = set()
    out = [("index", t["home"]), ("bilan", t["summary"]), (RECORD, t["record"]), ("priorites", t["priorities"])]
    out = [(s, lbl) for s, lbl in out if f"{s}.{lang}.md" in names]
    for name in sorted(fnmatch.filter(names, f"annexe-*.{lang}.md")):
        n = name.split(".")[0].split("-")[1]
        out.append((name.split(".")[0], t["annex"].format(n=n)))
    return out


def reading_order(date: str, lang: str, docs: Path = DOCS) -> list[str]:
    """Slugs of every page of a meeting in reading order."""
    return [slug for slug, _ in _meeting_files(date, lang, docs)]


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
        links.append(f'<li><a href="{href}"{current}>{html.escape(label)}</a></li>')
    pdf = f'{up}../../pdf/{pdf_name(date, lang)}'
    links.append(f'<li><a class="meeting-pdf" href="{pdf}" type="application/pdf" hreflang="{lang}" download>{t["pdf"]}</a></li>')
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

_FOLDER = re.compile(r"^reunions/(\d{4}-\d{2}-\d{2})/")   # any file of a meeting's folder
_MEETINGS: dict[str, dict[str, Meeting]] = {}   # the meetings this build shows
_HIDDEN: set[str] = set()                        # the draft meetings it leaves out
_DRAFTS: set[str] = set()                        # every draft meeting (shown with a banner, or hidden)


def on_startup(command, dirty):
    set_serving(command)   # `mkdocs serve` shows the drafts
    if drafts_shown():
        get_plugin_logger("meetings").info("draft meetings are shown, with their banner: a preview, not for publishing")


def on_pre_build(config):
    docs = Path(config.docs_dir)
    _MEETINGS.clear()
    _MEETINGS.update(public_meetings(docs))
    _HIDDEN.clear()
    _HIDDEN.update(hidden_dates(docs))
    _DRAFTS.clear()
    _DRAFTS.update(draft_dates(load_meetings(docs)))


@event_priority(-110)   # after static-i18n (-100), which rebuilds the files it sees from disk
def on_files(files, config):
    i18n = config.plugins.get("i18n")
    current = getattr(i18n, "current_language", DEFAULT_LANG)
    for f in list(files):   # nothing of a draft meeting's folder is built: pages, images, attachments
        m = _FOLDER.match(f.src_uri)
        if m and m.group(1) in _HIDDEN:
            files.remove(f)
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
        if folder in _DRAFTS:
            block = draft_banner(lang) + block
        markdown, n = re.subn(r"^(# .+\n)", lambda mm: mm.group(1) + "\n" + block, markdown, count=1, flags=re.M)
        if not n:
            markdown = block + markdown
    problems = links_to_drafts(src, lang, _HIDDEN, Path(config.docs_dir))
    if problems:
        raise BuildError(problems)
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


_HREF = re.compile(r"""\b(?:href|src)=["']?([^"'\s>]+)""")


def on_post_page(output, page, config):
    """Whatever made it (a hook, a template), a public page links to no hidden draft."""
    if _HIDDEN:
        dates = "|".join(map(re.escape, sorted(_HIDDEN)))
        leak = re.compile(rf"reunions/({dates})(?:/|$)|compte-rendu-({dates})-[a-z]{{2}}\.pdf")
        for target in _HREF.findall(output):
            hit = leak.search(target)
            if hit:
                raise BuildError([f"docs/{page.file.src_uri}:1: the built page links to the draft meeting of "
                                  f"{hit.group(1) or hit.group(2)} ({target}), which is not published"])
    return output
