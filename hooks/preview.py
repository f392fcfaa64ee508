"""`make serve`: a save shows in the preview within seconds, whatever the archive's size.

`make serve` runs `mkdocs serve --dirty`: MkDocs renders again only the pages
whose source is newer than their built copy. This hook (it does nothing in
`mkdocs build`) makes that safe and decides what else a save renders again:

- a page of a meeting (or its snippets in docs/_snippets/DATE/, its data
  in data/meetings/DATE.yml or data/translations/reunions/DATE/) changed:
  every page of that meeting, in both languages (a page's header, the
  priorities ↔ interventions links, the record's contents and the translation
  marks read each other), and the general pages (home, listings…) when the
  meeting's front matter (index.LANG.md) changed;
- anything else changed (data/ outside a meeting, docs/assets/, a snippet
  shared by several meetings, the template overrides, mkdocs.yml, a page
  added or removed): everything shown is rendered again;
- focus: the first preview renders the general pages and the meetings in
  focus only: MEETING=DATE[,DATE…] (`make serve MEETING=2013-10-18`), or by
  default the newest meeting and those with uncommitted changes in git;
  MEETING=all renders every meeting. A meeting's page that the preview has
  not rendered answers "not found"; saving any file of a meeting brings the
  meeting into focus.

The whole-tree checks of the other hooks still run at every save (they
remember what they found per file while it is unchanged: common.memo_file),
so the preview refuses what `make build` refuses. PDFs and the search index
are not made by `mkdocs serve` (hooks/pdf.py, hooks/search.py): `make pdf`
and `make build` make them.
"""
from __future__ import annotations

import logging
import os
import re
import subprocess
from pathlib import Path

import jinja2
from mkdocs.plugins import event_priority, get_plugin_logger

from common import DATA, DOCS, ROOT, serve_state, serving

log = get_plugin_logger("preview")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Where a meeting's own files are (the DATE folder under each).
MEETING_ROOTS = (DOCS / "reunions", DOCS / "_snippets", DATA / "meetings", DATA / "translations" / "reunions")
WATCHED = (DOCS, DATA, ROOT / "overrides", ROOT / "mkdocs.yml")


class _NoDirtyWarning(logging.Filter):
    """MkDocs warns at every `--dirty` build; under --strict that warning would stop it."""

    def filter(self, record):
        return not record.getMessage().startswith("A 'dirty' build is being performed")


class _Templates(jinja2.BytecodeCache):
    """The theme's compiled templates, kept between the builds of one `mkdocs serve`
    (MkDocs makes a new template environment at every build: ~1 s of compiling)."""

    def __init__(self, store: dict):
        self.store = store

    def load_bytecode(self, bucket):
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket):
        self.store[bucket.key] = bucket.bytecode_to_string()


def meeting_of(path: Path) -> str | None:
    """The meeting a file belongs to (docs/reunions/DATE/…, data/meetings/DATE.yml…), or None."""
    for root in MEETING_ROOTS:
        if path.is_relative_to(root):
            first = path.relative_to(root).parts[0]
            m = _DATE.match(first)
            return m.group(0) if m else None
    return None


def snapshot() -> dict[str, int]:
    """{path: modification time} of everything a build reads."""
    out: dict[str, int] = {}
    for top in WATCHED:
        if top.is_file():
            out[str(top)] = top.stat().st_mtime_ns
            continue
        for folder, _, names in os.walk(top):
            for name in names:
                p = os.path.join(folder, name)
                try:
                    out[p] = os.stat(p).st_mtime_ns
                except OSError:
                    pass
    return out


def plan(before: dict[str, int] | None, now: dict[str, int]) -> tuple[bool, set[str], bool]:
    """(everything, meetings, general): what a save renders again, from the files that changed.

    everything: a change that any page may show (shared data, template, a page added or removed);
    meetings: the meetings whose files changed; general: the general pages too (a meeting's metadata)."""
    if before is None:
        return False, set(), False
    changed = {p for p in now.keys() | before.keys() if now.get(p) != before.get(p)}
    added_or_removed = {p for p in changed if (p in now) != (p in before)}
    meetings: set[str] = set()
    general = False
    for p in map(Path, changed):
        date = meeting_of(p)
        if date is None:
            return True, set(), True
        if str(p) in added_or_removed and p.suffix == ".md":
            return True, set(), True   # the navigation, the listing and the links change
        meetings.add(date)
        if p.parent.name == date and p.name.startswith("index."):
            general = True   # the meeting's metadata: listing, home page, feeds
        if p.is_relative_to(DATA):
            general = True   # the organisations index reads the meetings' data
    return False, meetings, general


def default_focus() -> set[str] | None:
    """MEETING=DATE[,DATE…], all (None), or the newest meeting and those git sees changed."""
    wanted = os.environ.get("MEETING", "").strip()
    if wanted == "all":
        return None
    if wanted:
        return set(_DATE.findall(wanted))
    dates = sorted(p.name for p in (DOCS / "reunions").iterdir() if _DATE.fullmatch(p.name))
    focus = set(dates[-1:])
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=all", "--",
                              "docs", "data"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        out = ""
    for line in out.splitlines():
        date = meeting_of(ROOT / line[3:].strip().strip('"'))
        if date:
            focus.add(date)
    return focus


# --- MkDocs events ---------------------------------------------------------------

def on_config(config):
    if serving():
        logger = logging.getLogger("mkdocs.commands.build")
        if not any(isinstance(f, _NoDirtyWarning) for f in logger.filters):
            logger.addFilter(_NoDirtyWarning())
    return config


def on_serve(server, config, builder):
    # data/ is read by the hooks: a change there shows too (MkDocs watches docs/ only).
    server.watch(str(DATA))
    return server


def on_pre_build(config):
    if not serving():
        return
    state = serve_state()
    i18n = config.plugins.get("i18n")
    if i18n is None or i18n.current_language == i18n.default_language:   # once per save
        now = snapshot()
        if "focus" not in state:
            state["focus"] = default_focus()
            if state["focus"] is not None:
                log.info("rendering the general pages and the meeting(s) %s only: `make serve MEETING=DATE` "
                         "for another one, MEETING=all for all", ", ".join(sorted(state["focus"])) or "(none)")
        everything, meetings, general = plan(state.get("snapshot"), now)
        state["snapshot"], state["plan"] = now, (everything, meetings, general)
        if state["focus"] is not None:
            state["focus"] |= meetings


def on_env(env, config, files):
    if serving():
        env.bytecode_cache = _Templates(serve_state().setdefault("templates", {}))
    return env


@event_priority(-120)   # after static-i18n's and hooks/meetings.py's on_files
def on_files(files, config):
    if not serving():
        return files
    state = serve_state()
    everything, meetings, general = state.get("plan", (False, set(), False))
    focus = state.get("focus")
    for f in files:
        if not f.is_documentation_page() or not f.abs_src_path:
            continue
        date = meeting_of(Path(f.abs_src_path))
        if date is not None and focus is not None and date not in focus:
            f.is_modified = lambda: False          # not rendered in this preview
        elif everything or (date in meetings if date else general):
            f.is_modified = lambda: True           # rendered again: what it shows changed
    return files
