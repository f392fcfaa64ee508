"""A page per organisation (hooks/organisation_pages.py), read in the built site.

Every expectation comes from data/ and the published meetings of the archive
(tests/archive.py): each organisation's pages, in each language, list exactly
its interventions at the published meetings, newest first, each linked to the
record page that holds its anchor, with the record's first words and the
priorities data/meetings/DATE.yml gives it. On a copy with a second meeting
(make test-archive) an organisation that spoke at both has one page listing
both meetings' interventions.
"""
from __future__ import annotations

import html as html_lib
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

import archive
from conftest import without_cite_buttons

ORGS: dict = yaml.safe_load((archive.DATA / "organisations.yml").read_text(encoding="utf-8"))
LANGS = archive.LANGS
FEED_TEXT = {"fr": "Suivre avec un lecteur de flux", "en": "Follow with a feed reader"}


def name(key: str, lang: str) -> str:
    value = ORGS[key]["name"]
    return value if isinstance(value, str) else value[lang]


def expected(key: str) -> dict[tuple[str, str], list[str]]:
    """{(date, anchor): its priorities} of an organisation at the published meetings."""
    out = {}
    for m in archive.published():
        for anchor, iv in (m.data.get("interventions") or {}).items():
            if iv["org"] == key:
                out[(m.date, anchor)] = list(iv.get("priorities") or [])
    return out


def org_pages(site: Path, key: str, lang: str) -> list[Path]:
    """Its built pages: /organisations/KEY/ first, then the pages of earlier years."""
    folder = site / archive.PREFIX[lang] / "organisations" / key
    return [folder / "index.html"] + sorted(p for p in folder.rglob("index.html") if p.parent != folder)


def url_of(site: Path, page: Path) -> str:
    return "/" + page.relative_to(site).as_posix().removesuffix("index.html")


def article(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    return text[text.index("<article"):text.index("</article>")]


def plain(fragment: str) -> str:
    text = html_lib.unescape(re.sub(r"<[^>]+>", "", fragment))
    return " ".join(text.replace("\u202f", " ").replace("\xa0", " ").replace("’", "'").split())


ITEM = re.compile(r"<li>(.*?)</li>", re.S)
LINK = re.compile(r'<a href="([^"]+#(i\d+-[a-z0-9-]+))"')


def listed(site: Path, key: str, lang: str) -> list[dict]:
    """Every intervention its pages list, in order: date, anchor, target, excerpt, priorities."""
    out = []
    for page in org_pages(site, key, lang):
        body = article(page)
        for section in re.split(r'(?=<h2 id="r\d{4}-\d\d-\d\d")', body)[1:]:
            date = re.match(r'<h2 id="r([\d-]+)"', section).group(1)
            for item in ITEM.findall(section):
                link = LINK.search(item)
                if not link:
                    continue
                quoted = re.search(r'<span class="org-excerpt">[«“](.*?)[»”]</span>', item, re.S)
                out.append({"page": page, "date": date, "anchor": link.group(2),
                            "target": urljoin(url_of(site, page), html_lib.unescape(link.group(1))),
                            "excerpt": plain(quoted.group(1)) if quoted else "",
                            "priorities": re.findall(r'href="[^"]*#(p\d+)"', item)})
    return out


SPOKE = [k for k in ORGS if expected(k)]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("key", ORGS)
def test_each_organisation_has_a_page_in_each_language(site, key, lang):
    page = org_pages(site, key, lang)[0]
    assert page.is_file(), f"no page for {key} in {lang}: {page}"
    body = article(page)
    h1 = re.search(r"<h1\b[^>]*>(.*?)</h1>", body, re.S)
    assert plain(h1.group(1)).startswith(plain(html_lib.escape(name(key, lang)))), h1.group(1)
    short = ORGS[key].get("short")
    if short:
        short = short if isinstance(short, str) else short[lang]
        if short != name(key, lang):
            assert plain(short) in plain(body), f"{page}: the short form {short!r} is missing"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("key", SPOKE)
def test_the_pages_list_every_published_intervention_newest_first(site, key, lang):
    items = listed(site, key, lang)
    want = expected(key)
    got = [(i["date"], i["anchor"]) for i in items]
    assert sorted(got) == sorted(want), f"{key} ({lang}): listed {got}, data says {sorted(want)}"
    dates = [d for d, _ in got]
    assert dates == sorted(dates, reverse=True), f"{key} ({lang}): not newest first: {dates}"
    for i in items:
        assert i["priorities"] == sorted(want[(i["date"], i["anchor"])], key=lambda p: int(p[1:])), i


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("key", SPOKE)
def test_each_intervention_links_to_its_place_with_its_first_words(site, key, lang):
    for i in listed(site, key, lang):
        path = urlsplit(i["target"]).path
        assert path.startswith(f"/{archive.PREFIX[lang]}reunions/{i['date']}/"), i["target"]
        target = site / path.lstrip("/") / "index.html"
        assert target.is_file(), f"{i['page']}: {i['target']} leads nowhere"
        record = target.read_text(encoding="utf-8")
        assert f'id="{i["anchor"]}"' in record, f"{i['target']}: no #{i['anchor']} on that page"
        if not i["excerpt"]:
            continue
        # the first words are the intervention's own: its section of the record starts with them
        section = record[record.index(f'id="{i["anchor"]}"'):]
        section = section[section.index("</h2>"):]
        section = without_cite_buttons(section, count=1)
        section = plain(re.sub(r'<p class="intervention-priorities">.*?</p>', "", section, count=1, flags=re.S))
        words = i["excerpt"].removesuffix("…").strip()
        assert section.startswith(words), f"{key} {i['anchor']} ({lang}): {words[:60]!r} is not how it starts"
        assert len(words.split()) <= 25


@pytest.mark.parametrize("lang", LANGS)
def test_an_organisation_that_spoke_at_several_meetings_has_them_all(site, lang):
    """The acceptance: on a copy with a second meeting where an organisation spoke
    at both, its pages list both meetings' interventions (make test-archive)."""
    several = [k for k in SPOKE if len({d for d, _ in expected(k)}) > 1]
    if not several:
        pytest.skip("no organisation spoke at two published meetings in this archive (make test-archive has one)")
    for key in several:
        dates = {i["date"] for i in listed(site, key, lang)}
        assert dates == {d for d, _ in expected(key)}, key


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("key", SPOKE)
def test_no_page_grows_with_the_archive(site, key, lang):
    """Paged by year: a page holds one year (or part of one), at most 15
    interventions unless a single meeting has more; each page links to every
    year and to the other pages of its year."""
    pages = org_pages(site, key, lang)
    items = listed(site, key, lang)
    for page in pages:
        mine = [i for i in items if i["page"] == page]
        assert len({i["date"][:4] for i in mine}) <= 1, f"{page}: several years"
        assert len(mine) <= 15 or len({i["date"] for i in mine}) == 1, f"{page}: {len(mine)} interventions"
    if len(pages) > 1:
        year_of = {p: next(i["date"][:4] for i in items if i["page"] == p) for p in pages}
        # a year's first page: the organisation's page, or …/YYYY/ (not …/YYYY/2/)
        first = {year_of[p]: p for p in reversed(pages)
                 if p == pages[0] or url_of(site, p).endswith(f"/{year_of[p]}/")}
        for page in pages:
            body = article(page)
            links = {urljoin(url_of(site, page), h) for h in re.findall(r'href="([^"]+)"', body)}
            for other in pages:
                if other != page and (first[year_of[other]] == other or year_of[other] == year_of[page]):
                    assert url_of(site, other) in links, (page, other)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("key", ORGS)
def test_feed_edit_and_language_links(site, key, lang):
    page = org_pages(site, key, lang)[0]
    text = page.read_text(encoding="utf-8")
    feed = f"feeds/organisations/{key}.xml"
    head = text[:text.index("</head>")]
    alternate = re.findall(r"<link [^>]*type=\"?application/atom\+xml[^>]*>", head)
    assert any(f"/{archive.PREFIX[lang]}{feed}" in link for link in alternate), alternate
    visible = re.search(r'<a href="([^"]+)" type="?application/atom\+xml"?>([^<]+)</a>', article(page))
    assert visible and visible.group(2) == FEED_TEXT[lang], "no visible feed link"
    assert urljoin(url_of(site, page), visible.group(1)) == f"/{archive.PREFIX[lang]}{feed}"
    assert (site / archive.PREFIX[lang] / feed).is_file()
    edit = re.search(r'href="([^"]+)"[^>]*\brel="?edit', text)
    assert edit and edit.group(1).endswith("/data/organisations.yml"), "the edit link should open the data"
    hreflang = re.findall(r'<link href=(\S+) hreflang=([\w-]+) rel=alternate>', head)
    for other in LANGS:
        assert any(h.endswith(f"/{archive.PREFIX[other]}organisations/{key}/") and code == other
                   for h, code in hreflang), (other, hreflang)


@pytest.mark.parametrize("lang", LANGS)
def test_the_organisations_index_links_to_every_page(site, lang):
    index = site / archive.PREFIX[lang] / "organisations" / "index.html"
    links = {urljoin(url_of(site, index), h) for h in re.findall(r'href="([^"#]+)"', article(index))}
    missing = [k for k in ORGS if f"/{archive.PREFIX[lang]}organisations/{k}/" not in links]
    assert not missing, f"the organisations index does not link to {missing}"


def test_drafts_are_left_out(site):
    drafts = {m.date for m in archive.drafts()}
    for key in ORGS:
        for lang in LANGS:
            for page in org_pages(site, key, lang):
                if page.exists():
                    assert not any(d in page.read_text(encoding="utf-8") for d in drafts), page


def test_paging_by_year_cuts_between_meetings():
    """The paging rule on an archive larger than today's: monthly meetings
    over three years, eleven interventions each (the minister's office at
    18 October 2013), then one meeting larger than a page."""
    import sys
    sys.path.insert(0, str(archive.ROOT / "hooks"))
    try:
        import organisation_pages as op
    finally:
        sys.path.pop(0)
    said = [op.Said(f"{y}-{m:02d}-10", f"i{n:02d}-cabinet", "compte-rendu", "Cabinet", "")
            for y in (2015, 2014, 2013) for m in range(12, 0, -1) for n in range(1, 12)]
    said = [op.Said("2016-01-10", f"i{n:02d}-cabinet", "compte-rendu", "Cabinet", "") for n in range(1, 40)] + said
    pages = op.pages_of(said)
    assert [s for _, _, items in pages for s in items] == said, "every intervention once, in order"
    paths = [op.page_path("cabinet", i, y, n) for i, (y, n, _) in enumerate(pages)]
    assert len(set(paths)) == len(paths) and paths[0] == "organisations/cabinet"
    for year, n, items in pages:
        assert {s.date[:4] for s in items} == {year}
        dates = {s.date for s in items}
        assert len(items) <= op.PAGE_SIZE or len(dates) == 1
    # a meeting is never cut between two pages
    where = {}
    for i, (_, _, items) in enumerate(pages):
        for s in items:
            assert where.setdefault(s.date, i) == i, s.date
