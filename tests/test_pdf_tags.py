"""The meeting PDFs' tag tree (PDF/UA), read back from the built site with pypdf.

For every published meeting, in both languages: the PDF is marked tagged and
has a structure tree; the catalog gives the document's language and asks
readers to show its title (not the file name); headings H1…H6 come in order
without a skipped level; lists are L > LI > (Lbl) LBody; tables are
Table > (THead/TBody) > TR > TH/TD; every link annotation is in the tree, as
an OBJR of a Link element; every passage the site marks in another language
(lang="…" in the article) has its /Lang in the tree.

The accessibility statement (docs/accessibilite.*.md) reports this check.
WeasyPrint writes no /Lang on a passage: where the site marks one, the audit
grid (data/accessibilite/grille.yml) must say criterion 8.7 does not conform
for that PDF, and the test holds the grid to what the PDF is.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

import archive
import yaml

from conftest import ROOT

LANGS = ("fr", "en")
CASES = [(m, lang) for m in archive.published() for lang in LANGS]
HEADINGS = {f"/H{n}": n for n in range(1, 7)}


def pdf_path(site: Path, date: str, lang: str) -> Path:
    return site / archive.PREFIX[lang] / "pdf" / f"compte-rendu-{date}-{lang}.pdf"


def tree(reader: PdfReader) -> list[tuple[str, DictionaryObject, list]]:
    """(role, element, [(kind, child)…]) for every structure element, in reading order;
    a child is ('elem', dict), ('objr', annotation object number) or ('mcid', n)."""
    out = []

    def kids(node):
        k = node.get("/K")
        return [] if k is None else list(k) if isinstance(k, list) else [k]

    def visit(node):
        children = []
        for raw in kids(node):
            child = raw.get_object() if isinstance(raw, IndirectObject) else raw
            if isinstance(child, DictionaryObject) and child.get("/Type") == "/OBJR":
                children.append(("objr", child.raw_get("/Obj").idnum))
            elif isinstance(child, DictionaryObject) and "/S" in child:
                children.append(("elem", child))
            else:
                children.append(("mcid", child))
        out.append((str(node.get("/S", "")), node, children))
        for kind, child in children:
            if kind == "elem":
                visit(child)

    root = reader.trailer["/Root"].get("/StructTreeRoot")
    if root is not None:
        visit(root.get_object())
    return out


def problems(reader: PdfReader, lang: str, other_langs: set[str] = frozenset()) -> list[str]:
    """What a screen reader would miss in this PDF; [] when its tags hold."""
    found = []
    catalog = reader.trailer["/Root"]
    if not (catalog.get("/MarkInfo") or {}).get("/Marked"):
        found.append("not marked as tagged (/MarkInfo /Marked true)")
    if "/StructTreeRoot" not in catalog:
        return found + ["no structure tree (/StructTreeRoot): the PDF is untagged"]
    if str(catalog.get("/Lang", "")) != lang:
        found.append(f"catalog /Lang is {catalog.get('/Lang')!r}, not {lang!r}")
    if not (catalog.get("/ViewerPreferences") or {}).get("/DisplayDocTitle"):
        found.append("/ViewerPreferences /DisplayDocTitle is not true: readers show the file name")
    if not str((reader.metadata or {}).get("/Title", "")).strip():
        found.append("no /Title in the document information")
    elements = tree(reader)
    roles = [role for role, _, _ in elements]
    levels = [HEADINGS[r] for r in roles if r in HEADINGS]
    if not levels or levels[0] != 1:
        found.append(f"the first heading is not H1: {levels[:3]}")
    for before, after in zip(levels, levels[1:]):
        if after > before + 1:
            found.append(f"heading level skipped: H{before} followed by H{after}")
            break
    for role, _, children in elements:
        child_roles = [str(c.get("/S")) for kind, c in children if kind == "elem"]
        # "/L" in "/L": WeasyPrint 70 puts a nested list whose item is split by a page
        # break beside its item instead of inside its LBody (reading order kept);
        # the accessibility statement lists it. Nothing else but LI.
        if role == "/L" and (not child_roles or set(child_roles) - {"/LI", "/Caption", "/L"}):
            found.append(f"a list (L) holds {child_roles[:4]}, not LI items")
        if role == "/LI" and "/LBody" not in child_roles:
            found.append(f"a list item (LI) has no LBody: {child_roles[:4]}")
        if role == "/Table" and not set(child_roles) <= {"/TR", "/THead", "/TBody", "/TFoot", "/Caption"}:
            found.append(f"a table holds {child_roles[:4]}")
        if role == "/TR" and (not child_roles or set(child_roles) - {"/TH", "/TD"}):
            found.append(f"a table row (TR) holds {child_roles[:4]}, not TH/TD cells")
    tagged_links = {n for role, _, children in elements if role == "/Link"
                    for kind, n in children if kind == "objr"}
    for number, page in enumerate(reader.pages, 1):
        for annot in page.get("/Annots") or []:
            if annot.get_object().get("/Subtype") == "/Link" and annot.idnum not in tagged_links:
                found.append(f"page {number}: a link annotation is not in the tag tree (no Link > OBJR)")
    langs = {str(el["/Lang"]) for _, el, _ in elements if "/Lang" in el}
    for other in sorted(other_langs - langs):
        found.append(f"a passage in {other!r} on the site has no /Lang {other!r} in the PDF")
    if not roles.count("/Link") and tagged_links:
        found.append("link annotations without Link elements")
    return found


def site_langs(site: Path, meeting: archive.Meeting, lang: str) -> set[str]:
    """Languages the site marks (lang="…") inside the articles of the meeting's pages
    that the PDF is made of, other than the page's own."""
    out = set()
    prefix = archive.PREFIX[lang]
    pages = [site / prefix / meeting.path / ("" if p == "index" else p) / "index.html"
             for p in meeting.pages(lang)]
    for page in pages:
        if page.is_file():
            html = page.read_text(encoding="utf-8")
            article = html[html.find("<article"):html.find("</article>")]
            out |= {v for v in re.findall(r'\blang="?([a-zA-Z-]+)', article) if v != lang}
    return out


def grid_result(criterion: str, page: str, lang: str) -> str:
    """The audit grid's result for a criterion on a page of the sample, in a language."""
    grid = yaml.safe_load((ROOT / "data" / "accessibilite" / "grille.yml").read_text(encoding="utf-8"))
    entry = next(c for c in grid["criteria"] if c["id"] == criterion)
    result = (entry.get("pages") or {}).get(page, entry["result"])
    return result[lang] if isinstance(result, dict) else result


@pytest.mark.parametrize("meeting,lang", CASES, ids=[f"{m.date}-{lang}" for m, lang in CASES])
def test_pdf_tag_tree(site, meeting, lang):
    path = pdf_path(site, meeting.date, lang)
    assert path.is_file(), f"{path} is missing"
    reader = PdfReader(path)
    others = site_langs(site, meeting, lang)
    found = problems(reader, lang, others)
    unmarked = [f for f in found if "has no /Lang" in f]
    if grid_result("8.7", "pdf", lang) == "NC":   # the grid says the PDF's passages are not marked
        assert unmarked or not others, \
            f"{path.name} marks its passages in another language: criterion 8.7 conforms for the PDF now"
        found = [f for f in found if f not in unmarked]
    assert not found, f"{path.relative_to(site)}:\n" + "\n".join(found)
    roles = [role for role, _, _ in tree(reader)]
    assert roles.count("/H1") >= 1 and roles.count("/P") > 10 and roles.count("/L") >= 1, roles[:20]


def test_the_check_sees_an_untagged_pdf_and_a_skipped_heading(tmp_path):
    """The checker is not blind: WeasyPrint's PDF without tags, and a tagged
    one with H1 then H3, an untagged link and a missing language, are refused."""
    from weasyprint import HTML
    html = ('<html lang="fr"><head><title>T</title></head><body><h1>Titre</h1><h3>Trois</h3>'
            '<p>Voir <a href="https://example.org/">ce lien</a>.</p></body></html>')
    plain, tagged = tmp_path / "plain.pdf", tmp_path / "tagged.pdf"
    HTML(string=html).write_pdf(plain)
    HTML(string=html).write_pdf(tagged, pdf_variant="pdf/ua-1")
    assert any("untagged" in p for p in problems(PdfReader(plain), "fr"))
    found = problems(PdfReader(tagged), "fr", {"en"})
    assert any("H1 followed by H3" in p for p in found), found
    assert any("'en'" in p for p in found), found
    assert not any("annotation" in p for p in found), found   # WeasyPrint tags its links
