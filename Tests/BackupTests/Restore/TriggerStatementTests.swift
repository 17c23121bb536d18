@testable import Backup
import DBCore
import Testing

/// A created table's triggers are made on its staging table, so the rename takes them
/// along: only where the statement names the table once, in the ON clause.
@Suite("Trigger statements for a staging table")
struct TriggerStatementTests {
    static let d = Dialect(engine: .mysql)

    @Test(
        "The ON clause is retargeted, quoted or plain, keywords in any case; the body is left alone",
        arguments: [
            (
                "CREATE DEFINER=`a`@`%` TRIGGER `mark` BEFORE INSERT ON `Odd T` FOR EACH ROW SET NEW.v = CONCAT(NEW.v, '!')",
                "Odd T",
                "CREATE DEFINER=`a`@`%` TRIGGER `mark` BEFORE INSERT ON `_s` FOR EACH ROW SET NEW.v = CONCAT(NEW.v, '!')"
            ),
            (
                "CREATE DEFINER=`a`@`%` trigger t before update on orders\n  for each row set new.n = (select count(*) from orders)",
                "orders",
                "CREATE DEFINER=`a`@`%` trigger t before update ON `_s` FOR EACH ROW set new.n = (select count(*) from orders)"
            ),
            (
                "CREATE TRIGGER `x``y` AFTER DELETE ON `x``y` FOR EACH ROW FOLLOWS `other` DELETE FROM log WHERE id = OLD.id",
                "x`y",
                "CREATE TRIGGER `x``y` AFTER DELETE ON `_s` FOR EACH ROW FOLLOWS `other` DELETE FROM log WHERE id = OLD.id"
            ),
        ])
    func retargeted(_ statement: String, _ table: String, _ expected: String) {
        #expect(TriggerStatement.retargeted(statement, from: table, to: "_s", Self.d) == expected)
    }

    @Test(
        "Left as it is (made after the rename) when the table is named otherwise or the clause twice",
        arguments: [
            ("CREATE TRIGGER t BEFORE INSERT ON app.orders FOR EACH ROW SET @a = 1", "orders"),
            ("CREATE TRIGGER t BEFORE INSERT ON orders_eu FOR EACH ROW SET @a = 1", "orders"),
            ("CREATE TRIGGER t BEFORE INSERT ON Orders FOR EACH ROW SET @a = 1", "orders"),
            (
                "CREATE TRIGGER t BEFORE INSERT ON `o` FOR EACH ROW SET @s = ' ON `o` FOR EACH ROW'",
                "o"
            ),
        ])
    func leftAlone(_ statement: String, _ table: String) {
        #expect(TriggerStatement.retargeted(statement, from: table, to: "_s", Self.d) == nil)
    }
}
