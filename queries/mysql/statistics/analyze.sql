-- Fresh persistent statistics for one InnoDB table (a sample of its index pages). Its
-- metadata lock waits at most the session's lock_wait_timeout. It answers with rows
-- (Table, Op, Msg_type, Msg_text), an error among them rather than as an error.
ANALYZE TABLE {table}
