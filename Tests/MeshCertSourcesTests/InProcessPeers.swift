import Foundation
import MeshCertCore
import MeshCertFixtures
import MeshCertTestSupport
import NIOCore
import NIOPosix
import NIOSSL

/// Servers on 127.0.0.1 that misbehave on purpose, or speak a STARTTLS protocol, then TLS.
final class InProcessPeer: Sendable {
    enum Behaviour: Sendable {
        /// Accepts TCP and never says a word.
        case silent
        /// Reads the ClientHello, then hangs up.
        case closeMidHandshake
        /// Answers the ClientHello with bytes that are not TLS.
        case garbage
        /// Plain TLS with this chain (leaf first).
        case tls([IssuedCertificate])
        /// SMTP greeting, EHLO, STARTTLS, then TLS.
        case smtp([IssuedCertificate])
        /// PostgreSQL SSLRequest answered `S`, then TLS; or `N` when refusing.
        case postgres([IssuedCertificate], accept: Bool)
    }

    let channel: any Channel
    var port: Int { channel.localAddress!.port! }

    init(_ behaviour: Behaviour) async throws {
        let tlsContext: NIOSSLContext?
        switch behaviour {
        case .tls(let chain), .smtp(let chain), .postgres(let chain, _):
            var configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: try chain.map { .certificate(try NIOSSLCertificate(bytes: $0.derBytes, format: .der)) },
                privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(chain[0].privateKeyPEM.utf8), format: .pem))
            )
            configuration.minimumTLSVersion = .tlsv12
            tlsContext = try NIOSSLContext(configuration: configuration)
        default:
            tlsContext = nil
        }
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    let sync = child.pipeline.syncOperations
                    switch behaviour {
                    case .silent: break
                    case .closeMidHandshake, .garbage: try sync.addHandler(HostileHandler(behaviour: behaviour))
                    case .tls: try sync.addHandler(NIOSSLServerHandler(context: tlsContext!))
                    case .smtp: try sync.addHandler(PlainTextUpgrader(protocol: .smtp, accept: true, context: tlsContext!))
                    case .postgres(_, let accept): try sync.addHandler(PlainTextUpgrader(protocol: .postgres, accept: accept, context: tlsContext!))
                    }
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
    }

    func stop() async {
        try? await channel.close()
    }
}

private final class HostileHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    let behaviour: InProcessPeer.Behaviour

    init(behaviour: InProcessPeer.Behaviour) { self.behaviour = behaviour }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch behaviour {
        case .garbage:
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "HTTP/1.1 400 Bad Request\r\n\r\nthis is not TLS at all\r\n")), promise: nil)
        default:
            context.close(promise: nil)
        }
    }
}

/// The server side of SMTP STARTTLS and the PostgreSQL SSLRequest, then TLS through NIOSSLServerHandler.
private final class PlainTextUpgrader: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    enum Dialect { case smtp, postgres }

    let proto: Dialect
    let accept: Bool
    let context: NIOSSLContext
    private var buffer = ByteBuffer()

    init(protocol proto: Dialect, accept: Bool, context: NIOSSLContext) {
        self.proto = proto
        self.accept = accept
        self.context = context
    }

    func channelActive(context: ChannelHandlerContext) {
        if proto == .smtp {
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "220-mail.test ESMTP\r\n220 ready\r\n")), promise: nil)
        }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        buffer.writeBuffer(&incoming)
        switch proto {
        case .postgres:
            guard buffer.readableBytes >= 8 else { return }
            buffer.moveReaderIndex(forwardBy: 8)
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: accept ? "S" : "N")), promise: nil)
            if accept { upgrade(context) } else { context.close(promise: nil) }
        case .smtp:
            while let line = buffer.readString(length: buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")).map { $0 - buffer.readerIndex + 1 } ?? 0),
                !line.isEmpty
            {
                if line.hasPrefix("EHLO") {
                    context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "250-mail.test\r\n250-PIPELINING\r\n250 STARTTLS\r\n")), promise: nil)
                } else if line.hasPrefix("STARTTLS") {
                    context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "220 go ahead\r\n")), promise: nil)
                    upgrade(context)
                    return
                }
            }
        }
    }

    private func upgrade(_ context: ChannelHandlerContext) {
        try? context.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: self.context), position: .after(self))
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }
}
