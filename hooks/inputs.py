"""Only the inputs the site is made of, within limits, before anything reads them.

Runs first (on_config, priority 100), so that no other hook reads a file
this one refuses:

- docs/ holds Markdown, and images and PDFs (ALLOWED); docs/assets/ also the
  site's own styles, scripts and fonts (trusted files, guarded by CODEOWNERS).
  Anything else (an .html or .svg page would run on the site's own origin)
  fails the build, naming the file. data/ holds YAML only.
- No symbolic link anywhere under docs/ or data/.
- Every snippet include (`--8<-- "name"`) names a file inside docs/_snippets/
  once links are resolved; no URL.
- Sizes: a Markdown file up to MAX_PAGE bytes, a YAML file up to MAX_YAML,
  front matter up to MAX_FRONT_MATTER; YAML anchors and aliases (`&a`, `*a`),
  which let a few lines expand to gigabytes, are refused.
- A page nested so deeply that Markdown gives up (RecursionError) stops the
  build with the page named, not with a traceback.

Messages name the file (and line), in French for .fr.md files.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import yaml
from mkdocs.plugins import event_priority

from common import BuildError, in_preview, page_lang, rel, remember

ALLOWED = {".md", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".pdf"}
ALLOWED_IN_ASSETS = ALLOWED | {".css", ".js", ".woff", ".woff2", ".ttf", ".otf", ".ico"}
YAML_TYPES = {".yml", ".yaml"}
MAX_PAGE = 1_000_000          # bytes of one Markdown file (the longest today: 60 KB)
MAX_FRONT_MATTER = 64_000
MAX_YAML = 1_000_000
MAX_YAML_DEPTH = 20           # lists and mappings inside each other (4 today)
SNIPPET = re.compile(r"""^[ \t]*-{1,}8<-{1,}[ \t]+["']([^"']*)["']""", re.M)
SNIPPET_BLOCK = re.compile(r"^[ \t]*-{1,}8<-{1,}[ \t]*\n(.*?)^[ \t]*-{1,}8<-{1,}[ \t]*$", re.M | re.S)
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*\n", re.S)

M = {
    "type": ("type de fichier non autorisé dans docs/ ({ext}) : seuls le Markdown (.md), les images et les PDF "
             "sont publiés ; retirez ce fichier",
             "file type not allowed in docs/ ({ext}): only Markdown (.md), images and PDFs are published; "
             "remove this file"),
    "link": ("lien symbolique interdit : remplacez-le par le fichier lui-même",
             "symbolic link not allowed: put the file itself here"),
    "snippet": ("l'inclusion « {name} » doit désigner un fichier de docs/_snippets/ (sans ../, lien ni URL)",
                "the include \"{name}\" must name a file inside docs/_snippets/ (no ../, link or URL)"),
    "missing": ("l'inclusion « {name} » désigne un fichier absent de docs/_snippets/",
                "the include \"{name}\" names a file missing from docs/_snippets/"),
    "size": ("fichier trop long ({size} octets, au plus {limit}) : découpez-le en plusieurs pages",
             "file too long ({size} bytes, at most {limit}): split it into several pages"),
    "front": ("en-tête YAML trop long ({size} octets, au plus {limit})",
              "front matter too long ({size} bytes, at most {limit})"),
    "alias": ("ancre ou alias YAML (&nom, *nom) non autorisé : écrivez la valeur en entier",
              "YAML anchor or alias (&name, *name) not allowed: write the value out"),
    "yaml_deep": ("YAML imbriqué trop profondément (listes ou tableaux les uns dans les autres)",
                  "YAML nested too deeply (lists or mappings inside each other)"),
    "deep": ("page imbriquée trop profondément (listes, blocs <div> ou citations les uns dans les autres) : "
             "réduisez l'imbrication",
             "page nested too deeply (lists, <div> blocks or quotes inside each other): flatten it"),
}


def _msg(key: str, path: Path, **kw) -> str:
    lang = 0 if path.name.endswith(".fr.md") else 1
    return M[key][lang].format(**kw)


_OPEN = (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken, yaml.BlockSequenceStartToken,
         yaml.BlockMappingStartToken)
_CLOSE = (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken, yaml.BlockEndToken)


def _yaml_problems(text: str, path: Path, first_line: int = 1) -> list[str]:
    """Anchors, aliases and deep nesting (which crashes the YAML reader), found
    by libyaml's scanner: nothing is built. Once per distinct text (common.remember)."""
    return remember(("yaml-problems", text, str(path), first_line), lambda: _scan(text, path, first_line))


def _scan(text: str, path: Path, first_line: int) -> list[str]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    depth = 0
    try:
        for token in yaml.scan(text, Loader=loader):
            if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
                return [f"{rel(path)}:{first_line + token.start_mark.line}: {_msg('alias', path)}"]
            depth += isinstance(token, _OPEN) - isinstance(token, _CLOSE)
            if depth > MAX_YAML_DEPTH:
                return [f"{rel(path)}:{first_line + token.start_mark.line}: {_msg('yaml_deep', path)}"]
    except yaml.YAMLError:
        return []  # the hook that reads the file says what is wrong, with its line
    return []


def check_tree(docs: Path, data: Path) -> list[str]:
    problems: list[str] = []
    snippets = (docs / "_snippets").resolve()
    assets = docs / "assets"
    for top in (docs, data):
        for folder, dirs, names in os.walk(top):  # never follows links
            dirs[:] = [d for d in dirs if in_preview(Path(folder) / d)]   # `make serve`: the meetings it shows
            for name in sorted(dirs + names):
                path = Path(folder) / name
                if not in_preview(path):
                    continue
                shown = (Path(top.name) / path.relative_to(top)).as_posix()   # the link itself, not its target
                if path.is_symlink():
                    problems.append(f"{shown}: {_msg('link', path)}")
                    continue
                if name in dirs:
                    continue
                ext = path.suffix.lower()
                size = path.stat().st_size
                if top == data:
                    if ext not in YAML_TYPES:
                        problems.append(f"{rel(path)}: file type not allowed in data/ ({ext or name}): YAML only")
                    elif size > MAX_YAML:
                        problems.append(f"{rel(path)}: {_msg('size', path, size=size, limit=MAX_YAML)}")
                    else:
                        problems += _yaml_problems(path.read_text(encoding="utf-8"), path)
                    continue
                allowed = ALLOWED_IN_ASSETS if path.is_relative_to(assets) else ALLOWED
                if ext not in allowed:
                    problems.append(f"{rel(path)}: {_msg('type', path, ext=ext or name)}")
                    continue
                if ext != ".md":
                    continue
                if size > MAX_PAGE:
                    problems.append(f"{rel(path)}: {_msg('size', path, size=size, limit=MAX_PAGE)}")
                    continue
                text = path.read_text(encoding="utf-8")
                front = FRONT_MATTER.match(text)
                if front and len(front.group(1).encode()) > MAX_FRONT_MATTER:
                    problems.append(f"{rel(path)}:1: {_msg('front', path, size=len(front.group(1).encode()), limit=MAX_FRONT_MATTER)}")
                elif front:
                    problems += _yaml_problems(front.group(1), path, first_line=2)
                names_found = [(m.start(), m.group(1)) for m in SNIPPET.finditer(text)]
                for block in SNIPPET_BLOCK.finditer(text):
                    names_found += [(block.start(1), n.strip()) for n in block.group(1).splitlines() if n.strip()]
                for pos, snippet in names_found:
                    line = text.count("\n", 0, pos) + 1
                    target = (snippets / snippet).resolve()
                    if re.match(r"^[a-z][a-z0-9+.-]*:", snippet, re.I) or not target.is_relative_to(snippets):
                        problems.append(f"{rel(path)}:{line}: {_msg('snippet', path, name=snippet)}")
                    elif not target.is_file():
                        problems.append(f"{rel(path)}:{line}: {_msg('missing', path, name=snippet)}")
    return problems


# --- MkDocs events ---------------------------------------------------------------

_CURRENT: dict[str, Path | None] = {"page": None}


@event_priority(100)   # before every other hook reads docs/ or data/
def on_config(config):
    from common import DATA
    if getattr(config, "_inputs_checked", False):   # static-i18n's second language: the same files
        return config
    problems = check_tree(Path(config.docs_dir), DATA)
    if problems:
        raise BuildError(problems)
    config._inputs_checked = True
    return config


@event_priority(100)
def on_page_markdown(markdown, page, config, files):
    _CURRENT["page"] = Path(page.file.abs_src_path)
    return markdown


def on_build_error(error):
    if isinstance(error, RecursionError):
        path = _CURRENT["page"]
        where = rel(path) if path else "docs/"
        raise BuildError([f"{where}: {_msg('deep', path or Path('x'))}"]) from None
