/// One option a command accepts.
public struct OptionSpec: Sendable {
    /// Long name with dashes (`--out`), and an optional short one (`-o`).
    public var name: String
    public var short: String?
    /// Placeholder for the value (`DIR`); nil for a flag.
    public var value: String?
    public var help: String
    /// Whether the option may be given more than once.
    public var repeatable = false

    public init(_ name: String, short: String? = nil, value: String? = nil, help: String, repeatable: Bool = false) {
        self.name = name
        self.short = short
        self.value = value
        self.help = help
        self.repeatable = repeatable
    }
}

/// What a command is, takes, and shows in `--help`.
public struct CommandSpec: Sendable {
    public var name: String
    public var abstract: String
    public var discussion: String
    /// `<paths…>`-style positional arguments with their help.
    public var arguments: [(name: String, help: String)]
    public var options: [OptionSpec]
    public var examples: [(command: String, explanation: String)]

    public init(name: String, abstract: String, discussion: String = "", arguments: [(name: String, help: String)] = [],
                options: [OptionSpec], examples: [(command: String, explanation: String)] = []) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.arguments = arguments
        self.options = options + [OptionSpec("--help", short: "-h", help: "Show help information.")]
        self.examples = examples
    }
}
