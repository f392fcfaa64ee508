"""python -m scripts translation status|diff PAGE|review PAGE… [--no-change] [--all]

The translator's command: which English pages are behind their French
original, block by block (paragraph, heading, list item, table row), and the
record of a review (data/translations/PAGE.yml, see hooks/freshness.py).

  status              every English page and snippet: up to date, N changed
                      French blocks, pending, or never reviewed
  diff PAGE           for each changed French block of PAGE (and of the
                      snippets it includes): the French before (from git
                      history, when the clone has it) and now, and the
                      English block to update
  review PAGE…        records that the English of PAGE (and of its snippets)
                      now translates the French as it is: run it once the
                      English is updated. It refuses when a changed block's
                      English is unchanged, unless --no-change says the
                      English needs no change (a French typo fix).
  review --all --no-change   records every page as reviewed (first set-up)

PAGE: docs/reunions/2013-10-18/bilan.en.md, its .fr.md, or reunions/2013-10-18/bilan.
"""
from __future__ import annotations

import difflib
import subprocess
import sys
import textwrap
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))

import freshness as F  # noqa: E402
import parity  # noqa: E402
from common import DOCS  # noqa: E402


def _show(path: Path, docs: Path) -> str:
    return f"{docs.name}/{Path(path).relative_to(docs).as_posix()}"


def _french(docs: Path, page: str) -> Path | None:
    """The French file a PAGE argument names."""
    p = page.strip().removeprefix("./")
    p = p.removeprefix(f"{docs.name}/")
    for suffix in (".en.md", ".fr.md", ".md"):
        if p.endswith(suffix):
            p = p[: -len(suffix)]
            break
    fr = docs / f"{p}.fr.md"
    return fr if fr.exists() else None


def _files(docs: Path, fr: Path) -> list[Path]:
    """A French page and the French snippets it includes."""
    return [fr] + [s for s in F.snippets_of(docs, fr) if F.twin(s).exists()]


def _everything(docs: Path) -> list[Path]:
    return sorted(docs.rglob("*.fr.md"))


def status(docs: Path) -> int:
    counts: dict[str, int] = {}
    for fr in _everything(docs):
        s = F.file_state(docs, fr)
        counts[s.state] = counts.get(s.state, 0) + 1
        name = _show(F.twin(fr), docs)
        if s.state == F.NEEDS_REVIEW:
            print(f"{name}: {s.count} changed French block{'s' if s.count > 1 else ''} "
                  f"(python -m scripts translation diff {F.stem(docs, fr)})")
        elif s.state == F.PENDING:
            print(f"{name}: translation pending (the French is shown)")
        elif s.state == F.UNKNOWN:
            print(f"{name}: never reviewed (no {F.record_path(docs, F.stem(docs, fr)).relative_to(docs.parent)})")
    c = lambda state: counts.get(state, 0)  # noqa: E731
    print(f"{sum(counts.values())} English pages and snippets: {c(F.UP_TO_DATE)} up to date, "
          f"{c(F.NEEDS_REVIEW)} needing review, {c(F.PENDING)} pending, {c(F.UNKNOWN)} never reviewed.")
    return 0


def _history(docs: Path, fr: Path, wanted: set[str]) -> dict[str, str]:
    """{fingerprint: text} of earlier French blocks, from git history (empty
    without git or in a shallow clone that lacks them)."""
    found: dict[str, str] = {}
    try:
        log = subprocess.run(["git", "-C", str(docs), "log", "--format=%H", "-n", "200", "--", str(fr.resolve())],
                             capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return found
    if log.returncode != 0:
        return found
    top = subprocess.run(["git", "-C", str(docs), "rev-parse", "--show-toplevel"],
                         capture_output=True, text=True).stdout.strip()
    if not top:
        return found
    name = fr.resolve().relative_to(Path(top).resolve()).as_posix()
    for sha in log.stdout.split():
        old = subprocess.run(["git", "-C", str(docs), "show", f"{sha}:{name}"], capture_output=True, text=True)
        if old.returncode != 0:
            continue
        for b in F.blocks(old.stdout):
            if b.hash in wanted:
                found.setdefault(b.hash, b.text)
        if wanted <= found.keys():
            break
    return found


def _indent(text: str) -> str:
    return textwrap.indent(text.strip("\n") or "(empty)", "    ")


def diff(docs: Path, fr: Path) -> int:
    total = 0
    for f in _files(docs, fr):
        s = F.file_state(docs, f)
        en = F.twin(f)
        if s.state == F.PENDING:
            print(f"{_show(en, docs)}: translation pending: nothing to compare")
            continue
        record = F.read_record(docs, F.stem(docs, f))
        if record is None:
            print(f"{_show(en, docs)}: never reviewed: compare the whole page with {_show(f, docs)}, then "
                  f"run: python -m scripts translation review {F.stem(docs, fr)}")
            continue
        if not s.changed:
            continue
        en_blocks = F.read_blocks(en)
        # the recorded blocks no longer in the French: the "before" of each changed block
        current = {b.hash for b in s.blocks}
        gone = [h for h, _ in record.pairs if h not in current]
        old = _history(docs, f, set(gone))
        for i in s.changed:
            total += 1
            b = s.blocks[i]
            before = _before(record, s.blocks, i, gone, old)
            where = f" (#{b.anchor})" if b.anchor else ""
            print(f"=== {_show(f, docs)}:{b.line}: French {F.KIND.get(b.kind, b.kind)} {i}{where}")
            print(f"--- French before:\n{before}")
            print(f"+++ French now:\n{_indent(b.text)}")
            if i < len(en_blocks):
                print(f">>> English to check, {_show(en, docs)}:{en_blocks[i].line}:\n{_indent(en_blocks[i].text)}")
            print()
    if total:
        print(f"{total} changed block{'s' if total > 1 else ''}. Update the English where needed, then run\n"
              f"  python -m scripts translation review {F.stem(docs, fr)}\n"
              "or, if the English needs no change (a French typo fix, say):\n"
              f"  python -m scripts translation review {F.stem(docs, fr)} --no-change")
    else:
        print(f"{_show(F.twin(fr), docs)}: up to date with the French.")
    return 0


def _words(before: str, after: str) -> str:
    """A word diff: [-removed-] {+added+}."""
    a, b = before.split(), after.split()
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            words = a[i1:i2]
            out.append(" ".join(words if len(words) <= 6 else words[:3] + ["…"] + words[-3:]))
            continue
        if i2 > i1:
            out.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(out)


def _before(record: F.Record, blocks: list[F.Block], i: int, gone: list[str], old: dict[str, str]) -> str:
    """The earlier French of block i: the recorded block it replaced, when one can tell."""
    rec = [h for h, _ in record.pairs]
    new = [b.hash for b in blocks]
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, rec, new, autojunk=False).get_opcodes():
        if j1 <= i < j2 and tag in ("replace", "insert"):
            if tag == "insert":
                return "    (new block: no earlier French)"
            k = i1 + min(i - j1, i2 - i1 - 1)
            h = rec[k]
            if h in old:
                return _indent(old[h]) + "\n--- changed words:\n" + _indent(_words(old[h], blocks[i].text))
            return (f"    (fingerprint {h}: its text is not in this clone's git history; "
                    "see the French file's history on GitHub)")
    return "    (unknown)"


def review(docs: Path, fr: Path, no_change: bool) -> int:
    problems = []
    for f in _files(docs, fr):
        problems += F.block_problems(docs, f, lambda p: _show(p, docs))
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    unchanged = []
    written = []
    for f in _files(docs, fr):
        en = F.twin(f)
        if F.is_pending(en):
            print(f"{_show(en, docs)}: translation pending: nothing to record (translate it first)")
            continue
        s = F.file_state(docs, f)
        record = F.read_record(docs, F.stem(docs, f))
        en_blocks = F.read_blocks(en)
        if record and not no_change:
            recorded_en = {e for _, e in record.pairs}
            unchanged += [f"{_show(en, docs)}:{en_blocks[i].line}: this English block is unchanged, but its "
                          f"French ({_show(f, docs)}:{s.blocks[i].line}) changed"
                          for i in s.changed if i < len(en_blocks) and en_blocks[i].hash in recorded_en]
        written.append((f, s, en_blocks))
    if unchanged:
        print("\n".join(unchanged), file=sys.stderr)
        print("Update these English blocks, or, if the English needs no change (a French typo fix), "
              "run the review again with --no-change.", file=sys.stderr)
        return 1
    for f, s, en_blocks in written:
        path = F.write_record(docs, F.stem(docs, f), s.blocks or F.read_blocks(f), en_blocks)
        how = "the English needs no change" if no_change else "English updated"
        n = len(s.changed)
        print(f"recorded {path.relative_to(docs.parent)}: {_show(F.twin(f), docs)} translates the French as it is"
              + (f" ({n} changed block{'s' if n > 1 else ''} reviewed: {how})" if n and s.state != F.UNKNOWN else ""))
    return 0


def main(argv: list[str]) -> int:
    flags = {a for a in argv if a.startswith("-")}
    args = [a for a in argv if not a.startswith("-")]
    if not args or args[0] not in ("status", "diff", "review") or flags - {"--no-change", "--all"}:
        print(__doc__, file=sys.stderr)
        return 2
    docs = DOCS
    command, pages = args[0], args[1:]
    if command == "status":
        return status(docs)
    if command == "review" and "--all" in flags:
        if "--no-change" not in flags or pages:
            print("review --all records every page as it is: add --no-change to say so.", file=sys.stderr)
            return 2
        return max([review(docs, fr, True) for fr in _everything(docs)] or [0])
    if len(pages) < 1 or (command == "diff" and len(pages) > 1):
        print(__doc__, file=sys.stderr)
        return 2
    status_ = 0
    for page in pages:
        fr = _french(docs, page)
        if fr is None or not F.twin(fr).exists():
            print(f"{page}: no such French page with an English twin under {docs.name}/", file=sys.stderr)
            return 2
        status_ |= diff(docs, fr) if command == "diff" else review(docs, fr, "--no-change" in flags)
    return status_
