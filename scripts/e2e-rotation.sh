#!/usr/bin/env bash
# End-to-end CA root rotation: a real Prometheus (1 s scrape and evaluation) loads the shipped rules and
# scrapes a real exporter reading two proxies' secret dumps; the dumps move through the four steps of a
# plug-in CA root rotation and the two wrong orders (meshcert-bench generate-fixtures --rotation). At each
# step the set of pending or firing alerts must be exactly the expected one: an extra alert fails.
# Usage: scripts/e2e-rotation.sh [path/to/meshcert-exporter]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
e2e_setup "${1:-}"

"$bench" generate-fixtures --rotation "$work/steps" >/dev/null
mkdir -p "$work/dumps"
# step NAME: the proxies' dumps become that step's, each replaced whole (rename), as a dump job would.
step() {
  for file in proxy-a.json proxy-b.json; do
    cp "$work/steps/$1/$file" "$work/dumps/.$file.tmp" && mv "$work/dumps/.$file.tmp" "$work/dumps/$file"
  done
}
step initial

exporter_port=$(free_port)
"$bin" --dump "$work/dumps" --web.listen-address "127.0.0.1:$exporter_port" --log.level error &
pids+=($!)
disown
wait_http "http://127.0.0.1:$exporter_port/healthz"

prometheus_port=$(free_port)
cat >"$work/prometheus.yml" <<YAML
global: {scrape_interval: 1s, evaluation_interval: 1s}
rule_files: ["$PWD/alerts/meshcert.rules.yml"]
scrape_configs:
  - job_name: meshcert
    static_configs: [{targets: ["127.0.0.1:$exporter_port"]}]
YAML
e2e_prometheus "$prometheus_port"

python3 - "http://127.0.0.1:$prometheus_port" "$work" <<'PY'
import json, os, shutil, subprocess, sys, time, urllib.parse, urllib.request
base, work = sys.argv[1], sys.argv[2]

def get(path, **params):
    url = base + path + ("?" + urllib.parse.urlencode(params) if params else "")
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)

def step(name):
    for file in ("proxy-a.json", "proxy-b.json"):
        shutil.copy(os.path.join(work, "steps", name, file), os.path.join(work, "dumps", "." + file + ".tmp"))
        os.replace(os.path.join(work, "dumps", "." + file + ".tmp"), os.path.join(work, "dumps", file))

def fingerprints():
    result = get("/api/v1/query", query="meshcert_trust_bundle_info")["data"]["result"]
    return tuple(sorted((r["metric"]["location"], r["metric"]["roots_fingerprint"]) for r in result))

# The old root R1 (150 days left) is a root certificate inside its critical threshold for as long as any
# bundle holds it: MeshCertCertificateExpiring is part of every step that still reads it, at both severities
# in Prometheus (alerts/alertmanager.yml inhibits the warning while the critical fires).
R1 = {("MeshCertCertificateExpiring", "critical"), ("MeshCertCertificateExpiring", "warning")}
steps = [
    ("initial", R1 | {("MeshCertTrustBundleNoSuccessor", "critical")}),
    ("trust-both", R1),
    ("issue-from-new", R1),
    ("remove-old", set()),
    ("issued-before-trusted", R1 | {("MeshCertIssuerUntrustedByBundle", "critical"), ("MeshCertTrustBundleDrift", "warning"),
                                    ("MeshCertTrustBundleNoSuccessor", "critical")}),
    ("removed-too-early", {("MeshCertIssuerUntrustedByBundle", "critical"), ("MeshCertChainVerifyFailed", "critical")}),
]
failures = []
previous = None
for name, expected in steps:
    step(name)
    # Until Prometheus holds a scrape of this step's bundles (the root sets differ from the last step's).
    deadline = time.time() + 30
    while time.time() < deadline and fingerprints() == previous:
        time.sleep(0.5)
    previous = fingerprints()
    found, deadline = set(), time.time() + 45
    while time.time() < deadline:
        found = {(a["labels"]["alertname"], a["labels"].get("severity", "")) for a in get("/api/v1/alerts")["data"]["alerts"]}
        if found == expected:
            break
        time.sleep(1)
    verdict = "ok" if found == expected else "FAILED"
    print(f"{name}: {verdict}: {sorted(n for n, _ in found)}")
    if found != expected:
        failures.append(f"{name}: expected {sorted(expected)}, got {sorted(found)}")
if failures:
    print("\n".join(failures))
    sys.exit(1)
print(f"{len(steps)} rotation steps, each with exactly its expected alerts")
PY
