"""What is published is checked, not what was written: every page, as the
browser will receive it, goes through an allowlist sanitiser.

After every other hook and the templates have run (on_post_page, priority
-100: last), the page's final HTML is cleaned twice by nh3 (ammonia, whose
parser is html5ever, the WHATWG algorithm browsers follow): once with the
allowlist below, once keeping everything the page contains. If the two
differ, sanitising would change the page, and the build fails, naming the
source file and, where it can be found, the line. The check runs in a
process of its own, beside the build (on the other core); the build waits
for every page's verdict at its end and fails there, with every unsafe page
(`make serve` checks each page as it renders it).

- The article (`<article>…</article>`: the author's content, as Markdown
  and the hooks made it) gets the strict list CONTENT_TAGS/CONTENT_ATTRS.
- The theme's markup around it is trusted, but checked too with a list made
  of the elements and attributes Material and overrides/ use today
  (THEME_TAGS/THEME_ATTRS), so that a template change cannot open a hole:
  an inline script runs only if it is one of KNOWN_SCRIPTS.

Everywhere: no event attribute, no `style` attribute or element, no script
but the theme's, no comment that browsers could end elsewhere (`<!-->`,
markup inside a comment), no CDATA, no SVG/MathML scripting or animation,
no URL scheme but http(s), mailto, tel and relative links, and nothing
loaded from another site (src, srcset, poster, data, stylesheets); links to
other sites stay allowed. Each page also gets a Content-Security-Policy
<meta> that allows exactly its own inline scripts (by hash).

Also, so that every bad input names its line: MkDocs's warnings about a
broken link or anchor ("Doc file 'x.md' contains a link 'y.md', but…") are
prefixed with docs/x.md:LINE: where the link is written.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import html
import logging
import queue
import re
from pathlib import Path

import nh3
from urllib.parse import urlsplit
from mkdocs.plugins import event_priority

from common import BuildError, rel

# --- the allowlists ---------------------------------------------------------------

CONTENT_TAGS = {
    "a", "abbr", "article", "aside", "b", "blockquote", "br", "caption", "cite", "code", "col",
    "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "nav", "ol",
    "p", "pre", "q", "s", "samp", "section", "small", "span", "strong", "sub", "summary", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
    "svg", "path",  # the theme's icons inside the article (edit button); no script, no animation
    "button",       # Copy link / Cite (hooks/cite.py): no form, no URL, no handler; cite.js answers
}
GLOBAL_ATTRS = {"class", "id", "title", "lang", "dir", "role", "tabindex", "hidden", "translate",
                "data-pagefind-ignore"}   # search skips generated notes (edit sources, translation marks)
CONTENT_ATTRS = {
    "a": {"href", "hreflang", "rel", "download", "type"},
    "img": {"src", "alt", "width", "height", "srcset", "sizes", "loading", "decoding"},
    "ol": {"start", "reversed", "type"}, "li": {"value"},
    "td": {"colspan", "rowspan", "headers", "align"},
    "th": {"colspan", "rowspan", "headers", "scope", "align", "abbr"},
    "col": {"span"}, "colgroup": {"span"}, "time": {"datetime"}, "details": {"open"},
    "del": {"datetime"}, "ins": {"datetime"},
    "svg": {"viewBox", "xmlns", "width", "height", "aria-hidden", "focusable"}, "path": {"d"},
    "article": {"data-pagefind-body", "data-pagefind-meta", "data-title"},  # hooks/search.py
    "div": {"data-cite-collective", "data-cite-meeting", "data-cite-page", "data-for"},  # hooks/cite.py
    "button": {"type", "aria-label", "data-cite"},     # hooks/cite.py
    "span": {"data-pagefind-filter", "data-pagefind-meta", "data-value"},   # hooks/search_filters.py
    "h1": {"data-pagefind-weight"},                   # an organisation's page ranks first for its name
}
# Search attributes take only the values the hooks write (no other filter, no
# other attribute read, a plain number as weight).
ATTR_VALUES = {
    "data-pagefind-filter": re.compile(r"(?:organisation|year|kind)\[data-value\]"),
    "data-pagefind-weight": re.compile(r"(?:[1-9]|10)(?:\.\d)?"),
    "data-pagefind-meta": re.compile(r"title\[data-title\]|organisation\[data-value\]"),
    "data-cite": re.compile(r"link|reference"),
    "data-for": re.compile(r"[a-z0-9-]+"),   # an anchor of the page
}
# What the theme adds around the article (Material 9.8 and overrides/).
THEME_TAGS = CONTENT_TAGS | {"html", "head", "body", "title", "meta", "link", "script", "header", "footer", "main", "form",
                             "input", "label", "button"}   # the search filters' lists: built by search.js
THEME_ATTRS = {
    "meta": {"charset", "content", "name", "property", "http-equiv"},
    "link": {"href", "hreflang", "rel", "title", "type"},
    "script": {"src", "defer", "id", "type"},
    "form": {"name", "autocomplete"},
    "input": {"type", "name", "placeholder", "autocapitalize", "autocomplete", "autocorrect",
              "spellcheck", "enterkeyhint", "data-search-input"},
    "label": {"for", "data-search-open"},
    "button": {"type", "data-drawer-open"},   # site.js
    "a": {"lang"},
    "ol": {"data-search-results"},
    "div": {"data-search", "data-search-bundle", "data-search-meta"},
}
THEME_ATTR_PREFIXES = ("data-md-",)    # Material's own data attributes
LINK_RELS = {"canonical", "alternate", "icon", "stylesheet"}   # stylesheet and icon: this site only
# Inline scripts of the theme, by SHA-256 of their text with the site's base
# path (`new URL("../..",location)`) written as BASE. A new one fails the
# build until its hash is added here (hooks/ is guarded by CODEOWNERS).
KNOWN_SCRIPTS = {
    "89614d6b864bbe7884f6ad1ab21aa2216e6686af528a97cd15075dda2fe14374",  # Material: __md_scope, __md_get…
    "ffcc0f7735fdab434d257c80e65cec2e88d716991e69757185b7e450e41a5b2f",  # Material: open a tab from the URL
    "e74e08e8cfc2edf374aa2cb860c958a69c40c5332d5ef93ab2350dc66a5b6017",  # main.html: no sitemap look-up by Material
}
_BASE_IN_SCRIPT = re.compile(r'new URL\("[\w./-]*",location\)')

SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
URL_ATTRS = {"href", "src", "srcset", "poster", "cite", "data", "action", "formaction", "xlink:href",
             "background", "ping", "longdesc", "usemap", "manifest", "icon", "codebase", "archive"}
RESOURCE_ATTRS = {"src", "srcset", "poster", "data", "background"}   # fetched as the page loads
SITE_HOST = {"host": ""}   # the site's own host (site_url), set by on_config

CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'none'")

# --- URLs ---------------------------------------------------------------------------

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


def _url_parts(value: str) -> tuple[str | None, bool]:
    """(scheme, other host) of a URL as browsers read it: C0 controls and
    spaces around it and tabs and newlines inside it are dropped, and
    backslashes count as slashes."""
    url = re.sub(r"[\t\n\r]", "", value.strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r"
                                              "\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19"
                                              "\x1a\x1b\x1c\x1d\x1e\x1f "))
    m = _SCHEME.match(url)
    scheme = m.group(1).lower() if m else None
    rest = url[m.end():] if m else url
    return scheme, rest.replace("\\", "/").startswith("//")


def _urls(attr: str, value: str) -> list[str]:
    if attr in {"srcset", "ping", "archive"}:
        # "a.png 1x, b.png 2x" / space-separated ping URLs: every URL of the list
        return [p.strip().split()[0] for p in re.split(r",|\s(?=\S+:)", value) if p.strip()] or [value]
    return [value]


def url_problem(tag: str, attr: str, value: str, host: str | None = None) -> str | None:
    """Why a URL attribute may not be published, or None. host: the site's
    (SITE_HOST by default)."""
    site_host = SITE_HOST["host"] if host is None else host
    for url in _urls(attr, value):
        scheme, other_host = _url_parts(url)
        if scheme and scheme not in SAFE_SCHEMES:
            return (f"{scheme}: URL in {attr}= on <{tag}> is not allowed: \"{value.strip()[:80]}\" "
                    "(links may use http, https, mailto, tel or a relative address)")
        if tag == "link" and attr == "href":  # canonical and alternate links name the site itself
            host = urlsplit(url.strip().replace("\\", "/")).netloc.lower() if (other_host or scheme) else ""
            if host and host != site_host:
                return f"<link href=\"{value}\"> points to another site"
            continue
        if attr in RESOURCE_ATTRS and (other_host or scheme in {"http", "https"}):
            return (f"<{tag} {attr}=\"{value}\"> loads a file from another site; nothing on this site "
                    "may be loaded from elsewhere (privacy page): copy the file into the site")
    return None


# --- the check -------------------------------------------------------------------------

_TAG_NAME = re.compile(r"<([A-Za-z][^\t\n\f\r />]*)")
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_COMMENT = re.compile(r"<!--(?!-?>)(?:[^<>-]|-(?!-))*-->")
_DOCUMENT_TAGS = re.compile(r"<(html|head|body|frameset)(?=[\s/>])", re.I)
_BOGUS = re.compile(r"<!|<\?|</(?![A-Za-z])")
# Camel-case SVG names, as the HTML parser writes them.
_SVG_NAMES = {"altGlyph", "altGlyphDef", "altGlyphItem", "animateColor", "animateMotion", "animateTransform",
              "clipPath", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite",
              "feConvolveMatrix", "feDiffuseLighting", "feDisplacementMap", "feDistantLight",
              "feDropShadow", "feFlood", "feFuncA", "feFuncB", "feFuncG", "feFuncR", "feGaussianBlur",
              "feImage", "feMerge", "feMergeNode", "feMorphology", "feOffset", "fePointLight",
              "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence", "foreignObject", "glyphRef",
              "linearGradient", "radialGradient", "textPath"}


_RUN = re.compile(r"[A-Za-z0-9+.\-\t\n\r]+")   # scheme characters (browsers drop tabs and newlines)
_TOKEN = re.compile(r"[^\s<>\"'=]*")


def _schemes(text: str) -> set[str]:
    """Every scheme-like word of a text, however it is encoded (over-counts:
    the permissive pass must keep every URL the page has). Linear: each run
    before a colon is read once, backwards."""
    words: set[str] = set()
    for variant in _variants(text):
        rev = variant[::-1]
        n = len(variant)
        i = variant.find(":")
        while i >= 0:
            m = _RUN.match(rev, n - i)
            if m:
                words.add(m.group(0)[::-1])
            i = variant.find(":", i + 1)
    found = set()
    for word in words:
        word = re.sub(r"[\t\n\r]", "", word).lower()
        found.update(word[i:] for i in range(len(word)) if word[i].isalpha())
    return found


def _variants(text: str) -> list[str]:
    """The text, and its words that hold a character reference, decoded."""
    if "&" not in text:
        return [text]
    rev, n, decoded = text[::-1], len(text), []
    i = text.find("&")
    while i >= 0:
        end = _TOKEN.match(text, i).end()
        start = n - _TOKEN.match(rev, n - i).end()
        decoded.append(html.unescape(text[start:end]))
        i = text.find("&", end + 1) if end > i else text.find("&", i + 1)
    return [text, " ".join(decoded)]


@functools.lru_cache(maxsize=1 << 16)   # the same attributes on every page: judged once
def _attribute_problem(theme: bool, tag: str, attr: str, value: str, host: str) -> str | None:
    """Why an attribute may not be published ("" when its tag is refused, which
    is reported with the tag's name), or None if it may. host: the site's."""
    tags, attrs = (THEME_TAGS, THEME_ATTRS) if theme else (CONTENT_TAGS, CONTENT_ATTRS)
    if tag not in tags:   # reported with its name
        return ""
    allowed = attrs.get(tag, set()) | (CONTENT_ATTRS.get(tag, set()) if theme else set())
    ok = (attr in GLOBAL_ATTRS or attr in allowed or attr.startswith("aria-")
          or (theme and attr.startswith(THEME_ATTR_PREFIXES)))
    if attr.startswith("on"):
        return f"event attribute {attr}= on <{tag}> is not allowed"
    if not ok:
        return f"attribute {attr}= on <{tag}> is not allowed"
    if attr in ATTR_VALUES and not ATTR_VALUES[attr].fullmatch(value):
        return (f'{attr}="{value[:80]}" on <{tag}> is not allowed (search attributes take only the '
                "values the build writes)")
    if attr == "rel" and "attachment" in value.lower().split():
        return f'rel="{value}" on <{tag}> is not allowed (the PDF would embed the file)'
    if tag == "link" and attr == "rel" and not set(value.lower().split()) <= LINK_RELS:
        return f'<link rel="{value}"> is not allowed'
    if tag == "meta" and attr == "http-equiv" and value.lower() != "content-security-policy":
        return f'<meta http-equiv="{value}"> is not allowed'
    if attr in URL_ATTRS and (why := url_problem(tag, attr, value, host)):
        return why
    return None


def check_html(fragment: str, theme: bool = False) -> list[str]:
    """What an allowlist sanitiser would change in this HTML, in words; [] if nothing.

    fragment: the article (theme=False) or the page around it (theme=True).
    """
    problems: list[str] = []
    if theme:  # inline scripts: only the theme's own; then their text is left out of the rest
        def script(m):
            attrs, body = m.group(1), m.group(2)
            if body.strip():
                if re.search(r"type=[\"']?application/json", attrs):
                    if "<" in body:
                        problems.append("a JSON <script> contains '<'")
                elif (digest := hashlib.sha256(_BASE_IN_SCRIPT.sub('new URL(BASE,location)', body)
                                               .encode()).hexdigest()) not in KNOWN_SCRIPTS:
                    problems.append(f"inline <script> not known to hooks/safety.py (KNOWN_SCRIPTS, sha256 "
                                    f"{digest}): {body[:80]!r}")
            return f"<script{attrs}></script>"
        fragment = _SCRIPT.sub(script, fragment)
        fragment = re.sub(r"^<!doctype html>", "", fragment, flags=re.I)
        for m in _DOCUMENT_TAGS.finditer(fragment):  # checked here: nh3 reads a fragment, without them
            tag = fragment[m.start():fragment.find(">", m.start()) + 1]
            if re.search(r"\son|\sstyle|\sbackground", tag, re.I):
                problems.append(f"attribute not allowed in {tag}")
        for name in ("html", "head", "body"):
            if len(re.findall(rf"<{name}(?=[\s/>])", fragment, re.I)) > 1:
                problems.append(f"more than one <{name}>")
    else:
        for m in _DOCUMENT_TAGS.finditer(fragment):
            problems.append(f"<{m.group(1).lower()}> is not allowed in the content")
    comments = _COMMENT.sub("", fragment)
    for m in _BOGUS.finditer(comments):
        problems.append(f"{comments[m.start():m.start() + 12]!r}: a comment, CDATA section or processing "
                        "instruction that browsers may not read as written (comments: <!-- words -->, "
                        "without < or > inside)")
    tags, attrs = (THEME_TAGS, THEME_ATTRS) if theme else (CONTENT_TAGS, CONTENT_ATTRS)
    names = {n.lower() for n in _TAG_NAME.findall(fragment)}
    for name in sorted(names - tags - {t.lower() for t in tags}):
        problems.append(f"<{name}> is not allowed" + ("" if theme else " in the content"))

    def attribute(tag, attr, value):
        problem = _attribute_problem(theme, tag, attr, value, SITE_HOST["host"])
        if problem is None:
            return value
        if problem:
            problems.append(problem)
        return None

    # Every scheme the text could hold is let through ammonia's own URL filter,
    # so that `attribute` sees (and judges) every URL instead of ammonia
    # dropping some silently.
    options = dict(clean_content_tags=set(), strip_comments=False, link_rel=None, generic_attribute_prefixes={""},
                   url_schemes=SAFE_SCHEMES | _schemes(fragment))
    strict = nh3.clean(fragment, tags=tags, attribute_filter=attribute, **options)
    if not theme:  # the author's content: would the sanitiser change anything at all?
        every = nh3.clean(fragment, tags=names | _SVG_NAMES | tags, **options)
        if strict != every and not problems:
            i = next((i for i, (a, b) in enumerate(zip(strict, every)) if a != b), min(len(strict), len(every)))
            problems.append(f"the sanitiser would change the HTML here: {every[max(0, i - 40):i + 60]!r}")
    return list(dict.fromkeys(problems))


def split_article(page_html: str) -> tuple[str, str]:
    """(the article, the page with the article left out)."""
    start, end = page_html.find("<article"), page_html.rfind("</article>")
    if start < 0 or end < start:
        return "", page_html
    end += len("</article>")
    return page_html[start:end], page_html[:start] + page_html[end:]


def with_csp(page_html: str) -> str:
    """The page with its Content-Security-Policy <meta>, right after <meta charset>."""
    hashes = sorted({"'sha256-" + base64.b64encode(hashlib.sha256(m.group(2).encode()).digest()).decode() + "'"
                     for m in _SCRIPT.finditer(page_html)
                     if m.group(2).strip() and "application/json" not in m.group(1)})
    meta = f'<meta http-equiv=Content-Security-Policy content="{CSP.format(hashes="".join(" " + h for h in hashes))}">'
    head = re.search(r"<meta charset=[\"']?utf-8[\"']?>", page_html, re.I)
    if not head:
        raise BuildError(["the page has no <meta charset=utf-8> to put its Content-Security-Policy after"])
    return page_html[:head.end()] + meta + page_html[head.end():]


# --- where in the source ------------------------------------------------------------

_SNIPPET = re.compile(r"^\s*-{1,}8<-{1,}\s+[\"']([^\"']+)[\"']", re.M)
_QUOTED = re.compile(r"'([^']{3,})'|\"([^\"]{3,})\"|<([a-z][\w-]*)|(\b[\w:-]+)=")


def _needles(problem: str) -> list[str]:
    """What to look for in the source, most telling first: a quoted value,
    then an attribute (`onerror=`), then a tag (`<iframe`)."""
    quoted, attrs, tags = [], [], []
    for m in _QUOTED.finditer(problem):
        if m.group(3):
            tags.append("<" + m.group(3))
        elif m.group(4):
            attrs.append(m.group(4) + "=")
        else:
            quoted.append(m.group(1) or m.group(2))
    return [n for n in quoted + attrs + tags if n]


def locate(src: Path, docs: Path, problem: str) -> str:
    """'docs/page.md:LINE' where the problem is written (the page or a
    snippet it includes), or 'docs/page.md' when no line says it."""
    try:
        text = src.read_text(encoding="utf-8")
    except OSError:
        return rel(src)
    files = [(src, text)]
    base = (docs / "_snippets").resolve()
    included = [(base / name).resolve() for name in _SNIPPET.findall(text)]
    # then the other snippets of the page's language: hooks render some of them
    # into pages that do not include them (the summary's priorities)
    lang = src.name.rsplit(".", 2)[-2] if src.name.count(".") >= 2 else ""
    others = sorted(base.rglob(f"*.{lang}.md")) if lang else []
    for path in dict.fromkeys(included + others):
        if path.is_relative_to(base) and path.is_file():
            files.append((path, path.read_text(encoding="utf-8")))
    for needle in _needles(problem):
        low = needle.lower()
        for path, body in files:
            for n, line in enumerate(body.splitlines(), 1):
                if low in line.lower() or low in html.unescape(line).lower():
                    return f"{rel(path)}:{n}"
    return rel(src)


def scan_markdown(text: str) -> list[tuple[int, str]]:
    """(line, problem) for what check_html finds in one Markdown text rendered on
    its own, with the site's block extensions: scripts/import_meeting.py checks
    what it would write before writing it (the build checks it again, in place)."""
    import markdown
    body = markdown.Markdown(extensions=["abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html",
                                         "pymdownx.superfences", "pymdownx.details"]).convert(text)
    lines = text.splitlines()
    out = []
    for problem in check_html(f'<article class="md-content__inner md-typeset">{body}</article>'):
        line = next((n for needle in _needles(problem) for n, source in enumerate(lines, 1)
                     if needle.lower() in source.lower() or needle.lower() in html.unescape(source).lower()), 1)
        out.append((line, problem))
    return out


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


# --- MkDocs events ---------------------------------------------------------------

def on_config(config):
    SITE_HOST["host"] = urlsplit(config.site_url or "").netloc.lower()
    _FILTER.docs = Path(config.docs_dir)
    logger = logging.getLogger("mkdocs.structure.pages")
    if _FILTER not in logger.filters:
        logger.addFilter(_FILTER)
    return config


_PLAIN = re.compile(r"[<>\x00-\x08\x0b-\x1f\x7f]")


def on_page_markdown(markdown, page, config, files):
    """Titles and descriptions are plain text (after YAML decoding)."""
    src = Path(page.file.abs_src_path)
    for key in ("title", "description"):
        value = page.meta.get(key)
        if value is not None and (not isinstance(value, str) or _PLAIN.search(value)):
            from common import line_of
            n = line_of(src, rf"^{key}\s*:")
            raise BuildError([f"{rel(src)}:{n}: {key}: must be plain text, without '<', '>' or control "
                              "characters (it is shown in titles, tabs and link previews)"])
    return markdown


# --- the check beside the build -------------------------------------------------------
# `mkdocs build` renders pages on one core; the check runs in a process of its
# own (forked at the first build, so on the other core), page by page as they
# are published, and on_post_build waits for every verdict of the language
# just built: a page with unsafe HTML fails the build there, with every unsafe
# page of that language (`make build` builds into .cache/site.new and
# publishes nothing that failed). `make serve` checks each page as it renders it.

def page_problems(article: str, around: str, host: str) -> tuple[list[str], list[str]]:
    """(problems of the article, problems around it): check_html of each."""
    SITE_HOST["host"] = host
    return check_html(article), check_html(around, theme=True)


def _checking(tasks, verdicts) -> None:
    """The checking process: (n, article, around, host) in, (n, page_problems) out, until None."""
    for n, article, around, host in iter(tasks.get, None):
        verdicts.put((n, page_problems(article, around, host)))


_CHECKS: dict = {}   # "process", its "tasks" and "verdicts" queues, "pages": the sources, in order
_SERVING = {"on": False}


def on_startup(command, dirty):
    _SERVING["on"] = command == "serve"


def _nested(config) -> bool:
    """static-i18n's build of the other languages, run from the first build's on_post_build."""
    i18n = config.plugins.get("i18n")
    return i18n is not None and getattr(i18n, "building", False)


def on_pre_build(config):
    if _SERVING["on"] or _nested(config):
        return
    _close()
    import multiprocessing
    ctx = multiprocessing.get_context("fork")   # inherits this module: nothing to import, nothing pickled but text
    _CHECKS.update(tasks=ctx.Queue(), verdicts=ctx.Queue(), pages=[], verdicts_by_page={}, reported=0)
    _CHECKS["process"] = ctx.Process(target=_checking, args=(_CHECKS["tasks"], _CHECKS["verdicts"]),
                                     name="safety", daemon=True)
    _CHECKS["process"].start()


def _close() -> None:
    process = _CHECKS.pop("process", None)
    if process is not None:
        _CHECKS["tasks"].put(None)
        process.join(timeout=5)
        if process.is_alive():
            process.kill()
            process.join()
    _CHECKS.clear()


def _report(src: Path, docs: Path, article: list[str], around: list[str]) -> list[str]:
    return ([f"{locate(src, docs, p)}: unsafe HTML in the page as published: {p}" for p in article]
            + [f"{rel(src)}: unsafe HTML around the page's content (title, metadata or theme): {p}" for p in around])


@event_priority(-100)   # after every other hook: the page as it is published
def on_post_page(output, page, config):
    article, around = split_article(output)
    src = Path(page.file.abs_src_path)
    if "process" in _CHECKS:
        _CHECKS["tasks"].put((len(_CHECKS["pages"]), article, around, SITE_HOST["host"]))
        _CHECKS["pages"].append(src)
    else:
        problems = _report(src, Path(config.docs_dir), *page_problems(article, around, SITE_HOST["host"]))
        if problems:
            raise BuildError(problems)
    return with_csp(output)


@event_priority(-90)   # each language's pages, before static-i18n builds the next language (-100)
def on_post_build(config):
    if "process" not in _CHECKS:
        return
    pages, verdicts, process = _CHECKS["pages"], _CHECKS["verdicts_by_page"], _CHECKS["process"]
    while len(verdicts) < len(pages):
        if not process.is_alive() and _CHECKS["verdicts"].empty():
            _close()
            raise BuildError([f"hooks/safety.py: the checking process stopped (exit {process.exitcode}) "
                              "before every page was checked"])
        try:
            n, verdict = _CHECKS["verdicts"].get(timeout=1)
        except queue.Empty:
            continue
        verdicts[n] = verdict
    problems = [p for n in range(_CHECKS["reported"], len(pages)) for p in _report(pages[n], Path(config.docs_dir),
                                                                                    *verdicts[n])]
    _CHECKS["reported"] = len(pages)
    if problems:
        _close()
        raise BuildError(problems)


def on_build_error(error):
    _close()


def on_shutdown():
    _close()


@event_priority(-100)
def on_post_template(output, template_name, config):
    if not template_name.endswith(".html"):
        return output
    article, around = split_article(output)
    problems = check_html(article) + check_html(around, theme=True)
    if problems:
        raise BuildError([f"overrides/{template_name}: unsafe HTML: {p}" for p in problems])
    return with_csp(output)
