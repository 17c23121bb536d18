-- MariaDB: the GTID position of the binary log.
SELECT @@gtid_binlog_pos
