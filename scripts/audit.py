"""Lighthouse audit (`make audit`): four category scores, mobile, target ≥ 0.95.

The budget of issue 15, "Lighthouse mobile performance ≥ 0.95 on the full
record", is the performance column of the full record's rows (one page,
however long, in each language).

    make audit                                  # after `make build`, audits site/
    SITE_DIR=/tmp/x-site .venv/bin/python scripts/audit.py   # another build
    .venv/bin/python scripts/audit.py --runs 3 --only record  # median of 3, some pages

Serves the built site on 127.0.0.1, gzip-compressed like a production host,
and runs Lighthouse (Node) with Debian's
chromium on the home page, the latest meeting's summary and full record, in
French and in English, one page after another (Lighthouse's mobile preset:
simulated slow 4G and a 4x slower CPU; scores move a little from run to run,
more when the machine is busy: `--runs N` audits each page N times and keeps
the median). Prints a Markdown table with the blocking time, and, for every score
under 1, the audits that lose points, with the elements or URLs they name.
JSON and HTML reports are kept in .cache/lighthouse/reports/. Exit status 1
if a score is under the target.

Lighthouse is not in package.json: it weighs ~150 npm packages and only this
command uses it, so `make test` (npm ci) stays quick. It is installed on first
use into .cache/lighthouse/, at the exact version below (12.2.3: the newest
that runs on Debian's Node 20).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from scripts.bench import CHROMIUM, CHROMIUM_ARGS, Server  # noqa: E402

LIGHTHOUSE = "12.2.3"
PREFIX = ROOT / ".cache" / "lighthouse"
BIN = PREFIX / "node_modules" / ".bin" / "lighthouse"
REPORTS = PREFIX / "reports"
TARGET = 0.95
CATEGORIES = [("performance", "Performance"), ("accessibility", "Accessibility"),
              ("best-practices", "Best practices"), ("seo", "SEO")]


def log(msg: str) -> None:
    print(f"[audit] {msg}", file=sys.stderr, flush=True)


def install() -> Path:
    """Lighthouse at the pinned version in .cache/lighthouse (once)."""
    package = PREFIX / "node_modules" / "lighthouse" / "package.json"
    if BIN.exists() and package.exists() and json.loads(package.read_text())["version"] == LIGHTHOUSE:
        return BIN
    log(f"installing lighthouse {LIGHTHOUSE} into {PREFIX.relative_to(ROOT)} (once)")
    PREFIX.mkdir(parents=True, exist_ok=True)
    subprocess.run(["npm", "install", "--prefix", str(PREFIX), "--no-audit", "--no-fund",
                    "--silent", "-E", f"lighthouse@{LIGHTHOUSE}"], check=True)
    return BIN


def pages(site: Path) -> list[tuple[str, str]]:
    """(label, path) of the audited pages, in both languages: home, and the latest
    meeting's summary (bilan/, or the meeting's page before summaries had their
    own) and full record (one page)."""
    dates = sorted(p.name for p in (site / "reunions").glob("*")
                   if re.fullmatch(r"\d{4}-\d{2}-\d{2}", p.name) and (p / "index.html").exists())
    out = []
    for lang, prefix in (("fr", ""), ("en", "en/")):
        out.append((f"home ({lang})", prefix))
        if not dates:
            continue
        meeting = site / prefix / "reunions" / dates[-1]
        summary = meeting / "bilan" if (meeting / "bilan" / "index.html").exists() else meeting
        out.append((f"summary {dates[-1]} ({lang})", summary.relative_to(site).as_posix() + "/"))
        if (meeting / "compte-rendu" / "index.html").exists():
            out.append((f"full record {dates[-1]} ({lang})",
                        (meeting / "compte-rendu").relative_to(site).as_posix() + "/"))
    return out


def run_lighthouse(binary: Path, url: str, out: Path) -> dict:
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    cmd = [str(binary), url, "--quiet", "--output=json", "--output=html", f"--output-path={out}",
           "--only-categories=" + ",".join(c for c, _ in CATEGORIES),
           "--chrome-flags=" + " ".join(a for a in CHROMIUM_ARGS)]
    run = subprocess.run(cmd, env=env, capture_output=True, text=True)
    report = out.with_name(out.name + ".report.json")
    if run.returncode != 0 or not report.exists():
        raise SystemExit(f"lighthouse failed on {url} ({run.returncode}):\n{run.stderr[-3000:]}")
    return json.loads(report.read_text(encoding="utf-8"))


def _details(audit: dict, limit: int = 4) -> list[str]:
    """A few elements or URLs an audit names, to know what to fix."""
    items = (audit.get("details") or {}).get("items") or []
    out = []
    for item in items[:limit]:
        node = item.get("node") if isinstance(item, dict) else None
        if isinstance(node, dict):
            out.append(f"{node.get('selector', '')} {node.get('snippet', '')[:160]}".strip())
        elif isinstance(item, dict):
            bits = [str(item[k])[:160] for k in ("url", "source", "description", "label", "value")
                    if item.get(k) not in (None, "")]
            where = item.get("sourceLocation") or {}
            if where.get("url"):
                bits.append(where["url"][:160])
            out.append(" ".join(bits) or json.dumps(item)[:160])
    if len(items) > limit:
        out.append(f"… {len(items) - limit} more")
    return out


def losing_audits(report: dict) -> list[str]:
    """Each audit that costs a category points: weight, score, value, what it names."""
    lines = []
    for key, name in CATEGORIES:
        cat = report["categories"].get(key)
        if not cat or cat.get("score") is None or cat["score"] >= 1:
            continue
        for ref in cat["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight", 0) <= 0 or audit.get("score") is None or audit["score"] >= 1:
                continue
            value = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
            lines.append(f"{name}: {audit['title']}{value} — score {audit['score']:.2f}, weight {ref['weight']}")
            lines += [f"    {d}" for d in _details(audit)]
    return lines


def median_run(reports: list[dict]) -> dict:
    """The run whose performance score is the median one (its audits explain it)."""
    ranked = sorted(reports, key=lambda r: r["categories"]["performance"]["score"] or 0)
    return ranked[(len(ranked) - 1) // 2]


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--site", type=Path, default=Path(os.environ.get("SITE_DIR", ROOT / "site")),
                    help="built site to audit (default: $SITE_DIR or site/)")
    ap.add_argument("--runs", type=int, default=1,
                    help="audit each page N times and report the median scores (default 1)")
    ap.add_argument("--only", default="",
                    help="audit only the pages whose label contains this text (e.g. record, en)")
    ap.add_argument("--reports", type=Path, default=REPORTS,
                    help=f"where the JSON and HTML reports go (default {REPORTS.relative_to(ROOT)})")
    args = ap.parse_args(argv)
    site = args.site.resolve()
    if not (site / "index.html").exists():
        print(f"{site} has no index.html: run `make build` first", file=sys.stderr)
        return 2
    binary = install()
    reports = args.reports.resolve()
    reports.mkdir(parents=True, exist_ok=True)
    server = Server(site, compress=True)
    rows, problems, report = [], [], {}
    try:
        for label, path in pages(site):
            if args.only not in label:
                continue
            url = server.url + path
            name = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
            runs = []
            for i in range(max(1, args.runs)):
                log(f"{label}: {url}" + (f" (run {i + 1}/{args.runs})" if args.runs > 1 else ""))
                runs.append(run_lighthouse(binary, url, reports / (name if i == 0 else f"{name}-run{i + 1}")))
            report = median_run(runs)
            scores = [statistics.median(r["categories"][key]["score"] or 0 for r in runs) for key, _ in CATEGORIES]
            tbt = statistics.median(r["audits"]["total-blocking-time"]["numericValue"] for r in runs)
            perf = sorted(r["categories"]["performance"]["score"] or 0 for r in runs)
            index = statistics.median(r.get("environment", {}).get("benchmarkIndex") or 0 for r in runs)
            rows.append((label, scores, tbt, perf, index))
            lost = losing_audits(report)
            if lost:
                problems.append((label, lost))
    finally:
        server.close()
    version = rows and report.get("lighthouseVersion", LIGHTHOUSE)
    runs_note = f", median of {args.runs} runs" if args.runs > 1 else ""
    print(f"Lighthouse {version}, mobile, {site} served on 127.0.0.1{runs_note} (target ≥ {TARGET})\n")
    print("| Page | " + " | ".join(n for _, n in CATEGORIES) + " | | TBT | CPU index |")
    print("| --- |" + " ---: |" * len(CATEGORIES) + " --- | ---: | ---: |")
    failed = False
    for label, scores, tbt, perf, index in rows:
        ok = all(s is not None and s >= TARGET for s in scores)
        failed |= not ok
        cells = " | ".join("n/a" if s is None else f"{s:.2f}" for s in scores)
        print(f"| {label} | {cells} | {'PASS' if ok else 'FAIL'} | {tbt:.0f} ms | {index:.0f} |")
    if args.runs > 1:
        print("\nPerformance, every run: " + "; ".join(
            f"{label} {' '.join(f'{p:.2f}' for p in perf)}" for label, _, _, perf, _ in rows))
    print("\nTBT: Total Blocking Time (Lighthouse's simulated mid-range phone). CPU index: Lighthouse's"
          "\nbenchmarkIndex of the machine during the run; a busy or slow machine scores lower and its"
          "\nperformance scores are lower too: compare like with like (`uptime`), use --runs 3 when busy.")
    for label, lost in problems:
        print(f"\nPoints lost on {label}" + (" (median run)" if args.runs > 1 else "") + ":")
        for line in lost:
            print(f"  {line}")
    print(f"\nReports: {reports.relative_to(ROOT) if reports.is_relative_to(ROOT) else reports}/")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
