"""Bad input makes `make build` fail, names the file (and line), publishes nothing.

Each case copies the project to a temporary folder, breaks one thing, runs
`make build` there and checks: a non-zero exit, the file (and line where
there is one) in the message, and no site/ folder (the Makefile builds into
.cache/site.new and moves it to site/ only when the build passes).
"""
from __future__ import annotations

import re
import sys

import pytest

import archive
from project_copy import ROOT, append, copy_project, edit, make_build

# the meeting these cases break (in a copy): the newest published one
# The meeting the mistakes are made in: the richest published one (a split
# record, a priorities snippet); the cases name lines of its text.
LATEST = archive.largest()
MEETING = f"docs/{LATEST.path}" if LATEST else None


def edit_line(path, pattern: str, new: str) -> int:
    """Replaces the first line matching `pattern` by `new` (\"\" removes it); returns its line."""
    text = path.read_text(encoding="utf-8")
    m = re.search(pattern, text, re.M)
    assert m, f"{path} has no line matching {pattern!r}: update the test"
    start, end = text.rfind("\n", 0, m.start()) + 1, text.find("\n", m.end()) + 1
    path.write_text(text[:start] + new + text[end:], encoding="utf-8")
    return text[:start].count("\n") + 1


def _missing_translation(root):
    (root / "docs/organisations.en.md").unlink()
    return "docs/organisations.en.md", None, "missing English translation"


def _broken_link(root):
    n = append(root / "docs/a-propos.fr.md", "Voir [une page](page-inexistante.md).")
    return "docs/a-propos.fr.md", n, "lien cassé « page-inexistante.md » : la page visée n'existe pas"


def _broken_anchor(root):
    n = edit(root / f"{MEETING}/index.fr.md", "(compte-rendu.md)", "(compte-rendu.md#ancre-absente)")
    return f"{MEETING}/index.fr.md", n, "ancre-absente"


# Both languages change alike: the French/English parity check (which runs
# first and compares numbers, front matter included) must not be what fails.
def _invalid_meeting_metadata(root):
    n = edit_line(root / f"{MEETING}/index.fr.md", r"^  attendees:", "  attendees: beaucoup\n")
    edit_line(root / f"{MEETING}/index.en.md", r"^  attendees:", "  attendees: many\n")
    return f"{MEETING}/index.fr.md", n, "meeting.attendees"


def _missing_meeting_metadata(root):
    path = root / f"{MEETING}/index.en.md"
    n = edit_line(path, r"^  rapporteur:", "")
    meeting_line = path.read_text(encoding="utf-8").splitlines().index("meeting:") + 1
    assert meeting_line < n
    return f"{MEETING}/index.en.md", meeting_line, "meeting.rapporteur"


def _missing_meeting_block(root):
    for lang in ("fr", "en"):
        path = root / f"{MEETING}/index.{lang}.md"
        text = path.read_text(encoding="utf-8")
        start, end = text.index("meeting:\n"), text.index("---\n", 4)
        path.write_text(text[:start] + text[end:], encoding="utf-8")
    return f"{MEETING}/index.fr.md", None, "meeting : fiche manquante"


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
    """In a priority block of a snippet (the first published meeting's that has one)."""
    snippet = next((s for m in archive.published() for s in sorted(m.snippets.glob("*.fr.md"))
                    if '<div class="priority" id="p1" markdown>\n' in s.read_text(encoding="utf-8")), None)
    if snippet is None:
        pytest.skip("no published meeting has a priority block")
    rel = snippet.relative_to(ROOT).as_posix()
    n = edit(root / rel, '<div class="priority" id="p1" markdown>\n',
             '<div class="priority" id="p1" markdown>\n<iframe src="https://example.org/"></iframe>\n')
    return rel, n + 1, "<iframe>"


CASES = [_missing_translation, _broken_link, _broken_anchor, _invalid_meeting_metadata,
         _missing_meeting_metadata, _missing_meeting_block, _unknown_acronym, _missing_glossary_anchor,
         _parity, _script_in_page, _event_attribute_in_snippet, _javascript_link, _iframe_in_html_block]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.__name__.strip("_"))
def test_bad_input_fails_the_build_and_publishes_nothing(case, tmp_path):
    if MEETING is None and "meeting" in case.__name__ or case is _broken_anchor and MEETING is None:
        pytest.skip("no published meeting to break")
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


# --- mistakes a member makes: the message names the file and line, in the file's --
# language, says what to do, and nothing is published. Each case returns what
# the message must say, [(file:line, words)], and what it must not.

def _placeholder_left_in_a_final_meeting(root):
    fr = append(root / f"{MEETING}/bilan.fr.md", "À compléter.")
    en = append(root / "docs/_snippets/2013-10-18/priorites.en.md", "To be completed.")
    said = "est encore là, alors que la réunion du 2013-10-18 est en version définitive (status: final)"
    return [(f"{MEETING}/bilan.fr.md:{fr}", f"« À compléter » {said}"),
            ("docs/_snippets/2013-10-18/priorites.en.md:" + str(en),
             '"To be completed" is still here, but the meeting of 2013-10-18 is final (status: final): '
             "replace it with the approved text")], []


def _record_heading_without_anchor(root):
    n = append(root / f"{MEETING}/compte-rendu.fr.md", "## Nouvelle intervention\n\nTexte.")
    return [(f"{MEETING}/compte-rendu.fr.md:{n}",
             "l'intertitre « ## Nouvelle intervention » n'a pas d'ancre : dans le compte-rendu intégral, chaque "
             "intervention s'écrit « ## Nom { #i44-nom } » (i, le numéro de l'intervention sur deux chiffres, "
             "ici i44,")], []


def _colon_in_a_front_matter_value(root):
    n = edit(root / f"{MEETING}/index.fr.md", "  place: Paris, cabinet", "  place: Paris : cabinet")
    return [(f"{MEETING}/index.fr.md:{n}",
             "la valeur de « place » contient un deux-points suivi d'une espace ; mettez-la entre guillemets "
             'droits : place: "Paris : cabinet de la Ministre des Droits des femmes"')], \
        ["mapping values", "line 4, column", "index.en.md"]


def _date_in_another_format(root):
    n = edit(root / f"{MEETING}/index.en.md", "report_date: 2013-11-05", "report_date: 05/11/2013")
    return [(f"{MEETING}/index.en.md:{n}",
             "meeting.report_date: '05/11/2013' is not a date: write it as YYYY-MM-DD, e.g. 2013-11-05")], \
        ["Input should be", "index.fr.md"]


def _invalid_date_in_the_french_only(root):
    n = edit(root / f"{MEETING}/index.fr.md", "report_date: 2013-11-05", "report_date: 2013-11-50")
    return [(f"{MEETING}/index.fr.md:{n}",
             "meeting.report_date : « 2013-11-50 » n'est pas une date : écrivez-la sous la forme AAAA-MM-JJ")], \
        ["index.en.md", "number 50", "number 05"]


def _broken_link_in_a_snippet(root):
    n = append(root / "docs/_snippets/annexe-manquante.fr.md", "    Voir [la page](page-absente.md).")
    return [(f"docs/_snippets/annexe-manquante.fr.md:{n}",
             "lien cassé « page-absente.md » : la page visée n'existe pas ; corrigez le nom du fichier (une page "
             "s'écrit sans .fr ni .en, par exemple compte-rendu.md) ; ce lien est dans un texte partagé, inclus par "
             "docs/reunions/2013-10-18/annexe-1.fr.md (--8<--) : corrigez-le dans ce fichier")], \
        ["Doc file", "docs/reunions/2013-10-18/annexe-2.fr.md", "docs/reunions/2013-10-18/annexe-3.fr.md"]


def _broken_anchor_in_an_english_page(root):
    n = append(root / "docs/a-propos.en.md", "See [the record](reunions/2013-10-18/compte-rendu.md#nobody).")
    append(root / "docs/a-propos.fr.md", "Voir [le compte-rendu](reunions/2013-10-18/compte-rendu.md#nobody).")
    return [("docs/a-propos.en.md:" + str(n),
             "broken link 'reunions/2013-10-18/compte-rendu.md#nobody': the page it leads to has no anchor #nobody; "
             "correct what follows #")], ["Doc file"]


def _anchor_renamed_in_the_french_only(root):
    n = edit(root / f"{MEETING}/compte-rendu.fr.md", "{ #i01-cabinet }", "{ #i01-ministere }")
    return [(f"{MEETING}/compte-rendu.fr.md:{n}",
             "l'ancre #i01-ministere n'est pas dans l'anglais, qui a #i01-cabinet à sa place "
             f"({MEETING}/compte-rendu.en.md:{n}) : une ancre est la même dans les deux langues ; si vous l'avez "
             "renommée, renommez-la dans les deux fichiers"),
            (f"{MEETING}/compte-rendu.en.md:{n}",
             "anchor #i01-cabinet is not in the French, which has #i01-ministere in its place "
             f"({MEETING}/compte-rendu.fr.md:{n}): an anchor is the same in both languages; if it was renamed, "
             "rename it in both files")], ["missing anchor #i01-ministere"]


MISTAKES = [_placeholder_left_in_a_final_meeting, _record_heading_without_anchor, _colon_in_a_front_matter_value,
            _date_in_another_format, _invalid_date_in_the_french_only, _broken_link_in_a_snippet,
            _broken_anchor_in_an_english_page, _anchor_renamed_in_the_french_only]


@pytest.mark.parametrize("case", MISTAKES, ids=lambda c: c.__name__.strip("_"))
def test_a_mistake_is_told_where_it_is_in_the_file_language(case, tmp_path):
    root = copy_project(tmp_path / "project")
    published = root / "site" / "index.html"   # what `make build` published before
    published.parent.mkdir()
    published.write_text("last good site", encoding="utf-8")
    said, unsaid = case(root)
    run = make_build(root)
    out = run.stdout
    assert run.returncode != 0, f"the build passed despite {case.__name__}:\n{out[-3000:]}"
    lines = out.splitlines()
    for where, words in said:   # once: not again for each page that includes a snippet
        told = [line for line in lines if f"{where}: {words}" in line]
        assert len(told) == 1, f"{len(told)} lines say {where}: {words}\n{out[-4000:]}"
    for words in unsaid:
        assert words not in out, f"the message says {words!r}:\n{out[-4000:]}"
    site = sorted(p.relative_to(root) for p in (root / "site").rglob("*"))
    assert site == [published.relative_to(root)] and published.read_text(encoding="utf-8") == "last good site"


def test_all_problems_come_together_most_specific_first(tmp_path):
    """Four mistakes in four files: one message lists them all, the meeting's
    metadata first, then the record, then what differs between the languages
    (unsafe HTML is checked on the published pages, hooks/safety.py)."""
    root = copy_project(tmp_path / "project")
    heading = append(root / f"{MEETING}/compte-rendu.en.md", "## A new speaker")
    date = edit(root / f"{MEETING}/index.fr.md", "  date: 2013-10-18", "  date: 18/10/2013")
    number = append(root / "docs/a-propos.en.md", "Founded in 1999.")
    run = make_build(root)
    assert run.returncode != 0
    found = [line.strip() for line in run.stdout.splitlines() if line.strip().startswith(("docs/", "data/"))]
    first = [next(i for i, line in enumerate(found) if line.startswith(where)) for where in (
        f"{MEETING}/index.fr.md:{date}: meeting.date : « 18/10/2013 » n'est pas une date : écrivez-la sous la forme "
        "AAAA-MM-JJ, par exemple 2013-10-18",
        f"{MEETING}/compte-rendu.en.md:{heading}: the heading '## A new speaker' has no anchor",
        "docs/a-propos.en.md:",
    )]
    assert first == sorted(first), found
    assert "number 1999 appears 0 times in French, once in English" in found[first[2]], found


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
