import SFTPrep

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

OutputStream.ignoreSIGPIPE()
TemporaryFiles.shared.installInterruptCleanup()
let context = CommandContext(
    stdout: OutputStream.standardOutput.stream,
    stderr: OutputStream(fd: 2, path: "<stderr>", flushThreshold: 0),
    stderrIsTerminal: isatty(2) == 1
)
let code = SFTPrepCommandLine.main(Array(CommandLine.arguments.dropFirst()), context: context)
exit(code)
