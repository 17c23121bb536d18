import Foundation

/// The SQL files of `queries/`, compiled into the binary. An operator may point
/// `queriesDirectory` at a folder of their own: a file there with the same relative
/// path replaces the built-in one.
public final class QueryCatalog: @unchecked Sendable {
    public static let shared = QueryCatalog()

    private let lock = NSLock()
    private var overrideDirectory: String?

    public var queriesDirectory: String? {
        get { lock.lock(); defer { lock.unlock() }; return overrideDirectory }
        set { lock.lock(); overrideDirectory = newValue; lock.unlock() }
    }

    /// Names of all built-in queries ("postgres/health/connections", ...).
    public var builtInNames: [String] { EmbeddedQueries.files.keys.sorted() }

    /// The SQL for `name` ("health/connections") on `engine`.
    public func sql(_ name: String, engine: Engine) throws -> String {
        try sql("\(engine.queryFolder)/\(name)")
    }

    /// The SQL for `name` on this server: a flavour-specific file (queries/mariadb/...)
    /// wins over the engine's (queries/mysql/...), for the few statements where MariaDB
    /// and MySQL differ; queries/common/... holds statements both engines run as written.
    public func sql(_ name: String, server: ServerInfo) throws -> String {
        let flavorPath = "\(server.flavor.folder)/\(name)"
        if server.flavor.folder != server.engine.queryFolder, exists(flavorPath) {
            return try sql(flavorPath)
        }
        let enginePath = "\(server.engine.queryFolder)/\(name)"
        if !exists(enginePath), exists("common/\(name)") { return try sql("common/\(name)") }
        return try sql(enginePath)
    }

    private func exists(_ path: String) -> Bool {
        if let directory = queriesDirectory,
           FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent(path + ".sql")) {
            return true
        }
        return EmbeddedQueries.files[path] != nil
    }

    public func sql(_ path: String) throws -> String {
        if let directory = queriesDirectory {
            let file = (directory as NSString).appendingPathComponent(path + ".sql")
            if FileManager.default.fileExists(atPath: file) {
                do { return try String(contentsOfFile: file, encoding: .utf8) } catch {
                    throw DBError(.io, "cannot read query file \(file): \(error.localizedDescription)")
                }
            }
        }
        guard let text = EmbeddedQueries.files[path] else {
            throw DBError(.clientError, "no query named \(path) in queries/")
        }
        return text
    }
}
