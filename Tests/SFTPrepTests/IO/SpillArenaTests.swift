import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import SFTPrep

/// The spilling arena and the tables laid out in it (`IO/SpillArena.swift`, `IO/ArenaRows.swift`): what is
/// written reads back, in memory and in a temporary file, over budget and without a temporary directory.
@Suite struct SpillArenaTests {
    /// Rows and byte strings read back exactly across chunk boundaries and the arena's moves, in memory
    /// and in a temporary file, and a copy of the arena has its own.
    @Test(arguments: [false, true])
    func arenaTablesReadBackWhatWasWritten(file: Bool) {
        let arena = SpillArena(file: file)
        #if os(Linux)
        #expect(arena.usesFile == file)
        #endif
        var rows = ArenaRows(width: 7, chunkBytes: 1000)  // 128 rows a chunk: rows cross many chunks
        var bytes = ArenaBytes()
        var starts: [Int] = []
        func row(_ i: Int) -> [UInt8] { (0..<7).map { UInt8(truncatingIfNeeded: i &* 31 &+ $0 &* 7 &+ i >> 8) } }
        func blob(_ i: Int) -> [UInt8] { (0..<(i % 5 == 0 ? 300_000 : i % 40)).map { UInt8(truncatingIfNeeded: $0 &+ i) } }
        for i in 0..<20_000 {
            let r = row(i)
            r.withUnsafeBytes { rows.append(in: arena).copyMemory(from: $0.baseAddress!, byteCount: 7) }
            if i < 100 { blob(i).withUnsafeBytes { starts.append(bytes.append($0, in: arena)) } }  // 6 MB: blobs span 1 MB chunks
        }
        let probes = [0, 1, 127, 128, 129, 5_000, 19_999]
        func read(_ a: SpillArena, _ i: Int) -> [UInt8] { Array(UnsafeRawBufferPointer(start: rows.row(i, in: a), count: 7)) }
        #expect(probes.allSatisfy { read(arena, $0) == row($0) })
        #expect((0..<100).allSatisfy { bytes.bytes(starts[$0], blob($0).count, in: arena) == blob($0) })
        let copy = arena.copy()
        rows.row(5_000, in: arena).storeBytes(of: 0xAB, as: UInt8.self)
        #expect(read(copy, 5_000) == row(5_000))
        #expect(read(arena, 5_000)[0] == 0xAB)
        #expect(probes.filter { $0 != 5_000 }.allSatisfy { read(copy, $0) == row($0) })
    }

    /// A region given back leaves every other one intact, and fresh regions are zero, in either kind of arena.
    @Test(arguments: [false, true])
    func releasedRegionsLeaveTheRestIntact(file: Bool) {
        let arena = SpillArena(file: file)
        let a = arena.allocate(3 * SpillArena.pageSize + 100)
        let b = arena.allocate(10_000)
        memset(arena.base + a, 0x11, 3 * SpillArena.pageSize + 100)
        memset(arena.base + b, 0x22, 10_000)
        arena.release(a, 3 * SpillArena.pageSize + 100)
        let c = arena.allocate(5 * SpillArena.pageSize)
        #expect(c >= b + 10_000)
        #expect(UnsafeRawBufferPointer(start: arena.base + b, count: 10_000).allSatisfy { $0 == 0x22 })
        #expect(UnsafeRawBufferPointer(start: arena.base + c, count: 5 * SpillArena.pageSize).allSatisfy { $0 == 0 })
        #expect(a % SpillArena.pageSize == 0 && b % SpillArena.pageSize == 0 && arena.allocate(10) % 64 == 0)
        // After a reset every region is fresh again, the last, partly used page included.
        let small = SpillArena(file: file)
        memset(small.base + small.allocate(100), 0xFF, 100)
        small.reset()
        let again = small.allocate(100)
        #expect(again == 0 && UnsafeRawBufferPointer(start: small.base, count: 100).allSatisfy { $0 == 0 })
    }

    #if os(Linux)
    /// Moved to its file half-way, over its limit the arena lets resident pages go — and everything still
    /// reads back.
    @Test func anArenaOverItsBudgetLetsPagesGoAndKeepsItsContents() {
        let arena = SpillArena()
        var rows = ArenaRows(width: 64)
        for i in 0..<200_000 {  // 12.8 MB, trimmed along the way
            rows.append(in: arena).storeBytes(of: UInt64(i) &* 0x9E37_79B9_7F4A_7C15, as: UInt64.self)
            if i == 100_000 {
                #expect(!arena.usesFile)
                arena.moveToFile()
            }
            if i % 1_000 == 0 { arena.trimIfNeeded(above: 1 << 20) }
        }
        #expect(arena.usesFile)
        #expect(arena.trims > 0)
        #expect((0..<200_000).allSatisfy { rows.row($0, in: arena).load(as: UInt64.self) == UInt64($0) &* 0x9E37_79B9_7F4A_7C15 })
    }
    #endif

    /// Without a usable temporary directory the arena stays in ordinary memory, and still works.
    @Test func anArenaWithoutATemporaryFileStaysInMemory() {
        let arena = SpillArena(file: true, directory: "/nonexistent-directory-for-sftprep-tests")
        #expect(!arena.usesFile)
        var rows = ArenaRows(width: 2)
        for i in 0..<50_000 { rows.append(in: arena).storeBytes(of: UInt16(truncatingIfNeeded: i), as: UInt16.self) }
        arena.trimIfNeeded(above: 0)
        #expect(arena.trims == 0)
        #expect((0..<50_000).allSatisfy { rows.row($0, in: arena).load(as: UInt16.self) == UInt16(truncatingIfNeeded: $0) })
    }
}
