-- A database restore --create made: the source database's default character set and
-- collation, which a table created later without its own takes (mysqldump --databases
-- gives them in its CREATE DATABASE).
ALTER DATABASE {database} CHARACTER SET {character_set} COLLATE {collation}
