// The knobs of the meshcert mixin. Override any of them from your own jsonnet:
//   (import 'meshcert-exporter/mixin/mixin.libsonnet') + { _config+:: { clusterLabel: 'k8s_cluster' } }
{
  _config+:: {
    // Selects the exporter's scrape job(s): used by the `up` alert and the dashboards' job variable.
    jobSelector: 'job=~".*meshcert.*"',
    runbookURLPattern: 'https://github.com/meshcert/meshcert-exporter/blob/main/alerts/RUNBOOK.md#%s',
  },
}
