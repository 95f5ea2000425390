// Certificate alerts. A workload certificate is alerted per place it is read (its identity); a CA per
// certificate: every copy of one CA (the same fingerprint_sha256, wherever and by whichever exporter it
// was read) is one alert that says how many locations hold it and names one.
local util = import '../lib/util.libsonnet';

function(cfg)
  local cn = '{{ with $labels.subject_cn }}CN={{ . }}{{ else }}without a subject CN{{ end }}';
  local issuer = '(issuer {{ with $labels.issuer_cn }}CN={{ . }}{{ else }}without a CN{{ end }})';
  local inCluster = '{{ with $labels.@C@ }} in cluster {{ . }}{{ end }}';
  local place = 'at {{ $labels.location }}, chain index {{ $labels.chain_index }}, source {{ $labels.source }} ({{ $labels.source_kind }})' + inCluster;
  local copies =
    'It is one certificate read at '
    + util.locations('group by (source, source_kind, location) (meshcert_cert_info{@C@=%q, fingerprint_sha256=%q})', '$labels.@C@ $labels.fingerprint_sha256')
    + '; this alert stands for all of them.';
  local ca = 'The {{ $labels.layer }} CA certificate ' + cn + ' ' + issuer + ', SHA-256 fingerprint {{ $labels.fingerprint_sha256 }}' + inCluster;

  // A per-copy condition (labels: exporter, identity, layer) becomes one series per place for the
  // workload layer and one per fingerprint for the CA layers; `agg` picks the value reported.
  local perLocation(agg, condition) = |||
    %s by (@C@, @ID@, layer, subject_cn, issuer_cn) (
      (
    %s  )
      * on (@X@, @ID@) group_left (subject_cn, issuer_cn)
      meshcert_cert_info
    )
  ||| % [agg, std.join('', ['    ' + l + '\n' for l in std.split(std.rstripChars(condition('layer="workload"'), '\n'), '\n')])];
  local perCertificate(agg, condition) = |||
    %s by (@C@, layer, fingerprint_sha256, subject_cn, issuer_cn) (
      (
    %s  )
      * on (@X@, @ID@) group_left (fingerprint_sha256, subject_cn, issuer_cn)
      meshcert_cert_info
    )
  ||| % [agg, std.join('', ['    ' + l + '\n' for l in std.split(std.rstripChars(condition('layer!="workload"'), '\n'), '\n')])];

  local expiring(severity) = function(layer) |||
    (meshcert_cert_not_after_timestamp_seconds{%s} - time() > 0)
      < on (@X@, source, layer) group_left
    meshcert_source_threshold_seconds{severity="%s"}
  ||| % [layer, severity];
  local expired(layer) = 'time() - meshcert_cert_not_after_timestamp_seconds{%s} >= 0\n' % layer;
  local notYetValid(layer) = 'meshcert_cert_not_before_timestamp_seconds{%s} - time() > 0\n' % layer;
  // Past the layer's stall bound and still outside its warning threshold: inside it the certificate is
  // MeshCertCertificateExpiring's, and a certificate that lives less than its warning threshold (a
  // 20-day CA under a 30-day warning) is never outside it, so never "stalled".
  local stalled(layer) = |||
    (
      (time() - meshcert_cert_not_before_timestamp_seconds{%(l)s})
        /
      (meshcert_cert_not_after_timestamp_seconds{%(l)s} - meshcert_cert_not_before_timestamp_seconds{%(l)s})
    )
      > on (@X@, layer) group_left
    layer:meshcert_rotation_stall_ratio:effective
    and on (@X@, @ID@)
    (
      meshcert_cert_not_after_timestamp_seconds{%(l)s} - time()
        >= on (@X@, source, layer) group_left
      meshcert_source_threshold_seconds{severity="warning"}
    )
  ||| % { l: layer };

  // The label `keyed_by` says which of the two an alert is (location or fingerprint; not `identity`, a
  // label of meshcert_cert_info from ztunnel dumps): Alertmanager's
  // inhibition and grouping use it, and it keeps the two rules of one name and severity apart.
  local alert(keyedBy, name, severity, forDuration, expr, summary, description) =
    util.alert(cfg, name, severity, forDuration, expr, summary, description, { keyed_by: keyedBy });

  [
    // Warning and critical both hold inside the critical threshold; alerts/alertmanager.yml inhibits the
    // warning then, so it neither pages twice nor "resolves" when the critical starts.
    alert('location',
          'MeshCertCertificateExpiring',
          'warning',
          '15m',
          perLocation('min', expiring('warning')),
          '{{ $labels.layer | title }} certificate at {{ $labels.location }} expires in {{ $value | humanizeDuration }}.',
          'The {{ $labels.layer }} certificate ' + cn + ' ' + issuer + ' ' + place + ', expires in {{ $value | humanizeDuration }}: it is inside the warning threshold of its layer and has not been renewed.'),
    alert('fingerprint',
          'MeshCertCertificateExpiring',
          'warning',
          '15m',
          perCertificate('min', expiring('warning')),
          '{{ $labels.layer | title }} CA {{ with $labels.subject_cn }}CN={{ . }}{{ else }}(no CN){{ end }} expires in {{ $value | humanizeDuration }}.',
          ca + ' expires in {{ $value | humanizeDuration }}: it is inside the warning threshold of its layer and has not been renewed. ' + copies),
    alert('location',
          'MeshCertCertificateExpiring',
          'critical',
          '5m',
          perLocation('min', expiring('critical')),
          '{{ $labels.layer | title }} certificate at {{ $labels.location }} expires in {{ $value | humanizeDuration }}.',
          'The {{ $labels.layer }} certificate ' + cn + ' ' + issuer + ' ' + place + ', expires in {{ $value | humanizeDuration }}: it is inside the critical threshold of its layer. Renew it now; mTLS through it fails when it expires.'),
    alert('fingerprint',
          'MeshCertCertificateExpiring',
          'critical',
          '5m',
          perCertificate('min', expiring('critical')),
          '{{ $labels.layer | title }} CA {{ with $labels.subject_cn }}CN={{ . }}{{ else }}(no CN){{ end }} expires in {{ $value | humanizeDuration }}.',
          ca + ' expires in {{ $value | humanizeDuration }}: it is inside the critical threshold of its layer. Renew it now; every certificate that chains to it fails when it expires. ' + copies),

    alert('location',
          'MeshCertCertificateExpired',
          'critical',
          '1m',
          perLocation('max', expired),
          '{{ $labels.layer | title }} certificate at {{ $labels.location }} expired {{ $value | humanizeDuration }} ago.',
          'The {{ $labels.layer }} certificate ' + cn + ' ' + issuer + ' ' + place + ', expired {{ $value | humanizeDuration }} ago. Peers reject it: every handshake that presents it fails.'),
    alert('fingerprint',
          'MeshCertCertificateExpired',
          'critical',
          '1m',
          perCertificate('max', expired),
          '{{ $labels.layer | title }} CA {{ with $labels.subject_cn }}CN={{ . }}{{ else }}(no CN){{ end }} expired {{ $value | humanizeDuration }} ago.',
          ca + ' expired {{ $value | humanizeDuration }} ago. Every handshake that chains to it fails. ' + copies),

    // Ten minutes absorbs clock skew between the CA and Prometheus, which is seconds, not minutes.
    alert('location',
          'MeshCertCertificateNotYetValid',
          'critical',
          '10m',
          perLocation('max', notYetValid),
          '{{ $labels.layer | title }} certificate at {{ $labels.location }} is not valid for another {{ $value | humanizeDuration }}.',
          'The {{ $labels.layer }} certificate ' + cn + ' ' + issuer + ' ' + place + ', becomes valid only in {{ $value | humanizeDuration }} (NotBefore is in the future). Peers reject it until then; look for a wrong clock on the issuer.'),
    alert('fingerprint',
          'MeshCertCertificateNotYetValid',
          'critical',
          '10m',
          perCertificate('max', notYetValid),
          '{{ $labels.layer | title }} CA {{ with $labels.subject_cn }}CN={{ . }}{{ else }}(no CN){{ end }} is not valid for another {{ $value | humanizeDuration }}.',
          ca + ' becomes valid only in {{ $value | humanizeDuration }} (NotBefore is in the future). Certificates that chain to it are rejected until then; look for a wrong clock on its issuer. ' + copies),

    // Only layers with a stall bound (layer:meshcert_rotation_stall_ratio:effective) are judged.
    alert('location',
          'MeshCertRotationStalled',
          'warning',
          '15m',
          perLocation('max', stalled),
          '{{ $labels.layer | title }} certificate at {{ $labels.location }} is not being rotated ({{ $value | humanizePercentage }} of its lifetime used).',
          'The {{ $labels.layer }} certificate ' + cn + ' ' + place + ", has used {{ $value | humanizePercentage }} of its lifetime, more than its layer's stall bound, and has not been replaced. Rotation is stuck; MeshCertCertificateExpiring follows at the warning threshold."),
    alert('fingerprint',
          'MeshCertRotationStalled',
          'warning',
          '15m',
          perCertificate('max', stalled),
          '{{ $labels.layer | title }} CA {{ with $labels.subject_cn }}CN={{ . }}{{ else }}(no CN){{ end }} is not being rotated ({{ $value | humanizePercentage }} of its lifetime used).',
          ca + ' has used {{ $value | humanizePercentage }} of its lifetime, more than the stall bound configured for its layer, and has not been replaced. MeshCertCertificateExpiring follows at the warning threshold. ' + copies),

    alert('fingerprint',
          'MeshCertWeakCrypto',
          'warning',
          '30m',
          |||
            count by (@C@, layer, fingerprint_sha256, subject_cn, issuer_cn) (
              group by (@C@, @ID@, layer, fingerprint_sha256, subject_cn, issuer_cn) (
                meshcert_cert_weak_crypto_info
                * on (@X@, @ID@) group_left (fingerprint_sha256, subject_cn, issuer_cn)
                meshcert_cert_info
              )
            )
          |||,
          '{{ $labels.layer | title }} certificate {{ with $labels.subject_cn }}CN={{ . }}{{ else }}(no CN){{ end }} uses weak cryptography.',
          'The {{ $labels.layer }} certificate ' + cn + ' ' + issuer + ', SHA-256 fingerprint {{ $labels.fingerprint_sha256 }}' + inCluster + ', is weak: '
          + '{{ $sep := "" }}' + std.join('', [
            '{{ with printf `meshcert_cert_weak_crypto_info{reason="' + reason + '"} * on (@X@, @ID@) group_left meshcert_cert_info{@C@=%q, fingerprint_sha256=%q}` $labels.@C@ $labels.fingerprint_sha256 | query }}{{ $sep }}' + reason + '{{ $sep = ", " }}{{ end }}'
            // the contract's reasons, in a fixed order
            for reason in ['md5_signature', 'sha1_signature', 'rsa_key_under_2048', 'ec_curve_under_256', 'dsa_key']
          ]) + '. '
          + 'It is read at ' + util.locations('group by (source, source_kind, location) (meshcert_cert_info{@C@=%q, fingerprint_sha256=%q})', '$labels.@C@ $labels.fingerprint_sha256') + '. Re-issue it with SHA-256 or better and an RSA key of 2048 bits or more (or ECDSA P-256 or better).'),
  ]
