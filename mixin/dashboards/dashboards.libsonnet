{
  grafanaDashboards+:: {
    'meshcert-mesh-mtls.json': (import 'mesh-mtls.libsonnet'),
    'meshcert-certificate-expiry.json': (import 'certificate-expiry.libsonnet'),
  },
}
