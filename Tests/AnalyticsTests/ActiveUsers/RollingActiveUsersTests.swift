@testable import Analytics
import Testing

/// The span arithmetic against the definition itself: a user is in day e's WAU (MAU) when
/// any of their active days lies in [e - 6, e] ([e - 29, e]), counted here by brute force.
@Suite("Rolling WAU and MAU from per-user active days")
struct RollingActiveUsersTests {
    static func bruteForce(_ users: [Set<Int>], day: Int, width: Int) -> Int {
        users.filter { days in days.contains { $0 <= day && $0 > day - width } }.count
    }

    @Test("Server masks (63 days a word) and client bitsets (64) give the brute-force counts over 150 days")
    func matchesBruteForce() {
        var generator = SystemRandomNumberGenerator.Seeded(seed: 7)
        let dayCount = 150
        // Users active on one day, on runs of days, on days just under and just over 7 and
        // 30 apart, across word boundaries (62/63/64), on the first and last day, and a user
        // in no day at all.
        var users: [Set<Int>] = [
            [0], [149], [62, 63, 64], [0, 7, 14], [0, 6, 12], [10, 40, 70, 100, 130], [10, 39, 68], [], Set(0..<150),
        ]
        for _ in 0..<200 {
            users.append(Set((0..<Int(generator.next() % 12)).map { _ in Int(generator.next() % UInt64(dayCount)) }))
        }
        for bitsPerWord in [63, 64] {
            var counter = RollingActiveUsers(dayCount: dayCount)
            for days in users {
                var words = [UInt64](repeating: 0, count: (dayCount + bitsPerWord - 1) / bitsPerWord)
                for day in days { words[day / bitsPerWord] |= 1 << UInt64(day % bitsPerWord) }
                counter.addUser(words[...], bitsPerWord: bitsPerWord)
            }
            counter.addEvents(5, onDay: 3)
            let buckets = counter.buckets((0..<dayCount).map { (day: 20_000 + $0, partial: false) })
            #expect(buckets.count == dayCount)
            #expect(buckets.map(\.activeUsers) == (0..<dayCount).map { d in users.filter { $0.contains(d) }.count })
            #expect(
                buckets.dropFirst(6).map(\.weeklyActiveUsers)
                    == (6..<dayCount).map { Self.bruteForce(users, day: $0, width: 7) })
            #expect(
                buckets.dropFirst(29).map(\.monthlyActiveUsers)
                    == (29..<dayCount).map { Self.bruteForce(users, day: $0, width: 30) })
            #expect(
                buckets.prefix(6).allSatisfy { $0.weeklyActiveUsers == nil }
                    && buckets.prefix(29).allSatisfy { $0.monthlyActiveUsers == nil })
            #expect(buckets[3].events == 5 && buckets[4].events == 0)
        }
    }

    @Test("Raw (day, user) rows grouped in dbops: duplicates count once, rows outside the range are ignored")
    func rawRowsGroupByUser() {
        var bitsets = UserDayBitsets(dayCount: 70)
        for (user, day) in [("a", 0), ("a", 0), ("b", 0), ("a", 65), ("b", 69), ("c", 70), ("c", -1), ("a", 64)] {
            bitsets.add(user: user, dayIndex: day)
        }
        var counter = RollingActiveUsers(dayCount: 70)
        bitsets.addUsers(to: &counter)
        let buckets = counter.buckets((0..<70).map { (day: $0, partial: false) })
        #expect(
            buckets[0].activeUsers == 2 && buckets[64].activeUsers == 1 && buckets[65].activeUsers == 1
                && buckets[69].activeUsers == 1)
        #expect(buckets.map(\.activeUsers).reduce(0, +) == 5)
        #expect(buckets[69].weeklyActiveUsers == 2 && buckets[69].monthlyActiveUsers == 2)
        #expect(buckets[63].monthlyActiveUsers == 0)
        // A partial first day: windows start from the first whole day.
        let partial = counter.buckets((0..<70).map { (day: $0, partial: $0 == 0) })
        #expect(partial[6].weeklyActiveUsers == nil && partial[7].weeklyActiveUsers == 0)
    }
}
