"""python -m scripts check [--freshness] [DOCS_DIR]

French/English parity of every page (docs/_snippets/ included): each .fr.md
has its .en.md and vice versa, with the same heading levels, the same explicit
anchors in the same order, the same numbers, and as many blocks (paragraphs,
list items, table rows) in each section. Prints one line per problem,
"docs/page.en.md:LINE: what differs", and exits 1; prints one OK line and exits
0 when every pair matches. The build runs the same check (hooks/translations.py).

Then the terminology check (scripts/terminology.py): the English pages against
the terminology table, data/terminology.yml, with the same kind of lines.

--freshness also lists the English pages whose French original changed since
their translation was last reviewed, block by block (the same list as
`python -m scripts translation status`; information only: it does not change
the exit status).
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))

import freshness  # noqa: E402
import parity  # noqa: E402
from common import DOCS  # noqa: E402

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
    problems += freshness.block_check(docs)
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} translation problem(s): fix the file named on each line "
              "(see TRANSLATING.md).", file=sys.stderr)
        return 1
    print(f"OK: {pairs} French/English pairs have the same headings, anchors, numbers and blocks, "
          "and the English follows the terminology table.")
    if "--freshness" in argv:  # the translator's status (python -m scripts translation status)
        from scripts.translation import status
        status(docs)
    return 0
