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
    /// Schemas the target lacked too, created before the tables, with their functions,
    /// types and other objects (`schemaObjects`, as "2 functions, 1 type") and the
    /// sequences no table owns (`sequences`, set to the backup's positions).
    let schemas: [String]
    let schemaObjects: String
    let sequences: [SequenceValue]
    /// The backup's views the target lacks that read what is created (a DROP ... CASCADE
    /// took them), made again after the rows: each its name ("schema.name") and statement.
    let views: [(name: String, statement: String)]
    /// The backup's other views the target lacks ("schema.name"), which are not created: said.
    let lostViews: [String]
    let preData: String
    let postData: String
    /// Partitions' ATTACH statements, run after postData.
    let attach: String
    /// Other tables' foreign keys into the created ones, and triggers and policies using
    /// them or their schemas' functions (a DROP ... CASCADE took them): each its kind
    /// (TableDefinitionList.dependentKinds) and statement.
    let dependents: [(kind: String, statement: String)]
    /// Other tables' columns a DROP ... CASCADE took with their values (a column of a
    /// dropped schema's type): said, since only a restore of their tables brings them back.
    let droppedColumns: [String]
    /// pg_restore's way out when the server refuses an owner or a grant.
    let hint: (String) -> String

    /// For the chosen tables the target lacks, if any: reads the schema archive and
    /// renders their entries, before anything in the target changes — a table the archive
    /// cannot define refuses the restore here.
    static func make(
        missingFrom tables: [TableEntry], partitioned: [PartitionedTable] = [], manifest: BackupManifest,
        directory: String, admin: PostgresConnection, options: RestoreOptions
    ) throws -> TableDefinitionScript? {
        let missing = try tables.filter { try !exists($0.schema, $0.name, admin) }
        let lacking = try partitioned.filter { try !exists($0.schema, $0.name, admin) }
        guard !missing.isEmpty || !lacking.isEmpty else { return nil }
        var parents = try PartitionedParent.missing(
            from: missing, partitioned: lacking, manifest: manifest, admin: admin)
        // The table the errors below name: the first the target lacks.
        let first = missing.first?.qualifiedName ?? lacking[0].relation.qualifiedName
        try refuseUncreatable(first, manifest: manifest, admin: admin)
        let major = admin.server.versionNumber / 10000
        let privateDirectory = try PostgresTools.makePrivateDirectory()
        defer { try? FileManager.default.removeItem(atPath: privateDirectory) }
        guard
            let archive = try PostgresRestore.schemaArchive(manifest, directory: directory, into: privateDirectory)
        else {
            throw DBError(
                .undefinedObject,
                "table \(first) does not exist in the target database and the backup holds no schema to create it from: create it first"
            )
        }
        let path = { (name: String) in (privateDirectory as NSString).appendingPathComponent(name) }
        let list = try contents(of: archive, manifest: manifest, admin: admin, file: path("toc.list"))
        let schemas = try Set(missing.map(\.schema) + parents.map(\.schema)).sorted().filter {
            try admin.scalar(.restoreSchemaExists, [.text($0)]) == nil
        }
        let flags = options.leftOut
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
        let objects =
            try schemas.flatMap { try list.schemaObjects($0, sequences: manifest.sequences) }
            + extensions(in: schemas, list: list, admin: admin, render: render)
        let (listing, attachments) = try list.select(
            missing, schemas: schemas, schemaObjects: objects, parents: parents, sequences: manifest.sequences
        ) { try exists($0, admin) }
        let scripts = try [(listing, "pre-data"), (listing, "post-data"), (attachments, "pre-data")].map(render)
        let used = try uses(missing, parents: parents, schemas: schemas, sequences: manifest.sequences, admin)
        let (dependents, droppedColumns) = try dependents(
            of: missing, parents: parents, used: used, manifest: manifest, list: list, admin: admin, render: render)
        let views = try views(list, used: used, manifest: manifest, admin: admin, render: render)
        return TableDefinitionScript(
            created: missing, parents: parents, schemas: schemas, schemaObjects: list.counted(objects),
            sequences: manifest.sequences.filter { $0.standalone && schemas.contains($0.schema) },
            views: views.created, lostViews: views.lost, preData: scripts[0], postData: scripts[1],
            attach: scripts[2], dependents: dependents, droppedColumns: droppedColumns,
            hint: PostgresRestore.Sections(config: admin.config, major: major, options: options).hint)
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

    /// The created tables and their partitioned ancestors as pg_dump names them in a
    /// statement (quoted where needed). A key into a partitioned table goes with any
    /// partition dropped with CASCADE: the created tables' ancestors count as created
    /// (those created with them are among them).
    static func createdNames(_ missing: [TableEntry], _ admin: PostgresConnection) throws -> [String] {
        let relations = Set(missing.flatMap { [RelationName(schema: $0.schema, name: $0.name)] + $0.ancestors })
        return try relations.compactMap { try admin.scalar(.restoreQualifiedName, [.text($0.schema), .text($0.name)]) }
    }

    /// Other tables' column defaults the target lacks that name a created table's sequence
    /// or a created schema's object (ColumnDefaults); their CHECK constraints and indexes
    /// likewise; their foreign keys the target lacks, each kept when it references a
    /// created table (as pg_dump names it in the statement); their triggers and policies,
    /// when they name a created table or a created schema's object. And, said, their
    /// columns that did and are gone with their values (ColumnDefaults.dropped).
    static func dependents(
        of missing: [TableEntry], parents: [PartitionedParent], used: [String], manifest: BackupManifest,
        list: TableDefinitionList, admin: PostgresConnection, render: (String, String) throws -> String
    ) throws -> (statements: [(kind: String, statement: String)], droppedColumns: [String]) {
        let created = Set(missing.map(\.qualifiedName))
        let others = manifest.tables.filter { !created.contains($0.qualifiedName) }
        let definitions = others.isEmpty ? "" : try render(list.definitions(of: others), "pre-data")
        let defaults = try ColumnDefaults.lost(in: definitions, used: used, admin: admin)
        let checks = try InlineChecks.lost(in: definitions, used: used, admin: admin)
        let indexes = try lostIndexes(
            list, besides: missing, parents: parents, used: used, admin: admin, render: render)
        // "REFERENCES name(" as pg_dump writes a key into a created table.
        let referenced = try createdNames(missing, admin).map { "REFERENCES \($0)(" }
        let statements =
            try defaults.map { (kind: "DEFAULT", statement: $0) } + checks.map { (kind: "CHECK", statement: $0) }
            + indexes.map { (kind: "INDEX", statement: $0) }
            + list.dependents(besides: missing, parents: parents, has: try tableObjects(admin))
            .map { ($0.kind, try render($0.listing, "post-data")) }.filter { kind, statement in
                kind == "FK CONSTRAINT"
                    ? referenced.contains(where: statement.contains) : used.contains { mentions(statement, $0) }
            }
        return (statements, try ColumnDefaults.dropped(in: definitions, used: used, admin: admin))
    }

    /// Other tables' indexes the target lacks that name a created table or a created
    /// schema's object (an expression index calling a dropped schema's function), on tables
    /// the target has: their entries rendered together, each index one line. An index made
    /// on a partitioned table alone (ON ONLY) is left out: its partitions' indexes would
    /// have to be attached to it.
    static func lostIndexes(
        _ list: TableDefinitionList, besides missing: [TableEntry], parents: [PartitionedParent], used: [String],
        admin: PostgresConnection, render: (String, String) throws -> String
    ) throws -> [String] {
        guard !used.isEmpty else { return [] }
        let has = Set(
            try admin.named(.restoreIndexNames).rows.map {
                TableDefinitionList.listed("\($0["schema"] ?? "") \($0["name"] ?? "")")
            })
        let lacking = list.otherIndexes(besides: missing, parents: parents).filter {
            !has.contains("\($0.schema) \($0.name)")
        }
        guard !lacking.isEmpty else { return [] }
        let script = try render(list.only(Set(lacking.map(\.line))), "post-data")
        return try script.split(separator: "\n").filter { line in
            guard let table = indexedTable(line), used.contains(where: { mentions(String(line), $0) }) else {
                return false
            }
            return try admin.scalar(.restoreTableExists, [.text(table)]) != nil
        }.map(String.init)
    }

    /// The table a `CREATE [UNIQUE] INDEX name ON table USING ...` line names, as pg_dump
    /// spells it (schema.name, quoted where needed); nil for an index on a partitioned
    /// table alone (ON ONLY) or any other line.
    static func indexedTable(_ line: Substring) -> String? {
        guard line.hasPrefix("CREATE ") else { return nil }
        var rest = line.dropFirst("CREATE ".count)
        if rest.hasPrefix("UNIQUE ") { rest = rest.dropFirst("UNIQUE ".count) }
        guard rest.hasPrefix("INDEX ") else { return nil }
        rest = rest.dropFirst("INDEX ".count)
        guard let nameEnd = ColumnDefaults.nameEnd(rest), rest[nameEnd...].hasPrefix(" ON ") else { return nil }
        let on = rest[rest.index(nameEnd, offsetBy: 4)...]
        // An identifier's end: after its closing quote, or at the dot or space after it.
        let end = { (s: Substring) in
            s.first == "\"" ? ColumnDefaults.nameEnd(s) : s.firstIndex { $0 == "." || $0 == " " }
        }
        guard !on.hasPrefix("ONLY "), let schemaEnd = end(on), on[schemaEnd...].hasPrefix("."),
            let tableEnd = end(on[on.index(after: schemaEnd)...]), on[tableEnd...].hasPrefix(" USING ")
        else { return nil }
        return String(on[..<tableEnd])
    }

    /// How pg_dump names what a restore creates in other tables' defaults, triggers and
    /// policies: each created table and its ancestors ("app.orders"), the sequences they
    /// own that the target lacks, and each created schema as the start of a name ("app.").
    static func uses(
        _ missing: [TableEntry], parents: [PartitionedParent], schemas: [String], sequences: [SequenceValue],
        _ admin: PostgresConnection
    ) throws -> [String] {
        let owners = Set(missing.map(\.qualifiedName) + parents.map(\.qualifiedName))
        let owned = try sequences.filter {
            try owners.contains("\($0.ownerSchema ?? "").\($0.ownerTable ?? "")") && !exists($0, admin)
        }
        return try createdNames(missing, admin)
            + owned.compactMap { try admin.scalar(.restoreQualifiedName, [.text($0.schema), .text($0.name)]) }
            + schemas.compactMap { try admin.scalar(.restoreQuotedIdentifier, [.text($0)]) }.map { $0 + "." }
    }

    /// Whether a statement names `name` ("app.orders", or "app." for a schema's objects)
    /// outside its comment lines, as a whole: not the end of a longer name before it
    /// ("myapp.orders"), nor, for a table, the start of a longer one ("app.orders_eu").
    static func mentions(_ statement: String, _ name: String) -> Bool {
        let word: (Character) -> Bool = { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "$" || $0 == "\"" }
        for line in statement.split(separator: "\n") where !line.hasPrefix("--") {
            var from = line.startIndex
            while let found = line[from...].range(of: name) {
                let before = found.lowerBound == line.startIndex ? nil : line[line.index(before: found.lowerBound)]
                let after = found.upperBound == line.endIndex ? nil : line[found.upperBound]
                if !(before.map(word) ?? false), name.hasSuffix(".") || !(after.map(word) ?? false) { return true }
                from = line.index(after: found.lowerBound)
            }
        }
        return false
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

    /// The lines of the backup's extensions (and their comments) that were in `schemas`,
    /// which the target lacks: DROP SCHEMA ... CASCADE drops the extensions in it, whose
    /// functions and types the schema's tables may use. Their statements name the schema.
    static func extensions(
        in schemas: [String], list: TableDefinitionList, admin: PostgresConnection,
        render: (String, String) throws -> String
    ) throws -> [Int] {
        guard !schemas.isEmpty else { return [] }
        let clauses = try schemas.compactMap { try admin.scalar(.restoreQuotedIdentifier, [.text($0)]) }.map {
            "WITH SCHEMA \($0);"
        }
        return try list.extensions().flatMap { name, lines, listing in
            guard try admin.scalar(.restoreExtensionExists, [.text(name)]) == nil else { return [Int]() }
            let script = try render(listing, "pre-data")
            return clauses.contains(where: script.contains) ? lines : []
        }
    }

    /// The backup's views and materialized views the target lacks: those that read a
    /// created table, an object of a created schema or a view made again before them (the
    /// listing's order puts what a view reads first) are made again, each from its own
    /// rendering — a materialized view with its indexes, then refreshed if it held rows in
    /// the source (`manifest.populatedViews`), as a whole restore makes it; the rest are
    /// only named.
    static func views(
        _ list: TableDefinitionList, used: [String], manifest: BackupManifest, admin: PostgresConnection,
        render: (String, String) throws -> String
    ) throws -> (created: [(name: String, statement: String)], lost: [String]) {
        let existing = Set(
            try admin.named(.restoreViewNames).rows.map {
                TableDefinitionList.listed("\($0["schema"] ?? "") \($0["name"] ?? "")")
            })
        var used = used
        var created: [(name: String, statement: String)] = [], lost: [String] = []
        // Each candidate index rendered once, whichever materialized view it is tried for.
        var indexes: [Int: String] = [:]
        for view in list.views() where !existing.contains(view.listed) {
            let definition = try render(view.listing, "pre-data")
            guard let relation = view.relation, used.contains(where: { mentions(definition, $0) }),
                let name = try admin.scalar(.restoreQualifiedName, [.text(relation.schema), .text(relation.name)])
            else {
                lost.append(view.shown)
                continue
            }
            var statement = definition
            if view.materialized {
                // Its indexes are no table's of the manifest: their statements say which.
                let own = try list.unclaimedIndexes(schema: relation.schema, tables: manifest.tables).map {
                    let script = try indexes[$0.line] ?? render(list.alone($0.line), "post-data")
                    indexes[$0.line] = script
                    return script
                }.filter { $0.contains(" ON \(name) USING ") }
                // The name as the target's server quotes it, which is how the backup wrote it.
                let refresh =
                    try (manifest.populatedViews ?? []).contains(name)
                    ? [PostgresRestore.refresh(name, admin) + ";"] : []
                statement += "\n" + (own + refresh).joined(separator: "\n")
            }
            created.append((view.shown, statement))
            used.append(name)
        }
        return (created, lost)
    }

    /// Whether the target has a table's constraint, trigger or policy (by the table's
    /// qualified name, the kind and the name as the listing shows it), from one read of
    /// the catalog: a table the target lacks counts as having it (there is nothing to add
    /// it to).
    static func tableObjects(_ admin: PostgresConnection) throws -> (String, String, String) -> Bool {
        var tables = Set<String>(), objects = Set<String>()
        for row in try admin.named(.restoreTableObjects).rows {
            guard let schema = row["schema"], let table = row["table"] else { continue }
            tables.insert("\(schema).\(table)")
            if let kind = row["kind"], let name = row["name"] {
                objects.insert("\(schema).\(table)\u{0}\(kind)\u{0}\(TableDefinitionList.listed(name))")
            }
        }
        return { table, kind, name in
            !tables.contains(table) || objects.contains("\(table)\u{0}\(kind)\u{0}\(name)")
        }
    }

    /// Whether the target has relation `schema`.`name` (a table, a sequence).
    static func exists(_ schema: String, _ name: String, _ admin: PostgresConnection) throws -> Bool {
        try admin.scalar(.restoreTableExists, [.text(admin.dialect.qualified(schema, name))]) != nil
    }

    static func exists(_ sequence: SequenceValue, _ admin: PostgresConnection) throws -> Bool {
        try exists(sequence.schema, sequence.name, admin)
    }

    /// What cannot be created from the listing, refused before the archive is read (a
    /// partition whose parent is gone too: PartitionedParent.missing).
    static func refuseUncreatable(_ first: String, manifest: BackupManifest, admin: PostgresConnection) throws {
        // A backup from before sequences' owners were recorded cannot say which of them
        // a table owns: with one of them gone from the target, the table is not created
        // (it would come back without its serial or identity column's sequence).
        if let lost = try manifest.sequences.first(where: { try !$0.ownerRecorded && !exists($0, admin) }) {
            throw DBError(
                .undefinedObject,
                "table \(first) does not exist in the target database, and this backup predates dbops' record of which table owns each sequence while the target lacks sequence \(lost.schema).\(lost.name) too: create the table first, or restore the whole backup into an empty database"
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
        if schemas.contains("public") { try admin.executeScript(.restorePublicSchema) }
        try run(preData, admin)
        try session()
    }

    /// Indexes, constraints (checked against the rows now in), triggers, policies, the
    /// attachments to partitioned parents; then other tables' column defaults, foreign keys,
    /// triggers and policies that use them, and the views that read them — each of those
    /// in a savepoint: one the server refuses (a key that rows added since the drop break,
    /// a lock not granted in time) is left out and said, not allowed to undo the table.
    /// Returns what the restore says it did.
    func runAfterRows(_ admin: PostgresConnection, session: () throws -> Void) throws -> [String] {
        try run(postData, admin)
        try run(attach, admin)
        var refused: [(kind: String, message: String)] = []
        for (kind, statement) in dependents {
            if let message = try savepointed(statement, admin) { refused.append((kind, message)) }
        }
        var madeViews: [String] = [], failedViews: [String] = []
        for (name, statement) in views {
            if let message = try savepointed(statement, admin) {
                failedViews.append("view \(name) was not recreated: \(message)")
            } else {
                madeViews.append(name)
            }
        }
        try session()
        return said(refused: refused, views: madeViews) + failedViews + droppedColumns
            + (lostViews.isEmpty
                ? []
                : [
                    "the backup holds views the target lacks that restore --table does not create, as they read none of what it created: "
                        + Self.some(lostViews)
                ])
    }

    /// Names for a warning: twenty at most, then how many more (a database of hundreds
    /// of views would otherwise fill the screen).
    static func some(_ names: [String]) -> String {
        names.prefix(20).joined(separator: ", ") + (names.count > 20 ? " and \(names.count - 20) more" : "")
    }

    /// Runs a statement in a savepoint (restore/foreign_key_savepoint.sql, the first use):
    /// what the server refuses is undone alone and returned, never the restore failed; a
    /// lost connection, a timeout or an interruption still fails it.
    private func savepointed(_ statement: String, _ admin: PostgresConnection) throws -> String? {
        var refusal: String?
        try admin.executeScript(.restoreForeignKeySavepoint)
        do {
            try admin.executeScript(statement)
            try admin.executeScript(.restoreForeignKeyRelease)
        } catch let error as DBError
            where ![.connectionFailed, .connectionLost, .timeout, .cancelled, .serverStarting].contains(error.code)
        {
            try admin.executeScript(.restoreForeignKeyRollback)
            refusal = error.message
        }
        try Self.resetSession(admin)
        return refusal
    }

    /// How a refusal names a dependent's kind where the listing's word would not read.
    static let refusedKinds = ["DEFAULT": "a column default", "CHECK": "a check constraint", "INDEX": "an index"]

    /// The names a message gives what is created: the tables, or the partitioned tables
    /// when they are all (none of them with a partition holding rows).
    private var shown: [String] { created.isEmpty ? parents.map(\.qualifiedName) : created.map(\.qualifiedName) }

    /// What the restore says it created, and which of other tables' keys, triggers and
    /// policies the server refused.
    private func said(refused: [(kind: String, message: String)], views: [String]) -> [String] {
        let it = shown.count == 1 ? "it" : "them"
        let names = shown.joined(separator: ", ")
        let restored = { (kind: String) in
            self.dependents.filter { $0.kind == kind }.count - refused.filter { $0.kind == kind }.count
        }
        let keys = restored("FK CONSTRAINT"), others = restored("DEFAULT") + restored("TRIGGER") + restored("POLICY")
        let inline = restored("CHECK") + restored("INDEX")
        let lackedParents =
            parents.isEmpty || created.isEmpty
            ? ""
            : ", with the partitioned table\(parents.count == 1 ? "" : "s") "
                + parents.map(\.qualifiedName).joined(separator: ", ") + " they belong to"
        let lackedSchemas =
            schemas.isEmpty
            ? ""
            : ", and schema\(schemas.count == 1 ? "" : "s") \(schemas.joined(separator: ", ")), created first"
                + (schemaObjects.isEmpty ? "" : " with \(schemaObjects)")
        let extras =
            (keys > 0 ? ["\(keys) foreign key(s) of other tables into \(it)"] : [])
            + (others > 0
                ? ["\(others) column default(s), trigger(s) and polic(ies) of other tables that use \(it)"] : [])
            + (inline > 0 ? ["\(inline) check constraint(s) and index(es) of other tables that use \(it)"] : [])
            + (views.isEmpty ? [] : ["the view(s) that read \(it): " + Self.some(views)])
        return [
            "created \(names) from the backup's schema (the target lacked \(it)\(lackedParents)\(lackedSchemas))"
                + (extras.isEmpty ? "" : ", with " + extras.joined(separator: " and "))
        ]
            + refused.map { kind, message in
                kind == "FK CONSTRAINT"
                    ? "a foreign key of another table into \(names) was not recreated: \(message)"
                    : "\(Self.refusedKinds[kind] ?? "a " + kind.lowercased()) of another table that uses \(names) was not recreated: \(message)"
            }
    }

    /// Takes back what a script's header set, the search_path to the session's own with
    /// pg_catalog taken out (so searched first), as every session starts (see PostgresConnection).
    private static func resetSession(_ admin: PostgresConnection) throws {
        try admin.executeScript(.restoreDefinitionScriptReset)
        try admin.executeScript(.catalogApplicationPath)
    }

    /// Runs one of the scripts in the restore's session, then takes back what its header set.
    private func run(_ script: String, _ admin: PostgresConnection) throws {
        do { try admin.executeScript(script) } catch let error as DBError {
            let what = shown.joined(separator: ", ")
            throw DBError(
                error.code, "creating \(what) from the backup's schema: \(error.message)" + hint(error.message))
        }
        try Self.resetSession(admin)
    }
}
