#!/usr/bin/env python3
"""The shape of the tree in four figures (docs/ARCHITECTURE.md says why each matters):

  engine branches   `engine ==`, `case .postgres` ... outside DBCore and outside the files
                    that implement one engine (Postgres*.swift, MySQL*.swift, MariaDB*.swift)
  inline SQL        string literals in Swift (outside DBCore) that are a whole SQL statement with
                    nothing built into them (statements built from identifiers and generated DDL
                    belong in Swift; fixed SQL belongs in queries/)
  built SQL         (for information) literals that start an SQL statement and interpolate names
  multi-type files  files declaring more than one top-level struct/class/enum/protocol/actor
  long functions    functions (and initializers) whose body runs over 60 lines

Usage: scripts/metrics.py [--list] [root]   (--list names every place counted)
"""
import os
import re
import sys

FEATURES = ["Sources/dbops", "Sources/Health", "Sources/Analytics", "Sources/Backup", "Sources/Archive"]
# A branch on one engine; comparing two targets' engines (`a.engine == b.engine`) is not one.
ENGINE = re.compile(r"\bengine\s*[!=]=\s*\.(postgres|mysql)\b|case\s+\.(postgres|mysql)\b|case\s*\([^)]*\.(postgres|mysql)\b|"
                    r"switch\s+[\w.]*engine\b|flavor\s*[!=]=\s*\.(mariadb|mysql|postgresql)\b")
SQL_VERB = re.compile(r'^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|SET|SHOW|LOCK|UNLOCK|BEGIN|COMMIT|ROLLBACK|WITH|'
                      r'TRUNCATE|ANALYZE|EXPLAIN|COPY|GRANT|REVOKE|KILL|START TRANSACTION|SAVEPOINT|RELEASE|FLUSH|DO|CALL|'
                      r'VACUUM|REINDEX|RENAME|DECLARE|FETCH|CLOSE|LOAD DATA|REPLACE|PREPARE|EXECUTE|DEALLOCATE)\b')
TYPE = re.compile(r"^(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|private|fileprivate|internal|final|indirect|open)\s+)*"
                  r"(struct|class|enum|protocol|actor)\s+\w+")
FUNC = re.compile(r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|private|fileprivate|internal|static|final|override|mutating|"
                  r"nonisolated|open|class|@discardableResult)\s+)*(func\s+\w+|init[?!]?\s*[(<])")


def swift_files(root, folders):
    for folder in folders:
        for directory, _, names in os.walk(os.path.join(root, folder)):
            for name in sorted(names):
                if name.endswith(".swift"):
                    yield os.path.join(directory, name)


def implements_one_engine(path):
    return re.match(r"(Postgres|PG|MySQL|MariaDB)", os.path.basename(path)) is not None


def strip_comment(line):
    # Good enough for counting: a // outside a string literal.
    quoted = False
    for i, ch in enumerate(line):
        if ch == '"' and (i == 0 or line[i - 1] != "\\"):
            quoted = not quoted
        elif ch == "/" and not quoted and line[i:i + 2] == "//":
            return line[:i]
    return line


def literals(text):
    """(line number, content) of every string literal, multi-line ones whole."""
    out = []
    i, line, n = 0, 1, len(text)
    while i < n:
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if text.startswith("/*", i):
            j = text.find("*/", i)
            line += text[i:j].count("\n")
            i = n if j < 0 else j + 2
            continue
        if text.startswith('"""', i):
            j = text.find('"""', i + 3)
            body = text[i + 3:j]
            out.append((line, body))
            line += body.count("\n")
            i = j + 3
            continue
        ch = text[i]
        if ch == '"':
            j = i + 1
            while j < n and text[j] != '"' and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out.append((line, text[i + 1:j]))
            i = j + 1
            continue
        if ch == "\n":
            line += 1
        i += 1
    return out


def functions(lines):
    """(line number, name, body lines) of every func/init, by brace matching."""
    out = []
    for index, raw in enumerate(lines):
        match = FUNC.match(raw)
        if not match or "protocol" in raw:
            continue
        depth, started, end = 0, False, None
        for k in range(index, len(lines)):
            code = strip_comment(lines[k])
            code = re.sub(r'"(?:\\.|[^"\\])*"', '""', code)
            for ch in code:
                if ch == "{":
                    depth += 1
                    started = True
                elif ch == "}":
                    depth -= 1
            if started and depth <= 0:
                end = k
                break
            if not started and k > index + 8:
                break
        if end is not None:
            out.append((index + 1, match.group(1).split("(")[0].replace("func ", ""), end - index + 1))
    return out


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    listing = "--list" in sys.argv
    root = args[0] if args else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    places = {"engine branches": [], "inline SQL": [], "multi-type files": [], "long functions": [], "built SQL": []}
    for path in swift_files(root, FEATURES):
        relative = os.path.relpath(path, root)
        text = open(path, encoding="utf-8").read()
        lines = text.split("\n")
        if not implements_one_engine(path):
            for number, raw in enumerate(lines, 1):
                if ENGINE.search(strip_comment(raw)):
                    places["engine branches"].append(f"{relative}:{number}")
        for number, content in literals(text):
            if SQL_VERB.match(content):
                words = content.split()
                if "\\(" in content:
                    places["built SQL"].append(f"{relative}:{number}")
                elif len(words) >= 2 and not content.rstrip().endswith(("AS", "IF EXISTS", "FOR")) and ":" not in content.split("'")[0]:
                    places["inline SQL"].append(f"{relative}:{number}")
        types = [raw for raw in lines if TYPE.match(raw)]
        if len(types) > 1:
            places["multi-type files"].append(f"{relative} ({len(types)})")
        for number, name, length in functions(lines):
            if length > 60:
                places["long functions"].append(f"{relative}:{number} {name} ({length} lines)")
    for kind, found in places.items():
        print(f"{kind:18} {len(found)}")
        if listing:
            for place in found:
                print(f"    {place}")


if __name__ == "__main__":
    main()
