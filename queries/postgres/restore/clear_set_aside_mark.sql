-- A restored table loses partition retention's mark (see set_aside_marked.sql).
COMMENT ON TABLE {table} IS NULL
