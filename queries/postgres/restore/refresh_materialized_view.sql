-- A materialized view that held rows in the source, filled again once the rows it reads are
-- in ({view}: its name as the target's server spells it, never the backup's text).
REFRESH MATERIALIZED VIEW {view}
