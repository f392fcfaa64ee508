"""The benchmark's own parts: synthetic meetings and measuring helpers.

Fast: no build of the site and no browser here (`make bench` does those;
one test serves a one-page plain site). Synthetic
meetings are generated in a temporary copy and checked with the site's own
metadata validation (hooks/meetings.py).
"""
from __future__ import annotations

import datetime as dt
import gzip
import re
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "hooks"))

from scripts import bench, synthetic  # noqa: E402

from common import format_date  # noqa: E402

TEMPLATE = synthetic.TEMPLATE                 # the published meeting with the most text
REAL = synthetic.real_meetings()              # {date: status} of the archive's meetings
if TEMPLATE is None:
    pytest.skip("no published meeting to copy", allow_module_level=True)
TEMPLATE_DAY = dt.date.fromisoformat(TEMPLATE)


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    """docs/ and data/ of the project, with 12 meetings (the real ones, and synthetic ones)."""
    root = tmp_path_factory.mktemp("bench-copy")
    shutil.copytree(ROOT / "docs", root / "docs")
    if (ROOT / "data").is_dir():
        shutil.copytree(ROOT / "data", root / "data")
    synthetic.add_meetings(root, 12)
    return root


def test_dates_are_monthly_going_back_ten_years():
    dates = [dt.date.fromisoformat(d) for d in synthetic.synthetic_dates(120)]
    assert len(dates) == 119 and len(set(dates)) == 119
    day = min(TEMPLATE_DAY.day, 28)
    assert dates[0] == synthetic.months_back(TEMPLATE_DAY, 1) and dates[-1] == synthetic.months_back(TEMPLATE_DAY, 119)
    assert all(d.day == day for d in dates)
    months = [d.year * 12 + d.month for d in dates]
    assert all(a - b == 1 for a, b in zip(months, months[1:]))


def test_dates_skip_the_real_meetings():
    taken = frozenset({synthetic.months_back(TEMPLATE_DAY, 2).isoformat()})
    dates = synthetic.synthetic_dates(4, TEMPLATE, taken)
    assert len(dates) == 3 and not taken & set(dates)
    assert dates[1] == synthetic.months_back(TEMPLATE_DAY, 3).isoformat()


def _report_delta(date: str) -> dt.timedelta:
    text = (ROOT / "docs/reunions" / date / "index.fr.md").read_text(encoding="utf-8")
    report = re.search(r"^\s+report_date:\s*(\d{4}-\d{2}-\d{2})", text, re.M).group(1)
    return dt.date.fromisoformat(report) - dt.date.fromisoformat(date)


def test_rewrite_moves_every_date_and_labels_the_subject():
    new = dt.date(2010, 2, 18)
    text = (ROOT / "docs/reunions" / TEMPLATE / "index.fr.md").read_text(encoding="utf-8")
    out = synthetic.rewrite(text, "fr", TEMPLATE, new.isoformat())
    assert TEMPLATE not in out and format_date(TEMPLATE_DAY, "fr") not in out
    assert "18 février 2010" in out
    assert f"report_date: {new + _report_delta(TEMPLATE)}" in out     # as far after the meeting as the template's
    assert re.search(r"subject: [\"']?Réunion synthétique \(banc d'essai\) — ", out)
    en = synthetic.rewrite((ROOT / "docs/reunions" / TEMPLATE / "index.en.md").read_text(encoding="utf-8"),
                           "en", TEMPLATE, new.isoformat())
    assert "18 February 2010" in en and format_date(TEMPLATE_DAY, "en") not in en
    assert re.search(r"subject: [\"']?Synthetic meeting \(benchmark\) — ", en)


def test_synthetic_meetings_pass_the_metadata_validation(copy):
    from meetings import load_meetings
    meetings = load_meetings(copy / "docs")
    for lang in ("fr", "en"):
        assert len(meetings[lang]) == 12 and set(REAL) <= set(meetings[lang])
        for date, m in meetings[lang].items():
            assert m.date.isoformat() == date
            assert (date in REAL) != ("synth" in m.subject.lower())
            if date not in REAL:
                assert m.report_date - m.date == _report_delta(TEMPLATE)


def test_copies_keep_the_real_texts_and_name_only_their_own_date(copy):
    real = sorted(p.name for p in (copy / "docs/reunions" / TEMPLATE).iterdir())
    synthetic_folders = [f for f in (copy / "docs/reunions").glob("[0-9]*") if f.name not in REAL]
    assert len(synthetic_folders) == 12 - len(REAL)
    for folder in synthetic_folders:
        assert sorted(p.name for p in folder.iterdir()) == real
        for page in folder.iterdir():
            text = page.read_text(encoding="utf-8")
            original = (copy / "docs/reunions" / TEMPLATE / page.name).read_text(encoding="utf-8")
            assert abs(len(text) - len(original)) < 400, page
            assert TEMPLATE not in text and format_date(TEMPLATE_DAY, "fr") not in text \
                and format_date(TEMPLATE_DAY, "en") not in text, page
            assert folder.name in text, page
    snippets = copy / "docs/_snippets"
    if (snippets / TEMPLATE).is_dir():
        assert all((snippets / f.name).is_dir() for f in synthetic_folders)
    data = copy / "data/meetings"
    if (data / f"{TEMPLATE}.yml").exists():
        assert all((data / f"{f.name}.yml").is_file() for f in synthetic_folders)


def test_the_real_repository_is_refused():
    with pytest.raises(ValueError, match="refusing"):
        synthetic.add_meetings(ROOT, 2)
    assert not (ROOT / "docs/reunions" / synthetic.synthetic_dates(2)[0]).exists()


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
    assert bench.plain_name("reunions/2099-01-15/index.fr.md") == "reunions/2099-01-15/index.md"
    assert bench.plain_name("reunions/2099-01-15/index.en.md") == "en/reunions/2099-01-15/index.md"
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


def test_linearity_divides_by_the_small_build_timed_before_and_after_the_large_one():
    """A machine that slows down during the large build: the small build after
    it takes longer, and the ratio uses the mean of both; a build that grows
    faster than the archive still fails."""
    plain = {"wall": 5.0, "cpu": 5.0}
    before, after = {"wall": 60.0, "cpu": 110.0}, {"wall": 80.0, "cpu": 150.0}
    row = bench.linearity_row(12, 120, before, after, {"wall": 690.0, "cpu": 1290.0}, plain, plain)
    assert row[3] == "PASS" and row[1].startswith("9.86 (690.0 s / 70.0 s"), row
    assert "before (60.0 s) and after (80.0 s)" in row[1]
    assert bench.linearity_row(12, 120, before, before, {"wall": 690.0, "cpu": 1290.0}, plain, plain)[3] == "FAIL"
    assert bench.linearity_row(12, 120, before, after, {"wall": 720.0, "cpu": 1290.0}, plain, plain)[3] == "FAIL"


def test_with_pdfs_the_linearity_counts_each_build_in_renders_of_the_same_document():
    """The machine was fast for the first small build and slow from the large
    one on (the build times of the bench of 2 December 2026, 15:08-15:19,
    with render times of that order): the raw ratio fails, the ratio in
    renders passes (524.5 / 3.5 against the mean of 46.3 / 2.9 and
    54.1 / 3.5). A build that grows faster than the archive, at the same
    render speed, still fails."""
    plain = {"wall": 4.4, "cpu": 4.4}
    before = {"wall": 46.3, "cpu": 85.5, "renders": [2.9] * 24}
    after = {"wall": 54.1, "cpu": 99.4, "renders": [3.5] * 24}
    slow = {"wall": 524.5, "cpu": 970.2, "renders": [3.4, 3.6] * 120}
    row = bench.linearity_row(12, 120, before, after, slow, plain, plain)
    assert row[3] == "PASS" and row[1].startswith("9.54 in renders"), row
    assert "raw 10.45 (524.5 s / 50.2 s" in row[1] and "2.90 s, 3.50 s, 3.50 s" in row[1], row
    superlinear = dict(slow, wall=600.0)
    assert bench.linearity_row(12, 120, before, after, superlinear, plain, plain)[3] == "FAIL"
    # the same times with no render measured (PDFs from the cache): the raw ratio decides
    cached = dict(after, renders=[])
    row = bench.linearity_row(12, 120, before, cached, slow, plain, plain)
    assert row[3] == "FAIL" and row[1].startswith("10.45 (524.5 s / 50.2 s"), row


def test_repeated_builds_keep_the_fastest_and_print_every_run():
    runs = [{"wall": 77.4, "cpu": 92.1}, {"wall": 66.3, "cpu": 79.0}, {"wall": 81.3, "cpu": 96.8}]
    best = bench.fastest(runs)
    assert best["wall"] == 66.3 and best["cpu"] == 79.0
    assert bench.walls(best) == "77.4, 66.3, 81.3 s"
    assert "runs" not in runs[1]   # the measured runs are left as they were
    assert bench.fastest(runs[:1])["runs"] == [77.4]
    with pytest.raises(SystemExit):
        bench.main(["--repeat", "0"])


def test_page_size_splits_the_text_from_what_surrounds_it(tmp_path):
    article = '<article class="md-content__inner md-typeset"><h1>Réunion</h1><p>texte</p></article>'
    toc = ('<nav class="md-nav md-nav--secondary"><nav class="md-nav"><a href="#a">Réunion</a></nav>'
           '<a href="#b">b</a></nav>')
    page = tmp_path / "index.html"
    page.write_text(f'<html><body><nav class="md-nav md-nav--primary">n</nav>{toc}{article}</body></html>',
                    encoding="utf-8")
    size = bench.page_size(page)
    assert size["raw"] == page.stat().st_size
    assert size["article"] == len(article.encode("utf-8"))
    assert size["nav"] == len('<nav class="md-nav md-nav--primary">n</nav>')
    assert size["toc"] == len(toc.encode("utf-8"))   # the nested nav is inside, not its end
    # the markup around the text: the page without its article and its table of contents
    assert size["around"] == len('<html><body><nav class="md-nav md-nav--primary">n</nav></body></html>')
    assert 0 < size["article_gzip"] and 0 < size["gzip"] <= size["raw"]


def test_every_copy_of_the_table_of_contents_is_counted_once(tmp_path):
    toc = '<nav class="md-nav md-nav--secondary"><nav class="md-nav">x</nav></nav>'
    page = tmp_path / "index.html"
    page.write_text(f"<html><body><nav class=\"md-nav md-nav--primary\">{toc}</nav>{toc}</body></html>",
                    encoding="utf-8")
    size = bench.page_size(page)
    assert size["toc"] == 2 * len(toc)
    assert size["around"] == size["raw"] - 2 * len(toc)


def test_page_size_of_a_page_without_article_counts_everything_as_around(tmp_path):
    page = tmp_path / "index.html"
    page.write_text("<html><body><p>404</p></body></html>", encoding="utf-8")
    size = bench.page_size(page)
    assert size["article"] == size["article_gzip"] == size["toc"] == 0 and size["around"] == size["raw"]


def test_the_benchmark_builds_with_the_copys_own_hooks_and_data(tmp_path):
    """The timed build of a project copy loads the copy's hooks, so its
    synthetic meetings get their generated parts (from the copy's data/), and
    nothing is read from or written to this repository (e.g. .cache/pdf/)."""
    project = tmp_path / "project"
    project.mkdir()
    dates = bench.make_copy(project, len(REAL) + 1)      # one synthetic meeting
    bench.without_pdf(project)
    result = bench.run_build(project, project / "mkdocs.yml", project / "site", "test build")
    assert result["pages"] > 0
    synthetic_date = next(d for d in dates if d not in REAL)
    for page in ("compte-rendu", "bilan"):
        html = (project / "site" / "reunions" / synthetic_date / page / "index.html").read_text(encoding="utf-8")
        assert "<!-- record-contents -->" not in html and "<!-- priorities-list -->" not in html, page
    contents = (project / "site" / "reunions" / synthetic_date / "compte-rendu" / "index.html").read_text(encoding="utf-8")
    assert 'id="par-organisation"' in contents
    plain = bench.run_build(project, bench.plain_config(project, result["generated"]), project / "site-plain",
                            "test plain build")
    assert plain["pages"] == result["pages"]


# --- save to reload (make serve) --------------------------------------------------------

def test_add_sentence_extends_the_first_paragraph_and_keeps_the_blocks():
    page = ("---\ntitle: T\n---\n\n# Titre\n\nAuteur\n:   définition\n\n| a | b |\n\n"
            "Premier paragraphe,\nsur deux lignes.\n\nSecond paragraphe.\n")
    out = bench.add_sentence(page, "Phrase ajoutée.")
    assert "Premier paragraphe,\nsur deux lignes. Phrase ajoutée.\n\nSecond paragraphe.\n" in out
    assert out.count("\n\n") == page.count("\n\n")          # no block added: parity still holds
    assert out.replace(" Phrase ajoutée.", "") == page      # nothing else changed
    with pytest.raises(ValueError):
        bench.add_sentence("---\ntitle: T\n---\n\n# Titre\n\n- item\n", "x")


def test_add_sentence_works_on_the_pages_the_bench_edits():
    for src, _ in bench.EDITS:
        path = ROOT / "docs" / src.format(template=TEMPLATE)
        text = path.read_text(encoding="utf-8")
        assert bench.add_sentence(text, "Phrase de mesure abc.") != text


def test_measure_sentence_has_neither_digits_nor_capitals_after_the_first_word():
    s = bench.measure_sentence()
    assert not re.search(r"\d", s) and s[1:] == s[1:].lower() and s.endswith(".")


def test_urls_of_the_edited_pages():
    assert bench._url(f"reunions/{TEMPLATE}/bilan.fr.md") == f"reunions/{TEMPLATE}/bilan/"
    assert bench._url("a-propos.fr.md") == "a-propos/"
    assert bench._url("index.fr.md") == "" and bench._url("reunions/index.fr.md") == "reunions/"


def test_save_rows_compare_with_plain_and_apply_the_budgets():
    full, plain = {"first": 12.0, "saves": [1.5, 3.5]}, {"first": 40.0, "saves": [1.0, 1.1]}
    rows = bench.save_rows(120, full, plain, ["a meeting page", "a general page"])
    assert [r[3] for r in rows] == ["PASS", "FAIL", "PASS"]
    assert "plain `mkdocs serve --dirty`: 1.0 s" in rows[0][1] and rows[0][2] == "≤ 3 s"
    today = bench.save_rows(1, {"first": 31.0, "saves": [2.5]}, None, ["x"])
    assert today[0][2] == "≤ 2 s" and today[0][3] == "FAIL" and today[1][3] == "FAIL"


def test_wait_for_polls_until_the_page_changes(tmp_path):
    page = tmp_path / "index.html"
    page.write_text("avant", encoding="utf-8")
    server = bench.Server(tmp_path)
    proc = __import__("subprocess").Popen(["sleep", "30"])
    try:
        import threading
        threading.Timer(0.3, lambda: page.write_text("après la phrase", encoding="utf-8")).start()
        waited = bench.wait_for(server.url, lambda body: "phrase" in body, proc, timeout=20)
        assert waited >= 0.25
        with pytest.raises(TimeoutError):
            bench.wait_for(server.url, lambda body: "jamais" in body, proc, timeout=0.3)
    finally:
        proc.kill()
        server.close()


def test_session_cpu_counts_the_processes_of_a_session():
    import subprocess
    import time as _time
    proc = subprocess.Popen([sys.executable, "-c", "import time\nt = time.process_time()\n"
                             "while time.process_time() - t < 0.5: pass\ntime.sleep(30)"], start_new_session=True)
    try:
        deadline = _time.monotonic() + 30
        while bench.session_cpu(proc.pid) < 0.4 and _time.monotonic() < deadline:
            _time.sleep(0.1)
        assert bench.session_cpu(proc.pid) >= 0.4
        assert bench.session_cpu(2 ** 22 + 12345) == 0.0      # no such session
    finally:
        proc.kill()


def test_save_rows_show_cpu_time_when_measured():
    full = {"first": 20.0, "saves": [4.0], "first_cpu": 5.0, "cpu": [0.9]}
    rows = bench.save_rows(120, full, None, ["x"])
    assert rows[0][1] == "4.0 s (CPU 0.9 s)" and rows[1][1] == "20.0 s (CPU 5.0 s)"


def test_the_render_time_the_bench_reads_is_the_one_the_pdf_hook_reports(tmp_path):
    """bench.RENDERED reads the CPU of a PDF render from the line
    hooks/pdf.py logs for it: a render in this process, its line read back."""
    import multiprocessing

    import pdf
    receive, send = multiprocessing.Pipe(duplex=False)
    doc = '<!doctype html><html lang="fr"><head><link rel="stylesheet" href="pdf.css"></head><body><p>x</p></body></html>'
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    old = __import__("tempfile").tempdir
    try:
        pdf._render(doc, tmp_path / "compte-rendu-2031-01-02-fr.pdf", str(tmp), send)
    finally:
        __import__("tempfile").tempdir = old
    ok, message = receive.recv()
    assert ok, message
    m = bench.RENDERED.search(message)
    assert m and 0 <= float(m.group(1)) < 600, message


def test_the_preview_servers_are_stopped_as_by_ctrl_c_and_leave_nothing_in_tmp(tmp_path):
    """serve_saves on a plain one-page site (plain `mkdocs serve`, no hooks of
    ours): a save is seen, and once the server is stopped, MkDocs has removed
    its copy of the site from the temporary folder; also when the bench runs
    with SIGINT ignored, as a background job does."""
    import os
    import signal

    project = tmp_path / "site"
    (project / "docs").mkdir(parents=True)
    (project / "mkdocs.yml").write_text("site_name: Essai\n", encoding="utf-8")
    (project / "docs" / "index.md").write_text("# Essai\n\nUne phrase.\n", encoding="utf-8")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = dict(os.environ, TMPDIR=str(tmp), NO_MKDOCS_2_WARNING="1")
    port = bench._free_port()
    ignored = signal.signal(signal.SIGINT, signal.SIG_IGN)   # as in a background job
    try:
        result = bench.serve_saves(project, [sys.executable, "-m", "mkdocs", "serve",
                                             "--dev-addr", f"127.0.0.1:{port}"],
                                   [("docs/index.md", "")], port, env, timeout=120)
    finally:
        signal.signal(signal.SIGINT, ignored)
    assert len(result["saves"]) == 1 and result["saves"][0] >= 0
    left = sorted(p.name for p in tmp.iterdir())
    assert not left, f"the stopped server left {left} in the temporary folder"
