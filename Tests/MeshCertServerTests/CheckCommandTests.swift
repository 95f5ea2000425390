import Foundation
import MeshCertCore
import MeshCertFixtures
import MeshCertTestSupport
import Testing

/// `meshcert-exporter check`, run as the real binary: its rows, its JSON and its exit status.
@Suite("check command")
struct CheckCommandTests {
    let binary = Programs.exporterBinary()
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory("check")
    }

    private func check(_ arguments: [String]) async throws -> ProcessResult {
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build the exporter first: swift build")
        return try await Programs.run(binary, ["check"] + arguments)
    }

    @Test("all ok: exit 0, one row per certificate with location, layer, subject CN, NotAfter, time left, state")
    func ok() async throws {
        defer { directory.remove() }
        let pki = try TestPKI(now: Date())
        let chain = try directory.write("chain.pem", pki.workload.pem + pki.issuing.pem + pki.intermediate.pem + pki.root.pem)
        let result = try await check(["--file", chain])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("SOURCE  LOCATION") == true)
        #expect(lines.first?.contains("TIME LEFT") == true)
        let workloadRow = try #require(lines.first { $0.contains("workload") })
        #expect(workloadRow.hasPrefix("files ") && workloadRow.contains(chain))
        #expect(workloadRow.contains("spiffe://cluster.local/ns/shop/sa/cart"))
        #expect(workloadRow.contains("17h 59m") || workloadRow.contains("18h"))
        #expect(workloadRow.hasSuffix("ok"))
        #expect(lines.contains { $0.contains("root") && $0.contains("Test Root CA") })
        #expect(lines.last == "4 certificates: 4 ok, 0 warning, 0 critical, 0 expired")
    }

    @Test("a warning is exit 1; critical is exit 2; expired is exit 2")
    func states() async throws {
        defer { directory.remove() }
        let warning = try TestPKI(now: Date(), workloadLeft: 3 * Reference.hour)
        let critical = try TestPKI(now: Date(), workloadLeft: 30 * 60)
        let expired = try TestPKI(now: Date(), workloadLeft: -60)
        #expect(try await check(["--file", try directory.write("w.pem", warning.workload.pem)]).status == 1)
        #expect(try await check(["--file", try directory.write("c.pem", critical.workload.pem)]).status == 2)
        let result = try await check(["--file", try directory.write("e.pem", expired.workload.pem), "--output", "json"])
        #expect(result.status == 2)
        #expect(result.stdout.contains(#""state":"expired""#))
    }

    @Test("JSON lines escape quotes, backslashes and control characters in names and paths")
    func jsonEscapes() async throws {
        defer { directory.remove() }
        let pki = try TestPKI(now: Date())
        let name = "q\"b\\t\tn\nc\u{1}é"
        let leaf = try PKIBuilder.issue(
            PKIBuilder.name(commonName: name), by: pki.issuing, notBefore: Date() - 3600, notAfter: Date() + 86_400, profile: .workload()
        )
        let file = try directory.write("odd \"name\".pem", leaf.pem)
        let result = try await check(["--file", file, "--output", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["subject_cn"] as? String == name)
        #expect(object["location"] as? String == file)
        #expect(result.stdout.contains(#""subject_cn":"q\"b\\t\tn\nc\u0001é""#))
    }

    @Test("JSON lines: one object per certificate, parseable, with the fields a script needs")
    func json() async throws {
        defer { directory.remove() }
        let pki = try TestPKI(now: Date())
        let chain = try directory.write("chain.pem", pki.workload.pem + pki.issuing.pem)
        let result = try await check(["--file", chain, "--output", "json"])
        let objects = try result.stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        #expect(objects.count == 2)
        #expect(objects[0]["layer"] as? String == "workload")
        #expect(objects[0]["spiffe_id"] as? String == "spiffe://cluster.local/ns/shop/sa/cart")
        #expect(objects[0]["location"] as? String == chain)
        #expect(objects[1]["layer"] as? String == "issuing")
        #expect(objects[1]["chain_index"] as? Int == 1)
        #expect((objects[0]["expires_in_seconds"] as? Int).map { abs($0 - 18 * 3600) < 120 } == true)
    }

    @Test("JSON lines for over a thousand certificates (written on several cores): every one once, in place order, the unreadable last")
    func manyJSONLines() async throws {
        defer { directory.remove() }
        let pki = try TestPKI(now: Date())
        for index in 0..<520 { try directory.write(String(format: "many/c-%04d.pem", index), pki.workload.pem + pki.issuing.pem) }
        let bad = try directory.write("many/zz-bad.pem", "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n")
        let result = try await check(["--file", directory.path + "/many", "--output", "json"])
        #expect(result.status == 3)
        let objects = try result.stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        #expect(objects.count == 1041)
        let places = objects.dropLast().map { "\($0["location"] as? String ?? "?")#\($0["chain_index"] as? Int ?? -1)" }
        let expected = (0..<520).flatMap { index in
            (0..<2).map { String(format: "%@/many/c-%04d.pem#%d", directory.path, index, $0) }
        }
        #expect(places == expected)
        #expect(objects.last?["record"] as? String == "unreadable")
        #expect(objects.last?["location"] as? String == bad)
    }

    @Test("an unreadable file beside a good one: the good one is printed, the bad one logged, exit 3")
    func unreadable() async throws {
        defer { directory.remove() }
        let pki = try TestPKI(now: Date())
        let good = try directory.write("d/good.pem", pki.root.pem)
        let secret = try directory.write("d/secret.pem", pki.root.pem)
        #expect(chmod(secret, 0) == 0)
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build the exporter first: swift build")
        // Root reads everything: drop to nobody with util-linux's setpriv to meet a real EACCES.
        let result: ProcessResult
        if geteuid() == 0 {
            let setpriv = try #require(Programs.find("setpriv"), "setpriv (util-linux) is needed to test as root")
            #expect(chmod(directory.path, 0o755) == 0)
            #expect(chmod(directory.path + "/d", 0o755) == 0)
            #expect(chmod(good, 0o644) == 0)
            result = try await Programs.run(setpriv, ["--reuid=65534", "--regid=65534", "--clear-groups", binary, "check", "--file", directory.path + "/d"])
        } else {
            result = try await check(["--file", directory.path + "/d"])
        }
        #expect(result.status == 3, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains(good))
        #expect(result.stderr.contains("\(secret) cannot be read: permission denied"))
        #expect(result.stderr.contains("reason=permission_denied"))
    }

    @Test("with mesh stats, the table ends with the mTLS share, mesh-wide and per namespace")
    func meshSummary() async throws {
        defer { directory.remove() }
        let stats = try directory.write(
            "stats.prom",
            """
            istio_requests_total{reporter="destination",destination_workload_namespace="shop",connection_security_policy="mutual_tls"} 900
            istio_requests_total{reporter="destination",destination_workload_namespace="legacy",connection_security_policy="mutual_tls"} 120
            istio_requests_total{reporter="destination",destination_workload_namespace="legacy",connection_security_policy="none"} 120
            istio_requests_total{reporter="source",destination_workload_namespace="legacy",connection_security_policy="unknown"} 5000

            """
        )
        let pki = try TestPKI(now: Date())
        let root = try directory.write("root.pem", pki.root.pem)
        let result = try await check(["--file", root, "--mesh.stats-file", stats])
        // legacy is under the default 99.9 % target: exit 1, and the table says which namespace.
        #expect(result.status == 1, "\(result.stderr)")
        #expect(
            result.stdout.hasSuffix(
                "mTLS share of requests: 89.5% (1020 of 1140) mesh-wide; legacy 50.0% (120 of 240), shop 100.0% (900 of 900)\n"
                    + "namespace legacy: 50.0% of requests use mTLS, under the 99.9% target\n"
            )
        )
        #expect(try await check(["--file", root, "--mesh.stats-file", stats, "--mesh.mtls-target", "0.5"]).status == 0)
        #expect(try await check(["--file", root, "--mesh.stats-file", stats, "--mesh.mtls-target", "1.5"]).status == 64)
    }

    @Test("a certificate not valid yet is critical: exit 2, said in the table and the JSON")
    func notYetValid() async throws {
        defer { directory.remove() }
        // Built for seven hours from now: its workload certificate starts in an hour.
        let future = try TestPKI(now: Date() + 7 * Reference.hour)
        let file = try directory.write("future.pem", future.workload.pem)
        let table = try await check(["--file", file])
        #expect(table.status == 2)
        #expect(table.stdout.contains("critical (not yet valid)"))
        let json = try await check(["--file", file, "--output", "json"])
        #expect(json.stdout.contains(#""state":"critical","not_yet_valid":true"#))
    }

    @Test("a SHA-1 leaf says so in its STATE and in JSON's weak_crypto; its SHA-1 self-signed root does not")
    func weakCrypto() async throws {
        defer { directory.remove() }
        let openssl = try OpenSSLCertificates(in: directory)
        let root = try openssl.root("sha1-root", digest: "sha1")
        let leaf = try openssl.leaf("sha1-leaf", issuer: "sha1-root", digest: "sha1")
        let chain = try directory.write("chain.pem", try String(contentsOfFile: leaf, encoding: .utf8) + String(contentsOfFile: root, encoding: .utf8))
        let table = try await check(["--file", chain])
        let lines = table.stdout.split(separator: "\n").map(String.init)
        #expect(try #require(lines.first { $0.contains("sha1-leaf") }).hasSuffix("ok weak: sha1_signature"))
        #expect(try #require(lines.first { $0.contains("sha1-root") && !$0.contains("sha1-leaf") }).hasSuffix("ok"))
        let json = try await check(["--file", chain, "--output", "json"])
        let records = json.stdout.split(separator: "\n")
        #expect(try #require(records.first { $0.contains(#""subject_cn":"sha1-leaf""#) }).contains(#""weak_crypto":["sha1_signature"]"#))
        #expect(try #require(records.first { $0.contains(#""subject_cn":"sha1-root""#) }).contains(#""weak_crypto":[]"#))
    }

    @Test("a PERMISSIVE PeerAuthentication is exit 1 and named; a STRICT one alone is exit 0")
    func permissivePolicy() async throws {
        defer { directory.remove() }
        func policy(_ mode: String) -> String {
            "apiVersion: security.istio.io/v1beta1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: legacy}\nspec: {mtls: {mode: \(mode)}}\n"
        }
        let permissive = try await check(["--dump", try directory.write("p.yaml", policy("PERMISSIVE"))])
        #expect(permissive.status == 1, "\(permissive.stdout)\(permissive.stderr)")
        #expect(permissive.stdout.contains("PeerAuthentication legacy/default is PERMISSIVE (namespace): plaintext is accepted"))
        #expect(try await check(["--dump", try directory.write("s.yaml", policy("STRICT"))]).status == 0)
    }

    @Test("unreadable places are records of the JSON output; a glob matching only keys is exit 3 like a named key file")
    func unreadableInJSON() async throws {
        defer { directory.remove() }
        let pki = try TestPKI(now: Date())
        _ = try directory.write("keys/a.pem", pki.workload.privateKeyPEM)
        _ = try directory.write("keys/b.pem", pki.workload.privateKeyPEM)
        let good = try directory.write("good.pem", pki.root.pem)
        let result = try await check(["--file", good, "--file", directory.path + "/keys/*.pem", "--file", directory.path + "/missing.pem", "--output", "json"])
        #expect(result.status == 3, "\(result.stdout)\(result.stderr)")
        let records = try result.stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        #expect(records.filter { $0["record"] as? String == "certificate" }.count == 1)
        let unreadable = records.filter { $0["record"] as? String == "unreadable" }
        #expect(Set(unreadable.compactMap { $0["location"] as? String }) == [directory.path + "/keys/*.pem", directory.path + "/missing.pem"])
        #expect(unreadable.first { ($0["location"] as? String)?.hasSuffix("*.pem") == true }?["message"] as? String == "matches 2 files, none with a certificate")
        #expect(unreadable.allSatisfy { $0["reason"] as? String == "no_certificates" || $0["reason"] as? String == "not_found" })
    }

    @Test("no sources is a usage error that says what to do")
    func noSources() async throws {
        let result = try await check([])
        #expect(result.status == 64)
        #expect(result.stderr.contains("no sources: pass --file PATH"))
    }

    @Test("a bad configuration file is refused at start, naming file, line and key")
    func badConfig() async throws {
        defer { directory.remove() }
        let config = try directory.write("bad.yml", "sources:\n  - name: x\n    kind: file\n    paths: [/tmp]\n    colour: blue\n")
        let result = try await check(["--config.file", config])
        #expect(result.status == 64)
        #expect(result.stderr.contains("\(config):5: sources[0].colour: unknown key"))
    }
}

/// The real binary serving: it stays up, answers, and stops cleanly on SIGTERM.
@Suite("serve command")
struct ServeCommandTests {
    @Test("serve answers /healthz and /metrics and shuts down gracefully on SIGTERM", arguments: [false, true])
    func serve(withMeshStats: Bool) async throws {
        let binary = Programs.exporterBinary()
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build the exporter first: swift build")
        let directory = try TemporaryDirectory("serve")
        defer { directory.remove() }
        let pki = try TestPKI(now: Date())
        try directory.write("certs/root.pem", pki.root.pem)
        let stats = try directory.write("stats.prom", "istio_requests_total{reporter=\"destination\",destination_workload_namespace=\"shop\",connection_security_policy=\"mutual_tls\"} 5\n")
        let port = try FreePort.find()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--file", directory.path + "/certs", "--web.listen-address", "127.0.0.1:\(port)", "--log.level", "error"]
            + (withMeshStats ? ["--mesh.stats-file", stats] : [])
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        try FreePort.waitUntilListening(port: port, process: process)
        let metrics = try await Programs.run(try #require(Programs.find("curl")), ["-sf", "http://127.0.0.1:\(port)/metrics"])
        #expect(metrics.stdout.contains(#"meshcert_source_certificates{source="files",source_kind="file"} 1"#))
        #expect(process.isRunning)
        kill(process.processIdentifier, SIGTERM)
        let exited = await Task.detached {
            process.waitUntilExit()
            return process.terminationStatus
        }.value
        #expect(exited == 0)
    }
}
