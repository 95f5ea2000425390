// The knobs of the meshcert mixin. Override any of them from your own jsonnet:
//   (import 'meshcert-exporter/mixin/mixin.libsonnet') + { _config+:: { clusterLabel: 'k8s_cluster' } }
// then render with mixin/generate.sh (or your own jsonnet -> YAML step).
{
  _config+:: {
    // The exporter's scrape job(s): the `up` alert (MeshCertExporterDown) and the dashboards' job variable.
    // meshcert_* names are unique, so the other rules need no job selector.
    jobSelector: 'job=~".*meshcert.*"',

    // The label that tells clusters (meshes) apart, from Prometheus' external labels or relabelling. Alerts
    // keep it and drop `job` and `instance`: two exporter replicas, or two exporters reading the same CA,
    // raise one alert. Series without it group as one cluster.
    clusterLabel: 'cluster',

    // Every alert's runbook_url: the pattern's %s is the alert name in lower case (a GitHub anchor).
    runbookURLPattern: 'https://github.com/meshcert/meshcert-exporter/blob/main/alerts/RUNBOOK.md#%s',

    // MeshCertRotationStalled: the share of its lifetime a certificate may use before it counts as not
    // rotated, per layer; null leaves the layer out. An exporter that publishes meshcert_rotation_stall_ratio
    // (its configuration) is judged by its own bounds alone; these apply to exporters that publish none.
    rotationStallRatio: { workload: 0.9, issuing: null, intermediate: null, root: null },

    // MeshCertMTLSRatioLow: the mTLS share each destination namespace must keep, over the exporter's window.
    // `namespaces` gives some of them their own target (0 silences one); rule files of your own can add
    // destination_namespace:meshcert_mtls_target_override:ratio series too (RUNBOOK.md#meshcertmtlsratiolow).
    mtlsTarget: { default: 0.999, namespaces: {} },

    // MeshCertDumpStale: a dump, a secret or configmap list, or a stats file whose content has not
    // changed for this long was written by a job that has stopped. Sources read from the Kubernetes API
    // (they have meshcert_kubernetes_watch_up) and plain certificate files are not judged.
    dumpMaxAgeSeconds: 3600,
    dumpSelector: 'source_kind=~"proxy_dump|secret|configmap|mesh_stats"',

    // The trust bundles the trust alerts judge: the mesh's, not the Kubernetes API's kube-root-ca.crt
    // (in every namespace, and trusting none of the mesh's issuers by design). Add other non-mesh bundles here.
    trustBundleSelector: 'location!~"[^/]+/kube-root-ca.crt/.*"',

    // MeshCertTrustBundleDrift: how long the bundles of one mesh may disagree (a root rollout).
    trustBundleDriftFor: '1h',

    // Dashboards.
    dashboardTags: ['meshcert'],
    dashboardRefresh: '1m',
  },
}
