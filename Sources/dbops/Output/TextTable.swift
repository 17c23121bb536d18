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

    /// Cells hold data (names, statements): see FlatText.
    private func flatten(_ text: String) -> String { FlatText.line(text) }

    private func clip(_ text: String) -> String {
        let flat = flatten(text)
        guard maxCellWidth > 0, flat.count > maxCellWidth else { return flat }
        return String(flat.prefix(maxCellWidth - 1)) + "…"
    }
}
