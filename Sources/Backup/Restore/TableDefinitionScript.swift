import DBCore
import Foundation

/// What creates the tables a `restore --table` target lacks: pg_restore's SQL for their
/// entries of the backup's schema archive (TableDefinitionList), written to text and run
/// by the restore's own session inside its one transaction — the definition before the
/// rows, indexes, constraints, triggers and policies after them — so that a table comes
/// back whole, with its rows, or not at all, and waits for locks no longer than the
/// restore's lock timeout.
struct TableDefinitionScript {
    let created: [TableEntry]
    /// Partitioned tables the target lacked too, created with their partitions.
    let parents: [PartitionedParent]
    /// Schemas the target lacked too, created before the tables.
    let schemas: [String]
    /// The backup's views the target lacks ("schema.name"), which are not created: said.
    let lostViews: [String]
    let preData: String
    let postData: String
    /// Partitions' ATTACH statements, run after postData.
    let attach: String
    /// Other tables' foreign keys into the created ones (a DROP TABLE ... CASCADE took
    /// them), one statement each.
    let foreignKeys: [String]
    /// pg_restore's way out when the server refuses an owner or a grant.
    let hint: (String) -> String

    /// For the chosen tables the target lacks, if any: reads the schema archive and
    /// renders their entries, before anything in the target changes — a table the archive
    /// cannot define refuses the restore here.
    static func make(
        missingFrom tables: [TableEntry], manifest: BackupManifest, directory: String, admin: PostgresConnection,
        options: RestoreOptions
    ) throws -> TableDefinitionScript? {
        let d = admin.dialect
        let missing = try tables.filter {
            try admin.scalar(.restoreTableExists, [.text(d.qualified($0.schema, $0.name))]) == nil
        }
        guard !missing.isEmpty else { return nil }
        var parents = try PartitionedParent.missing(from: missing, manifest: manifest, admin: admin)
        try refuseUncreatable(missing, manifest: manifest, admin: admin)
        let major = admin.server.versionNumber / 10000
        let privateDirectory = try PostgresTools.makePrivateDirectory()
        defer { try? FileManager.default.removeItem(atPath: privateDirectory) }
        guard
            let archive = try PostgresRestore.schemaArchive(manifest, directory: directory, into: privateDirectory)
        else {
            throw DBError(
                .undefinedObject,
                "table \(missing[0].qualifiedName) does not exist in the target database and the backup holds no schema to create it from: create it first"
            )
        }
        let path = { (name: String) in (privateDirectory as NSString).appendingPathComponent(name) }
        let list = try contents(of: archive, manifest: manifest, admin: admin, file: path("toc.list"))
        let schemas = try Set(missing.map(\.schema) + parents.map(\.schema)).sorted().filter {
            try admin.scalar(.restoreSchemaExists, [.text($0)]) == nil
        }
        let flags = (options.noOwner ? ["--no-owner"] : []) + (options.noPrivileges ? ["--no-privileges"] : [])
        // What pg_restore writes for one section of a listing's entries.
        let render = { (listing: String, section: String) throws -> String in
            try listing.write(toFile: path("entries.list"), atomically: true, encoding: .utf8)
            try PostgresTools.run(
                "pg_restore",
                flags + [
                    "--use-list=\(path("entries.list"))", "--section=\(section)", "--file=\(path("script.sql"))",
                    archive,
                ], config: admin.config, serverMajor: major)
            return try executable(Data(contentsOf: URL(fileURLWithPath: path("script.sql"))))
        }
        try findIndexes(of: &parents, list: list, manifest: manifest, admin: admin, render: render)
        let (listing, attachments) = try list.select(
            missing, schemas: schemas, parents: parents, sequences: manifest.sequences
        ) {
            try admin.scalar(.restoreTableExists, [.text(d.qualified($0.schema, $0.name))]) != nil
        }
        let scripts = try [(listing, "pre-data"), (listing, "post-data"), (attachments, "pre-data")].map(render)
        // Other tables' foreign keys the target lacks, each kept when it references a
        // created table (as pg_dump names it in the statement).
        let referenced = try references(into: missing, admin)
        let foreignKeys = try list.foreignKeys(besides: missing, parents: parents, has: try constraints(admin))
            .map { try render($0, "post-data") }.filter { key in referenced.contains(where: key.contains) }
        let sections = PostgresRestore.Sections(config: admin.config, major: major, options: options)
        return TableDefinitionScript(
            created: missing, parents: parents, schemas: schemas, lostViews: try lostViews(list, admin),
            preData: scripts[0],
            postData: scripts[1], attach: scripts[2], foreignKeys: foreignKeys, hint: sections.hint)
    }

    /// The archive's table of contents (`pg_restore --list`, written to `file`).
    static func contents(of archive: String, manifest: BackupManifest, admin: PostgresConnection, file: String)
        throws -> TableDefinitionList
    {
        try PostgresTools.run(
            "pg_restore", ["--list", "--file=\(file)", archive], config: admin.config,
            serverMajor: admin.server.versionNumber / 10000)
        return TableDefinitionList(
            listing: try String(contentsOfFile: file, encoding: .utf8), tables: manifest.tables,
            roles: try admin.named(.restoreSpacedRoleNames).rows.compactMap { $0["name"] })
    }

    /// "REFERENCES name(" as pg_dump writes a key into a created table. A key into a
    /// partitioned table goes with any partition dropped with CASCADE: the created tables'
    /// ancestors count as created (those created with them are among them).
    static func references(into missing: [TableEntry], _ admin: PostgresConnection) throws -> [String] {
        let relations = Set(missing.flatMap { [RelationName(schema: $0.schema, name: $0.name)] + $0.ancestors })
        return try relations.compactMap {
            try admin.scalar(.restoreQualifiedName, [.text($0.schema), .text($0.name)]).map { "REFERENCES \($0)(" }
        }
    }

    /// A partitioned parent's indexes are no table's of the manifest: their statements say
    /// which of the schema's other indexes are made on it alone (ON ONLY). And a parent
    /// with a partition this restore cannot create (one holding no rows of its own that
    /// the backup did not record: a partitioned table, by an older dbops, or a foreign
    /// table) is refused, rather than created without it.
    static func findIndexes(
        of parents: inout [PartitionedParent], list: TableDefinitionList, manifest: BackupManifest,
        admin: PostgresConnection, render: (String, String) throws -> String
    ) throws {
        guard !parents.isEmpty else { return }
        var statements: [String] = []
        // Each candidate rendered once, whichever parent it is tried for.
        var rendered: [Int: String] = [:]
        for i in parents.indices {
            let parent = parents[i]
            guard let name = try admin.scalar(.restoreQualifiedName, [.text(parent.schema), .text(parent.name)])
            else { continue }
            statements.append("ALTER TABLE ONLY \(name) ATTACH PARTITION ")
            parents[i].indexes = try list.unclaimedIndexes(schema: parent.schema, tables: manifest.tables).filter {
                let script = try rendered[$0.line] ?? render(list.alone($0.line), "post-data")
                rendered[$0.line] = script
                return script.contains(" ON ONLY \(name) USING ")
            }
        }
        for other in list.otherAttachments(besides: parents) {
            let script = try render(other.listing, "pre-data")
            guard statements.contains(where: script.contains) else { continue }
            throw DBError(
                .undefinedObject,
                "the target lacks the partitioned table \(other.relation) is a partition of, and this backup holds no rows of \(other.relation) to create it from (a partitioned table a backup of an older dbops does not record, or a foreign table): restore the whole backup into an empty database instead"
            )
        }
    }

    /// The backup's views and materialized views the target lacks, as "schema.name".
    static func lostViews(_ list: TableDefinitionList, _ admin: PostgresConnection) throws -> [String] {
        let views = Set(
            try admin.named(.restoreViewNames).rows.map {
                TableDefinitionList.listed("\($0["schema"] ?? "") \($0["name"] ?? "")")
            })
        return list.views().filter { !views.contains($0.listed) }.map(\.shown)
    }

    /// Whether the target has a table's constraint (by the table's qualified name and the
    /// constraint's name as the listing shows it), from one read of the catalog: a table
    /// the target lacks counts as having it (there is nothing to add it to).
    static func constraints(_ admin: PostgresConnection) throws -> (String, String) -> Bool {
        var tables = Set<String>(), constraints = Set<String>()
        for row in try admin.named(.restoreConstraints).rows {
            guard let schema = row["schema"], let table = row["table"] else { continue }
            tables.insert("\(schema).\(table)")
            if let name = row["name"] {
                constraints.insert("\(schema).\(table)\u{0}\(TableDefinitionList.listed(name))")
            }
        }
        return { table, name in !tables.contains(table) || constraints.contains("\(table)\u{0}\(name)") }
    }

    static func exists(_ sequence: SequenceValue, _ admin: PostgresConnection) throws -> Bool {
        try admin.scalar(.restoreTableExists, [.text(admin.dialect.qualified(sequence.schema, sequence.name))]) != nil
    }

    /// What cannot be created from the listing, refused before the archive is read (a
    /// partition whose parent is gone too: PartitionedParent.missing).
    static func refuseUncreatable(_ missing: [TableEntry], manifest: BackupManifest, admin: PostgresConnection) throws {
        // A backup from before sequences' owners were recorded cannot say which of them
        // a table owns: with one of them gone from the target, the table is not created
        // (it would come back without its serial or identity column's sequence).
        if let lost = try manifest.sequences.first(where: { try !$0.ownerRecorded && !exists($0, admin) }) {
            throw DBError(
                .undefinedObject,
                "table \(missing[0].qualifiedName) does not exist in the target database, and this backup predates dbops' record of which table owns each sequence while the target lacks sequence \(lost.schema).\(lost.name) too: create the table first, or restore the whole backup into an empty database"
            )
        }
    }

    /// pg_restore's script as the server may run it: without the header's settings that
    /// would lift the restore's timeouts (statement, lock, idle in transaction) and
    /// without psql's \restrict and \unrestrict lines (meta-commands, not SQL), each
    /// taken out only where pg_restore puts it — the header, and the last line with the
    /// header's key — never inside a definition, whose quoted names may hold any text.
    static func executable(_ data: Data) throws -> String {
        guard let text = String(data: data, encoding: .utf8) else {
            throw DBError(
                .unsupported,
                "the backup's schema is not UTF-8: restore the whole backup into an empty database to create missing tables"
            )
        }
        var lines = text.components(separatedBy: "\n")
        let body = lines.firstIndex { $0.hasPrefix("-- Name: ") } ?? lines.count
        let lifted: Set<String> = ["statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout"]
        var key: String?
        var header: [String] = []
        for line in lines[..<body] {
            let set = setting(line)
            if line.hasPrefix("\\restrict ") {
                key = String(line.dropFirst("\\restrict ".count))
            } else if let set, lifted.contains(set.name) {
                continue
            } else {
                header.append(line)
            }
            // The script's text goes to the server as UTF-8, which only ASCII is in every encoding.
            if let set, set.name == "client_encoding", set.value != "'UTF8'", !text.utf8.allSatisfy({ $0 < 0x80 }) {
                throw DBError(
                    .unsupported,
                    "the backup's schema is in \(set.value), not UTF-8: restore the whole backup into an empty database to create missing tables"
                )
            }
        }
        lines.replaceSubrange(..<body, with: header)
        if let key, let last = lines.lastIndex(of: "\\unrestrict \(key)") { lines.remove(at: last) }
        return lines.joined(separator: "\n")
    }

    /// "SET name = value;" as pg_restore writes its header's settings.
    static func setting(_ line: String) -> (name: String, value: String)? {
        guard line.hasPrefix("SET "), line.hasSuffix(";") else { return nil }
        let parts = line.dropFirst(4).dropLast().components(separatedBy: " = ")
        return parts.count == 2 ? (parts[0], parts[1]) : nil
    }

    /// The definitions, before the rows; `session` gives the session back its own settings.
    func runBeforeRows(_ admin: PostgresConnection, session: () throws -> Void) throws {
        try run(preData, admin)
        try session()
    }

    /// Indexes, constraints (checked against the rows now in), triggers, policies, the
    /// attachments to partitioned parents, then other tables' foreign keys into them —
    /// each of those in a savepoint: one that rows added since the drop break is left out
    /// and said, not allowed to undo the table. Returns what the restore says it did.
    func runAfterRows(_ admin: PostgresConnection, session: () throws -> Void) throws -> [String] {
        try run(postData, admin)
        try run(attach, admin)
        var refused: [String] = []
        for key in foreignKeys {
            try admin.executeScript(.restoreForeignKeySavepoint)
            do {
                try admin.executeScript(key)
                try admin.executeScript(.restoreForeignKeyRelease)
            } catch let error as DBError
                where ![.connectionFailed, .connectionLost, .timeout, .cancelled, .serverStarting].contains(error.code)
            {
                try admin.executeScript(.restoreForeignKeyRollback)
                refused.append(error.message)
            }
            try admin.executeScript(.restoreDefinitionScriptReset)
        }
        try session()
        let it = created.count == 1 ? "it" : "them"
        let names = created.map(\.qualifiedName).joined(separator: ", ")
        let restored = foreignKeys.count - refused.count
        let lackedParents =
            parents.isEmpty
            ? ""
            : ", with the partitioned table\(parents.count == 1 ? "" : "s") "
                + parents.map(\.qualifiedName).joined(separator: ", ") + " they belong to"
        let lackedSchemas =
            schemas.isEmpty
            ? "" : ", and schema\(schemas.count == 1 ? "" : "s") \(schemas.joined(separator: ", ")), created first"
        return [
            "created \(names) from the backup's schema (the target lacked \(it)\(lackedParents)\(lackedSchemas))"
                + (restored > 0 ? ", with \(restored) foreign key(s) of other tables into \(it)" : "")
        ] + refused.map { "a foreign key of another table into \(names) was not recreated: \($0)" }
            + (lostViews.isEmpty
                ? []
                : [
                    "the backup holds views the target lacks, not created by restore --table (DROP TABLE ... CASCADE takes the views that read a table): "
                        + lostViews.joined(separator: ", ")
                ])
    }

    /// Runs one of the scripts in the restore's session, then takes back what its header set.
    private func run(_ script: String, _ admin: PostgresConnection) throws {
        do { try admin.executeScript(script) } catch let error as DBError {
            let what = created.map(\.qualifiedName).joined(separator: ", ")
            throw DBError(
                error.code, "creating \(what) from the backup's schema: \(error.message)" + hint(error.message))
        }
        try admin.executeScript(.restoreDefinitionScriptReset)
    }
}
