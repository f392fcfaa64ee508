"""Minified HTML (hooks/minify.py): the template's indentation is gone from
every built page, while what whitespace means is kept (preformatted text,
spaces between words and inline elements), the document's outline tags
(<html>, <head>, every closing tag) stay written out, and the article is
left exactly as Markdown and the hooks wrote it."""
from __future__ import annotations

import re
import sys

import pytest

from conftest import ROOT, html_pages

sys.path.insert(0, str(ROOT / "hooks"))
import minify  # noqa: E402

PAGE = """<!doctype html>
<html lang="fr">
  <head>
    <meta charset="utf-8">
    <title>Essai</title>
  </head>
  <body>
    <!-- a comment -->
    <nav>
      <ul>
        <li>
          <a href="../a/">  Un   lien </a>
        </li>
      </ul>
    </nav>
    <p>Le <strong>collectif</strong> <em>réunit</em> des associations.</p>
    <pre><code>ligne 1
    ligne 2   avec  espaces
</code></pre>
    <p>Du <code>code  en   ligne</code> ici.</p>
    <textarea name="t">  a
  b</textarea>
  </body>
</html>
"""


@pytest.fixture(scope="module")
def out() -> str:
    return minify.minify(PAGE)


def test_indentation_and_comments_are_removed(out):
    assert "\n  " not in out.split("<pre>")[0]
    assert "<!--" not in out
    assert len(out) < len(PAGE) * 0.8


def test_preformatted_text_and_code_keep_their_whitespace(out):
    assert "<pre><code>ligne 1\n    ligne 2   avec  espaces\n</code></pre>" in out
    assert "<code>code  en   ligne</code>" in out
    assert "  a\n  b</textarea>" in out


def test_spaces_between_words_and_inline_elements_are_kept(out):
    assert "Le <strong>collectif</strong> <em>réunit</em> des associations." in out
    assert re.search(r"<a href=\"?\.\./a/\"?> Un lien </a>", out), out


def test_outline_tags_are_kept(out):
    for tag in ("<html", "<head>", "</head>", "<body>", "</body>", "</html>", "</li>", "</p>"):
        assert tag in out, tag


def test_the_article_is_left_byte_for_byte():
    article = ('<article class="md-content__inner md-typeset">\n  <h1 id="t">Titre</h1>\n'
               '  <p><a href="../x/" hreflang="en">lien</a></p>\n</article>')
    out = minify.minify(PAGE.replace("<nav>", article + "\n    <nav>"))
    assert article in out
    assert out.count("<article") == 1 and "\n  <" not in out.replace(article, "").split("<pre>")[0]


def test_every_built_page_is_minified(site):
    pages = html_pages(site)
    assert len(pages) > 20
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert text.startswith("<!doctype html><html "), page
        assert text.rstrip().endswith("</body></html>"), page
        # outside the article, <pre>, <script> and <textarea>: no line break followed by indentation
        rest = re.sub(r"<(article|pre|script|textarea)\b.*?</\1>", "", text, flags=re.S)
        assert not re.search(r"\n[ \t]+<", rest), (page, re.search(r".{60}\n[ \t]+<.{60}", rest, re.S))
        assert "<!--" not in rest, page
