{
  prometheusAlerts+:: {
    groups+: [
      {
        name: 'meshcert.alerts',
        rules: [
          {
            alert: 'MeshCertCertificateExpiring',
            expr: |||
              (
                (
                  (meshcert_cert_not_after_timestamp_seconds - time() > 0)
                    < on (job, instance, source, layer) group_left
                  meshcert_source_threshold_seconds{severity="warning"}
                )
                unless on (job, instance, source, source_kind, location, chain_index)
                (
                  meshcert_cert_not_after_timestamp_seconds - time()
                    < on (job, instance, source, layer) group_left
                  meshcert_source_threshold_seconds{severity="critical"}
                )
              )
              * on (job, instance, source, source_kind, location, chain_index) group_left (subject_cn, issuer_cn)
              meshcert_cert_info
            |||,
            'for': '15m',
            labels: {
              severity: 'warning',
            },
            annotations: {
              summary: '{{ $labels.layer | title }} certificate at {{ $labels.location }} expires in {{ $value | humanizeDuration }}.',
              description: 'The {{ $labels.layer }} certificate {{ with $labels.subject_cn }}CN={{ . }}{{ else }}without a subject CN{{ end }} (issuer {{ with $labels.issuer_cn }}CN={{ . }}{{ else }}without a CN{{ end }}) at {{ $labels.location }}, chain index {{ $labels.chain_index }}, source {{ $labels.source }} ({{ $labels.source_kind }}), expires in {{ $value | humanizeDuration }}: it is inside the warning threshold of its layer and has not been renewed.',
              runbook_url: 'https://github.com/meshcert/meshcert-exporter/blob/main/alerts/RUNBOOK.md#meshcertcertificateexpiring',
            },
          },
          {
            alert: 'MeshCertCertificateExpiring',
            expr: |||
              (
                (meshcert_cert_not_after_timestamp_seconds - time() > 0)
                  < on (job, instance, source, layer) group_left
                meshcert_source_threshold_seconds{severity="critical"}
              )
              * on (job, instance, source, source_kind, location, chain_index) group_left (subject_cn, issuer_cn)
              meshcert_cert_info
            |||,
            'for': '5m',
            labels: {
              severity: 'critical',
            },
            annotations: {
              summary: '{{ $labels.layer | title }} certificate at {{ $labels.location }} expires in {{ $value | humanizeDuration }}.',
              description: 'The {{ $labels.layer }} certificate {{ with $labels.subject_cn }}CN={{ . }}{{ else }}without a subject CN{{ end }} (issuer {{ with $labels.issuer_cn }}CN={{ . }}{{ else }}without a CN{{ end }}) at {{ $labels.location }}, chain index {{ $labels.chain_index }}, source {{ $labels.source }} ({{ $labels.source_kind }}), expires in {{ $value | humanizeDuration }}: it is inside the critical threshold of its layer. Renew it now; mTLS through it fails when it expires.',
              runbook_url: 'https://github.com/meshcert/meshcert-exporter/blob/main/alerts/RUNBOOK.md#meshcertcertificateexpiring',
            },
          },
          {
            alert: 'MeshCertCertificateExpired',
            expr: |||
              (time() - meshcert_cert_not_after_timestamp_seconds >= 0)
              * on (job, instance, source, source_kind, location, chain_index) group_left (subject_cn, issuer_cn)
              meshcert_cert_info
            |||,
            'for': '1m',
            labels: {
              severity: 'critical',
            },
            annotations: {
              summary: '{{ $labels.layer | title }} certificate at {{ $labels.location }} expired {{ $value | humanizeDuration }} ago.',
              description: 'The {{ $labels.layer }} certificate {{ with $labels.subject_cn }}CN={{ . }}{{ else }}without a subject CN{{ end }} (issuer {{ with $labels.issuer_cn }}CN={{ . }}{{ else }}without a CN{{ end }}) at {{ $labels.location }}, chain index {{ $labels.chain_index }}, source {{ $labels.source }} ({{ $labels.source_kind }}), expired {{ $value | humanizeDuration }} ago. Peers reject it: every handshake that presents or chains to it fails.',
              runbook_url: 'https://github.com/meshcert/meshcert-exporter/blob/main/alerts/RUNBOOK.md#meshcertcertificateexpired',
            },
          },
          {
            alert: 'MeshCertCertificateNotYetValid',
            expr: |||
              (meshcert_cert_not_before_timestamp_seconds - time() > 0)
              * on (job, instance, source, source_kind, location, chain_index) group_left (subject_cn, issuer_cn)
              meshcert_cert_info
            |||,
            'for': '10m',
            labels: {
              severity: 'critical',
            },
            annotations: {
              summary: '{{ $labels.layer | title }} certificate at {{ $labels.location }} is not valid for another {{ $value | humanizeDuration }}.',
              description: 'The {{ $labels.layer }} certificate {{ with $labels.subject_cn }}CN={{ . }}{{ else }}without a subject CN{{ end }} (issuer {{ with $labels.issuer_cn }}CN={{ . }}{{ else }}without a CN{{ end }}) at {{ $labels.location }}, chain index {{ $labels.chain_index }}, source {{ $labels.source }} ({{ $labels.source_kind }}), becomes valid only in {{ $value | humanizeDuration }} (NotBefore is in the future). Peers reject it until then; look for a wrong clock on the issuer.',
              runbook_url: 'https://github.com/meshcert/meshcert-exporter/blob/main/alerts/RUNBOOK.md#meshcertcertificatenotyetvalid',
            },
          },
          {
            alert: 'MeshCertRotationStalled',
            expr: |||
              (
                (
                    ((time() - meshcert_cert_not_before_timestamp_seconds) / (meshcert_cert_not_after_timestamp_seconds - meshcert_cert_not_before_timestamp_seconds))
                      > on (job, instance, layer) group_left
                    meshcert_rotation_stall_ratio
                  or
                    (
                      ((time() - meshcert_cert_not_before_timestamp_seconds) / (meshcert_cert_not_after_timestamp_seconds - meshcert_cert_not_before_timestamp_seconds))
                        and on (job, instance, source, source_kind, location, chain_index)
                      (
                        meshcert_cert_not_after_timestamp_seconds - time()
                          < on (job, instance, source, layer) group_left
                        meshcert_source_threshold_seconds{severity="warning"}
                      )
                    )
                    and on (job, instance, layer)
                    meshcert_rotation_stall_ratio
                )
                unless on (job, instance, source, source_kind, location, chain_index)
                (increase(meshcert_cert_rotations_total[1h]) > 0)
                unless on (job, instance, source, source_kind, location, chain_index)
                (meshcert_cert_not_after_timestamp_seconds <= time())
              )
              * on (job, instance, source, source_kind, location, chain_index) group_left (subject_cn, issuer_cn)
              meshcert_cert_info
            |||,
            'for': '15m',
            labels: {
              severity: 'warning',
            },
            annotations: {
              summary: '{{ $labels.layer | title }} certificate at {{ $labels.location }} is not being rotated ({{ $value | humanizePercentage }} of its lifetime used).',
              description: "The {{ $labels.layer }} certificate {{ with $labels.subject_cn }}CN={{ . }}{{ else }}without a subject CN{{ end }} at {{ $labels.location }}, chain index {{ $labels.chain_index }}, source {{ $labels.source }} ({{ $labels.source_kind }}), has used {{ $value | humanizePercentage }} of its lifetime and has not been replaced in the last hour, although it is past its layer's stall bound or warning threshold. Rotation is stuck; the certificate will expire unless it is renewed.",
              runbook_url: 'https://github.com/meshcert/meshcert-exporter/blob/main/alerts/RUNBOOK.md#meshcertrotationstalled',
            },
          },
          {
            alert: 'MeshCertChainVerifyFailed',
            expr: |||
              meshcert_chain_verify_error_info{reason!~"expired|not_yet_valid"} == 1
              or
              (
                meshcert_chain_verify_error_info{reason="expired"} == 1
                  unless on (job, instance, source, source_kind, location)
                (meshcert_cert_not_after_timestamp_seconds <= time())
              )
              or
              (
                meshcert_chain_verify_error_info{reason="not_yet_valid"} == 1
                  unless on (job, instance, source, source_kind, location)
                (meshcert_cert_not_before_timestamp_seconds > time())
              )
              or
              (
                meshcert_chain_verified == 0
                  unless on (job, instance, source, source_kind, location)
                meshcert_chain_verify_error_info
              )
            |||,
            'for': '10m',
            labels: {
              severity: 'critical',
            },
            annotations: {
              summary: 'The certificate chain at {{ $labels.location }} does not verify{{ with $labels.reason }} ({{ . }}){{ end }}.',
              description: 'The chain read at {{ $labels.location }} by source {{ $labels.source }} ({{ $labels.source_kind }}) does not build to the configured trust bundle{{ with $labels.reason }}: {{ . }}{{ end }}. Peers that trust only that bundle reject it.',
              runbook_url: 'https://github.com/meshcert/meshcert-exporter/blob/main/alerts/RUNBOOK.md#meshcertchainverifyfailed',
            },
          },
          {
            alert: 'MeshCertIssuerExpiresBeforeLeaf',
            expr: |||
              clamp_min(meshcert_chain_earliest_not_after_timestamp_seconds - time(), 0)
                and on (job, instance, source, source_kind, location)
              (meshcert_chain_issuer_expires_first == 1)
            |||,
            'for': '30m',
            labels: {
              severity: 'warning',
            },
            annotations: {
              summary: 'An issuer in the chain at {{ $labels.location }} expires before the certificate it signed.',
              description: "In the chain read at {{ $labels.location }} by source {{ $labels.source }} ({{ $labels.source_kind }}) an issuing, intermediate or root CA expires before a certificate it signed; the earliest certificate of that chain expires in {{ $value | humanizeDuration }}. The leaf's validity is an illusion: the whole chain fails when that CA expires.",
              runbook_url: 'https://github.com/meshcert/meshcert-exporter/blob/main/alerts/RUNBOOK.md#meshcertissuerexpiresbeforeleaf',
            },
          },
          {
            alert: 'MeshCertMTLSRatioLow',
            expr: |||
              destination_namespace:meshcert_mesh_requests_mtls:ratio_rate5m
                < on (destination_namespace)
              destination_namespace:meshcert_mtls_target:ratio
              and on (destination_namespace)
              destination_namespace:meshcert_mesh_requests:rate5m >= 0.1
            |||,
            'for': '15m',
            labels: {
              severity: 'warning',
              traffic: 'requests',
            },
            annotations: {
              summary: 'Only {{ $value | humanizePercentage }} of requests into namespace {{ $labels.destination_namespace }} use mTLS.',
              description: 'Over the last 5 minutes {{ $value | humanizePercentage }} of the requests received in namespace {{ $labels.destination_namespace }} were mutual TLS, below its target of {{ with printf `destination_namespace:meshcert_mtls_target:ratio{destination_namespace=%q}` $labels.destination_namespace | query }}{{ . | first | value | humanizePercentage }}{{ else }}(unknown){{ end }}. The rest arrived in plaintext or with an unknown security policy.',
              runbook_url: 'https://github.com/meshcert/meshcert-exporter/blob/main/alerts/RUNBOOK.md#meshcertmtlsratiolow',
            },
          },
          {
            alert: 'MeshCertMTLSRatioLow',
            expr: |||
              destination_namespace:meshcert_mesh_connections_mtls:ratio_rate5m
                < on (destination_namespace)
              destination_namespace:meshcert_mtls_target:ratio
              and on (destination_namespace)
              destination_namespace:meshcert_mesh_connections:rate5m >= 0.01
            |||,
            'for': '15m',
            labels: {
              severity: 'warning',
              traffic: 'connections',
            },
            annotations: {
              summary: 'Only {{ $value | humanizePercentage }} of TCP connections into namespace {{ $labels.destination_namespace }} use mTLS.',
              description: 'Over the last 5 minutes {{ $value | humanizePercentage }} of the TCP connections opened into namespace {{ $labels.destination_namespace }} were mutual TLS, below its target of {{ with printf `destination_namespace:meshcert_mtls_target:ratio{destination_namespace=%q}` $labels.destination_namespace | query }}{{ . | first | value | humanizePercentage }}{{ else }}(unknown){{ end }}. The rest arrived in plaintext or with an unknown security policy.',
              runbook_url: 'https://github.com/meshcert/meshcert-exporter/blob/main/alerts/RUNBOOK.md#meshcertmtlsratiolow',
            },
          },
          {
            alert: 'MeshCertPermissivePeerAuthentication',
            expr: |||
              meshcert_mtls_policy_mode{mode=~"PERMISSIVE|DISABLE"} == 1
            |||,
            'for': '30m',
            labels: {
              severity: 'warning',
            },
            annotations: {
              summary: 'PeerAuthentication {{ $labels.policy_namespace }}/{{ $labels.policy_name }} allows plaintext ({{ $labels.mode }}).',
              description: 'The PeerAuthentication {{ $labels.policy_namespace }}/{{ $labels.policy_name }} sets mTLS mode {{ $labels.mode }}{{ with $labels.port }} on port {{ . }}{{ end }}, so the workloads it selects accept plaintext connections. If it was meant for a migration window, that window has not been closed.',
              runbook_url: 'https://github.com/meshcert/meshcert-exporter/blob/main/alerts/RUNBOOK.md#meshcertpermissivepeerauthentication',
            },
          },
          {
            alert: 'MeshCertSourceDown',
            expr: |||
              meshcert_source_up == 0
              or on (job, instance, source, location)
              meshcert_endpoint_up == 0
            |||,
            'for': '15m',
            labels: {
              severity: 'warning',
            },
            annotations: {
              summary: 'meshcert-exporter cannot read {{ $labels.location }} (source {{ $labels.source }}).',
              description: "Source {{ $labels.source }}{{ with $labels.source_kind }} ({{ . }}){{ end }} has failed to read {{ $labels.location }} for 15 minutes on {{ $labels.instance }}. The certificates there are missing from the exporter's output, so none of their expiry alerts can fire.",
              runbook_url: 'https://github.com/meshcert/meshcert-exporter/blob/main/alerts/RUNBOOK.md#meshcertsourcedown',
            },
          },
          {
            alert: 'MeshCertSourceErrors',
            expr: |||
              sum by (job, instance, source, source_kind, reason) (increase(meshcert_source_errors_total{reason!="deadline_exceeded"}[15m])) > 0
              unless on (job, instance, source, source_kind)
              (meshcert_source_up == 0)
            |||,
            'for': '30m',
            labels: {
              severity: 'warning',
            },
            annotations: {
              summary: 'Source {{ $labels.source }} keeps failing reads ({{ $labels.reason }}).',
              description: 'Source {{ $labels.source }} ({{ $labels.source_kind }}) on {{ $labels.instance }} has failed reads with reason {{ $labels.reason }} for 30 minutes, {{ $value | printf "%.0f" }} in the last 15 minutes. Certificates it misses on those reads are not measured.',
              runbook_url: 'https://github.com/meshcert/meshcert-exporter/blob/main/alerts/RUNBOOK.md#meshcertsourceerrors',
            },
          },
          {
            alert: 'MeshCertCollectionFailing',
            expr: |||
              meshcert_source_collection_success == 0
            |||,
            'for': '10m',
            labels: {
              severity: 'warning',
            },
            annotations: {
              summary: 'Source {{ $labels.source }} does not finish before the scrape deadline.',
              description: 'Source {{ $labels.source }} on {{ $labels.instance }} has missed the scrape deadline for 10 minutes. Its certificates are exported from its last complete read (expiry times stay right), but a rotation or a new certificate since then is not seen, and without any complete read its certificates are missing.',
              runbook_url: 'https://github.com/meshcert/meshcert-exporter/blob/main/alerts/RUNBOOK.md#meshcertcollectionfailing',
            },
          },
          {
            alert: 'MeshCertExporterAbsent',
            expr: |||
              absent(meshcert_build_info)
            |||,
            'for': '15m',
            labels: {
              severity: 'critical',
            },
            annotations: {
              summary: 'meshcert-exporter has disappeared from Prometheus.',
              description: 'No meshcert_build_info series has been scraped for 15 minutes: the exporter is down, failing every scrape, or no longer discovered. No certificate expiry or mTLS alert can fire while it is gone.',
              runbook_url: 'https://github.com/meshcert/meshcert-exporter/blob/main/alerts/RUNBOOK.md#meshcertexporterabsent',
            },
          },
        ],
      },
    ],
  },
}
