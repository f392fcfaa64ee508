"""Building the same commit twice gives byte-identical site/ folders.

Two fresh clones of HEAD, in two different folders, each built by
`make build` (which takes SOURCE_DATE_EPOCH from the last commit), PDFs and
search index included. The two builds run side by side, a few seconds apart,
under time zones 26 hours apart (UTC-12 and UTC+14), so any date or time
taken from the clock, or local time instead of UTC, shows up as a difference.

One exception, Pagefind's own: it writes its filter and metadata indexes from
a hash map, in an order that changes from run to run (Pagefind issue #638:
"other files will still change, such as the filter/metadata indexes"), and
names them by their hash. Those files must hold the same bytes in another
order (compared decompressed and sorted), and nothing else may differ.
"""
from __future__ import annotations

import filecmp
import gzip
import os
import re
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


# Pagefind's indexes written in a run-dependent order, named by their hash
UNORDERED = re.compile(r"pagefind/(?:filter/(\w+)_\w+\.pf_filter|pagefind\.(\w+)_\w+\.pf_meta)")
ENTRY = "pagefind/pagefind-entry.json"


def _unordered(site: Path, files: set[str]) -> dict[str, list[bytes]]:
    """{kind and language: the sorted bytes of each of Pagefind's unordered indexes}."""
    out: dict[str, list[bytes]] = {}
    for f in sorted(files):
        m = UNORDERED.fullmatch(f)
        if m:
            key = ("filter " + m.group(1)) if m.group(1) else ("meta " + m.group(2))
            data = gzip.decompress((site / f).read_bytes())
            data = re.sub(rb"[a-z]{2}_[0-9a-f]{7}", b"HASH", data)   # the metadata names the filters' files
            out.setdefault(key, []).append(bytes(sorted(data)))
    return {k: sorted(v) for k, v in out.items()}


def _entry_shape(site: Path) -> str:
    return re.sub(r"_[0-9a-f]{6,}", "_HASH", (site / ENTRY).read_text(encoding="utf-8"))


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
    assert _unordered(site_a, files_a) == _unordered(site_b, files_b), "Pagefind's filter or metadata indexes differ"
    assert _entry_shape(site_a) == _entry_shape(site_b)
    files_a = {f for f in files_a if not UNORDERED.fullmatch(f) and f != ENTRY}
    files_b = {f for f in files_b if not UNORDERED.fullmatch(f) and f != ENTRY}
    assert files_a == files_b, f"only in one build: {sorted(files_a ^ files_b)}"
    assert any(f.endswith(".pdf") for f in files_a) and "sitemap.xml.gz" in files_a
    differ = sorted(f for f in files_a if not filecmp.cmp(site_a / f, site_b / f, shallow=False))
    assert not differ, f"{len(differ)} files differ between the two builds: {differ[:30]}"
