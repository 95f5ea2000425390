import Foundation

/// A fresh directory under the system's temporary directory, removed by `remove()`.
public struct TemporaryDirectory: Sendable {
    public let url: URL
    public var path: String { url.path }

    public init(_ label: String = "meshcert-test") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    @discardableResult
    public func write(_ relativePath: String, _ content: String) throws -> String {
        try write(relativePath, Array(content.utf8))
    }

    @discardableResult
    public func write(_ relativePath: String, _ bytes: [UInt8]) throws -> String {
        let file = url.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
        return file.path
    }

    public func symlink(_ relativePath: String, to destination: String) throws {
        try FileManager.default.createSymbolicLink(atPath: url.appendingPathComponent(relativePath).path, withDestinationPath: destination)
    }

    public func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// Runs a real program (openssl, promtool, the exporter's own binary) and captures what it says.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

public enum Programs {
    /// The first executable of that name on PATH, or nil.
    public static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs a program to its end on a thread of its own: waiting for a child on the concurrency pool's few
    /// threads (two on a 2-core machine) would starve every other test running in parallel.
    public static func run(_ executable: String, _ arguments: [String], stdin: String? = nil) async throws -> ProcessResult {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try runBlocking(executable, arguments, stdin: stdin) })
            }
        }
    }

    /// The same, waiting on the calling thread: for set-up code that is not async (a few quick openssl calls).
    public static func runBlocking(_ executable: String, _ arguments: [String], stdin: String? = nil) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        // stderr goes to a file so that a child writing a lot to both streams never blocks on a full pipe.
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("meshcert-stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let errorHandle = try FileHandle(forWritingTo: errorFile)
        let output = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = errorHandle
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errorHandle.close()
        let err = (try? Data(contentsOf: errorFile)) ?? Data()
        return ProcessResult(
            status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self)
        )
    }

    /// The exporter binary `swift build` put next to the test bundle.
    public static func exporterBinary(filePath: String = #filePath) -> String {
        let root = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for configuration in ["debug", "release"] {
            let candidate = root.appendingPathComponent(".build/\(configuration)/meshcert-exporter").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return root.appendingPathComponent(".build/debug/meshcert-exporter").path
    }
}

/// A real HTTP server on loopback (Python's http.server) serving a directory, for sources that poll URLs.
public final class LocalHTTPServer: @unchecked Sendable {
    public let port: Int
    private let process: Process

    /// Starts it and waits until it has said which port it took (no sleeping).
    public init(directory: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Programs.find("python3") ?? "/usr/bin/python3")
        process.arguments = ["-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", directory]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var seen = ""
        var port: Int?
        while port == nil {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }  // the server exited
            seen += String(decoding: data, as: UTF8.self)
            if let range = seen.range(of: " port "), let end = seen[range.upperBound...].firstIndex(where: { !$0.isNumber }) {
                port = Int(seen[range.upperBound..<end])
            }
        }
        guard let port else {
            process.terminate()
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "http.server did not start: \(seen)"])
        }
        self.port = port
        self.process = process
    }

    public func url(_ path: String) -> String { "http://127.0.0.1:\(port)/\(path)" }

    /// SIGKILL: a child spawned from the test process inherits its blocked SIGTERM. Foundation reaps it;
    /// waiting here from a test's task could block the cooperative pool.
    public func stop() {
        kill(process.processIdentifier, SIGKILL)
    }
}

