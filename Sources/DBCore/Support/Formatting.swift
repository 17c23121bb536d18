import Foundation

/// Human formats shared by reports and the CLI.
public enum Format {
    /// 1536 -> "1.5 KiB".
    public static func bytes(_ value: Double) -> String {
        guard value.isFinite else { return "\(value) B" }
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
        var v = value
        var unit = 0
        while abs(v) >= 1024 && unit < units.count - 1 {
            v /= 1024
            unit += 1
        }
        return unit == 0 ? "\(Int64(v)) B" : String(format: v < 10 ? "%.1f %@" : "%.0f %@", v, units[unit])
    }

    /// 93784 -> "1d 2h", 3725 -> "1h 2m", 75 -> "1m 15s", 2.5 -> "2.5s".
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, abs(seconds) < 1e15 else { return "\(seconds)s" }
        if seconds > 0 && seconds < 1 { return "\(Int((seconds * 1000).rounded()))ms" }
        if seconds < 60 {
            return seconds < 10 && seconds != seconds.rounded() ? String(format: "%.1fs", seconds) : "\(Int(seconds))s"
        }
        let s = Int(seconds)
        if s < 3600 { return "\(s / 60)m \(s % 60)s" }
        if s < 86_400 { return "\(s / 3600)h \(s % 3600 / 60)m" }
        return "\(s / 86_400)d \(s % 86_400 / 3600)h"
    }

    /// A number without trailing noise: 12 -> "12", 12.345 -> "12.35".
    public static func number(_ value: Double, decimals: Int = 2) -> String {
        if value == value.rounded() && abs(value) <= 1e15 { return String(Int64(value)) }
        // Past 1e15 (a mistyped limit such as 1e300), fixed notation would print hundreds
        // of digits.
        if abs(value) > 1e15 && value.isFinite { return String(format: "%.6g", value) }
        return String(format: "%.\(decimals)f", value)
    }

    public static func milliseconds(_ value: Double) -> String {
        value < 10 ? String(format: "%.2f ms", value) : String(format: "%.0f ms", value)
    }
}

/// Monotonic stopwatch.
public struct Stopwatch {
    private let start = DispatchTime.now().uptimeNanoseconds
    public init() {}
    public var seconds: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
    public var milliseconds: Double { seconds * 1000 }
}
