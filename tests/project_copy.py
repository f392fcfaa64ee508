"""A throwaway copy of the project, and `make build` run in it.

Used by the tests that change the content on purpose (bad input, a new
meeting): they never touch the real docs/ or site/. The copy gets what
`make build` needs; it reuses the running Python (its packages are the
project's), so nothing is installed.

PDFs and the search index are left out of these copies (pdf=False): they come
after every content check, and they make a build several times slower.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("Makefile", "requirements.txt", "mkdocs.yml", "docs", "hooks", "overrides", "data", "scripts")
SLOW_HOOKS = re.compile(r"^\s*- hooks/(pdf|search)\.py.*\n", re.M)
READY = ".cache/venv.ready"  # stands for the Makefile's "packages installed" stamp


def copy_project(dest: Path, pdf: bool = False) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for part in PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=ignore)
        else:
            shutil.copy2(src, dest / part)
    if not pdf:
        config = dest / "mkdocs.yml"
        text, n = SLOW_HOOKS.subn("", config.read_text(encoding="utf-8"))
        assert n == 2, "mkdocs.yml no longer registers hooks/pdf.py and hooks/search.py"
        config.write_text(text, encoding="utf-8")
    (dest / READY).parent.mkdir(exist_ok=True)
    (dest / READY).touch()  # newer than requirements.txt: make installs nothing
    return dest


def make_build(root: Path, tmpdir: Path | None = None) -> subprocess.CompletedProcess:
    """`make build` in the copy; stdout and stderr together in .stdout.
    tmpdir: the build's temporary folder (TMPDIR), to see what it leaves there."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if tmpdir is not None:
        env["TMPDIR"] = str(tmpdir)
    env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run(
        ["make", "--no-print-directory", "build", f"PY={sys.executable}", f"VENV={READY}"],
        cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=900)


def mkdocs_build(root: Path) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` in the copy, into root/out: the hooks' checks
    without the Makefile's publishing step. Git stops at the copy's parent, so
    the copy never reads the real repository's history."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", GIT_CEILING_DIRECTORIES=str(root.parent))
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(root / "out")],
                          cwd=root, env=env, capture_output=True, text=True, timeout=600)


def edit(path: Path, old: str, new: str) -> int:
    """Replaces the first `old` by `new`; returns the 1-based line where `new` starts."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path} no longer contains {old!r}: update the test"
    i = text.index(old)
    path.write_text(text[:i] + new + text[i + len(old):], encoding="utf-8")
    return text[:i].count("\n") + 1


def append(path: Path, new: str) -> int:
    """Appends a paragraph; returns the line of its first line."""
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    path.write_text(text + new.strip("\n") + "\n", encoding="utf-8")
    return text.count("\n") + 1
