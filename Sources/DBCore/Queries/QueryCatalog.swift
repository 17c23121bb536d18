import Foundation

/// The SQL files of `queries/`, compiled into the binary. An operator may point
/// `queriesDirectory` at a folder of their own: a file there with the same relative
/// path replaces the built-in one.
public final class QueryCatalog: @unchecked Sendable {
    public static let shared = QueryCatalog()

    public init() {}

    private let lock = NSLock()
    private var overrideDirectory: String?

    public var queriesDirectory: String? {
        get { lock.lock(); defer { lock.unlock() }; return overrideDirectory }
        set { lock.lock(); overrideDirectory = newValue; lock.unlock() }
    }

    /// Names of all built-in queries ("postgres/health/connections", ...).
    public var builtInNames: [String] { EmbeddedQueries.files.keys.sorted() }

    /// The first lines of the built-in statements (each opens with a comment of its own).
    private static let openingLines = Set(EmbeddedQueries.files.values.compactMap(openingLine))

    static func openingLine(_ text: String) -> String? {
        text.split(separator: "\n", omittingEmptySubsequences: true).first.map {
            $0.trimmingCharacters(in: .whitespaces)
        }
    }

    /// Whether a statement text the server recorded is one of dbops' own (its first line
    /// is a built-in statement's first line): history and reports leave dbops' work out.
    public func isBuiltIn(_ text: String?) -> Bool {
        guard let text, let first = Self.openingLine(text), first.hasPrefix("--") else { return false }
        return Self.openingLines.contains(first)
    }

    /// The SQL for `name` on `engine`.
    public func sql(_ name: QueryName, engine: Engine) throws -> String {
        try sql("\(engine.queryFolder)/\(name.path)")
    }

    /// The SQL for `name` on this server: a flavour-specific file (queries/mariadb/...)
    /// wins over the engine's (queries/mysql/...), for the few statements where MariaDB
    /// and MySQL differ; queries/common/... holds statements both engines run as written.
    /// Where they differ in a part only, the engine's file marks it
    /// (`-- dbops:begin NAME` ... `-- dbops:end NAME`) and the flavour's file
    /// `<statement>.NAME.sql` holds just that part.
    public func sql(_ name: QueryName, server: ServerInfo) throws -> String {
        let flavorPath = "\(server.flavor.folder)/\(name.path)"
        if server.flavor.folder != server.engine.queryFolder, exists(flavorPath) {
            return try sql(flavorPath)
        }
        let enginePath = "\(server.engine.queryFolder)/\(name.path)"
        if !exists(enginePath), exists("common/\(name.path)") { return try sql("common/\(name.path)") }
        let text = try sql(enginePath)
        guard server.flavor.folder != server.engine.queryFolder else { return text }
        return try replacingFragments(text, from: flavorPath)
    }

    /// Replaces each marked fragment of `text` for which `<path>.<fragment>` exists.
    private func replacingFragments(_ text: String, from path: String) throws -> String {
        var lines = text.components(separatedBy: "\n")
        let begins = lines.indices.filter {
            lines[$0].trimmingCharacters(in: .whitespaces).hasPrefix("-- dbops:begin ")
        }
        for begin in begins.reversed() {
            let fragment = lines[begin].trimmingCharacters(in: .whitespaces).dropFirst("-- dbops:begin ".count)
                .trimmingCharacters(in: .whitespaces)
            guard exists("\(path).\(fragment)") else { continue }
            guard
                let end = lines[begin...].firstIndex(where: {
                    $0.trimmingCharacters(in: .whitespaces) == "-- dbops:end \(fragment)"
                })
            else {
                throw DBError(.clientError, "query \(path): fragment \(fragment) has no -- dbops:end \(fragment)")
            }
            let replacement = try sql("\(path).\(fragment)").components(separatedBy: "\n")
                .filter {
                    !$0.trimmingCharacters(in: .whitespaces).hasPrefix("--")
                        && !$0.trimmingCharacters(in: .whitespaces).isEmpty
                }
            lines.replaceSubrange(begin...end, with: replacement)
        }
        return lines.joined(separator: "\n")
    }

    private func exists(_ path: String) -> Bool {
        if let directory = queriesDirectory,
            FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent(path + ".sql"))
        {
            return true
        }
        return EmbeddedQueries.files[path] != nil
    }

    public func sql(_ path: String) throws -> String {
        try expandingIncludes(try file(path), of: path, depth: 0)
    }

    /// `-- dbops:include catalog/held_tables` on a line of its own stands for that file of
    /// the same engine's folder, its comments left out: a piece several statements share
    /// (the tables a migration holds, which size functions must not wait for), kept in one
    /// file a DBA reads once.
    private func expandingIncludes(_ text: String, of path: String, depth: Int) throws -> String {
        let marker = "-- dbops:include "
        guard text.contains(marker) else { return text }
        guard depth < 4 else { throw DBError(.clientError, "query \(path): includes nested more than 4 deep") }
        let folder = path.split(separator: "/").first.map(String.init) ?? ""
        var lines: [String] = []
        for line in text.components(separatedBy: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix(marker) else {
                lines.append(line)
                continue
            }
            let included = "\(folder)/\(trimmed.dropFirst(marker.count).trimmingCharacters(in: .whitespaces))"
            let indent = String(line.prefix { $0 == " " })
            let body = try expandingIncludes(try file(included), of: included, depth: depth + 1)
            lines += body.components(separatedBy: "\n").filter {
                let code = $0.trimmingCharacters(in: .whitespaces)
                return !code.isEmpty && !code.hasPrefix("--")
            }.map { indent + $0 }
        }
        return lines.joined(separator: "\n")
    }

    /// One file's text: the operator's copy if their folder has one, else the built-in one.
    private func file(_ path: String) throws -> String {
        if let directory = queriesDirectory {
            let file = (directory as NSString).appendingPathComponent(path + ".sql")
            if FileManager.default.fileExists(atPath: file) {
                // Lines as the built-in files have them: an editor's CRLF would hide the
                // fragment markers and comment lines, which are matched line by line.
                do {
                    return try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(
                        of: "\r\n", with: "\n")
                } catch {
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
