-- The drill's scratch database: from template0, so nothing a site added to template1
-- (extensions, tables) makes it non-empty.
CREATE DATABASE {database} TEMPLATE template0
