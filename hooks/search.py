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

from common import DEFAULT_LANG, BuildError, page_lang
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


@event_priority(-200)
def on_post_build(config, **kwargs):
    i18n = config.plugins.get("i18n")
    if _serving or (i18n is not None and getattr(i18n, "building", False)):
        return
    import pagefind_bin

    start = time.monotonic()
    site = Path(config.site_dir)
    shutil.rmtree(site / "pagefind", ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="pagefind-") as tmp:
        _pages_to_index(site, Path(tmp))
        cmd = [str(pagefind_bin.get_executable()), "--site", tmp, "--output-path", str(site / "pagefind"),
               "--quiet", "--exclude-selectors", ", ".join(EXCLUDE)]
        run = subprocess.run(cmd, capture_output=True, text=True)
    bundle = site / "pagefind"
    if run.returncode != 0 or not (bundle / "pagefind.js").exists():
        raise BuildError([f"pagefind failed ({run.returncode}): {run.stderr.strip() or run.stdout.strip()}"])
    for pattern in UNUSED:
        for path in bundle.glob(pattern):
            path.unlink()
    # Pagefind lists the languages in a random order: sort them, so that the
    # same commit always builds the same files.
    entry = bundle / "pagefind-entry.json"
    entry.write_text(json.dumps(json.loads(entry.read_text(encoding="utf-8")), sort_keys=True,
                                ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    log.info("Search index built by Pagefind in %.1f s", time.monotonic() - start)


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


def _pages_to_index(site: Path, into: Path) -> None:
    """What Pagefind reads: to_index() of each built page, at the same path."""
    for page in site.rglob("*.html"):
        text = to_index(page.read_text(encoding="utf-8"))
        if text is not None:
            target = into / page.relative_to(site)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
