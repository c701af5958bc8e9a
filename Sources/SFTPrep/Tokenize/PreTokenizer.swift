/// Splits text into the pieces tiktoken's pre-tokenization regexes produce,
/// without a regex engine: each alternative of the pattern is a small
/// function over Unicode scalars and their general categories, reproducing the
/// regex's leftmost-first alternation and greedy backtracking.
///
/// o200k_base:
/// ```
/// [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?
/// |[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?
/// |\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+
/// ```
/// cl100k_base:
/// ```
/// '(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s
/// ```
struct PreTokenizer {
    /// `cl100kSingleDigits` is cl100k's with `\p{N}` for `\p{N}{1,3}`: Qwen 2's pre-tokenizer.
    /// `qwen35` also counts marks with letters: `[^\r\n\p{L}\p{N}]?[\p{L}\p{M}]+` and
    /// ` ?[^\s\p{L}\p{M}\p{N}]+` (Qwen 3.5's).
    /// `tekken` is o200k's without the contraction suffixes and with `\p{N}` (Mistral's tekken files).
    /// `deepseekV3` is DeepSeek V3's sequence of three splits (digits by three, CJK runs, then its pattern).
    enum Pattern { case o200k, cl100k, cl100kSingleDigits, qwen35, tekken, deepseekV3 }

    /// Character classes of one scalar, as bits.
    struct Class: OptionSet {
        let rawValue: UInt8
        static let letter = Class(rawValue: 1)        // \p{L}
        static let number = Class(rawValue: 2)        // \p{N}
        static let upper = Class(rawValue: 4)         // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]
        static let lower = Class(rawValue: 8)         // [\p{Ll}\p{Lm}\p{Lo}\p{M}]
        static let space = Class(rawValue: 16)        // \s (White_Space)
        static let newline = Class(rawValue: 32)      // [\r\n]
        static let punct = Class(rawValue: 64)        // \p{P}
        static let symbol = Class(rawValue: 128)      // \p{S}
    }

    static let asciiClasses: [Class] = (0..<128).map { v in classify(Unicode.Scalar(UInt8(v))) }

    static func classify(_ s: Unicode.Scalar) -> Class {
        var c: Class = []
        let p = s.properties
        switch p.generalCategory {
        case .uppercaseLetter, .titlecaseLetter: c.formUnion([.letter, .upper])
        case .lowercaseLetter: c.formUnion([.letter, .lower])
        case .modifierLetter, .otherLetter: c.formUnion([.letter, .upper, .lower])
        case .nonspacingMark, .spacingMark, .enclosingMark: c.formUnion([.upper, .lower])
        case .decimalNumber, .letterNumber, .otherNumber: c.insert(.number)
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation, .otherPunctuation:
            c.insert(.punct)
        case .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol: c.insert(.symbol)
        default: break
        }
        if p.isWhitespace { c.insert(.space) }
        if s.value == 0x0A || s.value == 0x0D { c.insert(.newline) }
        return c
    }

    let pattern: Pattern
    private let ascii = PreTokenizer.asciiClasses
    /// Per scalar of the current text: its value, classes and UTF-8 offset (one more offset for the end):
    /// 13 bytes a scalar. Kept between calls (one splitter per thread), so splitting allocates nothing once
    /// warm; room for more than ``keptCapacity`` scalars (a 50 MB message) is given back at the next call.
    private final class Buffers {
        static let keptCapacity = 1 << 22
        var capacity = 0
        var scalars = UnsafeMutablePointer<UInt32>.allocate(capacity: 1)
        var classes = UnsafeMutablePointer<Class>.allocate(capacity: 1)
        var offsets = UnsafeMutablePointer<Int>.allocate(capacity: 2)
        /// The classes of Basic Multilingual Plane scalars met so far (0xFF: not looked up yet), so a
        /// thread asks Unicode properties once per character rather than once per occurrence.
        let planeClasses: UnsafeMutablePointer<UInt8> = {
            let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 0x1_0000)
            p.initialize(repeating: 0xFF, count: 0x1_0000)
            return p
        }()

        func reserve(_ count: Int) {
            if capacity > Buffers.keptCapacity && count <= Buffers.keptCapacity { trim() }
            guard count > capacity else { return }
            scalars.deallocate(); classes.deallocate(); offsets.deallocate()
            capacity = max(count, 2 * capacity, 256)
            scalars = .allocate(capacity: capacity)
            classes = .allocate(capacity: capacity)
            offsets = .allocate(capacity: capacity + 1)
        }

        /// Gives back room beyond ``keptCapacity``.
        func trim() {
            guard capacity > Buffers.keptCapacity else { return }
            scalars.deallocate(); classes.deallocate(); offsets.deallocate()
            capacity = 0
            scalars = .allocate(capacity: 1)
            classes = .allocate(capacity: 1)
            offsets = .allocate(capacity: 2)
        }

        deinit { scalars.deallocate(); classes.deallocate(); offsets.deallocate(); planeClasses.deallocate() }
    }
    private let buffers = Buffers()
    private var scalars: UnsafeMutablePointer<UInt32>
    private var classes: UnsafeMutablePointer<Class>
    private var n = 0

    init(_ pattern: Pattern) {
        self.pattern = pattern
        scalars = buffers.scalars
        classes = buffers.classes
    }

    /// Calls `body` with the UTF-8 byte range of each piece of `text`, in order.
    mutating func split(_ utf8: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>) -> Void) {
        buffers.reserve(utf8.count)
        scalars = buffers.scalars
        classes = buffers.classes
        let offsets = buffers.offsets
        let planeClasses = buffers.planeClasses
        var k = 0
        var i = 0
        ascii.withUnsafeBufferPointer { ascii in
            while i < utf8.count {
                offsets[k] = i
                let b = utf8[i]
                if b < 0x80 {
                    i += 1
                    scalars[k] = UInt32(b)
                    classes[k] = ascii[Int(b)]
                } else {
                    let v = DedupText.nextScalar(utf8, &i)
                    scalars[k] = v
                    if v < 0x1_0000 {
                        var c = planeClasses[Int(v)]
                        if c == 0xFF {
                            c = PreTokenizer.classify(Unicode.Scalar(v) ?? "\u{FFFD}").rawValue
                            planeClasses[Int(v)] = c
                        }
                        classes[k] = Class(rawValue: c)
                    } else {
                        classes[k] = PreTokenizer.classify(Unicode.Scalar(v) ?? "\u{FFFD}")
                    }
                }
                k += 1
            }
        }
        offsets[k] = utf8.count
        n = k
        var start = 0
        while start < n {
            let end = pattern == .o200k || pattern == .tekken ? o200kPiece(start) : pattern == .deepseekV3 ? deepseekPiece(start) : cl100kPiece(start)
            body(offsets[start]..<offsets[end])
            start = end
        }
    }

    // MARK: - Shared pieces

    @inline(__always) private func has(_ i: Int, _ c: Class) -> Bool { i < n && classes[i].contains(c) }
    /// `[^\r\n\p{L}\p{N}]`
    @inline(__always) private func isPrefix(_ i: Int) -> Bool { i < n && classes[i].isDisjoint(with: [.newline, .letter, .number]) }
    /// `[^\s\p{L}\p{N}]`
    @inline(__always) private func isPunct(_ i: Int) -> Bool { i < n && classes[i].isDisjoint(with: [.space, .letter, .number]) }

    /// End of the whitespace run starting at `i`.
    private func spaceRun(_ i: Int) -> Int {
        var j = i
        while has(j, .space) { j += 1 }
        return j
    }

    /// Case-insensitive (simple folding) match of ASCII `c` at `i`.
    @inline(__always) private func folds(_ i: Int, _ c: UInt8) -> Bool {
        guard i < n else { return false }
        let v = scalars[i]
        if v == UInt32(c) || v == UInt32(c - 32) { return true }
        return c == UInt8(ascii: "s") && v == 0x017F   // ſ folds to s
    }

    /// `(?i:'s|'t|'re|'ve|'m|'ll|'d)` at `i`: the end after it, or `i` when absent.
    private func contraction(_ i: Int) -> Int {
        guard i < n, scalars[i] == 0x27 else { return i }
        for c in [UInt8(ascii: "s"), UInt8(ascii: "t")] where folds(i + 1, c) { return i + 2 }
        if folds(i + 1, UInt8(ascii: "r")) && folds(i + 2, UInt8(ascii: "e")) { return i + 3 }
        if folds(i + 1, UInt8(ascii: "v")) && folds(i + 2, UInt8(ascii: "e")) { return i + 3 }
        if folds(i + 1, UInt8(ascii: "m")) { return i + 2 }
        if folds(i + 1, UInt8(ascii: "l")) && folds(i + 2, UInt8(ascii: "l")) { return i + 3 }
        if folds(i + 1, UInt8(ascii: "d")) { return i + 2 }
        return i
    }

    /// `\p{N}{1,3}` at `i` (greedy and possessive agree here); one digit for `cl100kSingleDigits`.
    private func numberRun(_ i: Int) -> Int? {
        guard has(i, .number) else { return nil }
        var j = i + 1
        let most = pattern == .cl100kSingleDigits || pattern == .qwen35 || pattern == .tekken ? 1 : 3
        while j < i + most && has(j, .number) { j += 1 }
        return j
    }

    /// ` ?[^\s\p{L}\p{N}]+` then newlines (and `/` in o200k's `[\r\n/]*`): the optional
    /// space is taken only when punctuation follows it.
    private func punctuation(_ i: Int, slash: Bool) -> Int? {
        func run(_ s: Int) -> Int? {
            var j = s
            while isPunct(j) { j += 1 }
            guard j > s else { return nil }
            while j < n && (classes[j].contains(.newline) || (slash && scalars[j] == 0x2F)) { j += 1 }
            return j
        }
        if i < n, scalars[i] == 0x20, let e = run(i + 1) { return e }
        return run(i)
    }

    // MARK: - o200k_base

    private func o200kPiece(_ i: Int) -> Int {
        let tekken = pattern == .tekken
        func contraction(_ j: Int) -> Int { tekken ? j : self.contraction(j) }
        // 1. P? U* Lw+ contraction?
        func lowerWord(_ s: Int) -> Int? {
            var j = s
            while has(j, .upper) { j += 1 }
            if has(j, .lower) {
                while has(j, .lower) { j += 1 }
                return contraction(j)
            }
            // Backtrack the upper run to its last character that is also lower-class.
            var p = j - 1
            while p >= s && !classes[p].contains(.lower) { p -= 1 }
            return p >= s ? contraction(p + 1) : nil
        }
        if isPrefix(i), let e = lowerWord(i + 1) { return e }
        if let e = lowerWord(i) { return e }
        // 2. P? U+ Lw* contraction?
        func upperWord(_ s: Int) -> Int? {
            guard has(s, .upper) else { return nil }
            var j = s
            while has(j, .upper) { j += 1 }
            while has(j, .lower) { j += 1 }
            return contraction(j)
        }
        if isPrefix(i), let e = upperWord(i + 1) { return e }
        if let e = upperWord(i) { return e }
        // 3. \p{N}{1,3}
        if let e = numberRun(i) { return e }
        // 4. ' ?[^\s\p{L}\p{N}]+[\r\n/]*'
        if let e = punctuation(i, slash: true) { return e }
        // 5. \s*[\r\n]+
        let run = spaceRun(i)
        var q = run - 1
        while q >= i && !classes[q].contains(.newline) { q -= 1 }
        if q >= i { return q + 1 }
        // 6. \s+(?!\S)  7. \s+
        if run > i {
            if run == n || run - 1 == i { return run }
            return run - 1
        }
        return i + 1  // unreachable: every scalar belongs to some class above
    }

    // MARK: - cl100k_base

    private func cl100kPiece(_ i: Int) -> Int {
        // 1. '(?i:[sdmt]|ll|ve|re)
        if scalars[i] == 0x27 {
            for c in [UInt8(ascii: "s"), UInt8(ascii: "d"), UInt8(ascii: "m"), UInt8(ascii: "t")] where folds(i + 1, c) { return i + 2 }
            if folds(i + 1, UInt8(ascii: "l")) && folds(i + 2, UInt8(ascii: "l")) { return i + 3 }
            if folds(i + 1, UInt8(ascii: "v")) && folds(i + 2, UInt8(ascii: "e")) { return i + 3 }
            if folds(i + 1, UInt8(ascii: "r")) && folds(i + 2, UInt8(ascii: "e")) { return i + 3 }
        }
        if pattern == .qwen35 { return qwen35Rest(i) }
        // 2. [^\r\n\p{L}\p{N}]?+\p{L}++  (possessive: a prefix, once taken, is kept)
        let letterStart = isPrefix(i) ? i + 1 : i
        if has(letterStart, .letter) {
            var j = letterStart
            while has(j, .letter) { j += 1 }
            return j
        }
        // 3. \p{N}{1,3}+
        if let e = numberRun(i) { return e }
        // 4. ' ?[^\s\p{L}\p{N}]++[\r\n]*+'
        if let e = punctuation(i, slash: false) { return e }
        // 5. \s++$
        let run = spaceRun(i)
        if run > i && run == n { return run }
        // 6. \s*[\r\n]
        var q = run - 1
        while q >= i && !classes[q].contains(.newline) { q -= 1 }
        if q >= i { return q + 1 }
        // 7. \s+(?!\S)  8. \s
        if run > i + 1 { return run - 1 }
        return i + 1
    }

    // MARK: - Qwen 3.5

    /// A letter or a mark (`[\p{L}\p{M}]`): marks carry the upper and lower bits but not the letter bit.
    @inline(__always) private func isLetterOrMark(_ i: Int) -> Bool { i < n && (classes[i].contains(.letter) || classes[i].isSuperset(of: [.upper, .lower])) }

    /// Qwen 3.5's alternatives after the contractions: the letter run takes marks, the punctuation run does not.
    private func qwen35Rest(_ i: Int) -> Int {
        // [^\r\n\p{L}\p{N}]?[\p{L}\p{M}]+ (not possessive: a mark that cannot be a prefix starts the run itself)
        let start = isPrefix(i) && isLetterOrMark(i + 1) ? i + 1 : i
        if isLetterOrMark(start) {
            var j = start
            while isLetterOrMark(j) { j += 1 }
            return j
        }
        if let e = numberRun(i) { return e }
        // ' ?[^\s\p{L}\p{M}\p{N}]+[\r\n]*'
        func punct(_ j: Int) -> Bool { isPunct(j) && !isLetterOrMark(j) }
        func run(_ s: Int) -> Int? {
            var j = s
            while punct(j) { j += 1 }
            guard j > s else { return nil }
            while j < n && classes[j].contains(.newline) { j += 1 }
            return j
        }
        if i < n, scalars[i] == 0x20, let e = run(i + 1) { return e }
        if let e = run(i) { return e }
        let spaces = spaceRun(i)
        if spaces > i && spaces == n { return spaces }
        var q = spaces - 1
        while q >= i && !classes[q].contains(.newline) { q -= 1 }
        if q >= i { return q + 1 }
        if spaces > i + 1 { return spaces - 1 }
        return i + 1
    }

    // MARK: - DeepSeek V3

    /// `[一-龥぀-ゟ゠-ヿ]`: CJK unified ideographs U+4E00–U+9FA5, hiragana, katakana.
    @inline(__always) private func isCJK(_ i: Int) -> Bool {
        guard i < n else { return false }
        let v = scalars[i]
        return (0x4E00...0x9FA5).contains(v) || (0x3040...0x30FF).contains(v)
    }

    /// DeepSeek V3's three splits in one scan: `\p{N}{1,3}` pieces, then CJK runs, then in each stretch
    /// between them its third pattern, whose unmatched characters stay pieces of their own (Isolated).
    private func deepseekPiece(_ i: Int) -> Int {
        if has(i, .number) {
            var j = i + 1
            while j < i + 3 && has(j, .number) { j += 1 }
            return j
        }
        if isCJK(i) {
            var j = i + 1
            while isCJK(j) { j += 1 }
            return j
        }
        // The stretch the third split sees ends at the next digit or CJK character.
        var limit = i + 1
        while limit < n && !has(limit, .number) && !isCJK(limit) { limit += 1 }
        if let e = deepseekMatch(i, limit) { return e }
        var j = i + 1
        while j < limit && deepseekMatch(j, limit) == nil { j += 1 }
        return j
    }

    /// The third pattern at `i`, within `i..<limit`:
    /// `[ASCII punctuation][A-Za-z]+ | [^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+ | ?[\p{P}\p{S}]+[\r\n]* | \s*[\r\n]+ | \s+(?!\S) | \s+`.
    private func deepseekMatch(_ i: Int, _ limit: Int) -> Int? {
        func within(_ j: Int) -> Bool { j < limit }
        func asciiLetter(_ j: Int) -> Bool { within(j) && ((0x41...0x5A).contains(scalars[j]) || (0x61...0x7A).contains(scalars[j])) }
        func letterOrMark(_ j: Int) -> Bool { within(j) && (classes[j].contains(.letter) || classes[j].isSuperset(of: [.upper, .lower])) }
        func punctOrSymbol(_ j: Int) -> Bool { within(j) && !classes[j].isDisjoint(with: [.punct, .symbol]) }
        func space(_ j: Int) -> Bool { within(j) && classes[j].contains(.space) }
        func newline(_ j: Int) -> Bool { within(j) && classes[j].contains(.newline) }
        // 1. one ASCII punctuation character, then ASCII letters
        let v = scalars[i]
        let asciiPunct = (0x21...0x2F).contains(v) || (0x3A...0x40).contains(v) || (0x5B...0x60).contains(v) || (0x7B...0x7E).contains(v)
        if asciiPunct && asciiLetter(i + 1) {
            var j = i + 2
            while asciiLetter(j) { j += 1 }
            return j
        }
        // 2. an optional prefix (not a line break, letter, punctuation or symbol), then letters and marks
        let prefix = within(i) && !newline(i) && !classes[i].contains(.letter) && !punctOrSymbol(i)
        let start = prefix && letterOrMark(i + 1) ? i + 1 : i
        if letterOrMark(start) {
            var j = start
            while letterOrMark(j) { j += 1 }
            return j
        }
        // 3. an optional space, punctuation and symbols, then line breaks
        let p = scalars[i] == 0x20 && punctOrSymbol(i + 1) ? i + 1 : i
        if punctOrSymbol(p) {
            var j = p
            while punctOrSymbol(j) { j += 1 }
            while newline(j) { j += 1 }
            return j
        }
        // 4. \s*[\r\n]+  5. \s+(?!\S)  6. \s+
        var run = i
        while space(run) { run += 1 }
        guard run > i else { return nil }
        var q = run - 1
        while q >= i && !newline(q) { q -= 1 }
        if q >= i { return q + 1 }
        if run == limit || run - 1 == i { return run }
        return run - 1
    }
}
