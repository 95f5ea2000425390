#!/usr/bin/env bash
# Endpoint benchmark: 500 TLS listeners on loopback (one nginx, 500 `listen` lines, a three-tier
# chain), then in the same run: one exporter scrape probing all 500 (--endpoint.concurrency 64) and
# blackbox_exporter probing the same 500, 64 at a time. Prints both times, the ratio and the exporter's
# RSS during the scrape. Goal: ratio at most 1.0, RSS under 150 MB.
# Usage: benchmarks/endpoints.sh [COUNT]     (release build; prints numbers, asserts nothing)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
count="${1:-500}"
work="$(mktemp -d)"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$work"' EXIT

echo "==> release build"
swift build -c release --product meshcert-exporter >/dev/null 2>&1
bin="$(swift build -c release --show-bin-path)/meshcert-exporter"


scripts/make-test-chain.sh "$work/pki"
# COUNT distinct free ports, held open together while chosen so none repeats.
python3 - "$count" >"$work/ports" <<'PY'
import socket, sys
held = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); held.append(s)
print("\n".join(str(s.getsockname()[1]) for s in held))
PY
mkdir -p "$work/nginx/tmp"
{
  echo "daemon off; worker_processes 2; worker_rlimit_nofile 8192; pid $work/nginx/nginx.pid; error_log $work/nginx/error.log;"
  echo "events { worker_connections 4096; }"
  echo "http { access_log off; client_body_temp_path $work/nginx/tmp; proxy_temp_path $work/nginx/tmp;"
  echo "  fastcgi_temp_path $work/nginx/tmp; uwsgi_temp_path $work/nginx/tmp; scgi_temp_path $work/nginx/tmp;"
  echo "  server {"
  while read -r port; do echo "    listen 127.0.0.1:$port ssl;"; done <"$work/ports"
  echo "    ssl_certificate $work/pki/fullchain.pem; ssl_certificate_key $work/pki/key.pem;"
  echo "    location / { return 200 \"ok\\n\"; }"
  echo "  }"
  echo "}"
} >"$work/nginx/nginx.conf"
ulimit -n 8192 2>/dev/null || true
nginx -e "$work/nginx/error.log" -p "$work/nginx" -c "$work/nginx/nginx.conf" &
pids+=($!)
while read -r port; do wait_port "$port" "${pids[0]}"; done <"$work/ports"
echo "==> $count TLS listeners up (nginx, leaf + issuing + intermediate)"

bb_port=$(free_port); mc_port=$(free_port)
cat >"$work/blackbox.yml" <<CONF
modules:
  tls:
    prober: tcp
    timeout: 10s
    tcp:
      tls: true
      tls_config:
        insecure_skip_verify: true
CONF
prometheus-blackbox-exporter --config.file "$work/blackbox.yml" --web.listen-address "127.0.0.1:$bb_port" --log.level=error >"$work/blackbox.log" 2>&1 &
pids+=($!); wait_port "$bb_port" "${pids[-1]}"

{
  echo "collection: {timeout: 60s}"
  echo "sources:"
  echo "  - name: bench"
  echo "    kind: endpoint"
  echo "    server_name: localhost"
  echo "    timeout: 10s"
  echo "    concurrency: 64"
  echo "    targets:"
  while read -r port; do echo "      - 127.0.0.1:$port"; done <"$work/ports"
} >"$work/meshcert.yml"
"$bin" --config.file "$work/meshcert.yml" --web.listen-address "127.0.0.1:$mc_port" --log.level error &
mc_pid=$!; pids+=($mc_pid); wait_port "$mc_port" "$mc_pid"

# RSS of the exporter sampled every 20 ms while it scrapes; the kernel's peak (VmHWM) too.
sample_rss() { while kill -0 "$mc_pid" 2>/dev/null; do awk '/VmRSS/ {print $2}' "/proc/$mc_pid/status"; sleep 0.02; done; }

run_blackbox() { # one pass: every target, 64 probes at once; prints seconds and up-count
  python3 - "$bb_port" "$work/ports" <<'PY'
import sys, time, urllib.request
from concurrent.futures import ThreadPoolExecutor
bb, ports = sys.argv[1], open(sys.argv[2]).read().split()
def probe(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{bb}/probe?module=tls&target=127.0.0.1:{port}", timeout=30) as r:
        return b"probe_success 1" in r.read()
start = time.monotonic()
with ThreadPoolExecutor(64) as pool:
    ok = sum(pool.map(probe, ports))
print(f"{time.monotonic() - start:.3f} {ok}")
PY
}
run_exporter() { # one scrape; prints seconds and up-count
  local start end
  start=$(date +%s.%N)
  curl -sf "http://127.0.0.1:$mc_port/metrics" >"$work/metrics.txt"
  end=$(date +%s.%N)
  echo "$(python3 -c "print(f'{$end - $start:.3f}')") $(grep -c '^meshcert_endpoint_up{.*} 1$' "$work/metrics.txt")"
}

echo "==> one pass each, twice (first pass first), alternating"
sample_rss >"$work/rss.txt" &
sampler=$!
read -r mc1 mc_up1 < <(run_exporter)
kill "$sampler" 2>/dev/null || true
read -r bb1 bb_up1 < <(run_blackbox)
read -r mc2 mc_up2 < <(run_exporter)
read -r bb2 bb_up2 < <(run_blackbox)
rss_max=$(sort -n "$work/rss.txt" | tail -1)
hwm=$(awk '/VmHWM/ {print $2}' "/proc/$mc_pid/status")
certs=$(grep -c '^meshcert_cert_not_after_timestamp_seconds{' "$work/metrics.txt")

printf '%-44s %8s s  (%s/%s up)\n' "meshcert-exporter, one scrape (1st)" "$mc1" "$mc_up1" "$count"
printf '%-44s %8s s  (%s/%s up)\n' "blackbox_exporter, $count probes by 64 (1st)" "$bb1" "$bb_up1" "$count"
printf '%-44s %8s s  (%s/%s up)\n' "meshcert-exporter, one scrape (2nd)" "$mc2" "$mc_up2" "$count"
printf '%-44s %8s s  (%s/%s up)\n' "blackbox_exporter, $count probes by 64 (2nd)" "$bb2" "$bb_up2" "$count"
python3 -c "print(f'ratio exporter/blackbox: 1st {$mc1/$bb1:.2f}, 2nd {$mc2/$bb2:.2f}  (goal: at most 1.0)')"
echo "certificates exported: $certs"
echo "exporter RSS during the first scrape: max $((rss_max / 1024)) MB sampled; peak since start (VmHWM) $((hwm / 1024)) MB  (goal: under 150 MB)"
