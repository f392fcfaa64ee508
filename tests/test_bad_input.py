"""Bad input makes `make build` fail, names the file (and line), publishes nothing.

Each case copies the project to a temporary folder, breaks one thing, runs
`make build` there and checks: a non-zero exit, the file (and line where
there is one) in the message, and no site/ folder (the Makefile builds into
.cache/site.new and moves it to site/ only when the build passes).
"""
from __future__ import annotations

import pytest

from project_copy import append, copy_project, edit, make_build

MEETING = "docs/reunions/2013-10-18"


def _missing_translation(root):
    (root / "docs/organisations.en.md").unlink()
    return "docs/organisations.en.md", None, "missing English translation"


def _broken_link(root):
    n = append(root / "docs/a-propos.fr.md", "Voir [une page](page-inexistante.md).")
    return "docs/a-propos.fr.md", n, "page-inexistante.md"


def _broken_anchor(root):
    n = edit(root / f"{MEETING}/index.fr.md", "(compte-rendu.md)", "(compte-rendu.md#ancre-absente)")
    return f"{MEETING}/index.fr.md", n, "ancre-absente"


# Both languages change alike: the French/English parity check (which runs
# first and compares numbers, front matter included) must not be what fails.
def _invalid_meeting_metadata(root):
    n = edit(root / f"{MEETING}/index.fr.md", "  attendees: 35\n", "  attendees: beaucoup\n")
    edit(root / f"{MEETING}/index.en.md", "  attendees: 35\n", "  attendees: many\n")
    return f"{MEETING}/index.fr.md", n, "meeting.attendees"


def _missing_meeting_metadata(root):
    path = root / f"{MEETING}/index.en.md"
    n = edit(path, "  rapporteur: Sarah Berthelot\n", "")
    meeting_line = path.read_text(encoding="utf-8").splitlines().index("meeting:") + 1
    assert meeting_line < n
    return f"{MEETING}/index.en.md", meeting_line, "meeting.rapporteur"


def _missing_meeting_block(root):
    for lang in ("fr", "en"):
        path = root / f"{MEETING}/index.{lang}.md"
        text = path.read_text(encoding="utf-8")
        start, end = text.index("meeting:\n"), text.index("---\n", 4)
        path.write_text(text[:start] + text[end:], encoding="utf-8")
    return f"{MEETING}/index.fr.md", None, "meeting: missing"


def _unknown_acronym(root):
    n = append(root / "docs/a-propos.fr.md", "Le ZQXW a été consulté.")
    return "docs/a-propos.fr.md", n, "ZQXW"


def _missing_glossary_anchor(root):
    n = append(root / "docs/a-propos.en.md", "See the [glossary](glossaire.md#terme-absent).")
    return "docs/a-propos.en.md", n, "terme-absent"


def _parity(root):
    append(root / "docs/mentions-legales.fr.md", "## Une section ajoutée { #section-ajoutee }\n\nTexte.")
    return "docs/mentions-legales.en.md:", None, "missing anchor #section-ajoutee"


def _script_in_page(root):
    n = append(root / "docs/index.fr.md", '<script>alert("x")</script>')
    return "docs/index.fr.md", n, "<script>"


def _event_attribute_in_snippet(root):
    n = append(root / "docs/_snippets/annexe-manquante.en.md", '<img src="x.png" alt="" onerror="alert(document.domain)">')
    return "docs/_snippets/annexe-manquante.en.md", n, "onerror"


def _javascript_link(root):
    n = append(root / "docs/a-propos.en.md", "A [harmless-looking link](javascript:alert(document.domain)).")
    return "docs/a-propos.en.md", n, "javascript:"


def _iframe_in_html_block(root):
    n = edit(root / "docs/_snippets/2013-10-18/priorites.fr.md", '<div class="priority" id="p1" markdown>\n',
             '<div class="priority" id="p1" markdown>\n<iframe src="https://example.org/"></iframe>\n')
    return "docs/_snippets/2013-10-18/priorites.fr.md", n + 1, "<iframe>"


CASES = [_missing_translation, _broken_link, _broken_anchor, _invalid_meeting_metadata,
         _missing_meeting_metadata, _missing_meeting_block, _unknown_acronym, _missing_glossary_anchor,
         _parity, _script_in_page, _event_attribute_in_snippet, _javascript_link, _iframe_in_html_block]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.__name__.strip("_"))
def test_bad_input_fails_the_build_and_publishes_nothing(case, tmp_path):
    root = copy_project(tmp_path / "project")
    file, line, detail = case(root)
    run = make_build(root)
    out = run.stdout
    assert run.returncode != 0, f"the build passed despite {case.__name__}:\n{out[-3000:]}"
    where = f"{file}:{line}:" if line else file
    assert where in out, f"the message does not name {where!r}:\n{out[-3000:]}"
    assert detail in out, f"the message does not mention {detail!r}:\n{out[-3000:]}"
    site = root / "site"
    assert not site.exists() or not any(site.iterdir()), "a failing build published files in site/"


def test_unmodified_copy_builds_and_publishes(tmp_path):
    root = copy_project(tmp_path / "project")
    run = make_build(root)
    assert run.returncode == 0, run.stdout[-3000:]
    assert (root / "site/index.html").is_file() and (root / "site/en/index.html").is_file()
    assert not (root / ".cache/site.new").exists(), "the temporary build folder was left behind"


def test_a_failing_build_keeps_the_last_good_site(tmp_path):
    """A broken change leaves what was published before untouched."""
    root = copy_project(tmp_path / "project")
    assert make_build(root).returncode == 0
    before = (root / "site/a-propos/index.html").read_bytes()
    append(root / "docs/a-propos.fr.md", "<style>body { display: none }</style>")
    run = make_build(root)
    assert run.returncode != 0 and "<style>" in run.stdout
    assert (root / "site/a-propos/index.html").read_bytes() == before


# --- the safety check itself, on Markdown rendered as the site renders it (no build) --

def _scan(text):
    """What hooks/safety.py finds in a Markdown text once it is HTML."""
    from test_security import render_and_check
    return render_and_check(text)


@pytest.mark.parametrize("text, word", [
    ("a\n\n<script>alert(1)</script>", "<script>"),
    ('<iframe src="https://example.org/"></iframe>', "<iframe>"),
    ('<object data="x.swf"></object>', "<object>"),
    ('<embed src="x.swf">', "<embed>"),
    ('<form action="https://example.org/"></form>', "<form>"),
    ("x\n<style>body { display: none }</style>", "<style>"),
    ('<img src="x.png" alt="" onerror="alert(1)">', "onerror="),
    ('<div ONCLICK="alert(1)" markdown>', "onclick="),
    ('<a href=" JaVa&#x09;script:alert(1)">x</a>', "javascript:"),
    ("[x](javascript:alert(1))", "javascript:"),
    ("[x]( <javascript:alert(1)> )", "javascript:"),
    ("![x](javascript:alert(1))", "javascript:"),
    ("[x][a]\n\n[a]: javascript:alert(1)", "javascript:"),
    ("[x](jav&#97;script:alert(1))", "javascript:"),
    ('<a href="data:text/html,x">x</a>', "data:"),
    # a comment that hides markup: parsers disagree on where such a comment ends
    ("<!-- meetings-list -->\n<!-- <script> in a comment -->", "comment"),
])
def test_safety_catches(text, word):
    found = _scan(text)
    assert any(word in problem for problem in found), found


@pytest.mark.parametrize("text", [
    "## Bilan { #bilan }\n\nTexte { .letterhead }",
    '<div class="priority" id="p1" markdown>\n\n4<sup>e</sup> étage\n\n</div>',
    "<!-- meetings-list -->\n<!-- record-contents -->",
    "[a](https://example.org/) [b](mailto:a@example.org) [c](tel:+33100000000) [d](compte-rendu.md#i23-etz) [e](#fn:1)",
    "```html\n<script>alert(1)</script>\n```\n\nInline `<iframe>` code and ~~~ tildes.",
    "[^1]: note\n\n*[PJJ]: Protection judiciaire de la jeunesse",
])
def test_safety_lets_legitimate_markdown_pass(text):
    assert _scan(text) == []
