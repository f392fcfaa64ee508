"""Translations: every English page says it is one and links to the French
original; the parity check (`make check` and the build) names the file and
what differs when a pair is broken; freshness marks, block by block, what
changed in the French since the translation was reviewed (no git history
needed), and the translator's command shows and records it; a pending
translation shows the French and stays out of English search, feed and
hreflang; the status page lists every page."""
from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

import archive
from conftest import DOCS, ROOT
from project_copy import append, copy_project, mkdocs_build

sys.path.insert(0, str(ROOT / "hooks"))
import freshness  # noqa: E402
import parity  # noqa: E402
import translations  # noqa: E402

PY = sys.executable
PAGES = sorted(p.relative_to(DOCS).as_posix()[:-6] for p in DOCS.rglob("*.fr.md")
               if not p.relative_to(DOCS).as_posix().startswith("_snippets/"))


def url_of(stem: str) -> str:
    """'reunions/x/index' -> 'reunions/x/', 'a-propos' -> 'a-propos/', 'index' -> ''."""
    parts = stem.split("/")
    if parts[-1] == "index":
        parts = parts[:-1]
    return "/".join(parts) + "/" if parts else ""


class Elements(HTMLParser):
    """Flat list of [tag, attrs, text inside, depth] for every element of a
    page; no-break spaces in the text read as spaces."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items: list[list] = []
        self.open: list[list] = []

    def handle_starttag(self, tag, attrs):
        item = [tag, dict(attrs), "", len(self.open)]
        self.items.append(item)
        if tag not in ("br", "img", "meta", "link", "input", "hr", "source", "wbr"):
            self.open.append(item)

    def handle_endtag(self, tag):
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                del self.open[i:]
                break

    def handle_data(self, data):
        data = data.replace("\u00a0", " ").replace("\u202f", " ")
        for item in self.open:
            item[2] += data


def elements(path: Path) -> list[list]:
    parser = Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.items


def built(site: Path, url: str, base: str = "") -> Path:
    """The file a relative link resolves to, from the page at URL base."""
    target = (site / base / url).resolve()
    return target / "index.html" if target.is_dir() or url.endswith("/") else target


# --- the built site -------------------------------------------------------------

@pytest.mark.parametrize("stem", PAGES)
def test_english_page_says_it_is_a_translation_and_links_to_the_french(site, stem):
    page = site / "en" / url_of(stem) / "index.html"
    items = elements(page)
    # the note is the element right after the title
    h1 = next(i for i, x in enumerate(items) if x[0] == "h1")
    after = next(x for x in items[h1 + 1:] if x[3] <= items[h1][3])
    assert after[0] == "aside" and after[1].get("role") == "note", f"{page}: no translation note right after the H1"
    assert "translation-notice" in after[1]["class"].split()
    assert "This page is a translation. The French text is authoritative: read the French original." in after[2]
    note = items.index(after)
    links = [x for x in items[note + 1:] if x[0] == "a" and x[2] == "read the French original"]
    assert len(links) == 1 and links[0][1].get("hreflang") == "fr"
    french = built(site, links[0][1]["href"], f"en/{url_of(stem)}")
    assert french == (site / url_of(stem) / "index.html").resolve(), f"{stem}: links to {links[0][1]['href']}"
    assert french.exists()
    assert next(x for x in elements(french) if x[0] == "html")[1].get("lang") == "fr"


@pytest.mark.parametrize("stem", PAGES)
def test_french_page_has_no_translation_note(site, stem):
    html = (site / url_of(stem) / "index.html").read_text(encoding="utf-8")
    assert "translation-notice" not in html
    assert "This page is a translation" not in html


TODO_CAPTIONS = ("Pages à revoir ou en attente", "Pages needing review or pending")


def status(page: Path) -> dict:
    """What the status page shows: its summary line, the rows of the table of
    pages to review ([(tr, [cells])]) and the rows of the table of parts
    ([[part, up to date, to review, unknown]])."""
    items = elements(page)
    starts = [i for i, x in enumerate(items) if x[0] == "table"]
    todo, parts = [], []
    for start, end in zip(starts, starts[1:] + [len(items)]):
        table = items[start:end]
        caption = next(x[2] for x in table if x[0] == "caption")
        rows = [i for i, x in enumerate(table) if x[0] == "tr"][1:]  # after the head row
        cells = [[x for x in table[i + 1:j] if x[0] in ("td", "th")] for i, j in zip(rows, rows[1:] + [len(table)])]
        if caption in TODO_CAPTIONS:
            todo = [(table[i], c) for i, c in zip(rows, cells)]
        else:
            parts = [[x[2] for x in c] for c in cells]
    summary = next(x[2] for x in items if x[0] == "p" and "translation-status-summary" in x[1].get("class", ""))
    return {"items": items, "summary": summary, "todo": todo, "parts": parts}


SUMMARY = {
    "fr": r"^(\d+) pages : (\d+) à jour, (\d+) à revoir \((\d+) passages? modifiés?\), (\d+) en attente de "
          r"traduction, (\d+) d’état inconnu\.$",
    "en": r"^(\d+) pages: (\d+) up to date, (\d+) needing review \((\d+) changed passages?\), (\d+) pending "
          r"translation, (\d+) unknown\.$",
}
REVIEW_STATE = {"fr": r"^à revoir : (\d+) passages? du français modifiés?$",
                "en": r"^needs review: (\d+) French passages? changed$"}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_status_page_lists_the_pages_to_review_and_counts_every_page(site, lang):
    base = "traductions/" if lang == "fr" else "en/traductions/"
    page = site / base / "index.html"
    assert "<!-- translation-status -->" not in page.read_text(encoding="utf-8")
    s = status(page)
    n, ok, todo, blocks, pending, unknown = map(int, re.match(SUMMARY[lang], s["summary"]).groups())
    assert n == len(PAGES) == ok + todo + pending + unknown
    # one row per part: the general pages, then each year that has meetings, newest first
    years = sorted({m.group(1) for p in PAGES if (m := re.match(r"reunions/(\d{4})-", p))}, reverse=True)
    assert [re.search(r"\d{4}", row[0]).group() for row in s["parts"][1:]] == years
    assert s["parts"][0][0] == ("Pages générales" if lang == "fr" else "General pages")
    counts = [list(map(int, row[1:])) for row in s["parts"]]
    assert [sum(c[i] for c in counts) for i in range(4)] == [ok, todo, pending, unknown]
    assert sum(map(sum, counts[1:])) == sum(p.startswith("reunions/") and p != "reunions/index" for p in PAGES)
    # every page to review or pending is listed, with both titles linked and its count of changed blocks
    assert len(s["todo"]) == todo + pending
    if not todo + pending:
        assert ("Aucune page à revoir." if lang == "fr" else "No page needs review.") in \
            [x[2] for x in s["items"] if x[0] == "p"]
    listed = 0
    for row, cells in s["todo"]:
        if row[1].get("class") == "translation-status--needs-review":
            listed += int(re.match(REVIEW_STATE[lang], cells[2][2]).group(1))
        else:
            assert row[1].get("class") == "translation-status--pending"
    assert listed == blocks


def test_the_real_site_is_recorded_as_up_to_date():
    """Every English page and snippet has its record, and none of them is behind its French."""
    for fr in DOCS.rglob("*.fr.md"):
        state = freshness.file_state(DOCS, fr)
        assert state.state == freshness.UP_TO_DATE, f"{fr}: {state.state} {state.changed}"


def test_status_page_does_not_grow_with_the_archive(monkeypatch, tmp_path):
    """120 meetings of 6 pages, two pages to review and one pending: three rows
    listed, one row per year; the content stays a few kilobytes."""
    pages = [{"stem": s, "fr": s, "en": s} for s in ("index", "a-propos", "reunions/index")]
    for k in range(120):
        day = f"{2014 + k // 12}-{k % 12 + 1:02d}-18"
        pages += [{"stem": f"reunions/{day}/{name}", "fr": f"Réunion du {day}, {name}", "en": f"Meeting {day}, {name}"}
                  for name in ("index", "compte-rendu", "priorites", "annexe-1", "annexe-2", "annexe-3")]
    state = {p["stem"]: freshness.State(freshness.UP_TO_DATE) for p in pages}
    state["a-propos"] = freshness.State(freshness.NEEDS_REVIEW, [3])
    state["reunions/2019-05-18/priorites"] = freshness.State(freshness.NEEDS_REVIEW, [1, 4, 7])
    state["reunions/2023-12-18/annexe-1"] = freshness.State(freshness.PENDING)
    monkeypatch.setattr(translations, "_PAGES", pages)
    monkeypatch.setattr(translations, "_STATE", state)
    html = translations.status_table("en", "en/traductions/")
    assert len(html.encode()) < 5000, len(html.encode())
    page = tmp_path / "status.html"
    page.write_text(html, encoding="utf-8")
    s = status(page)
    assert s["summary"] == ("723 pages: 720 up to date, 2 needing review (4 changed passages), "
                            "1 pending translation, 0 unknown.")
    assert [(c[0][2], c[1][2], c[2][2]) for _, c in s["todo"]] == [
        ("a-propos", "a-propos", "needs review: 1 French passage changed"),
        ("Réunion du 2019-05-18, priorites", "Meeting 2019-05-18, priorites", "needs review: 3 French passages changed"),
        ("Réunion du 2023-12-18, annexe-1", "Meeting 2023-12-18, annexe-1", "translation pending")]
    assert [[x.strip() for x in row] for row in s["parts"]] == [["General pages", "2", "1", "0", "0"]] + [
        [f"Meetings in {y} (12 meetings)", "71" if y in (2019, 2023) else "72", "1" if y == 2019 else "0",
         "1" if y == 2023 else "0", "0"] for y in range(2023, 2013, -1)]


# The cases below break pages of the richest published meeting (in a copy).
MEETING = archive.largest()
if MEETING is None:
    pytest.skip("no published meeting", allow_module_level=True)
YEAR = MEETING.date[:4]


def record_page(anchor: str) -> str:
    """Path (under docs/) of the page of the full record holding a heading anchor."""
    pages = [MEETING.source("compte-rendu", "fr")]
    page = next(p for p in pages if f"{{ #{anchor} }}" in p.read_text(encoding="utf-8"))
    return str(page.relative_to(DOCS)).replace(".fr.md", "")


ANCHORS = [a for p in [MEETING.source("compte-rendu", "fr")]
           for a in re.findall(r"^## .*\{ #(i\d\d-[a-z0-9-]+) \}", p.read_text(encoding="utf-8"), re.M)]
ANCHOR = ANCHORS[len(ANCHORS) // 4]       # an intervention, not the first
I12 = record_page(ANCHOR)                 # the page holding it
I01 = record_page(ANCHORS[0])             # the page of the record's first intervention
# a snippet with priority blocks p1, p2, p3, and an English page that includes a snippet
SNIPPET = next((s.relative_to(DOCS).as_posix() for m in archive.published() for s in sorted(m.snippets.glob("*.en.md"))
                if all(f'id="p{n}"' in s.read_text(encoding="utf-8") for n in (1, 2, 3))), None)
INCLUDER = next(((p.relative_to(DOCS).as_posix(), inc) for p in sorted(MEETING.folder.glob("*.en.md"))
                 for inc in re.findall(r'^-+8<-+\s+"([^"]+\.en\.md)"', p.read_text(encoding="utf-8"), re.M)), None)


# --- parity: the real pages, then deliberately broken pairs ---------------------------

def run_check(docs: Path) -> subprocess.CompletedProcess:
    return subprocess.run([PY, "-m", "scripts", "check", str(docs)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_the_real_pages_pass_the_parity_check():
    r = run_check(DOCS)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.startswith("OK: ") and len(r.stdout.strip().splitlines()) == 1


@pytest.fixture
def docs_copy(tmp_path) -> Path:
    dst = tmp_path / "docs"
    shutil.copytree(DOCS, dst)
    return dst


def line_no(path: Path, needle: str) -> int:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(f"{needle!r} not in {path}")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def body_start(path: Path) -> int:
    """Index of the first line after the front matter."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return lines.index("---", 1) + 1


def test_missing_english_twin_is_named(docs_copy):
    (docs_copy / "glossaire.en.md").unlink()
    r = run_check(docs_copy)
    assert r.returncode == 1
    assert "docs/glossaire.en.md:1: missing English translation of docs/glossaire.fr.md" in r.stdout


def test_english_page_without_french_original_is_named(docs_copy):
    shutil.copy(docs_copy / "a-propos.en.md", docs_copy / "nouvelle-page.en.md")
    r = run_check(docs_copy)
    assert r.returncode == 1
    assert "docs/nouvelle-page.en.md:1: no French original docs/nouvelle-page.fr.md" in r.stdout


def test_removed_anchor_is_named_with_the_french_line(docs_copy):
    en = docs_copy / f"{I12}.en.md"
    fr = docs_copy / f"{I12}.fr.md"
    line = line_no(en, f"{{ #{ANCHOR} }}")
    edit(en, f" {{ #{ANCHOR} }}", "")
    r = run_check(docs_copy)
    assert r.returncode == 1
    assert (f"docs/{I12}.en.md:{line}: missing anchor #{ANCHOR} "
            f"(French line {line_no(fr, f'{{ #{ANCHOR} }}')})") in r.stdout.splitlines()


def test_removed_html_id_in_a_snippet_is_named(docs_copy):
    if SNIPPET is None:
        pytest.skip("no snippet with three priority blocks")
    en = docs_copy / SNIPPET
    edit(en, ' id="p3"', "")
    r = run_check(docs_copy)
    assert r.returncode == 1
    assert re.search(rf"^docs/{re.escape(SNIPPET)}:\d+: missing anchor #p3 \(French line \d+\)$",
                     r.stdout, re.M), r.stdout


def test_english_page_including_a_french_snippet_is_named(docs_copy):
    if INCLUDER is None:
        pytest.skip("no English meeting page includes a snippet")
    page, snippet = INCLUDER
    french = snippet.removesuffix(".en.md") + ".fr.md"
    en = docs_copy / page
    edit(en, f'"{snippet}"', f'"{french}"')
    r = run_check(docs_copy)
    assert r.returncode == 1
    line = line_no(en, f'"{french}"')
    assert (f"docs/{page}:{line}: includes the French snippet "
            f"{french}; include {snippet}") in r.stdout, r.stdout


def test_anchors_out_of_order_are_named(docs_copy):
    if SNIPPET is None:
        pytest.skip("no snippet with three priority blocks")
    en = docs_copy / SNIPPET
    edit(en, 'id="p1"', 'id="TMP"')
    edit(en, 'id="p2"', 'id="p1"')
    edit(en, 'id="TMP"', 'id="p2"')
    r = run_check(docs_copy)
    assert r.returncode == 1
    assert (f"docs/{SNIPPET}:1: anchors in a different order: "
            "English has #p2 where French has #p1") in r.stdout, r.stdout


def test_changed_number_is_named(docs_copy):
    en = docs_copy / f"{I01}.en.md"
    fr = docs_copy / f"{I01}.fr.md"
    lines = en.read_text(encoding="utf-8").splitlines()
    other = str(int(YEAR) + 18)           # the meeting's year, mistyped
    i = next(i for i in range(body_start(en), len(lines)) if re.search(rf"\b{YEAR}\b", lines[i]))
    lines[i] = re.sub(rf"\b{YEAR}\b", other, lines[i], count=1)
    en.write_text("\n".join(lines) + "\n", encoding="utf-8")
    n_fr = len(re.findall(rf"(?<![\d.,]){YEAR}(?![\d])", fr.read_text(encoding="utf-8")))
    assert other not in fr.read_text(encoding="utf-8")
    r = run_check(docs_copy)
    assert r.returncode == 1
    out = r.stdout.splitlines()
    name = f"docs/{I01}.en.md"
    assert f"{name}:{i + 1}: number {other} appears 0 times in French, once in English" in out, r.stdout
    assert any(re.match(rf"{re.escape(name)}:\d+: number {YEAR} appears {n_fr} times in French, "
                        rf"{n_fr - 1} times in English", x) for x in out), r.stdout


def test_changed_heading_level_is_named(docs_copy):
    en = docs_copy / f"{I01}.en.md"
    lines = en.read_text(encoding="utf-8").splitlines()
    start = body_start(en)
    headings = [i for i in range(start, len(lines)) if re.match(r"#{1,6} ", lines[i])]
    k, i = next((k, i) for k, i in enumerate(headings, 1) if lines[i].startswith("## "))
    lines[i] = "#" + lines[i]
    en.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = run_check(docs_copy)
    assert r.returncode == 1
    assert re.search(rf"^docs/{re.escape(I01)}\.en\.md:{i + 1}: heading level sequence "
                     rf"differs at heading {k}: fr h2 '.+' line \d+ vs en h3 '.+' line {i + 1}$",
                     r.stdout, re.M), r.stdout


def test_missing_heading_is_named(docs_copy):
    en = docs_copy / "a-propos.en.md"
    lines = en.read_text(encoding="utf-8").splitlines()
    last = max(i for i, x in enumerate(lines) if re.match(r"#{2,6} ", x))
    del lines[last]
    en.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = run_check(docs_copy)
    assert r.returncode == 1
    assert re.search(r"^docs/a-propos\.en\.md:\d+: (\d+) headings in French, (\d+) in English", r.stdout, re.M)


@pytest.mark.parametrize("fr,en", [
    ("800 000 personnes", "800,000 people"),
    ("800\u202f000 personnes", "800000 people"),
    ("1 280 pixels", "1,280 pixels"),
    ("2,5 %", "2.5%"),
    ("4ème Plan, 4<sup>e</sup> étage, 1er escalier", "4th Plan, 4<sup>th</sup> floor, 1<sup>st</sup> staircase"),
    ("de 10h00 à 12h30", "from 10:00 to 12:30"),
])
def test_equivalent_numbers_match(tmp_path, fr, en):
    (tmp_path / "p.fr.md").write_text(f"# T\n\n{fr}\n", encoding="utf-8")
    (tmp_path / "p.en.md").write_text(f"# T\n\n{en}\n", encoding="utf-8")
    assert parity.check(tmp_path) == ([], 1)


@pytest.mark.parametrize("fr,en,number", [
    ("800 000 personnes", "80,000 people", "800000"),
    ("2,5 %", "25%", "2.5"),
    ("le 4ème Plan", "the fifth Plan", "4"),
    ("version 4.1.2", "version 4.1", "4.1.2"),
])
def test_different_numbers_fail(tmp_path, fr, en, number):
    (tmp_path / "p.fr.md").write_text(f"# T\n\n{fr}\n", encoding="utf-8")
    (tmp_path / "p.en.md").write_text(f"# T\n\n{en}\n", encoding="utf-8")
    problems, _ = parity.check(tmp_path)
    assert f"{tmp_path.name}/p.en.md:3: number {number} appears once in French, 0 times in English (French line 3)" \
        in problems or any(p.startswith(f"{tmp_path.name}/p.en.md:1: number {number} appears once in French")
                           for p in problems), problems


def test_front_matter_numbers_count(tmp_path):
    (tmp_path / "p.fr.md").write_text("---\ntitle: T\ndate: 2099-01-15\n---\n\n# T\n", encoding="utf-8")
    (tmp_path / "p.en.md").write_text("---\ntitle: T\ndate: 2099-01-16\n---\n\n# T\n", encoding="utf-8")
    problems, _ = parity.check(tmp_path)
    assert f"{tmp_path.name}/p.en.md:3: number 16 appears 0 times in French, once in English" in problems


def test_a_removed_id_is_reported_once_as_an_anchor_not_as_a_number(tmp_path):
    (tmp_path / "p.fr.md").write_text('# T\n\n## A {#a1}\n\n<div id="p2">x</div>\n', encoding="utf-8")
    (tmp_path / "p.en.md").write_text('# T\n\n## A\n\n<div>x</div>\n', encoding="utf-8")
    problems, _ = parity.check(tmp_path)
    assert problems == [f"{tmp_path.name}/p.en.md:3: missing anchor #a1 (French line 3)",
                        f"{tmp_path.name}/p.en.md:3: missing anchor #p2 (French line 5)"]


def test_headings_in_code_blocks_are_ignored(tmp_path):
    (tmp_path / "p.fr.md").write_text("# T\n\n```sh\n# commentaire\n```\n\n## A\n", encoding="utf-8")
    (tmp_path / "p.en.md").write_text("# T\n\n```sh\n# comment\n```\n\n## A\n", encoding="utf-8")
    assert parity.check(tmp_path) == ([], 1)


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


def test_build_fails_on_a_broken_pair_naming_the_file(project):
    (project / "docs/mentions-legales.en.md").unlink()
    en = project / "docs" / f"{I12}.en.md"
    edit(en, f" {{ #{ANCHOR} }}", "")
    r = mkdocs_build(project)
    assert r.returncode != 0
    out = r.stdout + r.stderr
    assert "docs/mentions-legales.en.md:1: missing English translation of docs/mentions-legales.fr.md" in out
    assert re.search(rf"docs/{re.escape(I12)}\.en\.md:\d+: missing anchor #{ANCHOR}", out), out
    assert not (project / "out" / "index.html").exists()


# --- blocks: what freshness compares ------------------------------------------------------

def test_blocks_are_headings_paragraphs_list_items_and_table_rows():
    text = ('---\ntitle: T\n---\n\n# Titre { #t }\n\nUn paragraphe\nsur deux lignes.\n\n'
            '<div class="priority" id="p1" markdown>\n\nTête :\n\n- un\n- deux\n    - deux bis\n\n</div>\n\n'
            '| A | B |\n| --- | --- |\n| 1 | 2 |\n\n<!-- marker -->\n\n--8<-- "x.fr.md"\n\n'
            '!!! note "Note"\n\n    Dans la note.\n')
    got = [(b.kind, b.line, b.anchor, b.text) for b in freshness.blocks(text)]
    assert got == [
        ("front-matter", 1, "", "title: T\n"),
        ("heading", 5, "t", "# Titre { #t }"),
        ("paragraph", 7, "t", "Un paragraphe\nsur deux lignes."),
        ("paragraph", 12, "p1", "Tête :"),
        ("item", 14, "p1", "- un"), ("item", 15, "p1", "- deux"), ("item", 16, "p1", "    - deux bis"),
        ("row", 20, "p1", "| A | B |"), ("row", 22, "p1", "| 1 | 2 |"),
        ("admonition", 28, "p1", '!!! note "Note"'), ("paragraph", 30, "p1", "    Dans la note."),
    ]
    assert freshness.fingerprint("a  b\nc") == freshness.fingerprint(" a b c ")


def test_changed_blocks_are_found_by_fingerprint_in_order():
    old = freshness.blocks("# T\n\nUn.\n\nDeux.\n\nTrois.\n")
    record = freshness.Record("p.fr.md", [(b.hash, "x") for b in old])
    assert freshness.changed(record, old) == []
    assert freshness.changed(record, freshness.blocks("# T\n\nUn.\n\nDeux !\n\nTrois.\n")) == [3]
    # an inserted paragraph flags itself, not every paragraph after it
    assert freshness.changed(record, freshness.blocks("# T\n\nUn.\n\nNeuf.\n\nDeux.\n\nTrois.\n")) == [3]
    assert freshness.changed(None, old) == [0, 1, 2, 3, 4]


def test_an_english_paragraph_split_in_two_is_named(docs_copy):
    en = docs_copy / f"{I01}.en.md"
    text = en.read_text(encoding="utf-8")
    i = text.index("The Minister’s chief of staff also stated")
    en.write_text(text[:i] + "Split here.\n\n" + text[i:], encoding="utf-8")
    r = run_check(docs_copy)
    assert r.returncode == 1
    n = line_no(en, "Split here.")
    fr_line = line_no(docs_copy / f"{I01}.fr.md", "également précisé que la **protection des mineurs")
    assert f"docs/{I01}.en.md:{n + 2}: " in r.stdout or f"docs/{I01}.en.md:" in r.stdout, r.stdout
    problem = next(x for x in r.stdout.splitlines() if f"docs/{I01}.en.md:" in x)
    assert "blocks in this section in French" in problem and "has no French counterpart" in problem, problem
    assert int(problem.split(":")[1]) in range(n, n + 40), problem
    assert fr_line > 0


def test_a_paragraph_added_in_english_only_fails_the_build_after_the_page_errors(project):
    """Block counts are checked at the end of the build: an error in the added
    paragraph itself (here, a link to a glossary entry that does not exist)
    is the one reported; once it is fixed, the build still fails on the block."""
    en = project / "docs/a-propos.en.md"
    n = append(en, "See the [glossary](glossaire.md#terme-absent).")
    r = mkdocs_build(project)
    assert r.returncode != 0 and f"docs/a-propos.en.md:{n}: link to glossary entry '#terme-absent'" in r.stdout + r.stderr
    edit(en, "See the [glossary](glossaire.md#terme-absent).", "See the glossary.")
    r = mkdocs_build(project)
    assert r.returncode != 0
    assert (f"docs/a-propos.en.md:{n}: 2 blocks in this section in French, 3 in English: this paragraph has no "
            "French counterpart") in r.stdout + r.stderr, r.stdout + r.stderr


# --- freshness on a copy: a French block changes, is flagged, shown and reviewed ----------

def translation(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([PY, "-m", "scripts", "translation", *args], cwd=root, capture_output=True, text=True,
                          timeout=120, env=dict(os.environ, GIT_CEILING_DIRECTORIES=str(root.parent)))


def badges(page: Path) -> list[list]:
    """The marks of changed blocks on a built page: [element holding it, its link]."""
    items = elements(page)
    out = []
    for i, x in enumerate(items):
        if "translation-changed" in x[1].get("class", "").split():
            holder = next(y for y in reversed(items[:i]) if y[3] == x[3] - 1) if "translation-changed--heading" \
                not in x[1]["class"] else x
            out.append([holder, next(y for y in items[i + 1:] if y[0] == "a")])
    return out


FR_OLD = "Le directeur du cabinet de la Ministre a également précisé"
FR_NEW = "Le directeur de cabinet de la Ministre a également précisé"
EN_BLOCK = "The Minister’s chief of staff also stated that"


def test_a_changed_french_paragraph_is_flagged_shown_and_reviewed(project):
    out = project / "out"
    assert " 0 needing review, 0 pending, 0 never reviewed." in translation(project, "status").stdout
    fr = project / f"docs/{I01}.fr.md"
    edit(fr, FR_OLD, FR_NEW)   # a typo fix in one paragraph
    r = mkdocs_build(project)
    assert r.returncode == 0, r.stdout + r.stderr
    # the English page marks exactly that paragraph, linked to its section of the French page
    page = out / "en" / url_of(I01) / "index.html"
    marks = badges(page)
    assert len(marks) == 1, marks
    holder, link = marks[0]
    assert holder[0] == "p" and holder[2].strip().endswith(EN_BLOCK + " the protection of minors was a priority "
                                                           "for the ministry.") or EN_BLOCK in holder[2], holder
    assert link[1]["hreflang"] == "fr" and link[1]["href"].endswith("#i01-cabinet")
    assert built(out, link[1]["href"].split("#")[0], f"en/{url_of(I01)}") == (out / url_of(I01) / "index.html").resolve()
    notice = next(x for x in elements(page) if x[0] == "aside")
    assert "1 passage marked below may be out of date" in notice[2]
    for other in PAGES:   # no other page is marked
        if other != I01:
            assert not badges(out / "en" / url_of(other) / "index.html"), other
    s = status(out / "en/traductions/index.html")
    assert re.match(SUMMARY["en"], s["summary"]).groups()[2:4] == ("1", "1")
    assert [(row[1]["class"], cells[2][2]) for row, cells in s["todo"]] == [
        ("translation-status--needs-review", "needs review: 1 French passage changed")]
    # the translator's command shows it: the French now, and the English to check
    r = translation(project, "status")
    assert f"docs/{I01}.en.md: 1 changed French block" in r.stdout, r.stdout
    r = translation(project, "diff", I01)
    assert r.returncode == 0, r.stderr
    assert f"=== docs/{I01}.fr.md:{line_no(fr, FR_NEW)}: French paragraph" in r.stdout, r.stdout
    assert FR_NEW in r.stdout.split("+++ French now:")[1] and EN_BLOCK in r.stdout.split(">>> English to check")[1]
    assert "not in this clone's git history" in r.stdout   # no git here: said, not a crash
    # a review that says the English changed, when it did not, is refused
    r = translation(project, "review", I01)
    assert r.returncode == 1 and "--no-change" in r.stderr and f"docs/{I01}.en.md:" in r.stderr, r.stderr
    # the typo fix needs no English change: recorded as such, the page is no longer flagged
    r = translation(project, "review", f"docs/{I01}.en.md", "--no-change")
    assert r.returncode == 0 and "the English needs no change" in r.stdout, r.stdout + r.stderr
    assert " 0 needing review, 0 pending, 0 never reviewed." in translation(project, "status").stdout
    r = mkdocs_build(project)
    assert r.returncode == 0, r.stdout + r.stderr
    assert not badges(page)
    assert "may be out of date" not in page.read_text(encoding="utf-8")
    assert re.match(SUMMARY["en"], status(out / "en/traductions/index.html")["summary"]).groups()[2:4] == ("0", "0")


def test_a_changed_snippet_heading_and_front_matter_are_flagged_and_reviewed_after_an_english_update(project):
    out = project / "out"
    edit(project / "docs/_snippets/2013-10-18/priorites.fr.md", "De manière générale, la prise de contact",
         "De manière générale, la prise de contact directe")
    edit(project / f"docs/{I01}.fr.md", "## Secours Catholique - Caritas France", "## Secours Catholique – Caritas France")
    edit(project / "docs/glossaire.fr.md", "title: Glossaire des sigles", "title: Glossaire des sigles et acronymes")
    r = mkdocs_build(project)
    assert r.returncode == 0, r.stdout + r.stderr
    marks = badges(out / "en/reunions/2013-10-18/priorites/index.html")
    assert len(marks) == 1 and marks[0][0][0] == "li" and "making contact with victims" in marks[0][0][2], marks
    assert marks[0][1][1]["href"].endswith("/reunions/2013-10-18/priorites/#p1")
    marks = badges(out / "en" / url_of(I01) / "index.html")
    assert len(marks) == 1 and marks[0][1][1]["href"].endswith("#i02-secours-catholique"), marks
    h2 = next(x for x in elements(out / "en" / url_of(I01) / "index.html") if x[1].get("id") == "i02-secours-catholique")
    assert "translation-changed-heading" in h2[1]["class"]
    glossary = (out / "en/glossaire/index.html").read_text(encoding="utf-8")
    assert "title, description or details have changed" in glossary and "translation-changed\"" not in glossary
    # the translator updates the English heading, then records the review
    edit(project / f"docs/{I01}.en.md", "## Secours Catholique - Caritas France", "## Secours Catholique – Caritas France")
    r = translation(project, "review", I01)
    assert r.returncode == 0 and "English updated" in r.stdout, r.stdout + r.stderr
    r = translation(project, "status")
    assert f"docs/{I01}.en.md" not in r.stdout and "docs/glossaire.en.md: 1 changed" in r.stdout, r.stdout
    assert "docs/_snippets/2013-10-18/priorites.en.md: 1 changed" in r.stdout
    # reviewing the page that includes a snippet records the snippet too
    assert translation(project, "review", "reunions/2013-10-18/priorites", "--no-change").returncode == 0
    assert "priorites.en.md" not in translation(project, "status").stdout


def git(repo: Path, *args: str) -> str:
    env = dict(os.environ, GIT_CEILING_DIRECTORIES=str(repo.parent))
    r = subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid",
                        "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
                       cwd=repo, env=env, capture_output=True, text=True, check=True)
    return r.stdout


def test_diff_shows_the_french_before_from_git_history_and_a_shallow_clone_builds(project, tmp_path):
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "site")
    edit(project / f"docs/{I01}.fr.md", FR_OLD, FR_NEW)
    git(project, "commit", "-q", "-am", "French typo")
    r = translation(project, "diff", I01)
    before = r.stdout.split("--- French before:")[1].split("+++ French now:")[0]
    assert FR_OLD in before and "[-du-] {+de+}" in before, r.stdout
    # a shallow clone: no history, yet the build and the freshness marks work
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{project}", str(shallow)], check=True,
                   capture_output=True)
    assert git(shallow, "rev-parse", "--is-shallow-repository").strip() == "true"
    r = mkdocs_build(shallow)
    assert r.returncode == 0, r.stdout + r.stderr
    assert len(badges(shallow / "out" / "en" / url_of(I01) / "index.html")) == 1
    assert "not in this clone's git history" in translation(shallow, "diff", I01).stdout


# --- a pending translation ----------------------------------------------------------------------

PENDING = "reunions/2013-10-18/compte-rendu"   # the full record: its meeting page is pending too
STILL_ENGLISH = "reunions/2013-10-18/bilan"    # a page of the same meeting that stays translated


def make_pending(path: Path) -> None:
    """Keeps the English front matter, adds `translation: pending`, drops the body."""
    m = re.match(r"---\n(.*?\n)---\n", path.read_text(encoding="utf-8"), re.S)
    path.write_text(f"---\n{m.group(1)}translation: pending\n---\n", encoding="utf-8")


def hreflangs(page: Path) -> dict[str, str]:
    """{hreflang: href} of a page's alternate links in its head."""
    return {x[1]["hreflang"]: x[1]["href"] for x in elements(page)
            if x[0] == "link" and x[1].get("rel") == "alternate" and x[1].get("hreflang")}


def pagefind_urls(out: Path, lang: str) -> set[str]:
    urls = set()
    for f in (out / "pagefind" / "fragment").glob(f"{lang}_*.pf_fragment"):
        data = gzip.decompress(f.read_bytes())
        urls.add(json.loads(data[data.index(b"{"):])["url"])
    return urls


def test_a_pending_english_page_shows_the_french_and_stays_out_of_english_search_feed_and_hreflang(tmp_path):
    project = copy_project(tmp_path / "project")   # with the search index this time
    config = project / "mkdocs.yml"
    text, n = re.subn(r"(\n  - hooks/minify\.py[^\n]*\n)", r"\1  - hooks/search.py\n", config.read_text(encoding="utf-8"))
    assert n == 1
    config.write_text(text, encoding="utf-8")
    for stem in (PENDING, "reunions/2013-10-18/index"):
        make_pending(project / f"docs/{stem}.en.md")
    r = mkdocs_build(project)
    assert r.returncode == 0, r.stdout + r.stderr
    out = project / "out"
    page = out / "en" / url_of(PENDING) / "index.html"
    items = elements(page)
    h1 = next(i for i, x in enumerate(items) if x[0] == "h1")
    title = yaml.safe_load(re.match(r"---\n(.*?\n)---\n", (DOCS / f"{PENDING}.en.md").read_text(encoding="utf-8"),
                                     re.S).group(1))["title"]
    assert items[h1][2].startswith(title)   # the English title
    note = next(x for x in items[h1 + 1:] if x[3] <= items[h1][3])
    assert note[0] == "aside" and note[1].get("lang") == "en" and "Translation pending." in note[2]
    french = [x for x in items if x[1].get("lang") == "fr" and x[0] == "div"]
    sentence = "Cette association lutte en faveur d’une éducation non sexiste et non violente"
    assert any(sentence in x[2] for x in french), [x[2][:80] for x in french]
    assert next(x for x in items if x[0] == "h2" and x[1].get("id") == "i39-femmes-solidaires")
    html_ = page.read_text(encoding="utf-8")
    # out of English search, the English feed, hreflang and the sitemap
    assert "data-pagefind-body" not in html_
    assert re.search(r"<meta (?=[^>]*name=\"?robots)[^>]*content=\"?noindex", html_)
    en_urls = pagefind_urls(out, "en")
    assert f"/en/{url_of(STILL_ENGLISH)}" in en_urls
    assert f"/en/{url_of(PENDING)}" not in en_urls and "/en/reunions/2013-10-18/" not in en_urls
    assert f"/{url_of(PENDING)}" in pagefind_urls(out, "fr")
    assert "2013-10-18" not in (out / "en/feed.xml").read_text(encoding="utf-8")
    assert "2013-10-18" in (out / "feed.xml").read_text(encoding="utf-8")
    assert hreflangs(page) == {}
    assert hreflangs(out / url_of(PENDING) / "index.html") == {
        "fr": f"https://www.contrelatraite.org/{url_of(PENDING)}",
        "x-default": f"https://www.contrelatraite.org/{url_of(PENDING)}"}
    assert set(hreflangs(out / "en" / url_of(STILL_ENGLISH) / "index.html")) == {"fr", "en", "x-default"}
    assert f"/en/{url_of(PENDING)}<" not in (out / "sitemap.xml").read_text(encoding="utf-8")
    # listed as pending on the status page
    s = status(out / "en/traductions/index.html")
    assert re.match(SUMMARY["en"], s["summary"]).group(5) == "2"
    assert [cells[2][2] for _, cells in s["todo"]] == ["translation pending"] * 2


def test_a_pending_page_holds_no_english_text_and_keeps_the_front_matter_numbers(docs_copy):
    en = docs_copy / f"{PENDING}.en.md"
    make_pending(en)
    assert run_check(docs_copy).returncode == 0
    en.write_text(en.read_text(encoding="utf-8") + "\nA sentence of English.\n", encoding="utf-8")
    edit(en, "minutes of the meeting of 18 October", "minutes of the meeting of 19 October")   # the description
    r = run_check(docs_copy)
    assert r.returncode == 1
    assert f"docs/{PENDING}.en.md:{line_no(en, 'A sentence')}: this page is marked `translation: pending`" in r.stdout
    assert f"docs/{PENDING}.en.md:{line_no(en, '19 October')}: number 19 appears" in r.stdout, r.stdout


def test_a_comment_of_several_lines_is_no_block():
    """A translator's note in an HTML comment spanning lines is structure, like a
    one-line comment: the French and English still pair block by block."""
    sys.path.insert(0, str(ROOT / "hooks"))
    try:
        import freshness
    finally:
        sys.path.pop(0)
    one = freshness.blocks("First.\n\n<!-- note -->\n\nSecond.\n")
    several = freshness.blocks("First.\n\n<!--\nA note\nof two lines\n-->\n\nSecond.\n")
    assert [b.kind for b in several] == [b.kind for b in one] == ["front-matter", "paragraph", "paragraph"]
    assert several[2].text == "Second." and several[2].line == 8
