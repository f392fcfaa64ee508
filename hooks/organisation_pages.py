"""A page per organisation, in each language, generated from data/: every
intervention of the organisation at every published meeting, newest first,
grouped by meeting, each with its first words (from the record's text),
linked to its place in the record, and the priorities it supports.

- /organisations/KEY/ (and /en/organisations/KEY/): the organisation's name,
  its short form, a link to its Atom feed, then its interventions of the
  latest year where it spoke. Earlier years have a page each,
  /organisations/KEY/YYYY/; a year with more than PAGE_SIZE interventions is
  cut, between meetings, into /organisations/KEY/YYYY/2/, /3/… so that no page
  grows with the archive (the page budget of scripts/bench.py).
- The pages are virtual files (File.generated, as hooks/meetings.py makes the
  year pages), built by static-i18n in each language with their twin as
  alternate. Their edit link opens data/organisations.yml; the line under the
  article names data/meetings/YYYY-MM-DD.yml and the records.
- Feeds (Atom, hooks/atom.py, beside the site's feed of hooks/seo.py): one per
  organisation, feeds/organisations/KEY.xml, and one per priority id across
  meetings, feeds/priorites/pN.xml (priorities carry no theme in data/: a
  priority id is the only thing that names one across meetings), in each
  language (en/feeds/…). Each entry is an intervention, dated from its
  meeting's metadata (report_date, at 00:00:00Z).

Drafts: only what hooks/meetings.py publishes (public_meetings()).
"""
from __future__ import annotations

import datetime as dt
import html
import json
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

import atom
from common import DEFAULT_LANG, LANGS, ROOT, format_date, git_last_commits, page_lang
from edit import Source, _edit_base, sentence
from freshness import shown
from meeting_data import (H2, MEETING, NUMBER, PRIORITY_DIV, MeetingLinks, Organisation, current,
                          intervention_number, pnum)
from meetings import public_meetings

PAGE_SIZE = 15       # interventions on one page at most (whole meetings; a larger meeting stands alone):
                     # 25 made a 32 KB page at 36 synthetic meetings (bench)
EXCERPT_WORDS = 25   # first words of an intervention
FOLDER = "organisations"
WEIGHT = ' { data-pagefind-weight="10" }'   # a search for the organisation's name finds its page first
T = {
    "fr": {
        "title": "{name} : interventions",
        "desc": "Interventions de {name} aux réunions du collectif « Ensemble contre la traite des êtres "
                "humains », de la plus récente à la plus ancienne{year}, avec leurs premiers mots et les "
                "priorités qu’elles soutiennent.",
        "desc_year": " ({year})",
        "short": "Forme courte : {short}.",
        "kind": {"association": "Association membre du collectif.",
                 "government": "Pouvoirs publics : le cabinet ministériel qui reçoit le collectif."},
        "count": "{n} interventions à {m} réunions.", "count1": "1 intervention à 1 réunion.",
        "countm": "{n} interventions à 1 réunion.",
        "none": "Aucune intervention dans les comptes rendus publiés.",
        "feed": "Suivre avec un lecteur de flux",
        "feed_help": "(flux Atom : un lecteur de flux signale chaque nouvelle intervention de {name})",
        "pages": "Autres années", "page_n": "{year}, page {n}", "this": "Toutes les organisations",
        "supports": "Priorités soutenues :", "takes_up": "Priorités reprises :",
        "intervention": "Intervention {num}",
        "feed_org": "Interventions de {name}",
        "feed_p": "Priorité {P} : interventions qui la soutiennent",
        "entry": "{date} — {speaker}",
        "entry_p": "{date} — {speaker} ({P})",
        "kinds": "Organisations",
    },
    "en": {
        "title": "{name}: interventions",
        "desc": "Interventions of {name} at the meetings of the “Ensemble contre la traite des êtres "
                "humains” collective, newest first{year}, with their first words and the priorities they "
                "support.",
        "desc_year": " ({year})",
        "short": "Short form: {short}.",
        "kind": {"association": "Member association of the collective.",
                 "government": "Public authorities: the minister’s office that meets the collective."},
        "count": "{n} interventions at {m} meetings.", "count1": "1 intervention at 1 meeting.",
        "countm": "{n} interventions at 1 meeting.",
        "none": "No intervention in the published minutes.",
        "feed": "Follow with a feed reader",
        "feed_help": "(Atom feed: a feed reader tells you of each new intervention by {name})",
        "pages": "Other years", "page_n": "{year}, page {n}", "this": "All organisations",
        "supports": "Supports priorities:", "takes_up": "Takes up priorities:",
        "intervention": "Intervention {num}",
        "feed_org": "Interventions by {name}",
        "feed_p": "Priority {P}: the interventions that support it",
        "entry": "{date} — {speaker}",
        "entry_p": "{date} — {speaker} ({P})",
        "kinds": "Organisations",
    },
}


@dataclass
class Said:
    """One intervention, as an organisation page and a feed show it."""
    date: str
    anchor: str
    page: str                 # the record page that holds it (compte-rendu, compte-rendu-3…)
    speaker: str              # its heading in the record
    excerpt: str              # its first words
    priorities: list[str] = field(default_factory=list)
    priorities_page: str = ""


# --- reading the record -----------------------------------------------------------------

_MD = [
    (re.compile(r"<[^>]+>"), ""),                         # HTML tags
    (re.compile(r"\[\^[^\]]*\]"), ""),                      # footnote references
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),       # links, images -> their text
    (re.compile(r"\[([^\]]*)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"\{[^{}]*\}"), ""),                       # attribute lists
    (re.compile(r"[*_`]+"), ""),                            # emphasis, code
    (re.compile(r"^\s*(?:[-+*]|\d+\.|>)\s+", re.M), ""),   # list and quote markers
]


def plain(markdown: str) -> str:
    for rx, repl in _MD:
        markdown = rx.sub(repl, markdown)
    return " ".join(markdown.split())


def first_words(text: str, n: int = EXCERPT_WORDS) -> str:
    """The first n words, cut at a word boundary, with « … » when cut."""
    words = text.split()
    if len(words) <= n:
        return " ".join(words)
    return " ".join(words[:n]).rstrip(",;:—–-") + " …"


def record_sections(path: Path) -> dict[str, tuple[str, str]]:
    """{anchor: (heading, plain text)} of the level-2 sections of a record page."""
    out: dict[str, tuple[str, str]] = {}
    anchor, heading, lines = None, "", []
    text = shown(path).read_text(encoding="utf-8")
    text = re.sub(r"\A---\s*\n.*?\n---\s*\n", "", text, flags=re.S)
    for line in text.splitlines() + ["## end { #end }"]:
        m = H2.match(line)
        if m or line.startswith("# "):
            if anchor:
                out[anchor] = (heading, plain("\n".join(lines)))
            anchor, heading, lines = (m.group(2), plain(m.group(1)), []) if m else (None, "", [])
        elif anchor and not line.lstrip().startswith(("<!--", "*[", "--8<--")):
            lines.append(line)
    return out


_SAID: dict = {}   # (docs, lang) -> interventions(), read once for both languages' builds


def interventions(docs: Path, lang: str) -> tuple[dict[str, Organisation], dict[str, list[Said]]]:
    """({key: Organisation}, {key: its interventions at the published meetings, newest first})."""
    if (docs, lang) not in _SAID:
        _SAID[(docs, lang)] = _interventions(docs, lang)
    return _SAID[(docs, lang)]


def _interventions(docs: Path, lang: str) -> tuple[dict[str, Organisation], dict[str, list[Said]]]:
    orgs, meetings = current(docs=docs)
    public = public_meetings(docs).get(lang, {})
    said: dict[str, list[Said]] = {k: [] for k in orgs}
    for date in sorted(meetings, reverse=True):
        if date not in public:
            continue
        m: MeetingLinks = meetings[date]
        folder = docs / "reunions" / date
        sections: dict[str, tuple[str, str]] = {}
        path = folder / f"{m.record}.{lang}.md"
        if path.exists():
            sections.update(record_sections(path))
        has_p = (folder / f"{m.priorities_page}.{lang}.md").exists()
        for anchor, iv in m.interventions.items():
            heading, text = sections.get(anchor, ("", ""))
            said[iv.org].append(Said(date, anchor, m.record, heading or orgs[iv.org].label("name", lang),
                                     first_words(text), list(iv.priorities),
                                     m.priorities_page if has_p else ""))
    return orgs, said


def priority_feeds(docs: Path, lang: str) -> dict[str, tuple[str, str]]:
    """{priority id: (date, lead line)} of every priority some published intervention
    supports, its wording from the latest meeting that has it: what its feed follows."""
    _, meetings = current(docs=docs)
    public = public_meetings(docs).get(lang, {})
    out: dict[str, tuple[str, str]] = {}
    for date in sorted(meetings, reverse=True):
        m = meetings[date]
        if date not in public:
            continue
        supported = {p for iv in m.interventions.values() for p in iv.priorities}
        snippet = docs / "_snippets" / f"{m.priorities_snippet}.{lang}.md"
        pending = None
        for line in shown(snippet).read_text(encoding="utf-8").splitlines() if snippet.exists() else []:
            div = PRIORITY_DIV.match(line)
            if div:
                pending = div.group(1)
            elif pending and line.strip():
                if pending in supported and pending not in out:
                    out[pending] = (date, plain(re.sub(r"\s*:\s*$", "", line.strip())))
                pending = None
    return dict(sorted(out.items(), key=lambda kv: pnum(kv[0])))


FEEDS_T = {
    "fr": {"title": "Suivre avec un lecteur de flux",
           "intro": "Un lecteur de flux (Atom) signale chaque nouvelle publication : chaque page d’organisation "
                    "a le sien ; le <a href=\"{site}\" type=\"application/atom+xml\">flux des comptes rendus</a> "
                    "annonce chaque réunion. Les interventions qui soutiennent une priorité, d’une réunion à "
                    "l’autre (par numéro de priorité) :",},
    "en": {"title": "Follow with a feed reader",
           "intro": "A feed reader (Atom) tells you of each new publication: each organisation’s page has its "
                    "own feed; the <a href=\"{site}\" type=\"application/atom+xml\">feed of the minutes</a> "
                    "announces each meeting. The interventions that support a priority, from one meeting to the "
                    "next (by priority number):",},
}


def feeds_section(docs: Path, lang: str, page_dir: str) -> str:
    """The feeds to follow, for the organisations index (hooks/organisations.py)."""
    t = FEEDS_T[lang]
    # from the page's URL (docs/organisations.LANG.md -> organisations/) to its language's root
    up = "../" * (1 + (page_dir.count("/") + 1 if page_dir else 0))
    # the priority's wording is in its feed's title; here, its number (the page stays light)
    links = " · ".join(f'<a href="{up}feeds/priorites/{p}.xml" type="application/atom+xml">{p.upper()}</a>'
                       for p in priority_feeds(docs, lang))
    return f"## {t['title']} {{ #flux }}\n\n" + t["intro"].format(site=f"{up}feed.xml") + f" {links}\n"


# --- the pages ----------------------------------------------------------------------------

def pages_of(said: list[Said]) -> list[tuple[str, int, list[Said]]]:
    """[(year, n, interventions)]: the newest year first, each year cut between meetings
    into pages of at most PAGE_SIZE interventions (n = 1, 2…)."""
    years: dict[str, list[Said]] = {}
    for s in said:
        years.setdefault(s.date[:4], []).append(s)
    out = []
    for year, items in years.items():
        chunk: list[Said] = []
        n = 1
        for date in dict.fromkeys(s.date for s in items):
            meeting = [s for s in items if s.date == date]
            if chunk and len(chunk) + len(meeting) > PAGE_SIZE:
                out.append((year, n, chunk))
                chunk, n = [], n + 1
            chunk += meeting
        out.append((year, n, chunk))
    return out


def page_path(key: str, index: int, year: str, n: int) -> str:
    """Docs path (without language) of a page: organisations/KEY, …/KEY/YYYY, …/KEY/YYYY/N."""
    if index == 0:
        return f"{FOLDER}/{key}"
    return f"{FOLDER}/{key}/{year}" + ("" if n == 1 else f"/{n}")


def _rel(src_dir: str, target: str) -> str:
    """posixpath.relpath for two clean paths under docs/, without its
    os.getcwd() and abspath (thousands of links a build)."""
    a, b = src_dir.split("/"), target.split("/")
    i = 0
    while i < len(a) and i < len(b) and a[i] == b[i]:
        i += 1
    return "/".join([".."] * (len(a) - i) + b[i:]) or "."


def feed_href(lang: str, kind: str, key: str) -> str:
    """Site path of a feed: feeds/organisations/KEY.xml, en/feeds/priorites/p3.xml."""
    return ("" if lang == DEFAULT_LANG else f"{lang}/") + f"feeds/{kind}/{key}.xml"


def page_markdown(key: str, org: Organisation, said: list[Said], lang: str, index: int,
                  pages: list[tuple[str, int, list[Said]]]) -> str:
    t = T[lang]
    name = org.label("name", lang)
    year, n, items = pages[index] if pages else ("", 1, [])
    path = page_path(key, index, year, n)
    src_dir = path.rsplit("/", 1)[0]
    here = lambda target: _rel(src_dir, target)   # noqa: E731
    suffix = "" if index == 0 else t["desc_year"].format(year=year if n == 1 else t["page_n"].format(year=year, n=n))
    title = t["title"].format(name=name) + ("" if index == 0 else suffix)
    out = [f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n"
           f"description: {json.dumps(t['desc'].format(name=name, year=suffix), ensure_ascii=False)}\n"
           f"organisation: {key}\n---\n\n# {name}{'' if index == 0 else suffix}"
           f"{WEIGHT if index == 0 else ''}\n"]
    short = org.label("short", lang)
    facts = [t["kind"][org.kind]]
    if short != name:
        facts.append(t["short"].format(short=short))
    if said:
        meetings = len({s.date for s in said})
        facts.append(t["count1"] if len(said) == 1 else
                     t["countm"].format(n=len(said)) if meetings == 1 else
                     t["count"].format(n=len(said), m=meetings))
    else:
        facts.append(t["none"])
    out.append(" ".join(facts) + "\n")
    # raw HTML: MkDocs would refuse a Markdown link to a file outside docs/
    feed = "../" * (path.count("/") + 1) + f"feeds/organisations/{key}.xml"
    out.append(f'<p class="org-feed"><a href="{feed}" type="application/atom+xml">{t["feed"]}</a> '
               f'{t["feed_help"].format(name=html.escape(name))}</p>\n')
    if len(pages) > 1:
        # every year (its first page), and the other pages of this page's year:
        # the line grows by one link a year, not one a page
        links = []
        for i, (y, k, _) in enumerate(pages):
            if k != 1 and y != year:
                continue
            label = y if k == 1 else t["page_n"].format(year=y, n=k)
            if i == index:
                links.append(f"**{label}**")
            else:
                links.append(f"[{label}]({here(page_path(key, i, y, k) + '.md' if i else FOLDER + '/' + key + '.md')})")
        out.append(f"{t['pages']} : " if lang == "fr" else f"{t['pages']}: ")
        out[-1] += " · ".join(links) + "\n"
    for date in dict.fromkeys(s.date for s in items):
        day = format_date(dt.date.fromisoformat(date), lang)
        out.append(f"## [{MEETING[lang].format(date=day)}]({here(f'reunions/{date}/index.md')}) {{ #r{date} }}\n")
        for s in (s for s in items if s.date == date):
            num = NUMBER[lang].format(n=intervention_number(s.anchor))
            line = f"- [{s.speaker}, {num}]({here(f'reunions/{date}/{s.page}.md')}#{s.anchor})"
            if s.excerpt:
                words = html.escape(s.excerpt, quote=False)
                line += f' — <span class="org-excerpt">{"« " + words + " »" if lang == "fr" else "“" + words + "”"}</span>'
            if s.priorities and s.priorities_page:
                label = t["takes_up"] if org.kind == "government" else t["supports"]
                ps = ", ".join(f"[{p.upper()}]({here(f'reunions/{date}/{s.priorities_page}.md')}#{p})"
                               for p in sorted(s.priorities, key=pnum))
                line += f"  \n  {label} {ps}"
            out.append(line)
        out.append("")
    out.append(f"[{t['this']}]({here(FOLDER + '.md')})\n")
    return "\n".join(out)


# --- MkDocs events ------------------------------------------------------------------------

_MADE: dict[Path, dict] = {}   # docs -> made_pages(docs), made once for both languages' builds
_FEEDS: dict[str, list] = {}  # lang -> feeds to write after the build


def _file(config, path: str, lang: str, content: str) -> File:
    f = File.generated(config, f"{path}.{lang}.md", content=content)
    f.dest_uri = ("" if lang == DEFAULT_LANG else f"{lang}/") + f"{path}/index.html"
    f.locale, f.localization, f.norm_src_uri = lang, lang, f"{path}.md"   # as static-i18n's own files
    # page-level checks of other hooks (dates, glossary) read a source file: the organisations index
    f.abs_src_path = str(Path(config.docs_dir) / f"{FOLDER}.{lang}.md")
    return f


def made_pages(docs: Path) -> dict[str, dict[str, str]]:
    """{docs path: {lang: Markdown}} of every organisation page."""
    if docs not in _MADE:
        _MADE[docs] = _made_pages(docs)
    return _MADE[docs]


def _made_pages(docs: Path) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for lang in LANGS:
        orgs, said = interventions(docs, lang)
        for key, org in orgs.items():
            pages = pages_of(said[key]) if said[key] else []
            for i in range(max(1, len(pages))):
                y, n, _ = pages[i] if pages else ("", 1, [])
                out.setdefault(page_path(key, i, y, n), {})[lang] = page_markdown(key, org, said[key], lang, i,
                                                                                     pages)
    return out


@event_priority(-110)   # after static-i18n (-100), as hooks/meetings.py's year pages
def on_files(files, config):
    i18n = config.plugins.get("i18n")
    lang = getattr(i18n, "current_language", DEFAULT_LANG)
    docs = Path(config.docs_dir)
    for path, by_lang in made_pages(docs).items():
        made = {code: _file(config, path, code, text) for code, text in by_lang.items()}
        for f in made.values():
            f.alternates, f.locale_alternate_of = made, lang
        if lang in made:
            files.append(made[lang])
    return files


def is_org_page(page) -> bool:
    return bool(page.file.generated_by) and page.file.src_uri.startswith(FOLDER + "/")


_GIT: dict[str, str] = {}   # repository path -> date of its last commit, read once a build
_BY_DATE: dict[str, list[str]] = {}   # meeting date -> the paths of _GIT under docs/reunions/DATE/, sorted


_ORGS: dict = {}   # data/organisations.yml as read once a build


def on_pre_build(config):
    _ORGS.clear()
    if config.theme["language"] == DEFAULT_LANG:   # the first of static-i18n's builds: read again
        _SAID.clear()
        _MADE.clear()
        _GIT.clear()
        _GIT.update({k: day for k, (_, day) in (git_last_commits(ROOT, "data", "docs/reunions") or {}).items()})
        _BY_DATE.clear()
        for path in sorted(_GIT):
            parts = path.split("/")
            if len(parts) > 3 and parts[:2] == ["docs", "reunions"]:
                _BY_DATE.setdefault(parts[2], []).append(path)


def sources(page_html: str, lang: str) -> list[str]:
    """Repository paths a page is made of: the organisations' data, and each
    listed meeting's data file and record pages."""
    out = ["data/organisations.yml"]
    for date in dict.fromkeys(re.findall(r'<h2 id="r(\d{4}-\d\d-\d\d)"', page_html)):
        out.append(f"data/meetings/{date}.yml")
        out += [p for p in _BY_DATE.get(date, []) if p.startswith(f"docs/reunions/{date}/compte-rendu")
                and p.endswith(f".{lang}.md")]
    return out


def on_page_context(context, page, config, nav):
    if not is_org_page(page):
        return context
    lang = page_lang(page.file.src_uri)
    # the sitemap's date (hooks/seo.py reads it next): the last change of what the page is made of
    dates = [_GIT[p] for p in sources(page.content or "", lang) if p in _GIT]
    if dates:
        page.meta["lastmod"] = max(dates)
    base = _edit_base(config)
    if base:   # the page's text is data: its edit link opens it
        page.edit_url = base + "data/organisations.yml"
        from edit import T as ET
        page.edit_sources = sentence([
            Source("data/organisations.yml", ET[lang]["text"]),
            Source(None, ET[lang]["orgs_meetings"], shown=f"data/meetings/{ET[lang]['date']}.yml")], lang)
    key = page.meta.get("organisation")
    if "value" not in _ORGS:
        _ORGS["value"] = current(docs=Path(config.docs_dir))[0]
    orgs = _ORGS["value"]
    context["org_feed"] = {"href": config.site_url + feed_href(lang, "organisations", key),
                           "title": T[lang]["feed_org"].format(name=orgs[key].label("name", lang))}
    return context


def on_post_build(config):
    """The organisations' and priorities' feeds of the language just built."""
    lang = config.theme["language"]
    site = Path(config.site_dir)
    docs = Path(config.docs_dir)
    t = T[lang]
    orgs, said = interventions(docs, lang)
    meta = public_meetings(docs).get(lang, {})
    prefix = config.site_url + ("" if lang == DEFAULT_LANG else f"{lang}/")
    # a feed is as new as its newest entry; an empty one, as the latest minutes
    latest = max((m.report_date for m in meta.values()), default=dt.date(2013, 1, 1))
    updated = lambda items: max((meta[s.date].report_date for s in items), default=latest)  # noqa: E731
    day = lambda s: format_date(dt.date.fromisoformat(s.date), lang)   # noqa: E731

    host = urlsplit(config.site_url).netloc or "localhost"

    def entry(s: Said, title: str) -> atom.Entry:
        # the id names the meeting and the anchor, not the page: it stays when a record is split or joined
        return atom.Entry(id=f"tag:{host},{s.date}:{lang}/{s.anchor}", title=title,
                          url=f"{prefix}reunions/{s.date}/{s.page}/#{s.anchor}",
                          updated=meta[s.date].report_date, summary=s.excerpt)

    for key, org in orgs.items():
        name = org.label("name", lang)
        items = said[key]
        atom.write(site / feed_href(lang, "organisations", key), lang=lang,
                   title=f"{config.site_name} — {t['feed_org'].format(name=name)}",
                   self_url=config.site_url + feed_href(lang, "organisations", key),
                   page_url=f"{prefix}{FOLDER}/{key}/", author=config.site_author, updated=updated(items),
                   entries=[entry(s, t["entry"].format(date=day(s), speaker=s.speaker)) for s in items])
    by_p: dict[str, list[Said]] = {}
    for items in said.values():
        for s in items:
            for p in s.priorities:
                by_p.setdefault(p, []).append(s)
    leads = priority_feeds(docs, lang)
    for p, items in by_p.items():
        items.sort(key=lambda s: (s.date, intervention_number(s.anchor)), reverse=True)
        P = p.upper() + (f" ({leads[p][1]})" if p in leads else "")
        atom.write(site / feed_href(lang, "priorites", p), lang=lang,
                   title=f"{config.site_name} — {t['feed_p'].format(P=P)}",
                   self_url=config.site_url + feed_href(lang, "priorites", p),
                   page_url=f"{prefix}reunions/", author=config.site_author, updated=updated(items),
                   entries=[entry(s, t["entry_p"].format(date=day(s), speaker=s.speaker, P=p.upper())) for s in items])
