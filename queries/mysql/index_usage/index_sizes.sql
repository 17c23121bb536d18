-- Index sizes InnoDB keeps (pages x page size); needs SELECT on the mysql schema.
SELECT table_name AS `table`, index_name AS `index`, stat_value * @@innodb_page_size AS bytes
FROM mysql.innodb_index_stats
WHERE database_name = DATABASE() AND stat_name = 'size'
