import Foundation

/// MySQL data files: LOAD DATA's default text format — fields split by tab, rows by
/// newline, `\N` for NULL, and backslash escapes for NUL, tab, newline, carriage return
/// and backslash. Bytes are written as the server sent them (the session uses the
/// binary character set), so every byte value survives.
enum TSVEncoder {
    private static let escapes: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256)
        table[0] = UInt8(ascii: "0")
        table[9] = UInt8(ascii: "t")
        table[10] = UInt8(ascii: "n")
        table[13] = UInt8(ascii: "r")
        table[92] = 92
        return table
    }()

    static func appendRow(_ cells: UnsafeBufferPointer<UnsafeRawBufferPointer?>, to out: inout [UInt8]) {
        for (i, cell) in cells.enumerated() {
            if i > 0 { out.append(9) }
            guard let cell else {
                out.append(92); out.append(78)  // \N
                continue
            }
            appendEscaped(cell, to: &out)
        }
        out.append(10)
    }

    static func appendEscaped(_ value: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        var runStart = 0
        let count = value.count
        escapes.withUnsafeBufferPointer { table in
            for i in 0..<count {
                let escape = table[Int(value[i])]
                if escape != 0 {
                    if i > runStart { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: value[runStart..<i])) }
                    out.append(92)
                    out.append(escape)
                    runStart = i + 1
                }
            }
        }
        if runStart < count { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: value[runStart..<count])) }
    }
}
