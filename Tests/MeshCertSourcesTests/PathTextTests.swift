import Testing

@testable import MeshCertSources

@Suite("Path text")
struct PathTextTests {
    @Test(
        "the last component and a sibling, for absolute, relative and bare names",
        arguments: [
            ("/etc/certs/tls.crt", "tls.crt", "/etc/certs/ca.crt"),
            ("certs/tls.crt", "tls.crt", "certs/ca.crt"),
            ("tls.crt", "tls.crt", "ca.crt"),
            ("/tls.crt", "tls.crt", "/ca.crt"),
            ("/var/run/secrets/..data/tls.crt", "tls.crt", "/var/run/secrets/..data/ca.crt"),
            ("/certs/caf\u{E9}/tls.crt", "tls.crt", "/certs/caf\u{E9}/ca.crt"),
        ]
    )
    func components(path: String, last: String, sibling: String) {
        #expect(PathText.lastComponent(path) == last)
        #expect(PathText.sibling(of: path, named: "ca.crt") == sibling)
    }
}
