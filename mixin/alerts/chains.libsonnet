// Chain alerts: one per location whose chain is wrong, whichever exporter replica read it.
local util = import '../lib/util.libsonnet';

function(cfg) [
  // Reasons that a certificate alert already reports at the same location are left to that alert.
  util.alert(cfg,
             'MeshCertChainVerifyFailed',
             'critical',
             '10m',
             |||
               max by (@C@, source, source_kind, location, reason) (
                   meshcert_chain_verify_error_info{reason!~"expired|not_yet_valid"} == 1
                 or
                   (
                     meshcert_chain_verify_error_info{reason="expired"} == 1
                       unless on (@X@, source, source_kind, location)
                     (meshcert_cert_not_after_timestamp_seconds <= time())
                   )
                 or
                   (
                     meshcert_chain_verify_error_info{reason="not_yet_valid"} == 1
                       unless on (@X@, source, source_kind, location)
                     (meshcert_cert_not_before_timestamp_seconds > time())
                   )
                 or
                   (
                     meshcert_chain_verified == 0
                       unless on (@X@, source, source_kind, location)
                     meshcert_chain_verify_error_info
                   )
               )
             |||,
             'The certificate chain at {{ $labels.location }} does not verify{{ with $labels.reason }} ({{ . }}){{ end }}.',
             'The chain read at {{ $labels.location }} by source {{ $labels.source }} ({{ $labels.source_kind }}){{ with $labels.@C@ }} in cluster {{ . }}{{ end }} does not build to its trust bundle{{ with $labels.reason }}: {{ . }}{{ end }}. Peers that trust only that bundle reject it.'),

  util.alert(cfg,
             'MeshCertIssuerExpiresBeforeLeaf',
             'warning',
             '30m',
             |||
               min by (@C@, source, source_kind, location) (
                 clamp_min(meshcert_cert_not_after_timestamp_seconds - time(), 0)
                   and on (@X@, source, source_kind, location)
                 (meshcert_chain_issuer_expires_first == 1)
               )
             |||,
             'An issuer in the chain at {{ $labels.location }} expires before the certificate it signed.',
             "In the chain read at {{ $labels.location }} by source {{ $labels.source }} ({{ $labels.source_kind }}){{ with $labels.@C@ }} in cluster {{ . }}{{ end }} an issuing, intermediate or root CA expires before a certificate it signed; the earliest certificate of that chain expires in {{ $value | humanizeDuration }}. The leaf's validity is an illusion: the whole chain fails when that CA expires."),
]
