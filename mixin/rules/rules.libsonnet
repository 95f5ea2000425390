{
  prometheusRules+:: {
    groups+: [
      {
        name: 'meshcert.rules',
        rules: [
          {
            record: 'destination_namespace:meshcert_mesh_requests:rate5m',
            expr: |||
              sum by (destination_namespace) (rate(meshcert_mesh_requests_total[5m]))
            |||,
          },
          {
            record: 'destination_namespace:meshcert_mesh_requests_mtls:ratio_rate5m',
            expr: |||
              (
                  sum by (destination_namespace) (rate(meshcert_mesh_requests_total{security_policy="mutual_tls"}[5m]))
                or
                  0 * sum by (destination_namespace) (rate(meshcert_mesh_requests_total[5m]))
              )
              /
              sum by (destination_namespace) (rate(meshcert_mesh_requests_total[5m]))
            |||,
          },
          {
            record: 'mesh:meshcert_mesh_requests_mtls:ratio_rate5m',
            expr: |||
              (
                  sum(rate(meshcert_mesh_requests_total{security_policy="mutual_tls"}[5m]))
                or
                  0 * sum(rate(meshcert_mesh_requests_total[5m]))
              )
              /
              sum(rate(meshcert_mesh_requests_total[5m]))
            |||,
          },
          {
            record: 'destination_namespace:meshcert_mesh_connections:rate5m',
            expr: |||
              sum by (destination_namespace) (rate(meshcert_mesh_connections_total[5m]))
            |||,
          },
          {
            record: 'destination_namespace:meshcert_mesh_connections_mtls:ratio_rate5m',
            expr: |||
              (
                  sum by (destination_namespace) (rate(meshcert_mesh_connections_total{security_policy="mutual_tls"}[5m]))
                or
                  0 * sum by (destination_namespace) (rate(meshcert_mesh_connections_total[5m]))
              )
              /
              sum by (destination_namespace) (rate(meshcert_mesh_connections_total[5m]))
            |||,
          },
          {
            record: 'mesh:meshcert_mesh_connections_mtls:ratio_rate5m',
            expr: |||
              (
                  sum(rate(meshcert_mesh_connections_total{security_policy="mutual_tls"}[5m]))
                or
                  0 * sum(rate(meshcert_mesh_connections_total[5m]))
              )
              /
              sum(rate(meshcert_mesh_connections_total[5m]))
            |||,
          },
          {
            record: 'meshcert:mtls_target:ratio',
            expr: 'vector(0.999)',
          },
          {
            record: 'destination_namespace:meshcert_mtls_target:ratio',
            expr: |||
              min by (destination_namespace) (destination_namespace:meshcert_mtls_target_override:ratio)
              or
              (
                  group by (destination_namespace) (meshcert_mesh_requests_total)
                or
                  group by (destination_namespace) (meshcert_mesh_connections_total)
              )
              * on () group_left
              meshcert:mtls_target:ratio
            |||,
          },
        ],
      },
    ],
  },
}
