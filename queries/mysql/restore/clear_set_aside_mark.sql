-- A restored table loses partition retention's mark (see set_aside_marked.sql): a
-- change of comment alone, which rebuilds nothing.
ALTER TABLE {table} COMMENT = ''
