-- Whether the server has this tablespace (a whole-server restore keeps one it has as it is).
SELECT 1 FROM pg_catalog.pg_tablespace WHERE spcname = $1
