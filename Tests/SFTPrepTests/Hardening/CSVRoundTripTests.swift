import Foundation
import Testing
@testable import SFTPrep

/// Property: rows written as RFC 4180 (quoted when a field holds the delimiter, a quote, CR or LF;
/// quotes doubled; LF or CRLF row ends) are read back field for field, whatever the delimiter.
@Suite struct CSVRoundTripTests {
    static let pieces = ["a", "Z", "0", " ", ",", ";", "\t", "|", "\"", "\n", "\r\n", "\r", "é", "日本", "🚀", "''", "x y", "\"\"", "=1+1", "—"]

    static func write(_ rows: [[String]], delimiter: Character, crlf: Bool) -> String {
        rows.map { row in
            row.map { f in
                f.contains(where: { $0 == delimiter || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
                    ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f
            }.joined(separator: String(delimiter))
        }.joined(separator: crlf ? "\r\n" : "\n") + (crlf ? "\r\n" : "\n")
    }

    @Test func writtenRowsReadBackExactly() throws {
        var rng = SplitMix(seed: 11)
        let dir = TempDir()
        defer { dir.remove() }
        var files = 0, rowsChecked = 0
        for round in 0..<400 {
            let delimiter: Character = [",", ";", "\t", "|"][round % 4]
            let width = 2 + Int(rng.next() % 5)
            let rows: [[String]] = (0..<(1 + Int(rng.next() % 20))).map { _ in
                (0..<width).map { _ in (0..<Int(rng.next() % 8)).map { _ in Self.pieces[Int(rng.next() % UInt64(Self.pieces.count))] }.joined() }
            }
            let path = dir.write("r\(round).csv", Self.write(rows, delimiter: delimiter, crlf: round % 3 == 0))
            var read: [[String]] = []
            try CSVParser(try InputFile(path: path), delimiter: delimiter.asciiValue!).forEachRow({ row in
                read.append(row.fields.map { String(decoding: $0, as: UTF8.self) })
            }, onError: { error in Issue.record("round \(round): \(error.message)") })
            #expect(read == rows, "round \(round)")
            files += 1
            rowsChecked += rows.count
        }
        #expect(files == 400 && rowsChecked > 3_000)
    }
}
