/// StoryboardAI: identical rows on PostgreSQL and MySQL (whole-second timestamps, since
/// MySQL's DATETIME keeps none).
enum StoryboardAI {
    static func generate(_ c: Context) throws {
        let users = c.count(1000)
        try usersTable(c, users)
        try hierarchy(c, projects: c.count(3000), users: users)
        try auditLog(c, c.count(5000), users: users)
    }

    static func userID(_ c: Context, _ i: Int) -> String { "usr_" + String(c.uuid("sb.users", i).prefix(13)) }

    static func usersTable(_ c: Context, _ n: Int) throws {
        let w = try c.writer("users", ["id", "email", "name", "image", "created_at", "updated_at"])
        var r = c.random("sb.users")
        for i in 0..<n {
            let created = c.recent(&r, days: 1200)
            w.row([
                .text(userID(c, i)), .text("director\(i)@example.com"),
                r.chance(0.85) ? .text(r.pick(["Jordan", "Mireille", "Kenji", "Oluwaseun", "Łucja", "Sam 🎬"])) : .null,
                r.chance(0.6) ? .text("https://avatars.example.com/\(i).png") : .null,
                .time(created, zone: false), .time(c.between(&r, created, c.anchor), zone: false),
            ])
        }
    }

    /// Projects over three years, with their storyboards, scenes and scene tasks. About a
    /// third of the completed projects were last touched more than two years ago: the
    /// archive job's work.
    static func hierarchy(_ c: Context, projects: Int, users: Int) throws {
        let p = try c.writer(
            "projects", ["id", "user_id", "title", "description", "status", "created_at", "updated_at", "shard_id"])
        let s = try c.writer(
            "storyboards",
            [
                "id", "project_id", "title", "brief", "reference_urls", "total_scenes",
                "total_duration", "pattern_source", "status", "generated_at", "updated_at",
            ])
        let sc = try c.writer(
            "scenes",
            [
                "id", "storyboard_id", "scene_number", "duration", "scene_type", "visual_description",
                "script", "text_overlay", "camera_angle", "created_at", "updated_at",
            ])
        let t = try c.writer("scene_tasks", ["id", "scene_id", "task_type", "completed", "completed_at", "updated_at"])
        var r = c.random("sb.projects")
        var storyboardID = 0, sceneID = 0, taskID = 0
        let taskTypes = ["script_written", "scene_filmed", "audio_recorded", "edited"]
        for i in 1...projects {
            let roll = r.unit()
            let status = roll < 0.45 ? "completed" : (roll < 0.75 ? "active" : (roll < 0.92 ? "draft" : "archived"))
            let created = c.recent(&r, days: 1100)
            var updated = c.between(&r, created, c.anchor)
            if status == "completed" && r.chance(0.35) {
                // Finished long ago: last update more than two years back (when possible).
                let cutoff = c.anchor - c.days(2 * 365 + 10)
                if created < cutoff { updated = c.between(&r, created, cutoff) }
            }
            p.row([
                .int(i), .text(userID(c, r.skewed(users))), .text(Words.sentence(&r, words: 2...6)),
                r.chance(0.7) ? .text(Words.paragraph(&r, sentences: 1...3)) : .null, .text(status),
                .time(created, zone: false), .time(updated, zone: false), .int(i % 4),
            ])
            for _ in 0..<r.int(0...3) {
                storyboardID += 1
                let sceneCount = r.int(1...5)
                let generated = c.between(&r, created, updated)
                let urls = (0..<r.int(0...3)).map { _ in
                    jsonString("https://videos.example.com/v/\(hexToken(&r, bytes: 4))")
                }
                s.row([
                    .int(storyboardID), .int(i), .text(Words.sentence(&r, words: 2...5)),
                    .text(Words.lines(&r, count: 1...4)),
                    r.chance(0.8) ? .json(jsonArray(urls)) : .null, .int(sceneCount), .int(sceneCount * r.int(3...12)),
                    r.chance(0.5) ? .text(r.pick(["tiktok-hook", "ugc-testimonial", "before-after"])) : .null,
                    .text(r.pick(["completed", "completed", "generating", "error"])),
                    .time(generated, zone: false), .time(c.between(&r, generated, updated), zone: false),
                ])
                for number in 1...sceneCount {
                    sceneID += 1
                    sc.row([
                        .int(sceneID), .int(storyboardID), .int(number), .int(r.int(2...15)),
                        .text(r.pick(["hook", "content", "content", "cta", "transition"])),
                        .text(Words.sentence(&r, words: 6...20)),
                        r.chance(0.8) ? .text(Words.lines(&r, count: 1...3)) : .null,
                        r.chance(0.5) ? .text(Words.sentence(&r, words: 2...6)) : .null,
                        r.chance(0.7)
                            ? .text(r.pick(["close-up", "wide", "over-the-shoulder", "POV", "drone"])) : .null,
                        .time(generated, zone: false), .time(generated, zone: false),
                    ])
                    var types = taskTypes
                    for _ in 0..<r.int(0...4) {
                        taskID += 1
                        let type = types.remove(at: r.int(0...types.count - 1))
                        let done = status == "completed" || r.chance(0.4)
                        let doneAt = done ? c.between(&r, generated, updated) : nil
                        t.row([
                            .int(taskID), .int(sceneID), .text(type), .bool(done),
                            doneAt.map { .time($0, zone: false) } ?? .null, .time(doneAt ?? generated, zone: false),
                        ])
                        if types.isEmpty { break }
                    }
                }
            }
        }
    }

    static func auditLog(_ c: Context, _ n: Int, users: Int) throws {
        let w = try c.writer(
            "audit_log", ["id", "table_name", "operation", "user_id", "old_values", "new_values", "created_at"])
        var r = c.random("sb.audit_log")
        for i in 1...n {
            let op = r.pick(["INSERT", "UPDATE", "DELETE"])
            w.row([
                .int(i), .text(r.pick(["projects", "storyboards", "scenes"])), .text(op),
                .text(userID(c, r.skewed(users))),
                op == "INSERT" ? .null : .json(jsonObject([("status", jsonString("active"))])),
                op == "DELETE" ? .null : .json(jsonObject([("status", jsonString(r.pick(["active", "completed"])))])),
                .time(c.recent(&r, days: 360), zone: false),
            ])
        }
    }
}
