#!/usr/bin/env python3
"""The baseline for benchmarks/dumps.sh: Python reading a `kubectl get secrets -A` dump with
yaml.safe_load or json.load, then every certificate key with `cryptography`, printing the same fields."""
import base64
import json
import sys

import yaml
from cryptography import x509

sys.path.insert(0, __import__("os").path.dirname(__file__))
from read_certs import row  # noqa: E402

KEY_SUFFIXES = (".crt", ".pem", ".cer")


def main(path):
    with open(path, "rb") as handle:
        document = json.load(handle) if path.endswith(".json") else yaml.safe_load(handle)
    out = sys.stdout
    for item in document.get("items", [document]):
        if item.get("kind") != "Secret":
            continue
        meta = item.get("metadata", {})
        for key, value in (item.get("data") or {}).items():
            if not key.endswith(KEY_SUFFIXES) or key.endswith("key.pem") or not value:
                continue
            location = f"{meta.get('namespace', '')}/{meta.get('name', '')}/{key}"
            certs = x509.load_pem_x509_certificates(base64.b64decode(value))
            for index, cert in enumerate(certs):
                out.write(json.dumps(row(location, index, cert)) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
