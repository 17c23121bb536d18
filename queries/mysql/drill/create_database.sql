-- The drill's scratch database, with the server's default character set.
CREATE DATABASE {database}
