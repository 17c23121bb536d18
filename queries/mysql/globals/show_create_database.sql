-- One database's CREATE DATABASE with its character set and collation.
SHOW CREATE DATABASE {database}
