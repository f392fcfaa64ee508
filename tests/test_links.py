"""Priorities <-> interventions and the organisations index, in both languages.

Checked on the built HTML (every link must reach a page that has the id) and in
Chromium (following the links as a reader would). Expected pairs come from
data/meetings/2013-10-18.yml, the single source.
"""
from __future__ import annotations

import re
import shutil
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from conftest import ROOT

sys.path.insert(0, str(ROOT / "hooks"))
import links as L  # noqa: E402
from common import BuildError  # noqa: E402

DATE = "2013-10-18"
MEETING = f"reunions/{DATE}"
DATA = yaml.safe_load((ROOT / "data" / "meetings" / f"{DATE}.yml").read_text(encoding="utf-8"))
INTERVENTIONS: dict = DATA["interventions"]
PRIORITIES = [f"p{n}" for n in range(1, 17)]
LANGS = [("fr", ""), ("en", "en/")]
PAGES = ["", "priorites/"]      # the summary page and the priorities page both include the list


def read(site: Path, url_path: str) -> str:
    path = site / url_path.lstrip("/")
    if url_path.endswith("/") or not path.suffix:
        path = path / "index.html"
    return path.read_text(encoding="utf-8")


def resolve(site: Path, page_url: str, href: str) -> tuple[Path, str]:
    """The built file and fragment a relative link from page_url points to."""
    parts = urlsplit(urljoin(page_url, href))
    path = site / parts.path.lstrip("/")
    if parts.path.endswith("/"):
        path = path / "index.html"
    return path, parts.fragment


def block(html: str, pid: str) -> str:
    start = html.index(f'<div class="priority" id="{pid}">')
    return html[start:html.index("</div>", start)]


def supports(anchor: str) -> list[str]:
    return INTERVENTIONS[anchor]["priorities"]


# --- built HTML -------------------------------------------------------------------------------

@pytest.mark.parametrize("lang,prefix", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_each_priority_has_a_badge_and_links_to_the_interventions_behind_it(site, lang, prefix, page):
    url = f"/{prefix}{MEETING}/{page}"
    html = read(site, url)
    for pid in PRIORITIES:
        b = block(html, pid)
        assert re.search(rf'<a class="priority-badge" href="#{pid}"[^>]*>{pid.upper()}</a>', b), f"{url}: no {pid} badge"
        lines = re.findall(r'<p class="priority-(?:raised|taken)">(.*?)</p>', b, re.S)
        hrefs = [h for line in lines for h in re.findall(r'href="([^"]+)"', line)]
        assert 'class="priority-raised"' in b, f"{url}#{pid}: no 'raised by' line"
        targets = set()
        for href in hrefs:
            path, frag = resolve(site, url, href)
            assert path.exists(), f"{url}#{pid}: {href} -> missing {path}"
            assert f'id="{frag}"' in path.read_text(encoding="utf-8"), f"{url}#{pid}: {href} -> no #{frag}"
            assert path.parent.name == "compte-rendu" and (prefix == "en/") == ("/en/" in str(path)), href
            targets.add(frag)
        expected = {a for a in INTERVENTIONS if pid in supports(a)}
        assert targets == expected, f"{url}#{pid}: links {sorted(targets)} but data says {sorted(expected)}"


@pytest.mark.parametrize("lang,prefix", LANGS)
def test_interventions_link_back_to_the_priorities_they_support(site, lang, prefix):
    url = f"/{prefix}{MEETING}/compte-rendu/"
    html = read(site, url)
    for anchor in INTERVENTIONS:
        start = html.index(f'<h2 id="{anchor}"')
        after = html[html.index("</h2>", start) + 5:]
        line = re.match(r'\s*<p class="intervention-priorities">(.*?)</p>', after, re.S)
        if not supports(anchor):
            assert line is None, f"{anchor} supports nothing but shows a priorities line"
            continue
        assert line, f"{url}#{anchor}: no priorities line"
        found = []
        for href, text in re.findall(r'<a href="([^"]+)"[^>]*>(P\d+)</a>', line.group(1)):
            path, frag = resolve(site, url, href)
            assert path.parent.name == "priorites", href
            assert f'id="{frag}"' in path.read_text(encoding="utf-8"), f"{href}: no such priority"
            assert text.lower() == frag
            found.append(frag)
        assert found == sorted(supports(anchor), key=lambda p: int(p[1:])), anchor


@pytest.mark.parametrize("lang,prefix,label", [("fr", "", "Priorités soutenues"), ("en", "en/", "Supports priorities")])
def test_labels_are_in_the_page_language(site, lang, prefix, label):
    html = read(site, f"/{prefix}{MEETING}/compte-rendu/")
    assert label in html
    other = "Supports priorities" if lang == "fr" else "Priorités soutenues"
    assert other not in html


@pytest.mark.parametrize("lang,prefix", LANGS)
def test_organisations_page_lists_every_intervention_once(site, lang, prefix):
    url = f"/{prefix}organisations/"
    html = read(site, url)
    article = html[html.index("<article"):html.index("</article>")]
    hrefs = re.findall(r'href="([^"]*compte-rendu/#(i\d\d-[a-z-]+))"', article)
    counts = Counter(a for _, a in hrefs)
    assert set(counts) == set(INTERVENTIONS), set(INTERVENTIONS) ^ set(counts)
    assert all(n == 1 for n in counts.values()), [a for a, n in counts.items() if n > 1]
    for href, anchor in hrefs:
        path, frag = resolve(site, url, href)
        assert f'id="{frag}"' in path.read_text(encoding="utf-8"), href
    orgs = yaml.safe_load((ROOT / "data" / "organisations.yml").read_text(encoding="utf-8"))
    for key in orgs:
        section = re.search(rf'<h2 id="{key}">(.*?)</h2>(.*?)(?=<h2 |$)', article, re.S)
        assert section, f"no section for {key}"
        mine = {a for a in INTERVENTIONS if INTERVENTIONS[a]["org"] == key}
        assert set(re.findall(r"compte-rendu/#(i\d\d-[a-z-]+)", section.group(2))) == mine, key
    first = re.search(r'<h2 id="([a-z-]+)"', article).group(1)
    assert first == "cabinet", "the minister's office comes first"


def test_cabinet_has_translated_name(site):
    assert "Cabinet de la Ministre des Droits des femmes" in read(site, "/organisations/")
    assert "Office of the Minister for Women" in read(site, "/en/organisations/")


# --- in the browser ---------------------------------------------------------------------------

@pytest.mark.parametrize("prefix,lang", [("", "fr"), ("en/", "en")])
def test_reader_follows_priority_to_intervention_and_back(page, server, prefix, lang):
    page.goto(f"{server}/{prefix}{MEETING}/priorites/")
    page.locator("#p7 .priority-raised a").first.click()
    page.wait_for_url(re.compile(r"/compte-rendu/#i\d\d-"))
    assert page.evaluate("document.documentElement.lang").startswith(lang)
    anchor = page.url.split("#")[1]
    assert "p7" in supports(anchor)
    heading = page.locator(f"#{anchor}")
    assert heading.is_visible()
    page.locator(f"#{anchor} + p.intervention-priorities a", has_text="P7").click()
    page.wait_for_url(re.compile(r"/priorites/#p7$"))
    assert page.locator("#p7").is_visible()
    assert page.evaluate("document.documentElement.lang").startswith(lang)


def test_raised_by_line_fits_a_phone(phone, server):
    phone.goto(f"{server}/en/{MEETING}/priorites/#p3")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"page overflows horizontally: {width}px"
    box = phone.locator("#p3 .priority-raised").bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360


# --- bad data ------------------------------------------------------------------------------------

@pytest.fixture
def tree(tmp_path):
    """Copies of data/ and docs/ for load() to validate."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    return tmp_path


def _load(tree: Path):
    return L.load(data=tree / "data", docs=tree / "docs")


def _replace(path: Path, old: str, new: str):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line(path: Path, needle: str) -> int:
    return next(n for n, l in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in l)


def _problems(tree: Path) -> str:
    with pytest.raises(BuildError) as err:
        _load(tree)
    return str(err.value)


def test_real_data_is_valid(tree):
    orgs, meetings = _load(tree)
    assert len(meetings[DATE].interventions) == 43 and "cabinet" in orgs


def test_unknown_priority_is_reported_with_data_file_and_line(tree):
    data = tree / "data" / "meetings" / f"{DATE}.yml"
    _replace(data, "priorities: [p12, p13]", "priorities: [p12, p99]")
    msg = _problems(tree)
    assert f"{DATE}.yml:{_line(data, 'i40-ecpat:')}: priority 'p99' does not exist" in msg, msg


def test_unknown_organisation_is_reported(tree):
    data = tree / "data" / "meetings" / f"{DATE}.yml"
    _replace(data, "i16-koutcha: {org: koutcha", "i16-koutcha: {org: kouchta")
    msg = _problems(tree)
    n = _line(data, "i16-koutcha:")
    assert f"{DATE}.yml:{n}: organisation 'kouchta' is not in" in msg, msg
    assert f"{DATE}.yml:{n}: 'i16-koutcha' ends with 'koutcha' but its org is 'kouchta'" in msg, msg


def test_intervention_missing_from_data_is_reported_with_page_line(tree):
    data = tree / "data" / "meetings" / f"{DATE}.yml"
    text = data.read_text(encoding="utf-8")
    data.write_text(re.sub(r"^  i39-femmes-solidaires:.*\n", "", text, flags=re.M), encoding="utf-8")
    msg = _problems(tree)
    for lang in ("fr", "en"):
        page = tree / "docs" / MEETING / f"compte-rendu.{lang}.md"
        assert (f"{MEETING}/compte-rendu.{lang}.md:{_line(page, '#i39-femmes-solidaires')}: "
                f"intervention '#i39-femmes-solidaires' has no entry") in msg, msg


def test_heading_anchor_missing_from_a_translation_is_reported(tree):
    page = tree / "docs" / MEETING / "compte-rendu.en.md"
    _replace(page, "{ #i29-cndf }", "{ #cndf }")
    msg = _problems(tree)
    data = tree / "data" / "meetings" / f"{DATE}.yml"
    assert (f"{DATE}.yml:{_line(data, 'i29-cndf:')}: intervention 'i29-cndf' has no heading "
            f"{{ #i29-cndf }} in") in msg and "compte-rendu.en.md" in msg, msg


def test_priority_missing_from_one_language_is_reported(tree):
    snippet = tree / "docs" / "_snippets" / DATE / "priorites.en.md"
    _replace(snippet, 'id="p16"', 'id="p17"')
    msg = _problems(tree)
    assert "priorites.en.md:1: priority 'p16' is in the 'fr' list but not here" in msg, msg
