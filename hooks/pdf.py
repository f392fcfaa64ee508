"""One PDF per meeting and language, typeset by WeasyPrint.

on_page_content keeps the HTML of every meeting page as the site built it
(all other hooks have run, French spacing included); on_post_build of the
same language assembles it into overrides/pdf/meeting.html, styled by
overrides/pdf/pdf.css with the vendored Noto fonts, and writes
<site>/pdf/compte-rendu-DATE-fr.pdf and <site>/en/pdf/compte-rendu-DATE-en.pdf.

Site chrome (permalinks, the meeting header, the "annex not available" box)
is left out; internal links become page references, external URLs are
printed. Dates come from git (or SOURCE_DATE_EPOCH), never from the clock,
so that one commit always gives the same bytes.

Each PDF renders in its own forked process, one per CPU at a time, while the
build goes on (the French PDF while the English pages are built); the last
language's on_post_build waits for them all. A fresh process per PDF keeps
the bytes independent of what else was rendered, and of in which order.
Almost all the time goes into WeasyPrint, 4 to 7.5 s of CPU for today's 27
pages (the same render, on different days of the same shared machine): the
page numbers of the contents and of the page references (target-counter)
cost it a second and a third layout pass over the 8 pages that have them
(a third of the layout; the third pass is a WeasyPrint 70.0 defect, see
README.md, Performance). The contents' dot leaders are a background
(overrides/pdf/pdf.css), not CSS leader(), which writes each dot as tagged text.
Starting the renders earlier (as soon as a language's pages have their
content) was measured to gain nothing on 2 CPUs: the English PDF cannot
start before the English pages are read, and renders beside the build slow
it down as much as they save.

A PDF is rendered again only when something it is made of changed: the
print HTML of the meeting (its pages, dates, strings), the template, styles
and fonts of overrides/pdf/, or WeasyPrint's version. .cache/pdf/ keeps the
last build's PDFs under the hash of all that (the bytes are the same as a
fresh render: rendering is deterministic); a build copies the unchanged ones
and forgets the others. `make clean` empties it.
"""
from __future__ import annotations

import datetime as dt
import functools
import gc
import hashlib
import multiprocessing
import os
import re
import shutil
import subprocess
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import jinja2
import tinyhtml5
from markupsafe import Markup
from mkdocs.plugins import get_plugin_logger

from common import DEFAULT_LANG, MEETING_PAGE, ROOT, BuildError, format_date, serving
from meetings import T, draft_dates, load_meetings, pdf_name, reading_order
from typography import french_html

log = get_plugin_logger("pdf")
PDF_DIR = ROOT / "overrides" / "pdf"
CACHE = ROOT / ".cache" / "pdf"   # the last build's PDFs, by hash of what they are made of

# Strings of the PDF only (the meeting strings come from meetings.T).
P = {
    "fr": {
        "collective": "Collectif « Ensemble contre la traite des êtres humains »",
        "running": "Ensemble contre la traite des êtres humains",
        "kind": "Compte-rendu de réunion", "language": "Version française",
        "translation": "",
        "toc": "Sommaire", "annexes": "Annexes",
        "annexes_note": "Le compte-rendu cite ces annexes par leur titre ; leurs textes n’y sont pas reproduits.",
        "contact": "Contact", "edition": "Édition du {date}", "report_date": "Date du compte-rendu",
        "page": "p.", "footer": "Réunion du {date}",
    },
    "en": {
        "collective": "The “Ensemble contre la traite des êtres humains” collective",
        "running": "“Ensemble contre la traite des êtres humains” collective",
        "kind": "Minutes of meeting", "language": "English version",
        "translation": "Translation — the French text is authoritative.",
        "toc": "Contents", "annexes": "Annexes",
        "annexes_note": "The minutes cite these annexes by title; their texts are not reproduced.",
        "contact": "Contact", "edition": "Edition of {date}", "report_date": "Date of the minutes",
        "page": "p.", "footer": "Meeting of {date}",
    },
}
CONTACT = [("01 45 49 52 21", "tel:+33145495221"),
           ("contre.la.traite@secours-catholique.org", "mailto:contre.la.traite@secours-catholique.org"),
           ("www.contrelatraite.org", "https://www.contrelatraite.org/")]
# Index sections that the PDF replaces: its own contents and annex list.
DROP_SECTIONS = {"sommaire", "annexes"}
PRIORITY = re.compile(r"--p\d+$")   # a priority's block: priorites--p3
DROP_CLASSES = {"headerlink", "meeting-header", "meeting-nav", "admonition", "md-content__button",
                "record-contents",                   # the record's contents: the PDF has its own
                "cite-source", "cite-actions",       # the Cite buttons and what they quote (hooks/cite.py)
                "translation-notice"}                # the cover says it once for the whole PDF

# {(lang, date): {slug: (url, html)}} for the language being built
_PAGES: dict[tuple[str, str], dict[str, tuple[str, str]]] = {}


# --- MkDocs events ---------------------------------------------------------------

def on_files(files, config):
    """overrides/pdf/ is the print template, not part of the site."""
    for f in list(files):
        if Path(f.abs_src_path or "").resolve().is_relative_to(PDF_DIR):
            files.remove(f)
    return files


def on_pre_build(config):
    _PAGES.clear()


def on_page_content(html, page, config, files):
    m = MEETING_PAGE.match(page.file.src_path)
    if m:
        date, slug, lang = m.groups()
        _PAGES.setdefault((lang, date), {})[slug] = (page.canonical_url or page.url, html)
    return html


# `make serve` renders no PDF (it would slow every save): the link says how to get it.
ON_DEMAND = {"fr": "PDF produit à la demande : <code>make pdf</code>",
             "en": "PDF made on request: <code>make pdf</code>"}
PDF_LINK = re.compile(r'(<a\b[^>]*href="[^"]*compte-rendu-\d{4}-\d{2}-\d{2}-([a-z]{2})\.pdf"[^>]*>.*?</a>)', re.S)


def on_post_page(output, page, config):
    if not serving():
        return output
    return PDF_LINK.sub(lambda m: f'{m.group(1)} <small class="pdf-on-demand">({ON_DEMAND.get(m.group(2), ON_DEMAND["en"])})</small>',
                        output)


def on_post_build(config):
    if serving():
        return
    meetings = load_meetings(Path(config.docs_dir)) if _PAGES else {}
    for (lang, date), pages in sorted(_PAGES.items()):
        meeting = meetings.get(lang, {}).get(date)
        if meeting is None or "index" not in pages:
            continue
        # static-i18n keeps site_dir and writes the other languages under /LANG/
        root = Path(config.site_dir) / ("" if lang == DEFAULT_LANG else lang)
        target = root / "pdf" / pdf_name(date, lang)
        _start(build_html(lang, date, meeting, pages, Path(config.docs_dir)), target)
    if _last_build(config):
        _finish_all()


def on_build_error(error):
    """A failed build (a PDF of an earlier language, or any other hook): the renders under way are stopped."""
    _abort()


def _last_build(config) -> bool:
    """static-i18n builds its default language, then the others in their order."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return True
    others = [lang for lang in i18n.build_languages if lang != i18n.default_language]
    return i18n.current_language == (others or [i18n.default_language])[-1]


# --- assembling the print document ------------------------------------------------

def git_date(paths: list[Path], fallback: dt.date) -> dt.datetime:
    """Last commit date of the meeting's files: reproducible, unlike the clock.

    The meeting's own history comes first, so that a commit elsewhere in the
    repository (SOURCE_DATE_EPOCH, set by the Makefile) leaves its PDF as it is.
    """
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%cI", "--", *map(str, paths)], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        out = ""
    if out:
        return dt.datetime.fromisoformat(out)
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return dt.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), dt.timezone.utc)
    return dt.datetime.combine(fallback, dt.time(), dt.timezone.utc)


def _parse(html: str) -> ET.Element:
    doc = tinyhtml5.parse(f"<!DOCTYPE html><body><div>{html}</div>", namespace_html_elements=False)
    root = doc.find("body/div")
    for parent in list(root.iter()):   # HTML comments (a note left in the Markdown) are not printed
        for child in list(parent):
            if child.tag is ET.Comment:
                _remove(parent, child)
    return root


def _text(el: ET.Element) -> str:
    return re.sub(r"\s+", " ", "".join(el.itertext())).strip()


def _classes(el: ET.Element) -> set[str]:
    return set(el.get("class", "").split())


def _strip(root: ET.Element) -> None:
    """Remove site-only chrome, wherever it is."""
    for parent in list(root.iter()):
        for child in list(parent):
            if _classes(child) & DROP_CLASSES:
                _remove(parent, child)


def _remove(parent: ET.Element, child: ET.Element) -> None:
    """Remove an element, keeping the text that followed it."""
    if child.tail:
        prev = _previous(parent, child)
        if prev is None:
            parent.text = (parent.text or "") + child.tail
        else:
            prev.tail = (prev.tail or "") + child.tail
    parent.remove(child)


def _previous(parent: ET.Element, child: ET.Element):
    kids = list(parent)
    i = kids.index(child)
    return kids[i - 1] if i else None


def _drop_sections(root: ET.Element, ids: set[str]) -> None:
    """Remove an h2 whose id is in ids, and everything up to the next h1/h2."""
    dropping = False
    for child in list(root):
        if child.tag in ("h1", "h2"):
            dropping = child.tag == "h2" and child.get("id") in ids
        if dropping:
            root.remove(child)


def _shift_headings(root: ET.Element, shift: int) -> None:
    for el in root.iter():
        if re.fullmatch(r"h[1-6]", el.tag):
            el.tag = f"h{min(6, int(el.tag[1]) + shift)}"


def build_html(lang: str, date: str, meeting, pages: dict[str, tuple[str, str]], docs: Path) -> str:
    t, p = T[lang], P[lang]
    order = [slug for slug in reading_order(date, lang, docs) if slug in pages]
    roots: dict[str, ET.Element] = {}
    title = ""
    for slug in order:
        root = _parse(pages[slug][1])
        _strip(root)
        if slug == "index":
            # the cover carries the title and letterhead: the PDF starts at the first h2
            h1 = root.find("h1")
            title = _text(h1) if h1 is not None else ""
            for child in list(root):
                if child.tag == "h2":
                    break
                root.remove(child)
            root.text = ""
            _drop_sections(root, DROP_SECTIONS)
        else:
            # the summary's h2 are the PDF's top level: other pages' h1 join them
            _shift_headings(root, 2 if slug.startswith("annexe-") else 1)
        for el in root.iter():
            if el.get("id"):
                el.set("id", f"{slug}--{el.get('id')}")
        roots[slug] = root

    ids = set(roots) | {"annexes", "toc"} | {el.get("id") for r in roots.values() for el in r.iter() if el.get("id")}
    urls = {urlsplit(url).path: slug for slug, (url, _) in pages.items()}
    for slug, root in roots.items():
        _links(root, pages[slug][0], urls, ids)

    body = ET.Element("main")
    annexes = None
    for slug, root in roots.items():
        if slug.startswith("annexe-"):
            if annexes is None:  # one "Annexes" part holds every annex
                annexes = ET.SubElement(body, "section", {"id": "annexes", "class": "part part-annexes"})
                ET.SubElement(annexes, "h2", {"id": "annexes-title"}).text = p["annexes"]
                ET.SubElement(annexes, "p", {"class": "annexes-note"}).text = p["annexes_note"]
            section = ET.SubElement(annexes, "div", {"id": slug, "class": "annex"})
        else:
            section = ET.SubElement(body, "section", {"id": slug, "class": f"part part-{slug}"})
        section.text = root.text
        section.extend(list(root))

    toc = [{"level": int(el.tag[1]) - 1, "id": el.get("id"), "text": _text(el)}
           for el in body.iter() if el.tag in ("h2", "h3") and el.get("id")]
    created = git_date([docs / "reunions" / date, docs / "_snippets" / date], meeting.report_date)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(PDF_DIR), autoescape=True)
    env.filters["curly"] = lambda s: str(s).replace("'", "\u2019")
    env.filters["css"] = lambda s: Markup('"{}"'.format(str(s).replace("\\", "\\\\").replace('"', '\\"')))
    footer = p["footer"].format(date=format_date(meeting.date, lang))
    draft = date in draft_dates(load_meetings(docs))   # shown only by previews (DRAFTS=1, mkdocs serve)
    if draft:
        footer += " · " + t["draft"]
    html = env.get_template("meeting.html").render(
        lang=lang, t=t, p=p, meeting=meeting, draft=draft,
        title=title or t["meeting"].format(date=format_date(meeting.date, lang)),
        date=format_date(meeting.date, lang), report_date=format_date(meeting.report_date, lang),
        edition=format_date(created.date(), lang), created=created.isoformat(), contact=CONTACT, toc=toc,
        footer=footer,
        body=Markup(ET.tostring(body, encoding="unicode", method="html")),
    )
    return french_html(html) if lang == "fr" else html


def _links(root: ET.Element, base: str, urls: dict[str, str], ids: set[str]) -> None:
    """Links to the meeting's pages -> anchors shown with their page number
    (but a priority's badge, P3: the identifier is the reference, and the
    priorities are together in one section; their page numbers, forward
    references from the summary and the record, cost WeasyPrint a layout
    pass over every page that has one); any other link -> absolute URL,
    printed after the text when it differs."""
    parents = {child: parent for parent in root.iter() for child in parent}
    for a in list(root.iter("a")):
        href = a.get("href")
        if not href:
            continue
        if len(a):   # a link's text only: WeasyPrint tags a link annotation per inline child (abbr…) outside its Link
            a.text = _text(a)
            for child in list(a):
                a.remove(child)
        absolute = urljoin(base, href)
        parts = urlsplit(absolute)
        target = urls.get(parts.path)
        if target is not None and parts.netloc == urlsplit(base).netloc:
            frag = unquote(parts.fragment)
            anchor = f"{target}--{frag}" if frag else target
            if anchor not in ids:
                anchor = {"index--annexes": "annexes", "index--sommaire": "toc"}.get(anchor, target)
            if _inside(a, anchor, parents):   # a link to its own block: a plain label on paper
                a.tag = "span"
                a.attrib.pop("href")
                continue
            a.set("href", "#" + anchor)
            if not PRIORITY.search(anchor):
                a.set("class", " ".join(sorted(_classes(a) | {"pageref"})))
            continue
        a.set("href", absolute)
        shown = re.sub(r"^(mailto:|tel:|https?://)", "", absolute).rstrip("/")
        if shown.lower() != _text(a).lower().rstrip("/"):
            a.set("data-url", shown)
        a.set("class", " ".join(sorted(_classes(a) | {"external"})))


def _inside(el: ET.Element, anchor: str, parents: dict) -> bool:
    while el is not None:
        if el.get("id") == anchor:
            return True
        el = parents.get(el)
    return False


# --- WeasyPrint, in parallel ---------------------------------------------------------

_FORK = multiprocessing.get_context("fork")
_CPUS = len(os.sched_getaffinity(0))
_RUNNING: list[tuple] = []   # (process, receiving end of its pipe, target, cache file, temporary folder)
_USED: set[str] = set()      # cache files of this build


@functools.cache
def _inputs() -> str:
    """Hash of what every PDF is made of besides its HTML: WeasyPrint's
    version, the template, styles and fonts."""
    import weasyprint

    h = hashlib.sha256(weasyprint.__version__.encode())
    for f in sorted(p for p in PDF_DIR.rglob("*") if p.is_file()):
        h.update(f.relative_to(PDF_DIR).as_posix().encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


# --- a sealed step: limits, and nothing fetched but the template's own files ---------

MAX_HTML = 8_000_000      # characters of one meeting's print document (27 pages today: 0.3 MB)
MAX_DEPTH = 80            # elements inside each other (25 today)
TIME_LIMIT = 600          # seconds of one PDF's render (about 5 s of CPU today)
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def _depth(html: str) -> int:
    depth = deepest = 0
    for m in re.finditer(r"<(/?)([a-zA-Z][\w-]*)[^>]*?(/?)>", html):
        if m.group(2).lower() in _VOID or m.group(3):
            continue
        depth = max(0, depth - 1) if m.group(1) else depth + 1
        deepest = max(deepest, depth)
    return deepest


def _where(target: Path) -> str:
    m = re.search(r"(\d{4}-\d{2}-\d{2})", target.name)
    return f"{target.name} (docs/reunions/{m.group(1)}/)" if m else target.name


def check_limits(html: str, target: Path) -> None:
    if len(html) > MAX_HTML:
        raise BuildError([f"{_where(target)}: the meeting's pages are too long for a PDF "
                          f"({len(html)} characters, at most {MAX_HTML}): split or shorten them"])
    if (depth := _depth(html)) > MAX_DEPTH:
        raise BuildError([f"{_where(target)}: the meeting's pages nest {depth} elements inside each other "
                          f"(at most {MAX_DEPTH}): flatten the lists, quotes or <div> blocks"])


def _fetcher():
    """WeasyPrint's URL fetcher: the print template's files (styles, fonts)
    and data: URLs, nothing else; a refusal stops the render."""
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    allowed = PDF_DIR.resolve()

    class Sealed(URLFetcher):
        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower()
            if scheme == "file":
                path = Path(unquote(urlsplit(url).path)).resolve()
                if path.is_relative_to(allowed) and path.is_file():
                    return super().fetch(url, headers)
            elif scheme == "data":
                return super().fetch(url, headers)
            raise FatalURLFetchingError(f"the PDF would load {url[:200]}; a PDF may use only the site's "
                                        "own files (overrides/pdf/) and data: URLs: remove it from the page")

    return Sealed(allowed_protocols={"file", "data"}, allow_redirects=False, fail_on_errors=True)


def _start(html: str, target: Path) -> None:
    import weasyprint  # noqa: F401  (imported once, before the forks)

    check_limits(html, target)

    cached = CACHE / (hashlib.sha256((_inputs() + html).encode()).hexdigest() + ".pdf")
    _USED.add(cached.name)
    if cached.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, target)
        log.info(f"{target.name}: unchanged, from .cache/pdf/")
        return
    while len(_RUNNING) >= _CPUS:
        _finish(*_RUNNING.pop(0))
    receive, send = _FORK.Pipe(duplex=False)
    tmp = tempfile.mkdtemp(prefix="pdf-render-")
    process = _FORK.Process(target=_render, args=(html, target, tmp, send), daemon=True)
    # Frozen, the build's objects are left alone by the child's garbage collector,
    # so the child copies fewer of the parent's memory pages: renders took
    # 6.9–7.1 s of CPU instead of 7.05–8.1 at 12 meetings (three runs each),
    # the same bytes.
    gc.freeze()
    try:
        process.start()
    finally:
        gc.unfreeze()
    send.close()
    _RUNNING.append((process, receive, target, cached, tmp))


def _render(html: str, target: Path, tmp: str, send) -> None:
    """In the child process: render, then report (ok, log line or error).

    WeasyPrint copies the fonts into a temporary folder that it removes only
    when its font configuration is garbage-collected, which never happens in
    a child that ends with os._exit: each render left 1.5 MB in /tmp. The
    child's temporary files go into a folder of its own (tmp), which the
    parent removes when the child has ended or been stopped."""
    start, cpu = time.perf_counter(), time.process_time()
    tempfile.tempdir = tmp
    try:
        n = write_pdf(html, target)
    except RecursionError:
        send.send((False, f"{_where(target)}: the pages nest too deeply for a PDF: flatten them"))
    except MemoryError:
        send.send((False, f"{_where(target)}: the PDF needs more memory than the build has: shorten the pages"))
    except Exception as err:  # noqa: BLE001 - reported by the parent as a BuildError
        send.send((False, f"{_where(target)}: WeasyPrint could not write the PDF: {err}"))
    else:
        send.send((True, f"{target.name}, {n} pages, {time.perf_counter() - start:.1f} s "
                         f"(CPU {time.process_time() - cpu:.1f} s)"))


def _finish(process, receive, target: Path, cached: Path, tmp: str) -> None:
    try:
        if not receive.poll(TIME_LIMIT):
            process.kill()
            process.join()
            raise BuildError([f"{_where(target)}: the PDF took more than {TIME_LIMIT} s to render and was "
                              "stopped: shorten or simplify the meeting's pages"])
        try:
            ok, message = receive.recv()
        except EOFError:
            ok, message = False, f"{target.name}: the PDF process stopped (exit code {process.exitcode})"
        process.join()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if not ok:
        raise BuildError([message])
    log.info(message)
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = cached.with_suffix(".part")
    shutil.copyfile(target, partial)
    partial.replace(cached)   # never a half-written file under a valid name


def _finish_all() -> None:
    try:
        while _RUNNING:
            _finish(*_RUNNING.pop(0))
        for old in CACHE.glob("*.pdf") if CACHE.is_dir() else []:
            if old.name not in _USED:   # no meeting of this build is made of it any more
                old.unlink()
    finally:   # after a failure, the other PDFs are not needed
        _abort()


def _abort() -> None:
    for process, _, _, _, tmp in _RUNNING:
        process.kill()
        process.join()
        shutil.rmtree(tmp, ignore_errors=True)
    _RUNNING.clear()
    _USED.clear()


def write_pdf(html: str, target: Path) -> int:
    """Render to PDF/UA-1; returns the number of pages."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from weasyprint.urls import FatalURLFetchingError

    fonts = FontConfiguration()
    fetcher = _fetcher()
    try:
        document = HTML(string=html, base_url=str(PDF_DIR / "meeting.html"),
                        url_fetcher=fetcher).render(font_config=fonts)
    except FatalURLFetchingError as err:
        raise ValueError(str(err.__cause__ or err)) from None
    if document.metadata.attachments or any(link[0] == "attachment" for page in document.pages
                                            for link in page.links):
        raise ValueError("a page has an attachment link (rel=attachment): a PDF embeds no file; remove it")
    target.parent.mkdir(parents=True, exist_ok=True)
    document.write_pdf(target, pdf_variant="pdf/ua-1")
    return len(document.pages)
