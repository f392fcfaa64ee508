"""The benchmark's own parts: synthetic meetings and measuring helpers.

Fast: no build and no browser here (`make bench` does those). Synthetic
meetings are generated in a temporary copy and checked with the site's own
metadata validation (hooks/meetings.py).
"""
from __future__ import annotations

import datetime as dt
import gzip
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "hooks"))

from scripts import bench, synthetic  # noqa: E402

TEMPLATE = synthetic.TEMPLATE


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    """docs/ and data/ of the project, with 12 meetings (11 synthetic)."""
    root = tmp_path_factory.mktemp("bench-copy")
    shutil.copytree(ROOT / "docs", root / "docs")
    if (ROOT / "data").is_dir():
        shutil.copytree(ROOT / "data", root / "data")
    synthetic.add_meetings(root, 12)
    return root


def test_dates_are_monthly_going_back_ten_years():
    dates = [dt.date.fromisoformat(d) for d in synthetic.synthetic_dates(120)]
    assert len(dates) == 119 and len(set(dates)) == 119
    assert dates[0] == dt.date(2013, 9, 18) and dates[-1] == dt.date(2003, 11, 18)
    months = [d.year * 12 + d.month for d in dates]
    assert all(a - b == 1 for a, b in zip(months, months[1:]))


def test_rewrite_moves_every_date_and_labels_the_subject():
    text = (ROOT / "docs/reunions" / TEMPLATE / "index.fr.md").read_text(encoding="utf-8")
    out = synthetic.rewrite(text, "fr", TEMPLATE, "2010-02-18")
    assert "2013-10-18" not in out and "18 octobre 2013" not in out
    assert "18 février 2010" in out
    assert "report_date: 2010-03-08" in out          # 18 days after, as 5 Nov is after 18 Oct
    assert "subject: Réunion synthétique (banc d'essai) — " in out
    en = synthetic.rewrite((ROOT / "docs/reunions" / TEMPLATE / "index.en.md").read_text(encoding="utf-8"),
                           "en", TEMPLATE, "2010-02-18")
    assert "18 February 2010" in en and "18 October 2013" not in en
    assert "subject: Synthetic meeting (benchmark) — " in en


def test_synthetic_meetings_pass_the_metadata_validation(copy):
    from meetings import load_meetings
    meetings = load_meetings(copy / "docs")
    for lang in ("fr", "en"):
        assert len(meetings[lang]) == 12
        for date, m in meetings[lang].items():
            assert m.date.isoformat() == date
            assert m.report_date - m.date == dt.timedelta(days=18)
            assert (date == TEMPLATE) != ("synth" in m.subject.lower())


def test_copies_keep_the_real_texts_and_name_only_their_own_date(copy):
    real = sorted(p.name for p in (copy / "docs/reunions" / TEMPLATE).iterdir())
    for folder in (copy / "docs/reunions").glob("20*"):
        assert sorted(p.name for p in folder.iterdir()) == real
        if folder.name == TEMPLATE:
            continue
        for page in folder.iterdir():
            text = page.read_text(encoding="utf-8")
            original = (copy / "docs/reunions" / TEMPLATE / page.name).read_text(encoding="utf-8")
            assert abs(len(text) - len(original)) < 400, page
            assert TEMPLATE not in text and "18 octobre 2013" not in text and "18 October 2013" not in text, page
            assert folder.name in text, page
    snippets = copy / "docs/_snippets"
    if (snippets / TEMPLATE).is_dir():
        assert len(list(snippets.glob("20*"))) == 12
    data = copy / "data/meetings"
    if (data / f"{TEMPLATE}.yml").exists():
        assert len(list(data.glob("20*.yml"))) == 12


def test_the_real_repository_is_refused():
    with pytest.raises(ValueError, match="refusing"):
        synthetic.add_meetings(ROOT, 2)
    assert not (ROOT / "docs/reunions/2013-09-18").exists()


def test_plain_config_has_the_pages_of_both_languages_and_no_hooks(copy, tmp_path):
    from mkdocs.config import load_config
    project = tmp_path / "p"
    shutil.copytree(copy / "docs", project / "docs")
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    (project / "overrides").mkdir()
    for name in ("hooks",):
        shutil.copytree(ROOT / name, project / name)
    generated = {"reunions/2012.fr.md": "# Réunions de 2012\n", "reunions/2012.en.md": "# Meetings in 2012\n"}
    cfg = load_config(config_file=str(bench.plain_config(project, generated)))
    assert [p.split("/")[-1] for p in cfg.plugins] == ["search"] and not cfg.hooks
    assert cfg.theme.name == "material"
    plain = project / "plain-docs"
    pages = sorted(p.relative_to(plain).as_posix() for p in plain.rglob("*.md"))
    sources = sorted(p.relative_to(project / "docs").as_posix() for p in (project / "docs").rglob("*.md")
                     if not p.relative_to(project / "docs").as_posix().startswith("_snippets/"))
    assert len(pages) == len(sources) + 2          # every page of both languages, and the generated ones
    assert "index.md" in pages and "en/index.md" in pages
    assert f"reunions/{TEMPLATE}/compte-rendu.md" in pages and f"en/reunions/{TEMPLATE}/compte-rendu.md" in pages
    for lang, prefix in (("fr", ""), ("en", "en/")):
        meeting_pages = [p for p in sources if p.startswith("reunions/20") and p.endswith(f".{lang}.md")]
        assert len(meeting_pages) >= 12 * 5
        in_folders = [p for p in pages if p.startswith(f"{prefix}reunions/20") and p.count("/") == 2 + bool(prefix)]
        assert len(in_folders) == len(meeting_pages)
    assert not [p for p in pages if p.endswith((".fr.md", ".en.md"))]
    assert (plain / "en/reunions/2012.md").read_text(encoding="utf-8") == "# Meetings in 2012\n"
    assert (plain / "en/index.md").read_text(encoding="utf-8") == (project / "docs/index.en.md").read_text(
        encoding="utf-8")
    # the nav: the site's French nav, then the same pages in English
    english = cfg.nav[-1]["English"]
    assert cfg.nav[:-1] == load_config(config_file=str(project / "mkdocs.yml")).nav
    assert {"Home": "en/index.md"} in english and {"Meetings": "en/reunions/index.md"} in english
    assert all((plain / v).exists() for item in cfg.nav[:-1] + english for v in item.values() if isinstance(v, str))


def test_plain_names_follow_the_sites_urls():
    assert bench.plain_name("reunions/2013-10-18/index.fr.md") == "reunions/2013-10-18/index.md"
    assert bench.plain_name("reunions/2013-10-18/index.en.md") == "en/reunions/2013-10-18/index.md"
    assert bench.plain_name("index.en.md") == "en/index.md"


def test_element_bytes_measures_the_whole_nested_element():
    nav = '<nav class="md-nav md-nav--primary"><ul><li><nav class="md-nav">é</nav></li></ul></nav>'
    html = f"<html><body><header>x</header>\n{nav}\n<main>text</main></body></html>"
    assert bench.element_bytes(html, "nav", "md-nav--primary") == len(nav.encode("utf-8"))
    assert bench.element_bytes(html, "nav", "absent") == 0


def test_gz_is_the_smaller_of_gzip_and_raw():
    text = b"traite des etres humains " * 400
    assert bench.gz(text) == len(gzip.compress(text, 6, mtime=0)) < len(text)
    already = gzip.compress(bytes(range(256)) * 8)
    assert bench.gz(already) == len(already)


def test_make_build_installs_only_when_requirements_change():
    again, how = bench.make_reinstalls()
    assert again is False, how
    stale, how = bench.make_reinstalls(installed=False)
    assert stale is True and "pip" in how


def test_table_marks_budgets():
    out = bench.table([("A", "1 s", "≤ 2 s", "PASS"), ("  sub", "x", "y", "FAIL")], "T")
    assert "| A | 1 s | ≤ 2 s | PASS |" in out and "| ↳ sub | x | y | FAIL |" in out


def test_page_size_splits_the_text_from_what_surrounds_it(tmp_path):
    article = '<article class="md-content__inner md-typeset"><h1>Réunion</h1><p>texte</p></article>'
    page = tmp_path / "index.html"
    page.write_text(f'<html><body><nav class="md-nav md-nav--primary">n</nav>{article}</body></html>',
                    encoding="utf-8")
    size = bench.page_size(page)
    assert size["raw"] == page.stat().st_size
    assert size["article"] == len(article.encode("utf-8"))
    assert size["nav"] == len('<nav class="md-nav md-nav--primary">n</nav>')
    assert 0 < size["gzip"] <= size["raw"]


def test_the_benchmark_builds_with_the_copys_own_hooks_and_data(tmp_path):
    """The timed build of a project copy loads the copy's hooks, so its
    synthetic meetings get their generated parts (from the copy's data/), and
    nothing is read from or written to this repository (e.g. .cache/pdf/)."""
    project = tmp_path / "project"
    project.mkdir()
    dates = bench.make_copy(project, 2)
    bench.without_pdf(project)
    result = bench.run_build(project, project / "mkdocs.yml", project / "site", "test build")
    assert result["pages"] > 0
    synthetic_date = next(d for d in dates if d != TEMPLATE)
    for page in ("compte-rendu", "bilan"):
        html = (project / "site" / "reunions" / synthetic_date / page / "index.html").read_text(encoding="utf-8")
        assert "<!-- record-contents -->" not in html and "<!-- priorities-list -->" not in html, page
    contents = (project / "site" / "reunions" / synthetic_date / "compte-rendu" / "index.html").read_text(encoding="utf-8")
    assert 'id="par-organisation"' in contents
    plain = bench.run_build(project, bench.plain_config(project, result["generated"]), project / "site-plain",
                            "test plain build")
    assert plain["pages"] == result["pages"]
