import DBCore
import Foundation
@testable import Health
import Testing

/// The file `health --snapshot` keeps: a reading swapped per key, readings of other keys
/// kept when many members of a fleet swap theirs at once, a file that is not one left alone.
@Suite("Health counter snapshot file")
struct CounterSnapshotTests {
    @Test func parallelMembersKeepEachOthersReadings() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dbops-snap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("health.json").path
        #expect(try CounterSnapshot.exchange("a", counters: ["n": 1], path: path) == nil)
        let previous = try #require(try CounterSnapshot.exchange("a", counters: ["n": 2], path: path))
        #expect(previous.counters["n"] == 1)

        let failures = NSLock()
        var errors: [String] = []
        DispatchQueue.concurrentPerform(iterations: 8) { member in
            for round in 1...20 {
                do {
                    let before = try CounterSnapshot.exchange(
                        "node-\(member)", counters: ["n": Double(round)], path: path)
                    // Each member finds its own previous reading, never another's or none.
                    if round > 1 && before?.counters["n"] != Double(round - 1) {
                        failures.withLock {
                            errors.append("node-\(member) round \(round): \(String(describing: before))")
                        }
                    }
                } catch {
                    failures.withLock { errors.append("\(error)") }
                }
            }
        }
        #expect(errors.isEmpty, "\(errors.prefix(3))")
        let stored = try #require(try CounterSnapshot.read(path))
        #expect(stored.readings.count == 9)
        #expect((0..<8).allSatisfy { stored.readings["node-\($0)"]?.counters["n"] == 20 })
        #expect(stored.readings["a"]?.counters["n"] == 2)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0 != "health.json" }
        #expect(leftovers.isEmpty, "no temporary file left: \(leftovers)")

        // A file there that is not a snapshot (another program's, damaged) is left as it is.
        try Data("not json".utf8).write(to: URL(fileURLWithPath: path))
        #expect { try CounterSnapshot.exchange("a", counters: ["n": 3], path: path) } throws: {
            ($0 as? DBError)?.message.contains("is not a dbops health snapshot") == true
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "not json")
        // An empty one (made by touch, say) is a first reading.
        try Data().write(to: URL(fileURLWithPath: path))
        #expect(try CounterSnapshot.exchange("a", counters: ["n": 3], path: path) == nil)
        #expect(try CounterSnapshot.read(path)?.readings["a"]?.counters["n"] == 3)
    }
}
