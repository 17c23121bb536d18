-- dbops history store, version 5: analytics days kept in (target, report, dimension,
-- metric, day) order, the order the report reads a series in, so a year of a fleet streams
-- out of the table without a sort.
CREATE TABLE analytics_day_v5 (
    target      TEXT NOT NULL,
    day         TEXT NOT NULL,          -- YYYY-MM-DD
    report      TEXT NOT NULL,          -- dau | cost | latency
    dimension   TEXT NOT NULL,
    metric      TEXT NOT NULL,
    value       REAL NOT NULL,
    computed_at REAL NOT NULL,
    PRIMARY KEY (target, report, dimension, metric, day)
) WITHOUT ROWID;
INSERT INTO analytics_day_v5 (target, day, report, dimension, metric, value, computed_at)
SELECT target, day, report, dimension, metric, value, computed_at FROM analytics_day;
DROP TABLE analytics_day;
ALTER TABLE analytics_day_v5 RENAME TO analytics_day;
CREATE INDEX analytics_day_day ON analytics_day (day);
