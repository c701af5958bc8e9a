/// Streams the elements of a top-level JSON array without loading the file.
///
/// A byte-level scanner tracks strings and nesting to find where each element
/// ends, then hands its bytes out for parsing. Memory is bounded by the largest
/// element, so a multi-gigabyte `conversations.json` reads like a JSONL file.
struct JSONArrayStreamer {
    struct StructureError: Error {
        var line: Int
        var message: String
    }

    let input: InputFile

    init(_ input: InputFile) { self.input = input }

    /// Calls `body` with each element's starting line and bytes. A structural error
    /// (garbage between elements, a truncated file) goes to `onError` and ends the file.
    func forEachElement(
        _ body: (Int, UnsafeBufferPointer<UInt8>) throws -> Void,
        onError: (StructureError) throws -> Void
    ) throws {
        enum State { case beforeArray, expectElement, inElement, afterElement, done }
        var state = State.beforeArray
        var element: [UInt8] = []
        var elementLine = 1
        var line = 1
        var depth = 0
        var inString = false
        var escaped = false
        var sawBOMCheck = false
        var chunk = [UInt8](repeating: 0, count: 1 << 20)

        func finishElement() throws {
            try element.withUnsafeBufferPointer { try body(elementLine, $0) }
            element.removeAll(keepingCapacity: true)
        }

        while true {
            let n = try chunk.withUnsafeMutableBytes { (p) throws(SFTPrepError) -> Int in
                try input.read(into: p.baseAddress!, count: p.count)
            }
            if n == 0 { break }
            var i = 0
            if !sawBOMCheck {
                sawBOMCheck = true
                if n >= 3, chunk[0] == 0xEF, chunk[1] == 0xBB, chunk[2] == 0xBF { i = 3 }
            }
            while i < n {
                let b = chunk[i]
                i += 1
                let isSpace = b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09
                switch state {
                case .inElement:
                    if inString {
                        element.append(b)
                        if escaped { escaped = false } else if b == 0x5C { escaped = true } else if b == 0x22 { inString = false }
                        if b == 0x0A { line += 1 }
                        if !inString && depth == 0 { try finishElement(); state = .afterElement }
                        continue
                    }
                    if depth == 0 && (b == UInt8(ascii: ",") || b == UInt8(ascii: "]") || isSpace) {
                        // End of a scalar element (number, literal).
                        try finishElement()
                        state = .afterElement
                        i -= 1
                        continue
                    }
                    element.append(b)
                    if b == 0x0A { line += 1 }
                    if b == 0x22 { inString = true }
                    else if b == UInt8(ascii: "{") || b == UInt8(ascii: "[") { depth += 1 }
                    else if b == UInt8(ascii: "}") || b == UInt8(ascii: "]") {
                        depth -= 1
                        if depth == 0 { try finishElement(); state = .afterElement }
                    }
                case .beforeArray:
                    if isSpace { if b == 0x0A { line += 1 }; continue }
                    guard b == UInt8(ascii: "[") else {
                        try onError(StructureError(line: line, message: "expected '[' to open a JSON array"))
                        return
                    }
                    state = .expectElement
                case .expectElement:
                    if isSpace { if b == 0x0A { line += 1 }; continue }
                    if b == UInt8(ascii: "]") && element.isEmpty { state = .done; continue }
                    state = .inElement
                    elementLine = line
                    depth = 0
                    inString = false
                    escaped = false
                    i -= 1
                case .afterElement:
                    if isSpace { if b == 0x0A { line += 1 }; continue }
                    if b == UInt8(ascii: ",") { state = .expectElement; continue }
                    if b == UInt8(ascii: "]") { state = .done; continue }
                    try onError(StructureError(line: line, message: "expected ',' or ']' between array elements, found '\(Character(Unicode.Scalar(b)))'"))
                    return
                case .done:
                    if isSpace { if b == 0x0A { line += 1 }; continue }
                    try onError(StructureError(line: line, message: "unexpected data after the end of the JSON array"))
                    return
                }
            }
        }
        switch state {
        case .done: return
        case .beforeArray: return  // empty file
        case .inElement:
            try onError(StructureError(line: elementLine, message: "file ends inside the array element that starts here (truncated file?)"))
        case .expectElement, .afterElement:
            try onError(StructureError(line: line, message: "file ends before the array is closed with ']' (truncated file?)"))
        }
    }
}
