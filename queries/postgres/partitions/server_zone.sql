-- The server's own TimeZone setting (dbops' sessions use UTC): the zone whose midnights
-- bound partitions of a timestamptz key unless a rule names another.
SELECT reset_val AS zone FROM pg_settings WHERE name = 'TimeZone'
