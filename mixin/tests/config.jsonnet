// `jsonnet mixin/tests/config.jsonnet` fails (with the assertion's message) unless _config reaches the rules
// and dashboards it should. Run by scripts/test.sh.
local base = import '../mixin.libsonnet';
local with(cfg) = base + { _config+:: cfg };
local rules(m) = m.prometheusRules.groups[0].rules + m.prometheusAlerts.groups[0].rules;
local record(m, name) = [r for r in m.prometheusRules.groups[0].rules if r.record == name];
local contains(text, part) = std.length(std.findSubstr(part, text)) > 0;

local renamed = with({ clusterLabel: 'k8s_cluster' });
local targets = with({ mtlsTarget+: { default: 0.99, namespaces: { 'legacy-crm': 0.9 } } });
local stall = with({ rotationStallRatio+: { issuing: 0.95 } });
local noStall = with({ rotationStallRatio: { workload: null, issuing: null, intermediate: null, root: null } });
local job = with({ jobSelector: 'job="mesh-certs"' });

assert std.length([r for r in rules(renamed) if contains(r.expr, 'cluster') && !contains(r.expr, 'k8s_cluster')]) == 0
       : 'every rule that groups by the cluster label uses _config.clusterLabel';
assert renamed.grafanaDashboards['meshcert-mesh-mtls.json'].templating.list[1].definition == 'label_values(meshcert_build_info, k8s_cluster)'
       : 'the cluster variable reads _config.clusterLabel';
assert record(targets, 'meshcert:mtls_target:ratio')[0].expr == 'vector(0.99)' : 'the default mTLS target';
assert record(targets, 'destination_namespace:meshcert_mtls_target_override:ratio')[0].labels.destination_namespace == 'legacy-crm'
       : 'a per-namespace mTLS target becomes an override rule';
assert contains(record(stall, 'layer:meshcert_rotation_stall_ratio:effective')[0].expr, '0.95 * group by')
       : 'an opted-in CA layer gets a default stall bound';
assert !contains(record(noStall, 'layer:meshcert_rotation_stall_ratio:effective')[0].expr, 'meshcert_build_info')
       : 'without default bounds only the exporters\' own bounds count';
assert std.length([r for r in rules(job) if std.objectHas(r, 'alert') && r.alert == 'MeshCertExporterDown' && contains(r.expr, 'job="mesh-certs"')]) == 1
       : 'the up alert uses _config.jobSelector';
'mixin config: 7 checks passed'
