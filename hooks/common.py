"""Helpers shared by the hooks and by scripts/: languages, dates, errors.

Hooks import this module by name: MkDocs puts hooks/ on sys.path while it
loads them. scripts/ adds hooks/ to sys.path itself.
"""
from __future__ import annotations

import copy
import datetime as dt
import fnmatch
import os
import re
import subprocess
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
DATA = ROOT / "data"
LANGS = ("fr", "en")
DEFAULT_LANG = "fr"
# A meeting page: docs/reunions/YYYY-MM-DD/NAME.LANG.md -> (date, name, lang)
MEETING_PAGE = re.compile(r"^reunions/(\d{4}-\d{2}-\d{2})/([^/]+)\.([a-z]{2})\.md$")

MONTHS = {
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet",
           "août", "septembre", "octobre", "novembre", "décembre"],
    "en": ["January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December"],
}


_SERVING = {"on": False}   # set by hooks/meetings.py's on_startup


def set_serving(command: str) -> None:
    """Remember whether this is `mkdocs serve` (MkDocs gives on_startup the command)."""
    _SERVING["on"] = command == "serve"


def serving() -> bool:
    """True in `mkdocs serve` (`make serve`): PDFs and the search index are left
    to `make pdf` / `make build`, and hooks/preview.py renders only what a save changed."""
    return _SERVING["on"]


_SERVE_STATE: dict = {}   # MkDocs loads the hooks again at every build; this module stays


_COMMON_STATE: dict = {}
_BUILD = [0]


def new_build() -> None:
    """Counts the builds of this process (hooks/preview.py's on_config, once per
    configuration: static-i18n's second language is the same build)."""
    _BUILD[0] += 1


def build_number() -> int:
    """Files do not change during one build: a cache may check its files once per build."""
    return _BUILD[0]


def common_state() -> dict:
    """Caches the hooks keep for the whole process (keyed by what they are made
    from): MkDocs loads the hooks again at each build of `mkdocs serve`, not this module."""
    return _COMMON_STATE


def serve_state() -> dict:
    """What one `mkdocs serve` keeps from a build to the next (hooks/preview.py)."""
    return _SERVE_STATE


_MEETING_FILE = re.compile(r"/(?:docs/reunions|docs/_snippets|data/meetings|data/translations/reunions)/"
                           r"(\d{4}-\d{2}-\d{2})(?:[/.]|$)")


def meeting_date(path: Path | str) -> str | None:
    """The meeting a file belongs to (docs/reunions/DATE/…, docs/_snippets/DATE/…,
    data/meetings/DATE.yml, data/translations/reunions/DATE/…), or None."""
    m = _MEETING_FILE.search(os.fspath(path).replace(os.sep, "/"))
    return m.group(1) if m else None


def in_preview(path: Path | str) -> bool:
    """False for a file of a meeting that `make serve` leaves out of its focus
    (hooks/preview.py: MEETING=DATE); True otherwise, and always in `mkdocs build`.
    The whole-tree checks look at what the preview shows; `make build` checks everything."""
    focus = _SERVE_STATE.get("focus")
    if not _SERVING["on"] or focus is None:
        return True
    date = meeting_date(path)
    return date is None or date in focus


def previewed(paths) -> list:
    """The paths in_preview keeps."""
    return [p for p in paths if in_preview(p)]


def tree(top: Path, pattern: str = "*.md") -> list[Path]:
    """top.rglob(pattern), sorted; in `make serve` with a focus, without walking
    the folders of the meetings out of it (at 120 meetings, most of the tree)."""
    if not _SERVING["on"] or _SERVE_STATE.get("focus") is None:
        return sorted(top.rglob(pattern))
    out = []
    for folder, dirs, names in os.walk(top):
        dirs[:] = [d for d in dirs if in_preview(os.path.join(folder, d))]
        out += [Path(folder, n) for n in fnmatch.filter(names, pattern)]
    return sorted(out)


def meeting_pages(docs: Path) -> list[Path]:
    """docs/reunions/*/*.md, sorted; in `make serve` with a focus, only the index
    pages (the metadata) of the meetings out of it."""
    if not _SERVING["on"] or _SERVE_STATE.get("focus") is None:
        return sorted(docs.glob("reunions/*/*.md"))
    out = []
    for entry in os.scandir(docs / "reunions"):
        if entry.is_dir():
            names = fnmatch.filter(os.listdir(entry.path), "*.md" if in_preview(entry.path) else "index.*.md")
            out += [Path(entry.path, n) for n in names]
    return sorted(out)


_MEMO: dict = {}


def remember(key: tuple, compute):
    """compute(), once per key in this process. Keys hold the text the value
    is computed from (never a file name alone), so an edited file is computed
    again: `make serve` builds again at every save, and the whole-tree checks
    then parse only what changed."""
    if key not in _MEMO:
        _MEMO[key] = compute()
    return copy.deepcopy(_MEMO[key])


def load_yaml(text: str, loader=None):
    """yaml.load(text) with libyaml's safe loader (or loader), parsed once per distinct text (remember)."""
    import yaml
    loader = loader or getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return remember(("yaml", f"{loader.__module__}.{loader.__qualname__}", text),
                    lambda: yaml.load(text, Loader=loader))


def drafts_shown() -> bool:
    """Draft meetings (status: draft) are built by `mkdocs serve` and when the
    environment variable DRAFTS=1 is set (`make preview`, the pull-request
    preview); `mkdocs build` leaves them out (Hugo's rule)."""
    return _SERVING["on"] or os.environ.get("DRAFTS", "").strip() == "1"


def format_date(value: dt.date, lang: str) -> str:
    """18 octobre 2013 / 18 October 2013 (1er for the first in French)."""
    day = "1er" if (lang == "fr" and value.day == 1) else str(value.day)
    return f"{day} {MONTHS[lang][value.month - 1]} {value.year}"


def format_month(year: int, month: int, lang: str) -> str:
    return f"{MONTHS[lang][month - 1]} {year}"


_LANG_SUFFIX = re.compile(r"\.([a-z]{2})\.md$")


def page_lang(src_path: str) -> str:
    """'reunions/x/index.en.md' -> 'en'."""
    m = _LANG_SUFFIX.search(src_path)
    return m.group(1) if m else DEFAULT_LANG


def line_of(path: Path, pattern: str, default: int = 1) -> int:
    """1-based number of the first line matching a regex, for error messages."""
    try:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(pattern, line):
                return n
    except OSError:
        pass
    return default


def git_last_commits(where: Path, *paths: str) -> dict[str, tuple[str, str]] | None:
    """{repository path: (commit, YYYY-MM-DD)} of the last commit touching each
    file under paths, from one `git log` (as `git log -1 -- file` finds it for
    each file, without a call per file). None when git cannot answer."""
    try:
        out = subprocess.run(["git", "-C", str(where), "-c", "core.quotePath=false", "log",
                              "--format=%x00%H %cs", "--name-only", "--", *paths],
                             capture_output=True, text=True, check=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    last: dict[str, tuple[str, str]] = {}
    for block in out.split("\0")[1:]:
        head, *names = block.strip().splitlines()
        sha, day = head.split()
        for name in names:
            last.setdefault(name, (sha, day))
    return last


def rel(path: Path | str) -> str:
    """A path as a contributor sees it, relative to the repository."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(ROOT))
    except ValueError:
        return str(p)


def message_lang(path: Path | str) -> str:
    """The language a problem in this file is told in: French for a .fr.md
    file, English for everything else (.en.md, data/, configuration)."""
    return "fr" if str(path).endswith(".fr.md") else "en"


def problem(path: Path | str, line: int | None, fr: str, en: str) -> str:
    """'file:line: message', the message in the file's language (message_lang)."""
    where = f"{rel(path)}:{line}" if line else rel(path)
    return f"{where}: {fr if message_lang(path) == 'fr' else en}"


class BuildError(PluginError):
    """A content error. The message names the file (and line) to fix."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n  " + "\n  ".join(problems))
