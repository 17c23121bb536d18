import DBCore
import Foundation

/// The entries of a schema archive's table of contents (`pg_restore --list`) that define
/// tables a `restore --table` target lacks (a table dropped by mistake, the usual reason
/// to restore one table): the table, its column defaults, comments and grants, its
/// partition attachment, the sequences it owns that the target lacks too, and in
/// post-data its indexes, constraints, triggers, rules, row security and policies.
///
/// Entries are found by their text, as EarlyIndexes finds indexes. Most are looked up by a
/// key built from names the manifest knows ("TABLE app orders"); those named by table and
/// then their own name ("TRIGGER app orders audit") are matched by prefix, and belong to
/// the longest relation name they start with, so that a table "orders" never takes a
/// trigger of a table "orders eu". An entry that two relations could claim alike, or a
/// table whose definition cannot be found once, refuses the selection: the restore then
/// stops before anything is changed rather than create part of a table.
struct TableDefinitionList {
    /// The relation kinds whose names other entries start with.
    static let relationKinds = ["TABLE ", "VIEW ", "MATERIALIZED VIEW ", "FOREIGN TABLE "]
    /// Entries named by their table, then their own name.
    static let byTable = ["CONSTRAINT ", "CHECK CONSTRAINT ", "FK CONSTRAINT ", "TRIGGER ", "RULE ", "POLICY "]
    /// The kinds of a schema's own entries that belong to no relation (pg_dump's words),
    /// longest first ("OPERATOR CLASS" before "OPERATOR"): DROP SCHEMA ... CASCADE takes
    /// them with the schema's tables, whose columns, defaults and triggers may use them.
    static let schemaKinds = [
        "FUNCTION", "PROCEDURE", "AGGREGATE", "TYPE", "SHELL TYPE", "DOMAIN", "COLLATION", "CONVERSION", "OPERATOR",
        "OPERATOR CLASS", "OPERATOR FAMILY", "TEXT SEARCH CONFIGURATION", "TEXT SEARCH DICTIONARY",
        "TEXT SEARCH PARSER", "TEXT SEARCH TEMPLATE", "DEFAULT ACL",
    ].sorted { $0.count > $1.count }
    static let described = ["COMMENT", "ACL", "SECURITY LABEL"]

    private let lines: [String]
    /// Each entry's line under its text and under its text without the last word (the
    /// owner): looked up, not searched, as a backup of thousands of tables has tens of
    /// thousands of entries.
    private var entries: [String: [Int]] = [:]
    private var texts: [(line: Int, text: String)] = []
    /// Relations by "schema name", the way entries spell them: the manifest's tables
    /// exactly, and the listing's relations as read from it (a name there is the text
    /// between the schema and the owner, a guess only where names hold spaces).
    private var known: [String: Set<String>] = [:]
    private var relations: Set<String> = []
    /// Role names with spaces in them, as listed, longest first: an entry's text ends with
    /// its owner, which is one word unless it is one of these.
    private let spacedOwners: [String]
    /// Schema names, as listed: the manifest's tables' and the listing's SCHEMA entries'.
    private var schemas: Set<String> = []

    /// `roles`: the target's role names (only those with a space in them matter).
    init(listing: String, tables: [TableEntry], roles: [String] = []) {
        lines = listing.components(separatedBy: "\n")
        spacedOwners = roles.map(Self.listed).filter { $0.contains(" ") }.sorted { $0.count > $1.count }
        for table in tables {
            known[Self.listed("\(table.schema) \(table.name)"), default: []].insert(table.qualifiedName)
            schemas.insert(Self.listed(table.schema))
        }
        relations = Set(known.keys)
        for (i, line) in lines.enumerated() where !line.hasPrefix(";") {
            let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
            guard parts.count == 4, parts[0].hasSuffix(";") else { continue }
            let text = String(parts[3])
            texts.append((i, text))
            entries[text, default: []].append(i)
            guard let body = unowned(text) else { continue }
            entries[body, default: []].append(i)
            if body.hasPrefix("SCHEMA - ") { schemas.insert(String(body.dropFirst("SCHEMA - ".count))) }
            // "VIEW app daily totals postgres": a relation the manifest may not list, whose
            // name an entry of another table could start with.
            for kind in Self.relationKinds where body.hasPrefix(kind) {
                let words = body.dropFirst(kind.count).split(separator: " ", omittingEmptySubsequences: false)
                if words.count >= 2 { relations.insert(words.joined(separator: " ")) }
            }
        }
    }

    /// An entry's text without its owner: "TABLE app orders" of "TABLE app orders app owner"
    /// when the target has a role "app owner", else without the last word.
    private func unowned(_ text: String) -> String? {
        if let owner = spacedOwners.first(where: { text.hasSuffix(" " + $0) }) {
            return String(text.dropLast(owner.count + 1))
        }
        return text.lastIndex(of: " ").map { String(text[..<$0]) }
    }

    /// Two copies of the listing, each with every other entry commented out (pg_restore
    /// keeps the listing's order, which is the archive's dependency order): the missing
    /// tables' definitions, and their attachments to partitioned parents the target has.
    /// A partition is attached last, once its own indexes exist: attaching it first would
    /// make the parent's indexes build copies of their own on it, and its own (from the
    /// archive) would then collide with them. Attaching finds its indexes and attaches
    /// them, so the archive's INDEX ATTACH entries are left out. A partitioned parent the
    /// target lacks too (`parents`) is created with its partitions as a whole restore
    /// creates it: partitions attached before the rows, the parent's indexes made on it
    /// alone after them, and each partition's index attached to its parent's (INDEX ATTACH).
    /// `targetHas` says whether the target already has a sequence; `schemas` are those of
    /// the missing tables the target lacks too (DROP SCHEMA ... CASCADE), created first
    /// with their comments and grants, and `schemaObjects` the lines of everything else of
    /// theirs the CASCADE took that is no relation's (`schemaObjects(_:sequences:)`, and
    /// the extensions that were in them).
    func select(
        _ missing: [TableEntry], schemas: [String] = [], schemaObjects: [Int] = [], parents: [PartitionedParent] = [],
        sequences: [SequenceValue], targetHas: (SequenceValue) throws -> Bool
    ) throws -> (definition: String, attachment: String) {
        var chosen = Set<Int>(schemaObjects), attached = Set<Int>()
        for schema in schemas {
            let what = "schema \(schema)"
            // pg_dump writes no CREATE for public, which initdb makes: the restore does
            // (restore/public_schema.sql), and the entry, if any, sets its owner.
            if schema != "public", entries[Self.listed("SCHEMA - \(schema)")] == nil {
                // pg_dump --table writes the tables, never their schemas.
                throw DBError(
                    .undefinedObject,
                    "schema \(schema) is not in the target and the backup holds no definition of it (a --table backup carries its tables, not their schemas): create the schema, with its owner and grants, then restore again"
                )
            }
            chosen.formUnion(try entry("SCHEMA - \(schema)", required: schema != "public", what: what))
            for v in Self.variants(schema) {
                for kind in Self.described { chosen.formUnion(try entry("\(kind) - SCHEMA \(v)", what: what)) }
            }
        }
        let created = Set(parents.map(\.relation))
        for parent in parents {
            let entries = try parentEntries(parent, sequences: sequences, targetHas: targetHas)
            chosen.formUnion(entries.definition)
            attached.formUnion(entries.attachment)
        }
        for table in missing {
            let what = "table \(table.qualifiedName)"
            chosen.formUnion(try own(table, what: what))
            let attachment = try entry("TABLE ATTACH \(table.schema) \(table.name)", what: what)
            if let parent = table.ancestors.first, created.contains(parent) {
                chosen.formUnion(attachment)
                for index in table.indexes ?? [] {
                    chosen.formUnion(try entry("INDEX ATTACH \(table.schema) \(index.name)", what: what))
                }
            } else {
                attached.formUnion(attachment)
            }
            chosen.formUnion(
                try owned(table.schema, table.name, sequences: sequences, targetHas: targetHas, what: what))
            chosen.formUnion(try namedByTable(table.schema, table.name, what: what))
        }
        var definition = lines, attachment = lines
        for (line, _) in texts {
            if !chosen.contains(line) { definition[line] = ";" + definition[line] }
            if !attached.contains(line) { attachment[line] = ";" + attachment[line] }
        }
        return (definition.joined(separator: "\n"), attachment.joined(separator: "\n"))
    }

    /// A partitioned parent's entries: its definition, comments, grants, defaults, indexes
    /// (and, under a parent created too, their attachments to its indexes), owned sequences,
    /// constraints and triggers; and its own attachment, when it is a partition too —
    /// among the definitions under a parent created too, before the rows as its partitions'
    /// are, or last to a parent the target has (see `select`).
    private func parentEntries(
        _ parent: PartitionedParent, sequences: [SequenceValue], targetHas: (SequenceValue) throws -> Bool
    ) throws -> (definition: [Int], attachment: [Int]) {
        let what = "partitioned table \(parent.qualifiedName)"
        let attachment = try entry("TABLE ATTACH \(parent.schema) \(parent.name)", what: what)
        guard parent.parent != nil || attachment.isEmpty else {
            throw DBError(
                .undefinedObject,
                "\(what), which the target lacks, is a partition of another partitioned table this backup does not name (a backup of an older dbops): restore the whole backup into an empty database instead"
            )
        }
        var found = try described(parent.schema, parent.name, columns: parent.columns, what: what)
        for index in parent.indexes {
            found.append(index.line)
            for v in Self.variants(index.name) { found += try entry("COMMENT \(parent.schema) INDEX \(v)", what: what) }
        }
        if parent.parentCreated {
            for index in parent.indexes.map(\.name) + constraintNames(parent.schema, parent.name) {
                found += try entry("INDEX ATTACH \(parent.schema) \(index)", what: what)
            }
        }
        found += try owned(parent.schema, parent.name, sequences: sequences, targetHas: targetHas, what: what)
        found += try namedByTable(parent.schema, parent.name, what: what)
        return parent.parentCreated ? (found + attachment, []) : (found, attachment)
    }

    /// A schema's own entries that belong to no relation — functions, procedures,
    /// aggregates, types, domains, collations, operators, text search objects, default
    /// privileges, and the sequences no table owns (`sequences`: the manifest's) — with
    /// their comments, grants and labels, and the grants on its extensions' relations: a
    /// schema the target lacks lost them all.
    func schemaObjects(_ schema: String, sequences: [SequenceValue]) throws -> [Int] {
        let own = Self.listed(schema)
        var found = texts.compactMap { line, text -> Int? in
            guard let body = unowned(text) else { return nil }
            if let kind = Self.schemaKinds.first(where: { body.hasPrefix($0 + " ") }) {
                return namespace(of: body.dropFirst(kind.count + 1))?.schema == own ? line : nil
            }
            guard let kind = Self.described.first(where: { body.hasPrefix($0 + " ") }),
                let (namespace, rest) = namespace(of: body.dropFirst(kind.count + 1)), namespace == own
            else { return nil }
            // A relation the listing does not define is an extension's (pg_stat_statements'
            // view): pg_dump keeps the grants made on it since the extension was created.
            let member = rest.hasPrefix("TABLE ") && !relations.contains(own + " " + rest.dropFirst("TABLE ".count))
            return member || Self.schemaKinds.contains(where: { rest.hasPrefix($0 + " ") }) ? line : nil
        }
        for sequence in sequences where sequence.standalone && sequence.schema == schema {
            let s = sequence.schema, n = sequence.name, what = "sequence \(s).\(n)"
            found += try entry("SEQUENCE \(s) \(n)", required: true, what: what)
            for v in Self.variants(n) {
                for kind in Self.described { found += try entry("\(kind) \(s) SEQUENCE \(v)", what: what) }
            }
        }
        return found
    }

    /// How many entries of each kind `lines` hold, leaving out comments and grants
    /// ("2 functions, 1 type"), as a restore says what it created.
    func counted(_ lines: [Int]) -> String {
        var counts: [String: Int] = [:]
        let lines = Set(lines)
        for (line, text) in texts where lines.contains(line) {
            guard let kind = (Self.schemaKinds + ["SEQUENCE", "EXTENSION"]).first(where: { text.hasPrefix($0 + " ") }),
                kind != "DEFAULT ACL", kind != "SHELL TYPE"
            else { continue }
            counts[kind.lowercased(), default: 0] += 1
        }
        return counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)\($0.value == 1 ? "" : "s")" }
            .joined(separator: ", ")
    }

    /// The schema an entry's text starts with (after its kind), the longest of those the
    /// listing and the manifest name, and the rest of the text after it.
    private func namespace(of text: Substring) -> (schema: String, rest: Substring)? {
        schemas.filter { text.hasPrefix($0 + " ") }.max { $0.count < $1.count }.map {
            ($0, text.dropFirst($0.count + 1))
        }
    }

    /// The listing's extensions: each one's name as listed, its lines (its definition and
    /// comment) and a listing of its definition alone, whose statement names its schema.
    func extensions() throws -> [(name: String, lines: [Int], listing: String)] {
        try texts.compactMap { line, text in
            guard let body = unowned(text), body.hasPrefix("EXTENSION - ") else { return nil }
            let name = String(body.dropFirst("EXTENSION - ".count))
            var lines = [line]
            for v in Self.variants(name) {
                lines += try entry("COMMENT - EXTENSION \(v)", what: "extension \(name)")
            }
            return (name, lines, alone(line))
        }
    }

    /// The names of a relation's CONSTRAINT entries (primary keys, unique and exclusion
    /// constraints: each has an index of that name).
    private func constraintNames(_ schema: String, _ name: String) -> [String] {
        let own = Self.listed("\(schema) \(name)")
        let prefix = "CONSTRAINT " + own + " "
        return texts.compactMap { _, text in
            guard let body = unowned(text), body.hasPrefix(prefix),
                !relations.contains(where: { $0.count > own.count && body.hasPrefix("CONSTRAINT " + $0 + " ") })
            else { return nil }
            return String(body.dropFirst(prefix.count))
        }
    }

    /// TABLE ATTACH entries of relations that are neither tables of the manifest nor
    /// `besides` (partitioned tables being created): partitions holding no rows of their
    /// own (partitioned ones a backup did not record, foreign tables). Each as the
    /// relation ("schema.name") and a listing of the entry alone.
    func otherAttachments(besides parents: [PartitionedParent]) -> [(relation: String, listing: String)] {
        let skipped = Set(known.keys).union(parents.map { Self.listed("\($0.schema) \($0.name)") })
        return texts.compactMap { line, text in
            guard let body = unowned(text), body.hasPrefix("TABLE ATTACH ") else { return nil }
            let relation = String(body.dropFirst("TABLE ATTACH ".count))
            guard !skipped.contains(relation) else { return nil }
            return (qualified(relation) ?? relation, alone(line))
        }
    }

    /// The INDEX entries of tables other than `missing` and `parents` (which are created
    /// with their own): those of the target's tables, an expression index among them that
    /// a DROP SCHEMA ... CASCADE took with a function it calls. Each as its line and its
    /// schema and name as listed.
    func otherIndexes(besides missing: [TableEntry], parents: [PartitionedParent]) -> [(
        line: Int, schema: String, name: String
    )] {
        let own = Set(
            missing.flatMap { table in (table.indexes ?? []).map { Self.listed("\(table.schema) \($0.name)") } })
        let parentLines = Set(parents.flatMap { $0.indexes.map(\.line) })
        return texts.compactMap { line, text in
            guard !parentLines.contains(line), let body = unowned(text), body.hasPrefix("INDEX "),
                let (schema, name) = namespace(of: body.dropFirst("INDEX ".count)),
                !own.contains("\(schema) \(name)")
            else { return nil }
            return (line, schema, String(name))
        }
    }

    /// The INDEX entries of a schema that no table of the manifest claims by name: among
    /// them a partitioned parent's own indexes (it is no table of the manifest), which only
    /// their statement tells apart. Each as (line, index name).
    func unclaimedIndexes(schema: String, tables: [TableEntry]) -> [(line: Int, name: String)] {
        let claimed = Set(
            tables.filter { $0.schema == schema }.flatMap { ($0.indexes ?? []).map { Self.listed($0.name) } })
        let prefix = "INDEX " + Self.listed(schema) + " "
        return texts.compactMap { line, text in
            guard let body = unowned(text), body.hasPrefix(prefix) else { return nil }
            let name = String(body.dropFirst(prefix.count))
            guard !claimed.contains(name) else { return nil }
            return (line, name)
        }
    }

    /// The line of the one entry `key` names (none when there is none, unless required);
    /// two are refused, as a guess.
    private func entry(_ key: String, required: Bool = false, what: String) throws -> [Int] {
        let found = entries[Self.listed(key)] ?? []
        guard found.count <= 1, !required || found.count == 1 else {
            throw DBError(
                .undefinedObject,
                found.isEmpty
                    ? "the backup's schema holds no definition of \(what)"
                    : "the backup's schema listing names \(what) more than once; restore the whole backup into an empty database instead"
            )
        }
        return found
    }

    /// The table, its row security, comments, grants and labels, its columns' defaults,
    /// comments, grants and labels, and its indexes (constraints' come by table name).
    private func own(_ table: TableEntry, what: String) throws -> [Int] {
        let s = table.schema
        var found = try described(s, table.name, columns: table.columns.map(\.name), what: what)
        for index in table.indexes ?? [] where index.constraint == nil {
            found += try entry("INDEX \(s) \(index.name)", what: what)
            for v in Self.variants(index.name) { found += try entry("COMMENT \(s) INDEX \(v)", what: what) }
        }
        return found
    }

    /// A table's definition, row security, comments, grants and labels, and its columns'
    /// defaults, comments, grants and labels.
    private func described(_ s: String, _ t: String, columns: [String], what: String) throws -> [Int] {
        var found = try entry("TABLE \(s) \(t)", required: true, what: what)
        found += try entry("ROW SECURITY \(s) \(t)", what: what)
        for v in Self.variants(t) {
            for kind in Self.described { found += try entry("\(kind) \(s) TABLE \(v)", what: what) }
        }
        for column in columns {
            found += try entry("DEFAULT \(s) \(t) \(column)", what: what)
            for v in Self.variants(t) {
                for w in Self.variants(column) {
                    for kind in Self.described { found += try entry("\(kind) \(s) COLUMN \(v).\(w)", what: what) }
                }
            }
        }
        return found
    }

    /// Dropping a table drops the sequences it owns (serial and identity columns): those
    /// come back with it, unless the target still has them.
    private func owned(
        _ schema: String, _ name: String, sequences: [SequenceValue], targetHas: (SequenceValue) throws -> Bool,
        what: String
    ) throws -> [Int] {
        var found: [Int] = []
        for sequence in sequences where sequence.ownerSchema == schema && sequence.ownerTable == name {
            guard try !targetHas(sequence) else { continue }
            let s = sequence.schema, n = sequence.name
            found += try entry("SEQUENCE \(s) \(n)", required: true, what: "sequence \(s).\(n)")
            found += try entry("SEQUENCE OWNED BY \(s) \(n)", what: what)
            for v in Self.variants(n) {
                for kind in ["COMMENT", "ACL"] { found += try entry("\(kind) \(s) SEQUENCE \(v)", what: what) }
            }
        }
        return found
    }

    /// Constraints, triggers, rules and policies: named by table, then their own name, so
    /// each belongs to the longest relation name it starts with. Two tables spelled alike
    /// ("a b" "c" and "a" "b c") cannot be told apart.
    private func namedByTable(_ schema: String, _ name: String, what: String) throws -> [Int] {
        let own = Self.listed("\(schema) \(name)")
        var found: [Int] = []
        for (line, text) in texts {
            guard let kind = Self.byTable.first(where: { text.hasPrefix($0 + own + " ") }),
                !relations.contains(where: { $0.count > own.count && text.hasPrefix(kind + $0 + " ") })
            else { continue }
            guard (known[own]?.count ?? 1) == 1 else {
                throw DBError(
                    .undefinedObject,
                    "the backup's schema listing cannot tell \(what)'s entry \"\(text)\" from another relation's; restore the whole backup into an empty database instead"
                )
            }
            found.append(line)
        }
        return found
    }

    /// The kinds of other tables' entries that a DROP ... CASCADE of what a restore creates
    /// takes with it: foreign keys into a dropped table, triggers calling a dropped
    /// schema's function, policies using a dropped table or function.
    static let dependentKinds = ["FK CONSTRAINT", "TRIGGER", "POLICY"]

    /// Foreign keys, triggers and policies of other tables, the target's, that the target
    /// lacks (`has` says whether it has one, by the table's qualified name, the kind and
    /// the name as listed): those a DROP TABLE or DROP SCHEMA ... CASCADE of what is being
    /// created took with it are among them. Each as its kind and its own listing, to be
    /// rendered and kept only when it uses what is created. One pass over the listing:
    /// each entry belongs to the longest relation name it starts with, found word by word.
    func dependents(
        besides missing: [TableEntry], parents: [PartitionedParent] = [], has: (String, String, String) throws -> Bool
    ) throws -> [(kind: String, listing: String)] {
        let skipped = Set(
            missing.map { Self.listed("\($0.schema) \($0.name)") }
                + parents.map { Self.listed("\($0.schema) \($0.name)") })
        var out: [(kind: String, listing: String)] = []
        for (line, text) in texts {
            // "FK CONSTRAINT app orders orders_customer_fkey postgres": relation, name, owner.
            guard let kind = Self.dependentKinds.first(where: { text.hasPrefix($0 + " ") }),
                let body = unowned(text)
            else { continue }
            let rest = body.dropFirst(kind.count + 1)
            let spaces = rest.indices.filter { rest[$0] == " " }
            // The relation: a table of the manifest, or one that holds no rows of its own
            // (a partitioned parent, whose keys its partitions inherit) named by the listing.
            guard let end = spaces.last(where: { relations.contains(String(rest[..<$0])) }) else { continue }
            let relation = String(rest[..<end])
            let tables = known[relation] ?? Set(qualified(relation).map { [$0] } ?? [])
            guard tables.count == 1, let table = tables.first, !skipped.contains(relation) else { continue }
            guard try !has(table, kind, String(rest[rest.index(after: end)...])) else { continue }
            out.append((kind, alone(line)))
        }
        return out
    }

    /// The views and materialized views the listing defines, in its order (dependencies
    /// first), each with its comments, grants and labels (ViewDefinition); its schema is
    /// the longest of the listing's or the manifest's that the entry starts with, since
    /// both parts of its name may hold spaces.
    func views() -> [ViewDefinition] {
        texts.compactMap { line, text in
            guard let body = unowned(text),
                let kind = ["VIEW ", "MATERIALIZED VIEW "].first(where: { body.hasPrefix($0) })
            else { return nil }
            let view = String(body.dropFirst(kind.count))
            var lines: Set<Int> = [line]
            guard let (schema, name) = namespace(of: Substring(view)) else {
                return ViewDefinition(listed: view, relation: nil, materialized: kind != "VIEW ", listing: only(lines))
            }
            let relation = RelationName(schema: schema, name: String(name))
            let what = "view \(relation.qualifiedName)"
            for v in Self.variants(relation.name) {
                for described in Self.described {
                    for tag in ["VIEW", "TABLE", "MATERIALIZED VIEW"] {
                        // One listed twice (names alike but for a line break) is left out.
                        lines.formUnion((try? entry("\(described) \(schema) \(tag) \(v)", what: what)) ?? [])
                    }
                }
            }
            return ViewDefinition(listed: view, relation: relation, materialized: kind != "VIEW ", listing: only(lines))
        }
    }

    /// "schema.name" of a relation as the listing spells it ("schema name"), the schema
    /// the longest of the listing's or the manifest's that it starts with.
    private func qualified(_ relation: String) -> String? {
        namespace(of: Substring(relation)).map { "\($0.schema).\($0.rest)" }
    }

    /// A listing of the definitions (TABLE entries) of `tables`, leaving out any whose
    /// entry is missing or cannot be told from another's.
    func definitions(of tables: [TableEntry]) -> String {
        only(Set(tables.flatMap { (try? entry("TABLE \($0.schema) \($0.name)", what: "")) ?? [] }))
    }

    /// The listing with every entry but the one on `line` commented out.
    func alone(_ line: Int) -> String { only([line]) }

    /// The listing with every entry but those on `kept` commented out.
    func only(_ kept: Set<Int>) -> String {
        var listing = lines
        for (other, _) in texts where !kept.contains(other) { listing[other] = ";" + listing[other] }
        return listing.joined(separator: "\n")
    }

    /// Text as the listing shows it: pg_restore writes each line break (\n, \r) in a name as a space.
    static func listed(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\n" || $0 == "\r" ? " " : $0 }))
    }

    /// A name as pg_dump may write it in an entry's tag: as it is, or quoted (fmtId quotes
    /// whatever is not a plain lower-case identifier, and keywords).
    static func variants(_ name: String) -> [String] {
        let quoted = "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        return quoted == name ? [name] : [name, quoted]
    }
}
