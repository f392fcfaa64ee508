"""Edit links: every page links to ITS OWN language's source file in the
repository's web editor (docs/x.fr.md on French pages, docs/x.en.md on
English ones), with a visible label in the page's language.

The repository is set once, by repo_url in mkdocs.yml (environment variable
REPO_URL overrides it); the branch and folder come from edit_uri.
Pages made by hooks (no source file) get no edit link.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from common import page_lang

LABELS = {"fr": "Modifier cette page", "en": "Edit this page"}


def edit_url(config, src_uri: str) -> str | None:
    """https://github.com/OWNER/REPO/edit/main/docs/x.en.md, or None."""
    repo, edit_uri = config.repo_url, config.edit_uri
    if not repo or not edit_uri or not (Path(config.docs_dir) / src_uri).is_file():
        return None
    return f"{repo.rstrip('/')}/{edit_uri.strip('/')}/{quote(src_uri)}"


def on_pre_page(page, config, files):
    page.edit_url = None if page.file.generated_by else edit_url(config, page.file.src_uri)
    return page


def on_page_context(context, page, config, nav):
    context["edit_label"] = LABELS.get(page_lang(page.file.src_uri), LABELS["fr"])
    return context
