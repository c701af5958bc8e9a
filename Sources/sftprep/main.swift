import SFTPrep

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

OutputStream.ignoreSIGPIPE()
// A file-size limit (ulimit -f) then fails the write with an error instead of killing the process.
signal(SIGXFSZ, SIG_IGN)
TemporaryFiles.shared.installInterruptCleanup()
let context = CommandContext(
    stdout: OutputStream.standardOutput.stream,
    stderr: OutputStream(fd: 2, path: "<stderr>", flushThreshold: 0),
    stderrIsTerminal: isatty(2) == 1
)
let code = SFTPrepCommandLine.main(Array(CommandLine.arguments.dropFirst()), context: context)
exit(code)
