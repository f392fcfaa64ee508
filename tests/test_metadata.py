"""Meeting metadata in front matter is validated; bad metadata is rejected
with the file, the line and the field named."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from conftest import DOCS, ROOT

sys.path.insert(0, str(ROOT / "hooks"))
from common import BuildError  # noqa: E402
from meetings import load_meetings  # noqa: E402
from validate import check  # noqa: E402

import datetime as dt
import re

import archive

# a published meeting's metadata is what these tests break (in a copy)
MEETING = (archive.published() or archive.meetings() or [None])[0]
if MEETING is None:
    pytest.skip("no meeting in docs/reunions/", allow_module_level=True)
DATE = MEETING.date
SUMMARY = Path(f"reunions/{DATE}/index.fr.md")
BEFORE = (MEETING.day - dt.timedelta(days=1)).isoformat()
AFTER = (MEETING.day + dt.timedelta(days=1)).isoformat()


@pytest.fixture
def docs_copy(tmp_path) -> Path:
    dst = tmp_path / "docs"
    shutil.copytree(DOCS, dst)
    return dst


def edit(path: Path, old: str, new: str) -> None:
    """Replaces the first match of the pattern `old`."""
    text = path.read_text(encoding="utf-8")
    assert re.search(old, text, re.M), f"{old!r} not in {path}"
    path.write_text(re.sub(old, lambda m: new, text, count=1, flags=re.M), encoding="utf-8")


def test_the_real_metadata_is_valid():
    """Every meeting's metadata validates, and its two languages agree."""
    meetings = load_meetings(DOCS)
    assert set(meetings) == {"fr", "en"}
    assert sorted(meetings["fr"]) == sorted(meetings["en"]) == [m.date for m in archive.meetings()]
    for date, m in meetings["fr"].items():
        en = meetings["en"][date]
        assert m.date.isoformat() == date
        assert (en.date, en.report_date, en.attendees, en.status) == (m.date, m.report_date, m.attendees, m.status)
        assert m.status == next(a.status for a in archive.meetings() if a.date == date)


@pytest.mark.parametrize("old,new,field", [
    (r"attendees: *\d+", "attendees: -3", "meeting.attendees"),
    (r"attendees: *\d+", "attendees: beaucoup", "meeting.attendees"),
    (r"status: *final\b", "status: publié", "meeting.status"),
    (r"report_date: *\S+", "report_date: 2013-02-30", "meeting.report_date"),
    (r"report_date: *\S+", f"report_date: {BEFORE}", "meeting.report_date"),
    (r"^  rapporteur:.*\n", "", "meeting.rapporteur"),
    (rf"date: {DATE}\n  report", f"date: {AFTER}\n  report", "meeting.date"),
    (r"status: *final\b", "status: final\n  colour: blue", "meeting.colour"),
])
def test_invalid_metadata_is_rejected_naming_file_line_and_field(docs_copy, old, new, field):
    edit(docs_copy / SUMMARY, old, new)
    with pytest.raises(BuildError) as err:
        load_meetings(docs_copy)
    message = str(err.value)
    assert f"docs/{SUMMARY}:" in message.replace(str(docs_copy.parent) + "/", "") or str(SUMMARY) in message
    assert field in message
    assert any(line.split(":")[1].isdigit() for line in err.value.problems), err.value.problems


def test_missing_metadata_block_is_rejected(docs_copy):
    path = docs_copy / SUMMARY
    text = path.read_text(encoding="utf-8")
    start = text.index("meeting:")
    end = text.index("---", start)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(BuildError) as err:
        load_meetings(docs_copy)
    assert "index.fr.md" in str(err.value) and "meeting" in str(err.value)


def test_other_pages_must_name_their_meeting(docs_copy):
    edit(docs_copy / f"reunions/{DATE}/compte-rendu.fr.md", f"meeting: {DATE}", f"meeting: {BEFORE}")
    with pytest.raises(BuildError) as err:
        load_meetings(docs_copy)
    assert "compte-rendu.fr.md:" in str(err.value)


# --- messages a member can act on, in the file's language --------------------------------

def _message(docs: Path, page: Path) -> list[str]:
    with pytest.raises(BuildError) as err:
        load_meetings(docs)
    prefix = f"{docs}/{page}:"
    return [p.replace(f"{docs}/", "docs/") for p in err.value.problems if p.startswith(prefix)]


def test_a_date_in_another_format_is_told_the_expected_form_in_french(docs_copy):
    edit(docs_copy / SUMMARY, "date: 2013-10-18\n  report", "date: 22/11/2013\n  report")
    n = next(i for i, line in enumerate((docs_copy / SUMMARY).read_text(encoding="utf-8").splitlines(), 1)
             if "22/11/2013" in line)
    assert _message(docs_copy, SUMMARY) == [
        f"docs/{SUMMARY}:{n}: meeting.date : « 22/11/2013 » n'est pas une date : écrivez-la sous la forme "
        "AAAA-MM-JJ, par exemple 2013-11-22"]


def test_a_colon_in_a_value_is_told_to_quote_it_in_english(docs_copy):
    page = Path("reunions/2013-10-18/index.en.md")
    edit(docs_copy / page, "  place: Paris, office", "  place: Paris: office")
    n = next(i for i, line in enumerate((docs_copy / page).read_text(encoding="utf-8").splitlines(), 1)
             if "place:" in line)
    assert _message(docs_copy, page) == [
        f"docs/{page}:{n}: the value of 'place' contains a colon followed by a space; put it in double quotes: "
        'place: "Paris: office of the Minister for Women’s Rights"']


def test_a_quoted_value_with_a_colon_is_valid(docs_copy):
    edit(docs_copy / SUMMARY, "  place: Paris, cabinet de la Ministre des Droits des femmes",
         '  place: "Paris : siège du Secours Catholique"')
    assert load_meetings(docs_copy)["fr"]["2013-10-18"].place == "Paris : siège du Secours Catholique"


def test_placeholders_count_only_in_a_final_meeting_and_not_in_yaml_comments(docs_copy):
    data = docs_copy.parent / "data"
    shutil.copytree(ROOT / "data", data)
    edit(docs_copy / SUMMARY, "  rapporteur: Sarah Berthelot",
         "  rapporteur: Sarah Berthelot # remplacez « À compléter »")
    bilan = docs_copy / "reunions/2013-10-18/bilan.fr.md"
    bilan.write_text(bilan.read_text(encoding="utf-8") + "\nÀ compléter.\n", encoding="utf-8")
    n = len(bilan.read_text(encoding="utf-8").splitlines())
    assert [p for p in check(docs_copy, data) if "compléter" in p] == [
        f"{bilan}:{n}: « À compléter » est encore là, alors que la réunion du 2013-10-18 est en version "
        "définitive (status: final) : remplacez-le par le texte approuvé, ou remettez status: draft dans index.fr.md et "
        "index.en.md"]
    for lang in ("fr", "en"):
        edit(docs_copy / f"reunions/2013-10-18/index.{lang}.md", "status: final", "status: draft")
    assert [p for p in check(docs_copy, data) if "compléter" in p] == []
