import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The files of one output directory (train, validation, rejects, report…),
/// written together and put in place together: a reader of the directory sees
/// the whole old set or the whole new one, never a new train.jsonl beside an
/// old validation.jsonl.
///
/// The directory is locked while the set is written (a second run into the same
/// `--out` fails at once). When the directory holds nothing but such a set, the
/// new one is written into a hidden folder beside it and the two folders are
/// exchanged in one rename (or, where the system cannot exchange, two renames
/// in a row); the old set is removed after. When the directory also holds other
/// files (`run data --out data`), the new files are written beside them and
/// renamed into place one after the other, with interrupts held off until the
/// last rename. A failed or interrupted run leaves the old set as it was.
final class OutputSet {
    /// The directory as the user named it, ending in `/` (for messages and the report).
    let path: String
    /// Its canonical path (for keeping it out of the inputs).
    let canonical: String
    /// Where the new files are written until ``commit(_:)``.
    let stagingDirectory: String
    private let names: [String]
    private let lockDescriptor: Int32
    private let createdDirectory: Bool
    private let exchanges: Bool
    private var finished = false

    /// Creates (if needed) and locks `directory`; refuses when it already holds one of `names`, unless `force`.
    init(directory: String, names: [String], force: Bool) throws(SFTPrepError) {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        let existed = fm.fileExists(atPath: directory, isDirectory: &isDir)
        try FileManagerShim.createDirectory(directory)
        createdDirectory = !existed
        guard fm.isWritableFile(atPath: directory) else { throw SFTPrepError.io(path: directory, message: "output directory is not writable") }
        path = directory.hasSuffix("/") ? directory : directory + "/"
        canonical = Ingestor.canonicalPath(directory)
        self.names = names
        lockDescriptor = open(directory, O_RDONLY | O_CLOEXEC)
        guard lockDescriptor >= 0 else { throw SFTPrepError.io(path: directory, message: "cannot open the output directory") }
        if flock(lockDescriptor, LOCK_EX | LOCK_NB) != 0 {
            close(lockDescriptor)
            throw SFTPrepError.usage("\(path) is being written by another sftprep run; wait for it to finish, or choose another --out")
        }
        var entries: [String] = []
        do { entries = try fm.contentsOfDirectory(atPath: directory) } catch {}
        if !force, let existing = names.first(where: { entries.contains($0) }) {
            flock(lockDescriptor, LOCK_UN)
            close(lockDescriptor)
            throw SFTPrepError.usage("\(path) already holds a dataset (\(existing)); pass --force to replace it, or choose another --out")
        }
        // Exchange whole folders only when the folder holds nothing but outputs, and is not the working
        // directory or above it (renaming those would move the process's own files).
        let cwd = Ingestor.canonicalPath(fm.currentDirectoryPath)
        let onlyOutputs = entries.allSatisfy(names.contains)
        exchanges = onlyOutputs && canonical != "/" && cwd != canonical && !cwd.hasPrefix(canonical + "/")
        if exchanges {
            let slash = canonical.lastIndex(of: "/")!
            let parent = String(canonical[..<slash])
            let name = String(canonical[canonical.index(after: slash)...])
            stagingDirectory = "\(parent)/.\(name).sftprep-new-\(getpid())/"
            if mkdir(stagingDirectory, 0o755) != 0 {
                flock(lockDescriptor, LOCK_UN)
                close(lockDescriptor)
                throw SFTPrepError.io(path: stagingDirectory, message: "cannot create a folder beside the output directory: \(String(cString: strerror(errno)))")
            }
            var st = stat()
            if stat(canonical, &st) == 0 { chmod(stagingDirectory, st.st_mode & 0o7777) }
            TemporaryFiles.shared.registerDirectory(String(stagingDirectory.dropLast()))
        } else {
            stagingDirectory = path
        }
        // An interrupted run leaves no empty folder of its own behind.
        if createdDirectory { TemporaryFiles.shared.registerDirectory(canonical) }
    }

    deinit {
        if !finished { abort() }
    }

    /// A new output file called `name`, written in the staging directory.
    func file(_ name: String) throws(SFTPrepError) -> AtomicFile {
        try AtomicFile(path: stagingDirectory + name)
    }

    /// Puts `files` (made by ``file(_:)``, all complete) in place as one set.
    func commit(_ files: [AtomicFile]) throws(SFTPrepError) {
        if !exchanges {
            // Other files share the folder: one rename per file, none interrupted half-way.
            try TemporaryFiles.shared.whileCommitting { () throws(SFTPrepError) in
                for f in files { try f.commit() }
            }
            release()
            return
        }
        for f in files {
            try f.commit()
            TemporaryFiles.shared.register(f.path)  // removed if interrupted before the exchange
        }
        let staged = String(stagingDirectory.dropLast())
        let target = canonical
        syncDirectory(staged)
        try TemporaryFiles.shared.whileCommitting { () throws(SFTPrepError) in
            if DirectoryExchange.exchange(staged, target) { return }
            // No exchange here: the old set steps aside, the new one takes its place.
            let aside = staged.replacingOccurrences(of: ".sftprep-new-", with: ".sftprep-old-")
            guard rename(target, aside) == 0 else {
                throw SFTPrepError.io(path: target, message: "cannot move the old dataset aside: \(String(cString: strerror(errno)))")
            }
            guard rename(staged, target) == 0 else {
                let message = String(cString: strerror(errno))
                rename(aside, target)
                throw SFTPrepError.io(path: target, message: "cannot put the new dataset in place: \(message)")
            }
            rename(aside, staged)
        }
        // The staging path now holds the old set (or nothing): remove it.
        for name in names { unlink(stagingDirectory + name) }
        for f in files { TemporaryFiles.shared.unregister(f.path) }
        rmdir(staged)
        TemporaryFiles.shared.unregisterDirectory(staged)
        syncDirectory(String(target[..<target.lastIndex(of: "/")!]))
        release()
    }

    /// Removes what was staged, and the output directory if this run created it; the old set stays.
    func abort() {
        guard !finished else { return }
        if exchanges {
            for name in names { unlink(stagingDirectory + name) }
            let staged = String(stagingDirectory.dropLast())
            rmdir(staged)
            TemporaryFiles.shared.unregisterDirectory(staged)
        }
        if createdDirectory { rmdir(canonical) }
        release()
    }

    private func release() {
        guard !finished else { return }
        finished = true
        if createdDirectory { TemporaryFiles.shared.unregisterDirectory(canonical) }
        flock(lockDescriptor, LOCK_UN)
        close(lockDescriptor)
    }

    private func syncDirectory(_ dir: String) {
        let fd = open(dir, O_RDONLY | O_CLOEXEC)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }
}
