import DBCore
import Foundation
import Testing
import TestSupport

/// `dbops report` from snapshots taken by the CLI (the InfiniteStories fixture and a scratch
/// database with a statement run between snapshots and a table named to break HTML): the
/// JSON in its schema, CSV in long form, and the HTML page rendered by a real headless
/// Chromium — it loads with no console message and no request (its policy would log one,
/// as the control page shows), the hostile name is text, and the charts are drawn (the
/// palette's colours are on the screenshot).
@Suite("report: JSON, CSV and an HTML page a real browser renders")
struct ReportCLITests {
    @Test func htmlRendersInChromiumWithNothingFetchedAndChartsDrawn() throws {
        try ScratchDatabase.with(.postgres, prefix: "rcli") { scratch in
            let session = try scratch.connect()
            defer { session.close() }
            try session.executeScript(
                """
                CREATE EXTENSION pg_stat_statements;
                CREATE TABLE "<script>alert(1)</script>" (id int PRIMARY KEY, v text);
                INSERT INTO "<script>alert(1)</script>" SELECT g, md5(g::text) FROM generate_series(1, 5000) g
                """)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "dbops-rcli-\(UUID().uuidString)"
            )
            .path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let config = folder + "/dbops.toml"
            try "[targets.stories]\nurl_env = \"RCLI_STORIES\"\n\n[targets.scratch]\nurl_env = \"RCLI_SCRATCH\"\n"
                .write(
                    toFile: config, atomically: true, encoding: .utf8)
            let environment = [
                "RCLI_STORIES": try TestServers.url(.postgres, database: "infinitestories"),
                "RCLI_SCRATCH": try scratch.url,
            ]
            let store = folder + "/history.sqlite"
            for round in 0..<3 {
                let snapshot = try DBOpsProcess.run(
                    ["snapshot", "--config", config, "--history", store, "--all", "--analytics-days", "14", "--quiet"],
                    environment: environment, timeout: 180)
                #expect(snapshot.exitCode == 0, "\(snapshot)")
                for _ in 0...round {
                    _ = try session.query("SELECT count(*) FROM \"<script>alert(1)</script>\" WHERE v > 'a'")
                }
            }
            let html = folder + "/report.html"
            let json = try DBOpsProcess.run(
                ["report", "--history", store, "--html", html, "--since", "14d", "--format", "json"])
            #expect(json.exitCode == 0, "\(json)")
            let problems = try JSONSchemaCheck.problems(json.stdoutData)
            #expect(problems.isEmpty, "\(problems)")
            let csv = try DBOpsProcess.run(["report", "--history", store, "--since", "14d", "--format", "csv"])
            #expect(
                csv.stdout.hasPrefix("section,target,series,x,value\r\n")
                    && csv.stdout.contains("active_users,stories,DAU,"))

            let page = try String(contentsOfFile: html, encoding: .utf8)
            #expect(!page.contains("<script"), "the hostile table name is escaped")
            #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            for remote in ["http://", "https://", "url(", "@import", "<link", "<img"] {
                #expect(!page.contains(remote), "nothing to fetch: \(remote)")
            }
            #expect(
                page.contains("<title>") && page.contains("class=\"legend\""), "charts have hover titles and legends")

            let rendering = try HeadlessChromium.render(html, in: folder, height: 3000)
            #expect(rendering.console.isEmpty, "no console message, no blocked request: \(rendering.console)")
            // The control: a page asking for a remote image is caught the same way.
            let control = folder + "/control.html"
            try """
            <!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head>
            <body><img src="http://example.invalid/x.png"></body></html>
            """.write(toFile: control, atomically: true, encoding: .utf8)
            #expect(!(try HeadlessChromium.render(control, in: folder, width: 400, height: 300)).console.isEmpty)

            // DAU/WAU/MAU lines and cost bars in the palette's first three colours.
            let counts = try HeadlessChromium.pixelCounts(
                rendering.screenshot, colors: ["#0072B2", "#E69F00", "#009E73"])
            for (color, count) in counts { #expect(count > 300, "\(color) drawn: \(counts)") }
        }
    }
}
