-- MySQL 8 caches information_schema table statistics for a day by default: read them fresh.
SET SESSION information_schema_stats_expiry = 0
