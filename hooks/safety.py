"""Unsafe raw HTML in Markdown stops the build, naming the file and the line.

Contributors may write Markdown, attribute lists (`{ #id }`) and simple HTML
(`<div markdown>`, `<sup>`, `<!-- markers -->`). Nothing that runs code or
pulls in other pages is allowed: <script>, <iframe>, <object>, <embed>,
<form>, <style> and their cousins, `on…=` event attributes, and links whose
scheme is not http, https, mailto or tel (javascript:, vbscript:, data:…).

Two checks:
- before the build, every Markdown file under docs/ (snippets included) is
  read as written, code excepted, so the message can give the line;
- after Markdown has turned each page into HTML, the HTML is checked again,
  as a safety net for anything written in a way the first check missed.

Also, so that every bad input names its line: MkDocs's warnings about a
broken link or anchor ("Doc file 'x.md' contains a link 'y.md', but…") are
prefixed with docs/x.md:LINE: where the link is written.
"""
from __future__ import annotations

import html
import logging
import re
from html.parser import HTMLParser
from pathlib import Path

from common import DEFAULT_LANG, BuildError, rel

# Elements that run code, embed other documents, submit data or restyle the site.
FORBIDDEN_TAGS = {
    "script", "noscript", "style", "link", "meta", "base",
    "iframe", "frame", "frameset", "object", "embed", "applet", "portal",
    "form", "input", "button", "textarea", "select",
}
# Attributes whose value is a URL (srcset is a list of URLs).
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster",
             "background", "cite", "data", "srcset", "ping"}
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}

_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_NOISE = re.compile(r"[\x00-\x20\x7f]+")  # browsers ignore these inside a URL


def unsafe_url(url: str) -> str | None:
    """The scheme of a URL that must not be published ('javascript'), or None."""
    for candidate in url.split(","):  # srcset: "a.png 1x, b.png 2x"
        value = _NOISE.sub("", html.unescape(candidate)).lower()
        m = _SCHEME.match(value)
        if m and m.group(1) not in SAFE_SCHEMES:
            return m.group(1)
    return None


# Start tags already parsed and found safe, as written ('<p class="x">'): the
# same text always parses to the same tag and attributes, so a page's
# hundreds of repeated tags are parsed once per build, not once per use.
_SAFE_TAGS: set[str] = set()


class _Scanner(HTMLParser):
    """Collects (line, problem) for every unsafe tag or attribute."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []

    def parse_starttag(self, i):
        end = self.check_for_whole_start_tag(i)
        if end >= 0 and self.rawdata[i:end] in _SAFE_TAGS:
            return end  # nothing to report, and no state to change (never script or style)
        before = len(self.found)
        k = super().parse_starttag(i)
        if k >= 0 and len(self.found) == before and self.cdata_elem is None:
            if len(_SAFE_TAGS) > 100_000:
                _SAFE_TAGS.clear()
            _SAFE_TAGS.add(self.rawdata[i:k])
        return k

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        if tag in FORBIDDEN_TAGS:
            self.found.append((line, f"<{tag}> is not allowed in the content"))
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append((line, f"event attribute {name}= on <{tag}> is not allowed"))
            elif name in URL_ATTRS and value and (scheme := unsafe_url(value)):
                self.found.append((line, f"{scheme}: link in {name}= on <{tag}> is not allowed "
                                         f"(use http, https, mailto or tel)"))

    handle_startendtag = handle_starttag


# --- Markdown source -------------------------------------------------------------

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1")
# [text](url "title"), ![alt](url), [id]: url — the URL part.
_MD_INLINE = re.compile(r"\]\(\s*<?([^)>\s]*)")
_MD_REFDEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(\s|$)")


def _without_code(text: str) -> list[str]:
    """The lines of a Markdown file with fenced code and code spans blanked out
    (code is shown as text, never run), keeping line numbers."""
    out, fence = [], None
    for line in text.splitlines():
        m = _FENCE.match(line)
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            out.append("")
        elif m:
            fence = m.group(1)
            out.append("")
        else:
            out.append(_CODE_SPAN.sub(lambda s: " " * len(s.group(0)), line))
    return out


def scan_markdown(text: str) -> list[tuple[int, str]]:
    """(line, problem) for every unsafe construct in a Markdown text."""
    lines = _without_code(text)
    scanner = _Scanner()
    scanner.feed("\n".join(lines) + "\n")
    scanner.close()
    found = list(scanner.found)
    for n, line in enumerate(lines, 1):
        urls = _MD_INLINE.findall(line)
        m = _MD_REFDEF.match(line)
        if m:
            urls.append(m.group(1))
        for url in urls:
            if scheme := unsafe_url(url):
                found.append((n, f"{scheme}: link is not allowed (use http, https, mailto or tel)"))
    return sorted(set(found))


def scan_tree(docs: Path) -> list[str]:
    """'file:line: problem' for every Markdown file under docs/ (snippets too)."""
    problems = []
    for path in sorted(docs.rglob("*.md")):
        for line, problem in scan_markdown(path.read_text(encoding="utf-8")):
            problems.append(f"{rel(path)}:{line}: unsafe HTML: {problem}")
    return problems


# --- line numbers in MkDocs's link warnings ----------------------------------------

_LINK_WARNING = re.compile(r"^Doc file '([^']+)' contains an? (?:\w+ )*?link '([^']+)'")


class _LinkLines(logging.Filter):
    docs = Path("docs")

    def filter(self, record):
        m = _LINK_WARNING.match(record.getMessage())
        if m:
            path, target = self.docs / m.group(1), m.group(2)
            needles = (f"]({target}", f"]( {target}", f"]: {target}", f'href="{target}"')
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except OSError:
                lines = []
            n = next((i for i, line in enumerate(lines, 1) if any(x in line for x in needles)), None)
            where = f"{rel(path)}:{n}" if n else rel(path)
            record.msg, record.args = f"{where}: {record.getMessage()}", ()
        return True


_FILTER = _LinkLines()


def on_config(config):
    _FILTER.docs = Path(config.docs_dir)
    logger = logging.getLogger("mkdocs.structure.pages")
    if _FILTER not in logger.filters:
        logger.addFilter(_FILTER)
    return config


# --- MkDocs events ---------------------------------------------------------------

def on_pre_build(config):
    if config.theme["language"] != DEFAULT_LANG:  # static-i18n builds French, then English: scan once
        return
    problems = scan_tree(Path(config.docs_dir))
    if problems:
        raise BuildError(problems)


def on_page_content(html_text, page, config, files):
    scanner = _Scanner()
    scanner.feed(html_text)
    scanner.close()
    if scanner.found:
        path = Path(config.docs_dir) / page.file.src_path
        raise BuildError([f"{rel(path)}: unsafe HTML in the page as built: {problem}"
                          for _, problem in sorted(set(scanner.found))])
    return html_text
