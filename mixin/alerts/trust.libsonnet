// Trust bundles and CA rotation safety (the contract's wave-2 families). A "mesh" whose bundles must
// agree is one bundle name within one source in one cluster: the label `bundle` that the recording rule
// bundle:meshcert_trust_bundle_info:group derives from the location (ROOTCA for a proxy dump,
// <name>/<key> for a secret or configmap in any namespace, the location itself otherwise).
local bundle = import '../lib/bundle.libsonnet';
local util = import '../lib/util.libsonnet';

function(cfg)
  local inCluster = '{{ with $labels.@C@ }} in cluster {{ . }}{{ end }}';
  [
    // One alert per untrusted issuer, however many bundles (every proxy's ROOTCA) miss it.
    util.alert(cfg,
               'MeshCertIssuerUntrustedByBundle',
               'critical',
               '10m',
               |||
                 count by (@C@, issuer_subject, issuer_fingerprint) (
                   group by (@C@, source, source_kind, location, issuer_subject, issuer_fingerprint) (
                     meshcert_trust_bundle_untrusted_issuer_info{%s}
                       and on (@X@, source, source_kind, location)
                     (meshcert_trust_bundle_untrusted_issuers > 0)
                   )
                 )
               ||| % cfg.trustBundleSelector,
               'Issuing CA {{ $labels.issuer_subject }} is in use but {{ $value }} trust bundle(s) do not trust it.',
               'The issuing CA {{ $labels.issuer_subject }} (SHA-256 fingerprint {{ $labels.issuer_fingerprint }})' + inCluster + ' signed workload certificates that were read, but its chain does not build to the trust bundles at ' + util.locations('group by (source, location) (meshcert_trust_bundle_untrusted_issuer_info{@C@=%q, issuer_fingerprint=%q, ' + cfg.trustBundleSelector + '})', '$labels.@C@ $labels.issuer_fingerprint') + '. Handshakes from its workloads to the owners of those bundles fail now: a CA was issued from before every bundle trusted its root, or an old root was removed while workloads still hold certificates chained to it.'),

    util.alert(cfg,
               'MeshCertTrustBundleDrift',
               'warning',
               cfg.trustBundleDriftFor,
               |||
                 count by (@C@, source, source_kind, bundle) (
                   group by (@C@, source, source_kind, bundle, roots_fingerprint) (bundle:meshcert_trust_bundle_info:group)
                 ) > 1
               |||,
               'The {{ $labels.bundle }} trust bundles of source {{ $labels.source }} disagree ({{ $value }} different root sets).',
               'The trust bundles named {{ $labels.bundle }} read by source {{ $labels.source }} ({{ $labels.source_kind }})' + inCluster + ' should hold the same roots but hold {{ $value }} different sets, for longer than a rollout (' + cfg.trustBundleDriftFor + '). Some holders are still on an old set of roots: a CA issued from a root they lack fails their handshakes.'),

    util.alert(cfg,
               'MeshCertTrustBundleNoSuccessor',
               'critical',
               '15m',
               |||
                 min by (@C@, source, source_kind, bundle) (
                   (%s - time())
                     < on (@X@, source) group_left
                   meshcert_source_threshold_seconds{layer="root", severity="critical"}
                 )
               ||| % bundle.labelled('meshcert_trust_bundle_latest_not_after_timestamp_seconds', cfg.trustBundleSelector),
               'The {{ $labels.bundle }} trust bundles of source {{ $labels.source }} have no root that outlives {{ $value | humanizeDuration }}.',
               'The longest-lived root of the trust bundles named {{ $labels.bundle }} read by source {{ $labels.source }} ({{ $labels.source_kind }})' + inCluster + " expires in {{ $value | humanizeDuration }}, inside the root layer's critical threshold, and no successor root is in place at " + util.locations('group by (source, location) (meshcert_trust_bundle_latest_not_after_timestamp_seconds{@C@=%q, source=%q, source_kind=%q} - time() < on (@X@, source) group_left meshcert_source_threshold_seconds{layer="root", severity="critical"})', '$labels.@C@ $labels.source $labels.source_kind', false) + '. Add the new root to every bundle now (step 1 of a root rotation).'),
  ]
