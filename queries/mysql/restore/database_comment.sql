-- A database restore --create made: the source database's comment (MariaDB).
ALTER DATABASE {database} COMMENT {comment}
