// mTLS: the traffic share (from meshcert_mtls_traffic_ratio, which every mesh input writes: polled URLs,
// stats files and the prometheus_url input alike), PeerAuthentication policy, and what endpoints accept.
local util = import '../lib/util.libsonnet';

function(cfg)
  local inCluster = '{{ with $labels.@C@ }} in cluster {{ . }}{{ end }}';
  // A TLS endpoint named by its cluster DNS name, <service>.<namespace>.svc[.<domain>]:<port>[/<sni>]:
  // its namespace and port, to be matched with PeerAuthentication policies.
  local endpointInNamespace(expr) =
    'label_replace(label_replace(%s, "policy_namespace", "$1", "location", "[^.:/]+\\\\.([^.:/]+)\\\\.svc(\\\\.[^:/]*)?:([0-9]+)(/.*)?"), "port", "$3", "location", "[^.:/]+\\\\.([^.:/]+)\\\\.svc(\\\\.[^:/]*)?:([0-9]+)(/.*)?")' % expr;
  local accepting = |||
    (
        label_replace(meshcert_endpoint_plaintext_accepted == 1, "accepts", "plaintext", "", "")
      or on (@X@, source, location)
        label_replace(meshcert_endpoint_accepts_without_client_cert == 1, "accepts", "tls_without_client_cert", "", "")
    )
  |||;
  local acceptsText = '{{ if eq $labels.accepts "plaintext" }}answered a plaintext request{{ else }}completed a TLS handshake without a client certificate and answered{{ end }}';
  [
    // The exporter leaves the ratio out below --mesh.min-events, so a handful of requests makes no ratio.
    // Several exporters (replicas, or shards of the proxies) report the lowest share any of them sees.
    util.alert(cfg,
               'MeshCertMTLSRatioLow',
               'warning',
               '15m',
               |||
                 destination_namespace_traffic:meshcert_mtls_traffic_ratio:min
                   < on (@C@, destination_namespace) group_left
                 destination_namespace:meshcert_mtls_target:ratio
               |||,
               'Only {{ $value | humanizePercentage }} of {{ if eq $labels.traffic "connections" }}TCP connections{{ else }}requests{{ end }} into namespace {{ $labels.destination_namespace }} use mTLS.',
               'Over the exporter\'s window {{ $value | humanizePercentage }} of the {{ if eq $labels.traffic "connections" }}TCP connections opened{{ else }}requests received{{ end }} in namespace {{ $labels.destination_namespace }}' + inCluster + ' were mutual TLS, below its target of {{ with printf `destination_namespace:meshcert_mtls_target:ratio{@C@=%q, destination_namespace=%q}` $labels.@C@ $labels.destination_namespace | query }}{{ . | first | value | humanizePercentage }}{{ else }}(unknown){{ end }}. The rest arrived in plaintext or with an unknown security policy.'),

    util.alert(cfg,
               'MeshCertPermissivePeerAuthentication',
               'warning',
               '30m',
               |||
                 max by (@C@, policy_namespace, policy_name, mode, port, scope) (
                   meshcert_mtls_policy_mode{mode=~"PERMISSIVE|DISABLE"} == 1
                 )
               |||,
               'PeerAuthentication {{ $labels.policy_namespace }}/{{ $labels.policy_name }} allows plaintext ({{ $labels.mode }}).',
               'The PeerAuthentication {{ $labels.policy_namespace }}/{{ $labels.policy_name }}' + inCluster + ' sets mTLS mode {{ $labels.mode }}{{ with $labels.port }} on port {{ . }}{{ end }}, so the workloads it selects accept plaintext connections. If it was meant for a migration window, that window has not been closed.'),

    // Only where PeerAuthentications are read at all (some meshcert_mtls_policy_mode series in the
    // cluster). A mesh-wide PERMISSIVE or DISABLE policy is MeshCertPermissivePeerAuthentication's.
    util.alert(cfg,
               'MeshCertMeshWideMTLSNotStrict',
               'warning',
               '30m',
               |||
                 group by (@C@) (meshcert_mtls_policy_mode)
                 unless on (@C@)
                 meshcert_mtls_policy_mode{scope="mesh", port="", mode=~"STRICT|PERMISSIVE|DISABLE"}
               |||,
               'The mesh{{ with $labels.@C@ }} in cluster {{ . }}{{ end }} has no mesh-wide STRICT PeerAuthentication.',
               'The mesh' + inCluster + ' has {{ with printf `meshcert_mtls_policy_mode{@C@=%q, scope="mesh", mode="UNSET"}` $labels.@C@ | query }}a mesh-wide PeerAuthentication {{ . | first | label "policy_namespace" }}/{{ . | first | label "policy_name" }} with mode UNSET{{ else }}no mesh-wide PeerAuthentication{{ end }}, and Istio treats that as PERMISSIVE: every workload without a STRICT policy of its own accepts plaintext.'),

    util.alert(cfg,
               'MeshCertNamespaceMTLSNotStrict',
               'warning',
               '30m',
               |||
                 group by (@C@, destination_namespace) (meshcert_mtls_traffic_ratio)
                 unless on (@C@, destination_namespace)
                 label_replace(
                   meshcert_mtls_policy_mode{scope="namespace", port="", mode!="UNSET"},
                   "destination_namespace", "$1", "policy_namespace", "(.*)"
                 )
                 unless on (@C@)
                 meshcert_mtls_policy_mode{scope="mesh", port="", mode="STRICT"}
                 and on (@C@)
                 group by (@C@) (meshcert_mtls_policy_mode)
               |||,
               'Namespace {{ $labels.destination_namespace }} receives traffic and no STRICT PeerAuthentication covers it.',
               'Namespace {{ $labels.destination_namespace }}' + inCluster + ' receives mesh traffic, has no namespace-wide PeerAuthentication of its own, and the mesh-wide policy is not STRICT: its workloads accept plaintext.'),

    // Measured, not assumed: the exporter probed the endpoint. One alert per endpoint; plaintext first.
    util.alert(cfg,
               'MeshCertMTLSNotEnforced',
               'warning',
               '15m',
               |||
                 max by (@C@, source, location, accepts) %s
               ||| % accepting,
               'Endpoint {{ $labels.location }} {{ if eq $labels.accepts "plaintext" }}accepts plaintext{{ else }}accepts TLS without a client certificate{{ end }}.',
               'The endpoint {{ $labels.location }} probed by source {{ $labels.source }}' + inCluster + ' ' + acceptsText + ': mutual TLS is not enforced on that port.'),
    // The same where a STRICT PeerAuthentication should cover the port: the policy is not in force
    // (no sidecar, a port outside the capture, a workload outside the selector). The endpoint must be
    // named <service>.<namespace>.svc:<port>; a workload policy is matched by namespace and port only.
    util.alert(cfg,
               'MeshCertMTLSNotEnforced',
               'critical',
               '15m',
               |||
                 max by (@C@, source, location, accepts, policy_namespace, port) (
                     (
                       %(e)s
                         and on (@C@, policy_namespace)
                       meshcert_mtls_policy_mode{scope="namespace", port="", mode="STRICT"}
                     )
                   or
                     (
                       %(e)s
                         and on (@C@)
                       meshcert_mtls_policy_mode{scope="mesh", port="", mode="STRICT"}
                         unless on (@C@, policy_namespace)
                       meshcert_mtls_policy_mode{scope="namespace", port="", mode!="UNSET"}
                         unless on (@C@, policy_namespace)
                       label_replace(group by (@C@) (meshcert_build_info), "policy_namespace", "", "", "")
                     )
                   or
                     (
                       %(e)s
                         and on (@C@, policy_namespace, port)
                       meshcert_mtls_policy_mode{scope="workload", port!="", mode="STRICT"}
                     )
                 )
               ||| % { e: endpointInNamespace(std.rstripChars(accepting, '\n')) },
               'Endpoint {{ $labels.location }} {{ if eq $labels.accepts "plaintext" }}accepts plaintext{{ else }}accepts TLS without a client certificate{{ end }} although a STRICT PeerAuthentication covers it.',
               'The endpoint {{ $labels.location }} probed by source {{ $labels.source }}' + inCluster + ' ' + acceptsText + ', although a STRICT PeerAuthentication covers port {{ $labels.port }} in namespace {{ $labels.policy_namespace }}: the policy is not in force there.'),
  ]
