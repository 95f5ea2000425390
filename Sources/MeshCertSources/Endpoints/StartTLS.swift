import Foundation
import NIOCore
import NIOSSL

/// Protocols that start in plain text and upgrade to TLS on request.
public enum StartTLSProtocol: String, Sendable, CaseIterable {
    /// Greeting 220, EHLO, STARTTLS, 220, then TLS (RFC 3207).
    case smtp
    /// An 8-byte SSLRequest answered by one byte, `S`, then TLS.
    case postgres
}

/// Speaks the plain-text part of a STARTTLS protocol, then puts the TLS handler in its own place and leaves.
final class StartTLSHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum SMTPStep { case greeting, ehlo, startTLS }

    static let postgresSSLRequest: [UInt8] = [0, 0, 0, 8, 0x04, 0xD2, 0x16, 0x2F]
    /// A plain-text answer longer than this is not the protocol we expect.
    static let maxReply = 16 << 10

    let proto: StartTLSProtocol
    let makeTLSHandler: @Sendable () throws -> NIOSSLClientHandler
    private var buffer = ByteBuffer()
    private var step = SMTPStep.greeting
    private var done = false

    init(protocol proto: StartTLSProtocol, makeTLSHandler: @escaping @Sendable () throws -> NIOSSLClientHandler) {
        self.proto = proto
        self.makeTLSHandler = makeTLSHandler
    }

    func channelActive(context: ChannelHandlerContext) {
        if proto == .postgres {
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: Self.postgresSSLRequest)), promise: nil)
        }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !done else { return }
        var incoming = unwrapInboundIn(data)
        buffer.writeBuffer(&incoming)
        switch proto {
        case .postgres: readPostgres(context: context)
        case .smtp: readSMTP(context: context)
        }
        if !done, buffer.readableBytes > Self.maxReply {
            fail(context: context, "\(proto.rawValue) STARTTLS: the server's plain-text answer is too long")
        }
    }

    private func readPostgres(context: ChannelHandlerContext) {
        guard let answer = buffer.readInteger(as: UInt8.self) else { return }
        switch answer {
        case UInt8(ascii: "S"): upgrade(context: context)
        case UInt8(ascii: "N"): fail(context: context, "postgres STARTTLS: the server does not accept TLS (answered N to SSLRequest)")
        default: fail(context: context, "postgres STARTTLS: unexpected answer to SSLRequest (byte \(answer))")
        }
    }

    private func readSMTP(context: ChannelHandlerContext) {
        while let reply = nextSMTPReply() {
            let expected = step == .ehlo ? "250" : "220"
            guard reply.code == expected else {
                let what = ["greeting", "EHLO", "STARTTLS"][step == .greeting ? 0 : step == .ehlo ? 1 : 2]
                fail(context: context, "smtp STARTTLS: the server answered \(what) with \(reply.code), expected \(expected): \(reply.text.prefix(120))")
                return
            }
            switch step {
            case .greeting:
                step = .ehlo
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "EHLO meshcert-exporter\r\n")), promise: nil)
            case .ehlo:
                step = .startTLS
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "STARTTLS\r\n")), promise: nil)
            case .startTLS:
                upgrade(context: context)
                return
            }
        }
    }

    /// A complete reply: lines `ddd-text` continue, `ddd text` ends it.
    private func nextSMTPReply() -> (code: String, text: String)? {
        let view = buffer.readableBytesView
        var lineStart = view.startIndex
        var index = view.startIndex
        while let newline = view[index...].firstIndex(of: UInt8(ascii: "\n")) {
            let line = String(decoding: view[lineStart..<newline], as: UTF8.self).trimmingCharacters(in: ["\r"])
            if line.count < 4 || line.utf8[line.utf8.index(line.utf8.startIndex, offsetBy: 3)] != UInt8(ascii: "-") {
                buffer.moveReaderIndex(forwardBy: newline + 1 - view.startIndex)
                return (String(line.prefix(3)), line)
            }
            index = newline + 1
            lineStart = index
        }
        return nil
    }

    private func upgrade(context: ChannelHandlerContext) {
        done = true
        do {
            try context.pipeline.syncOperations.addHandler(makeTLSHandler(), position: .after(self))
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        } catch {
            context.fireErrorCaught(error)
        }
    }

    private func fail(context: ChannelHandlerContext, _ message: String) {
        done = true
        context.fireErrorCaught(ProbeFailure.startTLS(message))
        context.close(promise: nil)
    }
}
