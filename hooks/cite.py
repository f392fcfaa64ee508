"""What a reference to an intervention or a priority is made of, for "Cite".

Members quote the minutes in letters to the ministry. On a meeting page that
holds interventions (`## Speaker { #iNN-… }`, the full record) or priority
blocks (`<div class="priority" id="pN">`, the priorities page), this hook puts
one empty, hidden element at the top of the article:

    <div class="cite-source" hidden data-cite-collective="…" data-cite-meeting="…"
         data-cite-page="…"></div>

in the page's language: the collective, the meeting and its date, the page.
docs/assets/js/cite.js reads it, and the page itself (the heading's text, the
anchor's number, the priority's lead sentence, the canonical URL), to add
"Copy link" and "Cite" buttons at run time: nothing of the meeting is written
in the script. Without JavaScript the heading permalinks (¶) remain. The
script and its stylesheet (assets/css/cite.css) are loaded by these pages
only (a same-origin <script> and a <link> in the head): other pages' first
load stays lighter. The script comes just before the theme's bundle, not
deferred after it: its boxes are then in the page before the first layout.
Deferred, it added them to a page already laid out, and the long record was
laid out again (and measured again by the theme's scroll spy) in one task of
about 0.3 s on Lighthouse's simulated phone.
"""
from __future__ import annotations

import datetime as dt
import html
import re

from mkdocs.utils import get_relative_url

from common import MEETING_PAGE, format_date, page_lang

T = {
    "fr": {"collective": "Collectif « Ensemble contre la traite des êtres humains »",
           "meeting": "réunion du {date}", "compte-rendu": "compte-rendu intégral", "priorites": "liste des priorités"},
    "en": {"collective": "“Ensemble contre la traite des êtres humains” collective",
           "meeting": "meeting of {date}", "compte-rendu": "full record", "priorites": "priority list"},
}
CITABLE = re.compile(r'<h2 id="i\d+-|<div class="priority" id="p\d+"')
SCRIPT, STYLE = "assets/js/cite.js", "assets/css/cite.css"
THEME_BUNDLE = re.compile(r'<script src="[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js"></script>')
_CITABLE: set[str] = set()   # the pages (src paths) of this build that get the script


def source_element(date: dt.date, slug: str, lang: str) -> str:
    t = T[lang]
    attrs = {"collective": t["collective"], "meeting": t["meeting"].format(date=format_date(date, lang)),
             "page": t.get(slug, slug)}
    if lang == "fr":   # no-break spaces inside « » and before the date's digits stay with their words
        attrs = {k: v.replace("« ", "«\u00a0").replace(" »", "\u00a0»") for k, v in attrs.items()}
    data = " ".join(f'data-cite-{k}="{html.escape(v)}"' for k, v in attrs.items())
    return f'<div class="cite-source" hidden {data}></div>'


def on_page_content(html_, page, config, files):
    mm = MEETING_PAGE.match(page.file.src_path)
    if not mm or not CITABLE.search(html_):
        return html_
    date = dt.date.fromisoformat(mm.group(1))
    _CITABLE.add(page.file.src_path)
    return source_element(date, mm.group(2), page_lang(page.file.src_path)) + "\n" + html_


def on_pre_build(config):
    _CITABLE.clear()


def on_post_page(output, page, config):
    if page.file.src_path not in _CITABLE or "</body>" not in output or "</head>" not in output:
        return output
    style = f'<link rel="stylesheet" href="{get_relative_url(STYLE, page.url)}">'
    script = f'<script src="{get_relative_url(SCRIPT, page.url)}"></script>'
    bundle = THEME_BUNDLE.search(output)
    i = bundle.start() if bundle else output.rindex("</body>")
    output = output[:i] + script + output[i:]
    i = output.index("</head>")
    return output[:i] + style + output[i:]
