import Foundation

/// What a failed file operation ran into, in the system's words ("permission denied", "no
/// space left on device", "read-only file system"), where Foundation's own text says "The
/// operation could not be completed. You don’t have permission." or less.
public enum FileErrorText {
    public static func of(_ error: Error) -> String {
        let error = error as NSError
        for candidate in [error, error.userInfo[NSUnderlyingErrorKey] as? NSError].compactMap({ $0 })
        where candidate.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(candidate.code))).lowercased()
        }
        // Foundation on Linux reports some failures (creating a folder) with its own code only.
        if error.domain == NSCocoaErrorDomain, let code = cocoaCodes[error.code] {
            return String(cString: strerror(code)).lowercased()
        }
        return error.localizedDescription
    }

    private static let cocoaCodes: [Int: Int32] = [
        CocoaError.fileWriteNoPermission.rawValue: EACCES, CocoaError.fileReadNoPermission.rawValue: EACCES,
        CocoaError.fileWriteOutOfSpace.rawValue: ENOSPC, CocoaError.fileWriteVolumeReadOnly.rawValue: EROFS,
        CocoaError.fileNoSuchFile.rawValue: ENOENT, CocoaError.fileReadNoSuchFile.rawValue: ENOENT,
        CocoaError.fileWriteFileExists.rawValue: EEXIST,
    ]
}
