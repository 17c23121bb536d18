-- ... then back to UTC, the zone dbops sessions work in.
SET time_zone = '+00:00'
