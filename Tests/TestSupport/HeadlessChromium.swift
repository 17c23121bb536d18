import Foundation

/// Debian's chromium, headless, for the report's page: a screenshot, and what the page
/// logged to its console (a blocked fetch shows there: the report's Content-Security-Policy
/// forbids every one). scripts/install-deps.sh --test installs it; a test that finds no
/// chromium fails.
public enum HeadlessChromium {
    public struct Rendering {
        public let screenshot: String
        /// The page's console lines (errors, CSP violations, log calls).
        public let console: [String]
    }

    /// Renders `file` with its profile, screenshot and log in `work` (the caller's folder,
    /// which it removes).
    public static func render(_ file: String, in work: String, width: Int = 1200, height: Int = 2400) throws
        -> Rendering
    {
        guard
            let binary = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first(where: {
                FileManager.default.isExecutableFile(atPath: $0)
            })
        else {
            throw TestServers.Missing(description: "no chromium: run scripts/install-deps.sh --test")
        }
        let folder = URL(fileURLWithPath: work).appendingPathComponent("chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let screenshot = folder.appendingPathComponent("page.png").path
        let log = folder.appendingPathComponent("stderr.log").path
        FileManager.default.createFile(atPath: log, contents: nil)
        let arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            "--user-data-dir=\(folder.path)/profile", "--enable-logging=stderr", "--v=0",
            "--screenshot=\(screenshot)", "--window-size=\(width),\(height)", "file://\(file)",
        ]
        // Files, not pipes: chromium's helper processes may hold a pipe open after it exits.
        let process = try Spawned(binary, arguments, stderr: .file(log))
        let deadline = Date().addingTimeInterval(90)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            process.terminate()
            throw TestServers.Missing(description: "chromium did not finish within 90 s")
        }
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        guard FileManager.default.fileExists(atPath: screenshot) else {
            throw TestServers.Missing(description: "chromium wrote no screenshot: \(text.suffix(2000))")
        }
        return Rendering(
            screenshot: screenshot,
            console: text.split(separator: "\n").map(String.init).filter { $0.contains(":CONSOLE") })
    }

    /// How many pixels of each colour ("#0072B2") the PNG holds, exactly (Python decodes it).
    public static func pixelCounts(_ png: String, colors: [String]) throws -> [String: Int] {
        let script = #"""
            import sys, zlib, struct, json
            data = open(sys.argv[1], 'rb').read()
            assert data[:8] == b'\x89PNG\r\n\x1a\n'
            pos, idat, width, height, kind = 8, b'', 0, 0, 0
            while pos < len(data):
                length, tag = struct.unpack('>I4s', data[pos:pos + 8])
                body = data[pos + 8:pos + 8 + length]
                if tag == b'IHDR':
                    width, height, depth, kind = struct.unpack('>IIBB', body[:10])
                    assert depth == 8 and kind in (2, 6)
                elif tag == b'IDAT':
                    idat += body
                pos += 12 + length
            bpp = 4 if kind == 6 else 3
            raw = zlib.decompress(idat)
            stride = width * bpp
            previous = bytearray(stride)
            wanted = {bytes.fromhex(c[1:]): c for c in sys.argv[2:]}
            counts = {c: 0 for c in sys.argv[2:]}
            i = 0
            for _ in range(height):
                kind_filter = raw[i]; line = bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
                for x in range(stride):
                    a = line[x - bpp] if x >= bpp else 0
                    b = previous[x]
                    c = previous[x - bpp] if x >= bpp else 0
                    if kind_filter == 1: line[x] = (line[x] + a) & 255
                    elif kind_filter == 2: line[x] = (line[x] + b) & 255
                    elif kind_filter == 3: line[x] = (line[x] + (a + b) // 2) & 255
                    elif kind_filter == 4:
                        p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                        line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
                for x in range(0, stride, bpp):
                    key = bytes(line[x:x + 3])
                    if key in wanted: counts[wanted[key]] += 1
                previous = line
            print(json.dumps(counts))
            """#
        let decoder = try Spawned.run("/usr/bin/env", ["python3", "-c", script, png] + colors)
        guard decoder.status == 0,
            let counts = try JSONSerialization.jsonObject(with: decoder.stdout) as? [String: Int]
        else { throw TestServers.Missing(description: "could not decode \(png)") }
        return counts
    }
}
