import Foundation

/// A file dbops keeps between runs and replaces each time (slow-queries' and health's
/// `--snapshot`). Read back, it is one of dbops' own or nothing yet (missing or empty). A
/// file that is there and is not one — another program's, dbops' other kind of snapshot,
/// one damaged — is refused and left as it is: the option may name the wrong file (a typo,
/// one path given to both health and slow-queries), and replacing it would destroy it or
/// silently throw away the other job's readings on every run.
public enum StateFile {
    /// Larger than any snapshot dbops writes; not read into memory.
    static let sizeLimit: Int64 = 1 << 30

    /// The file decoded as `T`, nil when it does not exist or is empty; `isOwn` says
    /// whether what decoded is this kind's (its schema name).
    public static func read<T: Decodable>(
        _ path: String, as type: T.Type, kind: String, decoder: JSONDecoder, isOwn: (T) -> Bool
    ) throws -> T? {
        let attributes: [FileAttributeKey: Any]
        do { attributes = try FileManager.default.attributesOfItem(atPath: path) } catch {
            guard FileManager.default.fileExists(atPath: path) else { return nil }
            throw refusal(path, kind: kind, why: "it cannot be read")
        }
        let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
        guard attributes[.type] as? FileAttributeType == .typeRegular, size <= sizeLimit else {
            throw refusal(path, kind: kind, why: "not a file of that size")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw refusal(path, kind: kind, why: "it cannot be read")
        }
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return nil }
        guard let value = try? decoder.decode(T.self, from: data), isOwn(value) else {
            throw refusal(path, kind: kind, why: "another program's file, another kind, or damaged")
        }
        return value
    }

    static func refusal(_ path: String, kind: String, why: String) -> DBError {
        DBError(
            .invalidTarget,
            "\(path) is not a dbops \(kind) (\(why)): left as it is; remove it, or name another file")
    }
}
