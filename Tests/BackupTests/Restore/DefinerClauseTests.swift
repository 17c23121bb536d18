@testable import Backup
import Testing

/// The DEFINER clause is cut from the head of SHOW CREATE statements only, whatever the
/// names hold; a body that mentions DEFINER= is left alone.
@Suite("DEFINER clause")
struct DefinerClauseTests {
    @Test(
        "Removed from each kind of statement",
        arguments: [
            (
                "CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW `v` AS select 1",
                "CREATE ALGORITHM=UNDEFINED SQL SECURITY DEFINER VIEW `v` AS select 1"
            ),
            ("CREATE DEFINER=`a``b`@`%` PROCEDURE `p`() select 1", "CREATE PROCEDURE `p`() select 1"),
            (
                "CREATE DEFINER=`app role` FUNCTION `f`() RETURNS int return 1",
                "CREATE FUNCTION `f`() RETURNS int return 1"
            ),
            (
                "CREATE DEFINER='u'@'10.0.0.%' TRIGGER t AFTER INSERT ON x FOR EACH ROW set @a=1",
                "CREATE TRIGGER t AFTER INSERT ON x FOR EACH ROW set @a=1"
            ),
            (
                "CREATE DEFINER=u@localhost EVENT e ON SCHEDULE EVERY 1 DAY DO select 1",
                "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO select 1"
            ),
            ("CREATE DEFINER=`naïve`@`höst` VIEW `v` AS select 'é'", "CREATE VIEW `v` AS select 'é'"),
        ])
    func removed(_ statement: String, _ expected: String) {
        #expect(DefinerClause.removed(from: statement) == expected)
    }

    @Test(
        "Left alone when the clause is not in the head",
        arguments: [
            "CREATE VIEW `v` AS select 'DEFINER=`x`@`y` ' AS s",
            "CREATE PROCEDURE `p`() select 'DEFINER=x@y'",
            "CREATE DEFINER=`unterminated@`localhost VIEW v AS select 1",
        ])
    func leftAlone(_ statement: String) {
        #expect(DefinerClause.removed(from: statement) == statement)
    }
}
