import Foundation
import MeshCertCore
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS

/// Whether an endpoint enforces mutual TLS, tried rather than assumed: a plaintext HTTP request to the
/// port, and a TLS handshake without a client certificate followed by the same request. Each verdict is
/// nil when the probe could not conclude (no connection; a TLS handshake that failed before the server
/// presented its certificate). Both run beside the main probe, within the same budget.
struct EnforcementProbe: Sendable {
    struct Verdict: Sendable {
        var plaintextAccepted: Bool?
        var acceptsWithoutClientCertificate: Bool?
    }

    let target: EndpointTarget
    let serverName: String?
    /// A client set-up that presents no certificate.
    let context: NIOSSLContext
    let group: any EventLoopGroup

    func run(budget: TimeInterval) async -> Verdict {
        async let plaintext = answer(budget: budget, tls: false)
        async let withoutCertificate = answer(budget: budget, tls: true)
        return Verdict(plaintextAccepted: await plaintext, acceptsWithoutClientCertificate: await withoutCertificate)
    }

    private func answer(budget: TimeInterval, tls: Bool) async -> Bool? {
        let loop = group.next()
        let promise = loop.makePromise(of: Bool?.self)
        let host = serverName.map { "\($0):\(target.port)" } ?? target.description
        let handler = EnforcementAnswerHandler(promise: promise, request: EnforcementAnswer.request(host: host), tls: tls)
        let budgetAmount = TimeAmount.nanoseconds(Int64(max(budget, 0.001) * 1e9))
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(budgetAmount)
            .channelInitializer { [context, serverName] channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    if tls {
                        try sync.addHandler(
                            try NIOSSLClientHandler(context: context, serverHostname: serverName) { certificates, verification in
                                handler.serverPresented = !certificates.isEmpty
                                verification.succeed(.certificateVerified)
                            }
                        )
                    }
                    try sync.addHandler(handler)
                }
            }
        let timeout = loop.scheduleTask(in: budgetAmount) { handler.budgetEnded() }
        let connect = bootstrap.connect(host: target.host, port: target.port)
        connect.whenFailure { _ in handler.conclude(nil) }
        let verdict = (try? await promise.futureResult.get()) ?? nil
        timeout.cancel()
        connect.whenSuccess { channel in channel.close(promise: nil) }
        return verdict
    }
}

/// Sends the request once the connection (plaintext) or the handshake (TLS) is up, and reads the answer
/// into a verdict. Used on the channel's event loop only.
final class EnforcementAnswerHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// TLS: the server sent its certificate, so a failure after this is the server refusing us.
    var serverPresented = false
    private let promise: EventLoopPromise<Bool?>
    private let request: [UInt8]
    private let tls: Bool
    private var sent = false
    private var answer: [UInt8] = []
    private var finished = false
    private var silenceTimer: Scheduled<Void>?
    private let startedAt = ContinuousClock.now

    init(promise: EventLoopPromise<Bool?>, request: [UInt8], tls: Bool) {
        self.promise = promise
        self.request = request
        self.tls = tls
    }

    func conclude(_ verdict: Bool?) {
        guard !finished else { return }
        finished = true
        silenceTimer?.cancel()
        promise.succeed(verdict)
    }

    /// The budget ran out: without a connection (or, for TLS, a handshake) nothing is known; after the
    /// request, what came back is judged as it stands, silence meaning "not refused" only for TLS.
    func budgetEnded() {
        guard sent else { return conclude(nil) }
        judge(ended: true, silent: true)
    }

    private func send(_ context: ChannelHandlerContext) {
        sent = true
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: request)), promise: nil)
        context.read()
    }

    private func judge(ended: Bool, silent: Bool = false) {
        if tls {
            // A server that requires a certificate refuses right after the handshake; one that stays silent
            // past that has kept a client without one.
            if silent && answer.isEmpty { return conclude(true) }
            if let verdict = EnforcementAnswer.servedWithoutClientCertificate(answer, ended: ended) { conclude(verdict) }
        } else if let verdict = EnforcementAnswer.plaintextAccepted(answer, ended: ended) {
            conclude(verdict)
        }
    }

    func channelActive(context: ChannelHandlerContext) {
        if !tls { send(context) }
        context.fireChannelActive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if tls, case TLSUserEvent.handshakeCompleted = event {
            send(context)
            let wait = RefusalWatch.wait(handshake: startedAt.duration(to: .now))
            silenceTimer = context.eventLoop.scheduleTask(in: wait) { [self] in judge(ended: true, silent: true) }
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        answer += buffer.readableBytesView.prefix(EnforcementAnswer.limit - answer.count)
        judge(ended: answer.count >= EnforcementAnswer.limit)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        ended()
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        ended()
        context.fireChannelInactive()
    }

    /// Closed, reset or alerted. TLS before the handshake completed: a refusal only if the server had
    /// already presented its certificate (TLS 1.2 refusing a client without one), else unknown.
    private func ended() {
        if tls && !sent { return conclude(serverPresented ? false : nil) }
        judge(ended: true)
    }
}
