-- MariaDB: the binary log position of this transaction's snapshot.
SHOW STATUS LIKE 'binlog_snapshot_%'
