-- The database a restore --create or a drill restores into, with the server's default
-- character set (each table's definition names its own).
CREATE DATABASE {database}
