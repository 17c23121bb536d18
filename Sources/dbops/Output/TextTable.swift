/// Aligned plain-text columns. Width counts characters, not bytes, so accented and
/// non-Latin text lines up; wide emoji may still be off by one.
struct TextTable {
    enum Alignment { case left, right }

    var headers: [String]
    var alignments: [Alignment]
    var rows: [[String]] = []
    /// Cells longer than this are cut with an ellipsis (0: no limit).
    var maxCellWidth = 80
    /// Leave the last column whole (it is free text at the end of the line).
    var clipLastColumn = true

    init(_ headers: [String], alignments: [Alignment]? = nil) {
        self.headers = headers
        self.alignments = alignments ?? headers.map { _ in .left }
    }

    mutating func add(_ row: [String]) { rows.append(row) }

    func render(indent: String = "  ", style: (Int, String) -> String = { $1 }) -> String {
        let cells = ([headers] + rows).map { row in
            row.enumerated().map { i, cell in i == row.count - 1 && !clipLastColumn ? flatten(cell) : clip(cell) }
        }
        var widths = [Int](repeating: 0, count: headers.count)
        for row in cells {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        var out = ""
        for (r, row) in cells.enumerated() {
            var line = indent
            for (i, cell) in row.enumerated() where i < widths.count {
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                let styled = r == 0 ? cell : style(i, cell)
                let last = i == row.count - 1
                line += alignments[i] == .right ? pad + styled : styled + (last ? "" : pad)
                if !last { line += "  " }
            }
            out += line + "\n"
        }
        return out
    }

    /// Cells hold data (names, statements): a newline or an escape sequence in one must
    /// not break the table or reach the terminal, so every control character is a space.
    private func flatten(_ text: String) -> String {
        // Control characters are C0 (below 0x20), DEL and C1 (U+0080-U+009F, UTF-8 0xC2
        // 0x80-0x9F): a byte scan finds whether there are any, cheaply.
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 }),
            text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { return text }
        return String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
    }

    private func clip(_ text: String) -> String {
        let flat = flatten(text)
        guard maxCellWidth > 0, flat.count > maxCellWidth else { return flat }
        return String(flat.prefix(maxCellWidth - 1)) + "…"
    }
}
