-- Where one MariaDB sequence stands. next_not_cached_value is what the sequence starts from
-- after a restart: values cached and not yet handed out are lost then, so they count as used.
SELECT next_not_cached_value, minimum_value, maximum_value, increment, cycle_option
FROM {schema}.{sequence}
