import CCompressZlib  // zlib's crc32 and crc32_combine (compress-nio links zlib and wraps its header)
import CompressNIO
import NIOCore
import Synchronization

/// Sample lines kept from one scrape to the next: the plain text, and the same deflated once a
/// scraper asks for gzip. A gzip answer is then mostly these deflated pieces laid end to end (as
/// pigz does): a warm scrape deflates only the lines that change with the time.
public final class EncodedLines: Sendable {
    public let plain: ByteBuffer
    private let deflatedForm = Mutex<DeflatedLines?>(nil)

    public init(_ bytes: [UInt8]) {
        plain = ByteBuffer(bytes: bytes)
    }

    /// The lines as raw deflate data that ends byte-aligned and not final, with its CRC-32: a piece
    /// that can sit anywhere inside one deflate stream. Deflated on first use, then kept.
    public func deflated() throws -> DeflatedLines {
        if let kept = deflatedForm.withLock({ $0 }) { return kept }
        var input = plain
        let made = DeflatedLines(bytes: try DeflatedLines.deflate(&input, level: DeflatedLines.level), crc32: Checksum.crc32(plain), count: plain.readableBytes)
        deflatedForm.withLock { $0 = made }
        return made
    }
}

/// Raw deflate data ending in a sync flush, its input's CRC-32 and length.
public struct DeflatedLines: Sendable {
    /// zlib level 1: the default exposition of 20,000 certificates, same libz, this machine: level 1
    /// 185 ms to 1.59 MB, level 6 442 ms to 1.32 MB. A scrape is bound by time, not by 0.3 MB.
    public static let level: Int32 = 1

    public var bytes: ByteBuffer
    public var crc32: UInt32
    public var count: Int

    /// All of `input` deflated by a stream of its own, ended with a sync flush: no reference reaches
    /// outside it, and what follows it in a stream starts on a byte boundary.
    public static func deflate(_ input: inout ByteBuffer, level: Int32) throws -> ByteBuffer {
        let compressor = try ZlibCompressor(
            algorithm: .deflate, configuration: ZlibConfiguration(windowSize: 15, compressionLevel: level, memoryLevel: 8, strategy: .default)
        )
        var output = ByteBuffer()
        output.reserveCapacity(max(input.readableBytes / 8, 4096))
        try deflate(&input, with: compressor, into: &output)
        return output
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
