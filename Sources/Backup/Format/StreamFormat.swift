import Crypto
import DBCore
import Foundation

/// Reading and writing the stream form.
enum StreamFormat {
    static let magic = "DBOPS-BACKUP-STREAM/1\n"

    static func header(_ fields: [String: Any]) -> String {
        let data = try! JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// Names a stream may carry: backup-relative paths, nothing that climbs out.
    static func isSafe(_ path: String) -> Bool {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/")
        guard !path.isEmpty, path.unicodeScalars.allSatisfy({ allowed.contains($0) }) else { return false }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else { return false }
        return parts.count == 1
            ? [BackupManifest.fileName, BackupManifest.checksumFileName, ManifestSignature.fileName].contains(path)
            : ["data", "schema"].contains(String(parts[0]))
    }

    /// Unpacks a stream from `input` into `directory` (which must exist and be empty).
    /// Throws if the stream is malformed or ends before its end record.
    static func unpack(from input: Int32, into directory: String) throws {
        let reader = BufferedReader(fileDescriptor: input)
        guard let first = try reader.line(), first + "\n" == magic else {
            throw DBError(.corrupt, "the input is not a dbops backup stream")
        }
        var open: [String: DurableFileWriter] = [:]
        defer { open.values.forEach { $0.abandon() } }
        for sub in ["data", "schema"] {
            try FileManager.default.createDirectory(
                atPath: (directory as NSString).appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        while true {
            guard let line = try reader.line() else {
                throw DBError(
                    .corrupt,
                    "the backup stream ended before its end record: it is incomplete (truncated or interrupted)")
            }
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw DBError(.corrupt, "the backup stream is damaged (bad piece header)")
            }
            if object["end"] as? Bool == true { break }
            guard let path = object["piece"] as? String, let count = object["bytes"] as? Int, count >= 0 else {
                throw DBError(.corrupt, "the backup stream is damaged (bad piece header)")
            }
            guard isSafe(path) else {
                // A forged name may be any length: enough of it to recognise.
                let shown = path.count > 120 ? path.prefix(120) + "... (\(path.count) characters)" : path
                throw DBError(.corrupt, "the backup stream names an unsafe path: \(shown)")
            }
            let writer: DurableFileWriter
            if let existing = open[path] {
                writer = existing
            } else {
                writer = try DurableFileWriter(
                    path: (directory as NSString).appendingPathComponent(path), bufferSize: 256 << 10)
                open[path] = writer
            }
            try reader.read(count) { try writer.write($0) }
            if object["last"] as? Bool ?? true {
                try writer.close()
                open[path] = nil
            }
        }
        for (_, writer) in open { try writer.close() }
        open.removeAll()
        // Said of the stream: the folder it was unpacked into is private and gone by now.
        guard
            FileManager.default.fileExists(
                atPath: (directory as NSString).appendingPathComponent(BackupManifest.fileName))
        else { throw DBError(.corrupt, "the backup stream ended without its manifest.json: it is not a whole backup") }
    }
}
