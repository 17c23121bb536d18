@testable import Backup
import Testing

/// Other tables' column defaults are read from pg_dump's CREATE TABLE text, a column a
/// line; and a statement names a created object only as a whole name.
@Suite("Column defaults and names in pg_dump's statements")
struct ColumnDefaultsTests {
    @Test(
        "A column's name as written and its default's expression, without NOT NULL or the comma",
        arguments: [
            (
                "id integer DEFAULT nextval('public.projects_id_seq'::regclass) NOT NULL,",
                "id", "nextval('public.projects_id_seq'::regclass)"
            ),
            (
                "\"odd \"\"col\"\" x\" uuid DEFAULT public.uuid_generate_v4()", "\"odd \"\"col\"\" x\"",
                "public.uuid_generate_v4()"
            ),
            (
                "note text COLLATE pg_catalog.\"default\" DEFAULT 'a, NOT NULL'::text,", "note", "'a, NOT NULL'::text"
            ),
        ])
    func parsed(_ line: String, _ column: String, _ expression: String) throws {
        let parsed = try #require(ColumnDefaults.parsed(Substring(line)))
        #expect(parsed.column == column)
        #expect(parsed.expression == expression)
        #expect(ColumnDefaults.unquoted("\"odd \"\"col\"\" x\"") == "odd \"col\" x")
    }

    @Test(
        "Constraint lines, columns without a default and unclosed quoted names are not columns with defaults",
        arguments: [
            "CONSTRAINT c CHECK ((x > 0))", "title character varying(255) NOT NULL,",
            "\"DEFAULT x\" text", "\"unclosed DEFAULT 1", " DEFAULT 1",
        ])
    func notParsed(_ line: String) {
        #expect(ColumnDefaults.parsed(Substring(line)) == nil)
    }

    @Test("The table a CREATE TABLE line starts")
    func created() {
        #expect(ColumnDefaults.created("CREATE TABLE public.\"t (x\" (") == "public.\"t (x\"")
        #expect(ColumnDefaults.created("CREATE UNLOGGED TABLE s.t (") == "s.t")
        #expect(ColumnDefaults.created("CREATE TABLE s.t OF s.ty (") == "s.t OF s.ty")
        #expect(ColumnDefaults.created("CREATE VIEW s.v AS (") == nil)
    }

    @Test(
        "A name is mentioned whole, outside comment lines",
        arguments: [
            ("CREATE TRIGGER x BEFORE UPDATE ON o.t FOR EACH ROW EXECUTE FUNCTION public.touch();", "public.", true),
            ("CREATE TRIGGER x BEFORE UPDATE ON mypublic.t FOR EACH ROW EXECUTE FUNCTION f();", "public.", false),
            ("CREATE POLICY p ON o.t USING ((\"x\"\"public\".f() > 0));", "public.", false),
            ("SELECT * FROM app.orders_eu;", "app.orders", false),
            ("SELECT * FROM app.orders, app.orders_eu;", "app.orders", true),
            ("-- Name: x; Type: TRIGGER; Schema: app.orders;\nSELECT 1;", "app.orders", false),
            ("DEFAULT nextval('public.projects_id_seq'::regclass)", "public.projects_id_seq", true),
            ("SELECT 1 FROM \"lost s\".t", "\"lost s\".", true),
        ])
    func mentions(_ statement: String, _ name: String, _ expected: Bool) {
        #expect(TableDefinitionScript.mentions(statement, name) == expected)
    }

    @Test("A CHECK constraint's line of a CREATE TABLE: its name unquoted and its definition; no other line")
    func checkLines() {
        let quoted = InlineChecks.parsed(
            "CONSTRAINT \"q \"\"r\"\"_check\" CHECK ((x.ok(a) AND (b <> ', x'::text))),")
        #expect(quoted?.name == "q \"r\"_check")
        #expect(quoted?.definition == "CHECK ((x.ok(a) AND (b <> ', x'::text)))")
        #expect(InlineChecks.parsed("CONSTRAINT v_ok CHECK (x.ok(v))")?.name == "v_ok")
        #expect(InlineChecks.parsed("v integer,") == nil)
        #expect(InlineChecks.parsed("CONSTRAINT \"pk\" PRIMARY KEY (id)") == nil)
        // A literal's line break inside a CHECK: the constraint is one body line, no column's.
        let script = "CREATE TABLE public.t (\n    b text,\n    CONSTRAINT b_ok CHECK (x.ok(b || 'a\nb'))\n);"
        let body = ColumnDefaults.bodyLines(in: script)
        #expect(body.map { String($0.line) } == ["b text,", "CONSTRAINT b_ok CHECK (x.ok(b || 'a\nb'))"])
        #expect(InlineChecks.parsed(body[1].line)?.definition == "CHECK (x.ok(b || 'a\nb'))")
        #expect(ColumnDefaults.columnLines(in: script).map { String($0.line) } == ["b text,"])
    }

    @Test("The table a CREATE INDEX line names, quoted names with ON and dots in them; none for ON ONLY")
    func indexedTables() {
        let table = { (line: String) in TableDefinitionScript.indexedTable(Substring(line)) }
        #expect(table("CREATE INDEX \"odd ON name\" ON public.t USING btree (id) WHERE x.ok(v);") == "public.t")
        #expect(
            table("CREATE UNIQUE INDEX \"i.i\" ON \"s p\".\"q. USING r\" USING btree (x.ok(a));")
                == "\"s p\".\"q. USING r\"")
        #expect(table("CREATE INDEX p_k ON ONLY public.p USING btree (k);") == nil)
        #expect(table("ALTER INDEX public.p_k ATTACH PARTITION public.p1_k;") == nil)
    }

    @Test("A default whose literal holds a line break is one column line; a quote in a quoted name opens none")
    func multiLineDefaults() {
        let script = """
            CREATE TABLE public.t (
                id integer NOT NULL,
                note text DEFAULT x.f('a
            b, "c'::text) NOT NULL,
                "it's" integer DEFAULT 1
            );
            """
        let lines = ColumnDefaults.columnLines(in: script)
        #expect(lines.map(\.table) == ["public.t", "public.t", "public.t"])
        #expect(
            lines.map { String($0.line) } == [
                "id integer NOT NULL,", "note text DEFAULT x.f('a\nb, \"c'::text) NOT NULL,",
                "\"it's\" integer DEFAULT 1",
            ])
        #expect(ColumnDefaults.parsed(lines[1].line)?.expression == "x.f('a\nb, \"c'::text)")
    }
}
