/// Credentials by their published shapes (gitleaks, detect-secrets): AWS key
/// ids, GitHub, OpenAI, Anthropic, Slack, Stripe, Google and Hugging Face
/// tokens, JWTs, PEM private-key blocks, and `key/secret/token/password = value`
/// assignments whose value looks random (Shannon entropy ≥ 3.5 bits, hex ≥ 3.0).
enum SecretScanner {
    typealias Charset = @Sendable (UInt8) -> Bool
    static let alnum: Charset = PIIScanner.isAlnum
    static let base64url: Charset = { PIIScanner.isAlnum($0) || $0 == 0x2D || $0 == 0x5F }
    static let word: Charset = { PIIScanner.isAlnum($0) || $0 == 0x5F }
    static let awsChars: Charset = { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x32 && $0 <= 0x37) }

    /// (prefix, type, body charset, minimum body length, exact length or nil, must contain)
    static let shapes: [(String, PIIType, Charset, Int, Int?, String?)] = [
        ("AKIA", .awsKey, awsChars, 16, 16, nil), ("ASIA", .awsKey, awsChars, 16, 16, nil),
        ("ABIA", .awsKey, awsChars, 16, 16, nil), ("ACCA", .awsKey, awsChars, 16, 16, nil),
        ("github_pat_", .githubToken, word, 82, 82, nil),
        ("ghp_", .githubToken, alnum, 36, 36, nil), ("gho_", .githubToken, alnum, 36, 36, nil), ("ghu_", .githubToken, alnum, 36, 36, nil),
        ("ghs_", .githubToken, alnum, 36, 36, nil), ("ghr_", .githubToken, alnum, 36, 36, nil),
        ("sk-ant-", .anthropicKey, base64url, 32, nil, nil),
        ("sk-proj-", .openAIKey, base64url, 20, nil, nil),
        ("sk-", .openAIKey, base64url, 20, nil, "T3BlbkFJ"),
        ("xoxb-", .slackToken, base64url, 10, nil, nil), ("xoxa-", .slackToken, base64url, 10, nil, nil), ("xoxp-", .slackToken, base64url, 10, nil, nil),
        ("xoxr-", .slackToken, base64url, 10, nil, nil), ("xoxs-", .slackToken, base64url, 10, nil, nil), ("xoxe-", .slackToken, base64url, 10, nil, nil),
        ("xapp-", .slackToken, base64url, 10, nil, nil),
        ("sk_live_", .stripeKey, alnum, 10, nil, nil), ("sk_test_", .stripeKey, alnum, 10, nil, nil), ("sk_prod_", .stripeKey, alnum, 10, nil, nil),
        ("rk_live_", .stripeKey, alnum, 10, nil, nil), ("rk_test_", .stripeKey, alnum, 10, nil, nil), ("rk_prod_", .stripeKey, alnum, 10, nil, nil),
        ("AIza", .googleAPIKey, base64url, 35, 35, nil),
        ("hf_", .huggingFaceToken, alnum, 30, nil, nil),
    ]

    /// Shapes grouped by the first byte of their prefix: one pass over the text looks up the few that can start here.
    static let byFirstByte: [[Int]] = {
        var table = [[Int]](repeating: [], count: 256)
        for (k, shape) in shapes.enumerated() { table[Int(shape.0.utf8.first!)].append(k) }
        return table
    }()
    static let prefixes: [[UInt8]] = shapes.map { Array($0.0.utf8) }
    /// Flat forms for the hot loop: all prefixes back to back, where each starts, the shapes
    /// ordered by first byte, and each first byte's range in that order.
    static let prefixBytes: [UInt8] = prefixes.flatMap { $0 }
    static let prefixStart: [Int] = prefixes.reduce(into: [0]) { $0.append($0.last! + $1.count) }
    static let candidateOrder: [Int] = (0..<256).flatMap { byFirstByte[$0] }
    static let firstByteRange: [Int] = (0..<256).reduce(into: [0]) { $0.append($0.last! + byFirstByte[$1].count) }

    /// Per pair of first two bytes (`b0 << 8 | b1`): whether some prefix starts with them (every prefix
    /// has three bytes or more). Most words start with a letter that begins some prefix (`s`, `g`, `h`…),
    /// but almost none with a pair that does, so this one lookup turns them away.
    static let startsAPrefix: [Bool] = {
        var table = [Bool](repeating: false, count: 1 << 16)
        for p in prefixes { table[Int(p[0]) << 8 | Int(p[1])] = true }
        return table
    }()

    static let shapeBits: [UInt32] = shapes.map { PIIScanner.bitOf($0.1) }
    /// Per byte: 1 when a shape cannot start after it (letters, digits, `-`, `_`), 2 for the assignment operators `=` and `:`.
    static let byteKinds: [UInt8] = (0..<256).map { (v: Int) -> UInt8 in
        let b = UInt8(v)
        if PIIScanner.isAlnum(b) || b == 0x2D || b == 0x5F { return 1 }
        return b == 0x3D || b == 0x3A ? 2 : 0
    }

    static func scan(_ b: UTF8Bytes, mask: UInt32, into spans: inout [PIISpan]) {
        let bits = shapeBits
        let wantJWT = mask & PIIScanner.bitOf(.jwt) != 0
        let wantPEM = mask & PIIScanner.bitOf(.privateKey) != 0
        let wantAssign = mask & PIIScanner.bitOf(.secret) != 0
        var pending: [PIISpan] = []
        let order = candidateOrder, range = firstByteRange, pstart = prefixStart, pbytes = prefixBytes
        let kinds = SecretScanner.byteKinds
        let pairs = SecretScanner.startsAPrefix
        kinds.withUnsafeBufferPointer { kind in pairs.withUnsafeBufferPointer { pair in
            let p = b
            let n = p.count
            var i = 0
            while i < n {
                // Inside a word nothing starts but an assignment operator: skip to the next byte that could
                // (one table load per byte: 1 = continues a word, 2 = `=` or `:`).
                if i > 0 && kind[Int(p[i - 1])] == 1 {
                    while i < n && kind[Int(p[i])] == 1 { i += 1 }
                    // p[i] follows a word character: only an operator matters here.
                    if i < n && kind[Int(p[i])] != 2 { i += 1 }
                    if i >= n { break }
                }
                let c = p[i]
                // Assignments trigger on the operator, anywhere.
                if (c == 0x3D || c == 0x3A) && wantAssign {
                    // Keep scanning inside the value: a known key shape there is more specific than SECRET.
                    if let span = assignment(b, at: i) { pending.append(span) }
                    i += 1
                    continue
                }
                // Everything else starts a word.
                if i > 0 {
                    let prev = p[i - 1]
                    if PIIScanner.isAlnum(prev) || prev == 0x2D || prev == 0x5F { i += 1; continue }
                }
                if c == 0x65, wantJWT, i + 2 < n, p[i + 1] == 0x79, p[i + 2] == 0x4A, let end = jwt(b, at: i) {
                    pending.append(PIISpan(start: i, end: end, type: .jwt)); i = end; continue
                }
                if c == 0x2D, wantPEM, let end = pem(b, at: i) {
                    pending.append(PIISpan(start: i, end: end, type: .privateKey)); i = end; continue
                }
                guard i + 1 < n, pair[Int(c) << 8 | Int(p[i + 1])] else { i += 1; continue }
                let lo = range[Int(c)], hi = range[Int(c) + 1]
                var advanced = false
                var slot = lo
                while slot < hi {
                    let k = order[slot]
                    slot += 1
                    guard mask & bits[k] != 0 else { continue }
                    let ps = pstart[k], pe = pstart[k + 1]
                    guard i + (pe - ps) <= n else { continue }
                    var m = 1
                    while m < pe - ps, p[i + m] == pbytes[ps + m] { m += 1 }
                    guard m == pe - ps else { continue }
                    // The prefix matches: now the shape's details.
                    let (_, type, body, minimum, exact, mustContain) = shapes[k]
                    var j = i + (pe - ps)
                    while j < n, body(p[j]) { j += 1 }
                    let length = j - i - (pe - ps)
                    var ok = length >= minimum && (exact == nil || length == exact!)
                    if ok, let must = mustContain { ok = String(decoding: b[i..<j], as: UTF8.self).contains(must) }
                    if ok {
                        pending.append(PIISpan(start: i, end: j, type: type))
                        i = j
                        advanced = true
                        break
                    }
                }
                if !advanced { i += 1 }
            }
        } }
        spans += pending
    }

    /// `eyJ….eyJ….signature` at `i`: three base64url parts, the first two JSON objects; the end, or nil.
    static func jwt(_ b: UTF8Bytes, at i: Int) -> Int? {
        var j = i
        var partStart = i
        for part in 0..<3 {
            let s = j
            while j < b.count, base64url(b[j]) { j += 1 }
            if j - s < (part < 2 ? 10 : 16) { return nil }
            if part == 1 && !(b[partStart] == 0x65 && b[partStart + 1] == 0x79 && b[partStart + 2] == 0x4A) { return nil }
            if part < 2 {
                guard j < b.count, b[j] == 0x2E else { return nil }
                j += 1
                partStart = j
            }
        }
        return j
    }

    static let pemBegin = Array("-----BEGIN ".utf8), pemTail = Array("PRIVATE KEY-----".utf8), pemEnd = Array("-----END ".utf8)

    /// A `-----BEGIN … PRIVATE KEY-----` … `-----END … PRIVATE KEY-----` block at `i`: its end, or nil.
    static func pem(_ b: UTF8Bytes, at i: Int) -> Int? {
        guard i + pemBegin.count < b.count, b[i..<(i + pemBegin.count)].elementsEqual(pemBegin),
              let headerEnd = find(pemTail, in: b, from: i), headerEnd - i < 60,
              let endStart = find(pemEnd, in: b, from: headerEnd), let blockEnd = find(pemTail, in: b, from: endStart) else { return nil }
        return blockEnd + pemTail.count
    }

    static func find(_ needle: [UInt8], in b: UTF8Bytes, from: Int) -> Int? {
        guard needle.count <= b.count else { return nil }
        var i = from
        while i + needle.count <= b.count {
            if b[i] == needle[0] && b[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    static let tails: [[UInt8]] = ["ord", "swd", "pwd", "ret", "ken", "key", "uth"].map { Array($0.utf8) }
    static let secretWords = ["password", "passwd", "pwd", "secret", "token", "api_key", "apikey", "api-key", "access_key", "private_key", "client_secret", "auth"]

    /// `password = "hunter2xyz…"`, `api_key: 8f3…`: for the operator at `i`, the value's span when it looks random.
    static func assignment(_ b: UTF8Bytes, at i: Int) -> PIISpan? {
        // The key: the word right before the operator (spaces and a closing quote allowed).
        var k = i
        while k > 0, b[k - 1] == 0x20 || b[k - 1] == 0x22 || b[k - 1] == 0x27 { k -= 1 }
        let keyEnd = k
        // Cheap test first: the key must end like one of the secret words (…ord, …pwd, …ret, …ken, …key, …uth).
        guard keyEnd >= 3 else { return nil }
        let tail = [b[keyEnd - 3] | 0x20, b[keyEnd - 2] | 0x20, b[keyEnd - 1] | 0x20]
        guard tails.contains(where: { $0 == tail }) else { return nil }
        while k > 0, word(b[k - 1]) || b[k - 1] == 0x2D { k -= 1 }
        let key = String(decoding: b[k..<keyEnd], as: UTF8.self).lowercased()
        guard !key.isEmpty, secretWords.contains(where: { key.hasSuffix($0) || key == $0 }) else { return nil }
        var v = i + 1
        while v < b.count, b[v] == 0x20 || b[v] == 0x22 || b[v] == 0x27 { v += 1 }
        let valueStart = v
        while v < b.count, b[v] > 0x20, b[v] != 0x22, b[v] != 0x27, b[v] != 0x2C, b[v] != 0x3B { v += 1 }
        let value = b[valueStart..<v]
        let isHex = value.allSatisfy(PIIScanner.isHex)
        guard value.count >= 8, Validators.entropy(value) >= (isHex ? 3.0 : 3.5) else { return nil }
        return PIISpan(start: valueStart, end: v, type: .secret)
    }
}
