/// Raw (day, user) rows grouped by user in dbops, for servers that cannot group them
/// cheaply: users are numbered as first seen, each with a bitset of its active days.
struct UserDayBitsets {
    let dayCount: Int
    let wordsPerUser: Int
    private var numbers: [String: Int] = [:]
    private var words: [UInt64] = []

    init(dayCount: Int) {
        self.dayCount = dayCount
        wordsPerUser = max(1, (dayCount + 63) / 64)
    }

    mutating func add(user: String, dayIndex: Int) {
        guard dayIndex >= 0, dayIndex < dayCount else { return }
        let number =
            numbers[user]
            ?? {
                let next = numbers.count
                numbers[user] = next
                words.append(contentsOf: repeatElement(0, count: wordsPerUser))
                return next
            }()
        words[number * wordsPerUser + dayIndex / 64] |= 1 << UInt64(dayIndex % 64)
    }

    func addUsers(to counter: inout RollingActiveUsers) {
        for user in 0..<numbers.count {
            let start = user * wordsPerUser
            counter.addUser(words[start..<(start + wordsPerUser)], bitsPerWord: 64)
        }
    }
}
