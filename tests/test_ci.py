"""Supply-chain rules for CI and dependencies, checked on the files themselves.

Workflows cannot run here; what makes them safe can be read: every action
pinned to a full commit SHA (with its version in a comment), a read-only
token by default and write access only where the deployment needs it, no
pull_request_target, no credentials left in the checkout. Python packages:
every one pinned and hashed, and the same direct pins as requirements.in.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.y*ml"))
USES = re.compile(r"^\s*(?:-\s*)?uses:\s*(\S+)(.*)$", re.M)


def _load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    return data


def test_there_are_workflows():
    assert WORKFLOWS, "no workflow in .github/workflows"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_by_commit(path):
    text = path.read_text(encoding="utf-8")
    uses = USES.findall(text)
    assert uses
    for ref, comment in uses:
        if ref.startswith("./"):
            continue  # an action of this repository
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", ref), f"{path.name}: {ref} is not pinned by commit"
        assert re.search(r"#\s*v\d", comment), f"{path.name}: {ref} has no '# vX.Y.Z' version comment"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege(path):
    wf = _load(path)
    assert "pull_request_target" not in (wf["on"] or {}), f"{path.name} uses pull_request_target"
    assert wf.get("permissions") == {"contents": "read"}, f"{path.name}: top-level permissions must be contents: read"
    for name, job in wf["jobs"].items():
        perms = job.get("permissions", {})
        writes = {k for k, v in perms.items() if v == "write"}
        assert writes <= {"pages", "id-token"}, f"{path.name}: job {name} writes {writes}"
        if writes:
            assert not any("actions/checkout" in s.get("uses", "") for s in job.get("steps", [])), \
                f"{path.name}: job {name} has write access and checks out code"
        for step in job.get("steps", []):
            if "actions/checkout" in step.get("uses", ""):
                assert step.get("with", {}).get("persist-credentials") is False, \
                    f"{path.name}: job {name} keeps the token in the checkout"


def test_pull_requests_test_and_attach_the_site_main_deploys():
    wf = _load(ROOT / ".github/workflows/site.yml")
    assert "pull_request" in wf["on"] and wf["on"]["push"]["branches"] == ["main"]
    assert "concurrency" in wf
    steps = wf["jobs"]["test"]["steps"]
    assert any(s.get("run") == "make test" for s in steps)
    uploads = {s["uses"].split("@")[0]: s for s in steps if "uses" in s}
    assert uploads["actions/upload-artifact"]["with"]["path"] == "site/"
    assert uploads["actions/upload-pages-artifact"]["with"]["path"] == "site/"
    deploy = wf["jobs"]["deploy"]
    assert deploy["needs"] == "test" and deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["steps"][-1]["uses"].startswith("actions/deploy-pages@")


def test_pull_requests_attach_a_preview_with_drafts_main_publishes_without():
    """Drafts (status: draft) are in the pull-request artefact (make preview,
    DRAFTS=1), never in what is deployed."""
    wf = _load(ROOT / ".github/workflows/site.yml")
    steps = wf["jobs"]["test"]["steps"]
    at = {s.get("run") or s.get("uses", "").split("@")[0]: i for i, s in enumerate(steps)}
    preview = steps[at["make preview"]]
    assert at["make test"] < at["make preview"] < at["actions/upload-artifact"]
    assert "github.event_name == 'pull_request'" in preview["if"]
    pages = steps[at["actions/upload-pages-artifact"]]
    assert "github.event_name != 'pull_request'" in pages["if"], "the Pages site could hold a preview"
    assert "DRAFTS" not in str(wf.get("env", {})) + str(wf["jobs"]["test"].get("env", {})), \
        "DRAFTS set for the whole job: the deployed site would show drafts"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^preview:.*\n\tDRAFTS=1 \$\(MAKE\)[^\n]* build$", makefile, re.M)


def test_the_pdfs_of_the_last_run_are_kept_between_runs():
    """.cache/pdf/ is restored before the first build, under a key that changes with
    every source of a PDF, falling back to the newest earlier cache."""
    wf = _load(ROOT / ".github/workflows/site.yml")
    steps = wf["jobs"]["test"]["steps"]
    at = {s.get("run") or s.get("uses", "").split("@")[0]: i for i, s in enumerate(steps)}
    cache = steps[at["actions/cache"]]
    assert at["actions/checkout"] < at["actions/cache"] < at["make test"]
    assert cache["with"]["path"] == ".cache/pdf"
    key = cache["with"]["key"]
    for source in ("docs/**", "data/**", "overrides/**", "hooks/**", "requirements.txt"):
        assert f"'{source}'" in key, f"the cache key ignores {source}"
    assert key.startswith(cache["with"]["restore-keys"])
    assert (ROOT / "hooks" / "pdf.py").read_text(encoding="utf-8").count('ROOT / ".cache" / "pdf"') == 1


def test_dependabot_watches_pip_and_actions():
    config = yaml.safe_load((ROOT / ".github/dependabot.yml").read_text(encoding="utf-8"))
    ecosystems = {u["package-ecosystem"] for u in config["updates"]}
    assert {"pip", "github-actions"} <= ecosystems


def _pins(text: str) -> dict[str, str]:
    """{normalised name: version} of the `name==version` lines."""
    out = {}
    for m in re.finditer(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s\\;]+)", text, re.M):
        out[re.sub(r"[-_.]+", "-", m.group(1)).lower()] = m.group(2)
    return out


def test_requirements_are_pinned_and_hashed():
    txt = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    blocks = re.split(r"\n(?=[A-Za-z0-9])", txt.split("\n", 1)[1] if txt.startswith("#") else txt)
    packages = [b for b in blocks if b.strip() and not b.startswith("#")]
    assert packages
    for block in packages:
        assert re.match(r"[A-Za-z0-9_.\-]+==\S+", block), f"not an exact pin: {block.splitlines()[0]}"
        assert "--hash=sha256:" in block, f"no hash for {block.splitlines()[0]} (run `make lock`)"
    direct, locked = _pins((ROOT / "requirements.in").read_text(encoding="utf-8")), _pins(txt)
    for name, version in direct.items():
        assert locked.get(name) == version, \
            f"requirements.in pins {name}=={version}, requirements.txt has {locked.get(name)}: run `make lock`"
