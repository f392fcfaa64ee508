"""The meeting PDFs, read back from the built site with pypdf.

Expected values come from the sources (front matter, headings of the
Markdown pages, the original minutes), never from the PDF itself.
"""
from __future__ import annotations

import html
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from pypdf import PdfReader

import archive
from conftest import DOCS, ROOT, SOURCE, html_pages
from project_copy import copy_project, make_build

sys.path.insert(0, str(ROOT / "hooks"))
from common import format_date  # noqa: E402

LANGS = ("fr", "en")
MEETINGS = [m.date for m in archive.published()]      # drafts get no public PDF
CASES = [(d, lang) for d in MEETINGS for lang in LANGS]
COLLECTIVE = "Ensemble contre la traite des êtres humains"


def norm(text: str) -> str:
    """Compare text as a reader would: no hyphenation breaks, one kind of
    space, quote and apostrophe, no accents, no punctuation."""
    text = re.sub(r"[\u2010\u00ad-]\s*\n\s*", "", text)        # hyphenated line ends
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^0-9A-Za-z']+", " ", text)
    return " ".join(text.lower().split())


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def headings(path: Path, level: int) -> list[str]:
    """Text of the Markdown headings of one level, attribute lists removed."""
    out = []
    text = path.read_text(encoding="utf-8")
    front = re.match(r"---\n.*?\n---\n", text, re.S)   # its YAML comments are no headings
    for line in text[front.end() if front else 0:].splitlines():
        m = re.match(r"^(#+)\s+(.*?)\s*(\{[^}]*\})?\s*$", line)
        if m and len(m.group(1)) == level:
            out.append(re.sub(r"[*_`]", "", m.group(2)))
    return out


def record_sources(folder: Path, lang: str) -> list[Path]:
    """The record's Markdown: one page."""
    return [folder / f"compte-rendu.{lang}.md"]


def pdf_file(site: Path, date: str, lang: str) -> Path:
    return site / ("" if lang == "fr" else "en") / "pdf" / f"compte-rendu-{date}-{lang}.pdf"


@pytest.fixture(scope="module")
def pdfs(site):
    out = {}
    for date, lang in CASES:
        path = pdf_file(site, date, lang)
        assert path.is_file(), f"{path} was not built"
        reader = PdfReader(path)
        out[date, lang] = (reader, [p.extract_text() or "" for p in reader.pages])
    return out


def outline_titles(reader: PdfReader) -> list[tuple[str, int]]:
    out = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                out.append((item.title, reader.get_destination_page_number(item)))
    walk(reader.outline)
    return out


MM = 72 / 25.4   # PDF points in a millimetre
TOC_TITLES = {"Sommaire", "Contents"}


def pdf_words(path: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    """(x0, y0, x1, y1, word) of one page, in points from its top left (pdftotext)."""
    out = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [(float(a), float(b), float(c), float(d), html.unescape(w)) for a, b, c, d, w in
            re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', out)]


def contents_pages(path: Path) -> list[tuple[int, float, list[list[tuple[float, float, float, float, str]]]]]:
    """(page number, page width, lines of words) of the contents pages: those
    whose running header is the contents' title. Lines run top to bottom,
    words left to right, inside the @page margins of pdf.css (25 mm at the
    top, 24 at the foot), the contents' own title left out."""
    out = []
    for number, page in enumerate(PdfReader(path).pages, 1):
        height = float(page.mediabox.height)
        words = pdf_words(path, number)
        if not {w for *_, y1, w in words if y1 < 25 * MM} & TOC_TITLES:
            if out:
                break
            continue
        lines: list[list] = []
        for word in sorted(words, key=lambda w: w[3]):
            if not 25 * MM < word[3] < height - 24 * MM or word[4] in TOC_TITLES:
                continue
            if lines and abs(lines[-1][0][3] - word[3]) < 1:
                lines[-1].append(word)
            else:
                lines.append([word])
        out.append((number, float(page.mediabox.width), [sorted(line) for line in lines]))
    return out


def page_number(word: tuple, width: float) -> bool:
    """A contents entry's page number: digits alone, at the right margin."""
    return word[4].isdigit() and word[0] > width / 2


def toc_entries(path: Path) -> list[tuple[str, int]]:
    """(title, page) pairs read from the contents pages, by where their text
    is on the page: a page number alone at the right margin, level with the
    last line of its title. The dot leaders between them are drawn, not
    text (see test_the_contents_dot_leaders_are_drawn_not_text)."""
    entries, title = [], []
    for _, width, lines in contents_pages(path):
        for line in lines:
            title += [word[4] for word in line if not page_number(word, width)]
            numbers = [word[4] for word in line if page_number(word, width)]
            if numbers:
                entries.append((" ".join(title), int(numbers[-1])))
                title = []
    return entries


def record_words(date: str, lang: str) -> int:
    return sum(len(re.findall(r"\w+", f.read_text(encoding="utf-8")))
               for f in record_sources(DOCS / "reunions" / date, lang) if f.exists())


@pytest.mark.parametrize("date,lang", CASES)
def test_page_count_is_sane(pdfs, date, lang):
    """A cover and contents, each document (summary, record, priorities,
    annexes) starting a page, then about 200-900 words a page, from the
    meeting's own Markdown (its pages and snippets)."""
    reader, texts = pdfs[date, lang]
    meeting = archive.Meeting(date, "final", DOCS / "reunions" / date)
    words = meeting.words(lang)
    documents = len(meeting.pages(lang))
    assert max(2, words // 900) <= len(reader.pages) <= 2 + documents + words // 200, \
        (len(reader.pages), words, documents)
    empty = [i + 1 for i, t in enumerate(texts) if not t.strip()]
    assert not empty, f"blank pages: {empty}"


@pytest.mark.parametrize("date,lang", CASES)
def test_table_of_contents_points_to_its_headings(site, pdfs, date, lang):
    reader, texts = pdfs[date, lang]
    entries = toc_entries(pdf_file(site, date, lang))
    for title, page in entries:
        assert 1 <= page <= len(texts), (title, page)
        assert norm(title)[:40] in norm(texts[page - 1]), f"TOC: '{title}' is not on page {page}"
    # down to each intervention of the full record
    toc = norm(" ".join(t for t, _ in entries))
    interventions = [h for f in record_sources(DOCS / "reunions" / date, lang) for h in headings(f, 2)]
    assert interventions and len(entries) >= len(interventions), entries
    for h in interventions:
        assert norm(h) in toc, f"intervention missing from the contents: {h}"


def pdf_pixels(path: Path, page: int, dpi: int) -> tuple[int, bytes]:
    """One page in grey levels (pdftoppm): (width in pixels, one byte a pixel)."""
    pgm = subprocess.run(["pdftoppm", "-f", str(page), "-l", str(page), "-r", str(dpi), "-gray", str(path)],
                         capture_output=True, check=True).stdout
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", pgm)
    return int(m.group(1)), pgm[m.end():]


@pytest.mark.parametrize("date,lang", CASES)
def test_the_contents_dot_leaders_are_drawn_not_text(site, pdfs, date, lang):
    """Dots lead the eye from each contents entry to its page number on
    paper, and stay out of the text: a screen reader does not read them out,
    and a copy does not pick them up. Looked for on the page as printed:
    in every gap of 20 mm or more between a title and its number."""
    reader, texts = pdfs[date, lang]
    path = pdf_file(site, date, lang)
    dpi, gaps = 144, 0
    for number, width, lines in contents_pages(path):
        assert not re.search(r"(\.\s?){4,}", texts[number - 1]), f"page {number}: dots in the text of the contents"
        columns, pixels = pdf_pixels(path, number, dpi)
        for line in lines:
            if not page_number(line[-1], width):
                continue
            x0, y0, _, y1, w = line[-1]
            left, right = max([word[2] for word in line[:-1]] or [x0]) + 2 * MM, x0 - 2 * MM
            if right - left < 20 * MM:
                continue
            gaps += 1
            dots = 0
            for row in range(int(y0 * dpi / 72), int(y1 * dpi / 72) + 1):
                strip = pixels[row * columns + int(left * dpi / 72):row * columns + int(right * dpi / 72)]
                dots = max(dots, len(re.findall(rb"[\x00-\x7f]+", strip)))   # dark runs along the row
            assert dots >= (right - left) / (4 * MM), \
                f"page {number}: {dots} dots between a title and its page number {w}, in {(right - left) / MM:.0f} mm"
    assert gaps, "no contents entry with room for a dot leader was found"


def test_a_long_contents_entry_is_not_split_across_pages(tmp_path):
    """An entry whose title runs over seven lines, near a page foot, moves to
    the next page whole: split, its first part would end in a row of dots
    with no page number."""
    import pdf
    title = " ".join(["Points sur lesquels les organisations de la société civile ont mis l’accent "
                      "concernant le contenu du Plan d’action national de lutte contre la traite"] * 4)
    entries = "".join(f'<li class="toc-2"><a href="#t{i}">E{i} {title}</a></li>' for i in range(12))
    body = "".join(f'<h2 id="t{i}">T{i}</h2>' for i in range(12))
    target = tmp_path / "toc.pdf"
    pdf.write_pdf(_doc(f'<nav class="toc"><h2>Sommaire</h2><ol>{entries}</ol></nav><main>{body}</main>'), target)
    pages = contents_pages(target)
    for number, width, lines in pages:
        starts = [word[4] for line in lines for word in line if re.fullmatch(r"E\d+", word[4])]
        numbers = [word[4] for line in lines for word in line if page_number(word, width)]
        assert len(starts) == len(numbers), f"page {number}: entries {starts}, page numbers {numbers}"
    assert len(pages) >= 2, "the contents should run over two pages"


@pytest.mark.parametrize("date,lang", CASES)
def test_outline_mirrors_the_headings(pdfs, date, lang):
    reader, texts = pdfs[date, lang]
    outline = outline_titles(reader)
    titles = [norm(t) for t, _ in outline]
    folder = DOCS / "reunions" / date
    record = record_sources(folder, lang)
    expected = (headings(record[0], 1) + [h for f in record for h in headings(f, 2)]
                + headings(folder / f"bilan.{lang}.md", 1) + headings(folder / f"bilan.{lang}.md", 2)
                + (headings(folder / f"priorites.{lang}.md", 1) if (folder / f"priorites.{lang}.md").exists() else []))
    assert len(expected) >= 3
    for h in expected:
        assert norm(h) in titles, f"no bookmark for '{h}'"
    for title, page in outline:
        assert norm(title)[:40] in norm(texts[page]), f"bookmark '{title}' points to page {page + 1}"


@pytest.mark.parametrize("date,lang", CASES)
def test_metadata_and_pdf_ua(pdfs, date, lang):
    reader, _ = pdfs[date, lang]
    meta = front_matter(DOCS / "reunions" / date / f"index.{lang}.md")["meeting"]
    info = reader.metadata
    h1 = headings(DOCS / "reunions" / date / f"index.{lang}.md", 1)[0]
    assert norm(info.title) == norm(h1)
    assert COLLECTIVE in info.author
    assert norm(info.subject) == norm(meta["subject"])
    root = reader.trailer["/Root"]
    assert root["/Lang"] == lang
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp


@pytest.mark.parametrize("date,lang", CASES)
def test_fonts_are_the_vendored_ones_and_embedded(pdfs, date, lang):
    reader, _ = pdfs[date, lang]
    fonts = {}
    for page in reader.pages:
        for ref in (page["/Resources"].get("/Font") or {}).values():
            font = ref.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            fonts[font["/BaseFont"]] = descendant["/FontDescriptor"].get_object()
    assert fonts
    for name, descriptor in fonts.items():
        assert re.search(r"\+Noto-(Serif|Sans)", name), f"font {name} is not one of overrides/pdf/fonts"
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), f"{name} not embedded"


@pytest.mark.parametrize("date,lang", CASES)
def test_dates_come_from_git_not_the_clock(pdfs, date, lang):
    reader, _ = pdfs[date, lang]
    paths = [f"docs/reunions/{date}", f"docs/_snippets/{date}"]
    out = subprocess.run(["git", "log", "-1", "--format=%cI", "--", *paths], cwd=ROOT,
                         capture_output=True, text=True).stdout.strip()
    if not out:
        pytest.skip("not a git checkout")
    stamp = re.sub(r"[-:T]", "", out[:19])   # 2013-11-05T10:00:00 -> 20131105100000
    assert reader.metadata["/CreationDate"].startswith("D:" + stamp)
    assert reader.metadata["/ModDate"] == reader.metadata["/CreationDate"]


def test_source_sentences_are_in_the_french_text(pdfs):
    """Sentences of the original minutes are in the French text layer."""
    source = (SOURCE / "compte-rendu-2013-10-18.md").read_text(encoding="utf-8")
    paragraphs = [p for p in source.split("\n\n")
                  if not p.lstrip().startswith(("#", "-", "|", "*", "1.", ">")) and len(p) > 200]
    assert len(paragraphs) > 20
    sample = paragraphs[:: max(1, len(paragraphs) // 12)]
    text = norm(" ".join(pdfs["2013-10-18", "fr"][1]))
    missing = []
    for p in sample:
        sentence = re.split(r"(?<=[.!?])\s", re.sub(r"\*\*|\*", "", p))[0]
        if norm(sentence) not in text:
            missing.append(sentence)
    assert not missing, missing


@pytest.mark.parametrize("date,lang", CASES)
def test_running_header_and_footer(pdfs, date, lang):
    reader, texts = pdfs[date, lang]
    n = len(texts)
    meeting = front_matter(DOCS / "reunions" / date / f"index.{lang}.md")["meeting"]
    footer = ("Réunion du {}" if lang == "fr" else "Meeting of {}").format(format_date(meeting["date"], lang))
    for i in (n // 2, n - 1):
        text = texts[i - 1]
        assert f"Page {i} / {n}" in text
        assert COLLECTIVE in text
        assert footer in text
    # the running header names the current section
    record = headings(DOCS / "reunions" / date / f"compte-rendu.{lang}.md", 1)[0]
    pages = [t for t in texts if norm(record) in norm(t)]
    # on each page of the record: at least its page count at 900 words a page, and its heading's page
    expected = max(1, min(3, record_words(date, lang) // 900))
    assert len(pages) >= expected, "the full record's title should run in the header of its pages"


@pytest.mark.parametrize("date,lang", CASES)
def test_cover(pdfs, date, lang):
    cover = pdfs[date, lang][1][0]
    meeting = front_matter(DOCS / "reunions" / date / f"index.{lang}.md")["meeting"]
    for value in (meeting["rapporteur"], format_date(meeting["report_date"], lang), meeting["place"],
                  "01 45 49 52 21", "contre.la.traite@secours-catholique.org", "www.contrelatraite.org"):
        assert norm(str(value)) in norm(cover), value
    if lang == "en":
        assert "Translation" in cover and "French text is authoritative" in cover
        assert "English version" in cover
    else:
        assert "Version française" in cover and "Translation" not in cover


@pytest.mark.parametrize("date", MEETINGS)
def test_french_typography_in_the_text_layer(pdfs, date):
    text = " ".join(pdfs[date, "fr"][1])
    assert "«\u202f" in text and "\u202f»" in text     # the cover names the collective « … »
    assert "\u00a0:" in text
    assert not re.search(r"\w [;!?]", text), re.search(r".{20}\w [;!?].{5}", text)
    assert "’" in text and "'" not in text, re.search(r".{30}'.{10}", text)


@pytest.mark.parametrize("date,lang", CASES)
def test_internal_links_become_page_references(site, pdfs, date, lang):
    """Every contents entry is a link inside the PDF; a link in the text
    between the meeting's pages is printed with its page number."""
    reader, texts = pdfs[date, lang]
    internal = 0
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            if a.get("/Subtype") == "/Link" and ("/Dest" in a or a.get("/A", {}).get("/S") == "/GoTo"):
                internal += 1
    assert internal >= len(toc_entries(pdf_file(site, date, lang))) > 0
    folder = DOCS / "reunions" / date
    linked = [f for f in folder.glob(f"*.{lang}.md") if f.name != f"index.{lang}.md"
              and re.search(r"\]\((?!https?:)[^)]*\.md[)#]", f.read_text(encoding="utf-8"))]
    if linked:
        assert re.search(r"\(p\.\s\d+\)", " ".join(texts)), f"links in {[f.name for f in linked]}, no (p. N)"


def test_built_pages_link_to_existing_pdfs(site):
    linked = {}
    for page in html_pages(site):
        rel = page.relative_to(site).as_posix()
        html = page.read_text(encoding="utf-8")
        for href in re.findall(r'href="([^"]+\.pdf)"', html):
            target = urlsplit(urljoin("/" + rel, href)).path
            assert (site / target.lstrip("/")).is_file(), f"{rel} links to missing {href}"
            linked.setdefault(target, set()).add(rel)
    for date, lang in CASES:
        path = ("" if lang == "fr" else "/en") + f"/pdf/compte-rendu-{date}-{lang}.pdf"
        pages = linked.get(path, set())
        assert any(p.startswith(("en/reunions/" if lang == "en" else "reunions/") + date) for p in pages), path
        if date == MEETINGS[-1]:            # the home page shows the latest meeting
            assert ("index.html" if lang == "fr" else "en/index.html") in pages, f"home page does not link {path}"


@pytest.mark.parametrize("date,lang", CASES)
def test_no_heading_stranded_at_a_page_bottom(pdfs, date, lang):
    reader, texts = pdfs[date, lang]
    titles = {norm(t) for t, _ in outline_titles(reader)}
    for i, text in enumerate(texts[1:-1], start=2):
        lines = [line for line in text.splitlines() if line.strip()]
        body = lines[:-2]      # the last two lines are the running header and the footer
        assert body, f"page {i} has no body text"
        for k in (1, 2, 3):    # a heading may wrap over up to three lines
            tail = " ".join(body[-k:])
            assert norm(tail) not in titles, f"heading '{tail}' alone at the bottom of page {i}"


# --- the PDF cache ------------------------------------------------------------------------

def test_unchanged_pdfs_are_reused_and_identical(tmp_path):
    """The first build leaves no temporary files behind. A second build
    copies the PDFs from .cache/pdf/ instead of rendering them again, byte
    for byte the same; a change to one language's pages
    renders that language's PDF again, and the cache forgets the old one."""
    root = copy_project(tmp_path / "project", pdf=True)
    pdfs = lambda: {p.relative_to(root / "site").as_posix(): p.read_bytes()  # noqa: E731
                    for p in (root / "site").rglob("*.pdf")}
    cache = root / ".cache" / "pdf"

    if not MEETINGS:
        pytest.skip("no published meeting: no PDF")
    n = 2 * len(MEETINGS)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    first = make_build(root, tmpdir=tmp)
    assert first.returncode == 0, first.stdout[-3000:]
    built = pdfs()
    assert len(built) == n and "from .cache/pdf/" not in first.stdout
    # WeasyPrint's copies of the fonts (1.5 MB a PDF) are not left behind
    left = sorted(p.name for p in tmp.iterdir() if p.name.startswith(("weasyprint-", "pdf-render-")))
    assert not left, f"the PDF renders left {left} in the temporary folder"
    assert sorted(p.read_bytes() for p in cache.glob("*.pdf")) == sorted(built.values())

    second = make_build(root)
    assert second.returncode == 0, second.stdout[-3000:]
    assert second.stdout.count("unchanged, from .cache/pdf/") == n, second.stdout[-3000:]
    assert pdfs() == built

    date = MEETINGS[0]                      # one meeting's English summary changes
    page = root / "docs" / "reunions" / date / "bilan.en.md"
    lines = page.read_text(encoding="utf-8").split("\n")   # a sentence added to its last paragraph
    last = max(i for i, line in enumerate(lines) if line[:1].isalpha())
    lines[last] += " A sentence added for the test."
    page.write_text("\n".join(lines), encoding="utf-8")
    third = make_build(root)
    assert third.returncode == 0, third.stdout[-3000:]
    assert re.search(rf"compte-rendu-{date}-fr\.pdf: unchanged, from \.cache/pdf/", third.stdout)
    assert re.search(rf"compte-rendu-{date}-en\.pdf, \d+ pages", third.stdout), third.stdout[-3000:]
    assert third.stdout.count("unchanged, from .cache/pdf/") == n - 1, third.stdout[-3000:]
    after = pdfs()
    fr, en = f"pdf/compte-rendu-{date}-fr.pdf", f"en/pdf/compte-rendu-{date}-en.pdf"
    assert after[fr] == built[fr] and after[en] != built[en]
    assert all(after[k] == built[k] for k in built if k != en), "another meeting's PDF changed"
    assert sorted(p.read_bytes() for p in cache.glob("*.pdf")) == sorted(after.values()), "old PDF kept"


def test_an_html_comment_in_a_page_is_left_out_of_the_pdf():
    import pdf
    root = pdf._parse("<h1>Titre</h1><p>a<!-- note de travail -->b</p><!-- autre --><h2 id='x'>c</h2>")
    pdf._shift_headings(root, 1)
    html = pdf.ET.tostring(root, encoding="unicode", method="html")
    assert "<!--" not in html and "<p>ab</p>" in html and "<h3 id=\"x\">c</h3>" in html, html


@pytest.mark.parametrize("date, lang", CASES)
def test_the_cover_counts_the_attendees_in_words_that_agree(pdfs, date, lang):
    """« 35 personnes », « 1 personne » / "35 people", "1 person": the number
    from the meeting's metadata, the noun in the singular for one."""
    n = archive.Meeting(date, "final", DOCS / "reunions" / date).meta(lang)["attendees"]
    noun = {"fr": ("personne", "personnes"), "en": ("person", "people")}[lang][n != 1]
    cover = " ".join(pdfs[date, lang][1][0].split())
    assert re.search(rf"(?<!\d){n} {noun}\b", cover), cover[:600]


# --- the renders beside the build -------------------------------------------------------

def _doc(body: str) -> str:
    return f'<!doctype html><html lang="fr"><head><link rel="stylesheet" href="pdf.css"></head><body>{body}</body></html>'


@pytest.fixture
def renders(tmp_path, monkeypatch):
    """hooks/pdf.py's renders, with its cache and their temporary folders in tmp_path."""
    import tempfile

    import pdf
    monkeypatch.setattr(pdf, "CACHE", tmp_path / "cache")
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    yield pdf
    pdf._abort()


def test_a_failed_render_fails_the_build_naming_the_meeting_and_leaves_nothing(renders, tmp_path):
    """One meeting's PDF cannot be made (it would load an outside file): the
    build stops with that meeting's name and the reason; MkDocs' build-error
    event stops the other renders, and no process or temporary folder is left."""
    site = tmp_path / "site" / "pdf"
    bad = site / "compte-rendu-2031-01-02-fr.pdf"
    processes = []
    with pytest.raises(renders.BuildError) as err:
        renders._start(_doc('<img src="http://127.0.0.1:9/pixel.png" alt="">'), bad)
        for day in ("03", "04", "05"):
            processes += [job[0] for job in renders._RUNNING]
            renders._start(_doc("<p>" + "Texte du compte-rendu. " * 3000 + "</p>"),
                           site / f"compte-rendu-2031-01-{day}-fr.pdf")
        processes += [job[0] for job in renders._RUNNING]
        renders._finish_all()
    renders.on_build_error(err.value)
    message = "\n".join(err.value.problems)
    assert "compte-rendu-2031-01-02-fr.pdf (docs/reunions/2031-01-02/)" in message, message
    assert "http://127.0.0.1:9/pixel.png" in message, message
    assert not bad.exists()
    assert processes and not any(p.is_alive() for p in processes)
    assert not renders._RUNNING
    assert not list((tmp_path / "tmp").iterdir()), "temporary folders left behind"


def test_a_render_over_its_time_is_stopped_and_named(renders, tmp_path, monkeypatch):
    monkeypatch.setattr(renders, "TIME_LIMIT", 0.5)
    target = tmp_path / "site" / "pdf" / "compte-rendu-2031-01-02-fr.pdf"
    renders._start(_doc("<p>" + "Texte du compte-rendu. " * 20000 + "</p>"), target)
    process = renders._RUNNING[0][0]
    with pytest.raises(renders.BuildError) as err:
        renders._finish_all()
    message = "\n".join(err.value.problems)
    assert "compte-rendu-2031-01-02-fr.pdf (docs/reunions/2031-01-02/)" in message and "0.5 s" in message, message
    assert not process.is_alive() and not target.exists()
    assert not list((tmp_path / "tmp").iterdir()), "temporary folders left behind"


def test_renders_run_one_per_cpu_and_the_cache_keeps_this_builds_only(renders, tmp_path):
    site = tmp_path / "site" / "pdf"
    targets = [site / f"compte-rendu-2031-01-0{d}-fr.pdf" for d in range(1, renders._CPUS + 2)]
    stale = tmp_path / "cache" / ("0" * 64 + ".pdf")
    stale.parent.mkdir()
    stale.write_bytes(b"%PDF-1.7 an old meeting")
    most = 0
    for i, target in enumerate(targets):
        renders._start(_doc(f"<h2>Réunion {i}</h2>" + "<p>Texte du compte-rendu.</p>" * 300), target)
        most = max(most, len(renders._RUNNING))
    assert most == renders._CPUS
    renders._finish_all()
    assert all(PdfReader(t).pages for t in targets)
    cached = sorted(p.read_bytes() for p in (tmp_path / "cache").glob("*.pdf"))
    assert cached == sorted(t.read_bytes() for t in targets), "the cache holds this build's PDFs only"
    assert not renders._RUNNING
    assert not list((tmp_path / "tmp").iterdir()), "temporary folders left behind"
