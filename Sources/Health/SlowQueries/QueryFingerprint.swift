import Foundation

/// Normalizes a statement the way pt-query-digest does, so that statements differing only
/// in their values group together: comments dropped, lowercase, every literal (quoted
/// string, number, hex, NULL-free) replaced by "?", IN lists and multi-row VALUES folded,
/// whitespace collapsed.
public enum QueryFingerprint {
    public static func of(_ sql: String) -> String {
        var out: [UInt8] = []
        let bytes = Array(sql.utf8)
        var i = 0
        func peek(_ offset: Int) -> UInt8 { i + offset < bytes.count ? bytes[i + offset] : 0 }
        while i < bytes.count {
            let c = bytes[i]
            // Comments.
            if c == 0x2F, peek(1) == 0x2A {  // /* ... */
                i += 2
                while i < bytes.count, !(bytes[i] == 0x2A && peek(1) == 0x2F) { i += 1 }
                i += 2
                out.append(0x20)
                continue
            }
            if (c == 0x2D && peek(1) == 0x2D) || c == 0x23 {  // -- and # to end of line
                while i < bytes.count, bytes[i] != 0x0A { i += 1 }
                out.append(0x20)
                continue
            }
            // Quoted strings, with backslash and doubled-quote escapes.
            if c == 0x27 || c == 0x22 {
                i += 1
                while i < bytes.count {
                    if bytes[i] == 0x5C { i += 2; continue }
                    if bytes[i] == c {
                        if peek(1) == c { i += 2; continue }
                        break
                    }
                    i += 1
                }
                i += 1
                out.append(0x3F)
                continue
            }
            // Numbers (and hex) not inside identifiers.
            let previous = out.last ?? 0x20
            let inIdentifier = isWord(previous) || previous == 0x60
            if !inIdentifier, isDigit(c) || (c == 0x2E && isDigit(peek(1))) {
                if c == 0x30, peek(1) == 0x78 || peek(1) == 0x58 { i += 2 }
                while i < bytes.count, isWord(bytes[i]) || bytes[i] == 0x2E { i += 1 }
                out.append(0x3F)
                continue
            }
            if c == 0x60 {  // `identifier`: keep as written, lowercased
                out.append(c)
                i += 1
                while i < bytes.count, bytes[i] != 0x60 { out.append(lower(bytes[i])); i += 1 }
                if i < bytes.count { out.append(0x60); i += 1 }
                continue
            }
            out.append(isSpace(c) ? 0x20 : lower(c))
            i += 1
        }
        return rewritten(String(decoding: capped(foldedLists(collapseSpaces(out))), as: UTF8.self))
    }

    /// Past 64 KiB what is left is one statement's own text (a giant expression, not a
    /// list): grouped by its first 64 KiB, as performance_schema digests a statement's
    /// first max_digest_length bytes.
    private static func capped(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.count > maxFingerprintBytes else { return bytes }
        return Array(bytes[..<maxFingerprintBytes]) + Array(" …".utf8)
    }

    static let maxFingerprintBytes = 64 << 10

    /// Multi-row VALUES lists and IN lists of values folded in one pass over the bytes, as
    /// the rewrites below fold them: a bulk INSERT in a slow log can be hundreds of
    /// megabytes, and the regular expressions' repeated groups took minutes and gigabytes
    /// over one (a 20 MB statement: 16 s, 1 GB).
    static func foldedLists(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(min(bytes.count, 1 << 16))
        var i = 0
        func at(_ k: Int) -> UInt8 { k < bytes.count ? bytes[k] : 0 }
        func skipSpace(_ k: Int) -> Int { at(k) == 0x20 ? k + 1 : k }
        func startsWord(_ word: [UInt8], _ k: Int) -> Bool {
            guard k + word.count <= bytes.count, (k == 0 || !isASCIIWord(bytes[k - 1])),
                !isASCIIWord(at(k + word.count))
            else { return false }
            return Array(bytes[k..<(k + word.count)]) == word
        }
        // "(" anything but parentheses ")": the end of the group, or nil.
        func group(_ k: Int) -> Int? {
            guard at(k) == 0x28 else { return nil }
            var j = k + 1
            while j < bytes.count, bytes[j] != 0x28, bytes[j] != 0x29 { j += 1 }
            return at(j) == 0x29 ? j : nil
        }
        while i < bytes.count {
            if startsWord(Self.valuesWord, i), let first = group(skipSpace(i + 6)) {
                var end = first
                while true {
                    var k = skipSpace(end + 1)
                    guard at(k) == 0x2C else { break }
                    k = skipSpace(k + 1)
                    guard let next = group(k) else { break }
                    end = next
                }
                out.append(contentsOf: Self.valuesFolded)
                i = end + 1
                continue
            }
            if startsWord(Self.inWord, i) {
                var k = skipSpace(i + 2)
                if at(k) == 0x28 {
                    k = skipSpace(k + 1)
                    if at(k) == 0x3F {
                        var last = k
                        while true {
                            var m = skipSpace(last + 1)
                            guard at(m) == 0x2C else { break }
                            m = skipSpace(m + 1)
                            guard at(m) == 0x3F else { break }
                            last = m
                        }
                        let close = skipSpace(last + 1)
                        if at(close) == 0x29 {
                            out.append(contentsOf: Self.inFolded)
                            i = close + 1
                            continue
                        }
                    }
                }
            }
            out.append(bytes[i])
            i += 1
        }
        return out
    }

    private static let valuesWord = Array("values".utf8), valuesFolded = Array("values(?+)".utf8)
    private static let inWord = Array("in".utf8), inFolded = Array("in(?+)".utf8)
    /// What \b counts as a word character, for the bytes of ASCII.
    private static func isASCIIWord(_ c: UInt8) -> Bool {
        isDigit(c) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
    }

    /// IN lists, VALUES rows, negative numbers and LIMIT pairs folded; spaces around
    /// punctuation and a trailing ';' dropped.
    private static func rewritten(_ collapsed: String) -> String {
        var text = collapsed
        for (pattern, template) in rewrites {
            text = pattern.stringByReplacingMatches(
                in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
        }
        return text.trimmingASCII([0x20, 0x3B])
    }

    /// The rewrites after literals are gone, compiled once: compiling them for every
    /// statement was a quarter of a slow log's reading time. NSRegularExpression is
    /// immutable and safe to share between threads.
    nonisolated(unsafe) private static let rewrites: [(NSRegularExpression, String)] = [
        // Negative numbers: "- ?" after an operator or "(" is one value.
        (#"([=(,<>]) ?- ?\?"#, "$1 ?"),
        (#"\bin ?\( ?\?(?: ?, ?\?)* ?\)"#, "in(?+)"),
        (#"\bvalues ?\([^()]*\)(?: ?, ?\([^()]*\))*"#, "values(?+)"),
        (#"\blimit \? ?, ?\?"#, "limit ?"),
        (" ?([(),=<>]) ?", "$1"),
    ].map { (try! NSRegularExpression(pattern: $0.0), $0.1) }

    /// A short stable id for a fingerprint (FNV-1a, 16 hex digits).
    public static func id(_ fingerprint: String) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in fingerprint.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Runs of spaces as one, none at either end.
    private static func collapseSpaces(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var lastSpace = true
        for byte in bytes {
            if byte == 0x20 {
                if !lastSpace { out.append(byte) }
                lastSpace = true
            } else {
                out.append(byte)
                lastSpace = false
            }
        }
        if out.last == 0x20 { out.removeLast() }
        return out
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
    private static func isWord(_ c: UInt8) -> Bool {
        isDigit(c) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x24 || c >= 0x80
    }
    private static func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c + 32 : c }
}
