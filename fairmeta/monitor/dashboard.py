"""``fairmeta dashboard``: the monitoring history of one database as one self-contained page.

Every run's publications (facets, availability, statements, links with their provenance and
evidence) and outputs (repository, PID, licence, FAIR scores per principle, findings, harvest
evidence) go into the page, so that its filters recompute every view, trends across runs included.
"""

from __future__ import annotations

import json
import sqlite3
from html import escape

from fairmeta.monitor.run import finding_code, indicators, repository_of, rows_of
from fairmeta.monitor.statements import CATEGORIES
from fairmeta.reporters.dashboard import SEVERITIES, Strings, page, rule_info

LETTERS = ("F", "A", "I", "R")


def _principle_names(db: sqlite3.Connection) -> list[str]:
    names: set[str] = set()
    for (principles,) in db.execute("SELECT principles FROM results"):
        names.update(json.loads(principles or "{}"))
    return [*LETTERS, *sorted(n for n in names if n not in LETTERS)]


def monitor_data(db: sqlite3.Connection) -> dict[str, object]:
    """The dashboard's data of every run in the database, columnar."""
    strings = Strings()
    runs = [
        {"id": run, "started": started or "", "finished": finished or "", "tool": tool or ""}
        for run, started, finished, tool in db.execute(
            "SELECT id, started, finished, tool_version FROM runs ORDER BY id"
        )
    ]
    principles = _principle_names(db)
    outputs: dict[str, list[object]] = {
        k: [] for k in ("run", "id", "kind", "repo", "pid", "lic", "score", "p", "profiles", "errors", "harvest")
    }
    findings: dict[str, list[int]] = {k: [] for k in ("out", "code", "sev", "msg", "where", "fix")}
    out_index: dict[tuple[int, str], int] = {}
    codes: set[str] = set()
    for run, identifier, kind, percent, by_principle, stored, harvested in db.execute(
        "SELECT o.run, o.identifier, o.kind, r.percent, r.principles, r.findings, r.harvested FROM outputs o "
        "LEFT JOIN results r ON r.run = o.run AND r.output = o.identifier ORDER BY o.run, o.identifier"
    ):
        position = out_index[(run, identifier)] = len(out_index)
        meta = json.loads(harvested) if harvested else {}
        scores = json.loads(by_principle) if by_principle else {}
        outputs["run"].append(run)
        outputs["id"].append(strings(identifier))
        outputs["kind"].append(strings(kind))
        outputs["repo"].append(strings(repository_of(identifier)))
        outputs["pid"].append(0 if identifier.startswith("http") else 1)
        outputs["lic"].append(1 if meta.get("license") else 0)
        outputs["score"].append(None if percent is None else round(percent, 1))
        outputs["p"].append([None if scores.get(p) is None else round(scores[p], 1) for p in principles])
        outputs["profiles"].append([strings(p) for p in meta.get("profiles", [])])
        outputs["errors"].append(len(meta.get("errors", [])))
        outputs["harvest"].append(strings(json.dumps(meta, sort_keys=True)) if meta else -1)
        for item in json.loads(stored) if stored else []:
            whole = item if isinstance(item, dict) else {}
            code = finding_code(item)
            codes.add(code)
            findings["out"].append(position)
            findings["code"].append(strings(code))
            findings["sev"].append(SEVERITIES.index(whole.get("severity", "error")))
            findings["msg"].append(strings(whole.get("message", "")))
            findings["where"].append(strings(whole.get("where", "")))
            findings["fix"].append(strings(whole.get("fix", "")))
    publications: dict[str, list[object]] = {
        k: [] for k in ("run", "key", "title", "year", "labels", "journal", "od", "oc", "cat", "outs", "links", "stmts")
    }
    for run in (r["id"] for r in runs):
        assert isinstance(run, int)
        _add_publications(db, run, publications, out_index, strings)
    return {
        "mode": "monitor",
        "runs": runs,
        "principles": principles,
        "categories": list(CATEGORIES),
        "publications": publications,
        "outputs": outputs,
        "findings": findings,
        "rules": rule_info(codes),
        "strings": strings.values,
    }


def _add_publications(
    db: sqlite3.Connection,
    run: int,
    columns: dict[str, list[object]],
    out_index: dict[tuple[int, str], int],
    strings: Strings,
) -> None:
    """One run's publications into ``columns``: the export's row, plus statements and links."""
    titles = dict(db.execute("SELECT key, title FROM publications WHERE run = ?", (run,)))
    links: dict[str, list[list[int]]] = {}
    for publication, output, provenance, evidence in db.execute(
        "SELECT publication, output, provenance, evidence FROM links WHERE run = ? ORDER BY publication, output, provenance",
        (run,),
    ):
        if (run, output) in out_index:
            links.setdefault(publication, []).append(
                [out_index[(run, output)], strings(provenance), strings(evidence or "")]
            )
    statements: dict[str, list[list[int]]] = {}
    for publication, text, category, location in db.execute(
        "SELECT publication, text, category, location FROM statements WHERE run = ? ORDER BY publication, position",
        (run,),
    ):
        index = CATEGORIES.index(category) if category in CATEGORIES else CATEGORIES.index("none")
        statements.setdefault(publication, []).append([strings(text), index, strings(location or "")])
    for row in rows_of(db, run):
        key = str(row["publication"])
        columns["run"].append(run)
        columns["key"].append(strings(key))
        columns["title"].append(strings(titles.get(key) or ""))
        columns["year"].append(row["year"])
        columns["labels"].append([strings(label) for label in str(row.get("labels") or "").split("|") if label])
        columns["journal"].append(strings(str(row.get("journal") or "")))
        columns["od"].append(1 if row["open_data"] else 0)
        columns["oc"].append(1 if row["open_code"] else 0)
        columns["cat"].append(CATEGORIES.index(str(row["data_statement"])))
        mine = links.get(key, [])
        columns["outs"].append(sorted({link[0] for link in mine}))
        columns["links"].append(mine)
        columns["stmts"].append(statements.get(key, []))


def monitor_static(db: sqlite3.Connection) -> str:
    """The overview without scripts: each run's indicators."""
    out = [
        '<div class="scroll"><table><thead><tr><th>Run</th><th>Started</th><th class="num">Publications</th>'
        '<th class="num">With a data statement</th><th class="num">Open data</th><th class="num">Open code</th>'
        "</tr></thead><tbody>"
    ]
    for run, started in db.execute("SELECT id, started FROM runs ORDER BY id").fetchall():
        overall = indicators(rows_of(db, run))["overall"]
        assert isinstance(overall, dict)
        out.append(
            f"<tr><td>{run}</td><td>{escape(str(started or ''))}</td><td class='num'>{overall['publications']}</td>"
            f"<td class='num'>{overall['with_statement']}</td><td class='num'>{overall['open_data']}</td>"
            f"<td class='num'>{overall['open_code']}</td></tr>"
        )
    out.append("</tbody></table></div>")
    return "".join(out)


def dashboard_page(db: sqlite3.Connection, title: str = "fairmeta monitoring") -> str:
    """The whole page."""
    return page(monitor_data(db), title, monitor_static(db))
