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
    if "_sc." in src:               # special functions (SciPy: an optional extra)
        from ..core.special_numeric import namespace
        env["_sc"] = namespace()
    if "_special(" in src:          # their array-API counterparts
        from ..core.special_numeric import xp_namespace
        env["_special"] = xp_namespace
    exec(builtins.compile(src, "<symdiff>", "exec"), env)  # generated code only
    return env[name]


_FORMS: dict = {}


def form_function(form: str, nargs: int):
    """The function of a registry row's NumPy form (``"1/np.tan({0})"``)
    over ``nargs`` arguments, built once per form."""
    fn = _FORMS.get((form, nargs))
    if fn is None:
        params = [f"p{i}" for i in range(nargs)]
        fn = _FORMS[(form, nargs)] = exec_source(
            f"def _t({', '.join(params)}):\n    return {form.format(*params)}\n", "_t")
    return fn
