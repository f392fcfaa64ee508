"""Valid HTML from Material's base.html, which no block can reach.

Material puts autocomplete="off" on its drawer and search checkboxes; the
attribute is not allowed on checkboxes (Nu HTML Checker error on every page).

Material also writes the table of contents' "__toc" checkbox on a page listed
in the navigation even when the page has no table of contents (the glossary):
no label then points to it, so it is an unlabelled control that nothing can
reach (HTML_CodeSniffer: WCAG 4.1.2 error). It is dropped there.

Material's inline SVG icons are decoration (the button or link around each
has its own name): RGAA 1.2 wants them hidden from assistive technologies,
so an <svg> without a name of its own gets aria-hidden="true".

Two more for the RGAA: the "¶" permalink after each heading is named (6.1:
"¶" alone does not say where the link goes), and a table's column headers
say that they are (5.7: scope="col" on the <th> of a <thead>).
"""
from __future__ import annotations

import re

TOGGLE = re.compile(r'(<input class="md-toggle"[^>]*?) autocomplete="off"')
SVG = re.compile(r"<svg(?![^>]*\baria-(?:hidden|label|labelledby)=)(?![^>]*\brole=)")
PERMALINK = re.compile(r'<a class="headerlink" href="(#[^"]+)"(?=[^>]*>)')
PERMALINK_NAME = {"fr": "Lien permanent vers cette section", "en": "Permanent link to this section"}
THEAD = re.compile(r"<thead>.*?</thead>", re.S)
TOC_TOGGLE = re.compile(r'<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">\s*')


def on_post_page(output, page, config):
    output = SVG.sub('<svg aria-hidden="true"', TOGGLE.sub(r"\1", output))
    if 'for="__toc"' not in output:
        output = TOC_TOGGLE.sub("", output)
    name = PERMALINK_NAME.get(config.theme.get("language"), PERMALINK_NAME["fr"])
    output = PERMALINK.sub(rf'<a class="headerlink" href="\1" aria-label="{name}"', output)
    return THEAD.sub(lambda m: m.group(0).replace("<th>", '<th scope="col">'), output)


def on_post_template(output, template_name, config):
    return SVG.sub('<svg aria-hidden="true"', TOGGLE.sub(r"\1", output)) if template_name.endswith(".html") else output
