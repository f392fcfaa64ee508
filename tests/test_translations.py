"""Translations: every English page says it is one and links to the French
original; the parity check (`make check` and the build) names the file and
what differs when a pair is broken; freshness warns when the French changed
after the translation; the status page lists every page."""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

import archive
from conftest import DOCS, ROOT
from project_copy import copy_project, mkdocs_build

sys.path.insert(0, str(ROOT / "hooks"))
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


TODO_CAPTIONS = ("Pages à revoir", "Pages needing review")


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


@pytest.mark.parametrize("lang,summary", [
    ("fr", r"^(\d+) pages : (\d+) à jour, (\d+) à revoir, (\d+) d’état inconnu\.$"),
    ("en", r"^(\d+) pages: (\d+) up to date, (\d+) needing review, (\d+) unknown\.$"),
])
def test_status_page_lists_the_pages_to_review_and_counts_every_page(site, lang, summary):
    base = "traductions/" if lang == "fr" else "en/traductions/"
    page = site / base / "index.html"
    assert "<!-- translation-status -->" not in page.read_text(encoding="utf-8")
    s = status(page)
    n, ok, todo, unknown = map(int, re.match(summary, s["summary"]).groups())
    assert n == len(PAGES) == ok + todo + unknown
    # one row per part: the general pages, then each year that has meetings, newest first
    years = sorted({m.group(1) for p in PAGES if (m := re.match(r"reunions/(\d{4})-", p))}, reverse=True)
    assert [re.search(r"\d{4}", row[0]).group() for row in s["parts"][1:]] == years
    assert s["parts"][0][0] == ("Pages générales" if lang == "fr" else "General pages")
    counts = [list(map(int, row[1:])) for row in s["parts"]]
    assert [sum(c[i] for c in counts) for i in range(3)] == [ok, todo, unknown]
    assert sum(map(sum, counts[1:])) == sum(p.startswith("reunions/") and p != "reunions/index" for p in PAGES)
    # every page to review is listed, with both titles linked and the date of the French change
    assert len(s["todo"]) == todo
    if not todo:
        assert ("Aucune page à revoir." if lang == "fr" else "No page needs review.") in \
            [x[2] for x in s["items"] if x[0] == "p"]
    for row, cells in s["todo"]:
        assert row[1].get("class") == "translation-status--needs-review"
        assert cells[2][2].startswith("à revoir : le français a changé le" if lang == "fr"
                                      else "needs review: the French changed on")


def test_status_page_does_not_grow_with_the_archive(monkeypatch, tmp_path):
    """120 meetings of 6 pages, two pages to review: two rows listed, one row
    per year; the content stays a few kilobytes (the page under 30 KB)."""
    pages = [{"stem": s, "fr": s, "en": s} for s in ("index", "a-propos", "reunions/index")]
    for k in range(120):
        day = f"{2014 + k // 12}-{k % 12 + 1:02d}-18"
        pages += [{"stem": f"reunions/{day}/{name}", "fr": f"Réunion du {day}, {name}", "en": f"Meeting {day}, {name}"}
                  for name in ("index", "compte-rendu", "priorites", "annexe-1", "annexe-2", "annexe-3")]
    state = {p["stem"]: parity.Freshness(parity.UP_TO_DATE) for p in pages}
    stale = ("a-propos", "reunions/2019-05-18/priorites")
    for s in stale:
        state[s] = parity.Freshness(parity.NEEDS_REVIEW, dt.date(2026, 11, 26), dt.date(2026, 11, 20))
    monkeypatch.setattr(translations, "_PAGES", pages)
    monkeypatch.setattr(translations, "_STATE", state)
    html = translations.status_table("en", "en/traductions/")
    assert len(html.encode()) < 5000, len(html.encode())
    page = tmp_path / "status.html"
    page.write_text(html, encoding="utf-8")
    s = status(page)
    assert s["summary"] == "723 pages: 721 up to date, 2 needing review, 0 unknown."
    assert [(c[0][2], c[1][2]) for _, c in s["todo"]] == [
        ("a-propos", "a-propos"), ("Réunion du 2019-05-18, priorites", "Meeting 2019-05-18, priorites")]
    assert [[x.strip() for x in row] for row in s["parts"]] == [["General pages", "2", "1", "0"]] + [
        [f"Meetings in {y} (12 meetings)", "71" if y == 2019 else "72", "1" if y == 2019 else "0", "0"]
        for y in range(2023, 2013, -1)]


# The cases below break pages of the richest published meeting (in a copy).
MEETING = archive.largest()
if MEETING is None:
    pytest.skip("no published meeting", allow_module_level=True)
YEAR = MEETING.date[:4]


def record_page(anchor: str) -> str:
    """Path (under docs/) of the page of the full record, or of its part, holding a heading anchor."""
    pages = sorted(MEETING.folder.glob("compte-rendu*.fr.md"))
    page = next(p for p in pages if f"{{ #{anchor} }}" in p.read_text(encoding="utf-8"))
    return str(page.relative_to(DOCS)).replace(".fr.md", "")


ANCHORS = [a for p in [MEETING.source("compte-rendu", "fr")] + [MEETING.source(x, "fr") for x in MEETING.record_parts()]
           for a in re.findall(r"^## .*\{ #(i\d\d-[a-z0-9-]+) \}", p.read_text(encoding="utf-8"), re.M)]
ANCHOR = ANCHORS[len(ANCHORS) // 4]       # an intervention, not the first
I12 = record_page(ANCHOR)                 # the page holding it
I01 = record_page(ANCHORS[0])             # the first page of the record's interventions
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
    (tmp_path / "p.en.md").write_text("# T\n\n## A\n", encoding="utf-8")
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


# --- freshness -----------------------------------------------------------------------

def git(repo: Path, *args: str, date: str = "2026-11-20T10:00:00+00:00") -> str:
    env = dict(os.environ, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date,
               GIT_CEILING_DIRECTORIES=str(repo.parent))
    r = subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid",
                        "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
                       cwd=repo, env=env, capture_output=True, text=True, check=True)
    return r.stdout


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    """A git repository with a French page and its translation committed on 20 November 2026."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    root = tmp_path / "repo"
    (root / "docs" / "_snippets").mkdir(parents=True)
    (root / "docs" / "p.fr.md").write_text('# Titre\n\nTexte.\n\n--8<-- "s.fr.md"\n', encoding="utf-8")
    (root / "docs" / "p.en.md").write_text('# Title\n\nText.\n\n--8<-- "s.en.md"\n', encoding="utf-8")
    (root / "docs" / "_snippets" / "s.fr.md").write_text("Extrait.\n", encoding="utf-8")
    (root / "docs" / "_snippets" / "s.en.md").write_text("Snippet.\n", encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "French and English")
    return root


def fresh(root: Path, today=None) -> parity.Freshness:
    docs = root / "docs"
    return parity.page_freshness(docs / "p.fr.md", docs, parity.Git(docs), today)


def test_fresh_pair_is_up_to_date(repo):
    f = fresh(repo)
    assert f.state == parity.UP_TO_DATE
    assert f.fr_date == f.en_date == dt.date(2026, 11, 20)


def test_french_changed_after_translation_needs_review_with_its_date(repo):
    (repo / "docs/p.fr.md").write_text("# Titre\n\nTexte corrigé.\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "French fix", date="2026-11-26T09:00:00+00:00")
    f = fresh(repo)
    assert (f.state, f.fr_date, f.en_date) == (parity.NEEDS_REVIEW, dt.date(2026, 11, 26), dt.date(2026, 11, 20))
    html = translations.notice(f, "../../p/")
    assert ("The French original was updated on 26 November 2026, after this translation "
            "(last updated 20 November 2026).") in re.sub(r"<[^>]+>", "", html)
    assert "This translation may be out of date." in html
    assert 'href="../../p/"' in html and 'role="note"' in html
    # the translator catches up, later the same day: commit order, not dates, decides
    (repo / "docs/p.en.md").write_text("# Title\n\nCorrected text.\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "English catch-up", date="2026-11-26T09:00:00+00:00")
    assert fresh(repo).state == parity.UP_TO_DATE
    # and the French changes again within the same second
    (repo / "docs/p.fr.md").write_text("# Titre\n\nTexte recorrigé.\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "French again", date="2026-11-26T09:00:00+00:00")
    assert fresh(repo).state == parity.NEEDS_REVIEW


def test_a_changed_french_snippet_makes_the_page_need_review(repo):
    (repo / "docs/_snippets/s.fr.md").write_text("Extrait corrigé.\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "French snippet", date="2026-11-24T09:00:00+00:00")
    f = fresh(repo)
    assert (f.state, f.fr_date) == (parity.NEEDS_REVIEW, dt.date(2026, 11, 24))


def test_uncommitted_french_edit_counts_as_today(repo):
    (repo / "docs/p.fr.md").write_text("# Titre\n\nEn cours.\n", encoding="utf-8")
    f = fresh(repo, today=dt.date(2026, 12, 1))
    assert (f.state, f.fr_date) == (parity.NEEDS_REVIEW, dt.date(2026, 12, 1))
    (repo / "docs/p.en.md").write_text("# Title\n\nIn progress.\n", encoding="utf-8")
    assert fresh(repo).state == parity.UP_TO_DATE


def test_no_git_or_shallow_clone_is_unknown(repo, tmp_path):
    plain = tmp_path / "plain"
    shutil.copytree(repo / "docs", plain / "docs")
    assert fresh(plain).state == parity.UNKNOWN
    (repo / "docs/p.fr.md").write_text("# Titre\n\nTexte corrigé.\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "French fix", date="2026-11-26T09:00:00+00:00")
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(tmp_path / "shallow")],
                   check=True, capture_output=True)
    f = fresh(tmp_path / "shallow")
    assert f.state == parity.UNKNOWN and "shallow" in f.reason
    assert "translation-notice--outdated" not in translations.notice(f, "../")


def test_built_site_warns_when_the_french_changed_after_the_translation(project):
    """The whole path: git history -> English page warning -> status page row."""
    general_pages = sum(not re.match(r"reunions/\d{4}-", p) for p in PAGES)
    git(project, "init", "-q")
    git(project, "add", "docs", "mkdocs.yml")
    git(project, "commit", "-q", "-m", "site")
    fr = project / "docs/glossaire.fr.md"
    fr.write_text(fr.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    git(project, "commit", "-q", "-am", "French glossary", date="2026-11-26T09:00:00+00:00")
    r = mkdocs_build(project)
    assert r.returncode == 0, r.stdout + r.stderr
    out = project / "out"
    text = re.sub(r"<[^>]+>", "", (out / "en/glossaire/index.html").read_text(encoding="utf-8"))
    assert ("The French original was updated on 26 November 2026, after this translation "
            "(last updated 20 November 2026). This translation may be out of date.") in text
    assert "The French original was updated" not in (out / "en/a-propos/index.html").read_text(encoding="utf-8")
    # the status page lists that page alone, and counts it in its part of the site
    for lang, base, state in [("en", "en/traductions/", "needs review: the French changed on 26 November 2026"),
                              ("fr", "traductions/", "à revoir : le français a changé le 26 novembre 2026")]:
        s = status(out / base / "index.html")
        assert len(s["todo"]) == 1, s["todo"]
        row, cells = s["todo"][0]
        assert [c[1].get("lang") for c in cells[:2]] == ["fr", "en"] and cells[2][2] == state
        links = [x for x in s["items"][s["items"].index(cells[0]):s["items"].index(cells[2])] if x[0] == "a"]
        assert [(a[1]["hreflang"], built(out, a[1]["href"], base)) for a in links] == [
            ("fr", (out / "glossaire/index.html").resolve()), ("en", (out / "en/glossaire/index.html").resolve())]
        for a, other in zip(links, ("fr", "en")):
            title = re.search(r"^title:\s*(.+)$", (project / f"docs/glossaire.{other}.md").read_text(encoding="utf-8"),
                              re.M)
            assert a[2].strip() == title.group(1).strip().strip('"')
        general = s["parts"][0]
        assert list(map(int, general[1:])) == [general_pages - 1, 1, 0]
        assert all(int(row[2]) == 0 for row in s["parts"][1:])
