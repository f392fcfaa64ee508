"""python -m scripts COMMAND [ARGS]: one entry point for the project's scripts.

  check                parity of every French page with its English twin
  new-meeting DATE     French and English skeletons of a new meeting
  import-meeting FILE DATE [--force]
                       a meeting's pages from received minutes (.docx, .odt, .md, .txt)
  terminology          English pages against the terminology table (data/terminology.yml)
  translation …        status | diff PAGE | review PAGE [--no-change]: translators' review
"""
from __future__ import annotations

import importlib
import sys

COMMANDS = {
    "check": "scripts.check",
    "new-meeting": "scripts.new_meeting",
    "import-meeting": "scripts.import_meeting",
    "terminology": "scripts.terminology",
    "translation": "scripts.translation",
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        return 2
    module = importlib.import_module(COMMANDS[argv[0]])
    return module.main(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
