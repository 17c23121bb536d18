import DBCore
import Foundation

/// dbops' key files: one key per line, `TAG BASE64`. A file from `dbops keygen` holds two
/// keys — the Ed25519 key that signs manifests and the X25519 key backups are encrypted
/// to — and each use picks its line by tag, so one pair of files serves both.
enum KeyFile {
    static func read(_ path: String, tag: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DBError(.invalidTarget, "cannot read key file \(path)")
        }
        let lines = String(decoding: data.prefix(8192), as: UTF8.self).split(whereSeparator: \.isNewline)
        var tags: [String] = []
        for line in lines {
            let words = line.split(whereSeparator: \.isWhitespace)
            guard let first = words.first else { continue }
            tags.append(String(first.prefix(40)))
            guard words.count == 2, first == tag else { continue }
            guard let raw = Data(base64Encoded: String(words[1])), raw.count == 32 else {
                throw DBError(.invalidTarget, "key file \(path): its \(tag) line is damaged")
            }
            return raw
        }
        let holds = tags.isEmpty ? "nothing" : tags.joined(separator: ", ")
        throw DBError(
            .invalidTarget, "key file \(path) holds no \(tag) key (it holds \(holds)); dbops keygen makes one")
    }

    /// Refuses a private key file that group or others may read.
    static func requirePrivate(_ path: String, purpose: String, use: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw DBError(.invalidTarget, "\(purpose) \(path): \(String(cString: strerror(errno)))")
        }
        guard info.st_mode & 0o077 == 0 else {
            throw DBError(.invalidTarget, "\(purpose) \(path) is readable by group or others: chmod 600 it (\(use))")
        }
    }
}
