// The bundle name that trust bundles of one mesh share, as a label: ROOTCA for a proxy dump's
// <pod>/ROOTCA, <name>/<key> for a secret or configmap <namespace>/<name>/<key> (istio-ca-root-cert is in
// every namespace), the location itself for anything else (a file, an endpoint's ca_file).
{
  labelled(metric):: |||
    (
        label_replace(%(m)s{source_kind="proxy_dump"}, "bundle", "$1", "location", ".*/([^/]+)")
      or
        label_replace(%(m)s{source_kind=~"secret|configmap"}, "bundle", "$1", "location", "[^/]+/(.+)")
      or
        label_replace(%(m)s{source_kind!~"proxy_dump|secret|configmap"}, "bundle", "$1", "location", "(.*)")
    )
  ||| % { m: metric },
}
