import Foundation

extension InputError {
    /// A failed system call on `path`, in plain words (`symbolic link loop`, not `ELOOP`).
    init(path: String, errno code: Int32) {
        let reason: String
        switch code {
        case ENOENT:
            var link = stat()
            reason = lstat(path, &link) == 0 ? "broken symbolic link (its target does not exist)" : "no such file or directory"
        case ELOOP: reason = "symbolic link loop (the link leads back to itself)"
        case EACCES, EPERM: reason = "permission denied"
        case ENOTDIR: reason = "a part of the path is not a directory"
        case EISDIR: reason = "is a directory"
        case ENAMETOOLONG: reason = "path too long"
        default: reason = String(cString: strerror(code)).lowercased()
        }
        self.init(path: path, reason: reason)
    }

    /// A Foundation error about `path` (or the path the error names), in plain words: never
    /// `NSCocoaErrorDomain Code=…`.
    public init(path: String, foundationError error: Error) {
        let ns = error as NSError
        let given = path
        let path = ns.userInfo[NSFilePathErrorKey] as? String ?? path
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            self.init(path: path, errno: Int32(underlying.code))
            return
        }
        if ns.domain == NSPOSIXErrorDomain {
            self.init(path: path, errno: Int32(ns.code))
            return
        }
        let reason: String
        switch CocoaError.Code(rawValue: ns.code) {
        case .fileNoSuchFile, .fileReadNoSuchFile: reason = "no such file or directory"
        case .fileReadNoPermission, .fileWriteNoPermission: reason = "permission denied"
        case .fileReadCorruptFile: reason = "unreadable (corrupt) file"
        case .fileReadInapplicableStringEncoding: reason = "not valid UTF-8 text"
        case .fileReadTooLarge: reason = "too large to read"
        case .fileWriteOutOfSpace: reason = "no space left on the device"
        case .fileWriteVolumeReadOnly: reason = "the file system is read-only"
        case .fileWriteFileExists: reason = "already exists"
        default:
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: given, isDirectory: &isDirectory), isDirectory.boolValue {
                reason = "is a directory"
            } else {
                reason = ns.domain == NSCocoaErrorDomain ? "cannot be read or written" : ns.localizedDescription
            }
        }
        self.init(path: path, reason: reason)
    }
}
