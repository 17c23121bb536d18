import Foundation

/// Validates dbops' JSON output against the schema file its `schema` field names
/// (schemas/NAME-vN.schema.json), with Python's jsonschema (installed by
/// scripts/install-deps.sh --test). Returns the problems found; none means valid.
public enum JSONSchemaCheck {
    public static func problems(_ data: Data) throws -> [String] {
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let name = object["schema"] as? String
        else {
            return ["not a JSON object with a schema field"]
        }
        let file =
            name.replacingOccurrences(of: "dbops.", with: "").replacingOccurrences(of: "/", with: "-") + ".schema.json"
        let path = DBOpsProcess.packageRoot.appendingPathComponent("schemas").appendingPathComponent(file).path
        guard FileManager.default.fileExists(atPath: path) else {
            return ["no schema file schemas/\(file) for \(name)"]
        }
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            document = json.load(sys.stdin)
            validator = jsonschema.Draft202012Validator(schema)
            for error in sorted(validator.iter_errors(document), key=str):
                print("/".join(str(p) for p in error.absolute_path) + ": " + error.message)
            """
        let validator = try Spawned.run("/usr/bin/env", ["python3", "-c", script, path], input: data)
        guard validator.status == 0 else {
            return ["the validator failed: \(String(decoding: validator.stderr, as: UTF8.self))"]
        }
        return validator.text.split(separator: "\n").map(String.init)
    }
}
