"""French/English translations: parity check, translation notices, status page.

- Before the build, every French page is compared with its English twin
  (hooks/parity.py, run by hooks/validate.py with the other content checks):
  a missing twin, a different heading structure, a missing anchor or a
  different number stops the build, naming the file and line; a different
  number of paragraphs in a section stops it at the end of the build.
- Every English page says, under its title, that it is a translation and
  links to the authoritative French page. When French blocks (paragraphs,
  headings, list items, table rows) changed since the translation was last
  reviewed (hooks/freshness.py, data/translations/), the page marks each of
  them in place, with a link to the same section of the French page.
- An English page marked `translation: pending` shows the French page's
  body, marked lang="fr", under a notice.
- `<!-- translation-status -->` becomes the status page: each page with
  changed blocks or a pending translation, then the number of pages in each
  state per part of the site (general pages, meetings of each year), so that
  the page stays small however many meetings the archive holds.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

import freshness
import parity
from common import DEFAULT_LANG, BuildError, page_lang, tree
from meetings import hidden_dates

MARKER = "<!-- translation-status -->"
UP_TO_DATE, NEEDS_REVIEW, PENDING, UNKNOWN = (freshness.UP_TO_DATE, freshness.NEEDS_REVIEW,
                                              freshness.PENDING, freshness.UNKNOWN)
STATES = (UP_TO_DATE, NEEDS_REVIEW, PENDING, UNKNOWN)

T = {
    "fr": {
        "page": "Page", "fr": "Français", "en": "Anglais", "state": "État",
        UP_TO_DATE: "à jour", UNKNOWN: "inconnu", PENDING: "traduction en attente",
        NEEDS_REVIEW: "à revoir : {n} passage{s} du français modifié{s}",
        "summary": ("{n} pages : {ok} à jour, {todo} à revoir ({blocks} passage{s} modifié{s}), "
                    "{pending} en attente de traduction, {unknown} d’état inconnu."),
        "todo_caption": "Pages à revoir ou en attente", "none": "Aucune page à revoir.",
        "parts_caption": "Pages par partie du site", "part": "Partie du site",
        "review": "À revoir", "pending_col": "En attente", "general": "Pages générales",
        "year": "Réunions de {year} ({n} réunion{s})",
    },
    "en": {
        "page": "Page", "fr": "French", "en": "English", "state": "State",
        UP_TO_DATE: "up to date", UNKNOWN: "unknown", PENDING: "translation pending",
        NEEDS_REVIEW: "needs review: {n} French passage{s} changed",
        "summary": ("{n} pages: {ok} up to date, {todo} needing review ({blocks} changed passage{s}), "
                    "{pending} pending translation, {unknown} unknown."),
        "todo_caption": "Pages needing review or pending", "none": "No page needs review.",
        "parts_caption": "Pages by part of the site", "part": "Part of the site",
        "review": "Needs review", "pending_col": "Pending", "general": "General pages",
        "year": "Meetings in {year} ({n} meeting{s})",
        "notice": ("This page is a translation. The French text is authoritative: "
                   '<a href="{href}" hreflang="fr">read the French original</a>.'),
        "outdated": ("<strong>The French original has changed since this translation was reviewed: "
                     "{n} passage{s} marked below may be out of date.</strong>"),
        "outdated_meta": ("<strong>The French original’s title, description or details have changed "
                          "since this translation was reviewed.</strong>"),
        "pending_notice": ("<strong>Translation pending.</strong> This page has not been translated into "
                    "English yet: the French original, which is authoritative, is shown below "
                    '(<a href="{href}" hreflang="fr">read it on the French site</a>).'),
        "changed": ('<span class="translation-changed" data-pagefind-ignore>'
                    '<a href="{href}" hreflang="fr">The French of this passage has changed</a></span>'),
        "changed_heading": ('<p class="translation-changed translation-changed--heading" data-pagefind-ignore>'
                            '<a href="{href}" hreflang="fr">The French of this heading has changed</a></p>'),
        "label": "About this translation",
    },
}

# filled once per build (static-i18n runs one MkDocs build per language)
_STATE: dict[str, freshness.State] = {}
_PAGES: list[dict] = []
_MARKS: dict[str, dict[int, str]] = {}
_BLOCKS: list[str] = []                  # blocks without their counterpart: fail the build at its end


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
    # parity problems are reported by hooks/validate.py, with the build's other problems;
    # blocks without their counterpart at the end of the build, after the errors of
    # the pages (a paragraph added in one language is often the cause of another error)
    _BLOCKS[:] = freshness.block_check(docs)
    excluded = ("_snippets/",) + tuple(f"reunions/{d}/" for d in sorted(hidden_dates(docs)))  # drafts: not built
    for fr in tree(docs, "*.fr.md"):
        rel = fr.relative_to(docs).as_posix()
        if rel.startswith(excluded):
            continue
        s = stem(rel)
        _STATE[s] = freshness.page_state(docs, fr)
        _PAGES.append({"stem": s, "fr": _title(fr), "en": _title(parity.twin(fr))})
    _PAGES.sort(key=lambda p: (p["stem"] != "index", p["stem"].split("/")[:-1], not p["stem"].endswith("index"), p["stem"]))


def _french_href(page_url: str, stem_: str, anchor: str) -> str:
    href = _href(_url(stem_, DEFAULT_LANG), page_url)
    return href + (f"#{anchor}" if anchor else "")


def _marked(lines: list[str], fr: Path, en_blocks: list, docs: Path, page, marks: dict, anchor0: str) -> None:
    """Marks, in the English lines, the blocks whose French changed (French file fr)."""
    state = freshness.file_state(docs, fr)
    if state.state != NEEDS_REVIEW:
        return
    for i in state.changed:
        if i == 0 or i >= len(en_blocks):   # the front matter: said in the notice
            continue
        n = len(marks) + 1
        if freshness.mark(lines, en_blocks[i], n):
            marks[n] = _french_href(page.url, stem(page.file.src_path), state.blocks[i].anchor or anchor0)


_H1 = re.compile(r"^#[ \t]+(.*?)[ \t]*(\{[^{}]*\})?[ \t]*$")
_COMMENT = re.compile(r"^<!--.*-->[ \t]*$")


def pending_markdown(french: str, title: str | None) -> str:
    """The Markdown of a pending English page: the French body in lang="fr"
    blocks; its title (from the English front matter, else the French) and the
    markers the hooks replace with generated English stay outside them."""
    out: list[str] = []
    chunk: list[str] = []
    fence, depth, h1_done = None, 0, False

    def flush():
        if any(x.strip() for x in chunk):
            out.extend(['<div class="translation-pending" lang="fr" markdown>', "", *chunk, "", "</div>", ""])
        chunk.clear()

    for line in french.split("\n"):
        f = freshness.FENCE.match(line)
        if fence or f:
            fence = None if (fence and f and f.group(1)[0] == fence[0]) else (fence or f.group(1))
            chunk.append(line)
            continue
        depth += line.startswith("<div") - line.startswith("</div")
        h1 = _H1.match(line)
        if depth == 0 and h1 and not h1_done:
            h1_done = True
            flush()
            if title:
                out.extend([f"# {title} {h1.group(2) or ''}".rstrip(), ""])
            else:
                out.extend([f'<div class="translation-pending" lang="fr" markdown>', "", line, "", "</div>", ""])
        elif depth == 0 and _COMMENT.match(line):
            flush()
            out.extend([line, ""])
        else:
            chunk.append(line)
    flush()
    return "\n".join(out)


def on_page_markdown(markdown, page, config, files):
    src = page.file.src_path
    if page_lang(src) == DEFAULT_LANG or stem(src) not in _STATE:
        return markdown
    docs = Path(config.docs_dir)
    fr = docs / f"{stem(src)}.fr.md"
    state = _STATE[stem(src)]
    if state.state == PENDING:
        return pending_markdown(freshness.body(fr), page.meta.get("title"))
    if state.state != NEEDS_REVIEW or _BLOCKS:   # blocks not aligned: the build fails anyway
        return markdown
    marks = _MARKS.setdefault(src, {})
    lines = markdown.split("\n")
    _marked(lines, fr, freshness.blocks(markdown), docs, page, marks, "")
    # included English snippets whose French changed: included here, marked
    for k, line in enumerate(lines):
        m = freshness.SNIPPET.match(line)
        if not m:
            continue
        snippet = docs / "_snippets" / m.group(2)
        if not snippet.exists() or freshness.file_state(docs, freshness.twin(snippet)).state != NEEDS_REVIEW:
            continue
        text = snippet.read_text(encoding="utf-8")
        body = text.split("\n")
        _marked(body, freshness.twin(snippet), freshness.blocks(text), docs, page, marks, "")
        lines[k] = "\n".join(m.group(1) + x if x.strip() else x for x in body)
    return "\n".join(lines)


def notice(state: freshness.State, href: str, front_changed: bool = False) -> str:
    """The HTML note an English page carries under its title."""
    t = T["en"]
    if state.state == PENDING:
        return (f'<aside class="translation-notice translation-notice--pending" role="note" lang="en" '
                f'aria-label="{t["label"]}"><p>{t["pending_notice"].format(href=html.escape(href))}</p></aside>')
    parts = [f'<p>{t["notice"].format(href=html.escape(href))}</p>']
    n = state.count - front_changed
    if state.state == NEEDS_REVIEW and n > 0:
        parts.append('<p class="translation-notice__outdated">'
                     + t["outdated"].format(n=n, s=_plural(n, "en")) + "</p>")
    if front_changed:
        parts.append(f'<p class="translation-notice__outdated">{t["outdated_meta"]}</p>')
    cls = "translation-notice" + (" translation-notice--outdated" if len(parts) > 1 else "")
    return f'<aside class="{cls}" role="note" aria-label="{t["label"]}">{"".join(parts)}</aside>'


def _part(stem_: str) -> str:
    """The part of the site a page belongs to: a meeting year, or '' for the other pages."""
    m = re.match(r"reunions/(\d{4})-\d{2}-\d{2}/", stem_)
    return m.group(1) if m else ""


def _row(p: dict, state: freshness.State, lang: str, page_url: str) -> str:
    """One page that needs work: its title in each language, linked, and its state."""
    t = T[lang]
    text = t[state.state].format(n=state.count, s=_plural(state.count, lang))
    links = []
    for other in ("fr", "en"):
        href = _href(_url(p["stem"], other), page_url)
        links.append(f'<td lang="{other}"><a href="{html.escape(href)}" hreflang="{other}">'
                     f'{html.escape(p[other])}</a></td>')
    return f'<tr class="translation-status--{state.state}">{"".join(links)}<td>{html.escape(text)}</td></tr>'


def _plural(n: int, lang: str) -> str:
    """'s' where the language puts a plural: 0 is singular in French, plural in English."""
    return "s" if n > 1 or (n == 0 and lang != DEFAULT_LANG) else ""


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
    counts = dict.fromkeys(STATES, 0)
    changed_blocks = 0
    parts: dict[str, dict] = {}
    todo = []
    for p in _PAGES:
        state = _STATE.get(p["stem"], freshness.State(UNKNOWN))
        counts[state.state] += 1
        changed_blocks += state.count
        part = parts.setdefault(_part(p["stem"]), {"meetings": set(), **dict.fromkeys(STATES, 0)})
        part[state.state] += 1
        if _part(p["stem"]):
            part["meetings"].add(p["stem"].split("/")[1])
        if state.state in (NEEDS_REVIEW, PENDING):
            todo.append(_row(p, state, lang, page_url))
    summary = t["summary"].format(n=len(_PAGES), ok=counts[UP_TO_DATE], todo=counts[NEEDS_REVIEW],
                                  blocks=changed_blocks, s=_plural(changed_blocks, lang),
                                  pending=counts[PENDING], unknown=counts[UNKNOWN])
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
        cells = [str(part[s]) for s in STATES]
        for k in (1, 2):
            if part[STATES[k]]:
                cells[k] = f"<strong>{cells[k]}</strong>"
        rows.append(f'<tr><th scope="row">{html.escape(name)}</th>'
                    + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    out += _table(t["parts_caption"], [t["part"], t[UP_TO_DATE].capitalize(), t["review"],
                                       t["pending_col"], t[UNKNOWN].capitalize()], rows)
    return out


_HEADING = re.compile(r'(<h([1-6])\b[^>]*?)\s*class="([^"]*)"([^>]*>.*?</h\2>)', re.S)


def _badges(html_: str, marks: dict[int, str]) -> str:
    """The marks put in the Markdown become links to the French."""
    t = T["en"]
    html_ = freshness.TOKEN_RE.sub(
        lambda m: t["changed"].format(href=html.escape(marks.get(int(m.group(1)), ""))), html_)

    def heading(m):
        found = freshness.HEADING_CLASS_RE.search(m.group(3))
        if not found:
            return m.group(0)
        rest = " ".join(c for c in m.group(3).split() if not freshness.HEADING_CLASS_RE.fullmatch(c))
        cls = f' class="{rest} translation-changed-heading"' if rest else ' class="translation-changed-heading"'
        href = html.escape(marks.get(int(found.group(1)), ""))
        return m.group(1) + cls + m.group(4) + t["changed_heading"].format(href=href)
    return _HEADING.sub(heading, html_) if "translation-changed-h" in html_ else html_


def on_page_content(html_, page, config, files):
    src = page.file.src_path
    lang = page_lang(src)
    if MARKER in html_:
        html_ = html_.replace(MARKER, status_table(lang, page.url))
    if lang != DEFAULT_LANG:
        s = stem(src)
        marks = _MARKS.pop(src, {})
        if marks:
            html_ = _badges(html_, marks)
        state = _STATE.get(s, freshness.State(UNKNOWN))
        href = _href(_url(s, DEFAULT_LANG), page.url)
        front = state.state == NEEDS_REVIEW and 0 in freshness.file_state(
            Path(config.docs_dir), Path(config.docs_dir) / f"{s}.fr.md").changed
        block = notice(state, href, front)
        head, sep, tail = html_.partition("</h1>")
        html_ = head + sep + block + tail if sep else block + html_
    return html_


@event_priority(-150)   # after static-i18n's English build (-100)
def on_post_build(config):
    if _BLOCKS:   # the last build of the run (static-i18n's English build) has rendered every page
        raise BuildError(list(_BLOCKS))
