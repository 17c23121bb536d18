import DBCore
import Foundation

/// Walks a binary COPY stream by its length prefixes, counting tuples, across any chunking
/// of the input.
final class BinaryCopyCounter: RowCounter {
    private static let signature: [UInt8] = [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00]

    private enum State {
        case header  // signature (11) + flags (4) + extension length (4)
        case headerExtension  // `skip` bytes
        case fieldCount  // int16
        case fieldLength  // int32
        case fieldData  // `skip` bytes
        case done
    }

    private var state = State.header
    private var pending: [UInt8] = []  // bytes of a fixed-size item split across chunks
    private var skip = 0
    private var fieldsLeft = 0
    private var tuples: Int64 = 0

    /// Every restore and verify counts each file's rows this way, so it is a tight loop:
    /// the walk works on local copies of its state (each access to a class's stored property
    /// is an exclusivity check, which took most of the time), and a length prefix whole in
    /// the chunk is read in place; only one split across chunks goes through `pending`.
    func feed(_ bytes: UnsafeRawBufferPointer) throws {
        var state = self.state, skip = self.skip, fieldsLeft = self.fieldsLeft, tuples = self.tuples
        defer { (self.state, self.skip, self.fieldsLeft, self.tuples) = (state, skip, fieldsLeft, tuples) }
        func afterField() {
            fieldsLeft -= 1
            state = fieldsLeft == 0 ? .fieldCount : .fieldLength
        }
        func row(_ count: Int16) throws {
            if count == -1 { state = .done; return }
            guard count >= 0 else { throw DBError(.corrupt, "binary COPY data has a negative field count") }
            tuples += 1
            fieldsLeft = Int(count)
            state = count == 0 ? .fieldCount : .fieldLength
        }
        func field(_ length: Int32) throws {
            if length == -1 { return afterField() }
            guard length >= 0 else { throw DBError(.corrupt, "binary COPY data has a negative field length") }
            skip = Int(length)
            if skip == 0 { afterField() } else { state = .fieldData }
        }
        let count = bytes.count
        var index = 0
        while index < count {
            switch state {
            case .done:
                throw DBError(.corrupt, "binary COPY data continues after its trailer")
            case .headerExtension, .fieldData:
                let n = min(skip, count - index)
                skip -= n
                index += n
                if skip == 0 {
                    if state == .headerExtension { state = .fieldCount } else { afterField() }
                }
            case .fieldLength where pending.isEmpty && count - index >= 4:
                try field(Self.int32(bytes, index))
                index += 4
            case .fieldCount where pending.isEmpty && count - index >= 2:
                let fields = Int16(bitPattern: UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]))
                // A row lying whole in the chunk is walked in one go, field to field; the
                // one the chunk cuts is walked again below, a field at a time.
                var at = index + 2, left = Int(fields)
                while left > 0, at + 4 <= count {
                    let length = Int(Self.int32(bytes, at))
                    guard length >= -1 else { throw DBError(.corrupt, "binary COPY data has a negative field length") }
                    let next = at + 4 + max(0, length)
                    guard next <= count else { break }
                    at = next
                    left -= 1
                }
                if fields > 0 && left == 0 {
                    tuples += 1
                    index = at
                } else {
                    try row(fields)
                    index += 2
                }
            case .header, .fieldCount, .fieldLength:
                let need = state == .header ? 19 : (state == .fieldCount ? 2 : 4)
                let n = min(need - pending.count, count - index)
                pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[index..<index + n]))
                index += n
                guard pending.count == need else { continue }
                let item = pending
                pending.removeAll(keepingCapacity: true)
                try item.withUnsafeBytes { item in
                    switch state {
                    case .header:
                        guard Array(item[0..<11]) == Self.signature else {
                            throw DBError(.corrupt, "not binary COPY data (bad signature)")
                        }
                        skip = Int(Self.int32(item, 15))
                        guard skip >= 0 else { throw DBError(.corrupt, "binary COPY header is damaged") }
                        state = skip == 0 ? .fieldCount : .headerExtension
                    case .fieldCount: try row(Int16(bitPattern: UInt16(item[0]) << 8 | UInt16(item[1])))
                    default: try field(Self.int32(item, 0))
                    }
                }
            }
        }
    }

    private static func int32(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> Int32 {
        Int32(
            bitPattern: UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16
                | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3]))
    }

    func finish() throws -> Int64 {
        guard state == .done else {
            throw DBError(.corrupt, "binary COPY data ends in the middle of a row (no trailer)")
        }
        return tuples
    }
}
