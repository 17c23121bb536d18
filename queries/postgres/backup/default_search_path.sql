-- The search path back to the server default.
SELECT set_config('search_path', '"$user", public', true)
