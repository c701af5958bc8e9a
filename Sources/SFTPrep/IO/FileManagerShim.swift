import Foundation

/// The two file-system questions commands ask, with errors written for users.
enum FileManagerShim {
    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    static func createDirectory(_ path: String) throws(SFTPrepError) {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
            guard isDir.boolValue else { throw SFTPrepError.io(path: path, message: "exists and is not a directory") }
            return
        }
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw SFTPrepError.io(path: path, message: "cannot create the output directory")
        }
    }
}
