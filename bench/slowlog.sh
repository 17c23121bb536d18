#!/usr/bin/env bash
# Slow query log reading (not a test): `dbops slow-queries --slow-log` against
# pt-query-digest on the same generated MariaDB slow log, round-robin, medians.
#
#   bench/slowlog.sh [--entries N]
#
# The log: N entries (default 300,000, about 70 MB) of 500 statement shapes with their
# literals varying, in MariaDB's format (# Time, # User@Host, # Query_time, SET timestamp).
# No server is needed; nothing is started.
set -euo pipefail
source "$(dirname "$0")/common.sh"
entries=300000
while (($#)); do
  case "$1" in
    --entries) entries="$2"; shift 2 ;;
    *) die "unknown option $1" ;;
  esac
done
[[ "$entries" =~ ^[0-9]+$ ]] && ((entries >= 1000 && entries <= 100000000)) || die "--entries takes 1000 to 100000000"

"$ROOT_DIR/scripts/install-deps.sh" --bench
(cd "$ROOT_DIR" && swift build -c release --static-swift-stdlib --product dbops 2>&1 | grep -E "error" >&2 || true)
DBOPS="$ROOT_DIR/.build/release/dbops"
[[ -x "$DBOPS" ]] || die "dbops did not build"
mkdir -p "$BENCH_OUT"
log="$BENCH_OUT/slow.log"
python3 - "$entries" "$log" <<'EOF'
import random, sys
entries, path = int(sys.argv[1]), sys.argv[2]
random.seed(7)
with open(path, "w") as f:
    for i in range(entries):
        f.write(f"# Time: 2026-12-04T10:{i // 60 % 60:02d}:{i % 60:02d}.000000Z\n"
                f"# User@Host: app[app] @ localhost []\n"
                f"# Query_time: {random.random() * 3:.6f}  Lock_time: 0.000010 Rows_sent: {i % 100}  Rows_examined: {i % 1000}\n"
                f"SET timestamp=1700000000;\n"
                f"SELECT * FROM t{i % 500} WHERE id = {i} AND name = 'user{i}' AND kind IN ({i % 7}, {i % 11}) LIMIT 10;\n")
EOF
echo "== slow log of $entries entries ($(mib "$(size_of "$log")")): dbops slow-queries --slow-log vs pt-query-digest (medians of ${BENCH_RUNS:-3} rounds)"
timed_rounds \
  dbops "\"$DBOPS\" slow-queries --slow-log \"$log\" >/dev/null" \
  pt-query-digest "pt-query-digest \"$log\" >/dev/null"
printf '%-18s %8ss\n' dbops "${ROUND_TAKEN[dbops]}" pt-query-digest "${ROUND_TAKEN[pt-query-digest]}"
echo "pt-query-digest / dbops: $(ratio "${ROUND_TAKEN[pt-query-digest]}" "${ROUND_TAKEN[dbops]}")x"
