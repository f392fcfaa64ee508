"""Valid HTML from Material's base.html, which no block can reach.

Material puts autocomplete="off" on its drawer and search checkboxes; the
attribute is not allowed on checkboxes (Nu HTML Checker error on every page).
"""
from __future__ import annotations

import re

TOGGLE = re.compile(r'(<input class="md-toggle"[^>]*?) autocomplete="off"')


def on_post_page(output, page, config):
    return TOGGLE.sub(r"\1", output)


def on_post_template(output, template_name, config):
    return TOGGLE.sub(r"\1", output) if template_name.endswith(".html") else output
