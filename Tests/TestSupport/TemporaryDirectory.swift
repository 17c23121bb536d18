import Foundation

/// A private temporary folder, removed afterwards.
public func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("dbops-tmp-\(UUID().uuidString.prefix(8))")
        .path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
}

/// A tmpfs of `size` (mount's size=, such as "64k" or "2m") mounted on a fresh folder, for a
/// test of a full disk; unmounted and removed afterwards. Mounting needs root, which the
/// test machine is: without it the test fails, never passes.
public func withSmallFileSystem<T>(size: String, _ body: (String) throws -> T) throws -> T {
    try withTemporaryDirectory { mountPoint in
        let mount = try Spawned.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", mountPoint])
        guard mount.status == 0 else { throw MountFailed(size: size) }
        defer { _ = try? Spawned.run("/bin/umount", [mountPoint]) }
        return try body(mountPoint)
    }
}

public struct MountFailed: Error, CustomStringConvertible {
    public let size: String
    public var description: String { "this test mounts a \(size) tmpfs and needs root" }
}
