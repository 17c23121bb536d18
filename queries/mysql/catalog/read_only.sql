-- Whether the server refuses writes from accounts without SUPER (MariaDB: READ_ONLY ADMIN).
SELECT @@global.read_only AS read_only
