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

    /// Units that vary in length, with the days one of them is usually taken for.
    private static let calendarUnits: [(names: [String], days: Double)] = [
        (["mo", "mon", "mons", "month", "months"], 30),
        (["y", "yr", "yrs", "year", "years"], 365),
    ]

    public static let example = "a duration such as 500ms, 90s, 15m, 1h30m, 30d or 2w"

    /// Seconds, or nil when `text` is not a duration. Units are read in any case but "M":
    /// systemd and cron users write it for months, others for minutes, and taking
    /// `archive --older-than 6M` as six minutes would move nearly every row.
    public static func seconds(_ text: String) -> Double? {
        guard let parts = parts(text) else { return nil }
        var total = 0.0
        for (value, unit) in parts {
            guard unit != "M", let factor = units.first(where: { $0.names.contains(unit.lowercased()) })?.seconds
            else { return nil }
            total += value * factor
        }
        return total.isFinite ? total : nil
    }

    /// Why `text` is refused, when it reads as a length of time that cannot be taken
    /// exactly: "M" (minutes or months?), months and years (no fixed length). Nil otherwise.
    public static func ambiguity(_ text: String) -> String? {
        for (value, unit) in parts(text) ?? [] {
            let number = plainText(value)
            if unit == "M" {
                return "M could mean minutes or months: write \(number)min, or \(plainText(value * 30))d for months"
            }
            if let calendar = calendarUnits.first(where: { $0.names.contains(unit.lowercased()) }) {
                return "months and years vary in length: write days (\(plainText(value * calendar.days))d)"
            }
        }
        return nil
    }

    /// (number, unit as typed) pairs; a bare number is seconds. Nil when the text is not
    /// numbers each followed by a word.
    private static func parts(_ text: String) -> [(Double, String)]? {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        guard !rest.isEmpty else { return nil }
        if let bare = plainNumber(rest) { return [(bare, "s")] }
        var parts: [(Double, String)] = []
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isNumber || $0 == "." }
            let unit = rest.dropFirst(digits.count).prefix { $0.isLetter }
            guard let value = plainNumber(digits), !unit.isEmpty else { return nil }
            parts.append((value, String(unit)))
            rest = rest.dropFirst(digits.count + unit.count).drop { $0 == " " }
        }
        return parts
    }

    private static func plainText(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// Digits with at most one decimal point; nothing else.
    public static func plainNumber(_ text: Substring) -> Double? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
            text.filter({ $0 == "." }).count <= 1, text != "."
        else { return nil }
        return Double(text)
    }
}
