import DBCore
import Foundation

struct TargetResolver {
    let options: GlobalOptions
    let configFile: ConfigFile?
    let environment: [String: String]

    func resolve() throws -> ResolvedTarget {
        var config: ConnectionConfig
        var label: String
        var passwordFile = options.passwordFile
        let defaults = configFile?.defaults ?? .empty
        var timeout = try DefaultsSettings.connectTimeout.given(nil, defaults)
        let stall = try DefaultsSettings.stallTimeout.given(options.stallTimeout, defaults)

        if let url = options.url {
            config = try parse(url, source: "--url")
            if config.password != nil {
                throw UsageError(
                    "--url must not hold a password (the command line is visible to every user in ps); use ~/.pgpass, ~/.my.cnf, --password-file, or put the URL in DBOPS_URL"
                )
            }
            label = config.redacted
        } else if let name = options.target {
            guard let configFile else { throw UsageError("--target needs a config file (--config or DBOPS_CONFIG)") }
            let entry = try configFile.target(name)
            if let variable = try entry.string("url_env") {
                guard let url = environment[variable], !url.isEmpty else {
                    throw UsageError("target \(name): environment variable \(variable) (url_env) is not set")
                }
                config = try parse(url, source: variable)
            } else if let url = try entry.string("url") {
                config = try parse(url, source: "\(configFile.path) [targets.\(name)] url")
            } else {
                throw UsageError("target \(name) in \(configFile.path) has neither url nor url_env")
            }
            passwordFile = try passwordFile ?? entry.string("password_file")
            timeout = try DefaultsSettings.connectTimeout.given(nil, entry) ?? timeout
            label = name
        } else if let url = environment["DBOPS_URL"], !url.isEmpty {
            config = try parse(url, source: "DBOPS_URL")
            label = config.redacted
        } else if let url = environment["DATABASE_URL"], !url.isEmpty {
            config = try parse(url, source: "DATABASE_URL")
            label = config.redacted
        } else {
            throw UsageError("no target: give --url, --target NAME with --config, or set DBOPS_URL")
        }

        if let passwordFile {
            do { config.password = try PasswordFile.read(passwordFile) } catch let error as DBError {
                throw UsageError(error.message)
            }
        }
        if let seconds = try options.connectTimeout.map({
            try DefaultsSettings.connectTimeout.kind.parse($0, "--connect-timeout")
        }) ?? timeout {
            config.connectTimeout = seconds
        }
        guard Limits.connectTimeout.contains(config.connectTimeout) else {
            throw UsageError(
                "connect_timeout \(Format.number(config.connectTimeout)) in the URL: out of range (1s to 1h)")
        }
        if let stall { config.stallTimeout = stall }
        return ResolvedTarget(config: config, label: label, targetName: options.target)
    }

    private func parse(_ url: String, source: String) throws -> ConnectionConfig {
        do { return try ConnectionURL.parse(url) } catch let error as DBError {
            throw UsageError("\(source): \(error.message)")
        }
    }
}
