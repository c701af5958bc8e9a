import Foundation

/// SentencePiece-style BPE from a Hugging Face `tokenizer.json` (Mistral v1–v3,
/// Llama 2, Phi-3, Gemma): spaces become `▁`, each word is split into
/// characters, a character missing from the vocabulary becomes its `<0xXX>`
/// byte tokens (`byte_fallback`) or `unk`, and merges apply lowest rank first,
/// leftmost on ties, exactly as Hugging Face `tokenizers`' BPE model does it.
///
/// The layouts found on the Hub are all covered by the steps below: the legacy
/// Llama/Mistral one (normalizer `Prepend("▁")` + `Replace(" ", "▁")`, no
/// pre-tokenizer), the newer `Metaspace` pre-tokenizer, and Gemma's
/// (`Replace` normalizer, `Split(" ", MergedWithPrevious)`).
struct SentencePieceBPE: Sendable {
    enum NormalizerStep: Sendable {
        case prepend([UInt8])
        case replace([UInt8], with: [UInt8])
        case nfc
    }
    enum PrependScheme: String, Sendable { case always, first, never }
    enum SplitBehavior: String, Sendable {
        case removed = "Removed", isolated = "Isolated", mergedWithPrevious = "MergedWithPrevious", mergedWithNext = "MergedWithNext"
    }
    enum PreTokenizerStep: Sendable {
        case metaspace(replacement: [UInt8], prepend: PrependScheme, split: Bool)
        case split(pattern: [UInt8], behavior: SplitBehavior)
    }

    let normalizers: [NormalizerStep]
    let preTokenizers: [PreTokenizerStep]
    /// Ids of single-character tokens: scalars below 0x10000 by index (`UInt32.max` when absent), others in `astral`.
    let bmpIDs: [UInt32]
    let astralIDs: [UInt32: UInt32]
    /// `<0x00>`…`<0xFF>` (`UInt32.max` for one the vocabulary lacks), when byte fallback is on.
    let byteIDs: [UInt32]?
    let unkID: UInt32?
    let fuseUnk: Bool
    /// (left id << 32 | right id) → (rank << 32 | merged id).
    let merges: MergeTable
    /// Whether no vocabulary token holds `▁` right after another character. Then no merge crosses the point
    /// before a `▁` that follows another character, and a word is merged piece by piece there: the same ids,
    /// and the merge heap stays the size of a word rather than of a document (the legacy layout has no
    /// pre-tokenizer, so a whole document is one word). Measured on 30,000 support conversations: 4.95 s → see
    /// docs/performance.md.
    let splitsBeforeSpaces: Bool

    // MARK: - Encoding

    /// Appends the ids of one stretch of text between added tokens; `atStart` says whether it begins the whole input
    /// (Metaspace's `prepend_scheme: first` adds `▁` only there).
    func encode(_ segment: ArraySlice<UInt8>, atStart: Bool, into out: inout [UInt32]) {
        var text = Array(segment)
        for step in normalizers {
            switch step {
            case .prepend(let p): if !text.isEmpty { text = p + text }
            case .replace(let pattern, let content): text = SentencePieceBPE.replacing(pattern, with: content, in: text)
            case .nfc:
                let string = String(decoding: text, as: UTF8.self)
                if !NFCQuickCheck.isCertainlyNFC(string) { text = Array(string.precomposedStringWithCanonicalMapping.utf8) }
            }
        }
        guard !text.isEmpty else { return }
        var words: [ArraySlice<UInt8>] = [text[...]]
        for step in preTokenizers {
            switch step {
            case let .metaspace(replacement, scheme, split):
                words = words.flatMap { word -> [ArraySlice<UInt8>] in
                    var w = SentencePieceBPE.replacing([0x20], with: replacement, in: Array(word))
                    let prepend = scheme == .always || (scheme == .first && atStart && word.startIndex == 0)
                    if prepend && !w.starts(with: replacement) { w = replacement + w }
                    return split ? SentencePieceBPE.split(w[...], on: replacement, .mergedWithNext) : [w[...]]
                }
            case let .split(pattern, behavior):
                words = words.flatMap { SentencePieceBPE.split($0, on: pattern, behavior) }
            }
        }
        for word in words where !word.isEmpty {
            guard splitsBeforeSpaces else { mergeWord(word, into: &out); continue }
            var start = word.startIndex, i = word.startIndex + 1
            // `▁` is E2 96 81; a piece starts at a `▁` whose previous character is not one.
            while i + 2 < word.endIndex {
                if word[i] == 0xE2 && word[i + 1] == 0x96 && word[i + 2] == 0x81
                    && !(i - 3 >= start && word[i - 3] == 0xE2 && word[i - 2] == 0x96 && word[i - 1] == 0x81) {
                    mergeWord(word[start..<i], into: &out)
                    start = i
                    i += 3
                } else { i += 1 }
            }
            mergeWord(word[start...], into: &out)
        }
    }

    /// Splits a word into characters, maps each to its id (or bytes, or unk) and merges as `tokenizers`' `Word::merge_all`.
    private func mergeWord(_ word: ArraySlice<UInt8>, into out: inout [UInt32]) {
        var ids: [UInt32] = []
        ids.reserveCapacity(word.count)
        var pendingUnk = false
        var i = word.startIndex
        while i < word.endIndex {
            let (scalar, length) = SentencePieceBPE.decodeScalar(word, at: i)
            let id = scalar < 0x10000 ? bmpIDs[Int(scalar)] : (astralIDs[scalar] ?? UInt32.max)
            if id != UInt32.max {
                if pendingUnk, let unkID { ids.append(unkID); pendingUnk = false }
                ids.append(id)
            } else if let byteIDs, word[i..<(i + length)].allSatisfy({ byteIDs[Int($0)] != .max }) {
                // As in `tokenizers`, a pending unk is not flushed before byte tokens.
                for b in word[i..<(i + length)] { ids.append(byteIDs[Int(b)]) }
            } else if let unkID {
                if pendingUnk && !fuseUnk { ids.append(unkID) }
                pendingUnk = true
            }
            i += length
        }
        if pendingUnk, let unkID { ids.append(unkID) }
        merge(&ids)
        out += ids
    }

    /// Merges adjacent symbols lowest rank first (leftmost on ties): a scan for short words, a heap and a
    /// linked list for long ones (the order `tokenizers`' heap gives, where a stale entry is skipped).
    private func merge(_ ids: inout [UInt32]) {
        let n = ids.count
        guard n > 1 else { return }
        if n <= 24 { return mergeByScan(&ids) }
        var next = [Int32](unsafeUninitializedCapacity: n) { b, c in for k in 0..<n { b[k] = Int32(k + 1) }; c = n }
        var prev = [Int32](unsafeUninitializedCapacity: n) { b, c in for k in 0..<n { b[k] = Int32(k - 1) }; c = n }
        var alive = [Bool](repeating: true, count: n)
        var heap = MinHeap()  // BytePairMerger's: (rank, position) order; `version` carries the merged id
        func pushPair(at left: Int, _ right: Int) {
            if let m = merges.lookup(ids[left], ids[right]) {
                heap.push(HeapEntry(rank: Int(m >> 32), start: left, version: Int(UInt32(truncatingIfNeeded: m))))
            }
        }
        for k in 0..<(n - 1) { pushPair(at: k, k + 1) }
        while let top = heap.pop() {
            let pos = top.start, newID = UInt32(top.version)
            guard alive[pos], Int(next[pos]) < n else { continue }
            let right = Int(next[pos])
            guard let m = merges.lookup(ids[pos], ids[right]), UInt32(truncatingIfNeeded: m) == newID else { continue }
            ids[pos] = newID
            alive[right] = false
            next[pos] = next[right]
            if Int(next[right]) < n { prev[Int(next[right])] = Int32(pos) }
            if prev[pos] >= 0 { pushPair(at: Int(prev[pos]), pos) }
            if Int(next[pos]) < n { pushPair(at: pos, Int(next[pos])) }
        }
        var w = 0
        for k in 0..<n where alive[k] { ids[w] = ids[k]; w += 1 }
        ids.removeLast(n - w)
    }

    private func mergeByScan(_ ids: inout [UInt32]) {
        while ids.count > 1 {
            var best = UInt64.max, at = -1
            for k in 0..<(ids.count - 1) {
                if let m = merges.lookup(ids[k], ids[k + 1]), m < best { best = m; at = k }
            }
            guard at >= 0 else { return }
            ids[at] = UInt32(truncatingIfNeeded: best)
            ids.remove(at: at + 1)
        }
    }

    // MARK: - Byte helpers

    static func decodeScalar(_ s: ArraySlice<UInt8>, at i: Int) -> (UInt32, Int) {
        let b0 = UInt32(s[i])
        func cont(_ k: Int) -> UInt32 { i + k < s.endIndex ? UInt32(s[i + k] & 0x3F) : 0 }
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0 { return ((b0 & 0x1F) << 6 | cont(1), 2) }
        if b0 < 0xF0 { return ((b0 & 0x0F) << 12 | cont(1) << 6 | cont(2), 3) }
        return ((b0 & 0x07) << 18 | cont(1) << 12 | cont(2) << 6 | cont(3), 4)
    }

    static func replacing(_ pattern: [UInt8], with content: [UInt8], in text: [UInt8]) -> [UInt8] {
        guard !pattern.isEmpty, text.count >= pattern.count else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.count + text.count / 4)
        var i = 0
        while i < text.count {
            if text[i] == pattern[0] && i + pattern.count <= text.count && text[i..<(i + pattern.count)].elementsEqual(pattern) {
                out += content
                i += pattern.count
            } else {
                out.append(text[i]); i += 1
            }
        }
        return out
    }

    /// `tokenizers`' split on a literal pattern with the given behaviour; empty pieces are dropped.
    static func split(_ text: ArraySlice<UInt8>, on pattern: [UInt8], _ behavior: SplitBehavior) -> [ArraySlice<UInt8>] {
        // The text as alternating stretches: (range, isMatch).
        var parts: [(Range<Int>, Bool)] = []
        var start = text.startIndex, i = text.startIndex
        while i < text.endIndex {
            if !pattern.isEmpty && i + pattern.count <= text.endIndex && text[i..<(i + pattern.count)].elementsEqual(pattern) {
                if start < i { parts.append((start..<i, false)) }
                parts.append((i..<(i + pattern.count), true))
                i += pattern.count
                start = i
            } else { i += 1 }
        }
        if start < text.endIndex { parts.append((start..<text.endIndex, false)) }
        var pieces: [Range<Int>] = []
        switch behavior {
        case .removed: pieces = parts.filter { !$0.1 }.map(\.0)
        case .isolated: pieces = parts.map(\.0)
        case .mergedWithPrevious:
            var previousMatch = false
            for (range, isMatch) in parts {
                if isMatch && !previousMatch, let last = pieces.last { pieces[pieces.count - 1] = last.lowerBound..<range.upperBound }
                else { pieces.append(range) }
                previousMatch = isMatch
            }
        case .mergedWithNext:
            var previousMatch = false
            for (range, isMatch) in parts.reversed() {
                if isMatch && !previousMatch, let last = pieces.last { pieces[pieces.count - 1] = range.lowerBound..<last.upperBound }
                else { pieces.append(range) }
                previousMatch = isMatch
            }
            pieces.reverse()
        }
        return pieces.filter { !$0.isEmpty }.map { text[$0] }
    }
}

/// An open-addressing hash table from a merge's pair of ids to its rank and merged id: Swift's
/// `Dictionary` hashes every lookup with SipHash, and lookups are most of the merge's work.
struct MergeTable: Sendable {
    private var keys: [UInt64]
    private var values: [UInt64]
    private let mask: Int
    private static let empty = UInt64.max

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: MergeTable.empty, count: size)
        values = [UInt64](repeating: 0, count: size)
        mask = size - 1
    }

    private func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask }

    /// Sets `key` to `value`, replacing an earlier value.
    mutating func insert(_ key: UInt64, _ value: UInt64) {
        var i = slot(key)
        while keys[i] != MergeTable.empty && keys[i] != key { i = (i + 1) & mask }
        keys[i] = key
        values[i] = value
    }

    /// The merge of the pair (`left`, `right`): rank << 32 | merged id.
    func lookup(_ left: UInt32, _ right: UInt32) -> UInt64? { lookup(UInt64(left) << 32 | UInt64(right)) }

    func lookup(_ key: UInt64) -> UInt64? {
        var i = slot(key)
        while true {
            let k = keys[i]
            if k == key { return values[i] }
            if k == MergeTable.empty { return nil }
            i = (i + 1) & mask
        }
    }
}

// MARK: - Reading it from tokenizer.json

extension SentencePieceBPE {
    /// Reads the normalizer, pre-tokenizer and BPE model of a SentencePiece-style `tokenizer.json`;
    /// anything else is an error that names the component.
    static func load(_ path: String, _ root: JSONObject, _ model: JSONObject) throws(SFTPrepError) -> SentencePieceBPE {
        func fail(_ what: String) -> SFTPrepError { .data("\(path): \(what)") }
        func string(_ v: JSONValue?) -> [UInt8]? { v?.stringValue.map { Array($0.utf8) } }

        var normalizers: [NormalizerStep] = []
        func normalizer(_ n: JSONValue) throws(SFTPrepError) {
            guard let o = n.objectValue, let type = o["type"]?.stringValue else { throw fail("normalizer \(n.jsonText.prefix(120)) is not understood") }
            switch type {
            case "Sequence": for step in o["normalizers"]?.arrayValue ?? [] { try normalizer(step) }
            case "Prepend":
                guard let p = string(o["prepend"]) else { throw fail("Prepend normalizer without prepend") }
                normalizers.append(.prepend(p))
            case "Replace":
                guard let p = string(o["pattern"]?.objectValue?["String"]), let c = string(o["content"]) else {
                    throw fail("Replace normalizer \(n.jsonText.prefix(120)) is not supported (a String pattern only)")
                }
                normalizers.append(.replace(p, with: c))
            case "NFC": normalizers.append(.nfc)
            default: throw fail("normalizer \(type) is not supported (Prepend, Replace, NFC, Sequence)")
            }
        }
        if let n = root["normalizer"], n != .null { try normalizer(n) }

        var pre: [PreTokenizerStep] = []
        func preTokenizer(_ p: JSONValue) throws(SFTPrepError) {
            guard let o = p.objectValue, let type = o["type"]?.stringValue else { throw fail("pre-tokenizer \(p.jsonText.prefix(120)) is not understood") }
            switch type {
            case "Sequence": for step in o["pretokenizers"]?.arrayValue ?? [] { try preTokenizer(step) }
            case "Metaspace":
                let replacement = string(o["replacement"]) ?? Array("▁".utf8)
                var scheme: PrependScheme
                if let s = o["prepend_scheme"]?.stringValue {
                    guard let known = PrependScheme(rawValue: s) else { throw fail("Metaspace prepend_scheme \"\(s)\" is not understood") }
                    scheme = known
                } else {
                    scheme = o["add_prefix_space"]?.boolValue == false ? .never : .always
                }
                pre.append(.metaspace(replacement: replacement, prepend: scheme, split: o["split"]?.boolValue ?? true))
            case "Split":
                guard let pattern = string(o["pattern"]?.objectValue?["String"]), o["invert"]?.boolValue != true,
                      let behavior = o["behavior"]?.stringValue.flatMap(SplitBehavior.init(rawValue:)) else {
                    throw fail("pre-tokenizer \(p.jsonText.prefix(160)) is not supported here (Split on a String, not inverted, Removed/Isolated/MergedWith…)")
                }
                pre.append(.split(pattern: pattern, behavior: behavior))
            default: throw fail("pre-tokenizer \(type) is not supported with SentencePiece-style BPE (Metaspace, Split on a string, Sequence)")
            }
        }
        if let p = root["pre_tokenizer"], p != .null { try preTokenizer(p) }

        for key in ["continuing_subword_prefix", "end_of_word_suffix"] {
            if let v = model[key]?.stringValue, !v.isEmpty { throw fail("model.\(key) \"\(v)\" is not supported") }
        }
        if let d = model["dropout"]?.doubleValue, d > 0 { throw fail("model.dropout \(d) makes encoding random; it is not supported") }
        if model["ignore_merges"]?.boolValue == true { throw fail("model.ignore_merges with SentencePiece-style BPE is not supported") }
        guard let vocab = model["vocab"]?.objectValue else { throw fail("model.vocab is missing") }
        var ids: [String: UInt32] = [:]
        ids.reserveCapacity(vocab.members.count)
        var bmp = [UInt32](repeating: .max, count: 0x10000)
        var astral: [UInt32: UInt32] = [:]
        for member in vocab {
            guard let id = member.value.doubleValue.map({ UInt32($0) }) else { throw fail("model.vocab[\(JSONValue.string(member.key).jsonText)] is not a number") }
            ids[member.key] = id
            let scalars = member.key.unicodeScalars
            if scalars.count == 1, let s = scalars.first {
                if s.value < 0x10000 { bmp[Int(s.value)] = id } else { astral[s.value] = id }
            }
        }
        var byteIDs: [UInt32]? = nil
        if model["byte_fallback"]?.boolValue == true {
            byteIDs = (0..<256).map { b in ids[String(format: "<0x%02X>", b)] ?? .max }
        }
        var unkID: UInt32? = nil
        if let unk = model["unk_token"]?.stringValue {
            guard let id = ids[unk] else { throw fail("model.unk_token \(JSONValue.string(unk).jsonText) is not in the vocabulary") }
            unkID = id
        }
        let list = model["merges"]?.arrayValue ?? []
        var merges = MergeTable(capacity: list.count)
        for (k, m) in list.enumerated() {
            let pair: [String]
            if let s = m.stringValue { pair = s.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false).map(String.init) }
            else { pair = m.arrayValue?.compactMap(\.stringValue) ?? [] }
            guard pair.count == 2, let a = ids[pair[0]], let b = ids[pair[1]], let merged = ids[pair[0] + pair[1]] else {
                throw fail("model.merges[\(k)] \(m.jsonText) names tokens the vocabulary does not have")
            }
            let key = UInt64(a) << 32 | UInt64(b)
            merges.insert(key, UInt64(k) << 32 | UInt64(merged))  // a repeated pair: the later one wins, as in `tokenizers`
        }
        let space: Unicode.Scalar = "\u{2581}"
        let spaceInside = vocab.members.contains { member in
            var previous: Unicode.Scalar? = nil
            for s in member.key.unicodeScalars {
                if s == space, let p = previous, p != space { return true }
                previous = s
            }
            return false
        }
        return SentencePieceBPE(normalizers: normalizers, preTokenizers: pre, bmpIDs: bmp, astralIDs: astral, byteIDs: byteIDs,
                                unkID: unkID, fuseUnk: model["fuse_unk"]?.boolValue == true, merges: merges,
                                splitsBeforeSpaces: !spaceInside)
    }
}
