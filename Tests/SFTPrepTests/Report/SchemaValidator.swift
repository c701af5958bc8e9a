@testable import SFTPrep

/// A small JSON Schema (draft 2020-12) checker for the keywords `Schemas/` uses:
/// type, enum, const, properties, required, additionalProperties, items,
/// minItems, minLength, minimum, maximum, anyOf and local `$ref`s.
/// Returns the problems found, each with its JSON path; none means valid.
struct SchemaValidator {
    let root: JSONValue

    func validate(_ value: JSONValue) -> [String] {
        var problems: [String] = []
        check(value, against: root, path: "$", into: &problems)
        return problems
    }

    private func resolve(_ ref: String) -> JSONValue {
        var node = root
        for part in ref.dropFirst(2).split(separator: "/") { node = node.objectValue?[String(part)] ?? .null }
        return node
    }

    private func typeName(_ v: JSONValue) -> [String] {
        switch v {
        case .null: return ["null"]
        case .bool: return ["boolean"]
        case .number(let n): return Int(n) != nil ? ["integer", "number"] : ["number"]
        case .string: return ["string"]
        case .array: return ["array"]
        case .object: return ["object"]
        }
    }

    private func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if case .number(let x) = a, case .number(let y) = b { return Double(x) == Double(y) }
        return a == b
    }

    private func check(_ v: JSONValue, against schemaValue: JSONValue, path: String, into problems: inout [String]) {
        guard let s = schemaValue.objectValue else { return }
        if let ref = s["$ref"]?.stringValue { check(v, against: resolve(ref), path: path, into: &problems) }
        if let t = s["type"] {
            let allowed = t.arrayValue?.compactMap(\.stringValue) ?? [t.stringValue ?? ""]
            if Set(allowed).isDisjoint(with: typeName(v)) { problems.append("\(path): expected \(allowed), found \(typeName(v)[0])") }
        }
        if let e = s["enum"]?.arrayValue, !e.contains(where: { equal($0, v) }) { problems.append("\(path): \(v.jsonText) not in enum") }
        if let c = s["const"], !equal(c, v) { problems.append("\(path): expected \(c.jsonText)") }
        if let m = s["minimum"]?.doubleValue, let d = v.doubleValue, d < m { problems.append("\(path): below minimum \(m)") }
        if let m = s["maximum"]?.doubleValue, let d = v.doubleValue, d > m { problems.append("\(path): above maximum \(m)") }
        if let m = s["minLength"]?.doubleValue, let str = v.stringValue, Double(str.count) < m { problems.append("\(path): shorter than \(m)") }
        if let anyOf = s["anyOf"]?.arrayValue {
            let ok = anyOf.contains { sub in
                var p: [String] = []
                check(v, against: sub, path: path, into: &p)
                return p.isEmpty
            }
            if !ok { problems.append("\(path): matches none of anyOf") }
        }
        if case .object(let o) = v {
            let props = s["properties"]?.objectValue ?? JSONObject()
            for r in s["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where o[r] == nil {
                problems.append("\(path): missing required \"\(r)\"")
            }
            for m in o {
                if let sub = props[m.key] {
                    check(m.value, against: sub, path: "\(path).\(m.key)", into: &problems)
                } else if let extra = s["additionalProperties"] {
                    if extra == .bool(false) { problems.append("\(path): unexpected key \"\(m.key)\"") }
                    else { check(m.value, against: extra, path: "\(path).\(m.key)", into: &problems) }
                }
            }
        }
        if case .array(let items) = v {
            if let m = s["minItems"]?.doubleValue, Double(items.count) < m { problems.append("\(path): fewer than \(m) items") }
            if let itemSchema = s["items"] {
                for (i, item) in items.enumerated() { check(item, against: itemSchema, path: "\(path)[\(i)]", into: &problems) }
            }
        }
    }
}

/// Loads `Schemas/NAME` from the package.
func schema(_ name: String) throws -> SchemaValidator {
    let dir = TempDir()
    defer { dir.remove() }
    let text = try String(contentsOfFile: packageRoot + "/Schemas/" + name, encoding: .utf8)
    return SchemaValidator(root: try JSONParser.parse(text))
}

import Foundation
