-- dbops history store, version 3: analytics read by day across targets (the report's
-- period) without a scan of every stored day.
CREATE INDEX analytics_day_day ON analytics_day (day);
