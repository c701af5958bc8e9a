import Testing
@testable import SFTPrep

@Suite struct UTF8ValidatorTests {
    private func firstInvalid(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { UTF8Validator.firstInvalidOffset($0) }
    }

    @Test func acceptsValidText() {
        #expect(firstInvalid(Array("plain ASCII text that is longer than eight bytes".utf8)) == nil)
        #expect(firstInvalid(Array("é 日本 😀 \u{10FFFF}".utf8)) == nil)
        #expect(firstInvalid([]) == nil)
    }

    @Test(arguments: [
        ([0x61, 0xFF], 1),                          // never valid
        ([0xC0, 0x80], 0),                          // overlong NUL
        ([0xE0, 0x80, 0x80], 0),                    // overlong
        ([0xED, 0xA0, 0x80], 0),                    // UTF-16 surrogate
        ([0xF4, 0x90, 0x80, 0x80], 0),              // above U+10FFFF
        ([0x41, 0x42, 0xE2, 0x82], 2),              // truncated at end
        ([0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x80], 9),  // stray continuation after the fast path
    ] as [([UInt8], Int)])
    func findsTheFirstInvalidByte(bytes: [UInt8], offset: Int) {
        #expect(firstInvalid(bytes) == offset)
    }
}
