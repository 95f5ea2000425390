import NIOCore
import NIOSSL
import NIOTLS

/// Why a probe stopped, as the probe itself saw it (connect and resolver errors come from NIO).
enum ProbeFailure: Error, Sendable {
    /// The stand-in client key was asked to sign: the server wants a client certificate, none is configured.
    case clientCertificateWithheld
    case clientSignatureFailed
    case timedOut(connected: Bool)
    case closedDuringHandshake
    case startTLS(String)
}

/// What the channel said once the handshake is over.
struct HandshakeOutcome: Sendable {
    var tlsVersion: TLSVersion?
    /// The server closed or alerted right after a completed TLS 1.3 handshake (how it refuses a client
    /// that sent no certificate).
    var refusedAfterHandshake: (any Error)?
}

/// Sits behind the TLS handler and turns the channel's events into one outcome. Every member is used
/// on the channel's event loop only; the verification callback and the signing key run there too.
final class ProbeHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer

    /// The certificates the server presented, DER, leaf first.
    var presentedChain: [[UInt8]] = []
    var clientCertificateRequested = false
    var connected = false
    var handshakeCompletedAt: ContinuousClock.Instant?
    /// When a completed TLS 1.3 handshake waits for the server's verdict on the client's certificate.
    let refusalWatch: RefusalWatch
    let promise: EventLoopPromise<HandshakeOutcome>
    private let startedAt = ContinuousClock.now
    private var finished = false
    private var handshakeDone = false
    private var tlsVersion: TLSVersion?
    private var refusalTimer: Scheduled<Void>?

    init(promise: EventLoopPromise<HandshakeOutcome>, refusalWatch: RefusalWatch) {
        self.promise = promise
        self.refusalWatch = refusalWatch
    }

    /// Keeps the chain and accepts it: an expired, untrusted or mismatched chain is still read.
    func capture(_ certificates: [NIOSSLCertificate]) {
        presentedChain = certificates.compactMap { try? $0.toDERBytes() }
    }

    func finish(_ result: Result<HandshakeOutcome, any Error>) {
        guard !finished else { return }
        finished = true
        refusalTimer?.cancel()
        promise.completeWith(result)
    }

    func channelActive(context: ChannelHandlerContext) {
        connected = true
        context.fireChannelActive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event {
            handshakeDone = true
            handshakeCompletedAt = .now
            tlsVersion = try? context.pipeline.syncOperations.nioSSL_tlsVersion()
            let watch = refusalWatch == .always || (refusalWatch == .whenCertificateRequested && clientCertificateRequested)
            if watch, tlsVersion == .tlsv13 {
                // TLS 1.3: the server judges the client's certificate (or its absence) only after the
                // client's handshake is over; its alert follows within about one round trip.
                context.read()
                refusalTimer = context.eventLoop.scheduleTask(in: RefusalWatch.wait(handshake: startedAt.duration(to: .now))) { [self] in
                    finish(.success(HandshakeOutcome(tlsVersion: tlsVersion)))
                }
            } else {
                finish(.success(HandshakeOutcome(tlsVersion: tlsVersion)))
            }
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // Application data after the handshake is not for us; the server spoke, so it did not refuse.
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if handshakeDone {
            finish(.success(HandshakeOutcome(tlsVersion: tlsVersion, refusedAfterHandshake: error)))
        } else {
            finish(.failure(error))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if handshakeDone {
            finish(.success(HandshakeOutcome(tlsVersion: tlsVersion, refusedAfterHandshake: ProbeFailure.closedDuringHandshake)))
        } else {
            finish(.failure(ProbeFailure.closedDuringHandshake))
        }
        context.fireChannelInactive()
    }
}

/// Whether to wait, after a TLS 1.3 handshake, for a server to refuse the client.
enum RefusalWatch: Sendable {
    case never
    /// The second look at a server that asked for a certificate the exporter does not have.
    case always
    /// A configured client certificate was sent: did the server accept it?
    case whenCertificateRequested

    /// Three handshake times (a refusal comes about one round trip later), within 100 ms and 1 s.
    static func wait(handshake: Duration) -> TimeAmount {
        let nanoseconds = handshake.components.seconds * 1_000_000_000 + handshake.components.attoseconds / 1_000_000_000
        return .nanoseconds(min(max(3 * nanoseconds, 100_000_000), 1_000_000_000))
    }
}

extension TLSVersion {
    /// The `version` label, as blackbox_exporter writes it.
    var label: String {
        switch self {
        case .tlsv1: "TLS 1.0"
        case .tlsv11: "TLS 1.1"
        case .tlsv12: "TLS 1.2"
        case .tlsv13: "TLS 1.3"
        }
    }
}
