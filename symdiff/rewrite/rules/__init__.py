"""Rule tables by theme, one ``name: lhs -> rhs [if guard]`` per line."""
