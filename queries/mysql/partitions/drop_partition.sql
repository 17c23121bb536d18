-- Retention: the partition, emptied by EXCHANGE PARTITION a moment before, leaves the table.
ALTER TABLE {table} DROP PARTITION {partition}
