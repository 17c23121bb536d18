/// InfiniteStories (PostgreSQL; api_usage, rate_limits and cache_entries also on MySQL).
enum InfiniteStories {
    static let functions = [
        "generate-story", "generate-audio", "generate-avatar", "generate-illustrations",
        "extract-scenes", "moderate-content",
    ]
    static let functionWeights = [40, 20, 10, 15, 10, 5]
    static let medianLatency: [String: Double] = [
        "generate-story": 2400, "generate-audio": 3800, "generate-avatar": 6500,
        "generate-illustrations": 9000, "extract-scenes": 900, "moderate-content": 250,
    ]
    static let traits = ["brave", "curious", "kind", "funny", "clever", "gentle", "bold", "shy", "creative", "loyal"]

    static func generate(_ c: Context) throws {
        let users = c.count(2000)
        if c.engine == .postgres {
            try authUsers(c, users)
            let heroes = c.count(2500), events = c.count(800)
            try heroesTable(c, heroes, users)
            try customEvents(c, events, users)
            try storiesScenesIllustrations(c, c.count(5000), users: users, heroes: heroes, events: events)
            try heroGallery(c, c.count(3000), heroes: heroes)
        }
        try apiUsage(c, c.count(60000), users: users)
        try rateLimits(c, c.count(4000), users: users)
        try cacheEntries(c, c.count(8000))
        if c.engine == .postgres {
            try contentFlags(c, c.count(600), users: users, stories: c.count(5000))
            try auditLog(c, c.count(1000), users: users)
        }
    }

    static func authUsers(_ c: Context, _ n: Int) throws {
        let w = try c.writer("auth.users", ["id", "email", "created_at"])
        var r = c.random("auth.users")
        for i in 0..<n {
            let email = i % 97 == 0 ? "ünïcode.\(i)@exämple.com" : "user\(i)@example.com"
            w.row([
                .text(c.uuid("users", i)), .text(email),
                .time(c.recent(&r, days: 730, wholeSeconds: false), zone: true),
            ])
        }
    }

    static func heroesTable(_ c: Context, _ n: Int, _ users: Int) throws {
        let w = try c.writer(
            "heroes",
            [
                "id", "user_id", "name", "primary_trait", "secondary_trait", "appearance",
                "special_ability", "avatar_prompt", "avatar_url", "avatar_generation_id",
                "visual_profile", "created_at", "updated_at", "is_active",
            ])
        var r = c.random("heroes")
        let names = ["Luna", "Max", "Zoë", "Kai", "Amélie", "Ren 🐉", "Søren", "Ada", "Miko", "Özil", "Priya", "Théo"]
        for i in 0..<n {
            let primary = r.pick(traits)
            var secondary = r.pick(traits)
            if secondary == primary { secondary = traits[(traits.firstIndex(of: primary)! + 1) % traits.count] }
            let created = c.recent(&r, days: 365, wholeSeconds: false)
            let profile = jsonObject([
                ("hair_color", jsonString(r.pick(["brown", "black", "red", "blonde"]))),
                ("eye_color", jsonString(r.pick(["green", "blue", "brown"]))),
                ("distinctive_features", jsonArray(r.chance(0.5) ? [jsonString("freckles")] : [])),
            ])
            w.row([
                .text(c.uuid("heroes", i)), .text(c.uuid("users", r.skewed(users))), .text(r.pick(names)),
                .text(primary), .text(secondary),
                r.chance(0.8) ? .text(Words.sentence(&r, words: 4...12)) : .null,
                r.chance(0.6) ? .text(Words.sentence(&r, words: 2...6)) : .null,
                r.chance(0.7) ? .text(Words.sentence(&r, words: 8...20)) : .null,
                r.chance(0.7) ? .text("https://cdn.example.com/avatars/\(i).png") : .null,
                r.chance(0.6) ? .text("gen_" + hexToken(&r, bytes: 8)) : .null,
                r.chance(0.85) ? .json(profile) : .null,
                .time(created, zone: true), .time(c.between(&r, created, c.anchor, wholeSeconds: false), zone: true),
                .bool(r.chance(0.9)),
            ])
        }
    }

    static func customEvents(_ c: Context, _ n: Int, _ users: Int) throws {
        let w = try c.writer(
            "custom_events",
            [
                "id", "user_id", "title", "description", "prompt_seed", "category",
                "age_range", "tone", "keywords", "pictogram_url", "usage_count",
                "is_favorite", "is_public", "created_at", "updated_at",
            ])
        var r = c.random("custom_events")
        for i in 0..<n {
            let created = c.recent(&r, days: 365, wholeSeconds: false)
            let keywords = (0..<r.int(0...4)).map { _ in r.pick(Words.plain) }
            w.row([
                .text(c.uuid("custom_events", i)), .text(c.uuid("users", r.skewed(users))),
                .text(Words.sentence(&r, words: 2...6)),
                r.chance(0.7) ? .text(Words.sentence(&r, words: 6...20)) : .null,
                .text(Words.sentence(&r, words: 5...15)),
                r.chance(0.9)
                    ? .text(r.pick(["adventure", "fantasy", "science", "nature", "friendship", "mystery"])) : .null,
                r.chance(0.9) ? .text(r.pick(["4-6", "6-8", "8-10", "all"])) : .null,
                r.chance(0.9) ? .text(r.pick(["calming", "exciting", "educational", "humorous"])) : .null,
                r.chance(0.9) ? .textArray(keywords) : .null,
                r.chance(0.5) ? .text("https://cdn.example.com/pictograms/\(i).svg") : .null,
                .int(r.int(0...40)), .bool(r.chance(0.2)), .bool(r.chance(0.3)),
                .time(created, zone: true), .time(c.between(&r, created, c.anchor, wholeSeconds: false), zone: true),
            ])
        }
    }

    static func storiesScenesIllustrations(_ c: Context, _ n: Int, users: Int, heroes: Int, events: Int) throws {
        let stories = try c.writer(
            "stories",
            [
                "id", "user_id", "hero_id", "custom_event_id", "title", "content",
                "event_type", "event_data", "audio_url", "audio_duration", "audio_voice",
                "language", "estimated_duration", "word_count", "generation_metadata",
                "created_at", "updated_at", "is_favorite", "play_count", "last_played_at",
            ])
        let scenes = try c.writer(
            "story_scenes",
            [
                "id", "story_id", "scene_number", "text_segment", "illustration_prompt",
                "sanitized_prompt", "timestamp_seconds", "emotion", "importance", "created_at",
            ])
        let illustrations = try c.writer(
            "story_illustrations",
            [
                "id", "scene_id", "story_id", "image_url", "thumbnail_url",
                "generation_id", "previous_generation_id", "revised_prompt",
                "status", "error_message", "retry_count",
                "generation_metadata", "created_at", "updated_at",
            ])
        var r = c.random("stories")
        var sceneIndex = 0, illustrationIndex = 0
        for i in 0..<n {
            let storyID = c.uuid("stories", i)
            let created = c.recent(&r, days: 365, wholeSeconds: false)
            let custom = r.chance(0.3)
            let content = Words.paragraph(&r, sentences: 3...8)
            let words = content.split(separator: " ").count
            let seconds = r.int(120...900)
            let metadata = jsonObject([
                ("model", jsonString(r.pick(["gpt-4o", "gpt-4o-mini"]))),
                ("temperature", r.pick(["0.7", "0.8", "0.9"])),
                ("tokens_used", String(r.int(500...4000))),
                ("cache_hit", r.chance(0.2) ? "true" : "false"),
            ])
            stories.row([
                .text(storyID), .text(c.uuid("users", r.skewed(users))),
                r.chance(0.9) ? .text(c.uuid("heroes", r.int(0...heroes - 1))) : .null,
                custom ? .text(c.uuid("custom_events", r.int(0...events - 1))) : .null,
                .text(Words.sentence(&r, words: 3...8)), .text(content),
                .text(custom ? "custom" : "built_in"),
                .json(
                    jsonObject([
                        ("event", jsonString(r.pick(["bedtime", "birthday", "first day of school", "rainy day"])))
                    ])),
                r.chance(0.7) ? .text("https://cdn.example.com/audio/\(i).mp3") : .null,
                r.chance(0.7) ? .text(String(format: "00:%02d:%02d", seconds / 60, seconds % 60)) : .null,
                r.chance(0.7) ? .text(r.pick(["alloy", "nova", "shimmer"])) : .null,
                .text(r.pick(["en", "en", "en", "es", "fr", "de", "it"])),
                .text(String(format: "00:%02d:00", r.int(2...15))),
                .int(max(1, words)), r.chance(0.9) ? .json(metadata) : .null,
                .time(created, zone: true), .time(c.between(&r, created, c.anchor, wholeSeconds: false), zone: true),
                .bool(r.chance(0.15)), .int(r.int(0...30)),
                r.chance(0.6) ? .time(c.between(&r, created, c.anchor, wholeSeconds: false), zone: true) : .null,
            ])
            for number in 1...r.int(3...5) {
                let sceneID = c.uuid("story_scenes", sceneIndex)
                sceneIndex += 1
                scenes.row([
                    .text(sceneID), .text(storyID), .int(number), .text(Words.sentence(&r, words: 8...25)),
                    .text(Words.sentence(&r, words: 8...20)),
                    r.chance(0.5) ? .text(Words.sentence(&r, words: 8...20)) : .null,
                    .decimal(decimalText(units: (number - 1) * r.int(150...600), scale: 1)),
                    r.chance(0.9)
                        ? .text(
                            r.pick([
                                "joyful", "peaceful", "exciting", "mysterious", "heartwarming", "adventurous",
                                "contemplative",
                            ])) : .null,
                    r.chance(0.9) ? .text(r.pick(["key", "major", "minor"])) : .null,
                    .time(created, zone: true),
                ])
                if r.chance(0.5) {
                    let status = r.pick([
                        "completed", "completed", "completed", "failed", "pending", "processing", "retrying",
                    ])
                    illustrations.row([
                        .text(c.uuid("story_illustrations", illustrationIndex)), .text(sceneID), .text(storyID),
                        status == "completed" ? .text("https://cdn.example.com/img/\(illustrationIndex).png") : .null,
                        status == "completed" ? .text("https://cdn.example.com/thumb/\(illustrationIndex).png") : .null,
                        .text("gen_" + hexToken(&r, bytes: 6)),
                        r.chance(0.4) ? .text("gen_" + hexToken(&r, bytes: 6)) : .null,
                        r.chance(0.6) ? .text(Words.sentence(&r, words: 10...25)) : .null,
                        .text(status), status == "failed" ? .text("content_policy_violation") : .null,
                        .int(status == "failed" ? r.int(1...5) : 0),
                        r.chance(0.5) ? .json(jsonObject([("size", jsonString("1024x1024"))])) : .null,
                        .time(created, zone: true), .time(created + c.hours(Double(r.int(0...3))), zone: true),
                    ])
                    illustrationIndex += 1
                }
            }
        }
    }

    static func heroGallery(_ c: Context, _ n: Int, heroes: Int) throws {
        let w = try c.writer(
            "hero_gallery",
            [
                "id", "hero_id", "image_url", "thumbnail_url", "generation_id", "prompt_used",
                "is_primary", "created_at",
            ])
        var r = c.random("hero_gallery")
        for i in 0..<n {
            w.row([
                .text(c.uuid("hero_gallery", i)), .text(c.uuid("heroes", r.int(0...heroes - 1))),
                .text("https://cdn.example.com/gallery/\(i).png"),
                r.chance(0.8) ? .text("https://cdn.example.com/gallery/\(i)_t.png") : .null,
                r.chance(0.8) ? .text("gen_" + hexToken(&r, bytes: 6)) : .null,
                r.chance(0.7) ? .text(Words.sentence(&r, words: 6...18)) : .null,
                .bool(r.chance(0.25)), .time(c.recent(&r, days: 365, wholeSeconds: false), zone: true),
            ])
        }
    }

    /// The table that dominates in production: one row per API call, a year of history.
    static func apiUsage(_ c: Context, _ n: Int, users: Int) throws {
        let w = try c.writer(
            "api_usage",
            [
                "id", "user_id", "function_name", "request_id", "status", "response_time_ms",
                "tokens_used", "cost_estimate", "error_message", "error_code", "metadata", "created_at",
            ])
        var r = c.random("api_usage")
        let totalWeight = functionWeights.reduce(0, +)
        for i in 0..<n {
            var pick = r.int(0...totalWeight - 1)
            var function = functions[0]
            for (f, weight) in zip(functions, functionWeights) {
                if pick < weight { function = f; break }
                pick -= weight
            }
            let roll = r.unit()
            let status = roll < 0.92 ? "success" : (roll < 0.98 ? "error" : "rate_limited")
            let latency = Int(r.logNormal(median: medianLatency[function]!, spread: 0.6))
            let llm = function == "generate-story" || function == "extract-scenes" || function == "moderate-content"
            let tokens = llm ? r.int(200...6000) : nil
            let costMicros = llm ? tokens! * r.int(2...15) / 10 : r.int(1000...80000)
            w.row([
                .text(c.uuid("api_usage", i)),
                r.chance(0.02) ? .null : .text(c.uuid("users", r.skewed(users))),
                .text(function),
                r.chance(0.05) ? .null : .text("req_" + hexToken(&r, bytes: 10)),
                .text(status),
                r.chance(0.01) ? .null : .int(latency),
                tokens.map { .int($0) } ?? .null,
                r.chance(0.03) ? .null : .decimal(decimalText(units: costMicros, scale: 6)),
                status == "error"
                    ? .text(r.pick(["upstream timeout", "OpenAI 500: server_error", "invalid prompt: ünsafe"])) : .null,
                status == "error"
                    ? .text(r.pick(["TIMEOUT", "UPSTREAM_5XX", "BAD_INPUT"]))
                    : (status == "rate_limited" ? .text("RATE_LIMIT") : .null),
                r.chance(0.7)
                    ? .json(
                        jsonObject([
                            ("client", jsonString(r.pick(["ios", "ios", "web"]))),
                            ("app_version", jsonString("2.\(r.int(0...9)).\(r.int(0...20))")),
                        ])) : .null,
                .time(c.recent(&r, days: 365, wholeSeconds: false), zone: true),
            ])
        }
    }

    /// Hourly (and some daily) windows over the last three days: mostly expired, a few live.
    static func rateLimits(_ c: Context, _ n: Int, users: Int) throws {
        let w = try c.writer(
            "rate_limits", ["id", "user_id", "function_name", "request_count", "window_start", "window_end"])
        var r = c.random("rate_limits")
        var seen = Set<String>()
        var i = 0
        while i < n {
            let user = c.uuid("users", r.skewed(users))
            let function = r.pick(functions)
            let hourly = r.chance(0.85)
            let start = c.anchor - c.hours(Double(r.int(0...72)))
            let key = "\(user)|\(function)|\(start)"
            if seen.contains(key) { continue }
            seen.insert(key)
            w.row([
                .text(c.uuid("rate_limits", i)), .text(user), .text(function), .int(r.int(1...60)),
                .time(start, zone: true), .time(start + c.hours(hourly ? 1 : 24 * 7), zone: true),
            ])
            i += 1
        }
    }

    /// Cache rows created over two weeks with TTLs from minutes to a week.
    static func cacheEntries(_ c: Context, _ n: Int) throws {
        let w = try c.writer(
            "cache_entries",
            [
                "key", "value", "expires_at", "created_at", "access_count",
                "last_accessed_at", "size_bytes",
            ])
        var r = c.random("cache_entries")
        let ttls: [Double] = [0.1, 1, 6, 24, 24 * 7, 24 * 30]
        for i in 0..<n {
            let created = c.recent(&r, days: 14, wholeSeconds: false)
            let value = jsonObject([
                ("story", jsonString(Words.sentence(&r, words: 5...30))),
                ("tokens", String(r.int(10...5000))),
            ])
            w.row([
                .text("cache:\(r.pick(functions)):\(i):\(hexToken(&r, bytes: 6))"), .json(value),
                .time(created + c.hours(r.pick(ttls)), zone: true), .time(created, zone: true),
                .int(r.int(0...500)), .time(c.between(&r, created, c.anchor, wholeSeconds: false), zone: true),
                .int(value.utf8.count),
            ])
        }
    }

    static func contentFlags(_ c: Context, _ n: Int, users: Int, stories: Int) throws {
        let w = try c.writer(
            "content_flags",
            [
                "id", "content_type", "content_id", "flag_type", "severity", "action_taken",
                "original_content", "modified_content", "ai_confidence", "created_at",
                "reviewed_at", "reviewed_by",
            ])
        var r = c.random("content_flags")
        for i in 0..<n {
            let created = c.recent(&r, days: 365, wholeSeconds: false)
            let reviewed = r.chance(0.4)
            w.row([
                .text(c.uuid("content_flags", i)), .text(r.pick(["story", "prompt", "image"])),
                .text(c.uuid("stories", r.int(0...stories - 1))),
                .text(r.pick(["violence", "fear", "inappropriate", "isolation", "medical", "other"])),
                .text(r.pick(["low", "medium", "high", "critical"])),
                .text(r.pick(["filtered", "rejected", "modified", "approved"])),
                .text(Words.sentence(&r, words: 5...20)),
                r.chance(0.5) ? .text(Words.sentence(&r, words: 5...20)) : .null,
                .decimal(decimalText(units: r.int(0...100), scale: 2)), .time(created, zone: true),
                reviewed ? .time(c.between(&r, created, c.anchor, wholeSeconds: false), zone: true) : .null,
                reviewed ? .text(c.uuid("users", r.int(0...9))) : .null,
            ])
        }
    }

    static func auditLog(_ c: Context, _ n: Int, users: Int) throws {
        let w = try c.writer("audit_log", ["id", "table_name", "operation", "user_id", "changed_data", "created_at"])
        var r = c.random("audit_log")
        for i in 0..<n {
            w.row([
                .text(c.uuid("audit_log", i)), .text(r.pick(["heroes", "stories", "custom_events"])),
                .text(r.pick(["INSERT", "UPDATE", "DELETE"])),
                r.chance(0.9) ? .text(c.uuid("users", r.skewed(users))) : .null,
                .json(jsonObject([("title", jsonString(Words.sentence(&r, words: 2...6)))])),
                .time(c.recent(&r, days: 365, wholeSeconds: false), zone: true),
            ])
        }
    }
}
