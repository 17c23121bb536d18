import Foundation

enum TargetEngine: String, CaseIterable {
    case postgres, mysql
}

/// One value of a generated row, formatted per engine when written.
enum Field {
    case null
    case text(String)
    case int(Int)
    /// An exact decimal already in text form ("12.345600").
    case decimal(String)
    case bool(Bool)
    /// Microseconds since the epoch, UTC. `zone`: a timestamptz column on PostgreSQL.
    case time(Int64, zone: Bool)
    case json(String)
    /// PostgreSQL text[]; MySQL has no arrays (such tables exist only on PostgreSQL).
    case textArray([String])
}

/// Writes one table as tab-separated text that both `COPY ... FROM` (PostgreSQL text
/// format) and `LOAD DATA ... FIELDS TERMINATED BY '\t'` (MySQL defaults) read: \N is
/// NULL, and backslash, tab, newline and carriage return are backslash-escaped.
final class TableWriter {
    let table: String
    let columns: [String]
    private let engine: TargetEngine
    /// nil: the rows are generated but not written (a table left out with --tables).
    private let handle: FileHandle?
    private var buffer: [UInt8] = []
    private(set) var rows = 0

    init(directory: URL?, order: Int, table: String, columns: [String], engine: TargetEngine) throws {
        self.table = table
        self.columns = columns
        self.engine = engine
        guard let directory else {
            handle = nil
            return
        }
        let base = String(format: "%02d_", order) + table
        let dataURL = directory.appendingPathComponent(base + ".tsv")
        try columns.joined(separator: ",").write(
            to: directory.appendingPathComponent(base + ".columns"),
            atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: dataURL.path, contents: nil)
        handle = try FileHandle(forWritingTo: dataURL)
        buffer.reserveCapacity(1 << 20)
    }

    func row(_ fields: [Field]) {
        precondition(fields.count == columns.count, "\(table): \(fields.count) fields for \(columns.count) columns")
        guard handle != nil else { return }
        for (i, field) in fields.enumerated() {
            if i > 0 { buffer.append(9) }
            append(field)
        }
        buffer.append(10)
        rows += 1
        if buffer.count >= 1 << 20 { flush() }
    }

    func close() {
        flush()
        try? handle?.close()
    }

    private func flush() {
        handle?.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    private func append(_ field: Field) {
        switch field {
        case .null: buffer.append(contentsOf: [92, 78])  // \N
        case .text(let s): appendEscaped(s)
        case .int(let i): buffer.append(contentsOf: String(i).utf8)
        case .decimal(let d): buffer.append(contentsOf: d.utf8)
        case .bool(let b):
            switch engine {
            case .postgres: buffer.append(b ? 116 : 102)  // t / f
            case .mysql: buffer.append(b ? 49 : 48)  // 1 / 0
            }
        case .time(let micros, let zone):
            buffer.append(contentsOf: formatTime(micros).utf8)
            if zone && engine == .postgres { buffer.append(contentsOf: "+00".utf8) }
        case .json(let j): appendEscaped(j)
        case .textArray(let items):
            let literal =
                "{"
                + items.map {
                    "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                        + "\""
                }.joined(separator: ",") + "}"
            appendEscaped(literal)
        }
    }

    private func appendEscaped(_ text: String) {
        for byte in text.utf8 {
            switch byte {
            case 92: buffer.append(contentsOf: [92, 92])
            case 9: buffer.append(contentsOf: [92, 116])
            case 10: buffer.append(contentsOf: [92, 110])
            case 13: buffer.append(contentsOf: [92, 114])
            default: buffer.append(byte)
            }
        }
    }
}

/// "2025-03-30 01:00:00.123456" (fraction omitted when zero).
func formatTime(_ micros: Int64) -> String {
    var seconds = micros / 1_000_000
    var fraction = micros % 1_000_000
    if fraction < 0 { fraction += 1_000_000; seconds -= 1 }
    var days = seconds / 86_400
    var secondOfDay = seconds % 86_400
    if secondOfDay < 0 { secondOfDay += 86_400; days -= 1 }
    let (y, m, d) = civilFromDays(Int(days))
    var out = [UInt8]()
    out.reserveCapacity(26)
    func digits(_ value: Int, _ width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var v = value
        while divisor > 0 { out.append(48 + UInt8(v / divisor)); v %= divisor; divisor /= 10 }
    }
    digits(y, 4); out.append(45); digits(m, 2); out.append(45); digits(d, 2); out.append(32)
    digits(Int(secondOfDay / 3600), 2); out.append(58); digits(Int(secondOfDay % 3600 / 60), 2); out.append(58)
    digits(Int(secondOfDay % 60), 2)
    if fraction != 0 { out.append(46); digits(Int(fraction), 6) }
    return String(decoding: out, as: UTF8.self)
}

func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
    let z = z0 + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp + (mp < 10 ? 3 : -9)
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
}

func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    return era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}

/// Decimal text with `scale` digits from an integer count of the smallest unit.
func decimalText(units: Int, scale: Int) -> String {
    let negative = units < 0
    let magnitude = abs(units)
    var divisor = 1
    for _ in 0..<scale { divisor *= 10 }
    let whole = magnitude / divisor
    let fraction = String(magnitude % divisor)
    let padded = String(repeating: "0", count: scale - fraction.count) + fraction
    return (negative ? "-" : "") + "\(whole)" + (scale > 0 ? "." + padded : "")
}
