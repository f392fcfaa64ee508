""""Copy link" and "Cite" on every intervention and priority, and what they quote.

Members quote the minutes in letters to the ministry. On a meeting page that
holds interventions (`## Speaker { #iNN-… }`, the full record) or priority
blocks (`<div class="priority" id="pN">`, the priorities page), this hook
writes, in the page's language:

- one empty, hidden element at the top of the article, what a reference
  quotes besides the page itself (the collective, the meeting and its date,
  the page):

      <div class="cite-source" hidden data-cite-collective="…" data-cite-meeting="…"
           data-cite-page="…"></div>

- after each intervention's heading (and its "Supports priorities" line) and
  each priority's lead sentence, a box of two real <button>s, named for
  screen readers ("Copy link to intervention 12", "Cite priority P3"):

      <div class="cite-actions" data-for="i12-…" data-pagefind-ignore>
        <button type="button" class="cite-button" data-cite="link" aria-label="…">Copy link</button>
        <button type="button" class="cite-button" data-cite="reference" aria-label="…">Cite</button></div>

docs/assets/js/cite.js listens to the clicks (one listener for the page) and
makes the reference then, from the page: the heading's text, the anchor's
number, the priority's lead sentence, the canonical URL. Nothing of a meeting
is written in the script. Without JavaScript the boxes are hidden (a
`(scripting: none)` media query, assets/css/cite.css) and the heading permalinks (¶) remain;
search skips them; the PDF drops them (hooks/pdf.py). The script and its
stylesheet are loaded by these pages only.

The buttons are written here, not by the script: made at load by cite.js,
they cost the long record a task of 60–90 ms on Lighthouse's simulated phone
(its blocking time 240 → 200 ms, median of 5).
"""
from __future__ import annotations

import datetime as dt
import html
import re

from mkdocs.utils import get_relative_url

from common import MEETING_PAGE, format_date, page_lang

T = {
    "fr": {"collective": "Collectif « Ensemble contre la traite des êtres humains »",
           "meeting": "réunion du {date}", "compte-rendu": "compte-rendu intégral", "priorites": "liste des priorités",
           "copy": "Copier le lien", "cite": "Citer",
           "copy_i": "Copier le lien de l’intervention {n}", "cite_i": "Citer l’intervention {n}",
           "copy_p": "Copier le lien de la priorité {id}", "cite_p": "Citer la priorité {id}"},
    "en": {"collective": "“Ensemble contre la traite des êtres humains” collective",
           "meeting": "meeting of {date}", "compte-rendu": "full record", "priorites": "priority list",
           "copy": "Copy link", "cite": "Cite",
           "copy_i": "Copy link to intervention {n}", "cite_i": "Cite intervention {n}",
           "copy_p": "Copy link to priority {id}", "cite_p": "Cite priority {id}"},
}
CITABLE = re.compile(r'<h2 id="i\d+-|<div class="priority" id="p\d+"')
# an intervention's heading, then its "Supports priorities" line if it has one (hooks/priorities.py)
INTERVENTION_HEAD = re.compile(r'<h2 id="(i(\d+)-[^"]*)"[^>]*>.*?</h2>(?:\s*<p class="intervention-priorities">.*?</p>)?',
                               re.S)
PRIORITY_LEAD = re.compile(r'<div class="priority" id="(p(\d+))"[^>]*>\s*(?:<p>.*?</p>)?', re.S)
SCRIPT, STYLE = "assets/js/cite.js", "assets/css/cite.css"
_CITABLE: set[str] = set()   # the pages (src paths) of this build that get the script


def source_element(date: dt.date, slug: str, lang: str) -> str:
    t = T[lang]
    attrs = {"collective": t["collective"], "meeting": t["meeting"].format(date=format_date(date, lang)),
             "page": t.get(slug, slug)}
    if lang == "fr":   # no-break spaces inside « » and before the date's digits stay with their words
        attrs = {k: v.replace("« ", "«\u00a0").replace(" »", "\u00a0»") for k, v in attrs.items()}
    data = " ".join(f'data-cite-{k}="{html.escape(v)}"' for k, v in attrs.items())
    return f'<div class="cite-source" hidden {data}></div>'


def actions(anchor: str, copy_label: str, cite_label: str, lang: str) -> str:
    t = T[lang]
    return (f'<div class="cite-actions" data-for="{anchor}" data-pagefind-ignore>'
            f'<button type="button" class="cite-button" data-cite="link" aria-label="{html.escape(copy_label)}">'
            f'{t["copy"]}</button>'
            f'<button type="button" class="cite-button" data-cite="reference" aria-label="{html.escape(cite_label)}">'
            f'{t["cite"]}</button></div>')


def with_actions(html_: str, lang: str) -> str:
    """The page with a box of both buttons after each intervention heading and priority lead."""
    t = T[lang]

    def intervention(m):
        n = int(m.group(2))
        return m.group(0) + actions(m.group(1), t["copy_i"].format(n=n), t["cite_i"].format(n=n), lang)

    def priority(m):
        pid = f"P{int(m.group(2))}"
        return m.group(0) + actions(m.group(1), t["copy_p"].format(id=pid), t["cite_p"].format(id=pid), lang)

    return PRIORITY_LEAD.sub(priority, INTERVENTION_HEAD.sub(intervention, html_))


def on_page_content(html_, page, config, files):
    mm = MEETING_PAGE.match(page.file.src_path)
    if not mm or not CITABLE.search(html_):
        return html_
    date = dt.date.fromisoformat(mm.group(1))
    lang = page_lang(page.file.src_path)
    _CITABLE.add(page.file.src_path)
    return source_element(date, mm.group(2), lang) + "\n" + with_actions(html_, lang)


def on_pre_build(config):
    _CITABLE.clear()


def on_post_page(output, page, config):
    if page.file.src_path not in _CITABLE or "</body>" not in output or "</head>" not in output:
        return output
    style = f'<link rel="stylesheet" href="{get_relative_url(STYLE, page.url)}">'
    script = f'<script defer src="{get_relative_url(SCRIPT, page.url)}"></script>'
    i = output.rindex("</body>")
    output = output[:i] + script + output[i:]
    i = output.index("</head>")
    return output[:i] + style + output[i:]
