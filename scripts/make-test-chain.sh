#!/usr/bin/env bash
# Writes a three-tier chain with openssl into DIR: root.pem, chain.pem (leaf, issuing, intermediate),
# fullchain.pem (same), key.pem (the leaf's), for localhost and 127.0.0.1. The issuing CA expires
# first (20 days) so the earliest NotAfter of the chain is not the leaf's (90 days).
# Usage: scripts/make-test-chain.sh DIR
set -euo pipefail
dir="$1"
mkdir -p "$dir"
cd "$dir"
ec() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
cat >ext.cnf <<'CNF'
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = DNS:localhost, IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF
ec root.key; ec intermediate.key; ec issuing.key; ec key.pem
openssl req -x509 -new -key root.key -subj "/CN=Compare Root CA" -days 3650 -out root.pem \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
sign() { # subject key issuer-cert issuer-key days section out
  openssl req -new -key "$2" -subj "/CN=$1" -out csr.pem 2>/dev/null
  openssl x509 -req -in csr.pem -CA "$3" -CAkey "$4" -CAcreateserial -days "$5" -extfile ext.cnf -extensions "$6" -out "$7" 2>/dev/null
}
sign "Compare Intermediate CA" intermediate.key root.pem root.key 1000 ca intermediate.pem
sign "Compare Issuing CA" issuing.key intermediate.pem intermediate.key 20 ca issuing.pem
sign "localhost" key.pem issuing.pem issuing.key 90 leaf leaf.pem
cat leaf.pem issuing.pem intermediate.pem >fullchain.pem
cp fullchain.pem chain.pem
rm -f csr.pem *.srl
