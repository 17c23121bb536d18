#!/usr/bin/env python3
"""Fills a dbops history store (the schema in queries/sqlite/history, as dbops' migrations
make it) with DAYS days of one snapshot a day for TARGETS targets: health values, 40
tables' sizes and 60 indexes, 50 statements' work, and analytics days (DAU/WAU/MAU,
cost for 6 functions, latency for 6 functions). For bench/history.sh: the report's
time on a year of history does not depend on how the history was made.

    bench/history_store.py STORE TARGETS DAYS
"""
import math, random, sqlite3, sys, time, pathlib

store, targets, days = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
root = pathlib.Path(__file__).resolve().parent.parent / "queries" / "sqlite" / "history"
db = sqlite3.connect(store)
# Every migration in order, as dbops runs them on a new store; GRDB's migrator remembers
# what it ran here.
versions = sorted(int(p.stem.split("_v")[1]) for p in root.glob("schema_v*.sql"))
for version in versions:
    db.executescript((root / f"schema_v{version}.sql").read_text())
db.execute("CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
db.executemany("INSERT INTO grdb_migrations VALUES (?)", [(f"v{v}",) for v in versions])
rng = random.Random(42)
now = time.time()
functions = ["generate-story", "generate-audio", "generate-avatar", "extract-scenes", "moderate", "illustrate"]
checks = ["connection", "connections", "long_queries", "cache_hit_ratio", "database_size", "vacuum_overdue",
          "replication", "wraparound", "sequences", "table_bloat", "index_bloat", "temp_files"]
for t in range(targets):
    target = f"app{t:02d}/db"
    for d in range(days, 0, -1):
        at = now - d * 86400
        cur = db.execute("INSERT INTO snapshot (target, engine, taken_at, seconds, statements_mode, notes) "
                         "VALUES (?, 'postgres', ?, 0.3, ?, '')", (target, at, "delta" if d < days else "cumulative"))
        sid = cur.lastrowid
        rows = []
        for c in checks:
            rows.append((sid, f"health_status.{c}", "", 0 if rng.random() < 0.95 else 1))
            rows.append((sid, f"health.{c}", "", rng.random() * 100))
        for k in range(40):
            size = 1e6 * (k + 1) * (1 + (days - d) / days)
            rows.append((sid, "table.total_bytes", f"public.t{k}", size))
            rows.append((sid, "table.estimated_rows", f"public.t{k}", size / 100))
        for k in range(60):
            rows.append((sid, "index.bytes", f"public.t{k % 40}.i{k}", 1e5 * (k + 1)))
            rows.append((sid, "index.scans", f"public.t{k % 40}.i{k}", (days - d) * k))
        db.executemany("INSERT INTO sample VALUES (?, ?, ?, ?)", rows)
        db.executemany("INSERT INTO statement VALUES (?, ?, ?, ?, ?)",
                       [(sid, f"q{q}", 100 + q, (100 + q) * (1 + q % 7) * (1 + 0.2 * math.sin(d)), 10 * q) for q in range(50)])
        day = time.strftime("%Y-%m-%d", time.gmtime(at))
        a = [(target, day, "dau", "", m, v, at) for m, v in
             (("active_users", 200 + rng.randint(0, 50)), ("weekly_active_users", 800), ("monthly_active_users", 1500), ("events", 5000))]
        for f in functions:
            a.append((target, day, "cost", f, "cost", rng.random() * 10, at))
            a.append((target, day, "cost", f, "rows", 100, at))
            for m in ("calls", "mean", "max", "p50", "p95", "p99"):
                a.append((target, day, "latency", f, m, rng.random() * 5000, at))
        db.executemany("INSERT INTO analytics_day VALUES (?, ?, ?, ?, ?, ?, ?)", a)
    db.executemany("INSERT INTO statement_text VALUES (?, ?, ?)",
                   [(target, f"q{q}", f"SELECT * FROM t{q % 40} WHERE id = $1 /* q{q} */") for q in range(50)])
    db.commit()
db.close()
