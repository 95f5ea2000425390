// Recording rules: stall bounds, mTLS shares and targets, trust bundle names.
local bundle = import '../lib/bundle.libsonnet';
local util = import '../lib/util.libsonnet';

{
  prometheusRules+:: {
    local cfg = $._config,
    local layers = ['workload', 'issuing', 'intermediate', 'root'],
    local configured = [l for l in layers if cfg.rotationStallRatio[l] != null],
    local fallback = std.join('\n  or\n', [
      '  label_replace(%g * group by (@C@, job, instance) (meshcert_build_info), "layer", "%s", "", "")' % [cfg.rotationStallRatio[l], l]
      for l in configured
    ]),
    local namespaces = std.objectFields(cfg.mtlsTarget.namespaces),

    groups+: [
      {
        name: 'meshcert.rules',
        rules: [
          // The stall bound of each layer for each exporter. The exporter's own bounds
          // (meshcert_rotation_stall_ratio, from its configuration) win; an exporter that publishes none
          // gets the mixin's _config.rotationStallRatio. Layers without a bound are never "stalled".
          {
            record: 'layer:meshcert_rotation_stall_ratio:effective',
            expr: util.fill(cfg, if std.length(configured) == 0 then |||
              max by (@C@, job, instance, layer) (meshcert_rotation_stall_ratio)
            ||| else |||
              max by (@C@, job, instance, layer) (meshcert_rotation_stall_ratio)
              or
              (
              %s
              )
              unless on (@C@, job, instance)
              meshcert_rotation_stall_ratio
            ||| % fallback),
          },

          // mTLS share per destination namespace and mesh-wide, from the ratio every mesh input writes
          // (polled URLs, stats files, the prometheus_url input). Several exporters: the lowest share.
          {
            record: 'destination_namespace_traffic:meshcert_mtls_traffic_ratio:min',
            expr: util.fill(cfg, |||
              min by (@C@, destination_namespace, traffic) (meshcert_mtls_traffic_ratio)
            |||),
          },
          {
            record: 'traffic:meshcert_mesh_mtls_traffic_ratio:min',
            expr: util.fill(cfg, |||
              min by (@C@, traffic) (meshcert_mesh_mtls_traffic_ratio)
            |||),
          },
          // The default mTLS target of every namespace (_config.mtlsTarget.default).
          {
            record: 'meshcert:mtls_target:ratio',
            expr: 'vector(%g)' % cfg.mtlsTarget.default,
          },
        ] + [
          // _config.mtlsTarget.namespaces, as overrides beside any of your own rule files.
          {
            record: 'destination_namespace:meshcert_mtls_target_override:ratio',
            expr: 'vector(%g)' % cfg.mtlsTarget.namespaces[ns],
            labels: { override: 'mixin-config', destination_namespace: ns },
          }
          for ns in namespaces
        ] + [
          // The effective target per namespace that has traffic: the lowest override that selects the
          // namespace (by name, in every cluster), else the default.
          {
            record: 'destination_namespace:meshcert_mtls_target:ratio',
            expr: util.fill(cfg, |||
              (
                group by (@C@, destination_namespace) (meshcert_mtls_traffic_ratio)
                * on (destination_namespace) group_left
                min by (destination_namespace) (destination_namespace:meshcert_mtls_target_override:ratio)
              )
              or
              (
                group by (@C@, destination_namespace) (meshcert_mtls_traffic_ratio)
                * on () group_left
                meshcert:mtls_target:ratio
              )
            |||),
          },

          // Each trust bundle with the name the bundles of one mesh share (see mixin/lib/bundle.libsonnet).
          {
            record: 'bundle:meshcert_trust_bundle_info:group',
            expr: util.fill(cfg, |||
              max by (@C@, source, source_kind, location, bundle, roots_fingerprint) %s
            ||| % bundle.labelled('meshcert_trust_bundle_info', cfg.trustBundleSelector)),
          },
        ],
      },
    ],
  },
}
