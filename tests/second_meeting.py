"""A copy of the project with one more meeting, added as the guide says.

    python tests/second_meeting.py DEST [DATE]

Copies the project (the files git tracks or would track, as a clone of this
working tree would have them) to DEST, makes it a git repository with one
commit, runs `python -m scripts new-meeting DATE` there (DATE defaults to the
day after the newest meeting), then does what CONTRIBUTING.md asks of the
secretariat: every « À compléter » (French files) and "To be completed"
(English and data files) in every file the command created or changed is
replaced, and `status: draft` becomes `status: final`. The text is clearly
fictitious but well formed: headings, anchors ({ #iNN-key }), priority
blocks (id="pN"), links and snippet lines are kept as the skeleton shows them.
The change is committed, as a pull request would be.

`make test-archive` runs the whole suite in such a copy: the tests must hold
for any archive, not just the meetings of today.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import archive  # noqa: E402

PLACEHOLDER = {"fr": "À compléter", "en": "To be completed"}
SKIP = {".git", ".venv", ".cache", "site", "node_modules", "__pycache__", ".pytest_cache"}

# Front-matter and data values, by key; every text is plainly fictitious.
VALUES = {
    "fr": {"place": "Paris, salle de réunion fictive du collectif",
           "rapporteur": "Camille Exemple (personne fictive)",
           "subject": "Réunion fictive, écrite pour éprouver l’archive du site",
           "title": "Réunion fictive du collectif"},
    "en": {"place": "Paris, the Collective’s fictitious meeting room",
           "rapporteur": "Camille Exemple (a fictitious person)",
           "subject": "A fictitious meeting, written to try out the site’s archive",
           "title": "A fictitious meeting of the Collective"},
}
VALUE = {"fr": "Texte fictif d’exemple", "en": "Fictitious example text"}

# Paragraphs, used in turn. No digits (the parity check compares numbers), no
# capitalised acronyms (the glossary would ask for them), no link.
PARAGRAPHS = {
    "fr": [
        "Texte fictif, écrit pour éprouver l’archive du site : cette réunion n’a pas eu lieu. "
        "Les associations présentes font le point sur l’accompagnement des personnes et sur les suites à donner.",
        "Intervention fictive. L’association rappelle l’importance d’un suivi régulier des personnes accompagnées "
        "et propose de partager ses outils de formation avec les autres membres du collectif.",
        "Propos fictifs. La coordination remercie les participants et propose de reprendre ces points "
        "lors d’une prochaine rencontre, dont la date sera fixée plus tard.",
        "Priorité fictive : mieux faire connaître les dispositifs d’accueil auprès des partenaires de terrain.",
    ],
    "en": [
        "Fictitious text, written to try out the site’s archive: this meeting never took place. "
        "The associations present review the support given to the people concerned and the next steps.",
        "A fictitious intervention. The association stresses the importance of regular follow-up of the people "
        "it supports and offers to share its training tools with the other members of the Collective.",
        "Fictitious remarks. The coordination thanks the participants and proposes to take these points up "
        "again at a later meeting, whose date will be set later.",
        "A fictitious priority: making the reception schemes better known to partners in the field.",
    ],
}
ITEMS = {
    "fr": ["Premier point fictif, donné en exemple.", "Second point fictif, donné en exemple."],
    "en": ["A first fictitious point, given as an example.", "A second fictitious point, given as an example."],
}


def project_files(root: Path = ROOT) -> list[Path]:
    """What a clone of this working tree holds: tracked and untracked files
    that .gitignore does not exclude (every file outside SKIP without git)."""
    run = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                         cwd=root, capture_output=True, text=True)
    if run.returncode == 0 and run.stdout:
        names = [n for n in run.stdout.split("\0") if n]
    else:
        names = [p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()]
    return [Path(n) for n in names
            if not SKIP & set(Path(n).parts) and (root / n).is_file() and not (root / n).is_symlink()]


def copy_project(dest: Path) -> Path:
    if dest.exists() and any(dest.iterdir()):
        raise SystemExit(f"{dest} exists and is not empty")
    for name in project_files():
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    return dest


def git(root: Path, *args: str) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="Archive test", GIT_AUTHOR_EMAIL="archive@example.org",
               GIT_COMMITTER_NAME="Archive test", GIT_COMMITTER_EMAIL="archive@example.org",
               GIT_CEILING_DIRECTORIES=str(root.parent))
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True)


def snapshot(root: Path) -> dict[str, str]:
    """{relative path: content hash} of the project's files (outside SKIP)."""
    out = {}
    for p in root.rglob("*"):
        rel = p.relative_to(root)
        if p.is_file() and not SKIP & set(rel.parts):
            out[rel.as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def language(path: str) -> str:
    """The placeholder language of a file: .fr.md French; everything else English."""
    return "fr" if path.endswith(".fr.md") else "en"


class Filler:
    """Replaces every placeholder of one file, as a person would."""

    def __init__(self, lang: str):
        self.lang = lang
        self.todo = PLACEHOLDER[lang]
        self.n = 0

    def paragraph(self) -> str:
        text = PARAGRAPHS[self.lang][self.n % len(PARAGRAPHS[self.lang])]
        self.n += 1
        return text

    def item(self) -> str:
        text = ITEMS[self.lang][self.n % len(ITEMS[self.lang])]
        self.n += 1
        return text

    def yaml_lines(self, lines: list[str]) -> list[str]:
        """YAML (front matter or a data file): a comment paragraph that holds a
        placeholder is an instruction to the person, who deletes it; a value
        that is a placeholder gets a fictitious value, its quotes kept."""
        out: list[str] = []
        i = 0
        while i < len(lines):
            line = lines[i]
            if line.lstrip().startswith("#") and line.strip("# \n"):
                j = i
                while j < len(lines) and lines[j].lstrip().startswith("#") and lines[j].strip("# \n"):
                    j += 1
                block = lines[i:j]
                if any(self.todo in b for b in block):
                    if j < len(lines) and lines[j].strip() == "#":   # the bare "#" after it
                        j += 1
                    i = j
                    continue
                out += block
                i = j
                continue
            out.append(self.yaml_value(line) if self.todo in line else line)
            i += 1
        return out

    def yaml_value(self, line: str) -> str:
        m = re.match(r"^(\s*(?:-\s+)?)(?:([\w-]+):\s*)?([\"']?)(.*?)\3(\s+#.*)?$", line)
        key = m.group(2) if m else None
        value = VALUES[self.lang].get(key or "", VALUE[self.lang])
        if m and m.group(4).startswith(self.todo):
            return f"{m.group(1)}{key + ': ' if key else ''}{m.group(3)}{value}{m.group(3)}{m.group(5) or ''}"
        return line.replace(self.todo, value)            # inside a longer text (a folded scalar)

    def markdown_lines(self, lines: list[str]) -> list[str]:
        """Markdown: a paragraph that starts with a placeholder (the skeleton's
        instructions) becomes a fictitious paragraph; a list item's text, a
        fictitious point; anywhere else the placeholder alone is replaced.
        Headings, anchors, HTML blocks and snippet lines stay as they are."""
        out: list[str] = []
        i = 0
        priority = False                   # inside <div class="priority" …>: a priority's text
        while i < len(lines):
            line = lines[i]
            priority = (priority or line.startswith('<div class="priority"')) and not line.startswith("</div>")
            if line.startswith(self.todo):
                j = i
                while j < len(lines) and lines[j].strip() and not lines[j].lstrip().startswith(("<", "-", "#")):
                    j += 1
                block = lines[i:max(j, i + 1)]
                if not any(re.search(r"<|\]\(|--8<--|\{\s*#", b) for b in block):
                    out.append(PARAGRAPHS[self.lang][-1] if priority else self.paragraph())
                    i = max(j, i + 1)
                    continue
            m = re.match(r"^(\s*(?:[-*+]|\d+\.)\s+)" + re.escape(self.todo) + r".*$", line)
            if m:
                out.append(m.group(1) + self.item())
            elif self.todo in line:
                out.append(line.replace(self.todo, VALUE[self.lang]))
            else:
                out.append(line)
            i += 1
        return out

    def fill(self, text: str, markdown: bool) -> str:
        lines = text.split("\n")
        if markdown and lines and lines[0].strip() == "---":
            end = next(k for k in range(1, len(lines)) if lines[k].strip() == "---")
            lines = ["---"] + self.yaml_lines(lines[1:end]) + ["---"] + self.markdown_lines(lines[end + 1:])
        elif markdown:
            lines = self.markdown_lines(lines)
        else:
            lines = self.yaml_lines(lines)
        return "\n".join(lines)


def publish(text: str) -> str:
    """status: draft -> status: final (the meeting is approved)."""
    return re.sub(r"^(\s*status:\s*)([\"']?)draft\2", r"\1\2final\2", text, flags=re.M)


def fill(root: Path, changed: list[str]) -> list[str]:
    """Fills in every changed file; returns the files it edited."""
    edited = []
    for name in changed:
        path = root / name
        if path.suffix not in (".md", ".yml", ".yaml"):
            continue
        text = path.read_text(encoding="utf-8")
        new = text
        own = language(name)               # the file's own placeholder first, then a stray other one
        for code in (own, "en" if own == "fr" else "fr"):
            new = Filler(code).fill(new, path.suffix == ".md")
        new = publish(new)
        if new != text:
            path.write_text(new, encoding="utf-8")
            edited.append(name)
    return edited


def left(root: Path, names: list[str]) -> list[str]:
    """Placeholders still there: 'file:line'."""
    out = []
    for name in names:
        path = root / name
        if not path.is_file():
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if any(p in line for p in PLACEHOLDER.values()):
                out.append(f"{name}:{n}: {line.strip()}")
    return out


def make(dest: Path, date: str | None = None) -> tuple[str, list[str]]:
    """The copy with its new meeting, committed. Returns (date, files created or changed)."""
    dest = Path(dest).resolve()
    copy_project(dest)
    git(dest, "init", "--quiet", "--initial-branch=main")
    git(dest, "add", "--all")
    git(dest, "commit", "--quiet", "--no-verify", "-m", "The project as it is")
    date = date or archive.free_date(dest / "docs")
    before = snapshot(dest)
    run = subprocess.run([sys.executable, "-m", "scripts", "new-meeting", date], cwd=dest,
                         capture_output=True, text=True, timeout=120)
    if run.returncode != 0:
        raise SystemExit(f"new-meeting {date} failed:\n{run.stdout}{run.stderr}")
    after = snapshot(dest)
    changed = sorted(n for n in after if before.get(n) != after[n])
    if not changed:
        raise SystemExit(f"new-meeting {date} created no file")
    fill(dest, changed)
    remaining = left(dest, changed)
    if remaining:
        raise SystemExit("placeholders left:\n" + "\n".join(remaining))
    # the translator records the review of the pages translated (TRANSLATING.md)
    review = subprocess.run([sys.executable, "-m", "scripts", "translation", "review", "--all", "--no-change"],
                            cwd=dest, capture_output=True, text=True, timeout=300)
    if review.returncode:
        raise SystemExit(f"translation review failed:\n{review.stdout}{review.stderr}")
    git(dest, "add", "--all")
    git(dest, "commit", "--quiet", "--no-verify", "-m", f"Meeting of {date}, approved")
    return date, changed


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path, help="an empty or new folder")
    parser.add_argument("date", nargs="?", help="YYYY-MM-DD (default: the day after the newest meeting)")
    args = parser.parse_args(argv)
    date, changed = make(args.dest, args.date)
    print(f"{args.dest}: meeting of {date} added, filled in and set to status: final")
    print("\n".join(f"  {n}" for n in changed))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
