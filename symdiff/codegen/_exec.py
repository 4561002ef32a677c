"""Turn generated source into a function: the one ``exec`` in symdiff.

Only code that symdiff generated comes here (names it chose, no user
text); it runs with no builtins and NumPy as ``np``.
"""
from __future__ import annotations


def exec_source(src: str, name: str, **ns):
    """Execute ``src`` and return the object it binds to ``name``."""
    import builtins
    import numpy as np
    env = {"np": np, "__builtins__": {}, **ns}
    exec(builtins.compile(src, "<symdiff>", "exec"), env)  # generated code only
    return env[name]
