-- Foreign keys that point at one table: the child table and its columns, and the parent
-- columns they reference, in key order (JSON arrays: a name may hold any character), and
-- whether the key forbids deleting a parent row still referenced (NO ACTION, RESTRICT)
-- rather than cascading or clearing the reference, and whether it cascades the delete.
-- The arrays are built with GROUP_CONCAT of JSON_QUOTE: MySQL 8's JSON_ARRAYAGG takes no
-- ORDER BY, and the key order matters.
SELECT k.CONSTRAINT_NAME AS constraint_name,
       k.TABLE_SCHEMA AS child_schema,
       k.TABLE_NAME AS child_table,
       CONCAT('[', GROUP_CONCAT(JSON_QUOTE(k.COLUMN_NAME) ORDER BY k.ORDINAL_POSITION SEPARATOR ','), ']') AS child_columns,
       CONCAT('[', GROUP_CONCAT(JSON_QUOTE(k.REFERENCED_COLUMN_NAME) ORDER BY k.ORDINAL_POSITION SEPARATOR ','), ']') AS parent_columns,
       MAX(r.DELETE_RULE IN ('RESTRICT', 'NO ACTION')) AS restricts_delete,
       MAX(r.DELETE_RULE = 'CASCADE') AS cascades_delete
FROM information_schema.KEY_COLUMN_USAGE k
JOIN information_schema.REFERENTIAL_CONSTRAINTS r
  ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA
 AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
 AND r.TABLE_NAME = k.TABLE_NAME
WHERE k.REFERENCED_TABLE_SCHEMA = COALESCE(:schema, DATABASE())
  AND k.REFERENCED_TABLE_NAME = :table
GROUP BY k.TABLE_SCHEMA, k.TABLE_NAME, k.CONSTRAINT_NAME
ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME
