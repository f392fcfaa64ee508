"""`make new-meeting DATE=…`: every file a meeting needs, building at once as a draft.

Run in a throwaway copy of the project, for a date that is no meeting yet
(the day after the newest one), so the test holds however the archive grows.
"""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys

import pytest
import yaml
from mkdocs.utils.meta import get_data

from archive import free_date
from conftest import DOCS
from project_copy import ROOT, copy_project, make_build

sys.path.insert(0, str(ROOT / "hooks"))
from common import format_date  # noqa: E402

DATE = free_date()
TODO = {"fr": "À compléter", "en": "To be completed"}
FILES = sorted([f"docs/reunions/{DATE}/{page}.{lang}.md"
                for page in ("index", "bilan", "compte-rendu", "priorites") for lang in ("fr", "en")]
               + [f"docs/_snippets/{DATE}/priorites.{lang}.md" for lang in ("fr", "en")]
               + [f"data/meetings/{DATE}.yml"])
ANCHOR = re.compile(r"^## .+ \{ #(i\d\d-[a-z0-9-]+) \}$")


def run_script(root, *args):
    return subprocess.run([sys.executable, "scripts/new_meeting.py", *args], cwd=root,
                          capture_output=True, text=True, timeout=60)


def meeting_files(root):
    return sorted(p.relative_to(root).as_posix()
                  for p in [*(root / "docs/reunions" / DATE).glob("*"), *(root / "docs/_snippets" / DATE).glob("*"),
                            *(root / "data/meetings").glob(f"{DATE}*")])


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    assert not (DOCS / "reunions" / DATE).exists(), f"{DATE} is a real meeting: choose another date for this test"
    root = copy_project(tmp_path_factory.mktemp("new-meeting") / "project")
    # the other entry point, as `make new-meeting` calls it
    run = subprocess.run([sys.executable, "-m", "scripts", "new-meeting", DATE], cwd=root,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    return root, run.stdout


@pytest.fixture(scope="module")
def built(project):
    """The copy built as `make serve` shows it: drafts included (DRAFTS=1)."""
    root, _ = project
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DRAFTS", "1")
        run = make_build(root)
    assert run.returncode == 0, run.stdout[-3000:]
    return root / "site"


def test_creates_every_file_of_a_meeting_in_both_languages(project):
    root, _ = project
    assert meeting_files(root) == FILES


def test_metadata_is_valid_and_every_value_to_fill_is_the_placeholder(project):
    root, _ = project
    sys.path.insert(0, str(root / "hooks"))
    try:
        from meetings import Meeting
    finally:
        sys.path.pop(0)
    folder = root / "docs/reunions" / DATE
    for lang, todo in TODO.items():
        meta = get_data((folder / f"index.{lang}.md").read_text(encoding="utf-8"))[1]
        meeting = Meeting.model_validate(meta["meeting"])
        assert meeting.date.isoformat() == DATE and meeting.report_date == meeting.date
        assert meeting.status == "draft"
        for field in ("place", "rapporteur", "subject"):
            assert getattr(meeting, field) == todo, (lang, field)
        for page in ("bilan", "compte-rendu", "priorites"):
            meta = get_data((folder / f"{page}.{lang}.md").read_text(encoding="utf-8"))[1]
            assert str(meta["meeting"]) == DATE, page


def test_free_text_values_are_quoted_so_a_colon_needs_no_care(project):
    root, _ = project
    for lang, todo in TODO.items():
        text = (root / "docs/reunions" / DATE / f"index.{lang}.md").read_text(encoding="utf-8")
        for field in ("title", "place", "rapporteur", "subject"):
            assert re.search(rf'^\s*{field}: "[^"]*"', text, re.M), f"index.{lang}.md: {field} is not quoted"
        filled = text.replace(todo, "Paris : siège du Secours Catholique, 106 rue du Bac")
        assert get_data(filled)[1]["meeting"]["place"] == "Paris : siège du Secours Catholique, 106 rue du Bac"


def test_each_file_holds_only_its_language_placeholder(project):
    root, _ = project
    for name in FILES:
        text = (root / name).read_text(encoding="utf-8")
        lang = "fr" if name.endswith(".fr.md") else "en"   # the data file is in English
        other = "en" if lang == "fr" else "fr"
        if "/priorites." not in name or "_snippets" in name:   # the priorities page's intro is written
            assert TODO[lang] in text, f"{name}: no {TODO[lang]!r} to fill in"
        assert TODO[other] not in text, f"{name}: {TODO[other]!r} in a {lang} file"


def test_the_record_shows_the_intervention_anchor_convention_and_the_data_maps_it(project):
    root, _ = project
    data = yaml.safe_load((root / f"data/meetings/{DATE}.yml").read_text(encoding="utf-8"))
    orgs = yaml.safe_load((root / "data/organisations.yml").read_text(encoding="utf-8"))
    for lang in TODO:
        text = (root / "docs/reunions" / DATE / f"compte-rendu.{lang}.md").read_text(encoding="utf-8")
        body = get_data(text)[0]
        headings = [line for line in body.splitlines() if line.startswith("## ")]
        anchors = [ANCHOR.match(h).group(1) for h in headings if ANCHOR.match(h)]
        assert len(anchors) == len(headings) == 2, f"compte-rendu.{lang}.md: {headings}"
        assert anchors == ["i01-secours-catholique", "i02-ccem"]
        assert "#ouverture" not in text
        assert list(data["interventions"]) == anchors
    for anchor, iv in data["interventions"].items():
        assert anchor.endswith("-" + iv["org"]) and iv["org"] in orgs
    assert data["priorities_snippet"] == f"{DATE}/priorites"
    for lang in TODO:
        snippet = (root / "docs/_snippets" / DATE / f"priorites.{lang}.md").read_text(encoding="utf-8")
        assert snippet.startswith('<div class="priority" id="p1" markdown>\n') and "</div>" in snippet
        page = (root / "docs/reunions" / DATE / f"priorites.{lang}.md").read_text(encoding="utf-8")
        assert f'--8<-- "{DATE}/priorites.{lang}.md"' in page


def test_prints_next_steps_in_both_languages(project):
    _, out = project
    assert "Étapes suivantes" in out and "Next steps" in out
    for name in FILES:
        assert name in out, f"{name} not in the list of files created"
    assert "CONTRIBUTING.md" in out and "CONTRIBUTING.en.md" in out and "status: final" in out


def test_the_draft_builds_and_is_listed_with_its_priorities_linked(built):
    site = built
    day = dt.date.fromisoformat(DATE)
    for lang, listing, label in (("fr", "reunions/index.html", format_date(day, "fr")),
                                 ("en", "en/reunions/index.html", format_date(day, "en"))):
        html = (site / listing).read_text(encoding="utf-8")
        assert label in html and f'href="{DATE}/"' in html, f"the {lang} listing misses the new meeting"
        prefix = "" if lang == "fr" else "en/"
        home = (site / prefix / "index.html").read_text(encoding="utf-8")
        assert f'href="reunions/{DATE}/"' in home, f"the {lang} home page does not show the latest meeting"
        folder = site / prefix / "reunions" / DATE
        for page in ("", "bilan/", "compte-rendu/", "priorites/"):
            assert (folder / page / "index.html").is_file(), f"{prefix}reunions/{DATE}/{page}"
        page = (folder / "index.html").read_text(encoding="utf-8")
        assert f"/edit/main/docs/reunions/{DATE}/index.{lang}.md" in page
        # the example priority, raised by the example intervention, both ways
        priorities = (folder / "priorites/index.html").read_text(encoding="utf-8")
        assert 'id="p1"' in priorities
        assert f'/edit/main/docs/_snippets/{DATE}/priorites.{lang}.md" class="md-content__button' in priorities, \
            "the priorities page's edit link does not open the priorities' text"
        assert 'href="../compte-rendu/#i01-secours-catholique"' in priorities
        record = (folder / "compte-rendu/index.html").read_text(encoding="utf-8")
        assert 'id="i01-secours-catholique"' in record and 'id="i02-ccem"' in record
        assert 'href="../priorites/#p1"' in record
        summary = (folder / "bilan/index.html").read_text(encoding="utf-8")
        assert 'href="../priorites/#p1"' in summary


@pytest.mark.parametrize("arg, code, message", [
    (DATE, 1, "existe déjà"),              # the meeting exists already
    ("2013-02-30", 2, "not a real date"),
    ("22/11/2013", 2, "YYYY-MM-DD"),
])
def test_refuses_existing_or_invalid_dates(project, arg, code, message):
    root, _ = project
    before = sorted(p.relative_to(root) for p in [*(root / "docs").rglob("*"), *(root / "data").rglob("*")])
    run = run_script(root, arg)
    assert run.returncode == code and message in run.stderr, run.stderr
    after = sorted(p.relative_to(root) for p in [*(root / "docs").rglob("*"), *(root / "data").rglob("*")])
    assert after == before, "files changed"


def test_a_meeting_with_only_its_data_file_is_refused_and_nothing_is_written(project):
    root, _ = project
    data = root / "data/meetings/2099-02-15.yml"
    data.write_text("# a data file left from an earlier try\n", encoding="utf-8")
    try:
        run = run_script(root, "2099-02-15")
        assert run.returncode == 1 and "data/meetings/2099-02-15.yml" in run.stderr, run.stderr
        assert not (root / "docs/reunions/2099-02-15").exists()
        assert not (root / "docs/_snippets/2099-02-15").exists()
    finally:
        data.unlink()


def test_without_a_date_prints_usage(project):
    run = subprocess.run([sys.executable, "-m", "scripts", "new-meeting"], cwd=project[0],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 2 and "make new-meeting DATE=" in run.stderr
