#!/usr/bin/env python3
"""List the PromQL of every panel of the meshcert Grafana dashboards, as expressions Prometheus can evaluate.

    python3 dashboards/list-panel-queries.py                      every expression, one per line
    python3 dashboards/list-panel-queries.py --must-return-data   only those that must return data on a
                                                                  scraped exporter (see below)
    python3 dashboards/list-panel-queries.py --format tsv         uid, panel, refId, may_be_empty, expression
    python3 dashboards/list-panel-queries.py --promtool           check that every expression parses (promtool)
    python3 dashboards/list-panel-queries.py --markdown           render PANELS.md to stdout
    python3 dashboards/list-panel-queries.py --check-markdown     exit 1 if dashboards/PANELS.md is stale

Grafana variables are replaced so the result is plain PromQL: $__rate_interval, $__interval and $__range become
5m (their _s/_ms forms 300 / 300000), every dashboard variable (multi-value, "All" = .*) becomes .* . Variables
may only appear in regex matchers (=~, !~); the script refuses `="$var"`, where .* would not mean "all".

A panel that sets fieldConfig.defaults.noValue (the text Grafana shows instead of "No data", e.g. "No chain
verification errors") may legitimately be empty on a healthy mesh; every other expression must return data once
the exporter has been scraped twice, has read a certificate and mesh traffic (from any mesh input), and the
recording rules of alerts/meshcert.rules.yml are loaded.

Before listing, each dashboard is checked: fixed uid, schemaVersion 39, a `datasource` variable of type
datasource/prometheus, and every panel and target on ${datasource}. Exit status 2 when a check fails.
"""

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

DASHBOARDS_DIR = Path(__file__).resolve().parent
DASHBOARDS = {
    "meshcert-mesh-mtls.json": "meshcert-mesh-mtls",
    "meshcert-certificate-expiry.json": "meshcert-cert-expiry",
}
PANELS_MD = DASHBOARDS_DIR / "PANELS.md"
DATASOURCE_REF = "${datasource}"
BUILTINS = {
    "__rate_interval": "5m", "__interval": "5m", "__range": "5m",
    "__interval_ms": "300000", "__range_s": "300", "__range_ms": "300000",
}
VARIABLE = re.compile(r"\$\{(\w+)(?::[^}]*)?\}|\[\[(\w+)(?::[^\]]*)?\]\]|\$(\w+)")
MATCHER = re.compile(r'(\w+)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"')


class Query:
    def __init__(self, uid, title, panel, ref, expr, may_be_empty, description):
        self.uid, self.title, self.panel, self.ref = uid, title, panel, ref
        self.expr, self.may_be_empty, self.description = expr, may_be_empty, description


def walk(panels):
    for panel in panels:
        yield panel
        yield from walk(panel.get("panels") or [])


def load(path, uid, problems):
    board = json.loads(path.read_text(encoding="utf-8"))
    where = path.name
    if board.get("uid") != uid:
        problems.append(f"{where}: uid is {board.get('uid')!r}, expected {uid!r}")
    if board.get("schemaVersion") != 39:
        problems.append(f"{where}: schemaVersion is {board.get('schemaVersion')!r}, expected 39")
    variables = {v["name"]: v for v in board.get("templating", {}).get("list", [])}
    ds = variables.get("datasource")
    if not ds or ds.get("type") != "datasource" or ds.get("query") != "prometheus":
        problems.append(f"{where}: no `datasource` variable of type datasource/prometheus")
    for name, variable in variables.items():
        if variable.get("type") == "query" and (variable.get("datasource") or {}).get("uid") != DATASOURCE_REF:
            problems.append(f"{where}: variable {name} does not query {DATASOURCE_REF}")

    queries = []
    for panel in walk(board.get("panels", [])):
        title = panel.get("title", "<untitled>")
        if (panel.get("datasource") or {}).get("uid") != DATASOURCE_REF:
            problems.append(f"{where}: panel {title!r} does not use {DATASOURCE_REF}")
        if panel.get("type") == "row":
            continue
        if not panel.get("description"):
            problems.append(f"{where}: panel {title!r} has no description (what it answers)")
        may_be_empty = "noValue" in (panel.get("fieldConfig") or {}).get("defaults", {})
        for target in panel.get("targets", []):
            if (target.get("datasource") or {}).get("uid") != DATASOURCE_REF:
                problems.append(f"{where}: panel {title!r} target {target.get('refId')} does not use {DATASOURCE_REF}")
            if target.get("expr"):
                queries.append(Query(uid, board.get("title", uid), title, target.get("refId", ""),
                                     target["expr"], may_be_empty, panel.get("description", "")))
    return variables, queries


def substitute(expr, variables, where, problems):
    for label, op, value in MATCHER.findall(expr):
        if op in ("=", "!=") and VARIABLE.search(value):
            problems.append(f"{where}: {label}{op}\"{value}\" uses a variable outside a regex matcher")

    def replace(match):
        name = match.group(1) or match.group(2) or match.group(3)
        if name in BUILTINS:
            return BUILTINS[name]
        variable = variables.get(name)
        if variable is None or variable.get("type") == "datasource":
            problems.append(f"{where}: unknown variable ${name}")
            return match.group(0)
        if variable.get("type") in ("constant", "textbox"):
            return str(variable.get("query", ""))
        return ".*"

    return VARIABLE.sub(replace, expr)


def one_line(expr):
    return re.sub(r"\s+", " ", expr).strip()


def tidy(expr):
    return re.sub(r"\s+\)", ")", re.sub(r"\(\s+", "(", one_line(expr)))


def markdown(queries):
    out = ["# Dashboard panels", "",
           "Generated by `python3 dashboards/list-panel-queries.py --markdown` from the panels' queries and",
           "descriptions; edit the mixin (mixin/dashboards/), not this file or the dashboards, which mixin/generate.sh",
           "writes. `$__rate_interval`, `$cluster`, `$job`, `$instance`, `$namespace`, `$source` and `$layer` are Grafana",
           "variables. Panels marked *(may be empty)* can have nothing to show on a healthy mesh and then say so (their",
           "`noValue` text, e.g. \"No chain verification errors\"). Stat panels count a certificate once, by fingerprint.",
           ""]
    current = None
    for q in queries:
        if q.uid != current:
            current = q.uid
            out += ["", f"## {q.title} (`{q.uid}`)", "", "| Panel | PromQL | What it answers |", "|---|---|---|"]
            seen = set()
        if (q.uid, q.panel) in seen:
            continue
        seen.add((q.uid, q.panel))
        exprs = [tidy(p.expr) for p in queries if p.uid == q.uid and p.panel == q.panel]
        cell = "<br>".join("`" + e.replace("|", "\\|") + "`" for e in exprs)
        title = q.panel + (" *(may be empty)*" if q.may_be_empty else "")
        description = q.description.replace("|", "\\|")
        out.append(f"| {title} | {cell} | {description} |")
    return "\n".join(out).replace("\n\n\n", "\n\n") + "\n"


def promtool_check(exprs):
    promtool = shutil.which("promtool")
    if not promtool:
        print("promtool not found", file=sys.stderr)
        return 2
    rules = {"groups": [{"name": "dashboard-panels",
                         "rules": [{"record": f"panel:query_{i}:check", "expr": e} for i, e in enumerate(exprs)]}]}
    with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as handle:
        json.dump(rules, handle)  # JSON is YAML
    result = subprocess.run([promtool, "check", "rules", handle.name], capture_output=True, text=True)
    Path(handle.name).unlink()
    sys.stdout.write(result.stdout.replace(handle.name, "dashboard panel queries"))
    sys.stderr.write(result.stderr.replace(handle.name, "dashboard panel queries"))
    return result.returncode


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--must-return-data", action="store_true",
                        help="only expressions of panels without a noValue text")
    parser.add_argument("--format", choices=["lines", "tsv"], default="lines")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--markdown", action="store_true", help="print PANELS.md")
    mode.add_argument("--check-markdown", action="store_true", help="exit 1 if PANELS.md is not up to date")
    mode.add_argument("--promtool", action="store_true", help="check every expression with promtool")
    args = parser.parse_args()

    problems, queries, substituted = [], [], []
    for file, uid in DASHBOARDS.items():
        variables, found = load(DASHBOARDS_DIR / file, uid, problems)
        for q in found:
            where = f"{file}: panel {q.panel!r} {q.ref}"
            substituted.append((q, one_line(substitute(q.expr, variables, where, problems))))
        queries += found
    for q, expr in substituted:
        if "$" in expr:
            problems.append(f"{q.uid}: panel {q.panel!r} {q.ref}: unreplaced variable in {expr}")
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        return 2

    if args.markdown:
        sys.stdout.write(markdown(queries))
        return 0
    if args.check_markdown:
        if PANELS_MD.exists() and PANELS_MD.read_text(encoding="utf-8") == markdown(queries):
            print("PANELS.md is up to date")
            return 0
        print("PANELS.md is out of date: python3 dashboards/list-panel-queries.py --markdown > dashboards/PANELS.md",
              file=sys.stderr)
        return 1

    selected = [(q, e) for q, e in substituted if not (args.must_return_data and q.may_be_empty)]
    if args.promtool:
        return promtool_check([e for _, e in selected])
    for q, expr in selected:
        if args.format == "tsv":
            print("\t".join([q.uid, q.panel, q.ref, "may_be_empty" if q.may_be_empty else "must_return_data", expr]))
        else:
            print(expr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
