/// One sample line of the text exposition format, read with its label values' quoting
/// and escapes, so that a fleet run can put its own labels first: a `}` or `,` inside a
/// value (a target or table named so) is part of the value, not the label set's end.
struct PrometheusSample {
    let name: Substring
    /// `key="value"` as written (value still escaped).
    let labels: [(key: Substring, text: Substring)]
    /// The value and timestamp, with their leading space.
    let tail: Substring

    init?(_ line: Substring) {
        guard let end = line.firstIndex(where: { $0 == "{" || $0 == " " }) else { return nil }
        name = line[..<end]
        guard line[end] == "{" else {
            labels = []
            tail = line[end...]
            return
        }
        var labels: [(Substring, Substring)] = []
        var i = line.index(after: end)
        while i < line.endIndex, line[i] != "}" {
            guard let equals = line[i...].firstIndex(of: "="), line.index(after: equals) < line.endIndex,
                line[line.index(after: equals)] == "\""
            else { return nil }
            var j = line.index(equals, offsetBy: 2)
            while j < line.endIndex, line[j] != "\"" {
                if line[j] == "\\" { j = line.index(after: j) }
                guard j < line.endIndex else { return nil }
                j = line.index(after: j)
            }
            guard j < line.endIndex else { return nil }
            j = line.index(after: j)
            labels.append((line[i..<equals], line[i..<j]))
            if j < line.endIndex, line[j] == "," { j = line.index(after: j) }
            i = j
        }
        guard i < line.endIndex else { return nil }
        self.labels = labels
        tail = line[line.index(after: i)...]
    }

    /// The line with `first` in front of its own labels, any of its own by the same keys
    /// left out (the fleet's target and group win).
    func relabelled(_ first: [(key: String, value: String)]) -> String {
        let keys = Set(first.map(\.key))
        let own = labels.filter { !keys.contains(String($0.key)) }.map { String($0.text) }
        let all = first.map { "\($0.key)=\"\(Self.escape($0.value))\"" } + own
        return "\(name){\(all.joined(separator: ","))}\(tail)"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
