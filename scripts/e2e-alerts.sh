#!/usr/bin/env bash
# End-to-end: a real Prometheus on loopback (1 s scrape and evaluation) loads alerts/meshcert.rules.yml
# and scrapes a real exporter reading a certificate in each state, mesh stats with a plaintext
# namespace and a PERMISSIVE PeerAuthentication. Through Prometheus' HTTP API it checks that the
# expected alerts are pending or firing, that none is about a healthy certificate, and that every
# dashboard panel's expression evaluates without error and returns data.
# Usage: scripts/e2e-alerts.sh [path/to/meshcert-exporter]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
bin="${1:-$(swift build --show-bin-path)/meshcert-exporter}"
bench="$(dirname "$bin")/meshcert-bench"
work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT


"$bench" generate-fixtures --alerting "$work/certs" >/dev/null
cat >"$work/peerauthentication.yaml" <<'YAML'
apiVersion: v1
kind: List
items:
- apiVersion: security.istio.io/v1beta1
  kind: PeerAuthentication
  metadata: {name: default, namespace: istio-system}
  spec: {mtls: {mode: STRICT}}
- apiVersion: security.istio.io/v1beta1
  kind: PeerAuthentication
  metadata: {name: default, namespace: legacy}
  spec: {mtls: {mode: PERMISSIVE}}
YAML

# Destination-side counters that grow: "shop" all mTLS, "legacy" half plaintext. Rewritten every 0.5 s
# (traffic, not a wait): the ratio rules take rates of the exporter's counters.
stats="$work/stats.prom"
python3 - "$stats" <<'PY' &
import os, sys, time
path, step = sys.argv[1], 0
line = 'istio_requests_total{{reporter="destination",destination_workload="{w}",destination_workload_namespace="{n}",connection_security_policy="{p}"}} {v}\n'
tcp = 'istio_tcp_connections_opened_total{{reporter="destination",destination_workload="db",destination_workload_namespace="{n}",connection_security_policy="{p}"}} {v}\n'
deadline = time.time() + 300
while time.time() < deadline:
    step += 1
    text = line.format(w="cart", n="shop", p="mutual_tls", v=20 * step) + line.format(w="old", n="legacy", p="mutual_tls", v=10 * step) \
         + line.format(w="old", n="legacy", p="none", v=10 * step) \
         + tcp.format(n="shop", p="mutual_tls", v=4 * step) + tcp.format(n="legacy", p="none", v=4 * step)
    with open(path + ".tmp", "w") as f: f.write(text)
    os.replace(path + ".tmp", path)
    time.sleep(0.5)
PY
pids+=($!)
disown
for _ in $(seq 1 100); do [ -f "$stats" ] && break; sleep 0.05; done

# A TLS endpoint whose chain does not build to the trust bundle we give: a chain verification error.
scripts/make-test-chain.sh "$work/tls"
tls_port=$(free_port)
mkfifo "$work/s_server.in"
openssl s_server -accept "$tls_port" -cert "$work/tls/leaf.pem" -key "$work/tls/key.pem" -cert_chain "$work/tls/chain.pem" -www -quiet \
  <"$work/s_server.in" >/dev/null 2>&1 &
pids+=($!)
disown
exec 9>"$work/s_server.in"  # keeps s_server's stdin open
wait_port "$tls_port" "${pids[-1]}"

exporter_port=$(free_port)
"$bin" --file "$work/certs" --dump "$work/peerauthentication.yaml" --mesh.stats-file "$stats" --mesh.min-events 1 \
  --endpoint "127.0.0.1:$tls_port" --endpoint.ca-file "$work/certs/healthy/root-cert.pem" \
  --web.listen-address "127.0.0.1:$exporter_port" --log.level error &
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
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" --web.listen-address="127.0.0.1:$prometheus_port" \
  --log.level=error >"$work/prometheus.log" 2>&1 &
pids+=($!)
disown
wait_http "http://127.0.0.1:$prometheus_port/-/ready"

python3 dashboards/list-panel-queries.py >"$work/panel-queries.txt"
python3 - "http://127.0.0.1:$prometheus_port" "$work/panel-queries.txt" "$work/certs" <<'PY'
import json, os, sys, time, urllib.parse, urllib.request
base, queries_file, certs = sys.argv[1], sys.argv[2], sys.argv[3]

def get(path, **params):
    url = base + path + ("?" + urllib.parse.urlencode(params) if params else "")
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)

expected = {
    ("MeshCertCertificateExpiring", "warning", "warning/"),
    ("MeshCertCertificateExpiring", "critical", "critical/"),
    ("MeshCertCertificateExpired", "critical", "expired/"),
    ("MeshCertCertificateNotYetValid", "critical", "notyet/"),
    ("MeshCertIssuerExpiresBeforeLeaf", "warning", "critical/"),
    ("MeshCertMTLSRatioLow", "warning", "legacy"),
    ("MeshCertPermissivePeerAuthentication", "warning", "legacy"),
}

def key(alert):
    labels = alert["labels"]
    where = labels.get("location", "") or labels.get("destination_namespace", "") or labels.get("policy_namespace", "") or labels.get("reason", "")
    return labels["alertname"], labels.get("severity", ""), where

# Once Prometheus has scraped the exporter, a file breaks: an error the counters see happen.
for _ in range(100):
    if get("/api/v1/query", query="meshcert_build_info")["data"]["result"]:
        break
    time.sleep(0.2)
os.makedirs(os.path.join(certs, "broken"), exist_ok=True)
with open(os.path.join(certs, "broken", "bad.pem"), "w") as handle:
    handle.write("-----BEGIN CERTIFICATE-----\nnot base64 at all\n")
expected.add(("MeshCertChainVerifyFailed", "critical", "127.0.0.1:"))
expected.add(("MeshCertSourceDown", "warning", "broken/bad.pem"))

found, deadline = set(), time.time() + 90
while time.time() < deadline:
    alerts = get("/api/v1/alerts")["data"]["alerts"]
    found = {(name, severity, where) for name, severity, where in map(key, alerts)}
    matched = {e for e in expected if any(f[0] == e[0] and f[1] == e[1] and e[2] in f[2] for f in found)}
    if matched == expected:
        break
    time.sleep(1)
# Errors are counted once the broken file is read; the rate rules need a couple of scrapes more.
while time.time() < deadline and not get("/api/v1/query", query="sum(increase(meshcert_source_errors_total[5m])) > 0")["data"]["result"]:
    time.sleep(1)
missing = expected - {e for e in expected if any(f[0] == e[0] and f[1] == e[1] and e[2] in f[2] for f in found)}
healthy = [f for f in found if "healthy/" in f[2]]
for f in sorted(found):
    print(f"alert: {f[0]} severity={f[1]} at {f[2]}")
failures = []
if missing:
    failures.append(f"expected alerts not pending or firing: {sorted(missing)}")
if healthy:
    failures.append(f"alerts about healthy certificates: {healthy}")
# The certificate families carry no names: the alerts join them from meshcert_cert_info.
unnamed = [a["labels"] for a in alerts if a["labels"]["alertname"].startswith("MeshCertCertificate") and "issuer_cn" not in a["labels"]]
if unnamed:
    failures.append(f"certificate alerts without the issuer_cn joined from meshcert_cert_info: {unnamed}")

queries = [line.strip() for line in open(queries_file) if line.strip()]
empty, errors = [], []
for query in queries:
    try:
        result = get("/api/v1/query", query=query)
        if result.get("status") != "success":
            errors.append((query, result))
        elif not result["data"]["result"]:
            empty.append(query)
    except Exception as error:  # noqa: BLE001 - report every failing expression
        errors.append((query, str(error)))
print(f"dashboard expressions: {len(queries)} evaluated, {len(errors)} errors, {len(empty)} without data")
for query, error in errors:
    failures.append(f"panel expression failed: {query}: {error}")
for query in empty:
    failures.append(f"panel expression returned no data: {query}")
if failures:
    print("\n".join(failures))
    sys.exit(1)
print(f"{len(expected)} passed, 0 failed")
PY
