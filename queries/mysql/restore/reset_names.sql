-- Back to the session's own character set.
SET NAMES utf8mb4
