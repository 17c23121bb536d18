import DBCore
import Foundation

/// What pg_restore --create gives a database besides its contents: its comment, owner,
/// privileges (GRANT/REVOKE ... ON DATABASE) and settings (ALTER DATABASE ... SET, ALTER
/// ROLE ... IN DATABASE ... SET). They are in the backup's schema archive, which pg_restore
/// shows only in its --create mode; read from its script and renamed for the target, which
/// need not have the source's name. An application whose database sets its search_path or
/// time zone otherwise came back behaving differently from a `restore --create`.
enum DatabaseProperties {
    /// The statements for the target, in the archive's order (owner and grants left out
    /// as --no-owner and --no-privileges say).
    static func statements(
        archive: String, source: String, target: String, config: ConnectionConfig, major: Int,
        privateDirectory: String, options: RestoreOptions
    ) throws -> [String] {
        let folder = privateDirectory as NSString
        let listing = folder.appendingPathComponent("database.toc")
        try PostgresTools.run(
            "pg_restore", ["--list", "--create", "--file=\(listing)", archive], config: config, serverMajor: major)
        let chosen = try String(contentsOfFile: listing, encoding: .utf8).split(separator: "\n").filter { line in
            [" COMMENT - DATABASE ", " ACL - DATABASE ", " DATABASE PROPERTIES - "].contains { line.contains($0) }
                && !line.hasPrefix(";")
        }
        let list = folder.appendingPathComponent("database.list")
        try (chosen.joined(separator: "\n") + "\n").write(toFile: list, atomically: false, encoding: .utf8)
        let script = folder.appendingPathComponent("database.sql")
        try PostgresTools.run(
            "pg_restore", ["--create", "--file=\(script)", "--use-list=\(list)", archive], config: config,
            serverMajor: major)
        return split(try String(contentsOfFile: script, encoding: .utf8)).compactMap {
            renamed($0, source: source, target: target, options: options)
        }
    }

    /// A statement of the database's own, named for the target; nil for the rest of the
    /// script (its CREATE DATABASE, session settings) and for what the options leave out.
    static func renamed(_ statement: String, source: String, target: String, options: RestoreOptions) -> String? {
        let words = statement.split(separator: " ", maxSplits: 3).map(String.init)
        func starts(_ keywords: String...) -> Bool { words.starts(with: keywords) }
        let isOwner = starts("ALTER", "DATABASE") && statement.contains(" OWNER TO ")
        let isGrant = starts("GRANT") || starts("REVOKE")
        guard
            starts("COMMENT", "ON", "DATABASE") || starts("ALTER", "DATABASE")
                || (starts("ALTER", "ROLE") && statement.contains(" IN DATABASE ")) || isGrant,
            !(isOwner && options.noOwner), !(isGrant && options.noPrivileges)
        else { return nil }
        // pg_dump writes the name quoted only when it must; keywords are upper case and
        // unquoted names lower case, so " DATABASE name" is the name's place.
        let simple =
            source.first.map { $0 == "_" || ("a"..."z").contains($0) } == true
            && source.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "$" }
        let quoted = "\"" + source.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        let renamedTo = " DATABASE \"" + target.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        for form in [quoted] + (simple ? [source] : []) {
            var searched = statement[...]
            while let range = searched.range(of: " DATABASE " + form) {
                let next = statement[range.upperBound...].first
                if next == nil || next == " " {
                    return statement.replacingCharacters(in: range, with: renamedTo)
                }
                searched = statement[range.upperBound...]
            }
        }
        return nil
    }

    /// A pg_restore script's statements, split at semicolons outside quotes; psql's
    /// meta-commands (\connect, \restrict) and the comments between statements left out.
    static func split(_ script: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var quote: Character?
        var index = script.startIndex
        while index < script.endIndex {
            let character = script[index]
            if let open = quote {
                current.append(character)
                if character == open { quote = nil }
            } else if current.allSatisfy(\.isWhitespace)
                && (character == "\\" || script[index...].hasPrefix("--"))
            {
                index = script[index...].firstIndex(of: "\n") ?? script.endIndex
                continue
            } else if character == "'" || character == "\"" {
                quote = character
                current.append(character)
            } else if character == ";" {
                statements.append(current.trimmingCharacters(in: .whitespacesAndNewlines))
                current = ""
            } else {
                current.append(character)
            }
            index = script.index(after: index)
        }
        return statements
    }
}
