"""French/English translations: parity check, translation notices, status page.

- Before the build, every French page is compared with its English twin
  (hooks/parity.py, run by hooks/validate.py with the other content checks):
  a missing twin, a different heading structure, a missing anchor or a
  different number stops the build, naming the file and line.
- Every English page says, under its title, that it is a translation and
  links to the authoritative French page; when git shows the French page
  changed after the translation, a visible warning says so.
- `<!-- translation-status -->` becomes the status page: each page whose
  translation needs review, then the number of pages in each state per part
  of the site (general pages, meetings of each year), so that the page stays
  small however many meetings the archive holds.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

import parity
from common import DEFAULT_LANG, BuildError, format_date, page_lang
from meetings import hidden_dates

MARKER = "<!-- translation-status -->"

T = {
    "fr": {
        "page": "Page", "fr": "Français", "en": "Anglais", "state": "État",
        parity.UP_TO_DATE: "à jour", parity.UNKNOWN: "inconnu",
        parity.NEEDS_REVIEW: "à revoir : le français a changé le {date}",
        "summary": "{n} pages : {ok} à jour, {todo} à revoir, {unknown} d’état inconnu.",
        "todo_caption": "Pages à revoir", "none": "Aucune page à revoir.",
        "parts_caption": "Pages par partie du site", "part": "Partie du site",
        "review": "À revoir", "general": "Pages générales",
        "year": "Réunions de {year} ({n} réunion{s})",
    },
    "en": {
        "page": "Page", "fr": "French", "en": "English", "state": "State",
        parity.UP_TO_DATE: "up to date", parity.UNKNOWN: "unknown",
        parity.NEEDS_REVIEW: "needs review: the French changed on {date}",
        "summary": "{n} pages: {ok} up to date, {todo} needing review, {unknown} unknown.",
        "todo_caption": "Pages needing review", "none": "No page needs review.",
        "parts_caption": "Pages by part of the site", "part": "Part of the site",
        "review": "Needs review", "general": "General pages",
        "year": "Meetings in {year} ({n} meeting{s})",
        "notice": ("This page is a translation. The French text is authoritative: "
                   '<a href="{href}" hreflang="fr">read the French original</a>.'),
        "outdated": ("<strong>The French original was updated on {fr_date}, after this translation "
                     "(last updated {en_date}).</strong> This translation may be out of date."),
        "label": "About this translation",
    },
}

# filled once per build (static-i18n runs one MkDocs build per language)
_STATE: dict[str, parity.Freshness] = {}
_PAGES: list[dict] = []


def stem(src_path: str) -> str:
    """'reunions/x/index.en.md' -> 'reunions/x/index'"""
    return src_path.rsplit(".", 2)[0]


def _title(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    body, meta = get_data(text)
    if meta.get("title"):
        return str(meta["title"])
    for line in body.splitlines():
        if line.startswith("# "):
            return line[2:].split("{")[0].strip()
    return path.stem


def _url(stem_: str, lang: str) -> str:
    """Site URL (directory URLs) of a page in a language: '' for the French home."""
    parts = stem_.split("/")
    if parts[-1] == "index":
        parts = parts[:-1]
    url = "/".join(parts) + "/" if parts else ""
    return url if lang == DEFAULT_LANG else f"{lang}/{url}"


def _href(target: str, page_url: str) -> str:
    href = get_relative_url(target, page_url)
    return href + "/" if (target.endswith("/") or target == "") and not href.endswith("/") else href


# --- MkDocs events -----------------------------------------------------------

def on_pre_build(config):
    if config.theme["language"] != DEFAULT_LANG:  # the second language's build: already checked
        return
    _STATE.clear()
    _PAGES.clear()
    docs = Path(config.docs_dir)
    # parity problems are reported by hooks/validate.py, with the build's other problems
    git = parity.Git(docs)
    excluded = ("_snippets/",) + tuple(f"reunions/{d}/" for d in sorted(hidden_dates(docs)))  # drafts: not built
    for fr in sorted(docs.rglob("*.fr.md")):
        rel = fr.relative_to(docs).as_posix()
        if rel.startswith(excluded):
            continue
        s = stem(rel)
        _STATE[s] = parity.page_freshness(fr, docs, git)
        _PAGES.append({"stem": s, "fr": _title(fr), "en": _title(parity.twin(fr))})
    _PAGES.sort(key=lambda p: (p["stem"] != "index", p["stem"].split("/")[:-1], not p["stem"].endswith("index"), p["stem"]))


def notice(fresh: parity.Freshness, href: str) -> str:
    """The HTML note an English page carries under its title."""
    t = T["en"]
    parts = [f'<p>{t["notice"].format(href=html.escape(href))}</p>']
    if fresh.state == parity.NEEDS_REVIEW and fresh.fr_date:
        en_date = format_date(fresh.en_date, "en") if fresh.en_date else "unknown"
        parts.append('<p class="translation-notice__outdated">'
                     + t["outdated"].format(fr_date=format_date(fresh.fr_date, "en"), en_date=en_date)
                     + "</p>")
    cls = "translation-notice" + (" translation-notice--outdated" if len(parts) > 1 else "")
    return f'<aside class="{cls}" role="note" aria-label="{t["label"]}">{"".join(parts)}</aside>'


def _part(stem_: str) -> str:
    """The part of the site a page belongs to: a meeting year, or '' for the other pages."""
    m = re.match(r"reunions/(\d{4})-\d{2}-\d{2}/", stem_)
    return m.group(1) if m else ""


def _row(p: dict, fresh: parity.Freshness, lang: str, page_url: str) -> str:
    """One page that needs work: its title in each language, linked, and its state."""
    t = T[lang]
    state = t[fresh.state]
    if fresh.state == parity.NEEDS_REVIEW:
        state = state.format(date=format_date(fresh.fr_date, lang))
    links = []
    for other in ("fr", "en"):
        href = _href(_url(p["stem"], other), page_url)
        links.append(f'<td lang="{other}"><a href="{html.escape(href)}" hreflang="{other}">'
                     f'{html.escape(p[other])}</a></td>')
    return f'<tr class="translation-status--{fresh.state}">{"".join(links)}<td>{html.escape(state)}</td></tr>'


def _table(caption: str, head: list[str], rows: list[str]) -> str:
    ths = "".join(f'<th scope="col">{h}</th>' for h in head)
    return ('<div class="translation-status md-typeset__scrollwrap"><div class="md-typeset__table">'
            f'<table><caption>{caption}</caption><thead><tr>{ths}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div></div>')


def status_table(lang: str, page_url: str) -> str:
    """The status page's content. Its size does not grow with the archive:
    only the pages needing work are listed one by one; the others are counted
    per part of the site (the general pages, then the meetings of each year)."""
    t = T[lang]
    states = (parity.UP_TO_DATE, parity.NEEDS_REVIEW, parity.UNKNOWN)
    counts = dict.fromkeys(states, 0)
    parts: dict[str, dict] = {}
    todo = []
    for p in _PAGES:
        fresh = _STATE.get(p["stem"], parity.Freshness(parity.UNKNOWN))
        counts[fresh.state] += 1
        part = parts.setdefault(_part(p["stem"]), {"meetings": set(), **dict.fromkeys(states, 0)})
        part[fresh.state] += 1
        if _part(p["stem"]):
            part["meetings"].add(p["stem"].split("/")[1])
        if fresh.state == parity.NEEDS_REVIEW:
            todo.append(_row(p, fresh, lang, page_url))
    summary = t["summary"].format(n=len(_PAGES), ok=counts[parity.UP_TO_DATE],
                                  todo=counts[parity.NEEDS_REVIEW], unknown=counts[parity.UNKNOWN])
    out = f'<p class="translation-status-summary">{html.escape(summary)}</p>'
    if todo:
        out += _table(t["todo_caption"], [t["fr"], t["en"], t["state"]], todo)
    else:
        out += f'<p>{t["none"]}</p>'
    rows = []
    for year in sorted(parts, key=lambda y: (y != "", -int(y or 0))):  # general pages, then newest year
        part = parts[year]
        n = len(part["meetings"])
        name = t["year"].format(year=year, n=n, s="s" if n > 1 else "") if year else t["general"]
        cells = [str(part[s]) for s in states]
        if part[parity.NEEDS_REVIEW]:
            cells[1] = f"<strong>{cells[1]}</strong>"
        rows.append(f'<tr><th scope="row">{html.escape(name)}</th>'
                    + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    out += _table(t["parts_caption"], [t["part"], t[parity.UP_TO_DATE].capitalize(),
                                       t["review"], t[parity.UNKNOWN].capitalize()], rows)
    return out


def on_page_content(html_, page, config, files):
    src = page.file.src_path
    lang = page_lang(src)
    if MARKER in html_:
        html_ = html_.replace(MARKER, status_table(lang, page.url))
    if lang != DEFAULT_LANG:
        s = stem(src)
        href = _href(_url(s, DEFAULT_LANG), page.url)
        block = notice(_STATE.get(s, parity.Freshness(parity.UNKNOWN)), href)
        head, sep, tail = html_.partition("</h1>")
        html_ = head + sep + block + tail if sep else block + html_
    return html_
