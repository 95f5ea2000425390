import Testing

@testable import MeshCertParsers

@Suite("Dump parser: YAML aliases and nesting within bounds")
struct DumpParserTests {
    /// Every document handed over, and the failure.
    private func read(_ text: String) -> (documents: [any DumpNode], failure: DumpParser.Failure?) {
        var documents: [any DumpNode] = []
        let failure = DumpParser.read(Array(text.utf8)) { documents.append($0) }
        return (documents, failure)
    }

    /// 9 levels of 9 aliases: 387 million nodes once expanded, 100 written.
    static let billionLaughs: String = {
        var text = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        for level in 1..<names.count {
            let previous = "*" + names[level - 1]
            text += "\(names[level]): &\(names[level]) [" + Array(repeating: previous, count: 9).joined(separator: ", ") + "]\n"
        }
        return text
    }()

    @Test("a billion laughs is refused, counted without being expanded")
    func billionLaughs() {
        let (documents, failure) = read(Self.billionLaughs)
        #expect(documents.isEmpty)
        #expect(failure?.message.contains("aliases expand to more than 1000000 nodes") == true)
    }

    @Test("the same bomb in block style, and one level short of the bound is still read")
    func blockStyleBomb() {
        var text = "a: &a\n" + String(repeating: "  - lol\n", count: 10)
        for (level, name) in ["b", "c", "d", "e", "f", "g"].enumerated() {
            let previous = ["a", "b", "c", "d", "e", "f"][level]
            text += "\(name): &\(name)\n" + String(repeating: "  - *\(previous)\n", count: 10)
        }
        // 10^7 nodes: refused.
        #expect(read(text).failure != nil)
        // 10^5: read, and the aliases are expanded for the extractors.
        let small = text.components(separatedBy: "f: &f")[0]
        let (documents, failure) = read(small)
        #expect(failure == nil)
        #expect(documents.first?["e"]?.items?.first?.items?.first?.items?.count == 10)
    }

    @Test("an alias as a mapping key is refused before Yams hashes it", arguments: ["a: &a [x]\n*a : y\n", "a: &a [x]\n? *a\n: y\n", "a: &a x\n[*a]: y\n"])
    func aliasKeys(text: String) {
        #expect(read(text).failure?.message.contains("alias is used as a mapping key") == true)
    }

    @Test("100,000 nested flow and block levels are a failure, not a stack overflow")
    func deepNesting() {
        let flow = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(read("a: " + flow).failure?.message.contains("is not valid YAML") == true)
        var block = ""
        for depth in 0..<5_000 { block += String(repeating: " ", count: depth) + "k:\n" }
        #expect(read(block).failure?.message.contains("is not valid YAML") == true)
    }

    @Test("PyYAML's anchors across the items of a kubectl List are expanded, not refused")
    func anchorsAcrossItems() {
        let text = """
            apiVersion: v1
            items:
            - apiVersion: v1
              data:
                ca.crt: &id001 QUJD
              kind: Secret
              metadata:
                labels: &id002
                  app: cart
                name: first
                namespace: shop
            - apiVersion: v1
              data:
                ca.crt: *id001
              kind: Secret
              metadata:
                labels: *id002
                name: second
                namespace: shop
            kind: List
            metadata:
              resourceVersion: ''

            """
        let (documents, failure) = read(text)
        #expect(failure == nil)
        let items = documents.first?["items"]?.items ?? []
        #expect(items.count == 2)
        #expect(items.map { $0.path("data", "ca.crt")?.text } == ["QUJD", "QUJD"])
        #expect(items.map { $0.path("metadata", "labels", "app")?.text } == ["cart", "cart"])
        #expect(items.last?.path("metadata", "name")?.line == 18)
    }

    @Test("without aliases a kubectl List is still read item by item, with whole-file lines")
    func streamedList() {
        let text = "apiVersion: v1\nitems:\n- kind: Secret\n  metadata:\n    name: a\n- kind: Secret\n  metadata:\n    name: b\nkind: List\n"
        let (documents, failure) = read(text)
        #expect(failure == nil)
        #expect(documents.count == 3)  // two items, then the List around them
        #expect(documents[1].path("metadata", "name")?.line == 8)
    }
}
