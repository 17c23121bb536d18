import Foundation

/// MySQL/MariaDB's owner of a view, routine, trigger or event: the `DEFINER=user@host` of
/// its CREATE statement. Restoring it takes SET USER (or SUPER) unless the restoring account
/// is that user; `restore --no-owner` leaves it out, so the object is the restoring
/// account's, as pg_restore --no-owner and myloader --skip-definer do.
enum DefinerClause {
    /// `statement` without its DEFINER clause; unchanged when the clause is not in the
    /// statement's head (before the object's keyword), so nothing in a body is touched.
    static func removed(from statement: String) -> String {
        let bytes = Array(statement.utf8)
        guard let start = headDefiner(bytes) else { return statement }
        var i = start + "DEFINER=".count
        guard let user = quotedOrBare(bytes, from: i) else { return statement }
        i = user
        // A role has no host: DEFINER=`role`.
        if i < bytes.count, bytes[i] == UInt8(ascii: "@") {
            guard let host = quotedOrBare(bytes, from: i + 1) else { return statement }
            i = host
        }
        // The clause ends at a space; anything else is not a clause this reads.
        guard i < bytes.count, bytes[i] == UInt8(ascii: " ") else { return statement }
        while i < bytes.count, bytes[i] == UInt8(ascii: " ") { i += 1 }
        return String(decoding: bytes[..<start] + bytes[i...], as: UTF8.self)
    }

    /// Where DEFINER= starts, if it comes before the object's keyword: the head of a
    /// SHOW CREATE statement holds only CREATE, OR REPLACE, ALGORITHM=... and the clause.
    private static func headDefiner(_ bytes: [UInt8]) -> Int? {
        let text = String(decoding: bytes.prefix(200), as: UTF8.self).uppercased()
        guard let range = text.range(of: "DEFINER=") else { return nil }
        let head = text[..<range.lowerBound]
        let words = head.split(separator: " ")
        guard words.first == "CREATE",
            words.dropFirst().allSatisfy({ $0 == "OR" || $0 == "REPLACE" || $0.hasPrefix("ALGORITHM=") })
        else { return nil }
        return head.utf8.count
    }

    /// The end of a `quoted` (doubled backquote inside), 'quoted' (doubled or escaped
    /// quote inside) or bare name starting at `start`.
    private static func quotedOrBare(_ bytes: [UInt8], from start: Int) -> Int? {
        guard start < bytes.count else { return nil }
        let quote = bytes[start]
        guard quote == UInt8(ascii: "`") || quote == UInt8(ascii: "'") else {
            var i = start
            while i < bytes.count, bytes[i] != UInt8(ascii: " "), bytes[i] != UInt8(ascii: "@") { i += 1 }
            return i > start ? i : nil
        }
        var i = start + 1
        while i < bytes.count {
            if quote == UInt8(ascii: "'"), bytes[i] == UInt8(ascii: "\\") {
                i += 2
                continue
            }
            if bytes[i] == quote {
                if i + 1 < bytes.count, bytes[i + 1] == quote {
                    i += 2
                    continue
                }
                return i + 1
            }
            i += 1
        }
        return nil
    }
}
