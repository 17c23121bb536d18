import Foundation

/// Settings shared by every table generator of one run.
final class Context {
    let engine: TargetEngine
    let scale: Double
    let seed: UInt64
    /// The dataset's "now", in microseconds since the epoch (UTC).
    let anchor: Int64
    let directory: URL
    /// Only these tables are written (nil: all); the others are still generated, so the
    /// written ones hold the same rows as in a full run.
    let tables: Set<String>?
    private var order = 0
    private var writers: [TableWriter] = []

    static let microsPerSecond: Int64 = 1_000_000
    static let microsPerDay: Int64 = 86_400 * 1_000_000

    init(engine: TargetEngine, scale: Double, seed: UInt64, anchor: Int64, directory: URL, tables: Set<String>? = nil) {
        self.tables = tables
        self.engine = engine
        self.scale = scale
        self.seed = seed
        self.anchor = anchor
        self.directory = directory
    }

    /// Rows at this scale for a table with `base` rows at scale 1 (at least one).
    func count(_ base: Int) -> Int { max(1, Int((Double(base) * scale).rounded())) }

    func writer(_ table: String, _ columns: [String]) throws -> TableWriter {
        order += 1
        let wanted = tables.map { $0.contains(table) } ?? true
        let writer = try TableWriter(
            directory: wanted ? directory : nil, order: order, table: table, columns: columns, engine: engine)
        if wanted { writers.append(writer) }
        return writer
    }

    func finish() -> [(String, Int)] {
        writers.forEach { $0.close() }
        return writers.map { ($0.table, $0.rows) }
    }

    func random(_ table: String) -> SeededRandom { SeededRandom(table, seed: seed) }
    func uuid(_ table: String, _ index: Int) -> String { stableUUID(table, index, seed: seed) }
    func cuid(_ table: String, _ index: Int) -> String { stableCUID(table, index, seed: seed) }

    /// A moment in the `days` before the anchor, denser towards the anchor (a growing app).
    func recent(_ random: inout SeededRandom, days: Double, wholeSeconds: Bool = true) -> Int64 {
        let back = Int64(days * (1 - random.unit().squareRoot()) * Double(Context.microsPerDay))
        return round(anchor - back, wholeSeconds)
    }

    /// A moment uniformly between `from` and `to` (microseconds).
    func between(_ random: inout SeededRandom, _ from: Int64, _ to: Int64, wholeSeconds: Bool = true) -> Int64 {
        guard to > from else { return round(from, wholeSeconds) }
        return round(from + Int64(random.unit() * Double(to - from)), wholeSeconds)
    }

    func round(_ micros: Int64, _ wholeSeconds: Bool) -> Int64 {
        wholeSeconds
            ? micros - ((micros % Context.microsPerSecond) + Context.microsPerSecond) % Context.microsPerSecond : micros
    }

    func days(_ n: Double) -> Int64 { Int64(n * Double(Context.microsPerDay)) }
    func hours(_ n: Double) -> Int64 { Int64(n * 3600 * Double(Context.microsPerSecond)) }
}

/// JSON object text from ordered pairs; values are already JSON (use `jsonString`).
func jsonObject(_ pairs: [(String, String)]) -> String {
    "{" + pairs.map { "\(jsonString($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
}

func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        default:
            if scalar.value < 0x20 {
                out += String(format: "\\u%04x", scalar.value)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}

func jsonArray(_ items: [String]) -> String { "[" + items.joined(separator: ", ") + "]" }

func hexToken(_ random: inout SeededRandom, bytes: Int) -> String {
    var out = [UInt8]()
    out.reserveCapacity(bytes * 2)
    var word = random.next(), left = 8
    for _ in 0..<bytes {
        if left == 0 { word = random.next(); left = 8 }
        let byte = UInt8(truncatingIfNeeded: word)
        word >>= 8
        left -= 1
        out.append(hexDigits[Int(byte >> 4)])
        out.append(hexDigits[Int(byte & 0xF)])
    }
    return String(decoding: out, as: UTF8.self)
}
