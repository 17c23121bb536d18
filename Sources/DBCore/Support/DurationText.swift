/// Durations as people write them, one grammar for flags, the config file and URLs:
/// "50ms", "90s", "1.5s", "15m", "10min", "1h30m", "12h", "30d", "2w"; a bare number is
/// seconds. No sign, exponent, inf or nan: what parses is finite and non-negative.
public enum DurationText {
    private static let units: [(names: [String], seconds: Double)] = [
        (["ms", "msec", "millisecond", "milliseconds"], 0.001),
        (["s", "sec", "secs", "second", "seconds"], 1),
        (["m", "min", "mins", "minute", "minutes"], 60),
        (["h", "hr", "hrs", "hour", "hours"], 3600),
        (["d", "day", "days"], 86_400),
        (["w", "week", "weeks"], 604_800),
    ]

    public static let example = "a duration such as 500ms, 90s, 15m, 1h30m, 30d or 2w"

    /// Seconds, or nil when `text` is not a duration.
    public static func seconds(_ text: String) -> Double? {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces).lowercased())
        guard !rest.isEmpty else { return nil }
        if let bare = plainNumber(rest) { return bare }
        var total = 0.0
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isNumber || $0 == "." }
            let unit = rest.dropFirst(digits.count).prefix { $0.isLetter }
            guard let value = plainNumber(digits), !unit.isEmpty,
                let factor = units.first(where: { $0.names.contains(String(unit)) })?.seconds
            else { return nil }
            total += value * factor
            rest = rest.dropFirst(digits.count + unit.count).drop { $0 == " " }
        }
        return total.isFinite ? total : nil
    }

    /// Digits with at most one decimal point; nothing else.
    public static func plainNumber(_ text: Substring) -> Double? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
            text.filter({ $0 == "." }).count <= 1, text != "."
        else { return nil }
        return Double(text)
    }
}
