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

    func feed(_ bytes: UnsafeRawBufferPointer) throws {
        var index = 0
        while index < bytes.count {
            switch state {
            case .done:
                throw DBError(.corrupt, "binary COPY data continues after its trailer")
            case .headerExtension, .fieldData:
                let n = min(skip, bytes.count - index)
                skip -= n
                index += n
                if skip == 0 { state = state == .headerExtension ? .fieldCount : nextAfterField() }
            case .header, .fieldCount, .fieldLength:
                let need = state == .header ? 19 : (state == .fieldCount ? 2 : 4)
                let n = min(need - pending.count, bytes.count - index)
                pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[index..<index + n]))
                index += n
                if pending.count == need { try consumeFixed() }
            }
        }
    }

    private func nextAfterField() -> State {
        fieldsLeft -= 1
        return fieldsLeft == 0 ? .fieldCount : .fieldLength
    }

    private func consumeFixed() throws {
        defer { pending.removeAll(keepingCapacity: true) }
        switch state {
        case .header:
            guard Array(pending[0..<11]) == Self.signature else {
                throw DBError(.corrupt, "not binary COPY data (bad signature)")
            }
            skip = Int(int32(11))
            guard skip >= 0 else { throw DBError(.corrupt, "binary COPY header is damaged") }
            state = skip == 0 ? .fieldCount : .headerExtension
        case .fieldCount:
            let count = Int16(bitPattern: UInt16(pending[0]) << 8 | UInt16(pending[1]))
            if count == -1 { state = .done; return }
            guard count >= 0 else { throw DBError(.corrupt, "binary COPY data has a negative field count") }
            tuples += 1
            fieldsLeft = Int(count)
            state = count == 0 ? .fieldCount : .fieldLength
        case .fieldLength:
            let length = int32(0)
            if length == -1 {
                state = nextAfterField()
            } else {
                guard length >= 0 else { throw DBError(.corrupt, "binary COPY data has a negative field length") }
                skip = Int(length)
                state = skip == 0 ? nextAfterField() : .fieldData
            }
        default:
            break
        }
    }

    private func int32(_ offset: Int) -> Int32 {
        Int32(
            bitPattern: UInt32(pending[offset]) << 24 | UInt32(pending[offset + 1]) << 16
                | UInt32(pending[offset + 2]) << 8 | UInt32(pending[offset + 3]))
    }

    func finish() throws -> Int64 {
        guard state == .done else {
            throw DBError(.corrupt, "binary COPY data ends in the middle of a row (no trailer)")
        }
        return tuples
    }
}
