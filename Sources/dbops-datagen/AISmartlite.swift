/// AI_SMARTLITE (MySQL 8 / MariaDB): CUID2 keys, JSON kept in TEXT columns.
enum AISmartlite {
    static func generate(_ c: Context) throws {
        let users = c.count(1500)
        try usersTable(c, users)
        try tokens(c, "sessions", c.count(5000), users: users)
        try tokens(c, "refresh_tokens", c.count(5000), users: users)
        try transcriptions(c, c.count(4000), users: users)
        try tts(c, c.count(4000), users: users)
        let conversations = c.count(2000)
        try llmConversations(c, conversations, users: users)
        try llmMessages(c, c.count(15000), conversations: conversations)
        let pipelines = c.count(600)
        try pipelinesTable(c, pipelines, users: users)
        try executions(c, c.count(20000), pipelines: pipelines, users: users)
        try apiKeys(c, c.count(1200), users: users)
        try usageMetrics(c, c.count(15000), users: users)
    }

    static func user(_ c: Context, _ r: inout SeededRandom, _ users: Int) -> Field {
        .text(c.cuid("ai.users", r.skewed(users)))
    }

    static func usersTable(_ c: Context, _ n: Int) throws {
        let w = try c.writer(
            "users",
            [
                "id", "email", "username", "password_hash", "first_name", "last_name", "avatar",
                "is_active", "is_verified", "last_login_at", "created_at", "updated_at",
            ])
        var r = c.random("ai.users")
        for i in 0..<n {
            let created = c.recent(&r, days: 600)
            w.row([
                .text(c.cuid("ai.users", i)), .text("member\(i)@example.com"), .text("member_\(i)"),
                .text("$argon2id$v=19$m=65536,t=3,p=4$" + hexToken(&r, bytes: 16)),
                r.chance(0.8) ? .text(r.pick(["Li", "María", "Noah", "Ines", "Yuki", "Zanele"])) : .null,
                r.chance(0.7) ? .text(r.pick(["Nguyen", "García", "Müller", "Okafor", "Sato"])) : .null,
                r.chance(0.4) ? .text("https://cdn.example.com/u/\(i).jpg") : .null,
                .bool(r.chance(0.95)), .bool(r.chance(0.7)),
                r.chance(0.9) ? .time(c.recent(&r, days: 60), zone: false) : .null,
                .time(created, zone: false), .time(c.between(&r, created, c.anchor), zone: false),
            ])
        }
    }

    /// Sessions (7 days) and refresh tokens (30 days): expired and live ones.
    static func tokens(_ c: Context, _ table: String, _ n: Int, users: Int) throws {
        let session = table == "sessions"
        let columns =
            session
            ? ["id", "user_id", "token", "ip_address", "user_agent", "expires_at", "created_at"]
            : ["id", "user_id", "token", "expires_at", "created_at"]
        let w = try c.writer(table, columns)
        var r = c.random("ai." + table)
        for i in 0..<n {
            let created = c.recent(&r, days: 120)
            let expires = created + c.days(session ? 7 : 30)
            var row: [Field] = [.text(c.cuid("ai." + table, i)), user(c, &r, users), .text(hexToken(&r, bytes: 48))]
            if session {
                row += [
                    r.chance(0.9) ? .text("203.0.113.\(r.int(1...254))") : .null,
                    r.chance(0.8)
                        ? .text(r.pick(["Mozilla/5.0 (iPhone)", "Mozilla/5.0 (X11; Linux)", "curl/8.0"])) : .null,
                ]
            }
            row += [.time(expires, zone: false), .time(created, zone: false)]
            w.row(row)
        }
    }

    static func transcriptions(_ c: Context, _ n: Int, users: Int) throws {
        let w = try c.writer(
            "transcriptions",
            [
                "id", "user_id", "audio_url", "transcript_text", "language", "status",
                "duration", "model", "confidence", "error_message", "metadata",
                "created_at", "updated_at", "completed_at",
            ])
        var r = c.random("ai.transcriptions")
        for i in 0..<n {
            let created = c.recent(&r, days: 365)
            let status = r.pick(["completed", "completed", "completed", "failed", "pending", "processing"])
            let done = status == "completed" || status == "failed"
            w.row([
                .text(c.cuid("ai.transcriptions", i)), user(c, &r, users), .text("s3://audio/\(i).wav"),
                status == "completed" ? .text(Words.paragraph(&r, sentences: 1...3)) : .null,
                .text(r.pick(["en", "es", "de", "ja", "zh"])), .text(status),
                .decimal(decimalText(units: r.int(100...60000), scale: 2)),
                .text(r.pick(["whisper-1", "whisper-large-v3"])),
                status == "completed" ? .decimal(decimalText(units: r.int(6000...10000), scale: 4)) : .null,
                status == "failed" ? .text("audio decode error") : .null,
                r.chance(0.5) ? .json(jsonObject([("sample_rate", "16000")])) : .null,
                .time(created, zone: false), .time(created, zone: false),
                done ? .time(created + c.hours(0.01), zone: false) : .null,
            ])
        }
    }

    static func tts(_ c: Context, _ n: Int, users: Int) throws {
        let w = try c.writer(
            "tts_requests",
            [
                "id", "user_id", "input_text", "audio_url", "voice", "language", "status",
                "duration", "model", "error_message", "metadata", "created_at", "updated_at",
                "completed_at",
            ])
        var r = c.random("ai.tts")
        for i in 0..<n {
            let created = c.recent(&r, days: 365)
            let status = r.pick(["completed", "completed", "completed", "failed", "pending"])
            w.row([
                .text(c.cuid("ai.tts", i)), user(c, &r, users), .text(Words.sentence(&r, words: 5...40)),
                status == "completed" ? .text("s3://tts/\(i).mp3") : .null, .text(r.pick(["alloy", "echo", "nova"])),
                .text(r.pick(["en", "fr", "ko"])), .text(status),
                status == "completed" ? .decimal(decimalText(units: r.int(100...9000), scale: 2)) : .null,
                .text("tts-1"), status == "failed" ? .text("voice unavailable") : .null, .null,
                .time(created, zone: false), .time(created, zone: false),
                status == "completed" ? .time(created + c.hours(0.001), zone: false) : .null,
            ])
        }
    }

    static func llmConversations(_ c: Context, _ n: Int, users: Int) throws {
        let w = try c.writer(
            "llm_conversations", ["id", "user_id", "title", "model", "system_prompt", "created_at", "updated_at"])
        var r = c.random("ai.conversations")
        for i in 0..<n {
            let created = c.recent(&r, days: 365)
            w.row([
                .text(c.cuid("ai.conversations", i)), user(c, &r, users),
                r.chance(0.8) ? .text(Words.sentence(&r, words: 2...6)) : .null,
                .text(r.pick(["gpt-3.5-turbo", "gpt-4o", "llama-3-70b"])),
                r.chance(0.5) ? .text("You are a helpful assistant.") : .null,
                .time(created, zone: false), .time(c.between(&r, created, c.anchor), zone: false),
            ])
        }
    }

    static func llmMessages(_ c: Context, _ n: Int, conversations: Int) throws {
        let w = try c.writer(
            "llm_messages", ["id", "conversation_id", "role", "content", "tokens", "metadata", "created_at"])
        var r = c.random("ai.messages")
        for i in 0..<n {
            w.row([
                .text(c.cuid("ai.messages", i)),
                .text(c.cuid("ai.conversations", r.skewed(conversations, exponent: 1.5))),
                .text(r.pick(["user", "assistant", "assistant", "system"])),
                .text(Words.paragraph(&r, sentences: 1...3)),
                r.chance(0.9) ? .int(r.int(5...2000)) : .null, .null, .time(c.recent(&r, days: 365), zone: false),
            ])
        }
    }

    static func pipelinesTable(_ c: Context, _ n: Int, users: Int) throws {
        let w = try c.writer(
            "pipelines", ["id", "user_id", "name", "description", "config", "status", "created_at", "updated_at"])
        var r = c.random("ai.pipelines")
        for i in 0..<n {
            let created = c.recent(&r, days: 500)
            w.row([
                .text(c.cuid("ai.pipelines", i)), user(c, &r, users),
                .text("pipeline-\(i)-" + r.pick(["asr-llm-tts", "summarize", "translate"])),
                r.chance(0.6) ? .text(Words.sentence(&r, words: 5...15)) : .null,
                .json(jsonObject([("steps", jsonArray([jsonString("asr"), jsonString("llm"), jsonString("tts")]))])),
                .text(r.pick(["active", "active", "inactive", "archived"])),
                .time(created, zone: false), .time(c.between(&r, created, c.anchor), zone: false),
            ])
        }
    }

    static func executions(_ c: Context, _ n: Int, pipelines: Int, users: Int) throws {
        let w = try c.writer(
            "pipeline_executions",
            [
                "id", "pipeline_id", "user_id", "status", "input_data", "output_data",
                "error_message", "execution_time", "created_at", "updated_at", "completed_at",
            ])
        var r = c.random("ai.executions")
        for i in 0..<n {
            let created = c.recent(&r, days: 365)
            let status = r.pick([
                "completed", "completed", "completed", "completed", "failed", "running", "cancelled", "pending",
            ])
            let finished = status == "completed" || status == "failed" || status == "cancelled"
            let ms = Int(r.logNormal(median: 4200, spread: 0.7))
            w.row([
                .text(c.cuid("ai.executions", i)), .text(c.cuid("ai.pipelines", r.skewed(pipelines, exponent: 1.8))),
                user(c, &r, users), .text(status), .json(jsonObject([("audio", jsonString("s3://in/\(i).wav"))])),
                status == "completed"
                    ? .json(jsonObject([("text", jsonString(Words.sentence(&r, words: 3...12)))])) : .null,
                status == "failed" ? .text("step llm failed: rate limited") : .null,
                finished ? .int(ms) : .null, .time(created, zone: false), .time(created, zone: false),
                finished ? .time(created + Int64(ms) * 1000 / 1_000_000 * 1_000_000, zone: false) : .null,
            ])
        }
    }

    static func apiKeys(_ c: Context, _ n: Int, users: Int) throws {
        let w = try c.writer(
            "api_keys", ["id", "user_id", "name", "key", "last_used_at", "expires_at", "created_at", "updated_at"])
        var r = c.random("ai.api_keys")
        for i in 0..<n {
            let created = c.recent(&r, days: 400)
            w.row([
                .text(c.cuid("ai.api_keys", i)), user(c, &r, users), .text(r.pick(["ci", "prod", "laptop", "zapier"])),
                .text("sk_live_" + hexToken(&r, bytes: 24)),
                r.chance(0.7) ? .time(c.between(&r, created, c.anchor), zone: false) : .null,
                r.chance(0.5) ? .time(created + c.days(365), zone: false) : .null,
                .time(created, zone: false), .time(created, zone: false),
            ])
        }
    }

    static func usageMetrics(_ c: Context, _ n: Int, users: Int) throws {
        let w = try c.writer(
            "usage_metrics", ["id", "user_id", "service", "request_count", "token_count", "cost", "date", "created_at"])
        var r = c.random("ai.usage_metrics")
        for i in 0..<n {
            let service = r.pick(["asr", "tts", "llm", "llm", "pipeline"])
            let day = c.recent(&r, days: 365) / Context.microsPerDay * Context.microsPerDay
            let requests = r.int(1...400)
            w.row([
                .text(c.cuid("ai.usage_metrics", i)), user(c, &r, users), .text(service), .int(requests),
                service == "llm" ? .int(requests * r.int(100...2000)) : .null,
                .decimal(decimalText(units: requests * r.int(5...200), scale: 4)),
                .time(day, zone: false), .time(day + c.hours(23.5), zone: false),
            ])
        }
    }
}
