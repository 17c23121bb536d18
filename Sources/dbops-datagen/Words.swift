/// Vocabulary for generated text: mostly English, with accents, other scripts, and 4-byte
/// UTF-8 (emoji, mathematical letters) so every layer sees non-ASCII data.
enum Words {
    static let plain = [
        "the", "dragon", "forest", "brave", "little", "star", "ocean", "castle", "robot", "moon",
        "friend", "journey", "secret", "garden", "river", "cloud", "magic", "whisper", "shadow",
        "light", "scene", "camera", "close-up", "wide", "shot", "script", "chapter", "hero",
        "villain", "storm", "quiet", "laugh", "dream", "map", "treasure", "island", "train",
    ]
    static let exotic = [
        "café", "naïve", "Zürich", "piñata", "crème brûlée", "日本語", "物語", "Ελληνικά",
        "русский", "עברית", "العربية", "한국어", "🐉", "🚀", "😀", "🌙✨", "𝒜𝓁𝒾𝒸ℯ", "𝄞",
        "👩‍🚀", "🏳️‍🌈", "tab\tinside", "back\\slash", "quote\"mark", "it's",
    ]

    static func sentence(_ random: inout SeededRandom, words: ClosedRange<Int>, exoticShare: Double = 0.08) -> String {
        let count = random.int(words)
        var out: [String] = []
        out.reserveCapacity(count)
        for _ in 0..<count {
            out.append(random.chance(exoticShare) ? random.pick(exotic) : random.pick(plain))
        }
        var text = out.joined(separator: " ")
        if let first = text.first {
            text.replaceSubrange(text.startIndex...text.startIndex, with: String(first).uppercased())
        }
        return text
    }

    static func paragraph(_ random: inout SeededRandom, sentences: ClosedRange<Int>) -> String {
        (0..<random.int(sentences)).map { _ in sentence(&random, words: 5...16) + "." }.joined(separator: " ")
    }

    /// Multi-line text: embedded newlines must survive every format.
    static func lines(_ random: inout SeededRandom, count: ClosedRange<Int>) -> String {
        (0..<random.int(count)).map { _ in sentence(&random, words: 3...10) }.joined(separator: "\n")
    }
}
