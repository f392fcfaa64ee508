"""The accessibility statement and the footer, computed from the RGAA audit grid.

data/accessibilite/grille.yml holds the audit: the 106 RGAA 4.1.2 criteria,
each with its result (C, NC, NA) on every page of the sample, in French and
in English. This hook reads and checks it once per build (a mistake fails the
build, naming the file and line), then:

- computes the RGAA's figures (RGAA 4.1, « Obligations », « Taux de
  conformité ») — the rate of criteria met: a criterion is met when it is C on
  every page where it applies (NC on one page: not met; NA everywhere: not
  applicable), rate = met / (met + not met); the average rate: the mean of
  the pages' own rates C / (C + NC);
- gives the footer its wording for that rate (config.extra.accessibility,
  overrides/partials/copyright.html): « totalement conforme » at 100 %,
  « partiellement conforme » from 50 %, « non conforme » below 50 % or
  without an audit;
- writes into the statement (docs/accessibilite.LANG.md) what its markers
  stand for: <!-- rgaa-status --> (status, rate, date, auditor),
  <!-- rgaa-remaining --> (the criteria not met, with what does not conform)
  and <!-- rgaa-sample --> (the pages audited).
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from common import DATA, BuildError, page_lang, problem

GRID = DATA / "accessibilite" / "grille.yml"
RESULTS = ("C", "NC", "NA")
LANGS = ("fr", "en")
# Criteria per theme in RGAA 4.1 (and 4.1.2): 1.1…1.9, 2.1…2.2, … 13.1…13.12.
THEMES = (9, 2, 3, 13, 8, 2, 5, 10, 4, 14, 13, 11, 12)
OFFICIAL_IDS = [f"{t}.{n}" for t, count in enumerate(THEMES, 1) for n in range(1, count + 1)]

STATUS = {   # RGAA wording: the footer and the statement
    "full": {"fr": "totalement conforme", "en": "fully compliant"},
    "partial": {"fr": "partiellement conforme", "en": "partially compliant"},
    "none": {"fr": "non conforme", "en": "not compliant"},
}
FOOTER = {"fr": "Accessibilité : {s}", "en": "Accessibility: {s}"}

T = {
    "fr": {
        "status": "Le site est **{s}** au RGAA version 4.1.2 : **{rate} %** des critères applicables sont "
                  "respectés ({met} critères respectés, {failed} non respectés, {na} non applicables sur "
                  "{total}). Le taux moyen de conformité des pages de l'échantillon s'élève à {average} %.",
        "audit": "Audit du {date}, {by}, sur {pages} pages (les {types} pages de l'échantillon, en français "
                 "et en anglais), avec la grille de l'audit conservée dans le dépôt du site "
                 "(`data/accessibilite/grille.yml`) : pour chaque critère, le résultat sur chaque page et la "
                 "façon de le vérifier (test automatique ou vérification manuelle décrite pas à pas).",
        "none": "Tous les critères applicables sont respectés.",
        "pages": "sur {pages}",
        "sample": "{name} : `{fr}` et `{en}`",
        "months": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
                   "octobre", "novembre", "décembre"],
    },
    "en": {
        "status": "The site is **{s}** with RGAA version 4.1.2: **{rate}%** of the applicable criteria are met "
                  "({met} criteria met, {failed} not met, {na} not applicable, out of {total}). The average "
                  "compliance rate of the sample's pages is {average}%.",
        "audit": "Audit of {date}, {by}, on {pages} pages (the {types} pages of the sample, in French and in "
                 "English), with the audit grid kept in the site's repository (`data/accessibilite/grille.yml`): "
                 "for each criterion, its result on each page and how to check it (automated test, or manual "
                 "check described step by step).",
        "none": "Every applicable criterion is met.",
        "pages": "on {pages}",
        "sample": "{name}: `{fr}` and `{en}`",
        "months": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                   "October", "November", "December"],
    },
}


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):   # libyaml: 10 × faster
    """Mappings remember the line they start on (key '__line__')."""


def _mapping(loader, node):
    out = loader.construct_mapping(node, deep=True)
    out["__line__"] = node.start_mark.line + 1
    return out


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def load(path: Path = GRID) -> dict:
    """The grid, checked. BuildError names the file and line of each mistake."""
    def err(line, message: str) -> str:
        return problem(path, line, message, message)

    if not path.is_file():
        raise BuildError([err(None, "the RGAA audit grid is missing: restore data/accessibilite/grille.yml "
                                     "(the accessibility statement and the footer are computed from it)")])
    try:
        grid = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader) or {}
    except yaml.YAMLError as e:
        line = e.problem_mark.line + 1 if getattr(e, "problem_mark", None) else None
        raise BuildError([err(line, f"this file cannot be read as YAML ({getattr(e, 'problem', e)}): keep the "
                                     "indentation and put text containing ': ' in double quotes")]) from None
    problems = []
    audit = grid.get("audit") or {}
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(audit.get("date", ""))):
        problems.append(err(audit.get("__line__"), "audit.date must be the audit's date, YYYY-MM-DD"))
    if not all(isinstance((audit.get("by") or {}).get(lang), str) for lang in LANGS):
        problems.append(err(audit.get("__line__"), "audit.by must say who audited, in French and English: "
                                                    "{fr: …, en: …}"))
    pages = {k: v for k, v in (grid.get("pages") or {}).items() if k != "__line__"}
    if not pages:
        problems.append(err(grid.get("__line__"), "'pages' must list the sample: page: {fr: PATH, en: PATH, "
                                                   "name: {fr: …, en: …}}"))
    for key, page in pages.items():
        if not (isinstance(page, dict) and all(isinstance(page.get(lang), str) for lang in LANGS)
                and all(isinstance((page.get("name") or {}).get(lang), str) for lang in LANGS)):
            line = page.get("__line__") if isinstance(page, dict) else None
            problems.append(err(line, f"page '{key}' needs fr and en paths and a name {{fr: …, en: …}}"))
    criteria = grid.get("criteria") or []
    ids = [str(c.get("id")) for c in criteria if isinstance(c, dict)]
    if ids != OFFICIAL_IDS:
        missing = [i for i in OFFICIAL_IDS if i not in ids]
        extra = [i for i in ids if i not in OFFICIAL_IDS]
        order = "" if missing or extra else " (they are not in the RGAA's order)"
        problems.append(err(grid.get("__line__"), f"'criteria' must hold the 106 RGAA criteria 1.1 … 13.12, in "
                             f"order, once each{order}; missing: {', '.join(missing) or 'none'}; unknown or "
                             f"repeated: {', '.join(extra) or 'none'}"))
    for c in criteria:
        if not isinstance(c, dict):
            problems.append(err(None, f"each criterion is a mapping with id, title, result: got {c!r}"))
            continue
        line, cid = c.get("__line__"), c.get("id")
        for field in ("title", "manual"):
            if not isinstance(c.get(field), str) or not c[field].strip():
                problems.append(err(line, f"criterion {cid}: '{field}' must be a text"))
        if c.get("result") not in RESULTS:
            problems.append(err(line, f"criterion {cid}: result must be C, NC or NA, not {c.get('result')!r}"))
        overrides = c.get("pages") or {}
        for key, value in overrides.items():
            if key == "__line__":
                continue
            if key not in pages:
                problems.append(err(overrides.get("__line__", line), f"criterion {cid}: '{key}' is not a page of "
                                     f"the sample (pages: {', '.join(pages)})"))
            values = [value] if not isinstance(value, dict) else [v for k, v in value.items() if k != "__line__"]
            if isinstance(value, dict) and set(value) - {"__line__"} != set(LANGS) or \
                    any(v not in RESULTS for v in values):
                problems.append(err(overrides.get("__line__", line), f"criterion {cid}, page {key}: write C, NC "
                                     "or NA, or {fr: …, en: …} with one of them for each language"))
        for test in c.get("tests") or []:
            if not re.fullmatch(r"tests/test_\w+\.py(::\w+)?", str(test)):
                problems.append(err(line, f"criterion {cid}: a test is written tests/test_FILE.py::test_NAME, "
                                           f"not {test!r}"))
        failed = any(r == "NC" for r in results(c, pages).values())
        nc = c.get("nc") or {}
        if failed and not all(isinstance(nc.get(lang), str) for lang in LANGS):
            problems.append(err(line, f"criterion {cid} is NC on some page: say what does not conform in "
                                       "'nc: {fr: …, en: …}' (the statement lists it)"))
        if nc and not failed:
            problems.append(err(line, f"criterion {cid} has 'nc' but no page is NC: remove 'nc' or the result"))
    if problems:
        raise BuildError(problems)
    return grid


def results(criterion: dict, pages: dict) -> dict[tuple[str, str], str]:
    """{(page, lang): C|NC|NA} for one criterion on every page of the sample."""
    out = {}
    overrides = criterion.get("pages") or {}
    for page in pages:
        if page == "__line__":
            continue
        value = overrides.get(page, criterion.get("result"))
        for lang in LANGS:
            out[(page, lang)] = value.get(lang) if isinstance(value, dict) else value
    return out


def figures(grid: dict) -> dict:
    """The RGAA's figures: rate of criteria met, average page rate, counts, status."""
    pages = {k: v for k, v in grid["pages"].items() if k != "__line__"}
    met = failed = na = 0
    per_page: dict[tuple[str, str], list[int]] = {}
    remaining = []
    for c in grid["criteria"]:
        found = results(c, pages)
        for key, r in found.items():
            count = per_page.setdefault(key, [0, 0])
            count[0] += r == "C"
            count[1] += r == "NC"
        values = set(found.values())
        if "NC" in values:
            failed += 1
            remaining.append(c)
        elif "C" in values:
            met += 1
        else:
            na += 1
    rate = 100 * met / (met + failed) if met + failed else 0.0
    page_rates = [100 * c / (c + n) for c, n in per_page.values() if c + n]
    average = sum(page_rates) / len(page_rates) if page_rates else 0.0
    status = "full" if met + failed and failed == 0 else "partial" if rate >= 50 else "none"
    return {"met": met, "failed": failed, "na": na, "total": len(grid["criteria"]), "rate": rate,
            "average": average, "status": status, "remaining": remaining, "pages": len(per_page),
            "types": len(pages)}


def percent(value: float, lang: str) -> str:
    """A rate as the statement prints it: one decimal, French comma."""
    text = f"{value:.1f}".removesuffix(".0")
    return text.replace(".", ",") if lang == "fr" else text


# --- MkDocs events -----------------------------------------------------------

_STATE: dict = {}


def on_config(config):
    # static-i18n configures each language's build: the grid is read (slowly:
    # line numbers kept) once, and again only when its text changed
    text = GRID.read_text(encoding="utf-8") if GRID.is_file() else None
    if text is None or _STATE.get("text") != text:
        grid = load()
        _STATE.update(text=text, grid=grid, figures=figures(grid))
    f = _STATE["figures"]
    config.extra["accessibility"] = {lang: FOOTER[lang].format(s=STATUS[f["status"]][lang]) for lang in LANGS}
    return config


def _date(value: str, lang: str) -> str:
    y, m, d = (int(x) for x in value.split("-"))
    day = "1er" if lang == "fr" and d == 1 else str(d)
    return f"{day} {T[lang]['months'][m - 1]} {y}"


def render(marker: str, lang: str) -> str:
    grid, f, t = _STATE["grid"], _STATE["figures"], T[lang]
    if marker == "rgaa-status":
        status = t["status"].format(s=STATUS[f["status"]][lang], rate=percent(f["rate"], lang), met=f["met"],
                                    failed=f["failed"], na=f["na"], total=f["total"],
                                    average=percent(f["average"], lang))
        audit = t["audit"].format(date=_date(str(grid["audit"]["date"]), lang), by=grid["audit"]["by"][lang],
                                  pages=f["pages"], types=f["types"])
        return f"{status}\n\n{audit}"
    if marker == "rgaa-remaining":
        if not f["remaining"]:
            return t["none"]
        pages = {k: v for k, v in grid["pages"].items() if k != "__line__"}
        lines = []
        for c in f["remaining"]:
            where = sorted({pages[p]["name"][lang] for (p, _), r in results(c, pages).items() if r == "NC"})
            lines.append(f"- {c['nc'][lang].rstrip()} — {', '.join(where)}.")
        return "\n".join(lines)
    if marker == "rgaa-sample":
        return "\n".join(f"- " + t["sample"].format(name=p["name"][lang], fr=p["fr"], en=p["en"])
                         for k, p in grid["pages"].items() if k != "__line__")
    raise KeyError(marker)


MARKER = re.compile(r"^[ \t]*<!--[ \t]*(rgaa-status|rgaa-remaining|rgaa-sample)[ \t]*-->[ \t]*$", re.M)


def on_page_markdown(markdown, page, config, files):
    if "<!-- rgaa-" not in markdown:
        return markdown
    if not _STATE:
        on_config(config)
    lang = page_lang(page.file.src_path)
    return MARKER.sub(lambda m: render(m.group(1), lang), markdown)
