# Shared by the test and benchmark scripts: ports on loopback and waiting for servers to listen.
# Source it; it defines functions only.

# A TCP port free on 127.0.0.1 right now.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# wait_port PORT PID: until something accepts on PORT (readiness by connecting), failing if PID exits first.
wait_port() {
  for _ in $(seq 1 400); do
    kill -0 "$2" 2>/dev/null || { echo "process $2 exited before listening on $1" >&2; return 1; }
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.05
  done
  echo "nothing listens on $1" >&2; return 1
}

# wait_http URL: until URL answers 2xx, for at most 20 s.
wait_http() { for _ in $(seq 1 200); do curl -sf -o /dev/null "$1" && return 0; sleep 0.1; done; echo "not ready: $1" >&2; return 1; }

# e2e_setup [BIN]: the end-to-end scripts' common start. Sets `bin` (the exporter: BIN, or the debug
# build's), `bench` (meshcert-bench beside it), `work` (a new temporary directory) and `pids` (processes
# to kill), and removes both on exit.
e2e_setup() {
  bin="${1:-$(swift build --show-bin-path)/meshcert-exporter}"
  bench="$(dirname "$bin")/meshcert-bench"
  work="$(mktemp -d)"
  pids=()
  trap 'for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done; rm -rf "$work"' EXIT
}

# e2e_prometheus PORT: a real Prometheus on 127.0.0.1:PORT with "$work/prometheus.yml", its data in
# "$work/data", added to `pids`; returns once it is ready.
e2e_prometheus() {
  prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" --web.listen-address="127.0.0.1:$1" \
    --log.level=error >"$work/prometheus.log" 2>&1 &
  pids+=($!)
  disown
  wait_http "http://127.0.0.1:$1/-/ready"
}
