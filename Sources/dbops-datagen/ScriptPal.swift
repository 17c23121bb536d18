/// ScriptPal (MySQL/MariaDB). chat_messages dominates, as in production.
enum ScriptPal {
    static let models = ["gpt-4o", "gpt-4o-mini", "gpt-4.1", "o3-mini"]
    static let intents = ["write_scene", "rewrite", "brainstorm", "critique", "format", "character_help"]

    static func generate(_ c: Context) throws {
        let users = c.count(2000), scripts = c.count(4000)
        try usersTable(c, users)
        try scriptsTable(c, scripts, users: users)
        try scriptElements(c, c.count(12000), scripts: scripts)
        try personas(c, c.count(3000), scripts: scripts, users: users)
        try chatHistory(c, c.count(20000), users: users, scripts: scripts)
        let sessions = c.count(6000)
        try sessionsTable(c, sessions, users: users)
        try chatMessages(c, c.count(60000), users: users, scripts: scripts, sessions: sessions)
    }

    static func usersTable(_ c: Context, _ n: Int) throws {
        let w = try c.writer("users", ["id", "email", "created_at"])
        var r = c.random("sp.users")
        for i in 1...n {
            w.row([.int(i), .text("writer\(i)@example.com"), .time(c.recent(&r, days: 700), zone: false)])
        }
    }

    static func scriptsTable(_ c: Context, _ n: Int, users: Int) throws {
        let w = try c.writer(
            "scripts", ["id", "user_id", "version_number", "title", "status", "content", "created_at", "updated_at"])
        var r = c.random("sp.scripts")
        for i in 1...n {
            let created = c.recent(&r, days: 365)
            let content = (0..<r.int(2...8)).map { _ in
                "<\(r.pick(["action", "speaker", "dialog", "directions"]))>\(Words.sentence(&r, words: 4...14))</>"
            }.joined(separator: "\n")
            w.row([
                .int(i), .int(1 + r.skewed(users)), .int(r.int(1...12)), .text(Words.sentence(&r, words: 2...6)),
                .text(r.pick(["draft", "in_progress", "complete"])), .text(content),
                .time(created, zone: false), .time(c.between(&r, created, c.anchor), zone: false),
            ])
        }
    }

    static func scriptElements(_ c: Context, _ n: Int, scripts: Int) throws {
        let w = try c.writer(
            "script_elements", ["id", "script_id", "type", "subtype", "content", "created_at", "updated_at"])
        var r = c.random("sp.script_elements")
        let types = [
            "section", "chapter", "act", "beat", "location", "character", "theme", "plot", "opening", "ending",
            "style", "climax", "resolution", "conflict", "tone", "genre",
        ]
        for i in 1...n {
            let created = c.recent(&r, days: 365)
            w.row([
                .int(i), .int(r.int(1...scripts)), .text(r.pick(types)),
                r.chance(0.4) ? .text(r.pick(["main", "secondary", "flashback"])) : .null,
                .text(Words.sentence(&r, words: 3...20)), .time(created, zone: false), .time(created, zone: false),
            ])
        }
    }

    static func personas(_ c: Context, _ n: Int, scripts: Int, users: Int) throws {
        let w = try c.writer("personas", ["id", "description", "script_id", "user_id", "created_at"])
        var r = c.random("sp.personas")
        for i in 1...n {
            w.row([
                .int(i), .text(Words.sentence(&r, words: 6...25)), .int(r.int(1...scripts)), .int(1 + r.skewed(users)),
                .time(c.recent(&r, days: 365), zone: false),
            ])
        }
    }

    static func chatHistory(_ c: Context, _ n: Int, users: Int, scripts: Int) throws {
        let w = try c.writer("chat_history", ["id", "user_id", "script_id", "content", "type", "timestamp"])
        var r = c.random("sp.chat_history")
        for i in 1...n {
            w.row([
                .int(i), .int(1 + r.skewed(users)), r.chance(0.8) ? .int(r.int(1...scripts)) : .null,
                .text(Words.sentence(&r, words: 3...30)), .text(r.pick(["user", "assistant"])),
                .time(c.recent(&r, days: 365), zone: false),
            ])
        }
    }

    /// Sessions live 14 days: those created in the last two weeks are still valid.
    static func sessionsTable(_ c: Context, _ n: Int, users: Int) throws {
        let w = try c.writer("sessions", ["id", "user_id", "token", "expires_at", "created_at"])
        var r = c.random("sp.sessions")
        for i in 1...n {
            let created = c.recent(&r, days: 90)
            w.row([
                .int(i), .int(1 + r.skewed(users)), .text(hexToken(&r, bytes: 32)),
                .time(created + c.days(14), zone: false), .time(created, zone: false),
            ])
        }
    }

    static func chatMessages(_ c: Context, _ n: Int, users: Int, scripts: Int, sessions: Int) throws {
        let w = try c.writer(
            "chat_messages",
            [
                "id", "user_id", "script_id", "session_id", "role", "user_prompt",
                "system_prompt", "assistant_response", "model", "intent", "function_call",
                "raw_openai_response", "prompt_tokens", "completion_tokens", "total_tokens",
                "cost_usd", "created_at", "updated_at",
            ])
        var r = c.random("sp.chat_messages")
        for i in 1...n {
            let created = c.recent(&r, days: 365)
            let prompt = r.int(50...3000), completion = r.int(20...1500)
            let model = r.chance(0.95) ? r.pick(models) : nil
            // Cost in millionths of a dollar; NULL for a few rows logged before pricing existed.
            let cost = r.chance(0.03) ? nil : prompt * r.int(1...5) + completion * r.int(4...15)
            let role = r.chance(0.5) ? "user" : "assistant"
            w.row([
                .int(i), .int(1 + r.skewed(users)), r.chance(0.85) ? .int(r.int(1...scripts)) : .null,
                r.chance(0.7) ? .int(r.int(1...sessions)) : .null, .text(role),
                .text(Words.sentence(&r, words: 4...40)),
                r.chance(0.3) ? .text("You are ScriptPal, a screenwriting assistant.") : .null,
                role == "assistant" ? .text(Words.paragraph(&r, sentences: 1...4)) : .null,
                model.map { .text($0) } ?? .null, r.chance(0.8) ? .text(r.pick(intents)) : .null,
                r.chance(0.2)
                    ? .json(
                        jsonObject([("name", jsonString("update_scene")), ("arguments", jsonString("{\"scene\": 3}"))]))
                    : .null,
                r.chance(0.3)
                    ? .json(
                        jsonObject([
                            ("id", jsonString("chatcmpl-" + hexToken(&r, bytes: 8))),
                            ("usage", jsonObject([("total_tokens", String(prompt + completion))])),
                        ])) : .null,
                .int(prompt), .int(completion), .int(prompt + completion),
                cost.map { .decimal(decimalText(units: $0, scale: 6)) } ?? .null,
                .time(created, zone: false), .time(created + c.hours(Double(r.int(0...2))), zone: false),
            ])
        }
    }
}
