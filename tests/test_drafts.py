"""Drafts follow Hugo's rule: a meeting with `status: draft` is not on the public site.

In a throwaway copy of the project (PDFs and search included), a draft meeting
made by `make new-meeting` is left as a draft. The public build (`make build`)
must hold no trace of it in any file it writes — pages, listing, home page,
feeds, sitemap, search index (decompressed), organisations, PDFs — while the
final meeting is there as before. A preview build (DRAFTS=1, as `make preview`
and the pull-request artefact) and `mkdocs serve` show it, with the banner on
each of its pages and in its PDFs. A public page linking into a draft fails the
build, naming the file and line.
"""
from __future__ import annotations

import gzip
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import published_meetings
from project_copy import append, copy_project

DRAFT = "2099-01-15"
FINALS = published_meetings()
BANNER = {"fr": "Projet — ce compte-rendu n’est pas encore approuvé",
          "en": "Draft — these minutes are not yet approved"}
# What would betray the draft in a file: its date, written every way the site writes dates.
TRACES = re.compile(rb"2099-01-15|15 janvier 2099|15 January 2099|reunions/2099|compte-rendu-2099")
# Third-party scripts that contain the number 2099 whatever the content (seen in a build without drafts).
THIRD_PARTY = ("assets/javascripts/", "pagefind/pagefind.js")


def _env(drafts: bool) -> dict:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("SOURCE_DATE_EPOCH", None)
    env.pop("DRAFTS", None)
    if drafts:
        env["DRAFTS"] = "1"
    return env


def build(root: Path, out: str, drafts: bool) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` in the copy, into root/out, with or without the drafts."""
    env = dict(_env(drafts), GIT_CEILING_DIRECTORIES=str(root.parent))
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(root / out)],
                          cwd=root, env=env, capture_output=True, text=True, timeout=900)


def new_meeting(root: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "scripts", "new-meeting", DRAFT], cwd=root,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    index = (root / "docs/reunions" / DRAFT / "index.fr.md").read_text(encoding="utf-8")
    assert re.search(r"^\s+status:\s*draft\b", index, re.M), "new-meeting no longer makes a draft: update the test"


def speaks(root: Path) -> None:
    """Gives the draft an intervention by an organisation that spoke at a final
    meeting, so that the organisations index would show the draft (its latest
    meeting) if drafts leaked into it; unless new-meeting already made the
    meeting's data file."""
    # a file beside the pages (a scan of the signed minutes, an image): not published either
    (root / "docs/reunions" / DRAFT / "piece-jointe.pdf").write_bytes(   # a PDF: a type docs/ accepts
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n")
    data = root / "data/meetings" / f"{DRAFT}.yml"
    if data.exists():
        return
    data.write_text(f"record: compte-rendu\npriorities_page: priorites\npriorities_snippet: {DRAFT}/priorites\n"
                    "interventions:\n  i01-ccem: {org: ccem, priorities: []}\n", encoding="utf-8")
    for lang in ("fr", "en"):
        snippet = root / "docs/_snippets" / DRAFT / f"priorites.{lang}.md"
        snippet.parent.mkdir(parents=True, exist_ok=True)
        snippet.write_text("", encoding="utf-8")
        append(root / "docs/reunions" / DRAFT / f"compte-rendu.{lang}.md", "## CCEM { #i01-ccem }\n\nCCEM.")


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("drafts") / "project", pdf=True)
    new_meeting(root)
    speaks(root)
    public = build(root, "public", drafts=False)
    assert public.returncode == 0, public.stderr[-3000:]
    preview = build(root, "preview", drafts=True)
    assert preview.returncode == 0, preview.stderr[-3000:]
    return root / "public", root / "preview"


def _contents(path: Path) -> bytes:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":   # sitemap.xml.gz, Pagefind's index and fragments
        data = gzip.decompress(data)
    return data


def _norm(text: str) -> str:
    return " ".join(text.replace("'", "’").replace("\u00a0", " ").replace("\u202f", " ").split())


def _pdf_pages(path: Path) -> list[str]:
    return [_norm(page.extract_text() or "") for page in PdfReader(path).pages]


def _pdf_links(path: Path) -> bytes:
    """What a final meeting's PDF could betray a draft with: its link targets
    and metadata (its text is checked by the build's link check; reading it
    all back would take a minute)."""
    reader = PdfReader(path)
    out = [str(v) for v in (reader.metadata or {}).values()]
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A") or {}
            out.append(str(action.get("/URI", "")))
    assert any(out), f"{path}: no link or metadata read"
    return "\n".join(out).encode()


# --- the public build ---------------------------------------------------------------

def test_public_build_has_no_trace_of_the_draft(builds):
    public, _ = builds
    files = [p for p in public.rglob("*") if p.is_file()]
    assert len(files) > 50 and any(p.suffix == ".pf_fragment" for p in files), "search index missing"
    leaks = []
    for path in files:
        rel = path.relative_to(public).as_posix()
        if DRAFT in rel:
            leaks.append(f"{rel}: file of the draft")
            continue
        if rel.startswith(THIRD_PARTY):
            continue
        text = _pdf_links(path) if path.suffix == ".pdf" else _contents(path)
        hit = TRACES.search(text)
        if hit:
            leaks.append(f"{rel}: {hit.group().decode()}")
    assert not leaks, "the public build shows the draft:\n" + "\n".join(leaks)


def test_public_build_has_the_final_meetings(builds):
    public, _ = builds
    assert FINALS
    latest = max(FINALS)
    sitemap = _contents(public / "sitemap.xml.gz").decode()
    for lang, prefix in (("fr", ""), ("en", "en/")):
        site = public / prefix
        listing = (site / "reunions/index.html").read_text(encoding="utf-8")
        home = (site / "index.html").read_text(encoding="utf-8")
        feed = (site / "feed.xml").read_text(encoding="utf-8")
        assert f'href="reunions/{latest}/"' in home, f"{lang} home page: latest final meeting missing"
        for date in FINALS:
            assert (site / "reunions" / date / "index.html").is_file()
            assert (site / "pdf" / f"compte-rendu-{date}-{lang}.pdf").is_file()
            assert f"{date}/" in listing and f"reunions/{date}/" in feed
            assert f"{prefix}reunions/{date}/" in sitemap
            page = (site / "reunions" / date / "index.html").read_text(encoding="utf-8")
            assert "meeting-draft" not in page and _norm(BANNER[lang]) not in _norm(page)
    fragments = b"".join(_contents(p) for p in (public / "pagefind/fragment").glob("*.pf_fragment"))
    assert all(f"reunions/{date}/".encode() in fragments for date in FINALS), "final meeting not in search"


# --- the preview (DRAFTS=1) ---------------------------------------------------------

@pytest.mark.parametrize("lang", ["fr", "en"])
def test_preview_shows_the_draft_with_its_banner_on_every_page(builds, lang):
    _, preview = builds
    site = preview / ("" if lang == "fr" else "en")
    sources = sorted(p.name.split(".")[0] for p in (preview.parent / "docs/reunions" / DRAFT).glob(f"*.{lang}.md"))
    assert len(sources) >= 3
    for slug in sources:
        page = site / "reunions" / DRAFT / ("" if slug == "index" else slug) / "index.html"
        assert page.is_file(), f"preview misses {page}"
        html = page.read_text(encoding="utf-8")
        banner = re.search(r'<div class="admonition warning meeting-draft"[^>]*>(.*?)</div>', html, re.S)
        assert banner and _norm(BANNER[lang]) in _norm(re.sub(r"<[^>]+>", " ", banner.group(1))), \
            f"{page}: no draft banner"
    listing = (site / "reunions/index.html").read_text(encoding="utf-8")
    assert f'href="{DRAFT}/"' in listing
    assert (preview / "reunions" / DRAFT / "piece-jointe.pdf").is_file()
    assert f"reunions/{DRAFT}/" in (site / "organisations/index.html").read_text(encoding="utf-8")
    assert f'href="reunions/{DRAFT}/"' in (site / "index.html").read_text(encoding="utf-8"), "not the latest meeting"
    assert f"reunions/{DRAFT}/" in (site / "feed.xml").read_text(encoding="utf-8")
    for date in FINALS:   # the final meetings carry no banner, in the preview too
        html = (site / "reunions" / date / "index.html").read_text(encoding="utf-8")
        assert "meeting-draft" not in html


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_preview_pdf_of_the_draft_says_so_on_the_cover_and_every_page(builds, lang):
    _, preview = builds
    site = preview / ("" if lang == "fr" else "en")
    pages = _pdf_pages(site / "pdf" / f"compte-rendu-{DRAFT}-{lang}.pdf")
    banner = _norm(BANNER[lang])
    assert len(pages) >= 3
    assert banner in pages[0], "the cover has no draft banner"
    missing = [i + 1 for i, text in enumerate(pages[1:], 1) if banner not in text]
    assert not missing, f"no draft banner in the running header of pages {missing}"


def test_final_meetings_are_the_same_in_the_preview(builds):
    """Showing the drafts changes nothing in a final meeting: its pages and
    PDFs are byte for byte those of the public build (so: no banner)."""
    public, preview = builds
    for date in FINALS:
        for prefix in ("", "en/"):
            files = sorted(p.relative_to(public) for p in (public / prefix / "reunions" / date).rglob("*")
                           if p.is_file())
            files.append(Path(prefix) / "pdf" / f"compte-rendu-{date}-{prefix.strip('/') or 'fr'}.pdf")
            assert len(files) > 3
            changed = [str(f) for f in files if (public / f).read_bytes() != (preview / f).read_bytes()]
            assert not changed, f"showing the drafts changed {changed}"


# --- links into a draft, and `mkdocs serve` ------------------------------------------------

@pytest.fixture(scope="module")
def light(tmp_path_factory):
    """A copy without PDFs and search, with the draft meeting."""
    root = copy_project(tmp_path_factory.mktemp("drafts-light") / "project")
    new_meeting(root)
    return root


# Each case: the French and English twins get the same numbers (the parity
# check counts them); one of them links to the draft, and is named.
@pytest.mark.parametrize("fr, en, named, words", [
    ("docs/a-propos.fr.md", "docs/a-propos.en.md", "docs/a-propos.fr.md", "encore un projet"),
    # a link in a snippet names the snippet; it is relative to the page that includes it
    ("docs/_snippets/{final}/priorites.fr.md", "docs/_snippets/{final}/priorites.en.md",
     "docs/_snippets/{final}/priorites.en.md", "still a draft"),
    ("docs/glossaire.fr.md", "docs/glossaire.en.md", "docs/glossaire.en.md", "still a draft"),
])
def test_a_public_link_to_a_draft_fails_the_build(light, fr, en, named, words):
    final = max(FINALS)
    links = {  # the linking text of each case, in the named file
        "docs/a-propos.fr.md": f"Voir [la prochaine réunion](reunions/{DRAFT}/index.md).",
        "docs/_snippets/{final}/priorites.en.md": f"See [the next meeting](../{DRAFT}/bilan.md).",
        "docs/glossaire.en.md": f'<p><a href="https://www.contrelatraite.org/en/pdf/compte-rendu-{DRAFT}-en.pdf">'
                                "The next minutes</a></p>",
    }
    plain = {"fr": f"La réunion du {DRAFT}.", "en": f"The meeting of {DRAFT}."}
    paths = {lang: light / where.format(final=final) for lang, where in (("fr", fr), ("en", en))}
    originals = {lang: path.read_text(encoding="utf-8") for lang, path in paths.items()}
    try:
        line = None
        for lang, path in paths.items():
            linking = path == light / named.format(final=final)
            n = append(path, links[named] if linking else plain[lang])
            line = n if linking else line
        run = build(light, "out", drafts=False)
        assert run.returncode != 0, "a link to a draft was published"
        assert f"{named.format(final=final)}:{line}:" in run.stderr and words in run.stderr, run.stderr[-2000:]
        assert DRAFT in run.stderr
        if named.endswith("a-propos.fr.md"):   # the preview shows the draft: the link works (one case is enough)
            with_drafts = build(light, "out", drafts=True)
            assert with_drafts.returncode == 0, with_drafts.stderr[-2000:]
    finally:
        for lang, path in paths.items():
            path.write_text(originals[lang], encoding="utf-8")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_mkdocs_serve_shows_the_draft_with_its_banner(light):
    """… and, stopped by SIGTERM, leaves no copy of the site in the temporary folder."""
    port = _free_port()
    tmp = light.parent / "serve-tmp"
    tmp.mkdir(exist_ok=True)
    env = dict(_env(False), GIT_CEILING_DIRECTORIES=str(light.parent), TMPDIR=str(tmp))
    log = light.parent / "serve.log"   # a file, not a pipe: a full pipe would stop the server
    with log.open("w") as out:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--strict", "--no-livereload",
                                   "--dev-addr", f"127.0.0.1:{port}"], cwd=light, env=env,
                                  stdout=subprocess.DEVNULL, stderr=out)
    try:
        base = f"http://127.0.0.1:{port}/"
        deadline, ready = time.monotonic() + 600, False
        while not ready and time.monotonic() < deadline and server.poll() is None:   # the first build
            try:
                with urllib.request.urlopen(base, timeout=10):
                    ready = True
            except OSError:
                time.sleep(0.5)
        assert ready, f"mkdocs serve did not start: {log.read_text()[-2000:]}"
        with urllib.request.urlopen(f"{base}en/reunions/{DRAFT}/bilan/", timeout=30) as response:
            html = response.read().decode("utf-8")
        assert "meeting-draft" in html and _norm(BANNER["en"]) in _norm(html)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    left = sorted(p.name for p in tmp.iterdir())
    assert not left, f"mkdocs serve, stopped by SIGTERM, left {left} in the temporary folder"
