-- A database the backup's globals do not describe, created with the server's defaults.
CREATE DATABASE {database}
