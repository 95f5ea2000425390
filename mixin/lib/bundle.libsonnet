// The bundle name that trust bundles of one mesh share, as a label: ROOTCA for a proxy dump's
// <pod>/ROOTCA, <name>/<key> for a secret or configmap <namespace>/<name>/<key> (istio-ca-root-cert is in
// every namespace), the location itself for anything else (a file, an endpoint's ca_file).
{
  labelled(metric, selector):: |||
    (
        label_replace(%(m)s{source_kind="proxy_dump", %(sel)s}, "bundle", "$1", "location", ".*/([^/]+)")
      or
        label_replace(%(m)s{source_kind=~"secret|configmap", %(sel)s}, "bundle", "$1", "location", "[^/]+/(.+)")
      or
        label_replace(%(m)s{source_kind!~"proxy_dump|secret|configmap", %(sel)s}, "bundle", "$1", "location", "(.*)")
    )
  ||| % { m: metric, sel: selector },
}
