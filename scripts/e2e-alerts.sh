#!/usr/bin/env bash
# End-to-end: a real Prometheus on loopback (1 s scrape and evaluation) loads alerts/meshcert.rules.yml
# and scrapes two real exporters in one job, as a replica pair: both read a certificate in each state;
# exporter A also reads a PeerAuthentication dump, a mesh stats file (a snapshot whose counters never
# move) and a TLS endpoint; exporter B asks Prometheus itself for mesh traffic (--mesh.prometheus-url),
# which Prometheus scrapes from a fake mesh (scripts/fake-mesh.py). Through Prometheus' HTTP API,
# scripts/e2e-alerts-check.py checks that the pending and firing alerts are EXACTLY the expected set
# (one per certificate although two replicas read it, the mTLS alert from both mesh inputs, nothing
# about a healthy certificate), and that every dashboard panel's expression evaluates and returns data.
# Exporter A checks the endpoint's mTLS enforcement and reads a SHA-1 leaf made by openssl: the wave-2
# families must be there with their alerts (WAVE2_FAMILIES in the checker).
# Usage: scripts/e2e-alerts.sh [path/to/meshcert-exporter]   (meshcert-bench is taken from the same directory)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
e2e_setup "${1:-}"


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

# A stats file is a snapshot: "shop" all mTLS, "legacy" half its requests and all its TCP connections
# plaintext. Its counters never move, so only the ratio the exporter computes can feed the mTLS rules.
stats="$work/stats.prom"
cat >"$stats" <<'PROM'
istio_requests_total{reporter="destination",destination_workload="cart",destination_workload_namespace="shop",connection_security_policy="mutual_tls"} 2000
istio_requests_total{reporter="destination",destination_workload="old",destination_workload_namespace="legacy",connection_security_policy="mutual_tls"} 1000
istio_requests_total{reporter="destination",destination_workload="old",destination_workload_namespace="legacy",connection_security_policy="none"} 1000
istio_tcp_connections_opened_total{reporter="destination",destination_workload="db",destination_workload_namespace="shop",connection_security_policy="mutual_tls"} 400
istio_tcp_connections_opened_total{reporter="destination",destination_workload="db",destination_workload_namespace="legacy",connection_security_policy="none"} 400
PROM

# The fake mesh Prometheus scrapes for exporter B: "catalog" all mTLS, "payments" a quarter plaintext.
mesh_port=$(free_port)
python3 scripts/fake-mesh.py "$mesh_port" &
pids+=($!)
disown
wait_port "$mesh_port" "${pids[-1]}"

# A leaf signed with SHA-1 by a CA signed with SHA-256, made by openssl (swift-certificates cannot sign
# SHA-1): MeshCertWeakCrypto for the leaf alone.
mkdir -p "$work/certs/weak"
openssl req -x509 -sha256 -newkey rsa:2048 -nodes -keyout "$work/weak-ca.key" -out "$work/weak-ca.pem" -days 3650 \
  -subj "/CN=E2E Weak Test CA" -addext "basicConstraints=critical,CA:TRUE" 2>/dev/null
openssl req -new -newkey rsa:2048 -nodes -keyout "$work/weak-leaf.key" -out "$work/weak-leaf.csr" -subj "/CN=e2e-sha1-leaf" 2>/dev/null
openssl x509 -req -sha1 -in "$work/weak-leaf.csr" -CA "$work/weak-ca.pem" -CAkey "$work/weak-ca.key" -CAcreateserial \
  -out "$work/weak-leaf.pem" -days 3000 2>/dev/null  # well inside the CA: an issuer expiring first is its own alert
cat "$work/weak-leaf.pem" "$work/weak-ca.pem" >"$work/certs/weak/cert-chain.pem"

# A TLS endpoint whose chain does not build to the trust bundle we give: a chain verification error.
# The exporter also checks its enforcement: s_server answers without asking for a client certificate.
scripts/make-test-chain.sh "$work/tls"
tls_port=$(free_port)
mkfifo "$work/s_server.in"
openssl s_server -accept "$tls_port" -cert "$work/tls/leaf.pem" -key "$work/tls/key.pem" -cert_chain "$work/tls/chain.pem" -www -quiet \
  <"$work/s_server.in" >/dev/null 2>&1 &
pids+=($!)
disown
exec 9>"$work/s_server.in"  # keeps s_server's stdin open
wait_port "$tls_port" "${pids[-1]}"

prometheus_port=$(free_port)
exporter_a=$(free_port)
exporter_b=$(free_port)
"$bin" --file "$work/certs" --dump "$work/peerauthentication.yaml" --mesh.stats-file "$stats" --mesh.min-events 1 \
  --endpoint "127.0.0.1:$tls_port" --endpoint.ca-file "$work/certs/healthy/root-cert.pem" --endpoint.check-enforcement \
  --web.listen-address "127.0.0.1:$exporter_a" --log.level error &
pids+=($!)
disown
# B asks the Prometheus started below: its first polls fail, the later ones see the fake mesh.
"$bin" --file "$work/certs" --mesh.prometheus-url "http://127.0.0.1:$prometheus_port" --mesh.interval 2s --mesh.window 30s \
  --mesh.min-events 1 --web.listen-address "127.0.0.1:$exporter_b" --log.level error &
pids+=($!)
disown
wait_http "http://127.0.0.1:$exporter_a/healthz"
wait_http "http://127.0.0.1:$exporter_b/healthz"

cat >"$work/prometheus.yml" <<YAML
global: {scrape_interval: 1s, evaluation_interval: 1s}
rule_files: ["$PWD/alerts/meshcert.rules.yml"]
scrape_configs:
  - job_name: meshcert
    static_configs: [{targets: ["127.0.0.1:$exporter_a", "127.0.0.1:$exporter_b"]}]
  - job_name: mesh
    static_configs: [{targets: ["127.0.0.1:$mesh_port"]}]
YAML
e2e_prometheus "$prometheus_port"

python3 dashboards/list-panel-queries.py >"$work/panel-queries.txt"
python3 scripts/e2e-alerts-check.py "http://127.0.0.1:$prometheus_port" "$work/panel-queries.txt" "$work/certs" \
  "127.0.0.1:$exporter_a" "127.0.0.1:$exporter_b" "127.0.0.1:$tls_port"
