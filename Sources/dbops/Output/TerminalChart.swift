/// Small charts for time series in a terminal.
enum TerminalChart {
    private static let sparks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    private static let eighths: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    /// One character per value, scaled between zero and the largest value.
    static func sparkline(_ values: [Double]) -> String {
        let top = values.max() ?? 0
        guard top > 0 else { return String(repeating: sparks[0], count: values.count) }
        return String(values.map { sparks[min(sparks.count - 1, Int(($0 / top) * Double(sparks.count - 1) + 0.5))] })
    }

    /// A horizontal bar `width` cells long at the largest value, in eighths of a cell.
    static func bar(_ value: Double, max top: Double, width: Int = 24) -> String {
        guard top > 0, value > 0 else { return "" }
        let eighthsTotal = Int((value / top) * Double(width * 8) + 0.5)
        var out = String(repeating: "█", count: eighthsTotal / 8)
        if eighthsTotal % 8 > 0 { out.append(eighths[eighthsTotal % 8 - 1]) }
        return out.isEmpty ? String(eighths[0]) : out
    }
}
