import DBCore
import Foundation

/// Where BinaryCopyCounter's walk of a binary COPY stream is: what comes next, how much of it is left, the rows seen.
struct BinaryCopyWalk {
    enum State {
        case header  // signature (11) + flags (4) + extension length (4)
        case headerExtension  // `skip` bytes
        case fieldCount  // int16
        case fieldLength  // int32
        case fieldData  // `skip` bytes
        case done
    }

    static let signature: [UInt8] = [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00]

    var state = State.header
    var pending: [UInt8] = []  // bytes of a fixed-size item split across chunks
    var skip = 0
    var fieldsLeft = 0
    var tuples: Int64 = 0

    mutating func afterField() {
        fieldsLeft -= 1
        state = fieldsLeft == 0 ? .fieldCount : .fieldLength
    }

    mutating func row(_ count: Int16) throws {
        if count == -1 { state = .done; return }
        guard count >= 0 else { throw DBError(.corrupt, "binary COPY data has a negative field count") }
        tuples += 1
        fieldsLeft = Int(count)
        state = count == 0 ? .fieldCount : .fieldLength
    }

    mutating func field(_ length: Int32) throws {
        if length == -1 { return afterField() }
        guard length >= 0 else { throw DBError(.corrupt, "binary COPY data has a negative field length") }
        skip = Int(length)
        if skip == 0 { afterField() } else { state = .fieldData }
    }

    /// At a row's field count, whole in the chunk: a row lying whole in the chunk is walked
    /// field to field in one loop; the one the chunk cuts goes a field at a time.
    mutating func rows(_ bytes: UnsafeRawBufferPointer, _ index: inout Int) throws {
        let fields = Int16(bitPattern: UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]))
        var at = index + 2, left = Int(fields)
        while left > 0, at + 4 <= bytes.count {
            let length = Int(Self.int32(bytes, at))
            guard length >= -1 else { throw DBError(.corrupt, "binary COPY data has a negative field length") }
            let next = at + 4 + max(0, length)
            guard next <= bytes.count else { break }
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
    }

    /// A fixed-size item (the header, a field count, a field length) split across chunks.
    mutating func split(_ bytes: UnsafeRawBufferPointer, _ index: inout Int) throws {
        let need = state == .header ? 19 : (state == .fieldCount ? 2 : 4)
        let n = min(need - pending.count, bytes.count - index)
        pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[index..<index + n]))
        index += n
        guard pending.count == need else { return }
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

    static func int32(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> Int32 {
        Int32(
            bitPattern: UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16
                | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3]))
    }
}
