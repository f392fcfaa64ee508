"""tests/second_meeting.py fills in a new meeting as a person would.

Fast: no build (`make test-archive` builds and tests the filled-in copy).
The skeletons are those `new-meeting` writes today, whatever they hold.
"""
from __future__ import annotations

import datetime as dt
import re
import sys

import pytest
import yaml

import archive
import second_meeting as S
from conftest import ROOT

sys.path.insert(0, str(ROOT))
from scripts import new_meeting  # noqa: E402

DATE = dt.date.fromisoformat(archive.free_date())


def _skeletons() -> dict[str, str]:
    """{path: text} of a new meeting's files (names relative to the project or to its folder)."""
    return new_meeting.skeletons(DATE)


def _structure(text: str) -> list[str]:
    """What the filler must keep: headings' anchors, ids, snippet lines, HTML comments, links."""
    return re.findall(r"\{ ?#[\w-]+ ?\}|id=\"[\w-]+\"|^-+8<-+.*$|<!--.*?-->|\]\([^)]*\)", text, re.M)


@pytest.mark.parametrize("name", sorted(_skeletons()))
def test_every_placeholder_is_replaced_and_the_structure_kept(name):
    text = _skeletons()[name]
    lang = S.language(name)
    filled = S.publish(S.Filler("en" if lang == "fr" else "fr").fill(S.Filler(lang).fill(text, name.endswith(".md")),
                                                                     name.endswith(".md")))
    assert not any(p in filled for p in S.PLACEHOLDER.values()), filled
    assert _structure(filled) == _structure(text), name
    assert "status: draft" not in filled
    if re.search(r"^\s*status:", text, re.M):   # not a comment that mentions it
        assert re.search(r"^\s*status:\s*final\b", filled, re.M)
    front = re.match(r"---\n(.*?)\n---\n", filled, re.S) if name.endswith(".md") else None
    data = yaml.safe_load(front.group(1) if front else filled) if (front or name.endswith(".yml")) else None
    if isinstance(data, dict) and isinstance(data.get("meeting"), dict):
        for key in ("place", "rapporteur", "subject"):
            assert data["meeting"][key] == S.VALUES[lang][key], key
    assert not re.search(r"\d", "".join(S.PARAGRAPHS[lang] + S.ITEMS[lang])), "digits would upset the parity check"


def test_a_placeholder_in_the_middle_of_a_line_or_in_a_list_is_replaced():
    text = "# T\n\nVoir : À compléter, puis la suite.\n\n- À compléter : un point.\n\nÀ compléter\nsur deux lignes.\n"
    filled = S.Filler("fr").fill(text, True)
    assert "À compléter" not in filled and "# T" in filled and "sur deux lignes" not in filled
    assert "- " + S.ITEMS["fr"][0] in filled or "- " + S.ITEMS["fr"][1] in filled


def test_instructions_in_yaml_comments_are_deleted_with_their_paragraph():
    text = "# Keep this.\n#\n# To be completed: replace this,\n# then delete this paragraph.\n#\nkey: value\n"
    assert S.Filler("en").fill(text, False) == "# Keep this.\n#\nkey: value\n"


def test_a_folder_that_is_not_empty_is_refused(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "f").write_text("x")
    with pytest.raises(SystemExit, match="not empty"):
        S.copy_project(tmp_path / "x")
