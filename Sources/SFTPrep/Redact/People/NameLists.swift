/// The word lists person-name redaction looks names up in (sources and licences in
/// NAMES.md), parsed once, on first use, into sets of lower-case words.
enum NameLists {
    static let firstNames = parse(firstNamesText)
    static let surnames = parse(surnamesText)
    /// Frequent words, and names that are ordinary words too: found alone they are not names.
    static let common: Set<String> = parse(commonWordsText).union(nameWords)

    /// Names that are also ordinary words and that the frequency list ranks too low to include.
    static let nameWords: Set<String> = [
        "rose", "grace", "hope", "joy", "faith", "amber", "ruby", "pearl", "crystal", "dawn", "sky", "holly", "ivy", "lily", "daisy",
        "iris", "heather", "autumn", "winter", "summer", "june", "april", "august", "frank", "jack", "chase", "dean", "drew", "guy",
        "ray", "sue", "gene", "lane", "ward", "warren", "sterling", "royal", "precious", "unique", "angel", "victor", "gold", "green",
        "white", "brown", "black", "grey", "gray", "king", "hill", "wood", "stone", "bell", "hall", "baker", "cook", "price", "page",
        "young", "long", "miles", "mason", "hunter", "carter", "cooper", "porter", "fisher", "banks", "street", "field", "lake", "rivers",
        "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "january", "february", "march", "may",
        "september", "october", "november", "december", "christmas", "easter", "apple", "amazon", "ford", "dell", "tesla", "chanel",
        "paris", "london", "berlin", "madrid", "rome", "milan", "vienna", "sydney", "dallas", "houston", "phoenix", "austin", "denver",
        "orlando", "valencia", "santiago", "india", "china", "kent", "york", "cleveland",
        "support", "team", "service", "customer", "admin", "help", "sales", "billing", "office", "manager", "agent", "bot",
    ]

    /// Name particles that may stand between the words of a name ("María de la Cruz", "van der Berg").
    static let particles: Set<String> = ["de", "da", "do", "dos", "das", "del", "della", "di", "du", "la", "le", "van", "von", "der", "den", "ter",
                                         "ten", "y", "bin", "al", "el", "mac", "st", "st."]

    static func parse(_ text: StaticString) -> Set<String> {
        text.withUTF8Buffer { b in
            Set(b.split(separator: 0x0A).map { String(decoding: $0, as: UTF8.self) })
        }
    }
}
