/// Errors that end a command, each with a message written for the person at the terminal.
public enum SFTPrepError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The command line is wrong (exit code 2).
    case usage(String)
    /// A file could not be read or written (exit code 2).
    case io(path: String, message: String)
    /// The data broke a rule the user asked to enforce (exit code 1).
    case data(String)
    /// The reader of standard output went away (`| head`): end quietly with success.
    case brokenPipe

    public var description: String {
        switch self {
        case .usage(let m): return m
        case .io(let path, let m): return "\(path): \(m)"
        case .data(let m): return m
        case .brokenPipe: return "broken pipe"
        }
    }

    /// The process exit code for this error, as documented in the README.
    public var exitCode: Int32 {
        switch self {
        case .usage, .io: return 2
        case .data: return 1
        case .brokenPipe: return 0
        }
    }
}
