"""Minified HTML: the theme's markup without its indentation.

Material's templates indent their markup deeply: on a short page the
whitespace of the head, header, navigation, table of contents and footer is
a fifth of the bytes (issue 7: every page under 30 KB raw at 120 meetings).
minify-html removes it, with conservative options:

- every closing tag and the <html> and <head> opening tags are kept;
- inline scripts and styles are left as written (Material's are compact);
- text in <pre>, <code> and <textarea> keeps its whitespace (minify-html
  never touches it), and so do spaces between words and inline elements;
- comments are dropped.

The article (`<article>…</article>`: the page's own content, as Markdown and
the other hooks made it) is left byte for byte as it is. It carries little
template whitespace, and minify-html would rewrite its attributes (quotes
dropped where optional, attributes sorted) that tests and tools read as the
hooks wrote them.

Runs after the hooks that rewrite the page's HTML (registered after
markup.py), before search.py, which marks the article for Pagefind.
"""
from __future__ import annotations

import minify_html

OPTIONS = dict(
    keep_closing_tags=True,
    keep_html_and_head_opening_tags=True,
    minify_css=False,
    minify_js=False,
)
KEEP = "<minify-keep></minify-keep>"  # stands for the article while the rest is minified


def minify(html: str) -> str:
    start, end = html.find("<article"), html.rfind("</article>")
    if start < 0 or end < start or KEEP in html:
        return minify_html.minify(html, **OPTIONS)
    end += len("</article>")
    out = minify_html.minify(html[:start] + KEEP + html[end:], **OPTIONS)
    if out.count(KEEP) != 1:  # never lose the content: then leave the page as it was
        return html
    return out.replace(KEEP, html[start:end])


def on_post_page(output, page, config):
    return minify(output)


def on_post_template(output, template_name, config):
    # the one HTML page built from a template and not from Markdown: 404.html
    return minify(output) if template_name.endswith(".html") else output
