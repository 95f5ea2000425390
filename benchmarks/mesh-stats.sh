#!/usr/bin/env bash
# Mesh stats benchmark: a 20 MB payload shaped like an Istio sidecar's /stats/prometheus (mostly
# envoy_cluster_* series, some istio_requests_total with Istio's labels), parsed in full and for the
# mesh traffic families only. Prints time and rate (goal: under 1 s).   Usage: benchmarks/mesh-stats.sh [MB]
set -euo pipefail
cd "$(dirname "$0")/.."
size="${1:-20}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
swift build -c release --product meshcert-exporter >/dev/null 2>&1
swift build -c release --product meshcert-bench >/dev/null 2>&1
python3 - "$size" "$work/stats.prom" <<'PY'
import random, sys
target, path = int(sys.argv[1]) * 1_000_000, sys.argv[2]
random.seed(1)
out, written, cluster = open(path, "w"), 0, 0
istio = ('istio_requests_total{{reporter="{r}",source_workload="web-{s}",source_workload_namespace="shop",source_principal="spiffe://cluster.local/ns/shop/sa/web",'
         'source_app="web",source_version="v1",source_cluster="Kubernetes",destination_workload="cart-{d}",destination_workload_namespace="ns-{n}",'
         'destination_principal="spiffe://cluster.local/ns/ns-{n}/sa/cart",destination_app="cart",destination_version="v1",destination_service="cart.ns-{n}.svc.cluster.local",'
         'destination_canonical_service="cart",destination_canonical_revision="v1",destination_service_name="cart",destination_service_namespace="ns-{n}",'
         'destination_cluster="Kubernetes",request_protocol="http",response_code="{c}",grpc_response_status="",response_flags="-",'
         'connection_security_policy="{p}"}} {v}\n')
out.write("# TYPE istio_requests_total counter\n")
while written < target:
    if cluster % 20 == 0:
        line = istio.format(r=random.choice(["destination", "source"]), s=cluster % 7, d=cluster % 13, n=cluster % 30, c=random.choice([200, 503]),
                            p=random.choice(["mutual_tls", "mutual_tls", "none", "unknown"]), v=random.randint(1, 10**6))
    else:
        line = (f'envoy_cluster_upstream_rq_total{{cluster_name="outbound|8080||svc-{cluster}.ns-{cluster % 30}.svc.cluster.local",'
                f'response_code_class="2xx",envoy_response_flags="-",le="+Inf"}} {random.randint(0, 10**7)}\n')
    out.write(line)
    written += len(line)
    cluster += 1
PY
.build/release/meshcert-bench parse-stats "$work/stats.prom"
