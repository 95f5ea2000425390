#!/usr/bin/env python3
"""The checks of scripts/e2e-alerts.sh, through Prometheus' HTTP API.

    python3 scripts/e2e-alerts-check.py PROMETHEUS_URL PANEL_QUERIES CERTS_DIR EXPORTER_A EXPORTER_B ENDPOINT

The pending and firing alerts must be exactly the expected set: each expected alert present once, nothing else.
The wave-2 families (WAVE2_FAMILIES) must be present, with their alerts; an issuing CA that a trust bundle does
not trust is expected as named by its series. Then every dashboard panel expression must evaluate and return data.
"""

import json
import os
import sys
import time
import urllib.parse
import urllib.request

BASE, QUERIES_FILE, CERTS, EXPORTER_A, EXPORTER_B, ENDPOINT = sys.argv[1:7]

# Both exporters read every certificate: each is one alert all the same. The dying issuing CA is inside its
# critical threshold, so its warning holds too (Alertmanager inhibits it; Prometheus shows both).
EXPECTED = {
    ("MeshCertCertificateExpiring", "warning", "warning/cert-chain.pem"),
    ("MeshCertCertificateExpiring", "critical", "CA E2E Dying Issuing CA"),
    ("MeshCertCertificateExpiring", "warning", "CA E2E Dying Issuing CA"),
    ("MeshCertCertificateExpired", "critical", "expired/cert-chain.pem"),
    ("MeshCertCertificateNotYetValid", "critical", "notyet/cert-chain.pem"),
    ("MeshCertIssuerExpiresBeforeLeaf", "warning", "critical/cert-chain.pem"),
    # The endpoint (scripts/make-test-chain.sh): its chain does not build to the ca_file bundle given, and its
    # 20-day issuing CA is inside its 30-day warning and expires before the 90-day leaf it signed.
    ("MeshCertChainVerifyFailed", "critical", ENDPOINT),
    ("MeshCertCertificateExpiring", "warning", "CA Compare Issuing CA"),
    ("MeshCertIssuerExpiresBeforeLeaf", "warning", ENDPOINT),
    # the stats file (exporter A): constant counters, so the ratio alone
    ("MeshCertMTLSRatioLow", "warning", "legacy/requests"),
    ("MeshCertMTLSRatioLow", "warning", "legacy/connections"),
    # the prometheus_url input (exporter B): no counters at all
    ("MeshCertMTLSRatioLow", "warning", "payments/requests"),
    ("MeshCertPermissivePeerAuthentication", "warning", "legacy/default"),
    # Self-monitoring stays per exporter: each replica that cannot read the broken file says so.
    ("MeshCertSourceDown", "warning", f"broken/bad.pem on {EXPORTER_A}"),
    ("MeshCertSourceDown", "warning", f"broken/bad.pem on {EXPORTER_B}"),
}

# The wave-2 families this scenario must produce, and the alerts each brings.
WAVE2_FAMILIES = {
    # openssl s_server asks for no client certificate and answers over TLS (--endpoint.check-enforcement).
    "meshcert_endpoint_accepts_without_client_cert": {("MeshCertMTLSNotEnforced", "warning", ENDPOINT)},
    # weak/cert-chain.pem: a leaf signed with SHA-1 by openssl; one alert per certificate, by fingerprint.
    "meshcert_cert_weak_crypto_info": {("MeshCertWeakCrypto", "warning", "CA e2e-sha1-leaf")},
    # the dumps here are minutes old: never stale, but the family must be there for MeshCertDumpStale to work.
    "meshcert_source_last_change_timestamp_seconds": set(),
}


def get(path, **params):
    url = BASE + path + ("?" + urllib.parse.urlencode(params) if params else "")
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def has(metric):
    return bool(get("/api/v1/query", query=f"count({metric})")["data"]["result"])


def key(alert):
    """What an alert is about, in one string: a CA by its name, anything else by its place."""
    labels = alert["labels"]
    if labels.get("keyed_by") == "fingerprint":
        where = "CA " + labels.get("subject_cn", "")
    elif "location" in labels:
        where = labels["location"].replace(CERTS + "/", "")
        if labels["alertname"] in ("MeshCertSourceDown", "MeshCertSourceErrors"):
            where += " on " + labels.get("instance", "")
    elif "destination_namespace" in labels:
        where = labels["destination_namespace"] + "/" + labels.get("traffic", "")
    elif "policy_namespace" in labels:
        where = labels["policy_namespace"] + "/" + labels["policy_name"]
    else:
        where = labels.get("issuer_subject", labels.get("source", labels.get("instance", "")))
    return labels["alertname"], labels.get("severity", ""), where


def expectations():
    wanted = set(EXPECTED)
    for alerts in WAVE2_FAMILIES.values():
        wanted |= alerts
    if has("meshcert_trust_bundle_untrusted_issuer_info"):
        query = "group by (issuer_subject) (meshcert_trust_bundle_untrusted_issuer_info)"
        for series in get("/api/v1/query", query=query)["data"]["result"]:
            wanted.add(("MeshCertIssuerUntrustedByBundle", "critical", series["metric"]["issuer_subject"]))
    return wanted


def main():
    # Once Prometheus has scraped both exporters, a file breaks: an error both see happen.
    for _ in range(100):
        if len(get("/api/v1/query", query="meshcert_build_info")["data"]["result"]) == 2:
            break
        time.sleep(0.2)
    os.makedirs(os.path.join(CERTS, "broken"), exist_ok=True)
    with open(os.path.join(CERTS, "broken", "bad.pem"), "w") as handle:
        handle.write("-----BEGIN CERTIFICATE-----\nnot base64 at all\n")

    deadline = time.time() + 90
    while time.time() < deadline:
        if set(map(key, get("/api/v1/alerts")["data"]["alerts"])) >= expectations():
            break
        time.sleep(1)
    # An extra alert may need a few more evaluations to show: look again before judging "exactly".
    time.sleep(5)
    alerts = get("/api/v1/alerts")["data"]["alerts"]
    found, wanted = set(map(key, alerts)), expectations()
    for fact in sorted(found):
        print(f"alert: {fact[0]} severity={fact[1]} at {fact[2]}")
    failures = []
    if wanted - found:
        failures.append(f"expected alerts not pending or firing: {sorted(wanted - found)}")
    if found - wanted:
        failures.append(f"alerts that should not be there: {sorted(found - wanted)}")
    if len(alerts) != len(found):
        failures.append(f"{len(alerts)} alerts for {len(found)} distinct facts: something is raised twice "
                        f"(a replica pair must raise one alert)")
    # Certificate alerts name what they are about, joined from meshcert_cert_info.
    unnamed = [a["labels"] for a in alerts if a["labels"]["alertname"].startswith("MeshCertCertificate")
               and ("issuer_cn" not in a["labels"]
                    or (a["labels"].get("keyed_by") == "fingerprint" and "fingerprint_sha256" not in a["labels"]))]
    if unnamed:
        failures.append(f"certificate alerts without the names joined from meshcert_cert_info: {unnamed}")
    per_instance = [a["labels"] for a in alerts if "instance" in a["labels"]
                    and not a["labels"]["alertname"].startswith(("MeshCertSource", "MeshCertCollection", "MeshCertExporter"))]
    if per_instance:
        failures.append(f"alerts that keep `instance` (a replica pair would raise them twice): {per_instance}")
    for family in WAVE2_FAMILIES:
        if not has(family):
            failures.append(f"the exporter wrote no {family}")

    queries = [line.strip() for line in open(QUERIES_FILE) if line.strip()]
    empty, errors = [], []
    for query in queries:
        try:
            result = get("/api/v1/query", query=query)
            if result.get("status") != "success":
                errors.append((query, result))
            elif not result["data"]["result"]:
                empty.append(query)
        except Exception as error:  # noqa: BLE001 - report every failing expression
            errors.append((query, str(error)))
    print(f"dashboard expressions: {len(queries)} evaluated, {len(errors)} errors, {len(empty)} without data")
    failures += [f"panel expression failed: {query}: {error}" for query, error in errors]
    failures += [f"panel expression returned no data: {query}" for query in empty]
    if failures:
        print("\n".join(failures))
        return 1
    print(f"exactly the {len(wanted)} expected alerts; every panel expression answers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
