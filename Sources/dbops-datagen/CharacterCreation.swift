/// Character Creation Platform (PostgreSQL only).
enum CharacterCreation {
    static let styles = ["FANTASY", "SCI_FI", "ANIME", "REALISTIC", "CARTOON", "PIXEL_ART"]
    static let tags = [
        "warrior", "hero", "mage", "elf", "robot", "pirate", "ninja", "dragon", "cute", "dark",
        "steampunk", "cyberpunk", "🐉", "héroïne", "忍者",
    ]

    static func generate(_ c: Context) throws {
        let users = c.count(2000), characters = c.count(6000)
        try usersTable(c, users)
        try charactersTable(c, characters, users: users)
        try generations(c, c.count(12000), users: users, characters: characters)
        try templates(c, max(10, c.count(40)))
    }

    static func usersTable(_ c: Context, _ n: Int) throws {
        let w = try c.writer(
            "users",
            [
                "id", "email", "auth0_id", "name", "subscription_tier", "daily_quota",
                "daily_generations_used", "quota_reset_at", "total_generations",
                "created_at", "updated_at",
            ])
        var r = c.random("cc.users")
        for i in 0..<n {
            let tier = r.unit() < 0.75 ? "FREE" : (r.chance(0.7) ? "PREMIUM" : "PRO")
            let quota = tier == "FREE" ? 5 : (tier == "PREMIUM" ? 50 : 500)
            let created = c.recent(&r, days: 540) / 1000 * 1000
            w.row([
                .text(c.uuid("cc.users", i)), .text("creator\(i)@example.com"),
                r.chance(0.9) ? .text("auth0|\(hexToken(&r, bytes: 12))") : .null,
                r.chance(0.8)
                    ? .text(r.pick(["Ana", "Björn", "Chen Wei", "Dara", "Émile", "Fatima", "Gus 🎮"])) : .null,
                .text(tier), .int(quota), .int(r.int(0...quota)),
                .time(c.anchor - c.hours(Double(r.int(0...23))), zone: false), .int(r.int(0...2000)),
                .time(created, zone: false), .time(c.between(&r, created, c.anchor) / 1000 * 1000, zone: false),
            ])
        }
    }

    static func charactersTable(_ c: Context, _ n: Int, users: Int) throws {
        let w = try c.writer(
            "characters",
            [
                "id", "user_id", "name", "prompt", "style_type", "tags", "is_public",
                "image_url", "thumbnail_url", "seed", "metadata", "created_at", "updated_at",
            ])
        var r = c.random("cc.characters")
        for i in 0..<n {
            let created = c.recent(&r, days: 365)
            w.row([
                .text(c.uuid("cc.characters", i)), .text(c.uuid("cc.users", r.skewed(users))),
                .text(Words.sentence(&r, words: 1...3)), .text(Words.sentence(&r, words: 6...25)),
                .text(r.pick(styles)), .textArray((0..<r.int(0...5)).map { _ in r.pick(tags) }),
                .bool(r.chance(0.35)),
                r.chance(0.9) ? .text("https://cdn.example.com/characters/\(i).webp") : .null,
                r.chance(0.9) ? .text("https://cdn.example.com/characters/\(i)_thumb.webp") : .null,
                r.chance(0.8) ? .int(Int(r.next() >> 2)) : .null,
                r.chance(0.6) ? .json(jsonObject([("steps", String(r.int(20...60))), ("cfg", "7.5")])) : .null,
                .time(created, zone: false), .time(c.between(&r, created, c.anchor), zone: false),
            ])
        }
    }

    static func generations(_ c: Context, _ n: Int, users: Int, characters: Int) throws {
        let w = try c.writer(
            "generations",
            [
                "id", "user_id", "character_id", "status", "prompt", "style_type",
                "error_message", "duration_ms", "started_at", "completed_at",
                "created_at", "updated_at",
            ])
        var r = c.random("cc.generations")
        for i in 0..<n {
            let created = c.recent(&r, days: 365)
            let roll = r.unit()
            let status = roll < 0.85 ? "COMPLETED" : (roll < 0.93 ? "FAILED" : (roll < 0.97 ? "PROCESSING" : "PENDING"))
            let duration = Int(r.logNormal(median: 8000, spread: 0.5))
            let started = status == "PENDING" ? nil : created + Int64(r.int(0...5000)) * 1000
            let completed =
                (status == "COMPLETED" || status == "FAILED") ? started.map { $0 + Int64(duration) * 1000 } : nil
            w.row([
                .text(c.uuid("cc.generations", i)), .text(c.uuid("cc.users", r.skewed(users))),
                status == "COMPLETED" ? .text(c.uuid("cc.characters", r.int(0...characters - 1))) : .null,
                .text(status), .text(Words.sentence(&r, words: 6...25)), .text(r.pick(styles)),
                status == "FAILED" ? .text(r.pick(["NSFW filter", "GPU out of memory", "timeout"])) : .null,
                completed != nil ? .int(duration) : .null,
                started.map { .time($0, zone: false) } ?? .null, completed.map { .time($0, zone: false) } ?? .null,
                .time(created, zone: false), .time(completed ?? started ?? created, zone: false),
            ])
        }
    }

    static func templates(_ c: Context, _ n: Int) throws {
        let w = try c.writer(
            "character_templates",
            [
                "id", "name", "description", "style_type", "prompt_template", "tags",
                "is_active", "created_at", "updated_at",
            ])
        var r = c.random("cc.templates")
        for i in 0..<n {
            let created = c.recent(&r, days: 540)
            w.row([
                .text(c.uuid("cc.templates", i)), .text("Template \(i): \(r.pick(tags))"),
                r.chance(0.8) ? .text(Words.sentence(&r, words: 6...15)) : .null, .text(r.pick(styles)),
                .text("A {{style}} portrait of {{name}}, " + Words.sentence(&r, words: 4...10)),
                .textArray((0..<r.int(1...4)).map { _ in r.pick(tags) }), .bool(r.chance(0.85)),
                .time(created, zone: false), .time(created, zone: false),
            ])
        }
    }
}
