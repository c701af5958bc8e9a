// swift-tools-version:6.0
import PackageDescription

// sftprep: conversation data → fine-tuning datasets.
// Toolchain only, no package dependencies: what a package would give us, we write small.
let package = Package(
    name: "sftprep",
    products: [
        .executable(name: "sftprep", targets: ["sftprep"]),
        .library(name: "SFTPrep", targets: ["SFTPrep"]),
    ],
    targets: [
        // All logic: readers, stages, pipeline, report, and the command-line surface. No unsafe flags, so a
        // tagged release can be a dependency (skipping exclusivity checks measured no gain at 1 GB).
        .target(name: "SFTPrep", exclude: ["Tokenize/Vocabularies/generate.sh", "Tokenize/Vocabularies/SHA256SUMS", "Tokenize/Vocabularies/embed_hf.py", "Tokenize/Vocabularies/LICENSES.md", "Redact/People/generate.sh", "Redact/People/NAMES.md"]),
        // Thin executable: hands the arguments to SFTPrep's command line and exits with its code.
        .executableTarget(name: "sftprep", dependencies: ["SFTPrep"]),
        // Benchmark corpus generator (not shipped): `swift run -c release sftprep-bench generate --size 100MB`.
        .executableTarget(name: "sftprep-bench", dependencies: ["SFTPrep"], exclude: ["reference"]),
        .testTarget(name: "SFTPrepTests", dependencies: ["SFTPrep"], exclude: ["Fixtures"]),
    ]
)
