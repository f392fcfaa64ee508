"""Building the same commit twice gives byte-identical site/ folders.

Two fresh clones of HEAD, in two different folders, each built by
`make build` (which takes SOURCE_DATE_EPOCH from the last commit), PDFs and
search index included. The two builds run side by side, a few seconds apart,
under time zones 26 hours apart (UTC-12 and UTC+14), so any date or time
taken from the clock, or local time instead of UTC, shows up as a difference.
"""
from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from project_copy import READY, ROOT


def _clone(dest: Path) -> Path:
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(dest)], check=True, timeout=300)
    (dest / READY).parent.mkdir(exist_ok=True)
    (dest / READY).touch()  # the packages are those of this Python: install nothing
    return dest


def _start_build(root: Path, tz: str) -> subprocess.Popen:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", TZ=tz)
    env.pop("SOURCE_DATE_EPOCH", None)  # the Makefile sets it from git
    return subprocess.Popen(
        ["make", "--no-print-directory", "build", f"PY={sys.executable}", f"VENV={READY}"],
        cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def test_two_builds_of_one_commit_are_identical(tmp_path):
    if not shutil.which("git") or not (ROOT / ".git").exists():
        pytest.skip("needs the project's git repository (dates come from git)")
    a, b = _clone(tmp_path / "a"), _clone(tmp_path / "build-b")
    first = _start_build(a, "Etc/GMT+12")
    time.sleep(3)
    second = _start_build(b, "Etc/GMT-14")
    for proc in (first, second):
        out, _ = proc.communicate(timeout=1800)
        assert proc.returncode == 0, out[-3000:]
    site_a, site_b = a / "site", b / "site"
    files_a, files_b = _files(site_a), _files(site_b)
    assert files_a == files_b, f"only in one build: {sorted(files_a ^ files_b)}"
    assert any(f.endswith(".pdf") for f in files_a) and "sitemap.xml.gz" in files_a
    differ = sorted(f for f in files_a if not filecmp.cmp(site_a / f, site_b / f, shallow=False))
    assert not differ, f"{len(differ)} files differ between the two builds: {differ[:30]}"
