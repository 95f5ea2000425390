// The executable and the server spell `DurationText` and the Prometheus text types through this
// module, as they did before the parsers had a module of their own; re-exported so their files need
// no change while they are being rewritten. New code imports MeshCertParsers itself.
@_exported import MeshCertParsers
