#!/usr/bin/env bash
# Sets up what the test suite needs on a fresh Debian machine (promtool, openssl, setpriv, nginx,
# blackbox_exporter, amtool and alertmanager, jsonnet) and runs all of it.
# The README's test command and .ci/run both call exactly this script.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
command -v amtool >/dev/null 2>&1 || need+=(prometheus-alertmanager)
command -v jsonnet >/dev/null 2>&1 || need+=(jsonnet)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v setpriv >/dev/null 2>&1 || need+=(util-linux)
command -v nginx >/dev/null 2>&1 || need+=(nginx-light)
command -v prometheus-blackbox-exporter >/dev/null 2>&1 || need+=(prometheus-blackbox-exporter)
command -v fusermount3 >/dev/null 2>&1 || need+=(fuse3)
/usr/bin/python3 -c 'import fusepy' >/dev/null 2>&1 || need+=(python3-fusepy)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
if ((${#need[@]})); then
  echo "==> installing test peers from Debian: ${need[*]}"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

echo "==> swift build (tests and the exporter binary the CLI tests run)"
swift build --build-tests

echo "==> mixin: alerts/meshcert.rules.yml, the PrometheusRule and dashboards/*.json are what mixin/ renders"
mixin/generate.sh --check
jsonnet -S mixin/tests/config.jsonnet

echo "==> alert rules: promtool check and unit tests, one CA at 301 locations, Alertmanager config and inhibition"
promtool check rules alerts/meshcert.rules.yml
promtool test rules alerts/tests/*.test.yml
python3 alerts/tests/copies-test.py
python3 alerts/generate-prometheusrule.py --check
amtool check-config alerts/alertmanager.yml
python3 alerts/tests/inhibition-test.py
if [ -d dashboards ]; then
  echo "==> dashboards: valid JSON, every panel query parses, PANELS.md in sync"
  for f in dashboards/*.json; do python3 -m json.tool "$f" >/dev/null; done
  python3 dashboards/list-panel-queries.py --promtool
  python3 dashboards/list-panel-queries.py --check-markdown
  python3 - <<'PY'
import sys
panels = open("dashboards/PANELS.md").read()
tables = panels[panels.index("## Mesh mTLS"):].strip().replace("\n## ", "\n### ").replace("## Mesh mTLS", "### Mesh mTLS", 1)
readme = open("README.md").read()
copy = readme[readme.index("<!-- panels:begin -->") + len("<!-- panels:begin -->"):readme.index("<!-- panels:end -->")].strip()
if copy != tables:
    sys.exit("README.md's panel tables differ from dashboards/PANELS.md: copy them over")
print("README's panel tables match dashboards/PANELS.md")
PY
fi

echo "==> swift test"
swift test --skip-build

echo "==> the exporter as a process: a hung FUSE mount beside a good file, and signals"
python3 scripts/test-process.py "$(swift build --show-bin-path)/meshcert-exporter"

echo "==> soak, 60 s: /metrics under wrk while a ..data mount swaps every 10 s; RSS must not keep growing"
benchmarks/soak.sh 1 "$(swift build --show-bin-path)/meshcert-exporter" 48

echo "==> fuzz: every parser of outside bytes for 30 s under libFuzzer and AddressSanitizer"
scripts/fuzz.sh 30

echo "==> alerts end to end: a real Prometheus with the rules, scraping a real exporter"
scripts/e2e-alerts.sh "$(swift build --show-bin-path)/meshcert-exporter"
scripts/e2e-rotation.sh "$(swift build --show-bin-path)/meshcert-exporter"

echo "==> endpoints: the exporter and blackbox_exporter agree on one nginx endpoint's earliest expiry"
scripts/compare-blackbox.sh "$(swift build --show-bin-path)/meshcert-exporter"
