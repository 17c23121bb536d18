/// How a key value travels from the statement that reads it to the one that binds it back,
/// for a column type whose plain text would not name the same value.
public struct KeyCarrier: Sendable {
    /// The read form of a quoted column: `HEX(col)`.
    public let read: @Sendable (_ quotedColumn: String) -> String
    /// The comparison form of a placeholder holding what `read` gave: `UNHEX(:p)`.
    public let bind: @Sendable (_ placeholder: String) -> String

    public init(
        read: @escaping @Sendable (_ quotedColumn: String) -> String,
        bind: @escaping @Sendable (_ placeholder: String) -> String
    ) {
        self.read = read
        self.bind = bind
    }
}
