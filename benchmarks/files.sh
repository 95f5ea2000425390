#!/usr/bin/env bash
# File benchmark: 10,000 PEM files (a workload certificate and its issuing CA each), read by
# `meshcert-exporter check --output json` and by Python's cryptography in the same run; then the
# warm /metrics time over those 20,000 certificates and the exporter's RSS.
# Usage: benchmarks/files.sh [COUNT]     (release build; prints numbers, asserts nothing)
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-10000}"
work="$(mktemp -d)"
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT

python3 -c 'import cryptography' 2>/dev/null || pip install -q cryptography
echo "==> release build"
swift build -c release --product meshcert-exporter >/dev/null
swift build -c release --product meshcert-bench >/dev/null
bin=.build/release/meshcert-exporter
bench=.build/release/meshcert-bench

echo "==> writing $count files"
"$bench" generate-fixtures --count "$count" "$work/certs"

now() { date +%s.%N; }
t0=$(now); "$bin" check --file "$work/certs" --output json --log.level error >"$work/exporter.jsonl" || true; t1=$(now)
python3 benchmarks/read_certs.py "$work/certs" >"$work/python.jsonl"; t2=$(now)

echo "==> warm /metrics"
"$bin" --file "$work/certs" --web.listen-address 127.0.0.1:19795 --log.level error &
server=$!
until curl -sf -o /dev/null http://127.0.0.1:19795/healthz; do sleep 0.1; done
curl -sf -o /dev/null http://127.0.0.1:19795/metrics  # cold: reads and parses every file
curl -sf -o "$work/metrics.txt" http://127.0.0.1:19795/metrics  # the body, for its size
best=""
for _ in 1 2 3 4 5; do
  # Timed by curl, the body dropped: writing 27 MB to disk is not the exporter's time.
  t=$(curl -sf -o /dev/null -w '%{time_total}' http://127.0.0.1:19795/metrics)
  best=$(python3 -c "print(min(float('$best' or 1e9), $t))")
done
hwm=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")
rss=$(awk '/VmRSS/ {print $2}' "/proc/$server/status")

python3 - "$t0" "$t1" "$t2" "$best" "$hwm" "$rss" "$work" <<'PY'
import sys
t0, t1, t2, best, hwm, rss = map(float, sys.argv[1:7])
work = sys.argv[7]
rows_e = sum(1 for _ in open(f"{work}/exporter.jsonl"))
rows_p = sum(1 for _ in open(f"{work}/python.jsonl"))
size = sum(len(l) for l in open(f"{work}/metrics.txt", "rb"))
exporter, python = t1 - t0, t2 - t1
print(f"certificates read:      exporter {rows_e}, python {rows_p}")
print(f"check --output json:    {exporter:.3f} s")
print(f"python cryptography:    {python:.3f} s")
print(f"ratio (python/exporter): {python / exporter:.1f}x   (goal: at least 2x)")
print(f"warm /metrics:          {best * 1000:.1f} ms for {rows_e} certificates, {size / 1e6:.1f} MB   (issue 11 goal at 20,000 certificates: under 50 ms)")
print(f"exporter RSS:           {rss / 1024:.1f} MB now, {hwm / 1024:.1f} MB peak   (issue 11 goal at 20,000 certificates: under 60 MB)")
PY
