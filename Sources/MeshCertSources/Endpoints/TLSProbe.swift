import MeshCertCore
import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// One TLS connection to one endpoint: connect, optionally negotiate STARTTLS, handshake, keep the
/// presented chain. Bounded by one budget for everything (connect, resolver, STARTTLS, handshake).
struct TLSProbe: Sendable {
    struct Attempt: Sendable {
        var presentedChain: [[UInt8]]
        var clientCertificateRequested: Bool
        var result: Result<HandshakeOutcome, any Error>
        /// Until the handshake completed or the probe failed (the wait for a refusal is not counted).
        var duration: TimeInterval
    }

    let target: EndpointTarget
    let serverName: String?
    let startTLS: StartTLSProtocol?
    let context: NIOSSLContext
    let group: any EventLoopGroup

    func run(budget: TimeInterval, refusalWatch: RefusalWatch) async -> Attempt {
        let clock = ContinuousClock()
        let started = clock.now
        let loop = group.next()
        let promise = loop.makePromise(of: HandshakeOutcome.self)
        let handler = ProbeHandler(promise: promise, refusalWatch: refusalWatch)
        let budgetAmount = TimeAmount.nanoseconds(Int64(max(budget, 0.001) * 1e9))

        let makeTLSHandler: @Sendable () throws -> NIOSSLClientHandler = { [context, serverName] in
            try NIOSSLClientHandler(context: context, serverHostname: serverName) { certificates, verification in
                handler.capture(certificates)
                verification.succeed(.certificateVerified)
            }
        }
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(budgetAmount)
            .channelInitializer { [startTLS] channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    if let startTLS {
                        try sync.addHandler(StartTLSHandler(protocol: startTLS, makeTLSHandler: makeTLSHandler))
                    } else {
                        try sync.addHandler(makeTLSHandler())
                    }
                    try sync.addHandler(handler)
                }
            }
        let timeout = loop.scheduleTask(in: budgetAmount) {
            handler.finish(.failure(ProbeFailure.timedOut(connected: handler.connected)))
        }
        let connect = bootstrap.connect(host: target.host, port: target.port)
        connect.whenFailure { error in handler.finish(.failure(error)) }
        let result: Result<HandshakeOutcome, any Error>
        do {
            result = .success(try await promise.futureResult.get())
        } catch {
            result = .failure(error)
        }
        let ended = clock.now
        timeout.cancel()
        // Not awaited: a resolver still busy past the budget must not hold the probe.
        connect.whenSuccess { channel in channel.close(promise: nil) }
        let seen = try? await loop.submit { (handler.presentedChain, handler.clientCertificateRequested, handler.handshakeCompletedAt) }.get()
        return Attempt(
            presentedChain: seen?.0 ?? [], clientCertificateRequested: seen?.1 ?? false, result: result,
            duration: started.duration(to: seen?.2 ?? ended).timeInterval
        )
    }
}

extension Duration {
    var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
