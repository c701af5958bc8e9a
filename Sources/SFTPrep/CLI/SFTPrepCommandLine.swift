/// The `sftprep` command line: finds the subcommand, parses its options, runs
/// it, and turns errors into messages and exit codes (0 ok, 1 data errors,
/// 2 usage or I/O errors; a closed output pipe ends quietly with 0).
public enum SFTPrepCommandLine {
    public static var commands: [any Command.Type] { [RunCommand.self, IngestCommand.self, CleanCommand.self, DedupCommand.self, RedactCommand.self, SplitCommand.self, TokensCommand.self, StatsCommand.self, ValidateCommand.self, ExportCommand.self] }

    public static let overview = "Turn messy conversation data into fine-tuning datasets you can upload with confidence."

    public static func mainHelp() -> String {
        var s = HelpFormatter.wrap("OVERVIEW: \(overview)", indent: 0) + "\nUSAGE: sftprep <command> [<options>]\n\nCOMMANDS:\n"
        for c in commands {
            s += HelpFormatter.entry(c.spec.name, c.spec.abstract)
        }
        s += "\n  See 'sftprep help <command>' for detailed help.\n"
        s += "\nEXIT CODES: 0 success, 1 data errors (with --strict), 2 usage or I/O errors.\n"
        return s
    }

    /// Runs the command line `arguments` (without the program name) and returns the exit code.
    public static func main(_ arguments: [String], context: CommandContext) -> Int32 {
        let code: Int32
        do {
            code = try dispatch(arguments, context: context)
            try context.stdout.flush()
        } catch let error as SFTPrepError {
            if error == .brokenPipe { return 0 }
            try? context.stdout.flush()
            context.warn("error: \(error.description)")
            return error.exitCode
        } catch {
            try? context.stdout.flush()
            context.warn("error: \(error)")
            return 2
        }
        return code
    }

    static func dispatch(_ arguments: [String], context: CommandContext) throws -> Int32 {
        guard let first = arguments.first else {
            try context.stdout.write(mainHelp())
            return 0
        }
        switch first {
        case "--help", "-h", "help":
            if first == "help", arguments.count > 1 {
                guard let c = command(named: arguments[1]) else { throw SFTPrepError.usage(unknownCommand(arguments[1])) }
                try context.stdout.write(HelpFormatter.help(for: c.spec))
            } else {
                try context.stdout.write(mainHelp())
            }
            return 0
        case "--version", "-V":
            try context.stdout.write("sftprep \(SFTPrepVersion.current)\n")
            return 0
        default:
            break
        }
        guard let c = command(named: first) else { throw SFTPrepError.usage(unknownCommand(first)) }
        let rest = Array(arguments.dropFirst())
        if rest.contains("--help") || rest.contains("-h") {
            try context.stdout.write(HelpFormatter.help(for: c.spec))
            return 0
        }
        let parsed = try ParsedArguments.parse(rest, spec: c.spec)
        return try c.execute(parsed, context: context)
    }

    static func command(named name: String) -> (any Command.Type)? {
        commands.first { $0.spec.name == name }
    }

    static func unknownCommand(_ name: String) -> String {
        var m = "unknown command '\(name)'"
        if let s = Suggestion.closest(to: name, among: commands.map { $0.spec.name }) { m += ". Did you mean '\(s)'?" }
        return m + "\nSee 'sftprep --help' for the list of commands."
    }
}
