"""Feeds to follow (hooks/organisation_pages.py, hooks/atom.py): one Atom feed
per organisation and per priority id, in each language, beside the site's
feed of meetings (hooks/seo.py). Each is read back with an XML parser and
checked against RFC 4287's required elements, and lists exactly the
interventions the data gives it at the published meetings, dated from the
meetings' metadata (report_date), with no clock time.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest

import archive
from test_organisation_pages import ORGS, expected

A = "{http://www.w3.org/2005/Atom}"
LANGS = archive.LANGS
DATE_ONLY = re.compile(r"\d{4}-\d\d-\d\dT00:00:00Z")


def read(path) -> ET.Element:
    assert path.is_file(), f"{path} is missing"
    root = ET.parse(path).getroot()
    assert root.tag == f"{A}feed"
    return root


def check_atom(root: ET.Element, url_path: str) -> list[ET.Element]:
    """The feed's required elements (RFC 4287 4.1.1, 4.1.2); returns its entries."""
    for tag in ("id", "title", "updated"):
        assert (root.findtext(f"{A}{tag}") or "").strip(), f"{url_path}: feed without {tag}"
    assert DATE_ONLY.fullmatch(root.findtext(f"{A}updated")), root.findtext(f"{A}updated")
    assert root.find(f"{A}author/{A}name") is not None and root.find(f"{A}author/{A}name").text.strip()
    selfs = [link.get("href") for link in root.findall(f"{A}link") if link.get("rel") == "self"]
    assert len(selfs) == 1 and urlsplit(selfs[0]).path == url_path, selfs
    entries = root.findall(f"{A}entry")
    ids = [e.findtext(f"{A}id") for e in entries]
    assert len(ids) == len(set(ids)), f"{url_path}: duplicate entry ids"
    for e in entries:
        for tag in ("id", "title", "updated"):
            assert (e.findtext(f"{A}{tag}") or "").strip(), f"{url_path}: entry without {tag}"
        assert re.match(r"(tag:|https?://)", e.findtext(f"{A}id")), e.findtext(f"{A}id")
        assert DATE_ONLY.fullmatch(e.findtext(f"{A}updated"))
        assert any(link.get("rel") in (None, "alternate") and link.get("href") for link in e.findall(f"{A}link"))
    newest = max((e.findtext(f"{A}updated") for e in entries), default=None)
    if newest:
        assert root.findtext(f"{A}updated") == newest, "the feed's date is its newest entry's"
    return entries


def listed(entries) -> list[tuple[str, str]]:
    """(date, anchor) of each entry, from its link: /…reunions/DATE/PAGE/#ANCHOR."""
    out = []
    for e in entries:
        href = e.find(f"{A}link").get("href")
        m = re.search(r"/reunions/(\d{4}-\d\d-\d\d)/[^#]*#(i\d+-[a-z0-9-]+)$", href)
        assert m, href
        out.append(m.groups())
    return out


REPORT = {m.date: str(m.meta().get("report_date")) for m in archive.published()}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("key", ORGS)
def test_organisation_feed(site, key, lang):
    path = f"/{archive.PREFIX[lang]}feeds/organisations/{key}.xml"
    root = read(site / path.lstrip("/"))
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    entries = check_atom(root, path)
    got = listed(entries)
    assert sorted(got) == sorted(expected(key)), f"{path}: {got}"
    assert [d for d, _ in got] == sorted((d for d, _ in got), reverse=True), "newest first"
    for e, (date, _) in zip(entries, got):
        assert e.findtext(f"{A}updated") == f"{REPORT[date]}T00:00:00Z", "dated from the meeting's report_date"
    page = [link.get("href") for link in root.findall(f"{A}link") if link.get("rel") == "alternate"]
    assert page and urlsplit(page[0]).path == f"/{archive.PREFIX[lang]}organisations/{key}/"


def priorities() -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list] = {}
    for m in archive.published():
        for anchor, iv in (m.data.get("interventions") or {}).items():
            for p in iv.get("priorities") or []:
                out.setdefault(p, []).append((m.date, anchor))
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_priority_feeds(site, lang):
    want = priorities()
    assert want, "no intervention supports a priority in this archive"
    folder = site / archive.PREFIX[lang] / "feeds" / "priorites"
    assert {p.stem for p in folder.glob("*.xml")} == set(want)
    for p, items in want.items():
        path = f"/{archive.PREFIX[lang]}feeds/priorites/{p}.xml"
        got = listed(check_atom(read(site / path.lstrip("/")), path))
        assert sorted(got) == sorted(items), f"{path}: {got}"


def test_entry_ids_are_stable_and_differ_by_language(site):
    """An entry's id names the meeting and the anchor, not the record page
    (a record split into parts, or joined again, keeps its ids)."""
    ids = {}
    for lang in LANGS:
        for key in ORGS:
            for e in read(site / archive.PREFIX[lang] / "feeds" / "organisations" / f"{key}.xml").findall(f"{A}entry"):
                _, anchor = listed([e])[0]
                ident = e.findtext(f"{A}id")
                assert anchor in ident and "compte-rendu" not in ident, ident
                ids.setdefault(ident, lang)
                assert ids[ident] == lang, f"{ident} in two languages"


def test_site_feed_still_valid(site):
    for lang in LANGS:
        path = f"/{archive.PREFIX[lang]}feed.xml"
        entries = check_atom(read(site / path.lstrip("/")), path)
        assert len(entries) == len(archive.published()) or lang != "fr"


@pytest.mark.parametrize("lang", LANGS)
def test_every_feed_is_linked_from_a_page_of_its_language(site, lang):
    """Priority feeds from the organisations index, each organisation's from its page."""
    from urllib.parse import urljoin
    index = site / archive.PREFIX[lang] / "organisations" / "index.html"
    base = f"/{archive.PREFIX[lang]}organisations/"
    links = {urljoin(base, h) for h in re.findall(r'<a href="([^"]+\.xml)" type="application/atom\+xml"',
                                                   index.read_text(encoding="utf-8"))}
    for p in priorities():
        assert f"/{archive.PREFIX[lang]}feeds/priorites/{p}.xml" in links, f"{index}: no link to the {p} feed"
    assert f"/{archive.PREFIX[lang]}feed.xml" in links
    for key in ORGS:
        page = site / archive.PREFIX[lang] / "organisations" / key / "index.html"
        assert f"feeds/organisations/{key}.xml" in page.read_text(encoding="utf-8")
