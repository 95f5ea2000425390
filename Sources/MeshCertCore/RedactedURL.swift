import Foundation

/// A URL as it may leave the process, in a `location` label, a log line or the landing page: the
/// user info (`admin:password@`), the query (`?token=…`) and the fragment are cut. The request
/// itself still carries them.
public enum RedactedURL {
    public static func shown(_ text: String) -> String {
        var rest = Substring(text)
        if let cut = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<cut] }
        guard let schemeEnd = rest.range(of: "://") else {
            // Not a URL we understand: never echo what might hold a credential.
            return rest.contains("@") ? "(a URL with credentials, not shown)" : String(rest)
        }
        let authorityStart = schemeEnd.upperBound
        let authorityEnd = rest[authorityStart...].firstIndex(of: "/") ?? rest.endIndex
        var authority = rest[authorityStart..<authorityEnd]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        return String(rest[..<authorityStart]) + authority + rest[authorityEnd...]
    }
}
