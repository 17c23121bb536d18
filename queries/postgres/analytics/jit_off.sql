-- JIT compiles the bitmask aggregate for longer than it takes to run it.
SELECT set_config('jit', 'off', false)
