// Shared by the rules, alerts and dashboards of the mixin.
{
  // The labels of one certificate series (the contract's identity); `layer` rides beside it.
  identity:: ['source', 'source_kind', 'location', 'chain_index'],

  // Placeholders in rule text: @C@ the cluster label, @X@ the labels of one exporter (cluster, job,
  // instance: joins between one exporter's own series), @ID@ the certificate identity.
  fill(cfg, text)::
    std.strReplace(std.strReplace(std.strReplace(text,
                                                 '@X@',
                                                 std.join(', ', [cfg.clusterLabel, 'job', 'instance'])),
                                  '@ID@',
                                  std.join(', ', self.identity)),
                   '@C@',
                   cfg.clusterLabel),

  // Template text for an alert that stands for many locations: "<n> location(s), for example <location>
  // (source <source>)". `query` is a printf format of a PromQL query grouping by (source, location, ...),
  // `args` the template arguments it takes. The example is the smallest location name, so it does not
  // change from one evaluation to the next.
  locations(query, args, withSource=true)::
    '{{ $found := printf `' + query + '` ' + args + ' | query }}{{ $where := "" }}{{ $from := "" }}'
    + '{{ range $found }}{{ if or (eq $where "") (lt .Labels.location $where) }}{{ $where = .Labels.location }}{{ $from = .Labels.source }}{{ end }}{{ end }}'
    + '{{ len $found }} location(s), for example {{ $where }}' + (if withSource then ' (source {{ $from }})' else ''),

  // One alerting rule with the annotations every MeshCert alert has.
  alert(cfg, name, severity, forDuration, expr, summary, description, labels={}):: {
    alert: name,
    expr: $.fill(cfg, expr),
    'for': forDuration,
    labels: { severity: severity } + labels,
    annotations: {
      summary: $.fill(cfg, summary),
      description: $.fill(cfg, description),
      runbook_url: std.format(cfg.runbookURLPattern, std.asciiLower(name)),
    },
  },
}
