"""`make new-meeting DATE=…`: skeletons that build at once and list themselves.

Run in a throwaway copy of the project, for a date that is no meeting yet
(the day after the newest one), so the test holds however the archive grows.
"""
from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from mkdocs.utils.meta import get_data

from archive import free_date
from project_copy import ROOT, copy_project, make_build

sys.path.insert(0, str(ROOT / "hooks"))
from common import format_date  # noqa: E402

DATE = free_date()


def run_script(root, *args):
    return subprocess.run([sys.executable, "scripts/new_meeting.py", *args], cwd=root,
                          capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("new-meeting") / "project")
    # the other entry point, as `make new-meeting` calls it
    run = subprocess.run([sys.executable, "-m", "scripts", "new-meeting", DATE], cwd=root,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    return root, run.stdout


def test_creates_both_languages_with_valid_metadata(project):
    root, _ = project
    folder = root / "docs/reunions" / DATE
    assert sorted(p.name for p in folder.iterdir()) == [
        "bilan.en.md", "bilan.fr.md", "compte-rendu.en.md", "compte-rendu.fr.md", "index.en.md", "index.fr.md"]
    sys.path.insert(0, str(root / "hooks"))
    try:
        from meetings import Meeting
    finally:
        sys.path.pop(0)
    for lang, place in (("fr", "À compléter"), ("en", "To be completed")):
        meta = get_data((folder / f"index.{lang}.md").read_text(encoding="utf-8"))[1]
        meeting = Meeting.model_validate(meta["meeting"])
        assert meeting.date.isoformat() == DATE and meeting.report_date == meeting.date
        assert meeting.status == "draft" and meeting.place == place
        for page in ("bilan", "compte-rendu"):
            meta = get_data((folder / f"{page}.{lang}.md").read_text(encoding="utf-8"))[1]
            assert str(meta["meeting"]) == DATE, page


def test_prints_next_steps_in_both_languages(project):
    _, out = project
    assert "Étapes suivantes" in out and "Next steps" in out
    assert f"docs/reunions/{DATE}/index.fr.md" in out and "CONTRIBUTING.md" in out


def test_site_still_builds_and_lists_the_new_meeting(project):
    root, _ = project
    run = make_build(root)
    assert run.returncode == 0, run.stdout[-3000:]
    site = root / "site"
    day = dt.date.fromisoformat(DATE)
    for lang, listing, label in (("fr", "reunions/index.html", format_date(day, "fr")),
                                 ("en", "en/reunions/index.html", format_date(day, "en"))):
        html = (site / listing).read_text(encoding="utf-8")
        assert label in html and f'href="{DATE}/"' in html, f"the {lang} listing misses the new meeting"
        page = site / ("" if lang == "fr" else "en") / "reunions" / DATE / "index.html"
        assert page.is_file() and (page.parent / "compte-rendu/index.html").is_file()
        assert (page.parent / "bilan/index.html").is_file()
        assert f"/edit/main/docs/reunions/{DATE}/index.{lang}.md" in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("arg, code, message", [
    (DATE, 1, "existe déjà"),              # the meeting exists already
    ("2013-02-30", 2, "not a real date"),
    ("22/11/2013", 2, "YYYY-MM-DD"),
])
def test_refuses_existing_or_invalid_dates(project, arg, code, message):
    root, _ = project
    before = sorted(p.relative_to(root) for p in (root / "docs").rglob("*"))
    run = run_script(root, arg)
    assert run.returncode == code and message in run.stderr, run.stderr
    assert sorted(p.relative_to(root) for p in (root / "docs").rglob("*")) == before, "files changed"


def test_without_a_date_prints_usage(project):
    run = subprocess.run([sys.executable, "-m", "scripts", "new-meeting"], cwd=project[0],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 2 and "make new-meeting DATE=" in run.stderr
