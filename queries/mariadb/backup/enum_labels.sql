-- The labels of one ENUM or SET column, in order, each as hex and comma-separated.
-- MariaDB keeps labels in 3-byte utf8 metadata: SHOW CREATE TABLE and information_schema
-- print a label outside the Basic Multilingual Plane (an emoji) as '?', while the column
-- still stores and returns the real label. A variable of the column's own type (TYPE OF)
-- set to each index (ENUM) or bit (SET) returns it. A compound statement, so no bound
-- parameters: {count} and {value} are numbers and an expression dbops writes itself.
-- Run for a column whose printed type holds a label with a '?' (MySQL 8 keeps labels
-- exactly).
BEGIN NOT ATOMIC
    DECLARE v TYPE OF {table}.{column};
    DECLARE i INT DEFAULT 1;
    DECLARE labels LONGTEXT DEFAULT '';
    WHILE i <= {count} DO
        SET v = {value};
        SET labels = CONCAT(labels, IF(i = 1, '', ','), HEX(v));
        SET i = i + 1;
    END WHILE;
    SELECT labels;
END
