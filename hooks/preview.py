"""`make serve`: a save shows in the preview within seconds, whatever the archive's size.

`make serve` runs `mkdocs serve --dirty`: MkDocs renders again only the pages
whose source is newer than their built copy. This hook (it does nothing in
`mkdocs build`) makes that safe and decides what else a save renders again:

- a page changed: it and its twin in the other language (translation marks,
  a pending English page's French text), the translation-status page, and
  for a part of a split record the record's contents;
- a meeting's front matter (index.LANG.md), its snippets (docs/_snippets/DATE/),
  its data (data/meetings/DATE.yml, data/translations/reunions/DATE/…):
  every page of the meeting in both languages (header, priorities ↔
  interventions links) and the general pages (home, listings, organisations);
- anything else (data/ outside a meeting, a snippet shared by meetings, the
  template overrides, mkdocs.yml, a page added or removed): everything shown
  is rendered again. docs/assets/ is copied as it is;
- focus: the first preview renders the general pages and the meetings in
  focus only: MEETING=DATE[,DATE…] (`make serve MEETING=2013-10-18`), or by
  default the newest meeting and those with uncommitted changes in git;
  MEETING=all renders every meeting. A meeting's page that the preview has
  not rendered answers "not found"; saving any file of a meeting brings the
  meeting into focus.

The whole-tree checks of the other hooks run at every save on what the
preview shows (common.tree, in_preview: the general pages and the meetings
in focus), so the preview refuses there what `make build` refuses; YAML and
other per-text work is remembered while the text is unchanged
(common.remember). In `mkdocs build` (make build, make test) nothing is left
out. Also kept between saves: the theme's compiled templates and its file
list (hooks/templates.py). PDFs and the search index are not made by `mkdocs serve`
(hooks/pdf.py, hooks/search.py): `make pdf` and `make build` make them.

Left as MkDocs' --dirty leaves them, in the preview only: the sitemap lists
the pages the last save rendered, and a page of the general set that shows
no meeting metadata (e.g. the glossary) is not rendered again for a change
in a meeting.
"""
from __future__ import annotations

import functools
import logging
import os
import re
import signal
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.plugins import event_priority, get_plugin_logger

from common import (DATA, DOCS, LANGS, ROOT, in_preview, meeting_date, new_build, serve_state,
                    serving)

log = get_plugin_logger("preview")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
SNIPPETS = DOCS / "_snippets"
WATCHED = (DOCS, DATA, ROOT / "overrides", ROOT / "mkdocs.yml")


class _NoDirtyWarning(logging.Filter):
    """MkDocs warns at every `--dirty` build; under --strict that warning would stop it."""

    def filter(self, record):
        return not record.getMessage().startswith("A 'dirty' build is being performed")


meeting_of = meeting_date


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


@dataclass
class Plan:
    """What a save renders again (MkDocs renders the changed pages anyway).

    everything: a change any page may show (shared data, template, a page added or removed);
    pages: pages whose twin or part changed; meetings: every page of these meetings;
    general: the general pages (home, listings, organisations); changed: anything changed
    (the translation-status page counts the changed passages of every page)."""
    everything: bool = False
    pages: set[str] = field(default_factory=set)
    meetings: set[str] = field(default_factory=set)
    general: bool = False
    changed: bool = False

    def __or__(self, other: "Plan") -> "Plan":
        return Plan(self.everything or other.everything, self.pages | other.pages, self.meetings | other.meetings,
                    self.general or other.general, self.changed or other.changed)

    def focus(self) -> set[str]:
        """The meetings a save touched: rendered in the preview from now on."""
        return self.meetings | {d for d in map(meeting_of, map(Path, self.pages)) if d}


def plan(before: dict[str, int] | None, now: dict[str, int]) -> Plan:
    """What a save renders again, from the files that changed since the last build."""
    if before is None:
        return Plan()
    changed = {p for p in now.keys() | before.keys() if now.get(p) != before.get(p)}
    added_or_removed = {p for p in changed if (p in now) != (p in before)}
    pages: set[str] = set()
    meetings: set[str] = set()
    general = False
    for p in map(Path, changed):
        date = meeting_of(p)
        if str(p) in added_or_removed and p.suffix == ".md":
            return Plan(everything=True)   # the navigation, the listing and the links change
        if p.is_relative_to(DOCS / "assets"):
            continue                       # copied as it is (styles, scripts, images): no page changes
        if date is None and not (p.suffix == ".md" and p.is_relative_to(DOCS) and not p.is_relative_to(SNIPPETS)):
            return Plan(everything=True)   # shared data, snippets, templates, configuration
        if p.suffix == ".md" and not p.is_relative_to(SNIPPETS) and not (p.name.startswith("index.") and p.parent.name == date):
            # a page and its twin (translation marks, a pending page's French text);
            stem = p.name.split(".")[0]
            pages.update(str(p.with_name(f"{stem}.{lang}.md")) for lang in LANGS)
            continue
        # the meeting's metadata (index), snippets, data, translation records: all its pages,
        # and the general pages (listing, home page, organisations index)
        meetings.add(date)
        general = True
    return Plan(pages=pages, meetings=meetings, general=general, changed=bool(changed))


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

@event_priority(110)   # before hooks/inputs.py's checks, which look at the meetings in focus only
def on_config(config):
    if not getattr(config, "_build_counted", False):
        config._build_counted = True
        new_build()
    if not serving():
        return config
    for name, kind in (("mkdocs.commands.build", _NoDirtyWarning),):   # links out of focus: hooks/validate.py
        logger = logging.getLogger(name)
        if not any(isinstance(f, kind) for f in logger.filters):
            logger.addFilter(kind())
    _walk_in_focus()
    state = serve_state()
    if not getattr(config, "_preview_planned", False):   # a save (static-i18n's second language reuses the config)
        config._preview_planned = True
        now = snapshot()
        if "focus" not in state:
            state["focus"] = default_focus()
            if state["focus"] is not None:
                log.info("the preview shows the general pages and the meeting(s) %s: `make serve MEETING=DATE` "
                         "for another one, MEETING=all for all; saving a meeting's file adds it",
                         ", ".join(sorted(state["focus"])) or "(none)")
        todo = plan(state.get("snapshot"), now) | state.pop("unfinished", Plan())
        state["snapshot"] = now
        if state["focus"] is not None and not todo.focus() <= state["focus"]:
            state["focus"] |= todo.focus()
            todo.general = True   # the listing's links to the meeting(s) now shown
        state["plan"] = todo
    return config


def on_build_error(error):
    """A save whose build failed (a mistake the checks found): the next save
    renders again what this one should have, as well as its own."""
    if serving():
        state = serve_state()
        state["unfinished"] = state.get("plan", Plan()) | state.get("unfinished", Plan())


class _FocusedOs:
    """`os` for mkdocs.structure.files, whose get_files walks docs/ at every build
    (~3,400 files at 120 meetings): its walk skips the folders of the meetings out
    of focus, as on_files would drop their files anyway."""

    def __getattr__(self, name):
        return getattr(os, name)

    @staticmethod
    def walk(top, *args, **kwargs):
        for folder, dirs, names in os.walk(top, *args, **kwargs):
            dirs[:] = [d for d in dirs if in_preview(os.path.join(folder, d))]
            yield folder, dirs, names


def _walk_in_focus() -> None:
    import mkdocs.structure.files as mkdocs_files
    if not getattr(mkdocs_files.os, "walk_in_focus", False):   # once per `mkdocs serve`
        proxy = _FocusedOs()
        proxy.walk_in_focus = True
        mkdocs_files.os = proxy


def on_startup(command, dirty):
    """Stopped by SIGTERM or SIGHUP (a closed terminal, a process manager, the
    bench), the preview ends as Ctrl+C ends it: MkDocs then removes its
    temporary copy of the site (/tmp/mkdocs_*, 12 MB today), which it left
    behind at each such stop."""
    if command == "serve":
        for sig in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, _interrupt)


def on_serve(server, config, builder):
    # data/ is read by the hooks: a change there shows too (MkDocs watches docs/ only).
    server.watch(str(DATA))
    return server


def _interrupt(signum, frame):
    raise KeyboardInterrupt


@event_priority(90)   # before static-i18n (-100), whose work grows with the files
def on_files(files, config):
    """The meetings out of focus are not part of the preview: nothing of theirs is built."""
    if serving():
        for f in [f for f in files if f.abs_src_path and not in_preview(f.abs_src_path)]:
            files.remove(f)
    return files


def on_nav(nav, config, files):
    """After every hook's on_files (static-i18n makes its own copies of the files): what to render again."""
    if not serving():
        return nav
    todo: Plan = serve_state().get("plan", Plan())
    status = str(DOCS / "traductions")
    for f in files:
        if not f.is_documentation_page() or not f.abs_src_path:
            continue
        if f.generated_by and not (todo.everything or todo.general):
            # a page a hook makes (the listing's earlier years): again only when the metadata changed
            f.is_modified = functools.partial(_missing, f.abs_dest_path)
            continue
        date = meeting_of(Path(f.abs_src_path))
        if (todo.everything or f.abs_src_path in todo.pages or (todo.changed and f.abs_src_path.startswith(status))
              or (date in todo.meetings if date else todo.general)):
            f.is_modified = _yes                   # rendered again: what it shows changed
    return nav


def _yes() -> bool:
    return True


def _missing(path: str) -> bool:
    return not os.path.exists(path)
