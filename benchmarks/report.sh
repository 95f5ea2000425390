#!/usr/bin/env bash
# Benchmark report: the file, dump, endpoint and mesh benchmarks at N certificates (default 1k, 10k, 50k,
# 100k), each figure beside its baseline from the same run, written to BENCHMARKS.md with PNG plots of warm
# scrape time, RSS and body size against N. Prints numbers; asserts nothing.
#
#   benchmarks/report.sh [N ...]        release build; Debian python3-matplotlib for the plots
#   MESHCERT_BIN=path/meshcert-exporter benchmarks/report.sh 1000 10000    a build made elsewhere
#   MESHCERT_BASELINE_BIN=path/meshcert-exporter ...   also serve each corpus with that (earlier) build, at its
#                                                      defaults, as the baseline of the scrape rows
#
# Baselines, same run: `check` against Python cryptography doing only load_pem_x509_certificates +
# not_valid_after_utc over the same files (benchmarks/read_certs.py --minimal); the default families against
# every family and label switched on (the exposition before the cardinality switches); gzip against plain
# text; dumps against Python json.load + cryptography (benchmarks/read_dump.py).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 50000 100000)
bin="${MESHCERT_BIN:-$(swift build -c release --show-bin-path)/meshcert-exporter}"
[ -n "${MESHCERT_BIN:-}" ] || swift build -c release >/dev/null
# The fixture writer, in one place: meshcert-bench where it exists, else the exporter's hidden subcommand.
bench="$(dirname "$bin")/meshcert-bench"
if [ -x "$bench" ]; then fixtures="$bench generate-fixtures"; else fixtures="$bin generate-fixtures"; fi
fixtures="${MESHCERT_FIXTURES:-$fixtures}"
out="${MESHCERT_REPORT:-BENCHMARKS.md}"
work="$(mktemp -d)"
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT

python3 -c 'import cryptography, yaml' 2>/dev/null || pip install -q cryptography pyyaml
results="$work/results.tsv"
: >"$results"
record() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$results"; echo "  $1 N=$2: $3"; }
now() { date +%s.%N; }
seconds() { python3 -c "print(f'{$2 - $1:.4f}')"; }

# scrape URL [gzip]: prints "seconds bytes" of one GET (bytes as sent on the wire; the body itself is
# dropped, so that writing it to disk is not timed).
scrape() {
  local header=()
  [ "${2:-}" = gzip ] && header=(-H 'Accept-Encoding: gzip')
  curl -sf "${header[@]}" -o /dev/null -w '%{time_total} %{size_download}\n' "$1"
}

# best URL COUNT [gzip]: the fastest of COUNT scrapes, "seconds bytes".
best() {
  local fastest=1e9 size=0 t
  for _ in $(seq "$2"); do
    read -r t size < <(scrape "$1" "${3:-}")
    fastest=$(python3 -c "print(min($fastest, $t))")
  done
  echo "$fastest $size"
}

# serve LABEL N DIR FLAGS...: cold scrape, 5 warm ones (best), RSS after them, gzip (Prometheus asks for it:
# one to deflate what is kept, then the best of 3), and "churn": the best of 3 scrapes each after two files
# swapped their certificates (two places rotated between scrapes, as in a live mesh).
serve() {
  local label="$1" n="$2" dir="$3"; shift 3
  local port; port=$(free_port)
  "${serve_bin:-$bin}" --file "$dir" --web.listen-address "127.0.0.1:$port" --log.level error "$@" &
  server=$!
  wait_http "http://127.0.0.1:$port/healthz"
  local url="http://127.0.0.1:$port/metrics"
  read -r cold _ < <(scrape "$url")
  read -r warm size < <(best "$url" 5)
  local rss hwm; rss=$(awk '/VmRSS/ {print $2}' "/proc/$server/status"); hwm=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")
  scrape "$url" gzip >/dev/null
  read -r gz_time gz_size < <(best "$url" 3 gzip)
  local files=("$dir"/*) churn=1e9 t
  for i in 1 2 3; do
    cp "${files[$i]}" "$work/swap"; cp "${files[$((i + 1))]}" "${files[$i]}"; cp "$work/swap" "${files[$((i + 1))]}"
    read -r t _ < <(scrape "$url")
    churn=$(python3 -c "print(min($churn, $t))")
  done
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
  record "$label.cold_s" "$n" "$cold"
  record "$label.warm_s" "$n" "$warm"
  record "$label.body_bytes" "$n" "$size"
  record "$label.rss_kb" "$n" "$rss"
  record "$label.hwm_kb" "$n" "$hwm"
  record "$label.gzip_s" "$n" "$gz_time"
  record "$label.gzip_bytes" "$n" "$gz_size"
  record "$label.churn_s" "$n" "$churn"
}

for n in "${sizes[@]}"; do
  files=$((n / 2))
  echo "==> N=$n: $files files, a workload certificate and its issuing CA each"
  $fixtures --count "$files" "$work/certs-$n" >/dev/null
  t0=$(now); "$bin" check --file "$work/certs-$n" --output json --log.level error >"$work/check.jsonl" || true; t1=$(now)
  python3 benchmarks/read_certs.py --minimal "$work/certs-$n" >/dev/null; t2=$(now)
  record files.check_s "$n" "$(seconds "$t0" "$t1")"
  record files.python_minimal_s "$n" "$(seconds "$t1" "$t2")"
  serve default "$n" "$work/certs-$n"
  serve all_families "$n" "$work/certs-$n" \
    --collector.cert_expires_in --collector.cert_lifetime --collector.cert_lifetime_elapsed_ratio \
    --collector.cert_mtls_usable --collector.chain_earliest_not_after
  serve minimum "$n" "$work/certs-$n" \
    --no-collector.cert_not_before --no-collector.info_dns_names --no-collector.info_ip_addresses --no-collector.info_dump_labels
  if [ -n "${MESHCERT_BASELINE_BIN:-}" ]; then serve_bin="$MESHCERT_BASELINE_BIN" serve previous "$n" "$work/certs-$n"; fi
  rm -rf "$work/certs-$n"

  echo "==> N=$n: a kubectl dump of $files secrets (a chain and a CA each)"
  $fixtures --dump json --count "$files" "$work/secrets.json" >/dev/null
  /usr/bin/time -f "%e %M" -o "$work/time" "$bin" check --dump "$work/secrets.json" --output json --log.level error >/dev/null 2>&1 || true
  read -r s kb < <(tail -n1 "$work/time"); record dump.check_s "$n" "$s"; record dump.check_peak_kb "$n" "$kb"
  /usr/bin/time -f "%e %M" -o "$work/time" python3 benchmarks/read_dump.py "$work/secrets.json" >/dev/null 2>&1 || true
  read -r s kb < <(tail -n1 "$work/time"); record dump.python_s "$n" "$s"; record dump.python_peak_kb "$n" "$kb"
  rm -f "$work/secrets.json"
done

# Endpoints and mesh stats do not scale with certificates read from disk: their own fixed-size runs, which
# build .build/release themselves (skipped when MESHCERT_BIN points elsewhere).
if [ -n "${MESHCERT_BIN:-}" ]; then
  echo "(skipped: MESHCERT_BIN is set; run benchmarks/endpoints.sh on a .build/release build)" >"$work/endpoints.txt"
elif command -v nginx >/dev/null && command -v prometheus-blackbox-exporter >/dev/null; then
  echo "==> endpoints (500 TLS listeners, against blackbox_exporter)"
  benchmarks/endpoints.sh >"$work/endpoints.txt" 2>&1 || echo "(endpoint benchmark failed)" >>"$work/endpoints.txt"
else
  echo "(nginx-light or prometheus-blackbox-exporter missing: scripts/test.sh installs them)" >"$work/endpoints.txt"
fi
if [ -n "${MESHCERT_BIN:-}" ]; then
  echo "(skipped: MESHCERT_BIN is set; run benchmarks/mesh-stats.sh on a .build/release build)" >"$work/mesh.txt"
else
  echo "==> mesh stats (20 MB sidecar payload)"
  benchmarks/mesh-stats.sh >"$work/mesh.txt" 2>&1 || echo "(mesh stats benchmark failed)" >>"$work/mesh.txt"
fi

machine="$(uname -srm); $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo); $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo); $("$bin" --version 2>/dev/null | head -1); $(swift --version 2>/dev/null | head -1)"
# Debian's python3-matplotlib lives beside /usr/bin/python3, which may not be the python3 on PATH.
plotter=python3
python3 -c 'import matplotlib' 2>/dev/null || { [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import matplotlib' 2>/dev/null && plotter=/usr/bin/python3; }
"$plotter" benchmarks/render_report.py "$results" "$out" "$machine" "$work/endpoints.txt" "$work/mesh.txt"
echo "wrote $out"
