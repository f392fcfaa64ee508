"""The French pages reproduce the source faithfully; the record is linkable.

Checked against the built HTML, as a reader meets it.
"""
from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest

import sys

import archive
from conftest import ROOT, SOURCE, html_pages, record_html

sys.path.insert(0, str(ROOT / "hooks"))
from common import format_date  # noqa: E402

# Fidelity: the meeting of 18 October 2013 against its original minutes. The
# other checks here (headers, home page) hold for every published meeting.
MEETING = "reunions/2013-10-18"
SOURCE_FILE = SOURCE / "compte-rendu-2013-10-18.md"
PUBLISHED = archive.published()
LATEST = archive.latest()
DOCUMENTS = ("bilan", "compte-rendu", "priorites")


class _ArticleText(HTMLParser):
    """Text of the <article> element, without permalink symbols."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "article":
            self.depth += 1
        if self.depth and tag == "a" and "headerlink" in (a.get("class") or ""):
            self.skip += 1
        if self.depth and tag in ("p", "li", "h1", "h2", "h3", "h4", "dd", "dt", "td", "br", "div"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1
        if tag == "a" and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.parts.append(data)


def article_text(path: Path) -> str:
    parser = _ArticleText()
    parser.feed(path.read_text(encoding="utf-8"))
    return "".join(parser.parts)


def normalise(text: str) -> str:
    """Fold what typography may legitimately change: accents on capitals,
    apostrophes, no-break spaces, dashes, quotes spacing, Markdown marks."""
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)          # Markdown links
    text = text.replace("**", "").replace("*", "").replace("➤", "")
    text = text.replace("\u2019", "'").replace("\u2026", "...")
    text = re.sub(r"[\u00a0\u202f\s]+", " ", text)
    text = re.sub(r"\s*[-\u2013\u2014]\s*", "-", text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.lower().strip()


def source_fragments() -> list[str]:
    """The source's sentences (and sentence-like pieces: labels, list items)."""
    frags = []
    for line in SOURCE_FILE.read_text(encoding="utf-8").splitlines():
        line = re.sub(r"^\s*(#+|[-*]|\d+\.)\s+", "", line).strip()
        for piece in re.split(r"(?<=[.!?;:])\s+|\s+/\s+", line):
            piece = normalise(piece).rstrip(" :,")
            if len(piece.split()) >= 3:
                frags.append(piece)
    return frags


@pytest.fixture(scope="module")
def french_text(site) -> str:
    pages = [p for p in html_pages(site) if not p.relative_to(site).parts[0] == "en"]
    return normalise("\n".join(article_text(p) for p in pages))


def test_source_is_long_enough_to_mean_something():
    assert len(source_fragments()) > 300


def test_every_source_sentence_is_in_the_french_pages(french_text):
    missing = [f for f in source_fragments() if f not in french_text]
    total = len(source_fragments())
    assert not missing, (f"{len(missing)} of {total} source sentences are missing from the built French pages, "
                         "first ones:\n  " + "\n  ".join(missing[:10]))


def test_the_check_would_notice_a_missing_sentence(french_text):
    """Guard against a normaliser so loose that everything matches."""
    assert normalise("Cette phrase n'est pas dans le compte-rendu du collectif.") not in french_text


RECORD_IDS = [f"i{n:02d}" for n in range(1, 44)]


@pytest.mark.parametrize("lang_prefix", ["", "en/"])
def test_every_intervention_has_its_stable_anchor(site, lang_prefix):
    html = record_html(site, MEETING, lang_prefix)
    ids = re.findall(r'<h2 id="(i\d\d-[a-z-]+)"', html)
    assert [i[:3] for i in ids] == RECORD_IDS, "interventions must be h2 i01…i43, in order"
    assert len(set(ids)) == 43


def test_intervention_anchors_are_the_same_in_both_languages(site):
    pattern = r'<h2 id="(i\d\d-[a-z-]+)"'
    fr = re.findall(pattern, record_html(site, MEETING))
    en = re.findall(pattern, record_html(site, MEETING, "en/"))
    assert len(fr) == 43 and fr == en, "the same interventions, in the same order, in both languages"


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_record_is_one_page_whose_contents_link_every_intervention(site, prefix):
    """The full record is one page (one Ctrl+F, one link); its contents list
    every heading of the page, in order, linked to it in the page."""
    folder = site / prefix / MEETING
    assert not [p.name for p in folder.iterdir() if re.fullmatch(r"compte-rendu-\d+", p.name)], "no parts"
    article = record_html(site, MEETING, prefix)
    contents = article.split('class="record-contents__list"', 1)[1].split("</div>", 1)[0]
    links = re.findall(r'href="#([\w-]+)"', contents)
    headings = [a for a in re.findall(r'<h2 id="([\w-]+)"', article) if a != "sommaire"]
    assert links == headings and len([a for a in links if re.match(r"i\d\d-", a)]) == 43


@pytest.mark.parametrize("m", PUBLISHED, ids=archive.ids(PUBLISHED))
def test_meeting_pages_show_the_metadata_header(site, m):
    """The meeting's page shows its front matter: date, rapporteur, report date, attendees."""
    html = (site / m.path / "index.html").read_text(encoding="utf-8")
    header = html[html.index('class="meeting-header"'):]
    meta = m.meta("fr")
    people = f"{meta['attendees']} personne" + ("s" if meta["attendees"] > 1 else "")
    for expected in (format_date(meta["date"], "fr"), meta["rapporteur"], format_date(meta["report_date"], "fr"),
                     people):
        assert normalise(expected) in normalise(header[:3000]), expected


@pytest.mark.parametrize("m,prefix,lang", [(m, p, lang) for m in PUBLISHED for p, lang in (("", "fr"), ("en/", "en"))],
                         ids=[f"{m.date}-{lang}" for m in PUBLISHED for lang in ("fr", "en")])
def test_other_meeting_pages_name_the_meeting_and_link_its_documents(site, m, prefix, lang):
    """A one-line reminder (meeting, status) linking back to the meeting's page,
    then the same row of documents, on every other page of the meeting."""
    line = ("Réunion du {}" if lang == "fr" else "Meeting of {}").format(format_date(m.day, lang))
    folder = site / prefix / m.path
    pages = [p for p in folder.glob("*/index.html")]
    assert len(pages) == len(m.pages(lang)) - 1, "a built page for each of the meeting's pages but its own"
    documents = [d for d in DOCUMENTS if d in m.pages(lang)]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        header = html.split('class="meeting-header meeting-header--compact"', 1)[1].split("</nav>", 1)[0]
        assert re.search(rf'<a href="\.\./">{line}</a> · <span class="meeting-status', header), page
        assert m.meta(lang)["rapporteur"] not in header, page
        assert len(re.findall(r"<li><a ", header)) >= len(documents), page


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_home_page_links_the_latest_meeting_and_its_documents(site, prefix):
    if LATEST is None:
        pytest.skip("no published meeting")
    MEETING, lang = LATEST.path, "en" if prefix else "fr"   # noqa: N806
    html = (site / prefix / "index.html").read_text(encoding="utf-8")
    article = html[html.index("<article"):html.index("</article>")]
    block = article.split('id="derniere-reunion"', 1)[1].split("<h2", 1)[0]   # same anchor in English
    hrefs = [h for h in re.findall(r'href="([^"]+)"', block) if not h.startswith("#")]   # not the permalink
    assert hrefs[0] == f"{MEETING}/", hrefs
    assert {f"{MEETING}/{d}/" for d in DOCUMENTS if d in LATEST.pages(lang)} <= set(hrefs[1:]), hrefs
    assert f"{MEETING}/" not in hrefs[1:], "the meeting's page is linked twice"
    assert any(h.endswith(".pdf") for h in hrefs), hrefs
