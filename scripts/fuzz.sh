#!/usr/bin/env bash
# Builds the libFuzzer harnesses of Fuzz/ (sanitized: -sanitize=fuzzer,address, scratch path
# .build-fuzz) and runs each for SECONDS (default 30). Fails on any crash, leak, slow unit (over
# 2 s), or use of more than 2 GB. New crashing inputs are written to Fuzz/Crashers/ (git-ignored);
# turn each into a regression test in `swift test`, then fix it.
#
#   scripts/fuzz.sh [SECONDS] [HARNESS...]     e.g. scripts/fuzz.sh 600 FuzzYAMLDump
#
# Every harness named in Fuzz/Package.swift is run unless some are named on the command line.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
seconds=${1:-30}
shift || true

scratch="$root/.build-fuzz"
crashers="$root/Fuzz/Crashers"
mkdir -p "$crashers"

if (($#)); then
  harnesses=("$@")
else
  # The one list of harnesses is the manifest's.
  read -r -a harnesses < <(sed -n 's/^let harnesses = \[\(.*\)\]/\1/p' Fuzz/Package.swift | tr -d '",')
fi

echo "==> fuzz: building ${harnesses[*]} (sanitized, $scratch)"
build_start=$(date +%s)
build() {
  swift build --package-path Fuzz --scratch-path "$scratch" --product "$1" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -g
}
for harness in "${harnesses[@]}"; do
  # Once more on failure: after files move in the root package, SwiftPM's cached plan for a path
  # dependency names the old files and fails once before it plans again.
  build "$harness" || build "$harness"
done
echo "==> fuzz: built in $(($(date +%s) - build_start)) s"
bin=$(swift build --package-path Fuzz --scratch-path "$scratch" --show-bin-path)

failed=()
for harness in "${harnesses[@]}"; do
  # New inputs go to a scratch corpus; the committed seeds stay as they are.
  work="$scratch/corpus/$harness"
  mkdir -p "$work"
  log="$scratch/$harness.log"
  echo "==> fuzz: $harness for ${seconds} s"
  if ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 "$bin/$harness" \
    -timeout=2 -rss_limit_mb=2048 -malloc_limit_mb=2048 -max_total_time="$seconds" -print_final_stats=1 \
    -artifact_prefix="$crashers/$harness-" "$work" "Fuzz/Corpus/$harness" >"$log" 2>&1; then
    grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$log" | tr '\n' ' '
    echo
  else
    failed+=("$harness")
    tail -n 40 "$log"
    echo "!!! $harness failed; the input is in $crashers (log: $log)"
  fi
done

if ((${#failed[@]})); then
  echo "fuzz: failures in ${failed[*]}"
  exit 1
fi
echo "fuzz: ${#harnesses[@]} harnesses ran ${seconds} s each without a crash, leak, slow unit or OOM"
