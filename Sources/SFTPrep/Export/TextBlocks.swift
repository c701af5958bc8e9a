/// The text of a Gemini `parts` list or a Bedrock content-block list: its
/// `{"text": …}` items joined by newlines. Tool items are reported as
/// `tools_unsupported`, anything else that is not text as `unsupported_content`.
enum TextBlocks {
    /// `noun` names an item in messages ("part", "block"); `toolKeys` are the keys of the layout's tool items.
    static func join(_ v: JSONValue, field: String, noun: String, toolKeys: [String], allowEmpty: Bool) throws(RecordError) -> String {
        guard let list = v.arrayValue, allowEmpty || !list.isEmpty else {
            throw RecordError(.invalidFormat, field: field,
                              "\(field) must be \(allowEmpty ? "an" : "a non-empty") array of {\"text\": …} \(noun)s, found \(v.kindDescription)")
        }
        var texts: [String] = []
        for (j, item) in list.enumerated() {
            guard let o = item.objectValue else {
                throw RecordError(.invalidFormat, field: "\(field)[\(j)]", "\(field)[\(j)] must be an object, found \(item.kindDescription)")
            }
            if let t = o["text"]?.stringValue { texts.append(t); continue }
            if toolKeys.contains(where: { o[$0] != nil }) {
                throw RecordError(.toolsUnsupported, field: "\(field)[\(j)]", "\(field)[\(j)] is a tool \(noun); sftprep reads text examples only")
            }
            throw RecordError(.unsupportedContent, field: "\(field)[\(j)]", "\(field)[\(j)] is not a text \(noun) (\(o.keys.joined(separator: ", ")))")
        }
        return texts.joined(separator: "\n")
    }
}
