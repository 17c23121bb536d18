import Backup
import Crypto
import DBCore
import Foundation
import Testing
import TestSupport

/// Signed manifests: backup --sign-with KEY writes manifest.sig; verify and restore with
/// --trusted-key PUB refuse a manifest that is unsigned, signed by another key, or changed
/// and re-hashed after signing (which passes a plain verify), before touching a target.
@Suite("Signed manifests")
struct SignatureTests {
    static func keygen(_ folder: String, name: String) throws -> (key: String, pub: String) {
        let made = try DBOpsProcess.run(["keygen", "-o", folder, "--name", name])
        #expect(made.exitCode == 0, "\(made)")
        let key = folder + "/\(name).key"
        let attributes = try FileManager.default.attributesOfItem(atPath: key)
        #expect((attributes[.posixPermissions] as? Int) == 0o600, "the private key is the owner's alone")
        return (key, folder + "/\(name).pub")
    }

    /// Rewrites the manifest consistently (its database name) and re-hashes it: what anyone
    /// holding the files could do.
    static func forge(_ backup: String) throws {
        let path = backup + "/manifest.json"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let forged = Data(text.replacingOccurrences(of: "\"database\" : \"", with: "\"database\" : \"x").utf8)
        #expect(forged != Data(text.utf8))
        try forged.write(to: URL(fileURLWithPath: path))
        let sum = SHA256.hash(data: forged).map { String(format: "%02x", $0) }.joined()
        try Data("\(sum)  manifest.json\n".utf8).write(to: URL(fileURLWithPath: backup + "/manifest.sha256"))
    }

    @Test(
        "signed backups pass with the trusted key; forged, unsigned and foreign ones are refused",
        arguments: Engine.allCases)
    func signatures(_ engine: Engine) throws {
        try ScratchDatabase.with(engine, prefix: "sig") { source in
            let connection = try source.connect()
            let series = engine == .postgres ? "generate_series(1, 500) g" : "seq_1_to_500"
            let column = engine == .postgres ? "g" : "seq"
            try connection.executeScript(
                "CREATE TABLE t (id INT PRIMARY KEY, v TEXT); INSERT INTO t SELECT \(column), CONCAT('v', \(column)) FROM \(series)"
            )
            connection.close()
            try withTemporaryDirectory { folder in
                let ours = try Self.keygen(folder, name: "ours")
                let theirs = try Self.keygen(folder, name: "theirs")
                let secret = try String(contentsOfFile: ours.key, encoding: .utf8).split(separator: " ")[1]
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                let environment = ["DBOPS_URL": try source.url]
                let signed = try DBOpsProcess.run(
                    ["backup", "-o", folder + "/signed", "--sign-with", ours.key, "--format", "json"],
                    environment: environment)
                #expect(signed.exitCode == 0, "\(signed)")
                #expect(
                    !signed.stdout.contains(secret) && !signed.stderr.contains(secret), "the private key never shows")
                #expect(FileManager.default.fileExists(atPath: folder + "/signed/manifest.sig"))
                let plain = try DBOpsProcess.run(["backup", "-o", folder + "/plain"], environment: environment)
                #expect(plain.exitCode == 0, "\(plain)")

                let good = try DBOpsProcess.run(["verify", folder + "/signed", "--trusted-key", ours.pub])
                #expect(good.exitCode == 0, "\(good)")
                let foreign = try DBOpsProcess.run(["verify", folder + "/signed", "--trusted-key", theirs.pub])
                #expect(foreign.exitCode == 1 && foreign.stderr.contains("not a trusted key"), "\(foreign)")
                let unsigned = try DBOpsProcess.run(["verify", folder + "/plain", "--trusted-key", ours.pub])
                #expect(unsigned.exitCode == 1 && unsigned.stderr.contains("is not signed"), "\(unsigned)")

                // Stream form: the signature travels as a piece.
                let stream = try DBOpsProcess.run(
                    ["backup", "-o", "-", "--sign-with", ours.key], environment: environment)
                #expect(stream.exitCode == 0, "\(stream.stderr)")
                let streamed = try DBOpsProcess.run(
                    ["verify", "-", "--trusted-key", ours.pub], stdin: stream.stdoutData)
                #expect(streamed.exitCode == 0, "\(streamed)")

                // A consistent forgery passes a plain verify (the checksum is anyone's to
                // recompute) but not a verify or restore that trusts a key.
                try FileManager.default.copyItem(atPath: folder + "/signed", toPath: folder + "/forged")
                try Self.forge(folder + "/forged")
                #expect(try DBOpsProcess.run(["verify", folder + "/forged"]).exitCode == 0)
                let forged = try DBOpsProcess.run(["verify", folder + "/forged", "--trusted-key", ours.pub])
                #expect(
                    forged.exitCode == 1 && forged.stderr.contains("does not match manifest.json")
                        && forged.stderr.split(separator: "\n").count == 1, "\(forged)")
                try ScratchDatabase.with(engine, prefix: "sigt") { target in
                    let refused = try DBOpsProcess.run(
                        ["restore", folder + "/forged", "--trusted-key", ours.pub],
                        environment: ["DBOPS_URL": try target.url])
                    #expect(refused.exitCode == 1 && refused.stderr.contains("forged"), "\(refused)")
                    let probe = try target.connect()
                    defer { probe.close() }
                    let tables =
                        engine == .postgres
                        ? "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
                        : "SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
                    #expect(try probe.scalar(tables) == "0", "the target was not touched")
                    let restored = try DBOpsProcess.run(
                        ["restore", folder + "/signed", "--trusted-key", ours.pub, "--trusted-key", theirs.pub],
                        environment: ["DBOPS_URL": try target.url])
                    #expect(restored.exitCode == 0, "\(restored)")
                    #expect(try probe.scalar("SELECT count(*) FROM t") == "500")
                }

                // A private key others may read is refused; a public key where a private
                // one belongs is named.
                chmod(ours.key, 0o644)
                let loose = try DBOpsProcess.run(
                    ["backup", "-o", folder + "/loose", "--sign-with", ours.key], environment: environment)
                #expect(loose.exitCode == 64 && loose.stderr.contains("chmod 600"), "\(loose)")
                let wrongKind = try DBOpsProcess.run(
                    ["verify", folder + "/signed", "--trusted-key", theirs.key])
                #expect(wrongKind.exitCode == 64 && wrongKind.stderr.contains("dbops-ed25519-public"), "\(wrongKind)")
                #expect(!wrongKind.stderr.contains(secret))
            }
        }
    }

    /// keygen never overwrites, leaves nothing else in the folder, and a private file left
    /// alone (a keygen killed between the two files) gets its public file written from it,
    /// the same one the first run would have written.
    @Test("keygen writes whole files, never overwrites, and completes a missing .pub")
    func keygenFiles() throws {
        try withTemporaryDirectory { folder in
            let first = try Self.keygen(folder, name: "pair")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["pair.key", "pair.pub"])
            let key = try String(contentsOfFile: first.key, encoding: .utf8)
            let pub = try String(contentsOfFile: first.pub, encoding: .utf8)
            let again = try DBOpsProcess.run(["keygen", "-o", folder, "--name", "pair"])
            #expect(again.exitCode == 64 && again.stderr.contains("never overwrites"), "\(again)")
            #expect(try String(contentsOfFile: first.key, encoding: .utf8) == key)

            try FileManager.default.removeItem(atPath: first.pub)
            let completed = try DBOpsProcess.run(["keygen", "-o", folder, "--name", "pair"])
            #expect(completed.exitCode == 0 && completed.stdout.contains("wrote the missing"), "\(completed)")
            #expect(try String(contentsOfFile: first.pub, encoding: .utf8) == pub)
            #expect(try String(contentsOfFile: first.key, encoding: .utf8) == key)
            #expect(!completed.stdout.contains(key.split(separator: " ")[1].prefix(20)), "no private key shown")
            let mode = try FileManager.default.attributesOfItem(atPath: first.pub)[.posixPermissions] as? Int
            #expect(mode == 0o644)

            // A public file without its private one cannot be completed: refused as it is.
            try FileManager.default.removeItem(atPath: first.key)
            let orphan = try DBOpsProcess.run(["keygen", "-o", folder, "--name", "pair"])
            #expect(orphan.exitCode == 64 && orphan.stderr.contains("pair.pub exists"), "\(orphan)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["pair.pub"])
        }
    }
}
