-- MySQL: the binary log position while writes are stopped.
SHOW MASTER STATUS
