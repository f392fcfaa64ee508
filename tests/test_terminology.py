"""The terminology check (scripts/terminology.py, data/terminology.yml).

Today's pages pass it; copies broken on purpose are reported on the English
file and line, with the French term and the table's English; TRANSLATING.md's
table is the one the data gives. No built site is needed.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "hooks"))

from scripts import terminology  # noqa: E402

MEETING = "reunions/2013-10-18"


@pytest.fixture
def docs(tmp_path):
    """A copy of docs/ to break."""
    dest = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", dest)
    return dest


def replace(path: Path, old: str, new: str) -> int:
    """Replace old (present exactly once) with new; the 1-based line where new now starts."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is no longer once in {path.name}: update the test"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_todays_english_pages_follow_the_table():
    assert terminology.check(ROOT / "docs") == []


def test_translating_md_table_is_the_data():
    assert terminology.guide_problem() is None
    text = (ROOT / "TRANSLATING.md").read_text(encoding="utf-8")
    table = text.split(terminology.START)[1].split(terminology.END)[0]
    rows = [line for line in table.splitlines() if line.startswith("| ") and not line.startswith("| ---")]
    assert len(rows) == len(terminology.load()) + 1   # + the header
    assert "| projet de loi | government bill |" in table


def test_each_french_term_has_one_english_term():
    entries = terminology.load()
    french = [e.fr for e in entries]
    assert len(french) == len(set(french)), "a French term is in the table twice"


def test_rejected_variant_is_named_with_file_and_line(docs):
    line = replace(docs / MEETING / "compte-rendu.en.md",
                   "undergo fairly harsh incarceration", "are given fairly heavy custodial sentences")
    problems = terminology.check(docs)
    assert len(problems) == 2, problems
    # the French term without its rendering (line 1: the page as a whole), then the variant on its line
    assert problems[0].startswith(f"docs/{MEETING}/compte-rendu.en.md:1: the French has « incarcération")
    assert problems[1].startswith(f"docs/{MEETING}/compte-rendu.en.md:{line}: “custodial sentences”")
    assert "« incarcérations »" in problems[1] and "imprisonment" in problems[1]


def test_the_miprof_is_named_on_every_line_where_it_is(docs):
    page = docs / MEETING / "bilan.en.md"
    lines = [replace(page, "the heads of MIPROF to obtain", "the heads of the MIPROF to obtain"),
             replace(page, "and of MIPROF are well aware", "and of the MIPROF are well aware")]
    problems = terminology.check(docs)
    assert [p.split(": ", 1)[0] for p in problems] == [f"docs/{MEETING}/bilan.en.md:{n}" for n in lines]
    assert all("“the MIPROF”" in p for p in problems)


def test_french_term_without_its_english_rendering_is_reported(docs):
    replace(docs / MEETING / "compte-rendu.en.md", "The government bill seems", "The bill seems")
    problems = terminology.check(docs)
    assert len(problems) == 1, problems
    assert re.match(rf"docs/{MEETING}/compte-rendu\.en\.md:1: the French has « projet de loi » "
                    r"\(compte-rendu\.fr\.md:\d+\) but the English has no “government bill”", problems[0])


def test_missing_first_use_explanation_is_reported(docs):
    page = docs / MEETING / "compte-rendu.en.md"
    text = page.read_text(encoding="utf-8")
    explained = ("the Interministerial Mission for the Protection of Women against Violence and the "
                 "Fight against Trafficking in Human Beings (MIPROF)")
    assert explained in text
    page.write_text(text.replace(explained, "MIPROF"), encoding="utf-8")   # explained nowhere on the page now
    problems = terminology.check(docs)
    assert len(problems) == 1, problems
    assert f"docs/{MEETING}/compte-rendu.en.md:" in problems[0]
    assert "« MIPROF »" in problems[0] and "not explained" in problems[0]


def test_cabinet_needs_its_explanation_but_chief_of_staff_does_not(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    fr, en = docs / "p.fr.md", docs / "p.en.md"
    fr.write_text("# Titre\n\nLe Directeur de Cabinet parle. Il se rend compte que le plan tarde.\n", encoding="utf-8")
    en.write_text("# Title\n\nThe chief of staff speaks. He realises that the plan is late.\n", encoding="utf-8")
    assert terminology.check(docs) == []   # only "directeur de cabinet": nothing to explain
    replace(en, "He realises that", "The Minister’s office realises that")
    replace(fr, "Il se rend compte", "Le cabinet se rend compte")
    problems = terminology.check(docs)
    assert len(problems) == 1 and "« cabinet »" in problems[0], problems


def test_a_variant_allowed_where_the_french_has_the_word(docs):
    # annex 2's French says « Contribution à la consultation »: "Contribution" is right there
    assert "Contribution to the consultation" in (docs / MEETING / "annexe-2.en.md").read_text(encoding="utf-8")
    line = replace(docs / MEETING / "annexe-1.en.md", "[intervention by Esclavage", "[contribution by Esclavage")
    problems = terminology.check(docs)
    assert any(p.startswith(f"docs/{MEETING}/annexe-1.en.md:{line}: “contribution”") for p in problems), problems
    assert not [p for p in problems if "annexe-2" in p]


def test_link_targets_and_anchors_are_not_read(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "p.fr.md").write_text("# Titre { #cabinet }\n\n[Lien](compte-rendu.md#i01-cabinet)\n",
                                  encoding="utf-8")
    (docs / "p.en.md").write_text("# Title { #cabinet }\n\n[Link](compte-rendu.md#i01-cabinet)\n",
                                  encoding="utf-8")
    assert terminology.check(docs) == []


def test_terms_split_across_lines_and_emphasis_are_found(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "p.fr.md").write_text("Le **projet\nde loi** est déposé.\n", encoding="utf-8")
    (docs / "p.en.md").write_text("The\n**custodial\nsentences**.\n", encoding="utf-8")
    problems = terminology.check(docs)
    assert problems[0].startswith("docs/p.en.md:1: the French has « projet de loi »")
    assert problems[1].startswith("docs/p.en.md:2: “custodial sentences”")


def test_table_out_of_step_with_the_data_is_named_and_rewritten(tmp_path):
    guide = tmp_path / "TRANSLATING.md"
    shutil.copy(ROOT / "TRANSLATING.md", guide)
    text = guide.read_text(encoding="utf-8")
    guide.write_text(text.replace("| projet de loi | government bill |", "| projet de loi | the bill |"),
                     encoding="utf-8")
    problem = terminology.guide_problem(guide)
    assert problem and problem.startswith("TRANSLATING.md:") and "--write-table" in problem
    assert terminology.guide_problem(guide, write=True) is None
    assert guide.read_text(encoding="utf-8") == text


def test_malformed_entry_is_named(tmp_path):
    data = tmp_path / "terminology.yml"
    data.write_text("entries:\n  - fr: projet de loi\n    en: government bill\n    find: '(projet'\n",
                    encoding="utf-8")
    with pytest.raises(ValueError, match=r"entry 1 \(projet de loi\): invalid regular expression"):
        terminology.load(data)


def test_check_command_reports_terminology_and_fails(docs):
    replace(docs / MEETING / "compte-rendu.en.md", "A multi-agency approach", "A multisectoral approach")
    for command in ("check", "terminology"):
        run = subprocess.run([sys.executable, "-m", "scripts", command, str(docs)], cwd=ROOT,
                             capture_output=True, text=True)
        assert run.returncode == 1, run.stdout + run.stderr
        assert f"docs/{MEETING}/compte-rendu.en.md:" in run.stdout and "“multisectoral”" in run.stdout


def test_a_new_meetings_skeleton_passes(tmp_path):
    sys.path.insert(0, str(ROOT / "scripts"))
    from scripts import new_meeting
    docs = tmp_path / "docs"
    (docs / "_snippets").mkdir(parents=True)
    new_meeting.create(new_meeting.parse_date("2031-05-06"), docs)
    assert terminology.check(docs) == []
