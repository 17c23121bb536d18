-- The database a restore --create or a drill restores into: from template0, so nothing a
-- site added to template1 (extensions, tables) makes it non-empty. {encoding}: the source
-- database's encoding with the C locale when it is not UTF8 (a SQL_ASCII database's bytes
-- need not be UTF-8).
CREATE DATABASE {database} TEMPLATE template0{encoding}
