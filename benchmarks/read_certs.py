#!/usr/bin/env python3
"""The baseline for benchmarks/files.sh: Python's `cryptography` reading the same PEM files and
extracting the same fields the exporter's `check --output json` prints, one JSON line each.

    read_certs.py DIR              every field, one JSON line per certificate
    read_certs.py --minimal DIR    load_pem_x509_certificates + not_valid_after_utc only (benchmarks/report.sh)
"""
import hashlib
import json
import os
import sys
from datetime import timezone

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import ExtensionOID, NameOID


def common_name(name):
    values = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    return values[-1].value if values else ""


def row(path, index, cert):
    try:
        san = cert.extensions.get_extension_for_oid(ExtensionOID.SUBJECT_ALTERNATIVE_NAME).value
        dns = san.get_values_for_type(x509.DNSName)
        uris = [u for u in san.get_values_for_type(x509.UniformResourceIdentifier) if u.startswith("spiffe://")]
    except x509.ExtensionNotFound:
        dns, uris = [], []
    try:
        ca = cert.extensions.get_extension_for_oid(ExtensionOID.BASIC_CONSTRAINTS).value.ca
    except x509.ExtensionNotFound:
        ca = False
    return {
        "location": path, "chain_index": index, "is_ca": ca,
        "subject_cn": common_name(cert.subject), "issuer_cn": common_name(cert.issuer),
        "subject": cert.subject.rfc4514_string(), "issuer": cert.issuer.rfc4514_string(),
        "serial": format(cert.serial_number, "x"),
        "not_before": cert.not_valid_before_utc.astimezone(timezone.utc).isoformat(),
        "not_after": cert.not_valid_after_utc.astimezone(timezone.utc).isoformat(),
        "spiffe_id": uris[0] if uris else "", "dns_names": dns,
        "fingerprint_sha256": hashlib.sha256(cert.public_bytes(Encoding.DER)).hexdigest(),
    }


def minimal(directory):
    count = 0
    for name in sorted(os.listdir(directory)):
        with open(os.path.join(directory, name), "rb") as handle:
            for cert in x509.load_pem_x509_certificates(handle.read()):
                cert.not_valid_after_utc
                count += 1
    print(count)


def main(directory):
    out = sys.stdout
    for name in sorted(os.listdir(directory)):
        path = os.path.join(directory, name)
        with open(path, "rb") as handle:
            certs = x509.load_pem_x509_certificates(handle.read())
        for index, cert in enumerate(certs):
            out.write(json.dumps(row(path, index, cert)) + "\n")


if __name__ == "__main__":
    if sys.argv[1] == "--minimal":
        minimal(sys.argv[2])
    else:
        main(sys.argv[1])
