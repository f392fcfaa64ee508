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


def french_spaces(text: str) -> str:
    """Apply French spacing to a run of plain text (no HTML)."""
    text = re.sub(r"«[ \u00a0\u202f]*", "«" + NNBSP, text)
    text = re.sub(r"[ \u00a0\u202f]*»", NNBSP + "»", text)
    text = re.sub(r"[ \u00a0]+([;!?])", NNBSP + r"\1", text)
    text = re.sub(r"[ \u202f]+:(?=\s|$)", NBSP + ":", text)
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
    parts = _TAG.split(fragment)
    return "".join(p if p.startswith("<") else french_spaces(p) for p in parts)


def french_generated_strings(html: str) -> str:
    """Markdown extensions write a few English titles; say them in French."""
    html = html.replace('title="Permanent link"', 'title="Lien permanent vers cette section"')
    return re.sub(r'title="Jump back to footnote (\d+) in the text"',
                  r'title="Revenir à l’appel de note \1 dans le texte"', html)


def on_page_content(html, page, config, files):
    if page_lang(page.file.src_path) == "fr":
        return french_html(french_generated_strings(html))
    return html
