import DBCore

/// Values written the way a user types them, so a default shown in `--help` can be pasted
/// back: "50ms", "1h30m", "256MB", "1,000,000".
enum Written {
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "\(seconds)s" }
        if seconds < 1 && seconds > 0 {
            let ms = seconds * 1000
            return ms == ms.rounded() ? "\(Int(ms))ms" : "\(ms)ms"
        }
        if seconds != seconds.rounded() { return "\(seconds)s" }
        var rest = Int(seconds)
        if rest == 0 { return "0s" }
        var out = ""
        for (unit, size) in [("w", 604_800), ("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)] where rest >= size {
            // Weeks only when the whole value is weeks: "30d" reads better than "4w2d".
            if unit == "w" && rest % size != 0 { continue }
            out += "\(rest / size)\(unit)"
            rest %= size
        }
        return out
    }

    static func size(_ bytes: Int64) -> String {
        for (unit, shift) in [("TB", 40), ("GB", 30), ("MB", 20), ("KB", 10)]
        where bytes >= Int64(1) << shift && bytes % (Int64(1) << shift) == 0 {
            return "\(bytes >> shift)\(unit)"
        }
        return "\(bytes)"
    }

    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return (value < 0 ? "-" : "") + out
    }
}
