-- A role, unless the server has it (MariaDB roles have no host).
CREATE ROLE IF NOT EXISTS {user}
