@testable import Backup
import Testing

/// ENUM/SET column types as MySQL prints them: quotes doubled, backslashes escaped.
@Suite("ENUM and SET labels")
struct EnumLabelParsingTests {
    @Test func parsesAndSpellsLabels() throws {
        let printed = #"enum('?','a','it''s','b\\c','','x,y')"#
        let (isSet, labels) = try #require(MySQLEnumLabels.parse(printed))
        #expect(!isSet)
        #expect(labels == ["?", "a", "it's", #"b\c"#, "", "x,y"])
        #expect(MySQLEnumLabels.spelt(isSet: false, labels: labels) == printed)
        #expect(MySQLEnumLabels.parse("SET('😀','b')")?.isSet == true)
        #expect(MySQLEnumLabels.parse("varchar(10)") == nil)
        #expect(EnumErrorValues.lacksEmptyLabel("enum('a','b')"))
        #expect(!EnumErrorValues.lacksEmptyLabel(printed))
        #expect(!EnumErrorValues.lacksEmptyLabel("set('a')"))
    }
}
