/// One failed read: the place, a closed reason and a sentence for the log that names what was wrong.
public struct SourceError: Sendable, Hashable, Error, CustomStringConvertible {
    public var location: String
    public var reason: SourceErrorReason
    public var message: String

    public init(location: String, reason: SourceErrorReason, message: String) {
        self.location = location
        self.reason = reason
        self.message = message
    }

    public var description: String { "\(location): \(message) (\(reason.rawValue))" }
}
