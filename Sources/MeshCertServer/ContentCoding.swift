import CompressNIO
import MeshCertExposition
import HTTPTypes
import Hummingbird
import NIOCore

/// How a scrape's answer is encoded: gzip when the request's `Accept-Encoding` allows it, as
/// Prometheus asks (`Accept-Encoding: gzip`), else plain text.
enum ContentCoding: Sendable, Equatable {
    case identity
    case gzip

    /// RFC 9110 §12.5.3: `gzip` (or `x-gzip`) with a q-value above 0, or `*` above 0 when gzip is not
    /// named; `gzip;q=0` refuses it. A missing or empty header means plain text.
    init(acceptEncoding: String?) {
        self = .identity
        guard let acceptEncoding else { return }
        var gzipQuality: Double?
        var anyQuality: Double?
        for item in acceptEncoding.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let coding = parts.first, !coding.isEmpty else { continue }
            var quality = 1.0
            for parameter in parts.dropFirst() where parameter.hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            switch coding {
            case "gzip", "x-gzip": gzipQuality = max(gzipQuality ?? 0, quality)
            case "*": anyQuality = quality
            default: break
            }
        }
        if (gzipQuality ?? anyQuality ?? 0) > 0 { self = .gzip }
    }

    init(_ request: Request) {
        self.init(acceptEncoding: request.headers[.acceptEncoding])
    }

    /// The response's headers for exposition text in this coding. `Vary` either way, so a cache
    /// between Prometheus and the exporter never hands gzip to a scraper that did not ask for it.
    func headers(contentType: String) -> HTTPFields {
        var fields: HTTPFields = [.contentType: contentType, .vary: "Accept-Encoding"]
        if self == .gzip { fields[.contentEncoding] = "gzip" }
        return fields
    }
}

/// Writes exposition text to a response body piece by piece, deflating each piece as it goes when
/// the coding is gzip: the compressed answer is never held whole either.
///
/// gzip is one member whose deflate stream is laid together from pieces, each ending byte-aligned
/// and not final (a sync flush), as pigz does: lines kept from an earlier scrape are sent in the
/// deflated form they keep, and only the lines written for this scrape are deflated now, each run of
/// them by a stream of its own (so that no reference reaches into a kept piece). The trailer's CRC-32
/// is combined from the pieces'.
struct ExpositionStream {
    private let gzip: Bool
    /// The stream deflating this scrape's run of fresh lines, ended before a kept piece.
    private var compressor: ZlibCompressor?
    private var output = ByteBuffer()
    private var crc: UInt32 = 0
    private var count = 0
    private var started = false

    /// Kept pieces give up their plain text once their deflated form is sent (no scraper wants plain text).
    private let dropPlainWhenSent: Bool

    init(coding: ContentCoding, dropPlainWhenSent: Bool = false) {
        gzip = coding == .gzip
        self.dropPlainWhenSent = dropPlainWhenSent
    }

    mutating func write(_ bytes: [UInt8], to writer: inout any ResponseBodyWriter) async throws {
        guard !bytes.isEmpty else { return }
        guard gzip else {
            try await writer.write(ByteBuffer(bytes: bytes))
            return
        }
        try await startIfNeeded(&writer)
        var input = ByteBuffer(bytes: bytes)
        crc = Checksum.crc32(bytes, continuing: crc)
        count += bytes.count
        let compressor = try self.compressor ?? DeflatedLines.rawCompressor()
        self.compressor = compressor
        output.clear()
        try DeflatedLines.deflate(&input, with: compressor, into: &output)
        if output.readableBytes > 0 { try await writer.write(output) }
    }

    /// Lines kept between scrapes: the plain buffer as it is, or its kept deflated form.
    mutating func write(_ lines: EncodedLines, to writer: inout any ResponseBodyWriter) async throws {
        guard lines.count > 0 else { return }
        guard gzip else {
            try await writer.write(lines.plain)
            return
        }
        try await startIfNeeded(&writer)
        let deflated = try lines.deflated()
        if dropPlainWhenSent { lines.dropPlain() }
        // The fresh run before it is complete (sync-flushed): its stream ends here.
        compressor = nil
        crc = Checksum.combine(crc, deflated.crc32, secondCount: deflated.count)
        count += deflated.count
        try await writer.write(ByteBuffer(bytes: deflated.bytes))
    }

    /// A final empty block and the gzip trailer (CRC-32 and length, little-endian), then the end of the body.
    mutating func finish(_ writer: inout any ResponseBodyWriter) async throws {
        if gzip {
            try await startIfNeeded(&writer)
            var trailer = ByteBuffer()
            trailer.writeBytes([0x03, 0x00])
            trailer.writeInteger(crc, endianness: .little)
            trailer.writeInteger(UInt32(truncatingIfNeeded: count), endianness: .little)
            try await writer.write(trailer)
        }
        try await writer.finish(nil)
    }

    /// The gzip header: deflate, no name, no time, unknown OS.
    private mutating func startIfNeeded(_ writer: inout any ResponseBodyWriter) async throws {
        guard !started else { return }
        started = true
        try await writer.write(ByteBuffer(bytes: [0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff]))
    }
}
