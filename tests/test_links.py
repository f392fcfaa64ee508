"""Priorities <-> interventions and the organisations index, in both languages.

Checked on the built HTML (every link must reach a page that has the id) and in
Chromium (following the links as a reader would). Expected pairs come from
data/meetings/DATE.yml, the single source, for every published meeting that
has one; the checks of the build's errors break, in a copy, the richest of
them whose record is split into parts.
"""
from __future__ import annotations

import html as html_lib
import re
import shutil
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

import archive
from conftest import ROOT, record_page, without_cite_buttons

sys.path.insert(0, str(ROOT / "hooks"))
import meeting_data as L  # noqa: E402
import organisations  # noqa: E402
from common import BuildError  # noqa: E402

LANGS = [("fr", ""), ("en", "en/")]
LINKED = archive.with_("interventions")      # published meetings with data/meetings/DATE.yml
# the meeting the bad-data cases break (in a copy): the richest
BAD = max(LINKED or [None], key=lambda m: m.words("fr") if m else 0)
DATE = BAD.date if BAD else None
MEETING = f"reunions/{DATE}"
INTERVENTIONS: dict = BAD.data["interventions"] if BAD else {}
ANCHORS = list(INTERVENTIONS)
CASES = [(m, lang, prefix) for m in LINKED for lang, prefix in LANGS]
IDS = [f"{m.date}-{lang}" for m, lang, _ in CASES]


def priorities_of(m: archive.Meeting) -> list[str]:
    """The priority ids of a meeting, in order, from its French snippet."""
    snippet = ROOT / "docs" / "_snippets" / f"{m.data.get('priorities_snippet', m.date + '/priorites')}.fr.md"
    return re.findall(r'<div class="priority" id="(p\d+)"', snippet.read_text(encoding="utf-8")) \
        if snippet.exists() else []
RECORD_PAGE = r"compte-rendu"   # the full record's page (one page, however long)


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
    """A priority's block, without its Copy link / Cite buttons."""
    html = without_cite_buttons(html)
    start = html.index(f'<div class="priority" id="{pid}">')
    return html[start:html.index("</div>", start)]


def supports(anchor: str, m: archive.Meeting | None = None) -> list[str]:
    return (m.data["interventions"] if m else INTERVENTIONS)[anchor]["priorities"]


# --- built HTML -------------------------------------------------------------------------------

@pytest.mark.parametrize("m,lang,prefix", CASES, ids=IDS)
def test_each_priority_has_a_badge_and_links_to_the_interventions_behind_it(site, m, lang, prefix):
    url = f"/{prefix}{m.path}/priorites/"
    html = read(site, url)
    interventions = m.data["interventions"]
    assert priorities_of(m)
    for pid in priorities_of(m):
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
            assert re.fullmatch(RECORD_PAGE, path.parent.name) and (prefix == "en/") == ("/en/" in str(path)), href
            targets.add(frag)
        expected = {a for a in interventions if pid in supports(a, m)}
        assert targets == expected, f"{url}#{pid}: links {sorted(targets)} but data says {sorted(expected)}"


@pytest.mark.parametrize("m,lang,prefix", CASES, ids=IDS)
def test_summary_lists_every_priority_linked_to_its_block(site, m, lang, prefix):
    """The summary (bilan) gives each priority's lead line, linked to the full
    block on the priorities page; the text is the block's own first line."""
    url = f"/{prefix}{m.path}/bilan/"
    html = read(site, url)
    items = re.findall(r'<li><a class="priority-badge" href="([^"]+)">(P\d+)</a>(.*?)</li>',
                       html.split('class="priorities-list"', 1)[1].split("</div>", 1)[0], re.S)
    assert priorities_of(m) == [b.lower() for _, b, _ in items]
    for href, badge, lead in items:
        path, frag = resolve(site, url, href)
        assert path.parent.name == "priorites" and frag == badge.lower(), href
        first = re.search(r"<p>(.*?)</p>", block(path.read_text(encoding="utf-8"), frag), re.S).group(1)
        words = lambda t: re.sub(r"<[^>]+>|\W+", " ", t).split()  # noqa: E731
        assert words(lead)[:8] == [w for w in words(first) if w != badge][:8], badge


@pytest.mark.parametrize("m,lang,prefix", CASES, ids=IDS)
def test_interventions_link_back_to_the_priorities_they_support(site, m, lang, prefix):
    page = record_page(site, m.path, prefix)
    html = page.read_text(encoding="utf-8")
    url = "/" + str(page.parent.relative_to(site)) + "/"
    for anchor in m.data["interventions"]:
        assert f'<h2 id="{anchor}"' in html, f"{url}: no heading #{anchor}"
        start = html.index(f'<h2 id="{anchor}"')
        after = html[html.index("</h2>", start) + 5:]
        line = re.match(r'\s*<p class="intervention-priorities">(.*?)</p>', after, re.S)
        if not supports(anchor, m):
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
        assert found == sorted(supports(anchor, m), key=lambda p: int(p[1:])), anchor


@pytest.mark.parametrize("lang,prefix,label", [("fr", "", "Priorités soutenues"), ("en", "en/", "Supports priorities")])
def test_labels_are_in_the_page_language(site, lang, prefix, label):
    html = "".join(p.read_text(encoding="utf-8") for m in LINKED for p in [record_page(site, m.path, prefix)])
    assert label in html
    other = "Supports priorities" if lang == "fr" else "Priorités soutenues"
    assert other not in html


@pytest.mark.parametrize("lang,prefix", LANGS)
def test_organisations_page_lists_every_intervention_once(site, lang, prefix):
    url = f"/{prefix}organisations/"
    html = read(site, url)
    article = html[html.index("<article"):html.index("</article>")]
    hrefs = re.findall(r'href="([^"]*?(\d{4}-\d\d-\d\d)/compte-rendu/#(i\d\d-[a-z-]+))"', article)
    counts = Counter((d, a) for _, d, a in hrefs)
    # each organisation's interventions at the latest meeting where it spoke
    latest = {}
    for m in LINKED:
        for a, iv in m.data["interventions"].items():
            latest.setdefault(iv["org"], {})[m.date] = latest.get(iv["org"], {}).get(m.date, set()) | {a}
    expected = {(d, a) for org, by_date in latest.items() for d in [max(by_date)] for a in by_date[d]}
    assert set(counts) == expected, expected ^ set(counts)
    assert all(n == 1 for n in counts.values()), [a for a, n in counts.items() if n > 1]
    for href, _, anchor in hrefs:
        path, frag = resolve(site, url, href)
        assert f'id="{frag}"' in path.read_text(encoding="utf-8"), href
    orgs = yaml.safe_load((ROOT / "data" / "organisations.yml").read_text(encoding="utf-8"))
    for key in orgs:
        section = re.search(rf'<h2 id="{key}">(.*?)</h2>(.*?)(?=<h2 |$)', article, re.S)
        assert section, f"no section for {key}"
        mine = {a for org, by_date in latest.items() if org == key for a in by_date[max(by_date)]}
        assert set(re.findall(r"compte-rendu/#(i\d\d-[a-z-]+)", section.group(2))) == mine, key
    first = re.search(r'<h2 id="([a-z-]+)"', article).group(1)
    assert first == "cabinet", "the minister's office comes first"


@pytest.mark.parametrize("m,lang,prefix", CASES, ids=IDS)
def test_record_contents_list_each_meetings_interventions_by_organisation(site, m, lang, prefix):
    """The full record's contents list its interventions by organisation, linked in the page."""
    INTERVENTIONS = m.data["interventions"]
    html = read(site, f"/{prefix}{m.path}/compte-rendu/")
    section = html.split('id="par-organisation"', 1)[1].split("</ul>", 1)[0]
    rows = re.findall(r"<li>(.*?)</li>", section, re.S)
    orgs = yaml.safe_load((ROOT / "data" / "organisations.yml").read_text(encoding="utf-8"))
    assert len(rows) == len({iv["org"] for iv in INTERVENTIONS.values()})
    seen = []
    for row in rows:
        anchors = re.findall(r'href="#(i\d\d-([a-z-]+))"', row)
        assert anchors and len({org for _, org in anchors}) == 1, row
        org = anchors[0][1]
        name = orgs[org]["name"] if isinstance(orgs[org]["name"], str) else orgs[org]["name"][lang]
        words = lambda t: re.sub(r"[\s\u202f\xa0]+", " ", t.replace("’", "'")).strip()  # noqa: E731
        assert words(html_lib.unescape(re.sub(r"<[^>]+>", "", row))).startswith(words(name)), row
        seen += [a for a, _ in anchors]
    assert sorted(seen) == sorted(INTERVENTIONS)


def test_organisations_index_does_not_grow_with_the_archive():
    """120 meetings where everyone speaks: one line per organisation (its
    latest meeting), not one per meeting."""
    orgs, meetings = L.load()
    m = meetings[DATE]
    archive = lambda n: {f"{2014 + k // 12}-{k % 12 + 1:02d}-18": m for k in range(n)}  # noqa: E731
    small = organisations.organisations_index(orgs, archive(2), "fr", "")
    big = organisations.organisations_index(orgs, archive(120), "fr", "")
    # the same lines but for the date shown and the count: a few bytes per organisation
    assert len(big.encode()) <= len(small.encode()) + 12 * len(orgs) < 12_000, (len(small), len(big))
    assert big.count("## ") == len(orgs) and "A pris la parole à 120 réunions" in big
    assert "2023-12-18" in big and "2014-01-18" not in big, "the latest meeting is the one shown"


def test_cabinet_has_translated_name(site):
    assert "Cabinet de la Ministre des Droits des femmes" in read(site, "/organisations/")
    assert "Office of the Minister for Women" in read(site, "/en/organisations/")


# --- in the browser ---------------------------------------------------------------------------

def _raised():
    """The newest linked meeting and its first priority raised by an intervention."""
    for m in reversed(LINKED):
        for pid in priorities_of(m):
            if any(pid in iv["priorities"] for iv in m.data["interventions"].values()):
                return m, pid
    pytest.skip("no published meeting has a priority raised by an intervention")


@pytest.mark.parametrize("prefix,lang", [("", "fr"), ("en/", "en")])
def test_reader_follows_priority_to_intervention_and_back(page, server, prefix, lang):
    m, pid = _raised()
    page.goto(f"{server}/{prefix}{m.path}/priorites/")
    page.locator(f"#{pid} .priority-raised a").first.click()
    page.wait_for_url(re.compile(r"/compte-rendu(-\d+)?/#i\d\d-"))
    assert page.evaluate("document.documentElement.lang").startswith(lang)
    anchor = page.url.split("#")[1]
    assert pid in supports(anchor, m)
    heading = page.locator(f"#{anchor}")
    assert heading.is_visible()
    page.locator(f"#{anchor} + p.intervention-priorities a", has_text=pid.upper()).click()
    page.wait_for_url(re.compile(rf"/priorites/#{pid}$"))
    assert page.locator(f"#{pid}").is_visible()
    assert page.evaluate("document.documentElement.lang").startswith(lang)


def test_raised_by_line_fits_a_phone(phone, server):
    m, pid = _raised()
    phone.goto(f"{server}/en/{m.path}/priorites/#{pid}")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"page overflows horizontally: {width}px"
    box = phone.locator(f"#{pid} .priority-raised").bounding_box()
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


def _holder(tree: Path, lang: str, anchor: str) -> Path:
    """The page of the record whose heading has the anchor."""
    return next(p for p in sorted((tree / "docs" / MEETING).glob(f"compte-rendu.{lang}.md"))
                if f"{{ #{anchor} }}" in p.read_text(encoding="utf-8"))


def _problems(tree: Path) -> str:
    with pytest.raises(BuildError) as err:
        _load(tree)
    return str(err.value)


def _pick(k: float) -> str:
    """An intervention of BAD, a fraction k into its record."""
    if not ANCHORS:
        pytest.skip("no published meeting with interventions in data/meetings/")
    return ANCHORS[min(len(ANCHORS) - 1, int(len(ANCHORS) * k))]


def test_real_data_is_valid(tree):
    orgs, meetings = _load(tree)
    for m in LINKED:
        assert len(meetings[m.date].interventions) == len(m.data["interventions"])
        assert {iv["org"] for iv in m.data["interventions"].values()} <= set(orgs)


def test_unknown_priority_is_reported_with_data_file_and_line(tree):
    anchor = next((a for a in ANCHORS if INTERVENTIONS[a]["priorities"]), None) or _pick(0)
    data = tree / "data" / "meetings" / f"{DATE}.yml"
    text = data.read_text(encoding="utf-8")
    data.write_text(re.sub(rf"^(  {anchor}:.*?priorities:\s*\[)", r"\1p99, ", text, count=1, flags=re.M),
                    encoding="utf-8")
    msg = _problems(tree)
    assert f"{DATE}.yml:{_line(data, f'{anchor}:')}: priority 'p99' does not exist" in msg, msg


def test_unknown_organisation_is_reported(tree):
    anchor = _pick(1 / 3)
    org = INTERVENTIONS[anchor]["org"]
    wrong = org[:-2] + org[-1] + org[-2] if org[-1] != org[-2] else org + "x"     # a typo
    data = tree / "data" / "meetings" / f"{DATE}.yml"
    text = data.read_text(encoding="utf-8")
    data.write_text(re.sub(rf"^(  {anchor}:.*?org:\s*){re.escape(org)}\b", rf"\g<1>{wrong}", text, count=1,
                           flags=re.M), encoding="utf-8")
    msg = _problems(tree)
    n = _line(data, f"{anchor}:")
    assert f"{DATE}.yml:{n}: organisation '{wrong}' is not in" in msg, msg
    assert f"{DATE}.yml:{n}: '{anchor}' ends with '{org}' but its org is '{wrong}'" in msg, msg


def test_intervention_missing_from_data_is_reported_with_page_line(tree):
    anchor = _pick(0.9)
    data = tree / "data" / "meetings" / f"{DATE}.yml"
    text = data.read_text(encoding="utf-8")
    data.write_text(re.sub(rf"^  {anchor}:.*\n", "", text, flags=re.M), encoding="utf-8")
    msg = _problems(tree)
    said = {"fr": f"l'intervention « #{anchor} » n'a pas d'entrée",   # in the file's language
            "en": f"intervention '#{anchor}' has no entry"}
    for lang in ("fr", "en"):
        page = _holder(tree, lang, anchor)
        assert f"{MEETING}/{page.name}:{_line(page, '#' + anchor)}: {said[lang]}" in msg, msg


def test_heading_anchor_missing_from_a_translation_is_reported(tree):
    anchor = _pick(2 / 3)
    page = _holder(tree, "en", anchor)
    _replace(page, f"{{ #{anchor} }}", "{ #renamed }")
    msg = _problems(tree)
    data = tree / "data" / "meetings" / f"{DATE}.yml"
    assert (f"{DATE}.yml:{_line(data, f'{anchor}:')}: intervention '{anchor}' has no heading "
            f"{{ #{anchor} }} in") in msg and "compte-rendu" in msg and ".en.md" in msg, msg


def test_intervention_twice_in_the_record_is_reported(tree):
    anchor = _pick(2 / 3)
    page = _holder(tree, "fr", anchor)
    first = _line(page, f"{{ #{anchor} }}")
    page.write_text(page.read_text(encoding="utf-8") + f"\n## Doublon {{ #{anchor} }}\n\nTexte.\n", encoding="utf-8")
    msg = _problems(tree)
    n = len(page.read_text(encoding="utf-8").splitlines()) - 2
    assert (f"{MEETING}/{page.name}:{n}: l'intervention « #{anchor} » est déjà plus haut (ligne {first})"
            in msg), msg


def test_priority_missing_from_one_language_is_reported(tree):
    _pick(0)
    last = priorities_of(BAD)[-1]
    snippet = tree / "docs" / "_snippets" / f"{BAD.data.get('priorities_snippet', DATE + '/priorites')}.en.md"
    _replace(snippet, f'id="{last}"', f'id="p{int(last[1:]) + 1}"')
    msg = _problems(tree)
    assert f"priorites.en.md:1: priority '{last}' is in the 'fr' list but not here" in msg, msg
