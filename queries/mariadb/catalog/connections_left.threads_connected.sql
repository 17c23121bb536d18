-- MariaDB keeps the status counters in information_schema (performance_schema may be off).
           SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'THREADS_CONNECTED'
