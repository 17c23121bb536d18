import DBCore
import Testing

@Suite("ParentFolder: the folder part of a path, for paths of every length")
struct ParentFolderTests {
    @Test(
        "Matches deletingLastPathComponent where that works, and one-character paths do not trap",
        arguments: [
            ("", ""), ("0", ""), (".", ""), ("/", "/"), ("a", ""), ("a/b", "a"), ("/a", "/"), ("/a/b", "/a"),
            ("a/b/", "a"), ("a//b", "a"), ("//a", "/"), ("./x", "."), ("../x/y.json", "../x"),
        ])
    func folder(path: String, expected: String) {
        #expect(ParentFolder.of(path) == expected, "\(path)")
    }
}
