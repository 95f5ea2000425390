#!/usr/bin/env bash
# Soak: wrk drives /metrics (as fast as 4 connections go; the achieved rate is printed) against 10,000
# certificates in a Kubernetes-style mount whose ..data link swaps to a fresh copy every 10 s. Prints
# the exporter's RSS every SAMPLE seconds and the slope after warm-up (goal: under 1 MB per minute).
# Usage: benchmarks/soak.sh [MINUTES] [path/to/meshcert-exporter] [MAX_GROWTH_MB]
#   With MAX_GROWTH_MB it fails when RSS grew by more than that after warm-up (the test command's bound).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
minutes="${1:-10}"
bin="${2:-}"
max_growth="${3:-}"
if [ -z "$bin" ]; then
  swift build -c release --product meshcert-exporter >/dev/null
  swift build -c release --product meshcert-bench >/dev/null
  bin=.build/release/meshcert-exporter
fi
bench="$(dirname "$bin")/meshcert-bench"
[ -x "$bench" ] || swift build --product meshcert-bench >/dev/null
command -v wrk >/dev/null || { echo "soak needs wrk (Debian: apt-get install wrk)" >&2; exit 1; }
work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

# 5,000 files of a workload certificate and its CA: 10,000 certificates, behind ..data as kubelet lays them.
"$bench" generate-fixtures --count 5000 "$work/gen" >/dev/null
mount="$work/mount"
mkdir -p "$mount/..v0"
cp "$work/gen"/*.pem "$mount/..v0/"
ln -s ..v0 "$mount/..data"
for f in "$mount/..v0"/*.pem; do name=$(basename "$f"); ln -s "..data/$name" "$mount/$name"; done

port=$(free_port)
"$bin" --file "$mount" --web.listen-address "127.0.0.1:$port" --log.level error &
exporter=$!
pids+=("$exporter")
wait_port "$port" "$exporter"
curl -sf -o /dev/null "http://127.0.0.1:$port/metrics"

seconds=$((minutes * 60))
# The mount swaps every 10 s: a new version directory, then the ..data link replaced atomically.
(
  version=0
  while true; do
    sleep 10
    version=$((version + 1))
    cp -al "$mount/..v$((version - 1))" "$mount/..v$version"
    ln -sfn "..v$version" "$mount/..data.tmp" && mv -T "$mount/..data.tmp" "$mount/..data"
    rm -rf "$mount/..v$((version - 1))"
  done
) &
pids+=("$!")

wrk -t 2 -c 4 -d "${seconds}s" --timeout 30s "http://127.0.0.1:$port/metrics" >"$work/wrk.txt" &
pids+=("$!")

sample=$(( seconds >= 600 ? 30 : 5 ))
warmup=$(( seconds / 5 ))
echo "elapsed_s rss_mb"
: >"$work/rss.txt"
for ((t = 0; t <= seconds; t += sample)); do
  rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$exporter/status")
  echo "$t $((rss_kb / 1024))"
  echo "$t $rss_kb" >>"$work/rss.txt"
  [ "$t" -lt "$seconds" ] && sleep "$sample"
done
wait "${pids[-1]}" || true
grep -E "Requests/sec|requests in|Non-2xx|Socket errors" "$work/wrk.txt" || true
python3 - "$work/rss.txt" "$warmup" "${max_growth:-}" <<'PY'
import sys
rows = [tuple(map(float, line.split())) for line in open(sys.argv[1])]
warm = [(t, kb / 1024) for t, kb in rows if t >= float(sys.argv[2])]
n = len(warm)
mt = sum(t for t, _ in warm) / n
mr = sum(r for _, r in warm) / n
slope = sum((t - mt) * (r - mr) for t, r in warm) / max(sum((t - mt) ** 2 for t, _ in warm), 1e-9) * 60
growth = warm[-1][1] - warm[0][1]
print(f"RSS after warm-up: {warm[0][1]:.1f} MB -> {warm[-1][1]:.1f} MB (peak {max(r for _, r in warm):.1f} MB); slope {slope:+.2f} MB/min")
if sys.argv[3] and growth > float(sys.argv[3]):
    sys.exit(f"RSS grew {growth:.1f} MB after warm-up, over the {sys.argv[3]} MB bound")
PY
