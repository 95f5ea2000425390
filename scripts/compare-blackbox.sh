#!/usr/bin/env bash
# Acceptance: against the same nginx TLS endpoint, meshcert_chain_earliest_not_after_timestamp_seconds
# equals Debian's prometheus-blackbox-exporter's probe_ssl_earliest_cert_expiry.
# Starts nginx (a three-tier chain whose issuing CA expires first), blackbox_exporter (tcp + tls,
# insecure_skip_verify) and the exporter (--endpoint), prints both values; exits 1 when they differ.
# Usage: scripts/compare-blackbox.sh [path/to/meshcert-exporter]   (default: the debug build)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
for tool in nginx prometheus-blackbox-exporter openssl curl python3; do
  command -v "$tool" >/dev/null || { echo "needs $tool (Debian: nginx-light, prometheus-blackbox-exporter)" >&2; exit 2; }
done
bin="${1:-}"
if [ -z "$bin" ]; then
  swift build --product meshcert-exporter >/dev/null
  bin="$(swift build --show-bin-path)/meshcert-exporter"
fi
work="$(mktemp -d)"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$work"' EXIT


scripts/make-test-chain.sh "$work/pki"
tls_port=$(free_port); bb_port=$(free_port); mc_port=$(free_port)

mkdir -p "$work/nginx/tmp"
cat >"$work/nginx/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $work/nginx/tmp;
  proxy_temp_path $work/nginx/tmp;
  fastcgi_temp_path $work/nginx/tmp;
  uwsgi_temp_path $work/nginx/tmp;
  scgi_temp_path $work/nginx/tmp;
  server {
    listen 127.0.0.1:$tls_port ssl;
    ssl_certificate $work/pki/fullchain.pem;
    ssl_certificate_key $work/pki/key.pem;
    location / { return 200 "ok\n"; }
  }
}
CONF
nginx -e "$work/nginx/error.log" -p "$work/nginx" -c "$work/nginx/nginx.conf" &
pids+=($!); wait_port "$tls_port" "${pids[-1]}"

cat >"$work/blackbox.yml" <<CONF
modules:
  tls:
    prober: tcp
    timeout: 5s
    tcp:
      tls: true
      tls_config:
        insecure_skip_verify: true
CONF
prometheus-blackbox-exporter --config.file "$work/blackbox.yml" --web.listen-address "127.0.0.1:$bb_port" >"$work/blackbox.log" 2>&1 &
pids+=($!); wait_port "$bb_port" "${pids[-1]}"

"$bin" --endpoint "127.0.0.1:$tls_port" --endpoint.server-name localhost --endpoint.ca-file "$work/pki/root.pem" --collector.chain_earliest_not_after \
  --web.listen-address "127.0.0.1:$mc_port" --log.level error &
pids+=($!); wait_port "$mc_port" "${pids[-1]}"

blackbox=$(curl -sf "http://127.0.0.1:$bb_port/probe?module=tls&target=127.0.0.1:$tls_port")
meshcert=$(curl -sf "http://127.0.0.1:$mc_port/metrics")
value() { # metric-prefix text
  awk -v m="$1" 'index($0, m) == 1 { print $NF; exit }' <<<"$2"
}
bb=$(value "probe_ssl_earliest_cert_expiry " "$blackbox")
# The endpoint's own chain (the ca_file's roots are a location of the source too).
mc=$(value "meshcert_chain_earliest_not_after_timestamp_seconds{source=\"endpoints\",source_kind=\"endpoint\",location=\"127.0.0.1:$tls_port/" "$meshcert")
issuing=$(openssl x509 -in "$work/pki/issuing.pem" -noout -enddate | cut -d= -f2)
echo "nginx 127.0.0.1:$tls_port presents leaf, issuing CA (NotAfter $issuing), intermediate CA"
printf '%-58s %s\n' "blackbox_exporter probe_ssl_earliest_cert_expiry" "${bb:-missing}"
printf '%-58s %s\n' "meshcert_chain_earliest_not_after_timestamp_seconds" "${mc:-missing}"
grep -E '^meshcert_(endpoint_up|chain_verified|endpoint_tls_version_info)' <<<"$meshcert" | sed 's/^/  /'
if [ -z "$bb" ] || [ -z "$mc" ]; then echo "FAIL: a value is missing" >&2; exit 1; fi
if python3 -c 'import sys; sys.exit(0 if int(float(sys.argv[1])) == int(float(sys.argv[2])) else 1)' "$bb" "$mc"; then
  echo "OK: equal ($(python3 -c 'import sys; print(int(float(sys.argv[1])))' "$mc"))"
else
  echo "FAIL: they differ" >&2; exit 1
fi
