#!/usr/bin/env python3
"""A fake Istio mesh for scripts/e2e-alerts.sh: serves destination-side istio_requests_total on 127.0.0.1:PORT.

    python3 scripts/fake-mesh.py PORT

"catalog" receives only mutual TLS, "payments" a quarter of its requests in plaintext. The counters grow with
time, as a mesh's do, so the increase() that --mesh.prometheus-url asks Prometheus for is not empty.
"""

import http.server
import sys
import time

START = time.time()
LINE = ('istio_requests_total{{reporter="destination",destination_workload="{workload}",'
        'destination_workload_namespace="{namespace}",connection_security_policy="{policy}"}} {value}\n')


class MeshStats(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the http.server interface
        tick = int((time.time() - START) * 10)
        body = "".join([
            LINE.format(workload="shelf", namespace="catalog", policy="mutual_tls", value=40 * tick),
            LINE.format(workload="pay", namespace="payments", policy="mutual_tls", value=30 * tick),
            LINE.format(workload="pay", namespace="payments", policy="none", value=10 * tick),
        ]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; version=0.0.4")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), MeshStats).serve_forever()
