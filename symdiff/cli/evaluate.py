"""Numbers for ``symdiff eval``: values in, one float or complex out.

Evaluation goes through the compiled NumPy path (the same code ``compile``
generates), in float64; where that gives NaN on real inputs (``sqrt(-1)``,
``log(-2)``) it is repeated in complex128, so principal-branch complex
values come out as in sympy.

>>> from symdiff import parse
>>> evaluate(parse("sqrt(x)"), ["x"], [-4.0])
2j
>>> number("pi/2")
1.5707963267948966
"""
from __future__ import annotations

import math

from ..errors import SymdiffError
from ..core.nodes import Expr


def _call(f: Expr, names: list, values: list, dtype):
    import numpy as np
    from ..codegen.compiled import compile as _compile
    g = _compile(f, names)
    with np.errstate(all="ignore"):
        out = g(*[np.asarray(v, dtype=dtype) for v in values])
    return out.item()


def evaluate(f: Expr, names: list, values: list):
    """``f`` at ``names = values``: a float, or a complex when it is one."""
    is_complex = any(isinstance(v, complex) for v in values)
    out = _call(f, names, values, "complex128" if is_complex else "float64")
    if not is_complex and isinstance(out, float) and math.isnan(out) and all(
            math.isfinite(v) for v in values):
        out = _call(f, names, values, "complex128")
    if isinstance(out, complex) and out.imag == 0 and not math.isnan(out.real):
        out = out.real
    return out


def number(v, ctx=None):
    """A value given on the command line or in a batch request: a number,
    ``"1+2j"``, or a constant expression such as ``"pi/4"`` or ``"2*I"``."""
    if isinstance(v, bool):
        raise SymdiffError(f"not a number: {v!r}")
    if isinstance(v, (int, float, complex)):
        return v
    if not isinstance(v, str):
        raise SymdiffError(f"not a number: {v!r}")
    for conv in (float, complex):
        try:
            return conv(v)
        except ValueError:
            pass
    if ctx is not None:
        e = ctx.parse(v)
    else:
        from ..parsing.parse import parse
        e = parse(v)
    if e.free:
        raise SymdiffError(f"value {v!r} is not a number (it uses "
                           f"{', '.join(sorted(s.value for s in e.free))})")
    return evaluate(e, [], [])
