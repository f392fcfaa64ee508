"""python -m scripts check [--freshness] [DOCS_DIR]

French/English parity of every page (docs/_snippets/ included): each .fr.md
has its .en.md and vice versa, with the same heading levels, the same explicit
anchors in the same order and the same numbers. Prints one line per problem,
"docs/page.en.md:LINE: what differs", and exits 1; prints one OK line and exits
0 when every pair matches. The build runs the same check (hooks/translations.py).

Then the terminology check (scripts/terminology.py): the English pages against
the terminology table, data/terminology.yml, with the same kind of lines.

--freshness also lists the English pages whose French original changed after
them in git history (information only: it does not change the exit status).
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))

import parity  # noqa: E402
from common import DOCS, format_date  # noqa: E402

from scripts import terminology  # noqa: E402


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("-")]
    unknown = [a for a in argv if a.startswith("-") and a != "--freshness"]
    if unknown or len(args) > 1:
        print(__doc__, file=sys.stderr)
        return 2
    docs = Path(args[0]) if args else DOCS
    if not docs.is_dir():
        print(f"{docs}: no such folder", file=sys.stderr)
        return 2
    problems, pairs = parity.check(docs)
    terms = terminology.check(docs)
    table = terminology.guide_problem()
    problems += terms + ([table] if table else [])
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} translation problem(s): fix the English file named on each line "
              "(see TRANSLATING.md).", file=sys.stderr)
        return 1
    print(f"OK: {pairs} French/English pairs have the same headings, anchors and numbers, "
          "and the English follows the terminology table.")
    if "--freshness" in argv:
        git = parity.Git(docs)
        for fr in sorted(docs.rglob("*.fr.md")):
            f = parity.file_freshness(fr, parity.twin(fr), git)
            name = f"{docs.name}/{parity.twin(fr).relative_to(docs).as_posix()}"
            if f.state == parity.NEEDS_REVIEW:
                print(f"needs review: {name} (French changed {format_date(f.fr_date, 'en')}, "
                      f"English {format_date(f.en_date, 'en') if f.en_date else 'never committed'})")
            elif f.state == parity.UNKNOWN:
                print(f"unknown: {name} ({f.reason})")
    return 0
