// meshcert-exporter monitoring mixin: prometheusRules, prometheusAlerts and grafanaDashboards, all
// built from _config (config.libsonnet). mixin/generate.sh writes the files users apply.
(import 'config.libsonnet') +
(import 'rules/rules.libsonnet') +
(import 'alerts/alerts.libsonnet') +
(import 'dashboards/dashboards.libsonnet')
