import Testing
@testable import SFTPrep

@Suite struct ByteScanTests {
    /// Every word test against its byte test, for each byte value at each of the eight positions,
    /// among bytes that pass (`a`) and next to the bytes that carry or borrow (0xFF, 0x00).
    @Test func wordTestsMatchTheByteTestsAtEveryPosition() {
        for neighbour: UInt8 in [0x61, 0xFF, 0x00, 0x5A, 0xC0, 0x41] {
            for position in 0..<8 {
                for b in 0...255 {
                    let byte = UInt8(b)
                    var bytes = [UInt8](repeating: 0x61, count: 8)
                    bytes[position] = byte
                    if neighbour != 0x61 { bytes[(position + 1) % 8] = neighbour }
                    let w = bytes.withUnsafeBufferPointer { ByteScan.word($0.baseAddress!, 0) }
                    #expect(ByteScan.hasDigit(w) == bytes.contains { $0 >= 0x30 && $0 <= 0x39 }, "\(bytes)")
                    #expect(ByteScan.isPrintableASCIIWithoutAngle(w) == bytes.allSatisfy { $0 >= 0x20 && $0 <= 0x7E && $0 != 0x3C }, "\(bytes)")
                    #expect(ByteScan.hasQuoteBackslashOrControl(w) == bytes.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }, "\(bytes)")
                    let letterBits = (0..<8).reduce(UInt64(0)) { m, k in ((bytes[k] | 0x20) >= 0x61 && (bytes[k] | 0x20) <= 0x7A) ? m | (0x80 << (8 * UInt64(k))) : m }
                    #expect(ByteScan.asciiLetters(w) == letterBits, "\(bytes)")
                    let leadBits = (0..<8).reduce(UInt64(0)) { m, k in bytes[k] >= 0xC0 ? m | (0x80 << (8 * UInt64(k))) : m }
                    #expect(ByteScan.leadBytes(w) == leadBits, "\(bytes)")
                    #expect(ByteScan.hasCapitalOrLeadByte(w) == bytes.contains { ($0 >= 0x41 && $0 <= 0x5A) || $0 >= 0xC0 }, "\(bytes)")
                }
            }
        }
    }
}
