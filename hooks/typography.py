"""French typography on French pages: no-break spaces where French wants them,
and French titles for the permalink and footnote back-links.

Narrow no-break space (U+202F) inside « » and before ; ! ?, no-break space
(U+00A0) before the colon. Only text is touched: tags, attributes, code and
scripts are left alone. English pages are left as they are.
"""
from __future__ import annotations

import re

from common import page_lang

NNBSP, NBSP = "\u202f", "\u00a0"
_SKIP = re.compile(r"<(code|pre|script|style|kbd|samp)\b.*?</\1>", re.S | re.I)
_TAG = re.compile(r"(<[^>]+>)")
_FOOTNOTE_BACK = re.compile(r'title="Jump back to footnote (\d+) in the text"')
_OPEN = re.compile(r"«[ \u00a0\u202f]*")
_CLOSE = re.compile(r"[ \u00a0\u202f]*»")
_BEFORE_PUNCT = re.compile(r"[ \u00a0]+([;!?])")
_BEFORE_COLON = re.compile(r"[ \u202f]+:(?=\s|$)")
# What one of the four rules above needs (a text without it is left as it is).
_NEEDS = re.compile(r"[«»]|[ \u00a0][;!?]|[ \u202f]:")


def french_spaces(text: str) -> str:
    """Apply French spacing to a run of plain text (no HTML)."""
    text = _OPEN.sub("«" + NNBSP, text)
    text = _CLOSE.sub(NNBSP + "»", text)
    text = _BEFORE_PUNCT.sub(NNBSP + r"\1", text)
    text = _BEFORE_COLON.sub(NBSP + ":", text)
    return text


def french_html(html: str) -> str:
    """french_spaces() on the text of an HTML fragment, outside code."""
    out, pos = [], 0
    for m in _SKIP.finditer(html):
        out.append(_text_only(html[pos:m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_text_only(html[pos:]))
    return "".join(out)


def _text_only(fragment: str) -> str:
    if not _NEEDS.search(fragment):
        return fragment
    parts = _TAG.split(fragment)
    return "".join(french_spaces(p) if not p.startswith("<") and _NEEDS.search(p) else p for p in parts)


def french_generated_strings(html: str) -> str:
    """Markdown extensions write a few English titles; say them in French."""
    html = html.replace('title="Permanent link"', 'title="Lien permanent vers cette section"')
    return _FOOTNOTE_BACK.sub(r'title="Revenir à l’appel de note \1 dans le texte"', html)


def on_page_content(html, page, config, files):
    if page_lang(page.file.src_path) == "fr":
        return french_html(french_generated_strings(html))
    return html
