-- One account's definition (authentication, limits, locks) as the server writes it.
SHOW CREATE USER {user}@{host}
