#!/usr/bin/env python3
"""promtool test at scale: one issuing CA read at 300 locations by two exporter replicas is one alert.

    python3 alerts/tests/copies-test.py     write the test to a temporary file and run promtool on it

The case the issue reported: every sidecar's chain holds the same issuing CA, so a rule that alerts per
series pages once per pod and once more per replica. 300 proxy dumps (each with a healthy workload
certificate at chain index 0 and the CA at index 1), read by exporter-0 and exporter-1, plus the CA in
the cacerts secret: 602 copies of one CA 20 days from expiry. Expected: exactly one
MeshCertCertificateExpiring (warning) naming 301 locations, and nothing from the workload certificates.
Written as a generator because promtool test files have no loops.
"""

import subprocess
import sys
import tempfile
from pathlib import Path

ALERTS_DIR = Path(__file__).resolve().parent.parent
PODS = 300
REPLICAS = ("exporter-0:9795", "exporter-1:9795")
RUNBOOK = "https://github.com/meshcert/meshcert-exporter/blob/main/alerts/RUNBOOK.md#meshcertcertificateexpiring"


def series(name, labels, values):
    text = ",".join(f'{key}="{value}"' for key, value in labels.items())
    return f"      - series: '{name}{{{text}}}'\n        values: '{values}'\n"


def build():
    out = [f"rule_files:\n  - {ALERTS_DIR / 'meshcert.rules.yml'}\n\nevaluation_interval: 1m\n\ntests:\n",
           "  - name: one CA at 301 locations on two replicas\n    interval: 1m\n    input_series:\n"]
    for instance in REPLICAS:
        exporter = {"job": "meshcert-exporter", "instance": instance}
        for source in ("istio", "cacerts"):
            for layer, (warning, critical) in {"workload": (14400, 3600), "issuing": (2592000, 604800)}.items():
                for severity, value in (("warning", warning), ("critical", critical)):
                    out.append(series("meshcert_source_threshold_seconds",
                                      {**exporter, "source": source, "layer": layer, "severity": severity}, f"{value}x30"))
        places = [("istio", "proxy_dump", f"pod-{i:03d}/default", "1") for i in range(PODS)]
        places.append(("cacerts", "secret", "istio-system/cacerts/ca-cert.pem", "0"))
        for source, kind, location, index in places:
            where = {**exporter, "source": source, "source_kind": kind, "location": location, "chain_index": index,
                     "layer": "issuing"}
            out.append(series("meshcert_cert_not_after_timestamp_seconds", where, "1728000x30"))
            out.append(series("meshcert_cert_info", {**where, "subject_cn": "istio-issuing-ca",
                                                     "issuer_cn": "corp-intermediate-ca",
                                                     "fingerprint_sha256": "fp-istio-issuing-ca"}, "1x30"))
            if kind == "proxy_dump":
                leaf = {**where, "chain_index": "0", "layer": "workload"}
                out.append(series("meshcert_cert_not_after_timestamp_seconds", leaf, "86400x30"))
                out.append(series("meshcert_cert_info", {**leaf, "issuer_cn": "istio-issuing-ca",
                                                         "fingerprint_sha256": f"fp-{location}"}, "1x30"))
    out.append(f"""    alert_rule_test:
      - eval_time: 20m
        alertname: MeshCertCertificateExpiring
        exp_alerts:
          - exp_labels:
              severity: warning
              keyed_by: fingerprint
              layer: issuing
              fingerprint_sha256: fp-istio-issuing-ca
              subject_cn: istio-issuing-ca
              issuer_cn: corp-intermediate-ca
            exp_annotations:
              summary: "Issuing CA CN=istio-issuing-ca expires in 19d 23h 40m 0s."
              description: "The issuing CA certificate CN=istio-issuing-ca (issuer CN=corp-intermediate-ca), SHA-256 fingerprint fp-istio-issuing-ca expires in 19d 23h 40m 0s: it is inside the warning threshold of its layer and has not been renewed. It is one certificate read at {PODS + 1} location(s), for example istio-system/cacerts/ca-cert.pem (source cacerts); this alert stands for all of them."
              runbook_url: "{RUNBOOK}"
      - eval_time: 20m
        alertname: MeshCertRotationStalled
        exp_alerts: []
      - eval_time: 20m
        alertname: MeshCertCertificateExpired
        exp_alerts: []
""")
    return "".join(out)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "copies.test.yml"
        path.write_text(build(), encoding="utf-8")
        result = subprocess.run(["promtool", "test", "rules", str(path)], capture_output=True, text=True)
    sys.stdout.write(result.stdout[-4000:])
    sys.stderr.write(result.stderr[-4000:])
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
