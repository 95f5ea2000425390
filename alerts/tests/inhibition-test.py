#!/usr/bin/env python3
"""The inhibit rules of alerts/alertmanager.yml, against a real Alertmanager.

    python3 alerts/tests/inhibition-test.py [path/to/alertmanager]   (default: prometheus-alertmanager, alertmanager)

Starts Alertmanager on loopback with alerts/alertmanager.yml, posts alerts with the label sets the rules produce
(as in the promtool tests) and checks which are inhibited: exactly the expected ones stay active.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

CONFIG = Path(__file__).resolve().parent.parent / "alertmanager.yml"


def alert(name, severity, **labels):
    return {"alertname": name, "severity": severity, **labels}


WORKLOAD = dict(keyed_by="location", cluster="prod", source="istio", source_kind="proxy_dump", chain_index="0", layer="workload")
CA = dict(keyed_by="fingerprint", cluster="prod", layer="issuing", fingerprint_sha256="fp-issuing", subject_cn="istio-issuing-ca")

# (alert labels, stays active?)
CASES = [
    # A workload certificate inside its critical threshold: the warning is held back.
    (alert("MeshCertCertificateExpiring", "critical", location="details-0/default", **WORKLOAD), True),
    (alert("MeshCertCertificateExpiring", "warning", location="details-0/default", **WORKLOAD), False),
    # Another workload certificate only inside its warning threshold: stays.
    (alert("MeshCertCertificateExpiring", "warning", location="ratings-0/default", **WORKLOAD), True),
    # A CA inside its critical threshold: the warning for the same fingerprint is held back...
    (alert("MeshCertCertificateExpiring", "critical", **CA), True),
    (alert("MeshCertCertificateExpiring", "warning", **CA), False),
    # ...but not the warning of another CA, nor the same fingerprint in another cluster.
    (alert("MeshCertCertificateExpiring", "warning", **{**CA, "fingerprint_sha256": "fp-other"}), True),
    (alert("MeshCertCertificateExpiring", "warning", **{**CA, "cluster": "staging"}), True),
    # An endpoint a STRICT policy should cover: critical only.
    (alert("MeshCertMTLSNotEnforced", "critical", cluster="prod", source="probes", location="api.shop.svc:8080",
           accepts="plaintext", policy_namespace="shop", port="8080"), True),
    (alert("MeshCertMTLSNotEnforced", "warning", cluster="prod", source="probes", location="api.shop.svc:8080",
           accepts="plaintext"), False),
    (alert("MeshCertMTLSNotEnforced", "warning", cluster="prod", source="probes", location="10.0.0.7:8080",
           accepts="plaintext"), True),
    # A stale dump holds back the workload alerts of its source, not its CA alerts nor other sources'.
    (alert("MeshCertDumpStale", "warning", cluster="prod", source="dumps", source_kind="proxy_dump"), True),
    (alert("MeshCertCertificateExpired", "critical", **{**WORKLOAD, "source": "dumps", "location": "old-0/default"}), False),
    (alert("MeshCertRotationStalled", "warning", **{**WORKLOAD, "source": "dumps", "location": "old-1/default"}), False),
    (alert("MeshCertCertificateExpired", "critical", **{**WORKLOAD, "location": "live-0/default"}), True),
    (alert("MeshCertCertificateExpired", "critical", **{**CA, "fingerprint_sha256": "fp-expired-ca"}), True),
    # Every exporter gone: one page.
    (alert("MeshCertExporterAbsent", "critical"), True),
    (alert("MeshCertExporterDown", "warning", cluster="prod", job="meshcert", instance="10.0.0.9:9795"), False),
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else (shutil.which("prometheus-alertmanager") or shutil.which("alertmanager"))
    if not binary:
        print("alertmanager not found (Debian: prometheus-alertmanager)", file=sys.stderr)
        return 2
    port, cluster_port = free_port(), free_port()
    with tempfile.TemporaryDirectory() as tmp:
        process = subprocess.Popen([binary, f"--config.file={CONFIG}", f"--storage.path={tmp}",
                                    f"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address=",
                                    "--log.level=error"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        base = f"http://127.0.0.1:{port}/api/v2"
        try:
            for _ in range(200):
                try:
                    urllib.request.urlopen(base + "/status", timeout=1)
                    break
                except OSError:
                    if process.poll() is not None:
                        print(process.stderr.read().decode(), file=sys.stderr)
                        return 1
                    time.sleep(0.05)
            body = json.dumps([{"labels": labels, "annotations": {}} for labels, _ in CASES]).encode()
            request = urllib.request.Request(base + "/alerts", data=body, headers={"Content-Type": "application/json"})
            urllib.request.urlopen(request, timeout=5)
            expected = sorted(json.dumps(labels, sort_keys=True) for labels, active in CASES if active)
            got = []
            for _ in range(50):
                with urllib.request.urlopen(base + "/alerts?active=true&inhibited=false&silenced=false", timeout=5) as r:
                    got = sorted(json.dumps(a["labels"], sort_keys=True) for a in json.load(r))
                if got == expected:
                    break
                time.sleep(0.1)
        finally:
            process.kill()
            process.wait()
    if got != expected:
        print("active alerts differ from the expected ones")
        for line in sorted(set(expected) - set(got)):
            print("  missing (inhibited but should not be):", line)
        for line in sorted(set(got) - set(expected)):
            print("  extra (should be inhibited):", line)
        return 1
    print(f"inhibition: {len(CASES)} alerts posted, {len(expected)} active, {len(CASES) - len(expected)} inhibited, as expected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
