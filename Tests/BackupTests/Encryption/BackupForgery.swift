import Crypto
import Foundation

/// What someone holding a backup's files can do without any key: change files and rewrite
/// the manifest's sizes and hashes (and its checksum) to match, so every outer check passes.
enum BackupForgery {
    /// Recomputes every file's size and SHA-256 in manifest.json, then manifest.sha256.
    static func rehash(_ backup: String) throws {
        let path = backup + "/manifest.json"
        guard
            var manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
                as? [String: Any]
        else { throw CocoaError(.fileReadCorruptFile) }
        func fix(_ files: Any?) throws -> [[String: Any]] {
            try (files as? [[String: Any]] ?? []).map { file in
                var file = file
                let stored: String = (file["bundle"] as? String) ?? (file["path"] as? String) ?? ""
                var data = try Data(contentsOf: URL(fileURLWithPath: backup + "/" + stored))
                if let offset = file["offset"] as? Int, let length = file["bytes"] as? Int {
                    // A bundle's member: its range, as long as the manifest says.
                    data = data.subdata(in: min(offset, data.count)..<min(offset + length, data.count))
                }
                file["bytes"] = data.count
                file["sha256"] = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
                return file
            }
        }
        manifest["schema_files"] = try fix(manifest["schema_files"])
        manifest["tables"] = try (manifest["tables"] as? [[String: Any]] ?? []).map { table in
            var table = table
            table["chunks"] = try fix(table["chunks"])
            return table
        }
        let data = try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: URL(fileURLWithPath: path))
        let sum = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        try Data("\(sum)  manifest.json\n".utf8).write(to: URL(fileURLWithPath: backup + "/manifest.sha256"))
    }

    /// Rewrites the manifest through `edit` and re-hashes it, as someone who can write the
    /// folder could.
    static func editManifest(_ backup: String, _ edit: (inout [String: Any]) -> Void) throws {
        let url = URL(fileURLWithPath: backup + "/manifest.json")
        guard var object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] else {
            throw CocoaError(.fileReadCorruptFile)
        }
        edit(&object)
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: url)
        let hash = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        try "\(hash)  manifest.json\n".write(toFile: backup + "/manifest.sha256", atomically: true, encoding: .utf8)
    }

    /// The data files of a backup, by path below it.
    static func dataFiles(_ backup: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: backup + "/data").sorted().map { "data/" + $0 }
    }
}
