import Testing
@testable import SFTPrep

/// The argument parser itself: forms of values, the end of options, repetition, mistakes.
@Suite struct ParsedArgumentsTests {
    static let spec = CommandSpec(name: "demo", abstract: "A command for the parser's tests.", options: [
        OptionSpec("--out", short: "-o", value: "DIR", help: "Where."),
        OptionSpec("--seed", value: "N", help: "Seed."),
        OptionSpec("--skip", value: "LIST", help: "Repeatable.", repeatable: true),
        OptionSpec("--force", help: "A flag."),
    ])

    private func parse(_ args: [String]) throws -> ParsedArguments { try ParsedArguments.parse(args, spec: Self.spec) }

    private func error(_ args: [String]) -> String {
        do { _ = try parse(args); return "" } catch { return "\(error)" }
    }

    @Test func valuesFlagsAndPositionals() throws {
        let p = try parse(["a.jsonl", "--out=dir", "-", "--force", "--seed", "-1", "--skip", "html", "--skip=trim", "b.jsonl"])
        #expect(p.positionals == ["a.jsonl", "-", "b.jsonl"])
        #expect(p.value("--out") == "dir" && p.value("--seed") == "-1" && p.all("--skip") == ["html", "trim"] && p.flag("--force"))
        #expect(try parse(["-o", "x"]).value("--out") == "x")                          // short form
        #expect(try parse(["--out=a=b"]).value("--out") == "a=b")                      // only the first '=' splits
        #expect(try parse(["--", "--force", "-o"]).positionals == ["--force", "-o"])  // after '--', names are files
        #expect(try parse(["--out", "--x"]).value("--out") == "--x")                  // a value may start with '-'
        #expect(try parse(["a"]).arguments == ["a"])
    }

    @Test func mistakesAreNamed() {
        #expect(error(["--seed"]).contains("--seed needs a value (N)"))
        #expect(error(["--out", "--force"]).contains("--out needs a value (DIR) before --force"))
        #expect(error(["--force=yes"]).contains("--force takes no value"))
        #expect(error(["--seed", "1", "--seed", "2"]).contains("--seed was given more than once"))
        #expect(error(["--seeed", "1"]).contains("unknown option '--seeed' for 'demo'. Did you mean '--seed'?"))
        #expect(error(["--zzz"]).contains("unknown option '--zzz' for 'demo'\nSee 'sftprep demo --help'."))
    }
}
