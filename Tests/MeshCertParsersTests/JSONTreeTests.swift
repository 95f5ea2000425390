import Foundation
import Testing

@testable import MeshCertParsers

@Suite("JSON tree: hostile escapes and nesting never trap")
struct JSONTreeTests {
    private func string(_ json: String) throws -> String? {
        try JSONTreeParser.parse(Array(json.utf8)).text
    }

    @Test(
        "lone and reversed surrogates decode to U+FFFD; the character after them is kept",
        arguments: [
            (#""\ud800\u0041""#, "\u{fffd}A"),
            (#""\udc00""#, "\u{fffd}"),
            (#""\ud800""#, "\u{fffd}"),
            (#""x\ud800""#, "x\u{fffd}"),
            (#""\udc00\ud800""#, "\u{fffd}\u{fffd}"),
            (#""\ud800\ud800\udc00""#, "\u{fffd}\u{10000}"),
            (#""\ud83d\ude00""#, "😀"),
            (#""\ud800\n""#, "\u{fffd}\n"),
        ]
    )
    func surrogates(json: String, expected: String) throws {
        #expect(try string(json) == expected)
    }

    @Test(
        "bad and cut-short escapes are a failure with a line, not a trap",
        arguments: [#""\u12"#, #""\uZZZZ""#, #""\ud800\u12""#, #""\ud800\uXYZW""#, #""\"#, #""abc"#, "[", "{\"a\"", "tru"]
    )
    func badEscapes(json: String) {
        #expect(throws: JSONTreeParser.Failure.self) { try JSONTreeParser.parse(Array(json.utf8)) }
    }

    @Test("100,000 nested arrays and objects are refused at the depth bound, without exhausting the stack")
    func deepNesting() {
        for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
            let json = String(repeating: open, count: 100_000) + "1" + String(repeating: close, count: 100_000)
            #expect {
                try JSONTreeParser.parse(Array(json.utf8))
            } throws: { error in
                (error as? JSONTreeParser.Failure)?.message.contains("nested deeper than 512") == true
            }
        }
        let allowed = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(throws: Never.self) { try JSONTreeParser.parse(Array(allowed.utf8)) }
    }
}
