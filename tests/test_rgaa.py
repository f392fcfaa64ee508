"""The RGAA audit grid, the accessibility statement and the footer agree, and
the static checks the grid cites.

data/accessibilite/grille.yml is read here on its own (not through the hook)
and the RGAA's figures are computed again from it (RGAA 4.1, « Obligations »:
a criterion is met when it is C on every page where it applies; rate = met /
(met + not met); the average rate is the mean of the pages' C / (C + NC));
the built statement must print them, and every page's footer must say the
RGAA wording for that rate. The grid's own shape is checked by the build
(hooks/accessibility.py): a test below makes it fail.
"""
from __future__ import annotations

import html
import re
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, html_pages

sys.path.insert(0, str(ROOT / "hooks"))
from common import BuildError  # noqa: E402

GRID = ROOT / "data" / "accessibilite" / "grille.yml"
WORDING = {"fr": {"full": "totalement conforme", "partial": "partiellement conforme", "none": "non conforme"},
           "en": {"full": "fully compliant", "partial": "partially compliant", "none": "not compliant"}}
FOOTER = {"fr": "Accessibilité : {}", "en": "Accessibility: {}"}
PREFIX = {"fr": "", "en": "en/"}


def grid() -> dict:
    return yaml.safe_load(GRID.read_text(encoding="utf-8"))


def recompute(data: dict) -> dict:
    pages = list(data["pages"])
    met = failed = 0
    per_page = {(p, lang): [0, 0] for p in pages for lang in ("fr", "en")}
    for c in data["criteria"]:
        found = []
        for p in pages:
            value = (c.get("pages") or {}).get(p, c["result"])
            for lang in ("fr", "en"):
                r = value[lang] if isinstance(value, dict) else value
                found.append(r)
                per_page[(p, lang)][0] += r == "C"
                per_page[(p, lang)][1] += r == "NC"
        if "NC" in found:
            failed += 1
        elif "C" in found:
            met += 1
    rate = 100 * met / (met + failed) if met + failed else 0
    rates = [100 * c / (c + n) for c, n in per_page.values() if c + n]
    status = "full" if met + failed and not failed else "partial" if rate >= 50 else "none"
    return {"met": met, "failed": failed, "rate": rate, "average": sum(rates) / len(rates) if rates else 0,
            "status": status}


def text_of(path: Path) -> str:
    page = path.read_text(encoding="utf-8")
    return html.unescape(re.sub(r"<[^>]+>", "", page)).replace("\u202f", " ").replace("\u00a0", " ")


def number(text: str) -> float:
    return float(text.replace(",", ".").replace("\u202f", "").replace(" ", ""))


def test_the_grid_holds_the_106_criteria_in_the_rgaa_order():
    data = grid()
    themes = (9, 2, 3, 13, 8, 2, 5, 10, 4, 14, 13, 11, 12)   # RGAA 4.1: criteria per theme
    expected = [f"{t}.{n}" for t, count in enumerate(themes, 1) for n in range(1, count + 1)]
    assert [c["id"] for c in data["criteria"]] == expected
    assert len(expected) == 106
    assert all(c["title"].endswith("?") for c in data["criteria"])
    sample = set(data["pages"])
    assert {"accueil", "reunions", "reunion", "bilan", "compte-rendu", "priorites", "organisations", "glossaire",
            "a-propos", "mentions-legales", "accessibilite", "recherche", "404", "pdf"} <= sample


def test_every_cited_test_exists():
    missing = []
    for c in grid()["criteria"]:
        for ref in c.get("tests") or []:
            file, _, name = ref.partition("::")
            path = ROOT / file
            if not path.is_file() or (name and not re.search(rf"^def {name}\(", path.read_text(encoding="utf-8"), re.M)):
                missing.append(f"{c['id']}: {ref}")
    assert not missing, "the grid cites tests that do not exist:\n" + "\n".join(missing)


@pytest.mark.parametrize("lang", ("fr", "en"))
def test_grid_statement_and_footer_agree(site, lang):
    data, figures = grid(), recompute(grid())
    statement = text_of(site / PREFIX[lang] / "accessibilite" / "index.html")
    wording = WORDING[lang][figures["status"]]
    if lang == "fr":
        m = re.search(r"Le site est (\w+ ?\w*) au RGAA version 4\.1\.2 : ([\d,]+) % des critères applicables "
                      r"sont respectés \((\d+) critères respectés, (\d+) non respectés.*?taux moyen de conformité "
                      r"des pages de l’échantillon s’élève à ([\d,]+) %", statement, re.S)
    else:
        m = re.search(r"The site is (\w+ ?\w*) with RGAA version 4\.1\.2: ([\d.]+)% of the applicable criteria are "
                      r"met \((\d+) criteria met, (\d+) not met.*?average compliance rate of the sample’s pages is "
                      r"([\d.]+)%", statement, re.S)
    assert m, f"the statement ({lang}) does not state the status and rate"
    assert m.group(1) == wording
    assert number(m.group(2)) == pytest.approx(figures["rate"], abs=0.05)
    assert (int(m.group(3)), int(m.group(4))) == (figures["met"], figures["failed"])
    assert number(m.group(5)) == pytest.approx(figures["average"], abs=0.05)
    # the audit's date is the grid's, not the build's
    y, mo, d = (int(x) for x in str(data["audit"]["date"]).split("-"))
    assert str(y) in statement and data["audit"]["by"][lang] in statement
    # what remains: one item per criterion not met, its text from the grid
    for c in data["criteria"]:
        if c.get("nc"):
            expected = " ".join(c["nc"][lang].replace("'", "’").split())
            assert expected in " ".join(statement.split()), f"{c['id']} is not listed"
    assert statement.count("(critère " if lang == "fr" else "(criterion ") >= figures["failed"]
    # every page's footer says the same
    footer = FOOTER[lang].format(wording)
    pages = [p for p in html_pages(site) if p.relative_to(site).as_posix().startswith("en/") == (lang == "en")]
    wrong = [str(p.relative_to(site)) for p in pages if footer not in text_of(p)]
    assert not wrong, f"footer without « {footer} »: {wrong[:5]}"


def test_a_bad_grid_fails_the_build_naming_file_and_line(tmp_path):
    """The grid is checked when the build reads it: an unknown result, a
    page that is not in the sample and an NC without its description are
    each named with the file and line."""
    import accessibility
    text = GRID.read_text(encoding="utf-8")
    bad = text.replace('  - id: "3.2"\n', '  - id: "3.2"\n    pages: {nowhere: C}\n', 1)
    bad = re.sub(r'(- id: "4\.1"\n(?:    .*\n)*?    result: )NA', r"\1OK", bad, count=1)
    bad = re.sub(r'(- id: "13\.9"\n(?:    .*\n)*?    result: )C', r"\1NC", bad, count=1)
    path = tmp_path / "grille.yml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(BuildError) as e:
        accessibility.load(path)
    message = str(e.value)
    lines = bad.splitlines()
    line_of = lambda cid: next(i for i, l in enumerate(lines, 1) if l == f'  - id: "{cid}"')   # noqa: E731
    assert f"grille.yml:{line_of('4.1')}: criterion 4.1: result must be C, NC or NA" in message, message
    assert "'nowhere' is not a page of the sample" in message, message
    assert f"grille.yml:{line_of('13.9')}: criterion 13.9 is NC on some page" in message, message
    # and the criteria must all be there
    path.write_text(text.replace('  - id: "7.2"', '  - id: "7.9"', 1), encoding="utf-8")
    with pytest.raises(BuildError) as e:
        accessibility.load(path)
    assert "missing: 7.2" in str(e.value) and "7.9" in str(e.value)


def test_the_footer_wording_follows_the_rate():
    """RGAA wording: 100 % totally, from 50 % partially, below 50 % (or no
    criterion applicable: no audit) not compliant; computed by the hook."""
    import accessibility
    pages = grid()["pages"]

    def status(met: int, failed: int, na: int = 3) -> str:
        criteria = [{"id": str(i), "result": r, "pages": {}}
                    for i, r in enumerate(["C"] * met + ["NC"] * failed + ["NA"] * na)]
        found = accessibility.figures({"pages": pages, "criteria": criteria})
        assert found["status"] == recompute({"pages": pages, "criteria": criteria})["status"]
        return found["status"]
    assert status(10, 0) == "full"
    assert status(5, 5) == "partial"
    assert status(4, 6) == "none"
    assert status(0, 0) == "none"


# --- Static checks the grid cites --------------------------------------------------

@pytest.fixture(scope="module")
def pages(site) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in html_pages(site)}


def test_no_image_frame_or_media_carries_information(pages):
    """RGAA 1, 2, 4: no <img>, role=img, canvas, frame or media on any page (the grid says NA)."""
    found = {name: re.findall(r"<(img|canvas|iframe|frame|video|audio|object|embed)\b|role=\"?img\b", page)
             for name, page in pages.items()}
    assert not {k: v for k, v in found.items() if v}


def test_decorative_svg_icons_are_hidden(pages):
    """RGAA 1.2: every inline SVG icon is aria-hidden (or has a name of its own)."""
    bad = {name: len(re.findall(r"<svg(?![^>]*\baria-(?:hidden|label|labelledby)=)(?![^>]*\brole=)", page))
           for name, page in pages.items()}
    assert not {k: v for k, v in bad.items() if v}
    assert sum(page.count("<svg") for page in pages.values()) > 0


def test_data_tables_have_header_cells(pages):
    """RGAA 5.6, 5.7: each data table's headers are <th scope="col"> (or row)."""
    tables = [(name, t) for name, page in pages.items() for t in re.findall(r"<table>.*?</table>", page, re.S)]
    assert tables, "no table on the site: the grid's 5.6 and 5.7 would be NA"
    bad = [name for name, t in tables if not re.search(r'<th scope="?(col|row)', t) or re.search(r"<th>", t)]
    assert not bad, bad


def test_permalinks_are_named(pages):
    """RGAA 6.1: the « ¶ » after each heading is named."""
    bad = {name: len(re.findall(r'<a class="?headerlink"?(?![^>]*aria-label=)[^>]*>', page)) for name, page in pages.items()}
    assert not {k: v for k, v in bad.items() if v}
    assert any('class="headerlink"' in page or "class=headerlink" in page for page in pages.values())


def test_titles_say_what_the_page_is(pages):
    """RGAA 8.6: a page's <title> starts with its own name, not only the site's."""
    site_name = "Ensemble contre la traite des êtres humains"
    bad = []
    for name, page in pages.items():
        title = html.unescape(re.search(r"<title>(.*?)</title>", page, re.S).group(1)).strip()
        if name not in ("index.html", "en/index.html") and not re.match(rf".+ - {re.escape(site_name)}$", title):
            bad.append(f"{name}: {title!r}")
    assert not bad, bad


def test_no_new_window_opens(pages):
    """RGAA 13.2: no link opens a new window, no script calls window.open."""
    bad = [name for name, page in pages.items() if re.search(r"target=\"?_blank|window\.open\(", page)]
    assert not bad, bad
