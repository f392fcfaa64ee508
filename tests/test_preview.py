"""`make serve`: a save renders again what it changed, and nothing stale (hooks/preview.py).

The preview is `mkdocs serve --dirty`. Here its builds run as `mkdocs serve`
runs them (on_startup("serve"), then a build per save with a new config, in
one process) in a copy of the project, without the HTTP server: the pages it
writes are what the browser is sent. No timing here: `make bench` times a save.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from project_copy import copy_project

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

import common  # noqa: E402
import preview  # noqa: E402

DOCS, DATA = common.DOCS, common.DATA
MEETING = sorted(p.name for p in (DOCS / "reunions").iterdir() if p.is_dir())[-1]   # the newest: in focus
FOLDER = DOCS / "reunions" / MEETING


# --- what a save renders again (pure) ----------------------------------------------------

def _plan(*changed: Path, added: bool = False) -> preview.Plan:
    before = {str(p): 1 for p in changed if not added}
    before[str(DOCS / "index.fr.md")] = 1
    now = {**{str(p): 2 for p in changed}, str(DOCS / "index.fr.md"): 1}
    return preview.plan(before, now)


def test_a_page_renders_again_with_its_twin():
    todo = _plan(FOLDER / "bilan.fr.md")
    assert todo.pages == {str(FOLDER / "bilan.fr.md"), str(FOLDER / "bilan.en.md")}
    assert not todo.everything and not todo.meetings and not todo.general and todo.changed
    assert todo.focus() == {MEETING}
    general = _plan(DOCS / "a-propos.en.md")
    assert general.pages == {str(DOCS / "a-propos.fr.md"), str(DOCS / "a-propos.en.md")}
    assert not general.everything


@pytest.mark.parametrize("path", [FOLDER / "index.fr.md", DATA / "meetings" / f"{MEETING}.yml",
                                  DOCS / "_snippets" / MEETING / "priorites.en.md",
                                  DATA / "translations" / "reunions" / MEETING / "bilan.yml"])
def test_a_meetings_metadata_snippets_or_data_render_the_meeting_and_the_general_pages(path):
    todo = _plan(path)
    assert todo.meetings == {MEETING} and todo.general and not todo.everything


@pytest.mark.parametrize("path", [DATA / "glossary.fr.yml", DATA / "organisations.yml",
                                  DOCS / "_snippets" / "annexe-manquante.fr.md",
                                  ROOT / "overrides" / "main.html", ROOT / "mkdocs.yml"])
def test_shared_data_templates_and_configuration_render_everything(path):
    assert _plan(path).everything


def test_a_page_added_or_removed_renders_everything():
    assert _plan(FOLDER / "annexe-9.fr.md", added=True).everything


def test_styles_and_images_are_only_copied():
    todo = _plan(DOCS / "assets" / "css" / "site.css")
    assert not (todo.everything or todo.pages or todo.meetings or todo.general)


def test_the_first_build_renders_what_is_missing_only():
    todo = preview.plan(None, {str(FOLDER / "bilan.fr.md"): 1})
    assert not (todo.everything or todo.pages or todo.meetings or todo.general or todo.changed)


def test_a_failed_save_is_rendered_again_with_the_next_one():
    """on_build_error keeps the plan of a save whose build failed; the next one adds it to its own."""
    failed, fixed = _plan(FOLDER / "bilan.fr.md"), _plan(DOCS / "a-propos.fr.md")
    both = fixed | failed
    assert both.pages == failed.pages | fixed.pages and not both.everything
    assert (fixed | _plan(DATA / "glossary.fr.yml")).everything


def test_files_belong_to_their_meeting():
    assert common.meeting_date(FOLDER / "bilan.fr.md") == MEETING
    assert common.meeting_date(DATA / "meetings" / f"{MEETING}.yml") == MEETING
    assert common.meeting_date(DOCS / "_snippets" / MEETING / "priorites.fr.md") == MEETING
    assert common.meeting_date(DATA / "translations" / "reunions" / MEETING / "bilan.yml") == MEETING
    assert common.meeting_date(DOCS / "reunions" / "index.fr.md") is None
    assert common.meeting_date(DOCS / "_snippets" / "annexe-manquante.fr.md") is None


def test_mkdocs_build_checks_every_meeting_whatever_the_focus():
    """The focus only narrows `mkdocs serve`: `mkdocs build` (make build, make test) sees everything."""
    state = common.serve_state()
    saved = dict(state)
    try:
        state["focus"] = {"1999-01-01"}
        common.set_serving("build")
        assert common.in_preview(FOLDER / "bilan.fr.md")
        assert common.previewed([FOLDER / "bilan.fr.md"]) == [FOLDER / "bilan.fr.md"]
        common.set_serving("serve")
        assert not common.in_preview(FOLDER / "bilan.fr.md")
        assert common.in_preview(DOCS / "a-propos.fr.md")
    finally:
        common.set_serving("build")
        state.clear()
        state.update(saved)


def test_remembered_values_follow_the_text():
    first = common.load_yaml("a: [1, 2]\n")
    first["a"].append(3)                              # a caller changing its copy changes nothing
    assert common.load_yaml("a: [1, 2]\n") == {"a": [1, 2]}
    assert common.load_yaml("a: [1, 2, 5]\n") == {"a": [1, 2, 5]}


# --- the preview's builds, as mkdocs serve runs them ----------------------------------------

RUNNER = r'''
import json, os, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
site, edits = sys.argv[1], json.loads(sys.argv[2])
sys.argv = ["mkdocs", "serve", "--dirty"]   # static-i18n reads it for its second language's build
url = "http://127.0.0.1:8000/"
first = True
for edit in [None] + edits:
    if edit:
        path = Path(edit["file"])
        path.write_text(path.read_text(encoding="utf-8").replace(edit["old"], edit["new"], 1), encoding="utf-8")
    config = load_config(config_file="mkdocs.yml", site_dir=site)
    if first:
        config.plugins.on_startup(command="serve", dirty=True)
        first = False
    config.site_url = url
    build(config, serve_url=url, dirty=True)
'''


def serve_builds(root: Path, site: Path, edits: list[dict]) -> subprocess.CompletedProcess:
    """A first preview into site/, then one build per edit ({file, old, new}), in one process."""
    import os
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", GIT_CEILING_DIRECTORIES=str(root.parent))
    env.pop("MEETING", None)
    return subprocess.run([sys.executable, "-c", RUNNER, str(site), json.dumps(edits)], cwd=root, env=env,
                          capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def previewed(tmp_path_factory):
    """A copy with the PDF and search hooks (they must stay out of the preview), previewed
    once, then with a sentence added to the summary and the meeting's subject changed."""
    root = copy_project(tmp_path_factory.mktemp("preview") / "project", pdf=True)
    folder = root / "docs" / "reunions" / MEETING
    text = (folder / "bilan.fr.md").read_text(encoding="utf-8")
    paragraph = next(p for p in text.split("\n\n") if p[:1].isalpha() and ":" not in p.splitlines()[0][:1])
    last = paragraph.splitlines()[-1]
    index = (folder / "index.fr.md").read_text(encoding="utf-8")
    subject = next(line for line in index.splitlines() if line.strip().startswith("subject:"))
    # the subject's value, quoted or not (new-meeting quotes it, with a comment after it)
    value = re.match(r'(\s*subject:\s*)(".*?"|[^#]*?)(\s*(?:#.*)?)$', subject)
    old_value = value.group(2)
    new_value = (old_value[:-1] + ' (sujet revu)"') if old_value.endswith('"') else old_value + " (sujet revu)"
    edits = [{"file": str(folder / "bilan.fr.md"), "old": last + "\n", "new": last + " Phrase de mesure zq.\n"},
             {"file": str(folder / "index.fr.md"), "old": subject,
              "new": value.group(1) + new_value + value.group(3)}]
    site = root / "preview-site"
    first = serve_builds(root, root / "first-site", [])
    assert first.returncode == 0, first.stderr[-4000:]
    run = serve_builds(root, site, edits)
    assert run.returncode == 0, run.stderr[-4000:]
    clean = serve_builds(root, root / "clean-site", [])     # the edited tree, previewed from scratch
    assert clean.returncode == 0, clean.stderr[-4000:]
    return {"root": root, "first": root / "first-site", "site": site, "clean": root / "clean-site"}


def _page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_the_preview_renders_no_pdf_and_says_how_to_get_it(previewed):
    site = previewed["first"]
    assert not list(site.rglob("*.pdf"))
    fr, en = _page(site, f"reunions/{MEETING}"), _page(site, f"en/reunions/{MEETING}")
    assert "PDF produit à la demande : <code>make pdf</code>" in fr
    assert "PDF made on request: <code>make pdf</code>" in en


def test_the_preview_builds_no_search_index_and_the_box_says_so(previewed):
    site = previewed["first"]
    assert not (site / "pagefind").exists()
    home = _page(site, "")
    assert "data-search" in home and "data-search-bundle" not in home   # search.js then says why
    script = (site / "assets" / "js" / "search.js").read_text(encoding="utf-8")
    assert "make build" in script


def test_a_save_shows_the_change_and_its_effects_on_other_pages(previewed):
    site = previewed["site"]
    assert "Phrase de mesure zq." in _page(site, f"reunions/{MEETING}/bilan")
    assert "(sujet revu)" in _page(site, "reunions")                  # the listing reads the metadata
    assert "(sujet revu)" in _page(site, "")                          # the home page too
    assert "Phrase de mesure zq." not in _page(previewed["first"], f"reunions/{MEETING}/bilan")


@pytest.mark.parametrize("path", [f"reunions/{MEETING}/bilan", f"en/reunions/{MEETING}/bilan", "reunions", "",
                                  f"reunions/{MEETING}", f"en/reunions/{MEETING}", "traductions", "en/traductions"])
def test_a_saved_page_is_the_same_as_a_preview_from_scratch(previewed, path):
    """What a save renders again is byte for byte what a fresh preview of the same files renders."""
    assert _page(previewed["site"], path) == _page(previewed["clean"], path)
