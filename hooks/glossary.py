"""Acronyms: tooltips in the page's own language, the glossary page, checks.

Data: data/glossary.fr.yml and data/glossary.en.yml (same terms and anchors).
- Every page is made with its own language's glossary as Python-Markdown's
  abbreviations (the abbr extension's `glossary` option, set just before the
  page is rendered: as `*[PJJ]: Protection judiciaire de la jeunesse` lines
  would, without Markdown reading them again on every page; a page's own
  definition of a glossary term now wins over the glossary's),
  so each acronym becomes <abbr title="…">, shown as a tooltip on hover,
  focus or tap by docs/assets/js/tooltips.js (one tooltip, made on demand;
  not Material's content.tooltips, which builds one per acronym at load).
  The first <abbr> of each acronym is a keyboard stop (focusable_first_abbr).
  Code spans are left alone by the abbr extension.
- `<!-- glossary -->` in docs/glossaire.LANG.md is replaced by the glossary.
- The build fails, naming file and line, when a page (or a snippet it
  includes) uses an acronym-like word that has no entry, or links to a
  glossary anchor (glossaire.md#xyz) that does not exist.
"""
from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path
from typing import Optional

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from common import DATA, DOCS, LANGS, BuildError, line_of, load_yaml, page_lang, rel


class Alias(BaseModel):
    model_config = ConfigDict(extra="forbid")
    term: str = Field(min_length=2)
    title: Optional[str] = None          # tooltip; defaults to the entry's expansion


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    term: str = Field(min_length=2)
    anchor: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    expansion: str = Field(min_length=3)
    note: Optional[str] = None
    aliases: list[Alias] = []


class Glossary(BaseModel):
    model_config = ConfigDict(extra="forbid")
    not_acronyms: list[str] = []
    entries: list[Entry]

    def tooltips(self) -> dict[str, str]:
        """{written form: tooltip} for every term and alias."""
        out = {}
        for e in self.entries:
            out[e.term] = e.expansion
            for a in e.aliases:
                out[a.term] = a.title or e.expansion
        return out

    def anchors(self) -> set[str]:
        return {e.anchor for e in self.entries}


def glossary_path(lang: str, data: Path = DATA) -> Path:
    return data / f"glossary.{lang}.yml"


def load_glossaries(data: Path = DATA) -> dict[str, Glossary]:
    out, problems = {}, []
    for lang in LANGS:
        path = glossary_path(lang, data)
        try:
            raw = load_yaml(path.read_text(encoding="utf-8"))
            out[lang] = Glossary.model_validate(raw)
        except FileNotFoundError:
            problems.append(f"{rel(path)}:1: glossary file missing")
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            problems.append(f"{rel(path)}:{mark.line + 1 if mark else 1}: invalid YAML: {err}")
        except ValidationError as err:
            for e in err.errors():
                loc = list(e["loc"])
                n = 1
                if len(loc) >= 2 and loc[0] == "entries" and isinstance(loc[1], int):
                    entries = (raw or {}).get("entries") or []
                    term = entries[loc[1]].get("term") if loc[1] < len(entries) and isinstance(entries[loc[1]], dict) else None
                    n = line_of(path, rf"^\s*-\s*term:\s*\"?{re.escape(str(term))}\"?\s*$") if term else 1
                problems.append(f"{rel(path)}:{n}: {'.'.join(map(str, loc))}: {e['msg']}")
    if problems:
        raise BuildError(problems)
    # both languages must explain the same acronyms, under the same anchors
    for lang in LANGS:
        path = glossary_path(lang, data)
        seen: set[tuple[str, str]] = set()
        for e in out[lang].entries:
            for field, key in (("term", e.term), ("anchor", e.anchor)):
                if (field, key) in seen:
                    n = line_of(path, rf"^\s*-?\s*{field}:\s*\"?" + re.escape(key) + r"\"?\s*$")
                    problems.append(f"{rel(path)}:{n}: {field} '{key}' appears twice")
                seen.add((field, key))
    fr, en = out["fr"], out["en"]
    pairs_fr = {(e.term, e.anchor) for e in fr.entries}
    pairs_en = {(e.term, e.anchor) for e in en.entries}
    for lang, mine, other in (("fr", pairs_fr, pairs_en), ("en", pairs_en, pairs_fr)):
        path = glossary_path(lang, data)
        other_lang = "en" if lang == "fr" else "fr"
        for term, anchor in sorted(mine - other):
            n = line_of(path, rf"^\s*-\s*term:\s*\"?{re.escape(term)}\"?\s*$")
            problems.append(f"{rel(path)}:{n}: '{term}' (anchor '{anchor}') has no matching entry in "
                            f"{rel(glossary_path(other_lang, data))}")
    if problems:
        raise BuildError(problems)
    return out


# --- finding acronyms in Markdown source ----------------------------------------

# 2+ capitals, possibly dotted (F.I.T, CHRS); not part of a longer word or a file name
ACRONYM = re.compile(r"(?<![\w.])[A-Z](?:\.?[A-Z])+(?![\w]|\.\w)")
CAPITALS = re.compile(r"[A-Z]\.?[A-Z]")  # what every acronym contains; stripping below only adds spaces
ROMAN = re.compile(r"^(?=[IVXLC])C{0,3}(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_STRIP = [
    re.compile(r"<!--.*?-->"),                 # HTML comments
    re.compile(r"(`+).+?\1"),                  # inline code
    re.compile(r"<[^>]*>"),                    # HTML tags and their attributes, autolinks
    re.compile(r"\]\([^)]*\)"),                # link and image targets
    re.compile(r"^\s*\[[^\]]+\]:\s*\S+.*$"),   # reference definitions
    re.compile(r"\b(?:https?|mailto|ftp):\S+"),  # bare URLs
    re.compile(r"\S+@\S+\.\w+"),               # e-mail addresses
    re.compile(r"\{[:#.][^}]*\}|\{ [^}]*\}"),  # attribute lists
    re.compile(r"^\*\[[^\]]*\]:.*$"),          # abbreviation definitions
    re.compile(r"^\s*-{1,2}8<-{1,2}.*$"),      # snippet includes
]
SNIPPET = re.compile(r"^\s*-{1,2}8<-{1,2}\s+[\"']([^\"']+)[\"']\s*$")
GLOSSARY_LINK = re.compile(r"\]\(\s*(?:\.\./|\./)*glossaire(?:\.(?:fr|en))?\.md#([^)\s\"']+)")


def _body_lines(text: str) -> list[tuple[int, str]]:
    """(line number, text) of the lines readers see as prose: no front matter, no code."""
    lines = text.splitlines()
    out, start = [], 0
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() in ("---", "..."):
                start = i + 1
                break
    fence = None
    for i in range(start, len(lines)):
        line = lines[i]
        m = _FENCE.match(line)
        if fence:
            if m and m.group(1) == fence:
                fence = None
            continue
        if m:
            fence = m.group(1)
            continue
        out.append((i + 1, line))
    return out


def unknown_acronyms(text: str, known: set[str]) -> list[tuple[int, str]]:
    found = []
    for n, line in _body_lines(text):
        if not CAPITALS.search(line):   # no acronym here, before or after stripping
            continue
        for rx in _STRIP:
            line = rx.sub(" ", line)
        for m in ACRONYM.finditer(line):
            tok = m.group(0)
            if tok not in known and not ROMAN.match(tok):
                found.append((n, tok))
    return found


def glossary_links(text: str) -> list[tuple[int, str]]:
    return [(n, m.group(1)) for n, line in _body_lines(text) for m in GLOSSARY_LINK.finditer(line)]


def check_text(text: str, shown: str, lang: str, glossary: Glossary) -> list[str]:
    """Problems in one Markdown file, as 'docs/path:LINE: message'."""
    data_file = rel(glossary_path(lang))
    known = set(glossary.tooltips()) | set(glossary.not_acronyms)
    known |= {part for term in known for part in term.split("-")}   # WAI-ARIA: WAI, ARIA
    problems = [f"{shown}:{n}: acronym '{tok}' has no entry in {data_file} "
                f"(add it there and in the other language's file, or list it under not_acronyms)"
                for n, tok in unknown_acronyms(text, known)]
    anchors = glossary.anchors()
    problems += [f"{shown}:{n}: link to glossary entry '#{a}', but {data_file} has no entry with anchor '{a}'"
                 for n, a in glossary_links(text) if a not in anchors]
    return problems


# --- rendering ------------------------------------------------------------------

def abbr_glossary(glossary: Glossary) -> dict[str, str]:
    """{acronym: tooltip} for the abbr extension's `glossary` option: what a
    `*[TERM]: tooltip` line in every page would define, without Markdown
    reading those lines again on every page."""
    out = {}
    for term, title in glossary.tooltips().items():
        title = " ".join(title.split())
        if term.strip() and title and title not in ('""', "''"):   # as the abbr extension reads a definition
            out[term.strip()] = title
    return out


def _sort_key(term: str) -> str:
    plain = unicodedata.normalize("NFKD", term).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", plain.lower())


LABELS = {
    "fr": {"aliases": "Autre graphie dans les textes :", "label": "Sigles et développements"},
    "en": {"aliases": "Also written in the texts:", "label": "Acronyms and expansions"},
}


def glossary_html(glossary: Glossary, lang: str) -> str:
    t = LABELS[lang]
    items = []
    for e in sorted(glossary.entries, key=lambda e: _sort_key(e.term)):
        dd = [f'<dd class="glossary-expansion">{html.escape(e.expansion)}</dd>']
        if e.note:
            dd.append(f'<dd class="glossary-note">{html.escape(e.note)}</dd>')
        if e.aliases:
            names = ", ".join(f"<span>{html.escape(a.term)}</span>" for a in e.aliases)
            dd.append(f'<dd class="glossary-note">{t["aliases"]} {names}</dd>')
        items.append(f'<div class="glossary-entry" id="{e.anchor}">'
                     f'<dt><a class="glossary-term" href="#{e.anchor}">{html.escape(e.term)}</a></dt>'
                     f'{"".join(dd)}</div>')
    return f'<dl class="glossary" aria-label="{t["label"]}">\n' + "\n".join(items) + "\n</dl>\n"


# --- MkDocs events -----------------------------------------------------------------

_GLOSSARIES: dict[str, Glossary] = {}
_CHECKED: set[Path] = set()


def on_pre_build(config):
    _GLOSSARIES.clear()
    _GLOSSARIES.update(load_glossaries())
    _CHECKED.clear()


def _check_page(page, config) -> None:
    lang = page_lang(page.file.src_path)
    glossary = _GLOSSARIES[lang]
    docs = Path(config.docs_dir)
    path = Path(page.file.abs_src_path)
    text = path.read_text(encoding="utf-8")
    problems = check_text(text, f"docs/{page.file.src_path}", lang, glossary)
    # snippets included by the page are checked once each, under their own name
    base = docs / "_snippets"
    for _, line in _body_lines(text):
        m = SNIPPET.match(line)
        if not m:
            continue
        snippet = (base / m.group(1)).resolve()
        if not snippet.is_relative_to(base.resolve()):   # hooks/inputs.py has refused it
            continue
        if snippet in _CHECKED or not snippet.exists():
            continue
        _CHECKED.add(snippet)
        s_lang = page_lang(snippet.name)
        problems += check_text(snippet.read_text(encoding="utf-8"), f"docs/{snippet.relative_to(docs.resolve()).as_posix()}",
                               s_lang, _GLOSSARIES[s_lang])
    if problems:
        raise BuildError(problems)


def on_page_markdown(markdown, page, config, files):
    if not _GLOSSARIES:   # e.g. a hook test that skips on_pre_build
        on_pre_build(config)
    _check_page(page, config)
    lang = page_lang(page.file.src_path)
    glossary = _GLOSSARIES[lang]
    if "<!-- glossary -->" in markdown:
        markdown = markdown.replace("<!-- glossary -->", glossary_html(glossary, lang))
    # the Markdown of this page is made next (page.render), with the glossary of its language
    config.mdx_configs.setdefault("abbr", {})["glossary"] = abbr_glossary(glossary)
    return markdown


_TOKENS = re.compile(r'<a\b[^>]*>|</a>|<abbr title="([^"]*)">([^<]+)</abbr>')


def focusable_first_abbr(html_text: str) -> str:
    """Each acronym is explained once a page, as typography does it.

    - Keyboard users reach the tooltip too: the first <abbr> of each acronym
      outside a link gets tabindex="0" (only the first, to keep the Tab path
      short; never one inside a link, which is focusable already and may not
      nest tab stops).
    - The expansion (title) stays on the first <abbr> of each acronym and on
      its keyboard stop; later ones are a bare <abbr>, whose tooltip
      assets/js/tooltips.js takes from the first. Repeating the title on every
      use weighed up to 0.9 KB a page.
    """
    titled: set[str] = set()
    stops: set[str] = set()
    in_link = 0

    def repl(m):
        nonlocal in_link
        token, title, term = m.group(0), m.group(1), m.group(2)
        if term is None:                      # <a …> or </a>
            in_link = in_link + 1 if token.startswith("<a") else max(0, in_link - 1)
            return token
        stop = not in_link and term not in stops
        first = term not in titled
        titled.add(term)
        if stop:
            stops.add(term)
            return f'<abbr tabindex="0" title="{title}">{term}</abbr>'
        return token if first else f"<abbr>{term}</abbr>"
    return _TOKENS.sub(repl, html_text)


def on_page_content(html_text, page, config, files):
    return focusable_first_abbr(html_text)
