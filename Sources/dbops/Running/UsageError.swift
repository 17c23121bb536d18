/// A mistake in what the user asked for: exit 64, with one line saying what to fix.
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
