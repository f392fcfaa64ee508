"""Benchmark: build time, page weight and search transfer as meetings accumulate.

    make bench                      # 12 and 120 meetings (several minutes)
    .venv/bin/python scripts/bench.py --quick    # 3 and 12 meetings
    .venv/bin/python scripts/bench.py --serve-only --serve-sizes 1 12   # save to reload only
    .venv/bin/python scripts/bench.py --no-pdf --repeat 3   # without PDFs, fastest of 3 builds

Everything happens in a temporary copy of the project (a throw-away git
repository, because the hooks date pages from git); synthetic meetings
(scripts/synthetic.py) are written there, never into docs/. For each size it
times (wall clock, the budget, and CPU time, steadier on a busy machine), in
the same run:
  - the full build, as `make build` does it (`mkdocs build --strict`: both
    languages, every hook, Pagefind, PDFs), with the time spent in each hook;
  - a plain build of the same pages: every page the full build renders, French
    and English (English under en/, as the site serves them, and the pages the
    hooks generate, as they generated them), built as ONE one-language site by
    `mkdocs build` with the same Markdown extensions and theme, MkDocs's own
    search, and no hooks, no i18n plugin, no extra CSS, no template overrides.
    Both builds count the pages they render; the table prints both counts.
The small size is built again after the large one: the 120 / 12 row divides
by the mean of the two, and, with PDFs, counts each build in renders (see
linearity_row).
On the largest size it serves the built site on 127.0.0.1 and loads pages in
Chromium (Playwright) to count what a reader downloads, gzip-compressed
(level 6, as a web server would; the test server sends bodies as they are).
Then, in a fresh copy with 1, 12 and 120 meetings, it times `make serve`
(the Makefile's command): the first preview, and a save (a sentence added to
a page of the meeting being edited, then to a general page) until the served
page shows it, beside plain `mkdocs serve --dirty` of the plain pages.

Page budgets (issue 15) are about what grows with the archive, not the text:
  - the markup around a page's text: the page's HTML minus its text (the
    <article class="md-content__inner">: headings, paragraphs, the lists the
    hooks generate into it) and minus its table of contents (the
    <nav class="md-nav--secondary">: the page's own headings once more, which
    grows with the text, never with the archive; Material repeats it in the
    drawer for the pages in the nav: each copy is left out), at most 12 KB raw at the
    largest size, on every page; the table prints the toc's size beside it;
  - on first load, a page's transfer beyond its own text (everything the
    browser downloads, gzip, minus the gzip size of the article) at most
    75 KB;
  - Lighthouse mobile performance ≥ 0.95 on the full record: scripts/audit.py.
It prints a Markdown table, each measure with its budget and PASS / FAIL
(n/a when the site has no such feature yet). Exit status 1 if a budget fails.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import re
import resource
import shutil
import signal
import socketserver
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _synthetic():
    """scripts/synthetic.py, imported in the parent only: it puts this
    repository's hooks/ on sys.path, and a build in the child must load the
    project copy's hooks (their data, docs and cache), never these."""
    from scripts import synthetic
    return synthetic

COPY = ["mkdocs.yml", "docs", "hooks", "overrides", "data", "scripts", "requirements.txt", "Makefile"]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
KB = 1024

# Budgets (issue 15; the search and build budgets are issue 7's).
AROUND_TEXT_RAW = 12 * KB       # a page's markup around its text (see above), at the largest size
BEYOND_TEXT_FIRST_LOAD = 75 * KB   # first load, gzip, minus the page's own text
FIRST_SEARCH = 150 * KB
OPEN_FILTERS = 30 * KB   # opening the search filters, on top of a first search (issue 17)
BUILD_FACTOR, PDF_SECONDS = 2.0, 3.0   # issue 16: the full build at most twice the plain one
# Scale: n times the meetings may cost at most n times the build time (linear).

# Pages measured, French side (path in the built site, label).
PAGES = [("index.html", "home page"),
         ("reunions/index.html", "meetings listing"),
         ("reunions/{template}/index.html", "meeting's page"),
         ("reunions/{template}/bilan/index.html", "summary"),
         ("reunions/{template}/priorites/index.html", "priorities"),
         ("reunions/{template}/compte-rendu/index.html", "full record")]
QUERY = "hebergement"


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# --- the project copy ------------------------------------------------------------

def make_copy(dest: Path, meetings: int, head: bool = False) -> list[str]:
    """Copy the project to dest, add synthetic meetings, commit it all to git.

    The working tree (what `make build` builds), or with head=True the last
    commit only.
    """
    if head:
        tracked = subprocess.run(["git", "-C", str(ROOT), "ls-tree", "--name-only", "HEAD"],
                                 capture_output=True, text=True, check=True).stdout.split()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", "HEAD", "--"]
                                 + [n for n in COPY if n in tracked], capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)
    else:
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
        for name in COPY:
            src = ROOT / name
            if src.is_dir():
                shutil.copytree(src, dest / name, ignore=ignore)
            elif src.exists():
                shutil.copy2(src, dest / name)
    (dest / "data").mkdir(exist_ok=True)
    dates = _synthetic().add_meetings(dest, meetings)
    git = ["git", "-C", str(dest), "-c", "user.name=bench", "-c", "user.email=bench@localhost",
           "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q", str(dest)], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-q", "-m", f"bench: {meetings} meetings"], check=True)
    return dates


def plain_name(src_uri: str) -> str:
    """Where a page of the i18n site goes in the plain one-language site:
    'x/page.fr.md' -> 'x/page.md', 'x/page.en.md' -> 'en/x/page.md' (the
    URL static-i18n gives it)."""
    for lang, prefix in (("fr", ""), ("en", "en/")):
        if src_uri.endswith(f".{lang}.md"):
            return prefix + src_uri[: -len(f".{lang}.md")] + ".md"
    return src_uri


def _plain_nav(nav, translations: dict[str, str], prefix: str) -> list:
    """The nav of mkdocs.yml with its paths under prefix and titles translated."""
    out = []
    for item in nav:
        if isinstance(item, dict):
            out.append({translations.get(k, k): (_plain_nav(v, translations, prefix) if isinstance(v, list)
                                                 else prefix + v) for k, v in item.items()})
        else:
            out.append(prefix + item)
    return out


def plain_config(project: Path, generated: dict[str, str] | None = None) -> Path:
    """A plain one-language MkDocs config of the pages the full build renders.

    Every French page is copied to plain-docs/ as page.md, every English page
    to plain-docs/en/page.md (snippets stay where the Markdown expects them),
    and `generated` ({src_uri: Markdown}, the pages the hooks add, as the full
    build recorded them) is written the same way, so the plain build renders
    as many pages as the full one. The config inherits mkdocs.yml (Markdown
    extensions, theme) and drops hooks, plugins but MkDocs's search, extra
    CSS, the custom templates and strictness; its nav is the site's French
    nav followed by the English one (titles from the i18n nav_translations).
    """
    from mkdocs.utils.yaml import yaml_load

    docs, plain = project / "docs", project / "plain-docs"
    sources = {f.relative_to(docs).as_posix(): f.read_text(encoding="utf-8")
               for f in docs.rglob("*.md") if f.relative_to(docs).parts[0] != "_snippets"}
    for src_uri, text in {**sources, **(generated or {})}.items():
        target = plain / plain_name(src_uri)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    (project / "plain-overrides").mkdir(exist_ok=True)
    with open(project / "mkdocs.yml", "rb") as fd:
        site = yaml_load(fd)
    translations = {}
    for plugin in site.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            for lang in plugin["i18n"].get("languages", []):
                if lang.get("locale") == "en":
                    translations = lang.get("nav_translations") or {}
    config = {"INHERIT": "mkdocs.yml", "docs_dir": "plain-docs", "strict": False, "hooks": [],
              "plugins": ["search"], "extra_css": [], "extra_javascript": [],
              "theme": {"custom_dir": "plain-overrides"}}
    if site.get("nav"):
        config["nav"] = site["nav"] + [{"English": _plain_nav(site["nav"], translations, "en/")}]
    cfg = project / "mkdocs-plain.yml"
    cfg.write_text(json.dumps(config, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")  # JSON is YAML
    return cfg


# --- building ----------------------------------------------------------------------

RENDERED = re.compile(r"\.pdf, \d+ pages, [\d.]+ s \(CPU ([\d.]+) s\)")   # hooks/pdf.py's line for a PDF rendered


def child_build(config_file: str, site_dir: str) -> None:
    """Run in a subprocess: `mkdocs build` through the API, timing each hook.

    Same steps as the command line (on_startup, build, on_shutdown); every
    event handler of each hooks/*.py is wrapped by a timer. Prints JSON.
    """
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logging.getLogger("mkdocs").addHandler(handler)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    renders: list[float] = []   # CPU seconds of each PDF render, as hooks/pdf.py reports it

    class Renders(logging.Handler):
        def emit(self, record):
            m = RENDERED.search(record.getMessage())
            if m:
                renders.append(float(m.group(1)))

    logging.getLogger("mkdocs.plugins.pdf").addHandler(Renders(logging.INFO))
    os.chdir(Path(config_file).parent)
    cfg = load_config(config_file=config_file, site_dir=site_dir)
    spent: dict[str, float] = defaultdict(float)

    def timed(fn, name):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - start
        return wrapper

    for fns in cfg.plugins.events.values():
        for i, fn in enumerate(fns):
            module = getattr(fn, "__module__", "") or ""
            if module.startswith("hooks/"):
                fns[i] = timed(fn, Path(module).stem)
    pages: list[str] = []
    generated: dict[str, str] = {}

    def count(output, page, config):  # every page rendered, in every language
        pages.append(page.file.dest_uri)
        return output

    def record(markdown, page, config, files):  # the pages hooks add, as they add them
        if page.file.generated_by:
            generated[page.file.src_uri] = page.file.content_string
        return markdown

    cfg.plugins.events["post_page"].append(count)
    cfg.plugins.events["page_markdown"].insert(0, record)
    cfg.plugins.on_startup(command="build", dirty=False)
    try:
        build(cfg, dirty=False)
    finally:
        cfg.plugins.on_shutdown()
    hooks = sys.modules.get("common")   # the hooks' shared module (the plain build has no hooks)
    if hooks is not None and Path(config_file).resolve().parent not in Path(hooks.__file__).resolve().parents:
        raise SystemExit(f"bench: the build used {hooks.__file__}, not the project copy's hooks")
    print(json.dumps({"hooks": dict(spent), "pages": len(pages), "generated": generated, "renders": renders}))


def cpu_of_children() -> float:
    """CPU seconds (user + system) used so far by finished child processes
    and theirs (Pagefind, git). Steadier than wall time on a shared machine."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_build(project: Path, config: Path, site: Path, label: str) -> dict:
    """Build in a subprocess; wall time, time per hook, number of PDFs."""
    log(f"building {label} ...")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if "SOURCE_DATE_EPOCH" not in env:  # as `make build` sets it: the last commit's date
        env["SOURCE_DATE_EPOCH"] = subprocess.run(["git", "-C", str(project), "log", "-1", "--format=%ct"],
                                                  capture_output=True, text=True).stdout.strip()
    before = cpu_of_children()
    start = time.perf_counter()
    run = subprocess.run([sys.executable, __file__, "--child-build", str(config), str(site)],
                         cwd=project, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    cpu = cpu_of_children() - before
    if run.returncode != 0:
        sys.stderr.write(run.stderr[-6000:])
        raise SystemExit(f"bench: the {label} build failed (exit {run.returncode}); see above")
    result = json.loads(run.stdout.strip().splitlines()[-1])
    pdfs = sorted(site.rglob("*.pdf"))
    log(f"  {label}: {wall:.1f} s (CPU {cpu:.1f} s), {result['pages']} pages, {len(pdfs)} PDFs")
    return {"wall": wall, "cpu": cpu, "hooks": result["hooks"], "pages": result["pages"],
            "generated": result["generated"], "pdfs": len(pdfs), "renders": result["renders"]}


# --- page sizes ------------------------------------------------------------------------

class _Extent(HTMLParser):
    """Character offsets of the first <tag class="... cls ..."> element."""

    def __init__(self, text: str, tag: str, cls: str):
        super().__init__(convert_charrefs=False)
        self.tag, self.cls = tag, cls
        self.start = self.end = None
        self.depth = 0
        self._lines = [0]
        for line in text.splitlines(keepends=True):
            self._lines.append(self._lines[-1] + len(line))
        self.feed(text)

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._lines[line - 1] + col

    def handle_starttag(self, tag, attrs):
        if tag != self.tag or self.end is not None:
            return
        if self.start is None:
            if self.cls in (dict(attrs).get("class") or "").split():
                self.start, self.depth = self._offset(), 1
        else:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == self.tag and self.start is not None and self.end is None:
            self.depth -= 1
            if self.depth == 0:
                self.end = self._offset() + len(f"</{tag}>")


def element_bytes(text: str, tag: str, cls: str) -> int:
    """UTF-8 size of the first element <tag class="cls">, 0 if there is none."""
    ext = _Extent(text, tag, cls)
    if ext.start is None or ext.end is None:
        return 0
    return len(text[ext.start:ext.end].encode("utf-8"))


def all_elements_bytes(text: str, tag: str, cls: str) -> int:
    """UTF-8 size of every <tag class="cls"> element, each counted once (not the ones inside another)."""
    total = 0
    while True:
        ext = _Extent(text, tag, cls)
        if ext.start is None or ext.end is None:
            return total
        total += len(text[ext.start:ext.end].encode("utf-8"))
        text = text[ext.end:]


def gz(data: bytes) -> int:
    """Bytes on the wire with gzip -6, or as is when that is smaller (the
    Pagefind index is already compressed, and servers send it unchanged)."""
    return min(len(data), len(gzip.compress(data, compresslevel=6, mtime=0)))


def page_size(path: Path) -> dict:
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    article = _Extent(text, "article", "md-content__inner")
    body = text[article.start:article.end].encode("utf-8") if article.end is not None else b""
    toc = all_elements_bytes(text, "nav", "md-nav--secondary")   # Material repeats it in the drawer for nav pages
    return {"raw": len(raw), "gzip": gz(raw), "nav": element_bytes(text, "nav", "md-nav--primary"),
            "article": len(body), "article_gzip": gz(body) if body else 0, "toc": toc,
            "around": len(raw) - len(body) - toc}


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html")
                  if not any(part.startswith(("pagefind", "assets")) for part in p.relative_to(site).parts))


# --- save to reload (make serve) ----------------------------------------------------------

SAVE_BUDGET_TODAY, SAVE_BUDGET = 2.0, 3.0   # seconds, issue 16: today's site, and up to 120 meetings
FIRST_PREVIEW = 30.0
# Pages a save is measured on: a page of the meeting being edited, and a general page.
EDITS = [("reunions/{template}/bilan.fr.md", "the meeting's summary"), ("a-propos.fr.md", "a general page")]


def save_budget(meetings: int) -> float:
    return SAVE_BUDGET_TODAY if meetings <= 1 else SAVE_BUDGET


def add_sentence(text: str, sentence: str) -> str:
    """The sentence at the end of the page's first paragraph (after the front
    matter): one more sentence, no new block, so the French/English parity
    check still passes. A paragraph: lines after a blank line, the first
    starting with a letter, none starting a definition (`:`), table or tag."""
    lines = text.split("\n")
    start = 0
    if lines and lines[0].strip() == "---":
        start = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")) + 1
    for j in range(start, len(lines)):
        if not re.match(r"[^\W\d_]", lines[j]) or (j > 0 and lines[j - 1].strip()):
            continue
        k = j
        while k + 1 < len(lines) and lines[k + 1].strip():
            k += 1
        if any(re.match(r"\s*[:|<]", line) for line in lines[j:k + 1]):
            continue
        lines[k] += " " + sentence
        return "\n".join(lines)
    raise ValueError("no paragraph to add a sentence to")


def measure_sentence() -> str:
    """A sentence no page holds: letters only (a number would break the parity
    check, capitals the acronym check)."""
    letters = "".join(chr(ord("a") + int(c)) for c in str(time.time_ns())[-9:])
    return f"Phrase de mesure {letters}."


def _get(url: str) -> str | None:
    import urllib.error
    import urllib.request
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return None


def wait_for(url: str, test, proc: subprocess.Popen, timeout: float) -> float:
    """Seconds until the page at url passes test (polled every 50 ms)."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"the server stopped (exit {proc.returncode})")
        body = _get(url)
        if body is not None and test(body):
            return time.perf_counter() - start
        time.sleep(0.05)
    raise TimeoutError(f"{url}: not as expected after {timeout:.0f} s")


def session_cpu(sid: int) -> float:
    """CPU seconds (user + system) used so far by the processes of a session
    (`make` and the `mkdocs serve` it starts), from /proc: on a busy shared
    machine the wall clock of a save says more about the neighbours than about
    the preview. 0.0 where /proc is missing."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid:          # field 6 of /proc/PID/stat: the session
            total += int(fields[11]) + int(fields[12])   # utime, stime
    return total / tick


def _free_port() -> int:
    with socketserver.TCPServer(("127.0.0.1", 0), None) as s:
        return s.server_address[1]


def serve_saves(project: Path, cmd: list[str], edits: list[tuple[str, str]], port: int,
                env: dict | None = None, timeout: float = 900) -> dict:
    """Start a preview server, time its first preview, then each save: the
    sentence added to the page's source, until the served page shows it.

    edits: (source file under the project, URL path). Returns {"first": s, "saves": [s, …]}."""
    out = open(project / f"serve-{port}.log", "w")
    # Ctrl+C (SIGINT) must act in the server even when the bench runs in the
    # background, where the shell has it ignored: an ignored signal stays
    # ignored through exec, a handled one is reset to its default.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        proc = subprocess.Popen(cmd, cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    finally:
        signal.signal(signal.SIGINT, previous)
    base = f"http://127.0.0.1:{port}/"
    try:
        first = wait_for(base + edits[0][1], lambda body: True, proc, timeout)
        first_cpu = session_cpu(proc.pid)
        saves, cpu = [], []
        for src, path in edits:
            wait_for(base + path, lambda body: True, proc, timeout)   # rendered before the save
            sentence = measure_sentence()
            f = project / src
            before = session_cpu(proc.pid)
            f.write_text(add_sentence(f.read_text(encoding="utf-8"), sentence), encoding="utf-8")
            saves.append(wait_for(base + path, lambda body, s=sentence: s in body, proc, timeout))
            cpu.append(session_cpu(proc.pid) - before)
        return {"first": first, "saves": saves, "first_cpu": first_cpu, "cpu": cpu}
    finally:
        stop_server(proc)
        out.close()


def stop_server(proc: subprocess.Popen, timeout: float = 30) -> None:
    """Stop a preview server the way Ctrl+C does (SIGINT to its session), so
    that MkDocs removes its temporary copy of the site: plain `mkdocs serve`,
    stopped by SIGTERM, left 12 MB in /tmp at every run. SIGKILL if it has
    not stopped after timeout seconds."""
    try:
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(timeout=timeout)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def save_rows(n: int, full: dict, plain: dict | None, labels: list[str]) -> list[tuple[str, str, str, str]]:
    """Table rows: each save's time beside plain `mkdocs serve --dirty`, and the first preview."""
    rows = []
    budget = save_budget(n)
    def cpu(result, key, i=None):
        value = result.get(key) if i is None else (result.get(key) or [None] * (i + 1))[i]
        return f" (CPU {value:.1f} s)" if value else ""

    for i, label in enumerate(labels):
        beside = f"; plain `mkdocs serve --dirty`: {plain['saves'][i]:.1f} s{cpu(plain, 'cpu', i)}" if plain else ""
        rows.append((f"Save to reload in `make serve`, {n} meeting{'s' * (n > 1)}, {label}",
                     f"{full['saves'][i]:.1f} s{cpu(full, 'cpu', i)}{beside}", f"≤ {budget:.0f} s",
                     verdict(full["saves"][i] <= budget)))
    plain_first = f"; plain `mkdocs serve --dirty`: {plain['first']:.1f} s{cpu(plain, 'first_cpu')}" if plain else ""
    rows.append((f"First preview of `make serve`, {n} meeting{'s' * (n > 1)}",
                 f"{full['first']:.1f} s{cpu(full, 'first_cpu')}{plain_first}", f"≤ {FIRST_PREVIEW:.0f} s",
                 verdict(full["first"] <= FIRST_PREVIEW)))
    return rows


def measure_serve(project: Path, n: int, template: str) -> list[tuple[str, str, str, str]]:
    """`make serve` (the real path: Makefile, --strict --dirty, hooks) and plain
    `mkdocs serve --dirty` of the same pages, on a fresh copy of project."""
    edits = [(e.format(template=template), label) for e, label in EDITS]
    (project / ".cache").mkdir(exist_ok=True)
    (project / ".cache" / "venv.ready").touch()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("MEETING", None)
    port = _free_port()
    log(f"make serve with {n} meetings on port {port} ...")
    full = serve_saves(project, ["make", "--no-print-directory", "serve", f"PY={sys.executable}",
                                 "VENV=.cache/venv.ready", f"PORT={port}"],
                       [("docs/" + src, _url(src)) for src, _ in edits], port, env)
    log(f"  make serve: first preview {full['first']:.1f} s, saves " + ", ".join(f"{s:.1f} s" for s in full["saves"]))
    cfg = plain_config(project)
    port = _free_port()
    log(f"plain mkdocs serve --dirty with {n} meetings on port {port} ...")
    plain = serve_saves(project, [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", str(cfg),
                                  "--dev-addr", f"127.0.0.1:{port}"],
                        [("plain-docs/" + plain_name(src), _url(plain_name(src).replace(".md", ".fr.md")))
                         for src, _ in edits], port, env)
    log(f"  plain: first preview {plain['first']:.1f} s, saves " + ", ".join(f"{s:.1f} s" for s in plain["saves"]))
    return save_rows(n, full, plain, [label for _, label in edits])


def measure_serve_copy(n: int, head: bool = False) -> list[tuple[str, str, str, str]]:
    tmp = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    try:
        project = tmp / "project"
        project.mkdir()
        make_copy(project, n, head)
        return measure_serve(project, n, _synthetic().TEMPLATE)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _url(src: str) -> str:
    """'reunions/D/bilan.fr.md' -> 'reunions/D/bilan/', 'a-propos.fr.md' -> 'a-propos/' (French pages)."""
    stem = re.sub(r"\.fr\.md$", "", src)
    stem = re.sub(r"(^|/)index$", "", stem)
    return stem + "/" if stem else ""


# --- the browser ---------------------------------------------------------------------------

class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Gzip(_Quiet):
    """Text files gzip-compressed when the browser accepts it, as a static host does."""

    TEXT = ("text/", "application/javascript", "application/json", "application/xml",
            "application/atom+xml", "image/svg+xml")

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        ctype = self.guess_type(str(path))
        if (not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", "")
                or not ctype.startswith(self.TEXT)):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text/") else ""))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Server:
    """The built site on 127.0.0.1: as the tests serve it (no compression), or
    gzip-compressed like a production host (compress=True)."""

    def __init__(self, site: Path, compress: bool = False):
        handler = functools.partial(_Gzip if compress else _Quiet, directory=str(site))
        self.httpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


KINDS = {"document": "html", "stylesheet": "css", "script": "js"}


def _record(page, into: list):
    def on_response(response):
        try:
            body = response.body()
        except Exception:  # redirects and aborted requests have no body
            body = b""
        into.append({"url": response.url, "status": response.status,
                     "kind": KINDS.get(response.request.resource_type, response.request.resource_type),
                     "raw": len(body), "gzip": gz(body) if body else 0})
    page.on("response", on_response)


def _total(responses: list, kinds=None) -> int:
    return sum(r["gzip"] for r in responses if kinds is None or r["kind"] in kinds)


def _settle(page, url: str) -> None:
    """Open url and wait until everything it loads has loaded: the load event
    (every style sheet and script of the page, however long parsing takes),
    then no request for 500 ms (what scripts fetch after it, the favicon).
    networkidle alone fired mid-parse on a busy machine, before the scripts
    at the end of a long record were requested, and the page looked lighter."""
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")


def first_load(browser, url: str) -> dict:
    """What a first visit (empty cache) downloads; gzip sizes by kind."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    responses: list = []
    _record(page, responses)
    _settle(page, url)
    context.close()
    return {"html_css_js": _total(responses, {"html", "css", "js"}), "all": _total(responses),
            "requests": len(responses), "failed": [r["url"] for r in responses if r["status"] >= 400]}


SEARCH_INPUTS = ["input[type=search]", ".pagefind-ui__search-input", "input.md-search__input",
                 "[role=search] input", "input[name=query]", "input[name=q]"]
SEARCH_TOGGLES = ['label[for="__search"]', "button[aria-controls*=search]", "[data-search-open]",
                  "button[aria-label*=echerch]", "button[aria-label*=earch]"]
SEARCH_RESULTS = [".pagefind-ui__result", ".md-search-result__item", "[data-search-results] li",
                  ".search-result", ".search-results li", "[role=listbox] [role=option]"]


def _visible(page, selectors):
    for sel in selectors:
        loc = page.locator(sel)
        for i in range(min(loc.count(), 5)):
            if loc.nth(i).is_visible():
                return loc.nth(i)
    return None


def first_search(browser, url: str, query: str = QUERY) -> dict | None:
    """What the first search of a visit downloads, once the page has loaded.

    Opens the search box the way a reader would (its toggle, if the input is
    hidden), types the query, waits for the results. None if the page has no
    usable search box.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _settle(page, url)
    responses: list = []
    _record(page, responses)
    box = _visible(page, SEARCH_INPUTS)
    if box is None:
        toggle = _visible(page, SEARCH_TOGGLES)
        if toggle is not None:
            toggle.click()
            page.wait_for_timeout(300)
            box = _visible(page, SEARCH_INPUTS)
    if box is None:
        context.close()
        return None
    box.click()
    box.press_sequentially(query, delay=60)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1500)
    page.wait_for_load_state("networkidle")
    count = 0
    for sel in SEARCH_RESULTS:
        count = max(count, page.locator(sel).count())
    status = _visible(page, ["[data-search-meta]", ".md-search-result__meta", "[role=dialog] [role=status]"])
    message = " ".join(status.inner_text().split()) if status is not None else ""
    context.close()
    return {"gzip": _total(responses), "requests": len(responses), "results": count, "message": message,
            "biggest": sorted(responses, key=lambda r: -r["gzip"])[:3],
            "failed": [r["url"] for r in responses if r["status"] >= 400]}


def search_filters(browser, url: str, query: str = QUERY) -> dict | None:
    """After a first search: what opening the filters downloads, then what a
    search narrowed to the first organisation of the list downloads."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _settle(page, url)
    page.locator("[data-search-input]").click()   # no key opens it (RGAA 12.10)
    page.keyboard.insert_text(query)
    page.locator("[data-search-results] a").first.wait_for()
    page.wait_for_load_state("networkidle")
    box = page.locator("[data-search-filters]")   # built by search.js, once the box is open
    if box.count() == 0:
        context.close()
        return None
    opened: list = []
    _record(page, opened)
    box.locator("summary").click()
    page.locator("[data-search-filters][data-ready]").wait_for()
    page.wait_for_load_state("networkidle")
    at_open = (_total(opened), len(opened))   # what opening the filters fetched; later responses narrow
    select = page.locator("[data-search-filter][name=organisation]")
    options = select.locator("option").all_inner_texts()
    name = options[1] if len(options) > 1 else ""
    if name:
        select.select_option(label=name)
        page.locator("[data-search-meta]").filter(has_text=name).wait_for()
        page.wait_for_load_state("networkidle")
    message = " ".join(page.locator("[data-search-meta]").inner_text().split())
    context.close()
    return {"open": at_open[0], "open_requests": at_open[1], "narrowed": _total(opened) - at_open[0],
            "organisation": name, "organisations": len(options) - 1, "message": message}


# --- make build reinstalls nothing ---------------------------------------------------------

def make_reinstalls(installed: bool = True) -> tuple[bool | None, str]:
    """Does `make build` install anything once the dependencies are installed?

    Checked with `make -n build` on a copy of Makefile and requirements.txt
    where the install stamp is newer than requirements.txt (the installed
    state; installed=False makes requirements.txt newer), so the real
    checkout is never touched.
    """
    if not shutil.which("make"):
        return None, "make is missing"
    with tempfile.TemporaryDirectory(prefix="bench-make-") as tmp:
        t = Path(tmp)
        shutil.copy2(ROOT / "Makefile", t / "Makefile")
        shutil.copy2(ROOT / "requirements.txt", t / "requirements.txt")
        (t / ".venv" / "bin").mkdir(parents=True)
        (t / ".venv" / "bin" / "python").symlink_to(sys.executable)
        (t / ".venv" / ".installed").touch()
        now, past = time.time(), time.time() - 3600
        older, newer = ("requirements.txt", ".venv/.installed") if installed else (".venv/.installed", "requirements.txt")
        os.utime(t / older, (past, past))
        os.utime(t / newer, (now, now))
        # not the calling make's variables (`make test-archive` runs the suite under
        # a make given PY=… VENV=…, which MAKEFLAGS would hand down to this one)
        env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKEOVERRIDES", "MAKELEVEL")}
        dry = subprocess.run(["make", "-n", "build"], cwd=t, capture_output=True, text=True, env=env)
    lines = [ln for ln in dry.stdout.splitlines() if ln.strip()]
    installs = [ln for ln in lines if re.search(r"pip\b.*install|\bnpm (ci|install)|apt-get|-m venv", ln)]
    if dry.returncode != 0:
        return None, f"make -n build failed: {dry.stderr.strip()[:200]}"
    return bool(installs), "; ".join(installs) or "; ".join(lines)


# --- the report ----------------------------------------------------------------------------

def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def kb(n: float) -> str:
    return f"{n / KB:.1f} KB"


def without_pdf(project: Path) -> None:
    """Unregister hooks/pdf.py in the copy (--no-pdf: much faster, PDF rows n/a)."""
    cfg = project / "mkdocs.yml"
    cfg.write_text(re.sub(r"^\s*-\s*hooks/pdf\.py.*\n", "", cfg.read_text(encoding="utf-8"), flags=re.M),
                   encoding="utf-8")


def measure(sizes: tuple[int, int], keep: Path | None, head: bool = False, pdf: bool = True,
            repeat: int = 1) -> tuple[list[tuple[str, str, str, str]], list[str]]:
    small, large = sizes
    rows: list[tuple[str, str, str, str]] = []
    notes: list[str] = []
    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        builds = {}
        for n in (small, large):
            project = tmp / f"project-{n}"
            project.mkdir()
            dates = make_copy(project, n, head)
            log(f"copied the project with {n} meetings ({len(dates)} synthetic, copies of "
                f"{_synthetic().TEMPLATE}) to {project}")
            if not pdf:
                without_pdf(project)
            fulls, plains = [], []
            for i in range(repeat):   # alternated, so that a busy minute slows one of each at most
                run = f" (run {i + 1} of {repeat})" if repeat > 1 else ""
                fulls.append(full_build(project, "site", f"full build, {n} meetings{run}"))
                if i == 0:
                    config = plain_config(project, fulls[0]["generated"])
                plains.append(run_build(project, config, project / "site-plain", f"plain build, {n} meetings{run}"))
            builds[n] = (project, fastest(fulls), fastest(plains))

        for n in (small, large):
            _, full, plain = builds[n]
            pdf = full["hooks"].get("pdf", 0.0)
            budget = BUILD_FACTOR * plain["wall"] + PDF_SECONDS * full["pdfs"]
            what = f"{full['pdfs']} PDFs" if pdf else "PDFs left out (--no-pdf)"
            rows.append((f"Full build, {n} meetings (both languages, Pagefind, {what})",
                         (f"fastest of {len(full['runs'])} ({walls(full)}; plain {walls(plain)}): "
                          if len(full["runs"]) > 1 else "") +
                         f"{full['wall']:.1f} s = {full['wall'] / plain['wall']:.2f} × plain ({plain['wall']:.1f} s); "
                         f"CPU {full['cpu']:.1f} s = {full['cpu'] / plain['cpu']:.2f} × plain ({plain['cpu']:.1f} s); "
                         f"pages rendered: {full['pages']} full, {plain['pages']} plain",
                         f"≤ {BUILD_FACTOR} × plain + {PDF_SECONDS:.0f} s × PDF = {budget:.0f} s",
                         verdict(full["wall"] <= budget)))
            renders = sorted(full["renders"])
            cpu_each = (f"; each render {statistics.median(renders):.1f} s of CPU, median of {len(renders)}, "
                        f"{renders[0]:.1f}–{renders[-1]:.1f}" if renders else "")
            rows.append((f"  of which PDF step, {n} meetings",
                         f"{pdf:.1f} s ({pdf / full['pdfs']:.2f} s per PDF{cpu_each})" if full["pdfs"] else "n/a (no PDF)",
                         f"≤ {PDF_SECONDS:.0f} s per PDF", verdict(pdf <= PDF_SECONDS * full["pdfs"]
                                                                    if full["pdfs"] else None)))
            rest = full["wall"] - pdf
            if full["pdfs"]:   # the PDFs render in other processes while the pages are built
                rows.append((f"  full build without the PDF step, {n} meetings",
                             "n/a: the PDFs render alongside the pages and slow them down; "
                             "`--no-pdf` measures the build without them", f"≤ {BUILD_FACTOR} × plain", "n/a"))
            else:
                rows.append((f"  full build without the PDF step, {n} meetings",
                             f"{rest:.1f} s = {rest / plain['wall']:.2f} × plain", f"≤ {BUILD_FACTOR} × plain",
                             verdict(rest <= BUILD_FACTOR * plain["wall"])))
            wall_ratio, cpu_ratio = full["wall"] / plain["wall"], full["cpu"] / plain["cpu"]
            if not full["pdfs"] and abs(wall_ratio / cpu_ratio - 1) > 0.25:   # PDFs: CPU > wall, in parallel
                notes.append(f"At {n} meetings the wall-clock ratio ({wall_ratio:.2f}) and the CPU ratio "
                             f"({cpu_ratio:.2f}) disagree: the machine was busy during one of the builds; "
                             "rerun on a quiet machine, or read the CPU ratio.")
            if full["pages"] != plain["pages"]:
                notes.append(f"At {n} meetings the plain build rendered {plain['pages']} pages and the full build "
                             f"{full['pages']}: the build ratio is not like for like.")
            top = sorted(full["hooks"].items(), key=lambda kv: -kv[1])
            notes.append(f"Time in hooks at {n} meetings: " +
                         ", ".join(f"{k} {v:.1f} s" for k, v in top if v >= 0.05))
        again = full_build(builds[small][0], "site-again", f"full build again, {small} meetings")   # A-B-A
        rows.append(linearity_row(small, large, builds[small][1], again, builds[large][1],
                                  builds[small][2], builds[large][2]))

        project, full, _ = builds[large]
        site = project / "site"
        template = _synthetic().TEMPLATE
        for path, label in PAGES:
            f = site / path.format(template=template)
            if not f.exists():
                rows.append((f"Markup around the text of the {label}, {large} meetings", "n/a (missing)",
                             "≤ 12 KB raw", "n/a"))
                continue
            size = page_size(f)
            rows.append((f"Markup around the text of the {label}, {large} meetings",
                         f"{kb(size['around'])} raw (page {kb(size['raw'])} raw, {kb(size['gzip'])} gzip; "
                         f"text {kb(size['article'])}; its contents {kb(size['toc'])}; nav {kb(size['nav'])})",
                         "≤ 12 KB raw", verdict(size["around"] <= AROUND_TEXT_RAW)))
        org_rows, org_notes = organisation_pages(site, full, large)
        rows += org_rows
        notes += org_notes
        pages = html_pages(site)
        sizes = {p: page_size(p) for p in pages}
        over = [p for p in pages if sizes[p]["around"] > AROUND_TEXT_RAW]
        most = max(pages, key=lambda p: sizes[p]["around"])
        biggest = max(pages, key=lambda p: sizes[p]["raw"])
        rows.append((f"Pages whose markup around the text is > 12 KB, {large} meetings (of {len(pages)})",
                     f"{len(over)}; most {most.relative_to(site)} {kb(sizes[most]['around'])}; "
                     f"largest page {biggest.relative_to(site)} {kb(sizes[biggest]['raw'])}",
                     "0", verdict(not over)))
        if over:
            kinds = defaultdict(int)
            for p in over:
                kinds[re.sub(r"\d{4}-\d{2}-\d{2}", "DATE", str(p.relative_to(site)))] += 1
            notes.append("Markup around the text > 12 KB: " + ", ".join(f"{k} ×{v}" for k, v in sorted(kinds.items())))

        browser_rows, browser_notes = browse(site, template)
        rows += browser_rows
        notes += browser_notes
        if keep:
            shutil.rmtree(keep, ignore_errors=True)
            shutil.copytree(site, keep)
            notes.append(f"Built site of {large} meetings kept in {keep}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    again, how = make_reinstalls()
    rows.append(("`make build` reinstalls when dependencies are installed",
                 "n/a" if again is None else ("yes" if again else "no"),
                 "no", verdict(None if again is None else not again)))
    notes.append(f"`make -n build` with the install stamp up to date: {how}")
    return rows, notes


def full_build(project: Path, site: str, label: str) -> dict:
    """The copy's full build into project/site, its PDFs rendered again
    (.cache/pdf/ emptied), so that every timed full build does the same work."""
    shutil.rmtree(project / ".cache" / "pdf", ignore_errors=True)
    return run_build(project, project / "mkdocs.yml", project / site, label)


def fastest(runs: list[dict]) -> dict:
    """The fastest of repeated builds (--repeat), as timeit keeps the best of
    its runs: the work is the same each time, and a slower run measured the
    machine's other work. With one run, that run."""
    best = dict(min(runs, key=lambda r: r["wall"]))
    best["runs"] = [r["wall"] for r in runs]
    return best


def walls(build: dict) -> str:
    """The wall times of a build's runs, as the table prints them."""
    return ", ".join(f"{w:.1f}" for w in build["runs"]) + " s"


def linearity_row(small: int, large: int, before: dict, again: dict, full: dict,
                  s_plain: dict, l_plain: dict) -> tuple[str, str, str, str]:
    """Build time at the large size over the small one, against large / small.

    A shared machine's speed drifts by more than the 10 % this row must tell
    apart (the plain builds alone gave 8.6 and 10.7 in two runs an hour apart;
    a render of the same document took 2.73 s of CPU, mean, in one build and
    2.46 s in the next, minutes later). Two corrections:
      - the small build is timed before and after the large one (A-B-A), and
        the ratio divides by the mean of the two;
      - with PDFs, each build time is counted in renders: divided by the mean
        CPU of a render in that very build. Every PDF of the benchmark is the
        same document (the synthetic meetings are copies of one), so that mean
        is the machine's speed while the build ran. It would also absorb a
        render growing dearer with the archive; the PDF step rows print each
        size's renders for that.
    The ratio of raw times is printed beside it."""
    s_wall, s_cpu = (before["wall"] + again["wall"]) / 2, (before["cpu"] + again["cpu"]) / 2
    raw, limit = full["wall"] / s_wall, large / small
    raw_text = (f"{full['wall']:.1f} s / {s_wall:.1f} s, the mean of the {small}-meeting build before "
                f"({before['wall']:.1f} s) and after ({again['wall']:.1f} s)")
    rest = f"CPU: {full['cpu'] / s_cpu:.2f}; plain: {l_plain['wall'] / s_plain['wall']:.2f}"
    if all(b.get("renders") for b in (before, again, full)):
        speeds = [statistics.fmean(b["renders"]) for b in (before, full, again)]
        before_r, full_r, again_r = (b["wall"] / v for b, v in zip((before, full, again), speeds))
        ratio = full_r / ((before_r + again_r) / 2)
        result = (f"{ratio:.2f} in renders (a render's CPU, mean: {', '.join(f'{v:.2f} s' for v in speeds)} "
                  f"in the {small}-, {large}- and "
                  f"{small}-meeting builds); raw {raw:.2f} ({raw_text}); {rest}")
    else:
        ratio, result = raw, f"{raw:.2f} ({raw_text}); {rest}"
    return (f"Build time {large} / {small} meetings (full build)", result,
            f"≤ {limit:.0f} (linear)", verdict(ratio <= limit))


def organisation_pages(site: Path, full: dict, n: int) -> tuple[list, list]:
    """The organisation pages (hooks/organisation_pages.py): the heaviest, and
    what they add to the build."""
    pages = sorted(p for p in (site / "organisations").rglob("index.html") if p.parent != site / "organisations")
    if not pages:
        return [(f"Heaviest organisation page, {n} meetings", "n/a (none)", "≤ 12 KB raw around the text", "n/a")], []
    heaviest = max(pages, key=lambda p: p.stat().st_size)
    size = page_size(heaviest)
    orgs = {p.relative_to(site / "organisations").parts[0] for p in pages}
    added = sum(full["hooks"].get(h, 0.0) for h in ("organisation_pages", "search_filters"))
    share = 2 * len(pages) / max(full["pages"], 1)   # both languages
    rest = full["wall"] - full["hooks"].get("pdf", 0.0)
    rows = [(f"Heaviest organisation page, {n} meetings ({len(pages)} French pages for {len(orgs)} organisations)",
             f"{heaviest.relative_to(site)}: {kb(size['raw'])} raw, {kb(size['gzip'])} gzip; markup around "
             f"its text {kb(size['around'])} (paged by year: its text stays a year's interventions)",
             "≤ 12 KB raw around the text", verdict(size["around"] <= AROUND_TEXT_RAW)),
            (f"Build time the organisation pages add, {n} meetings",
             f"{added:.1f} s in their hooks (organisation_pages, search_filters); their {2 * len(pages)} pages are "
             f"{share:.0%} of the {full['pages']} rendered, about {share * rest:.1f} s of the build without PDFs",
             "(within the build budget above)", "n/a")]
    notes = ["Organisation pages: the synthetic meetings are copies of one meeting, so every organisation speaks "
             "at every meeting, as often as in the template: the heaviest organisation page and the paging by year "
             "are exercised at their worst (the minister's office every month), but an archive where speakers "
             "change from meeting to meeting, and organisations that spoke once, are not."]
    return rows, notes


def browse(site: Path, template: str) -> tuple[list, list]:
    rows, notes = [], []
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return [("Browser measures", "n/a (no Playwright)", "", "n/a")], notes
    if not Path(CHROMIUM).exists():
        return [("Browser measures", f"n/a ({CHROMIUM} missing)", "", "n/a")], notes
    server = Server(site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for path, label in PAGES:
                url = server.url + path.format(template=template).removesuffix("index.html")
                if not (site / path.format(template=template)).exists():
                    continue
                log(f"first load of {url}")
                w = first_load(browser, url)
                text = page_size(site / path.format(template=template))["article_gzip"]
                beyond = w["all"] - text
                rows.append((f"First load of the {label}, beyond its text",
                             f"{kb(beyond)} gzip (all {kb(w['all'])}, {w['requests']} requests; "
                             f"its text {kb(text)}; HTML + CSS + JS {kb(w['html_css_js'])})",
                             "≤ 75 KB gzip", verdict(beyond <= BEYOND_TEXT_FIRST_LOAD)))
                if w["failed"]:
                    notes.append(f"Failed requests on the {label}: {', '.join(w['failed'])}")
            url = server.url + f"reunions/{template}/"
            log(f"first search for '{QUERY}' on {url}")
            s = first_search(browser, url)
            if s is None:
                rows.append((f"First search ('{QUERY}')", "n/a (no search box found)", "≤ 150 KB gzip", "n/a"))
            else:
                rows.append((f"First search ('{QUERY}'), meeting's page",
                             f"{kb(s['gzip'])} gzip, {s['requests']} requests, {s['results']} results listed",
                             "≤ 150 KB gzip", verdict(s["gzip"] <= FIRST_SEARCH if s["results"] else False)))
                notes.append(f"Search said: “{s['message']}”; largest downloads: " + ", ".join(
                    f"{r['url'].rsplit('/', 1)[-1].split('?')[0]} {kb(r['gzip'])}" for r in s["biggest"]))
                if not s["results"]:
                    notes.append("The search showed no result: the search row fails until it does.")
                if s["failed"]:
                    notes.append(f"Failed requests during the search: {', '.join(s['failed'])}")
                log(f"search filters on {url}")
                f = search_filters(browser, url)
                if f is None:
                    rows.append(("Opening the search filters", "n/a (no filters)", "≤ 30 KB gzip more", "n/a"))
                else:
                    rows.append(("Opening the search filters, after the first search",
                                 f"{kb(f['open'])} gzip more, {f['open_requests']} requests "
                                 f"({f['organisations']} organisations listed)",
                                 "≤ 30 KB gzip more", verdict(f["open"] <= OPEN_FILTERS)))
                    rows.append((f"First search with a filter ('{QUERY}', one organisation)",
                                 f"{kb(s['gzip'] + f['open'] + f['narrowed'])} gzip in all "
                                 f"({kb(f['narrowed'])} for the narrowed results)",
                                 "≤ 150 + 30 KB gzip",
                                 verdict(s["gzip"] + f["open"] + f["narrowed"] <= FIRST_SEARCH + OPEN_FILTERS)))
                    notes.append(f"Narrowed to {f['organisation']}, search said: “{f['message']}”")
            browser.close()
    finally:
        server.close()
    return rows, notes


def table(rows, title: str) -> str:
    out = [title, "", "| Measure | Result | Budget | |", "| --- | --- | --- | --- |"]
    out += [f"| {m.strip() if not m.startswith('  ') else '↳ ' + m.strip()} | {r} | {b} | {v} |"
            for m, r, b, v in rows]
    return "\n".join(out)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child-build"]:
        child_build(argv[1], argv[2])
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="3 and 12 meetings instead of 12 and 120")
    ap.add_argument("--sizes", type=int, nargs=2, metavar=("SMALL", "LARGE"), help="numbers of meetings")
    ap.add_argument("--no-pdf", action="store_true",
                    help="leave the PDF hook out (PDF rows n/a; the rest is much faster)")
    ap.add_argument("--head", action="store_true",
                    help="measure the last commit, not the working tree")
    ap.add_argument("--keep", type=Path, help="copy the largest built site there (to look at it)")
    ap.add_argument("--repeat", type=int, default=1, metavar="N",
                    help="build each size N times, full and plain alternated, and keep the fastest of each "
                         "(the full build with PDFs renders them each time)")
    ap.add_argument("--serve-sizes", type=int, nargs="*", metavar="N",
                    help="numbers of meetings for the save-to-reload rows (default 1 12 120; --quick: 1 12)")
    ap.add_argument("--serve-only", action="store_true", help="only the save-to-reload rows")
    args = ap.parse_args(argv)
    if args.repeat < 1:
        ap.error("--repeat: at least 1")
    sizes = tuple(args.sizes) if args.sizes else ((3, 12) if args.quick else (12, 120))
    serve_sizes = args.serve_sizes if args.serve_sizes is not None else ([1, 12] if args.quick else [1, 12, 120])
    start = time.perf_counter()
    rows, notes = ([], []) if args.serve_only else measure(sizes, args.keep, args.head, not args.no_pdf, args.repeat)
    for n in serve_sizes:
        rows += measure_serve_copy(n, args.head)
    if serve_sizes:
        notes.append("Save to reload: a sentence added to the page's source, until the page served by `make serve` "
                     "(mkdocs serve --dirty with hooks/preview.py; the newest meeting in focus) contains it, polled "
                     "every 50 ms; the same edit in plain `mkdocs serve --dirty` of the plain one-language pages "
                     "beside it. First preview: from `make serve` (.venv present) to the edited page served.")
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--"] + COPY,
                           capture_output=True, text=True).stdout.strip()
    if dirty and not args.head:
        commit += " + uncommitted changes"
    measured = (f"saves at {', '.join(map(str, serve_sizes))} meetings" if args.serve_only
                else f"{sizes[0]} and {sizes[1]} meetings")
    title = (f"Benchmark of {time.strftime('%Y-%m-%d')} (commit {commit or '?'}, {os.cpu_count()} CPUs, "
             f"{measured}, {time.perf_counter() - start:.0f} s; load average {os.getloadavg()[0]:.1f})")
    print(table(rows, title))
    print()
    for note in notes:
        print(f"- {note}")
    return 1 if any(v == "FAIL" for *_, v in rows) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
