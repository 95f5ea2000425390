#!/usr/bin/env bash
# Dump benchmark: `kubectl get secrets -A` output with 10,000 secrets (a chain and a CA each), as JSON
# and as YAML, read by `meshcert-exporter check --dump` and by Python (json.load / yaml.safe_load plus
# cryptography) in the same run. Prints times, peak RSS and ratios.
# Usage: benchmarks/dumps.sh [COUNT]     (release build; prints numbers, asserts nothing)
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-10000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 -c 'import cryptography, yaml' 2>/dev/null || pip install -q cryptography pyyaml
echo "==> release build"
swift build -c release --product meshcert-exporter >/dev/null
swift build -c release --product meshcert-bench >/dev/null 2>&1
bin=.build/release/meshcert-exporter
bench=.build/release/meshcert-bench

for format in json yaml; do
  "$bench" generate-fixtures --dump "$format" --count "$count" "$work/secrets.$format" >/dev/null
done
ls -l "$work"/secrets.* | awk '{printf "%s %.1f MB\n", $NF, $5 / 1e6}'

measure() {  # label, command...: prints "label seconds peak-MB lines"
  local label="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>/dev/null || true
  read -r seconds kb <"$work/time"
  printf "%s %s %s %s\n" "$label" "$seconds" "$((kb / 1024))" "$(wc -l <"$work/out")"
}

{
  for format in json yaml; do
    measure "exporter-$format" "$bin" check --dump "$work/secrets.$format" --output json --log.level error
    measure "python-$format" python3 benchmarks/read_dump.py "$work/secrets.$format"
  done
} >"$work/results"

python3 - "$work/results" <<'PY'
import sys
rows = {label: (float(s), int(mb), int(n)) for label, s, mb, n in (line.split() for line in open(sys.argv[1]))}
goals = {"json": 2.0, "yaml": 5.0}
for fmt in ("json", "yaml"):
    e, p = rows[f"exporter-{fmt}"], rows[f"python-{fmt}"]
    print(f"{fmt}: exporter {e[0]:.2f} s, peak RSS {e[1]} MB, {e[2]} certificates (goal: under {goals[fmt]:.0f} s, under 300 MB)")
    print(f"{fmt}: python   {p[0]:.2f} s, peak RSS {p[1]} MB, {p[2]} certificates")
    print(f"{fmt}: ratio (python/exporter) {p[0] / e[0]:.1f}x")
PY
