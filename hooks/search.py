"""Search: mark what Pagefind indexes, then build its index after the build.

Why Pagefind and not Material's lunr search: see README.md ("Search").
Pagefind reads every built page, groups pages by `<html lang>` and writes one
bundle, site/pagefind/, holding a separate, chunked index per language: French
pages search French pages only, English pages English pages only. The search
box (overrides/partials/search.html, docs/assets/js/search.js) loads it on
first use.

- on_post_page marks the article as the only indexed part of a page
  (`data-pagefind-body`: no header, navigation or footer) and gives the result
  its title, the page title. An English page whose translation is pending
  (it shows the French text) is not marked, so English search leaves it out.
- on_post_build runs Pagefind once, after static-i18n has built every
  language: static-i18n builds the English site from inside its own
  on_post_build (priority -100), so this one runs later (-200) and skips the
  nested build.
- French elision: Pagefind keeps « l’urgence » as one word, so a search for
  « urgence » would miss it. Pagefind reads copies of the French pages where
  an elided article or pronoun is followed by a space (« l’ urgence »); the
  published pages are untouched, and the search box joins the two again in
  the excerpts it shows.
- Pagefind reads only the article of each page (the part it indexes:
  data-pagefind-body), in a page of the same language: half the bytes of
  the built pages, and the same index.
- `mkdocs serve` skips the index (it would slow every reload); the search box
  then says that search is unavailable in the live preview.
"""
from __future__ import annotations

import html
import json
import logging
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from mkdocs.plugins import event_priority

from common import DEFAULT_LANG, LANGS, BuildError, page_lang
from freshness import is_pending

log = logging.getLogger("mkdocs.hooks.search")

# Not indexed: permalink symbols, the edit button, the page dates and the
# meeting header block and a draft's banner (repeated on every page of a meeting).
EXCLUDE = [".headerlink", ".md-content__button", ".md-source-file", ".meeting-header", ".meeting-draft"]
# Pagefind's ready-made interfaces and its web worker: unused, not published.
UNUSED = ["pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*",
          "pagefind-highlight.js", "pagefind-worker.js"]
ARTICLE = '<article class="md-content__inner md-typeset"'
DEFINITIONS = re.compile(r"</(dt|dd)><(dt|dd)\b")
# l’, d’, qu’, jusqu’… before a letter, in French text (not in tags)
ELISION = re.compile(r"(?<![^\W\d_])((?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)(?:[’']|&rsquo;|&#0?39;|&#x27;))"
                     r"(?=[^\W\d_])", re.I)
TEXT = re.compile(r">([^<]+)<")
LANG = re.compile(r"<html\b[^>]*\blang=\"?([\w-]+)")
FRENCH = re.compile(r"fr\b")

_serving = False


def on_startup(command, dirty, **kwargs):
    global _serving
    _serving = command == "serve"


def on_config(config, **kwargs):
    # Read by overrides/partials/search.html.
    config.extra["search_index"] = not _serving
    return config


def on_post_page(output, page, config, **kwargs):
    src = page.file.src_path
    if page_lang(src) != DEFAULT_LANG and is_pending(Path(config.docs_dir) / src):
        return output  # French text under an English address: not in English search
    title = html.escape(page.title or "", quote=True)
    marked = f'{ARTICLE} data-pagefind-body data-pagefind-meta="title[data-title]" data-title="{title}"'
    output = output.replace(ARTICLE, marked, 1)
    # Pagefind joins the words of adjacent <dt>/<dd> ("CHRSCentres"): a line
    # break between them keeps them apart (it changes nothing on screen).
    return DEFINITIONS.sub(r"</\1>\n<\2", output)


_RUNS: list = []   # Pagefind runs under way: (process, its input folder, its output folder)


def _start(site: Path, only=None, skip=()) -> None:
    """Pagefind on the built pages in the background: those under site/ONLY
    (all if None), the SKIP folders left out, into an output folder of its own."""
    import pagefind_bin

    tmp = Path(tempfile.mkdtemp(prefix="pagefind-"))
    _pages_to_index(site, tmp / "in", only, skip)
    cmd = [str(pagefind_bin.get_executable()), "--site", str(tmp / "in"), "--output-path", str(tmp / "out"),
           "--quiet", "--exclude-selectors", ", ".join(EXCLUDE)]
    _RUNS.append((subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True), tmp))


def _stop() -> None:
    for process, tmp in _RUNS:
        if process.poll() is None:
            process.kill()
        process.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    _RUNS.clear()


def on_pre_build(config, **kwargs):
    i18n = config.plugins.get("i18n")
    if _serving or i18n is None or not getattr(i18n, "building", False):
        _stop()   # a new build: nothing under way
        return
    if not _RUNS:
        # static-i18n starts building the other languages: the default
        # language's pages are all written. Pagefind indexes them meanwhile,
        # on the other core; each language has an index of its own, the
        # same as in one run over every page.
        site = _root(config)
        _start(site, skip=[site / lang for lang in LANGS if lang != DEFAULT_LANG])


def _root(config) -> Path:
    """The site's root folder (static-i18n builds the other languages into the same one)."""
    site = Path(config.site_dir)
    return site.parent if site.name in LANGS and site.name != DEFAULT_LANG else site


@event_priority(-200)
def on_post_build(config, **kwargs):
    i18n = config.plugins.get("i18n")
    if _serving or (i18n is not None and getattr(i18n, "building", False)):
        return
    start = time.monotonic()
    site = Path(config.site_dir)
    bundle = site / "pagefind"
    shutil.rmtree(bundle, ignore_errors=True)
    try:
        if _RUNS:   # the default language is under way: the other languages now
            for lang in LANGS:
                if lang != DEFAULT_LANG and (site / lang).is_dir():
                    _start(site, only=site / lang)
        else:
            _start(site)
        languages: dict = {}
        for process, tmp in _RUNS:
            output = process.communicate()[0]
            out = tmp / "out"
            if process.returncode != 0 or not (out / "pagefind.js").exists():
                raise BuildError([f"pagefind failed ({process.returncode}): {output.strip()}"])
            languages.update(json.loads((out / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"])
            entry = json.loads((out / "pagefind-entry.json").read_text(encoding="utf-8"))
            shutil.copytree(out, bundle, dirs_exist_ok=True)   # the files all runs write are the same
    finally:
        _stop()
    for pattern in UNUSED:
        for path in bundle.glob(pattern):
            path.unlink()
    # one entry for every language's index; Pagefind lists the languages in a
    # random order: sorted, so that the same commit always builds the same files
    entry["languages"] = languages
    (bundle / "pagefind-entry.json").write_text(json.dumps(entry, sort_keys=True, ensure_ascii=False,
                                                           separators=(",", ":")), encoding="utf-8")
    log.info("Search index built by Pagefind in %.1f s", time.monotonic() - start)


def on_build_error(error, **kwargs):
    _stop()


def split_elisions(page: str) -> str:
    """« l’urgence » -> « l’ urgence » in the text of a page (tags untouched)."""
    return TEXT.sub(lambda m: ">" + ELISION.sub(r"\1 ", m.group(1)) + "<", page)


def to_index(page: str) -> str | None:
    """What Pagefind reads of a built page: its article alone (Pagefind indexes
    nothing else: data-pagefind-body), in a page of the same language, French
    elisions split; None for a page without an indexed article (Pagefind
    leaves it out: an English page pending translation, 404.html)."""
    start = page.find(ARTICLE + " data-pagefind-body")
    if start < 0:
        return None
    article = page[start:page.rindex("</article>") + len("</article>")]
    lang = LANG.search(page, 0, 400)
    if lang and FRENCH.match(lang.group(1)):
        article = split_elisions(article)
    return (f'<!DOCTYPE html><html lang="{lang.group(1) if lang else ""}"><head><meta charset="utf-8"></head>'
            f"<body>{article}</body></html>")


def _pages_to_index(site: Path, into: Path, only: Path | None = None, skip=()) -> None:
    """What Pagefind reads: to_index() of each built page (under ONLY, not
    under SKIP), at the same path."""
    for page in (only or site).rglob("*.html"):
        if any(page.is_relative_to(folder) for folder in skip):
            continue
        text = to_index(page.read_text(encoding="utf-8"))
        if text is not None:
            target = into / page.relative_to(site)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
