-- A batch locks the rows it changes and no gaps an application insert would wait on.
SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED
