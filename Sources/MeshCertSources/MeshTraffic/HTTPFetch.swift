import AsyncHTTPClient
import Foundation
import MeshCertCore
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// One GET with the exporter's own reasons for what went wrong. The location it reports is the URL
/// without user info or query (`RedactedURL`); the request itself carries them, and the credentials.
enum HTTPFetch {
    static func get(_ url: String, credentials: HTTPCredentials = HTTPCredentials(), timeout: TimeInterval, maxBytes: Int) async -> Result<[UInt8], SourceError> {
        let location = RedactedURL.shown(url)
        do {
            var request = HTTPClientRequest(url: url)
            request.headers.add(name: "Accept", value: "text/plain;version=0.0.4;q=1,*/*;q=0.1")
            if let authorization = try credentials.authorization() { request.headers.add(name: "Authorization", value: authorization) }
            let client = try HTTPClients.client(for: credentials.tls)
            let response = try await client.execute(request, timeout: .milliseconds(Int64(ScrapeTimeout.clamped(timeout) * 1000)))
            guard response.status == .ok else {
                return .failure(SourceError(location: location, reason: .httpStatus, message: "answered HTTP \(response.status.code) \(response.status.reasonPhrase)"))
            }
            let body = try await response.body.collect(upTo: maxBytes)
            return .success(Array(body.readableBytesView))
        } catch let problem as HTTPCredentials.Problem {
            return .failure(SourceError(location: location, reason: .permissionDenied, message: problem.message))
        } catch {
            let reason = reason(for: error)
            let message = reason == .tooLarge ? "answered more than \(maxBytes) bytes; not read" : "could not be fetched (\(reason.rawValue))"
            return .failure(SourceError(location: location, reason: reason, message: message))
        }
    }

    /// The reason from the error's type, never from its text.
    static func reason(for error: any Error) -> SourceErrorReason {
        switch error {
        case is NIOTooManyBytesError: return .tooLarge
        case let error as HTTPClientError:
            if [.connectTimeout, .deadlineExceeded, .readTimeout, .writeTimeout, .getConnectionFromPoolTimeout].contains(error) { return .connectTimeout }
            if error == .bodyLengthMismatch { return .badDocument }
            return .connectRefused
        case let error as NIOConnectionError:
            if error.dnsAError != nil || error.dnsAAAAError != nil, error.connectionErrors.isEmpty { return .dns }
            return error.connectionErrors.contains { ($0.error as? ChannelError) == .connectTimeout(.zero) } ? .connectTimeout : .connectRefused
        case is SocketAddressError: return .dns
        case let error as ChannelError:
            if case .connectTimeout = error { return .connectTimeout }
            return .connectRefused
        case is NIOSSLError, is BoringSSLError: return .tlsHandshake
        default: return .connectRefused
        }
    }
}

/// Prometheus' `http_config` credentials, for stats URLs and the Prometheus query API: a bearer token
/// or a basic-auth password read from a file at each request (so a rotated secret needs no restart),
/// and a TLS client set-up. None of it is ever logged, exported or shown.
public struct HTTPCredentials: Sendable, Hashable {
    public var bearerTokenFile: String?
    public var basicAuthUsername: String?
    public var basicAuthPassword: String?
    public var basicAuthPasswordFile: String?
    public var tls: HTTPTLSSettings?

    public init() {}

    struct Problem: Error {
        var message: String
    }

    func authorization() throws(Problem) -> String? {
        if let bearerTokenFile {
            return "Bearer " + (try Self.secret(bearerTokenFile, key: "bearer_token_file"))
        }
        guard let basicAuthUsername else { return nil }
        let password = try basicAuthPasswordFile.map { file throws(Problem) in try Self.secret(file, key: "basic_auth.password_file") } ?? basicAuthPassword ?? ""
        return "Basic " + Data("\(basicAuthUsername):\(password)".utf8).base64EncodedString()
    }

    /// A secret file's first line; an error names the key and the file, never the content.
    static func secret(_ file: String, key: String) throws(Problem) -> String {
        guard let data = FileManager.default.contents(atPath: file), data.count <= 64 << 10 else {
            throw Problem(message: "\(key) \(LogText.escaped(file)) cannot be read")
        }
        let text = String(decoding: data, as: UTF8.self)
        return String(text.split(whereSeparator: \.isNewline).first ?? "").trimmingCharacters(in: .whitespaces)
    }
}

/// `tls_config`: the CA to verify the server against, and a client certificate.
public struct HTTPTLSSettings: Sendable, Hashable {
    public var caFile: String?
    public var certFile: String?
    public var keyFile: String?
    public var insecureSkipVerify = false

    public init() {}

    func configuration() throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let caFile { tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile)) }
        if let certFile, let keyFile {
            tls.certificateChain = try NIOSSLCertificate.fromPEMFile(certFile).map { .certificate($0) }
            tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: keyFile, format: .pem))
        }
        if insecureSkipVerify { tls.certificateVerification = .none }
        return tls
    }
}

/// One HTTP client per TLS set-up, for the life of the process (a client must be shut down before it
/// is freed; these never are).
enum HTTPClients {
    private static let clients = Mutex<[HTTPTLSSettings: HTTPClient]>([:])

    static func client(for tls: HTTPTLSSettings?) throws -> HTTPClient {
        guard let tls else { return .shared }
        return try clients.withLock { clients in
            if let client = clients[tls] { return client }
            let configuration = HTTPClient.Configuration(tlsConfiguration: try tls.configuration())
            let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
            clients[tls] = client
            return client
        }
    }
}
