"""Edit links open the file that holds the page's text, and a page made of
several files says which file holds which part.

A page's Markdown file may hold little of what the reader sees: a
`--8<-- "x.fr.md"` line includes a snippet (docs/_snippets/), and a marker
(`<!-- glossary -->`) is replaced by a hook with text from data/ or from the
front matter of other pages. So:
- the edit link ("Modifier cette page" / "Edit this page", in the page's
  language) opens the file that holds the page's text: the page's own file,
  unless a snippet only this page includes, or the data file a marker
  renders as the page's text (glossary, organisations), holds more of it, or
  the own file is only a title and an introduction to it (no section of its
  own): the priorities page -> its snippet, the glossary ->
  data/glossary.LANG.yml. Front matter of other
  pages (the meetings listing, the home page's latest meeting) is named,
  never opened: no single file holds a listing;
- every other source is named in one line at the end of the article
  (`edit_sources`, overrides/partials/content.html): the included passages
  (under which heading), what each marker is made from (MARKERS), and the
  lines hooks/priorities.py writes from data/meetings/DATE.yml (the "Raised by"
  lines of priority blocks, the "Supports priorities" lines of interventions).
It is all read from the page's file, its includes and its markers: a new
page, snippet or meeting needs nothing here; a new marker gets a line in
MARKERS.

The repository is set once, by repo_url in mkdocs.yml (environment variable
REPO_URL overrides it); the branch and folder come from edit_uri.
Pages made by hooks (no source file) get no edit link.
"""
from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Callable, NamedTuple, Optional
from urllib.parse import quote

import yaml

from common import MEETING_PAGE, load_yaml, page_lang, tree
from typography import french_html

LABELS = {"fr": "Modifier cette page", "en": "Edit this page"}

INCLUDE = re.compile(r'^[ \t]*--8<--[ \t]+"([^"]+)"[ \t]*$', re.M)
MARKER = re.compile(r"^[ \t]*<!--[ \t]*([a-z-]+)[ \t]*-->[ \t]*$", re.M)
HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*(?:\{[^{}]*\})?[ \t]*$")
FRONT = re.compile(r"\A---[ \t]*\n.*?\n---[ \t]*\n", re.S)
PRIORITY_DIV = re.compile(r'<div\b[^>]*\bclass="[^"]*\bpriority\b[^"]*"[^>]*\bid="p\d+"')
INTERVENTION = re.compile(r"^#{2,6}[ \t].*\{[^}]*#(i\d+-[a-z0-9-]+)[^}]*\}[ \t]*$", re.M)

# The words of the line, in each language: "Où modifier : texte, X ; …".
# {f} is a file. Short, and files are not links (the edit button links the
# main one): the heaviest page (priorities) has about 300 bytes left under
# the 30 KB budget of scripts/bench.py.
T = {
    "fr": {
        "lead": "Où modifier : ",
        "text": "texte, {f}",
        "intro": "titre et introduction, {f}",
        "passage": "passage sous « {h} », {f}", "passages": "passages sous « {h} », {f}",
        "included": "passage inclus, {f}", "included_many": "passages inclus, {f}",
        "and": " et ",
        "raised": "liens « Soulevée par », {f}",
        "supports": "lignes « Priorités soutenues », {f}",
        "orgs_meetings": "interventions de chaque organisation, {f} (un fichier par réunion)",
        "meetings": "chaque réunion de la liste, l’en-tête de sa page {f}",
        "latest": "« {h} », l’en-tête de {f}",
        "priorities": "liste des priorités, {f}",
        "by_org": "liste par organisation, {f}",
        "rgaa": "résultats de l’audit, {f}",
        "date": "AAAA-MM-JJ",
    },
    "en": {
        "lead": "Where to edit: ",
        "text": "text, {f}",
        "intro": "title and introduction, {f}",
        "passage": "passage under “{h}”, {f}", "passages": "passages under “{h}”, {f}",
        "included": "included passage, {f}", "included_many": "included passages, {f}",
        "and": " and ",
        "raised": "“Raised by” links, {f}",
        "supports": "“Supports priorities” lines, {f}",
        "orgs_meetings": "each organisation’s interventions, {f} (one file per meeting)",
        "meetings": "each meeting in the list, the front matter of its page {f}",
        "latest": "“{h}”, the front matter of {f}",
        "priorities": "list of priorities, {f}",
        "by_org": "list by organisation, {f}",
        "rgaa": "audit results, {f}",
        "date": "YYYY-MM-DD",
    },
}


class Source(NamedTuple):
    path: Optional[str]    # repository path of a file (a link), or None for a pattern
    text: str              # the words, with {f} for the file
    weight: int = 0        # characters of the page's text it holds; 0: never the edit link's file
    shown: str = ""        # how the file is written when it is a pattern
    under: Optional[str] = None  # an included snippet: the heading above its --8<-- line ("" for none)


class Context(NamedTuple):
    root: Path             # the repository
    docs: str              # docs folder, relative to root
    src: str               # the page's file, relative to docs
    lang: str
    heading: str           # the heading above the marker
    files: object          # MkDocs Files: the pages of this build


def _size(path: Path) -> int:
    try:
        return len(path.read_text(encoding="utf-8"))
    except OSError:
        return 0


def _meeting(ctx: Context) -> Optional[str]:
    m = MEETING_PAGE.match(ctx.src)
    return m.group(1) if m else None


_DATA: dict[Path, dict] = {}   # data/meetings/DATE.yml, read once a build
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _meeting_data(ctx: Context, date: str) -> dict:
    path = ctx.root / "data" / "meetings" / f"{date}.yml"
    if path not in _DATA:
        try:
            data = load_yaml(path.read_text(encoding="utf-8"), SafeLoader)
        except (OSError, yaml.YAMLError):   # meeting_data.py reports it
            data = None
        _DATA[path] = data if isinstance(data, dict) else {}
    return _DATA[path]


def _glossary(ctx):
    path = f"data/glossary.{ctx.lang}.yml"
    return [Source(path, T[ctx.lang]["text"], _size(ctx.root / path))]


def _organisations(ctx):
    return [Source("data/organisations.yml", T[ctx.lang]["text"], _size(ctx.root / "data/organisations.yml")),
            Source(None, T[ctx.lang]["orgs_meetings"], shown=f"data/meetings/{T[ctx.lang]['date']}.yml")]


def _meetings_list(ctx):
    return [Source(None, T[ctx.lang]["meetings"], shown=f"{ctx.docs}/reunions/{T[ctx.lang]['date']}/index.{ctx.lang}.md")]


def _latest(ctx):
    pages = [f.src_uri for f in ctx.files.documentation_pages()
             if re.fullmatch(rf"reunions/\d{{4}}-\d\d-\d\d/index\.{ctx.lang}\.md", f.src_uri)]
    if not pages:
        return []
    return [Source(f"{ctx.docs}/{max(pages)}", T[ctx.lang]["latest"].replace("{h}", ctx.heading))]


def _priorities_list(ctx):
    date = _meeting(ctx)
    snippet = _meeting_data(ctx, date).get("priorities_snippet") if date else None
    if not snippet:
        return []
    return [Source(f"{ctx.docs}/_snippets/{snippet}.{ctx.lang}.md", T[ctx.lang]["priorities"])]


def _record_contents(ctx):
    """The contents lists the page's own headings; the list by organisation comes from data/."""
    date = _meeting(ctx)
    return [Source(f"data/meetings/{date}.yml", T[ctx.lang]["by_org"])] if date else []


# What each marker is made of. A new marker gets a line here.
MARKERS: dict[str, Callable[[Context], list[Source]]] = {
    "glossary": _glossary,
    "organisations-index": _organisations,
    "meetings-list": _meetings_list,
    "latest-meeting": _latest,
    "priorities-list": _priorities_list,
    "record-contents": _record_contents,
    "rgaa-status": lambda ctx: [Source("data/accessibilite/grille.yml", T[ctx.lang]["rgaa"])],
    "rgaa-remaining": lambda ctx: [],   # the same grid, named once (rgaa-status)
    "rgaa-sample": lambda ctx: [],
    # translation-status: made from git history; no file to edit
}


def _own_weight(body: str) -> int:
    """Characters of a page's own text: not its front matter, H1, includes or markers."""
    lines = [line for line in body.splitlines()
             if line.strip() and not line.startswith("# ") and not INCLUDE.match(line) and not MARKER.match(line)
             and not re.fullmatch(r"\s*\{[^{}]*\}\s*", line)]
    return sum(len(line) for line in lines)


def _heading_above(lines: list[str], index: int) -> str:
    """The heading a line is under ('' under the page's title)."""
    for line in reversed(lines[:index]):
        m = HEADING.match(line)
        if m:
            return m.group(2) if len(m.group(1)) > 1 else ""
    return ""


def _code(path: str) -> str:
    return f"<code>{html.escape(path)}</code>"


def _group_includes(items: list[Source], lang: str) -> list[Source]:
    """Included passages under the same heading in one phrase."""
    groups: dict[str, list[str]] = {}
    for s in items:
        if s.under is not None:
            groups.setdefault(s.under, []).append(s.path)
    out, done = [], set()
    for s in items:
        if s.under is None:
            out.append(s)
        elif s.under not in done:
            done.add(s.under)
            paths = groups[s.under]
            key = ("passage" if s.under else "included") + ("" if len(paths) == 1 else
                                                            ("s" if s.under else "_many"))
            files = T[lang]["and"].join(_code(p) for p in paths)
            out.append(Source(None, T[lang][key].replace("{h}", s.under).replace("{f}", files)))
    return out


def includes(docs: Path, snippets: Path) -> dict[Path, int]:
    """{snippet: how many pages include it}: a snippet several pages share is
    not one page's text (the missing-annex notice), so never its edit link's file."""
    count: dict[Path, int] = {}
    for page in tree(docs):
        if snippets in page.parents:
            continue
        for name in set(INCLUDE.findall(page.read_text(encoding="utf-8"))):
            count[snippets / name] = count.get(snippets / name, 0) + 1
    return count


def sources(root: Path, docs: str, snippets: Path, src: str, files,
            shared: Optional[dict[Path, int]] = None) -> tuple[str, list[Source]]:
    """The file the edit link opens, and every source of the page (that file first)."""
    lang = page_lang(src)
    own = f"{docs}/{src}"
    text = (root / own).read_text(encoding="utf-8")
    front = FRONT.match(text)
    body = text[front.end():] if front else text
    lines = body.splitlines()
    found: list[Source] = []
    assembled = body
    spots = sorted([*INCLUDE.finditer(body), *MARKER.finditer(body)], key=lambda m: m.start())
    for m in spots:
        n = body.count("\n", 0, m.start())          # its line, for the heading above it
        if m.re is INCLUDE:
            path = snippets / m.group(1)
            if path.is_file():
                weight = 0 if (shared or {}).get(path, 1) > 1 else _size(path)
                found.append(Source(path.relative_to(root).as_posix(), "", weight, under=_heading_above(lines, n)))
                assembled += "\n" + path.read_text(encoding="utf-8")
        elif m.group(1) in MARKERS:
            ctx = Context(root, docs, src, lang, _heading_above(lines, n), files)
            found += MARKERS[m.group(1)](ctx)
    date = MEETING_PAGE.match(src).group(1) if MEETING_PAGE.match(src) else None
    if date:
        data = _meeting_data(Context(root, docs, src, lang, "", files), date)
        path = f"data/meetings/{date}.yml"
        if data and PRIORITY_DIV.search(assembled):
            found.append(Source(path, T[lang]["raised"]))
        backed = {a for a, iv in (data.get("interventions") or {}).items() if isinstance(iv, dict) and iv.get("priorities")}
        if backed and any(f"#{a}" in assembled for a in backed) and backed & set(INTERVENTION.findall(assembled)):
            found.append(Source(path, T[lang]["supports"]))
    if not found:
        return own, []
    heaviest = max(found, key=lambda s: s.weight)
    # a file that is only a title and an introduction to the included text
    # (no section of its own) hands the edit link to that text, however short
    intro_only = not any(re.match(r"#{2,6}[ \t]", line) for line in lines)
    if heaviest.weight and (intro_only or heaviest.weight > _own_weight(body)):
        target = heaviest
        rest = [s for s in found if s is not heaviest]
        return target.path, [Source(target.path, T[lang]["text"]), Source(own, T[lang]["intro"]),
                             *_group_includes(rest, lang)]
    return own, _group_includes(found, lang)


def sentence(items: list[Source], lang: str) -> str:
    """One line: 'Où modifier : texte, X ; liens « Soulevée par », Y.' (HTML)."""
    parts = [s.text.replace("{f}", _code(s.path or s.shown)) for s in items]
    out = T[lang]["lead"] + (" ; " if lang == "fr" else "; ").join(parts) + "."
    return french_html(out) if lang == "fr" else out


def _edit_base(config) -> Optional[str]:
    """https://github.com/OWNER/REPO/edit/main/ (the repository's root in the editor)."""
    repo, edit_uri = config.repo_url, config.edit_uri
    if not repo or not edit_uri:
        return None
    docs = Path(config.docs_dir).name
    base = edit_uri.strip("/")
    if base.endswith("/" + docs):
        base = base[: -len(docs) - 1]
    return f"{repo.rstrip('/')}/{base}/"


def edit_url(config, src_uri: str) -> str | None:
    """https://github.com/OWNER/REPO/edit/main/docs/x.en.md, or None."""
    repo, edit_uri = config.repo_url, config.edit_uri
    if not repo or not edit_uri or not (Path(config.docs_dir) / src_uri).is_file():
        return None
    return f"{repo.rstrip('/')}/{edit_uri.strip('/')}/{quote(src_uri)}"


_SHARED: dict[Path, int] = {}


def on_pre_build(config):
    _SHARED.clear()
    _DATA.clear()


def on_pre_page(page, config, files):
    page.edit_url = None if page.file.generated_by else edit_url(config, page.file.src_uri)
    page.edit_sources = ""
    return page


def on_page_markdown(markdown, page, config, files):
    base = _edit_base(config)
    if not page.edit_url or not base:
        return markdown
    docs_dir = Path(config.docs_dir).resolve()
    root = Path(config.config_file_path).resolve().parent
    snippets = root / (config.mdx_configs.get("pymdownx.snippets", {}).get("base_path") or ["docs/_snippets"])[0]
    lang = page_lang(page.file.src_uri)
    if not _SHARED:
        _SHARED.update(includes(docs_dir, snippets) or {None: 0})
    target, items = sources(root, docs_dir.relative_to(root).as_posix(), snippets, page.file.src_uri, files, _SHARED)
    url = lambda path: base + quote(path)  # noqa: E731
    page.edit_url = url(target)
    page.edit_sources = sentence(items, lang) if items else ""
    return markdown


def on_page_context(context, page, config, nav):
    context["edit_label"] = LABELS.get(page_lang(page.file.src_uri), LABELS["fr"])
    context["edit_sources"] = getattr(page, "edit_sources", "")
    return context
