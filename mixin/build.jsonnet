// What mixin/generate.sh renders: one rule file (recording rules first) and every dashboard.
local mixin = import 'mixin.libsonnet';
{
  rules: { groups: mixin.prometheusRules.groups + mixin.prometheusAlerts.groups },
  dashboards: mixin.grafanaDashboards,
}
