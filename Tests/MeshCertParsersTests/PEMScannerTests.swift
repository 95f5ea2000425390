import Testing

@testable import MeshCertParsers

@Suite("PEM scanner: one pass over the input, whatever it holds")
struct PEMScannerTests {
    private let certificateBody = "MIIBszCCAVmgAwIBAgIUXw==\n"

    @Test("blocks in order with their lines; a block cut short by the next BEGIN is truncated")
    func blocksAndLines() {
        let text = """
            junk
            -----BEGIN CERTIFICATE-----
            \(certificateBody)-----END CERTIFICATE-----
            -----BEGIN PRIVATE KEY-----
            abc
            -----BEGIN CERTIFICATE-----
            \(certificateBody)-----END OTHER-----
            """
        let blocks = PEMScanner.blocks(in: Array(text.utf8))
        #expect(blocks.map(\.label) == ["CERTIFICATE", "PRIVATE KEY", "CERTIFICATE"])
        #expect(blocks.map(\.line) == [2, 5, 7])
        #expect(blocks.map(\.isTruncated) == [false, true, true])
    }

    @Test("2 MB and just under 16 MiB of BEGIN lines without END: each one error, linear work")
    func beginWithoutEnd() {
        for size in [2 << 20, (16 << 20) - 100] {
            let line = Array("-----BEGIN CERTIFICATE-----\n".utf8)
            var bytes: [UInt8] = []
            bytes.reserveCapacity(size)
            while bytes.count + line.count <= size { bytes += line }
            let (blocks, examined) = PEMScanner.scan(bytes)
            #expect(blocks.count == bytes.count / line.count)
            #expect(blocks.allSatisfy { $0.isTruncated })
            #expect(examined <= 4 * bytes.count)
        }
    }

    @Test("BEGIN lines without a closing label, and a label running to the end of the file")
    func beginWithoutLabelEnd() {
        let bytes = Array(String(repeating: "-----BEGIN CERTIFICATE\n", count: 100_000).utf8) + Array("-----BEGIN ".utf8) + [UInt8](repeating: 0x41, count: 1 << 20)
        let (blocks, examined) = PEMScanner.scan(bytes)
        #expect(blocks.isEmpty)
        #expect(examined <= 4 * bytes.count)
    }

    @Test("200,000 distinct labels, with and without END, are read in linear work")
    func distinctLabels() {
        var text = ""
        for index in 0..<200_000 {
            text += "-----BEGIN LABEL \(index)-----\nQUJD\n"
            if index % 2 == 0 { text += "-----END LABEL \(index)-----\n" }
        }
        let bytes = Array(text.utf8)
        let (blocks, examined) = PEMScanner.scan(bytes)
        #expect(blocks.count == 200_000)
        #expect(blocks.filter { $0.isTruncated }.count == 100_000)
        #expect(blocks[199_999].label == "LABEL 199999")
        #expect(examined <= 4 * bytes.count)
    }

    @Test("a long label and many near-miss END lines cost no more than reading them")
    func nearMissEnds() {
        let label = String(repeating: "L", count: 100_000)
        let bytes = Array(("-----BEGIN \(label)-----\n" + String(repeating: "-----END \(label.prefix(99_999))X-----\n", count: 20)).utf8)
        let (blocks, examined) = PEMScanner.scan(bytes)
        #expect(blocks.count == 1 && blocks[0].isTruncated)
        #expect(examined <= 4 * bytes.count)
    }
}
