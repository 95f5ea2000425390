// The two dashboards. Their panels are in mesh-mtls.libsonnet and certificate-expiry.libsonnet; here they
// get the cluster, job and instance variables, and every selector the matchers for them (@SEL@ in a panel's
// query; @CSEL@ where only the cluster applies, on recording rules; @CL@ the cluster label in joins).
{
  local cfg = $._config,

  local query(name, label, definition, hide=0) = {
    type: 'query',
    name: name,
    label: label,
    datasource: { type: 'prometheus', uid: '${datasource}' },
    definition: definition,
    query: { qryType: 1, query: definition, refId: 'PrometheusVariableQueryEditor-VariableQuery' },
    current: { selected: true, text: ['All'], value: ['$__all'] },
    hide: hide,
    includeAll: true,
    allValue: '.*',
    multi: true,
    options: [],
    refresh: 2,
    regex: '',
    skipUrlSync: false,
    sort: 1,
  },
  local variables = [
    query('cluster', 'Cluster', 'label_values(meshcert_build_info, %s)' % cfg.clusterLabel),
    query('job', 'Job', 'label_values(meshcert_build_info{%s=~"$cluster"}, job)' % cfg.clusterLabel),
    query('instance', 'Instance', 'label_values(meshcert_build_info{%s=~"$cluster", job=~"$job"}, instance)' % cfg.clusterLabel),
  ],

  local fill(text) =
    std.strReplace(std.strReplace(std.strReplace(std.strReplace(text,
                                                                '@SEL@',
                                                                '%s=~"$cluster", job=~"$job", instance=~"$instance"' % cfg.clusterLabel),
                                                 '@CSEL@',
                                                 '%s=~"$cluster"' % cfg.clusterLabel),
                                  'on (job, instance,',
                                  'on (%s, job, instance,' % cfg.clusterLabel),
                   '@CL@',
                   cfg.clusterLabel),
  // Only queries carry placeholders; std.strReplace is slow, so it runs on those fields alone.
  local queryFields = ['expr', 'definition', 'query'],
  local deep(x) =
    if std.isArray(x) then [deep(e) for e in x]
    else if std.isObject(x) then {
      [k]: if std.member(queryFields, k) && std.isString(x[k]) then fill(x[k]) else deep(x[k])
      for k in std.objectFields(x)
    }
    else x,
  // The datasource variable first, then cluster, job, instance, then the dashboard's own.
  local board(b) = deep(b) + {
    templating: { list: [b.templating.list[0]] + variables + [deep(v) for v in b.templating.list[1:]] },
  },

  grafanaDashboards+:: {
    'meshcert-mesh-mtls.json': board(import 'mesh-mtls.libsonnet'),
    'meshcert-certificate-expiry.json': board(import 'certificate-expiry.libsonnet'),
  },
}
