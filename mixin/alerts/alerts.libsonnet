{
  prometheusAlerts+:: {
    groups+: [
      {
        name: 'meshcert.alerts',
        rules:
          (import 'certificates.libsonnet')($._config) +
          (import 'chains.libsonnet')($._config) +
          (import 'trust.libsonnet')($._config) +
          (import 'mtls.libsonnet')($._config) +
          (import 'health.libsonnet')($._config),
      },
    ],
  },
}
