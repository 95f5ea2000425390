#!/usr/bin/env python3
"""Write BENCHMARKS.md and its PNG plots from benchmarks/report.sh's results (label, N, value per line).

    render_report.py RESULTS.tsv BENCHMARKS.md MACHINE ENDPOINTS.txt MESH.txt
"""
import sys
from collections import defaultdict
from pathlib import Path

results, out, machine, endpoints, mesh = sys.argv[1:6]
data = defaultdict(dict)
for line in open(results):
    label, n, value = line.rstrip("\n").split("\t")
    try:
        data[label][int(n)] = float(value)
    except ValueError:
        pass
sizes = sorted({n for series in data.values() for n in series})
out_path = Path(out)
plots = out_path.parent / "benchmarks" / "plots"
plots.mkdir(parents=True, exist_ok=True)


def plot(name, title, ylabel, lines, scale=1.0):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    figure, axis = plt.subplots(figsize=(6, 4))
    for label, key in lines:
        xs = [n for n in sizes if n in data[key]]
        axis.plot(xs, [data[key][n] * scale for n in xs], marker="o", label=label)
    axis.set_xscale("log")
    axis.set_xlabel("certificates (N)")
    axis.set_ylabel(ylabel)
    axis.set_title(title)
    axis.grid(True, alpha=0.3)
    axis.legend()
    figure.tight_layout()
    path = plots / f"{name}.png"
    figure.savefig(path, dpi=100)
    plt.close(figure)
    return path.relative_to(out_path.parent)


def cell(key, n, fmt):
    value = data[key].get(n)
    return "—" if value is None else fmt(value)


ms = lambda v: f"{v * 1000:.0f} ms"
sec = lambda v: f"{v:.2f} s"
mb = lambda v: f"{v / 1e6:.1f} MB"
kb_mb = lambda v: f"{v / 1024:.0f} MB"

rows = [
    ("`check --output json`", "files.check_s", sec, "Python cryptography, load + not_valid_after only", "files.python_minimal_s", sec),
    ("cold first scrape, default families", "default.cold_s", sec, "all families on", "all_families.cold_s", sec),
    ("warm scrape, default families", "default.warm_s", ms, "all families on", "all_families.warm_s", ms),
    ("warm scrape, minimum", "minimum.warm_s", ms, "all families on", "all_families.warm_s", ms),
    ("body, default families", "default.body_bytes", mb, "all families on", "all_families.body_bytes", mb),
    ("body, minimum", "minimum.body_bytes", mb, "all families on", "all_families.body_bytes", mb),
    ("gzip body, default (level 1)", "default.gzip_bytes", mb, "plain body, default", "default.body_bytes", mb),
    ("gzip scrape time, default", "default.gzip_s", ms, "plain warm scrape, default", "default.warm_s", ms),
    ("scrape with two places rotated since the last, default", "default.churn_s", ms, "warm scrape, default", "default.warm_s", ms),
    ("warm scrape, default families", "default.warm_s", ms, "the baseline build, its defaults", "previous.warm_s", ms),
    ("gzip scrape time, default", "default.gzip_s", ms, "the baseline build", "previous.gzip_s", ms),
    ("scrape with two places rotated, default", "default.churn_s", ms, "the baseline build", "previous.churn_s", ms),
    ("cold first scrape, default families", "default.cold_s", sec, "the baseline build", "previous.cold_s", sec),
    ("RSS after 5 scrapes, default", "default.rss_kb", kb_mb, "the baseline build", "previous.rss_kb", kb_mb),
    ("RSS after 5 scrapes, default", "default.rss_kb", kb_mb, "all families on", "all_families.rss_kb", kb_mb),
    ("peak RSS, default", "default.hwm_kb", kb_mb, "all families on", "all_families.hwm_kb", kb_mb),
    ("dump `check`, JSON", "dump.check_s", sec, "Python json.load + cryptography", "dump.python_s", sec),
    ("dump `check` peak RSS", "dump.check_peak_kb", kb_mb, "Python peak RSS", "dump.python_peak_kb", kb_mb),
]
# The baseline build's rows only when report.sh served one (MESHCERT_BASELINE_BIN).
rows = [row for row in rows if not row[4].startswith("previous.") or data["previous.warm_s"]]
lines = [
    "# Benchmarks",
    "",
    "Written by `benchmarks/report.sh` (release build); every figure beside its baseline from the same run.",
    f"N certificates = N/2 PEM files (a workload certificate and its issuing CA each), or N/2 kubectl secrets.",
    "",
    f"Machine: {machine}.",
    "",
    "| measure | baseline | " + " | ".join(f"N = {n:,}" for n in sizes) + " |",
    "|---|---|" + "---|" * len(sizes),
]
for label, key, fmt, base_label, base_key, base_fmt in rows:
    values = " | ".join(f"{cell(key, n, fmt)} (baseline {cell(base_key, n, base_fmt)})" for n in sizes)
    lines.append(f"| {label} | {base_label} | {values} |")
lines.append("")
for name, title, ylabel, series, scale in [
    ("warm-scrape", "Warm /metrics", "seconds", [("default families", "default.warm_s"), ("all families (baseline)", "all_families.warm_s"), ("minimum", "minimum.warm_s"), ("gzip, default", "default.gzip_s"), ("two places rotated, default", "default.churn_s")] + ([("baseline build", "previous.warm_s"), ("baseline build, gzip", "previous.gzip_s")] if data["previous.warm_s"] else []), 1.0),
    ("rss", "RSS after 5 scrapes", "MB", [("default families", "default.rss_kb"), ("all families (baseline)", "all_families.rss_kb")] + ([("baseline build", "previous.rss_kb")] if data["previous.warm_s"] else []), 1 / 1024),
    ("body-size", "/metrics body", "MB", [("default families", "default.body_bytes"), ("all families (baseline)", "all_families.body_bytes"), ("minimum", "minimum.body_bytes"), ("gzip, default", "default.gzip_bytes")], 1e-6),
    ("check", "check --output json", "seconds", [("exporter", "files.check_s"), ("Python cryptography, minimal (baseline)", "files.python_minimal_s")], 1.0),
]:
    path = plot(name, title, ylabel, series, scale)
    if path:
        lines += [f"![{title}]({path})", ""]
lines += ["## Endpoints (fixed size)", "", "```", Path(endpoints).read_text().strip(), "```", "",
          "## Mesh stats (fixed size)", "", "```", Path(mesh).read_text().strip(), "```", ""]
out_path.write_text("\n".join(lines))
