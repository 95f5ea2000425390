import CCompressZlib  // zlib's crc32 and crc32_combine (compress-nio links zlib and wraps its header)
import CompressNIO
import MeshCertCore
import NIOCore
import Synchronization

/// Sample lines kept from one scrape to the next: the plain text, and the same deflated once a
/// scraper asks for gzip. A gzip answer is then mostly these deflated pieces laid end to end (as
/// pigz does): a warm scrape deflates only the lines that change with the time.
///
/// Kept plain, these lines are the size of the whole answer (121 MB for 100,000 certificates); deflated,
/// a twentieth of it. Where every scraper asks for gzip (Prometheus does), the plain form is dropped
/// once the deflated one exists (`dropPlain`), and a plain scraper that comes later has it inflated
/// again (and kept while plain scrapers keep coming: `LabelTextCache.settle`).
public final class EncodedLines: Sendable {
    private struct Forms {
        var plain: ByteBuffer?
        var deflated: DeflatedLines?
    }

    private let forms: Mutex<Forms>
    /// Bytes of plain text.
    public let count: Int

    public init(_ bytes: [UInt8]) {
        forms = Mutex(Forms(plain: ByteBuffer(bytes: bytes)))
        count = bytes.count
    }

    /// The plain text: kept, or inflated from the deflated form (and kept again).
    public var plain: ByteBuffer {
        let kept = forms.withLock { ($0.plain, $0.deflated) }
        if let plain = kept.0 { return plain }
        guard let deflated = kept.1, let plain = try? deflated.inflated(count: count) else {
            // The plain form is only dropped where a deflated one exists, made here from our own text.
            preconditionFailure("kept exposition lines lost both their forms")
        }
        forms.withLock { $0.plain = plain }
        return plain
    }

    /// The lines as raw deflate data that ends byte-aligned and not final, with its CRC-32: a piece
    /// that can sit anywhere inside one deflate stream. Deflated on first use, then kept.
    public func deflated() throws -> DeflatedLines {
        if let kept = forms.withLock({ $0.deflated }) { return kept }
        let plain = self.plain
        var input = plain
        let deflated = try DeflatedLines.deflate(&input, level: DeflatedLines.level)
        // Kept at its exact size: a buffer's room is a power of two, about three times the deflated
        // bytes for the small pieces a block makes (22.6 of 100,000 certificates' 196 MB heap, not 6.5).
        let made = DeflatedLines(bytes: Array(deflated.readableBytesView), crc32: Checksum.crc32(plain), count: count)
        forms.withLock { $0.deflated = made }
        return made
    }

    /// Deflates the pieces not deflated yet, on every core, before an answer streams them: a first gzip
    /// answer for 100,000 certificates deflates about 5,000 kept pieces, half a second on one core. A
    /// piece that fails here is deflated again (and its error thrown) where it is sent.
    public static func deflateAll(_ pieces: [EncodedLines]) {
        let pending = pieces.filter { piece in piece.count > 0 && piece.forms.withLock { $0.deflated == nil } }
        InParts.forEach(pending[...], threshold: 2) { _ = try? $0.deflated() }
    }

    /// Forgets the plain text when the deflated form is kept (empty text costs nothing: it stays).
    public func dropPlain() {
        guard count > 0 else { return }
        forms.withLock { forms in
            if forms.deflated != nil { forms.plain = nil }
        }
    }

    /// Whether the plain text is held (for tests and the memory figures).
    public var holdsPlain: Bool { forms.withLock { $0.plain != nil } }
}

/// Raw deflate data ending in a sync flush, its input's CRC-32 and length. The bytes are an array
/// of their exact size; an answer hands them on in a buffer made for it.
public struct DeflatedLines: Sendable {
    /// zlib level 1: the default exposition of 20,000 certificates, same libz, this machine: level 1
    /// 185 ms to 1.59 MB, level 6 442 ms to 1.32 MB. A scrape is bound by time, not by 0.3 MB.
    public static let level: Int32 = 1

    public var bytes: [UInt8]
    public var crc32: UInt32
    public var count: Int

    /// The plain text again: `count` bytes inflated from a piece that ends in a sync flush.
    func inflated(count: Int) throws -> ByteBuffer {
        let decompressor = try ZlibDecompressor(algorithm: .deflate, windowSize: 15)
        var input = ByteBuffer(bytes: bytes)
        var output = ByteBuffer()
        output.reserveCapacity(count + 64)
        while output.readableBytes < count {
            let before = (input.readableBytes, output.readableBytes)
            do {
                try decompressor.inflate(from: &input, to: &output)
            } catch let error as CompressNIOError where error == .bufferOverflow {
                output.reserveCapacity(minimumWritableBytes: max(count - output.readableBytes, 64))
            }
            // No progress and nothing left to give: the piece holds fewer bytes than it should.
            if (input.readableBytes, output.readableBytes) == before { throw CompressNIOError.corruptData }
        }
        return output
    }

    /// All of `input` deflated by a stream of its own, ended with a sync flush: no reference reaches
    /// outside it, and what follows it in a stream starts on a byte boundary.
    public static func deflate(_ input: inout ByteBuffer, level: Int32) throws -> ByteBuffer {
        let compressor = try rawCompressor(level: level)
        var output = ByteBuffer()
        output.reserveCapacity(max(input.readableBytes / 8, 4096))
        try deflate(&input, with: compressor, into: &output)
        return output
    }

    /// A raw deflate stream (no gzip or zlib header) at `level`: one per piece.
    public static func rawCompressor(level: Int32 = DeflatedLines.level) throws -> ZlibCompressor {
        try ZlibCompressor(
            algorithm: .deflate, configuration: ZlibConfiguration(windowSize: 15, compressionLevel: level, memoryLevel: 8, strategy: .default)
        )
    }

    /// Deflates all of `input` into `output` and sync-flushes, growing `output` while zlib asks for room.
    public static func deflate(_ input: inout ByteBuffer, with compressor: ZlibCompressor, into output: inout ByteBuffer) throws {
        while true {
            if output.writableBytes < 64 { output.reserveCapacity(minimumWritableBytes: max(output.capacity, 4096)) }
            let before = output.writerIndex
            do {
                try compressor.deflate(from: &input, to: &output, flush: .sync)
                // zlib is done when it has taken all input and left room unused.
                if input.readableBytes == 0 && output.writableBytes > 0 { return }
            } catch let error as CompressNIOError where error == .bufferOverflow {
                // zlib filled the space it was given: give it more and go on.
            }
            if output.writerIndex == before && input.readableBytes == 0 && output.writableBytes > 0 { return }
        }
    }
}

/// CRC-32 as gzip's trailer wants it (zlib's).
public enum Checksum {
    public static func crc32(_ buffer: ByteBuffer, continuing crc: UInt32 = 0) -> UInt32 {
        buffer.withUnsafeReadableBytes { bytes in
            guard let base = bytes.bindMemory(to: UInt8.self).baseAddress, bytes.count > 0 else { return crc }
            return UInt32(CCompressZlib.crc32(UInt(crc), base, UInt32(bytes.count)))
        }
    }

    public static func crc32(_ bytes: [UInt8], continuing crc: UInt32 = 0) -> UInt32 {
        bytes.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress, bytes.count > 0 else { return crc }
            return UInt32(CCompressZlib.crc32(UInt(crc), base, UInt32(bytes.count)))
        }
    }

    /// The CRC-32 of two pieces laid end to end, from theirs and the second's length.
    public static func combine(_ first: UInt32, _ second: UInt32, secondCount: Int) -> UInt32 {
        UInt32(crc32_combine(UInt(first), UInt(second), secondCount))
    }
}
