"""Principal values of a lowered program at one point, as sympy gives them.

A step on real operands is evaluated in float64 and stays real when it is
defined there; where it is not (``sqrt(-2)``, ``log(-1)``, ``asin(2)``,
``(-8)**(1/3)``: NaN from non-NaN operands) it is redone in complex128, on
the principal branch. Values carry no signed zeros: a complex result whose
imaginary part is zero is real again, so ``-pi`` is just the real ``-pi``
(NumPy's ``-(pi+0j)`` is ``-pi-0j``, below the cut of ``sqrt``/``log``),
and on the cuts along the real axis the value is sympy's/mpmath's
(counter-clockwise continuity: ``asin``, ``acos``, ``atanh`` of ``x > 1``
are the limits from below, everything else from above).

``symdiff eval`` evaluates with this; ``compile`` uses it once, at compile
time, for constants that are not real (``sqrt(-pi)``, ``2*I``), which the
generated code then holds as complex literals.

>>> from symdiff import parse
>>> from symdiff.codegen.lower import lower
>>> x = parse("x")
>>> p = lower([parse("I*sqrt(x) + acos(x)")], [x])
>>> complex(evaluate(p, {x: -4.0})[p.roots[0]])
(1.1415926535897931-2.0634370688955608j)
"""
from __future__ import annotations

import math

from ..errors import SymdiffError
from ..core.nodes import Expr, Op
from .lower import ACC, Program

_UFUNC = {"add": "add", "sub": "subtract", "mul": "multiply", "div": "divide", "pow": "power",
          "neg": "negative", "pos": "positive", "recip": "reciprocal", "abs": "absolute"}
CUT_BELOW = {"arcsin", "arccos", "arctanh"}   # on x > 1: the limit from below
REAL_ONLY = {"arctan2": "atan2"}              # primitive -> function it comes from


_REAL_CONSTANTS = {"pi": math.pi, "E": math.e, "EulerGamma": 0.5772156649015329}


def _leaf(n: Expr):
    import numpy as np
    if n.op is Op.NUM:
        try:
            return np.float64(float(n.value))
        except OverflowError:
            return np.float64(math.inf if n.value > 0 else -math.inf)
    if n.value == "I":
        return np.complex128(1j)
    return np.float64(_REAL_CONSTANTS[n.value])


def settle(v):
    """No signed zeros; a complex value with zero imaginary part is real."""
    import numpy as np
    if isinstance(v, (complex, np.complexfloating)):
        v = np.complex128(v) + 0.0          # -0.0 + 0.0 is +0.0
        return np.float64(v.real) if v.imag == 0 else v
    return np.float64(v) + 0.0


def _promote(v, prim: str):
    import numpy as np
    if isinstance(v, np.complexfloating):
        return v
    if prim in CUT_BELOW and 1 < v < math.inf:
        return np.complex128(complex(float(v), -0.0))
    return np.complex128(v)


def _isnan(v) -> bool:
    return v != v


def apply(prim: str, fn, ops: list):
    """One primitive, real first (see the module docstring)."""
    import numpy as np
    real = not any(isinstance(o, np.complexfloating) for o in ops)
    if real:
        r = fn(*ops)
        if not _isnan(r) or any(_isnan(o) for o in ops):
            return settle(r)
    if prim in REAL_ONLY:
        if real:
            return settle(r)
        raise SymdiffError(f"{REAL_ONLY[prim]} is defined for real arguments only")
    c = fn(*[_promote(o, prim) for o in ops])
    if real and _isnan(c):      # NaN in complex too: the real NaN
        return settle(r)
    return settle(c)


def _function(prim: str):
    import numpy as np
    return getattr(np, _UFUNC.get(prim, prim))


def _template(name: str, nargs: int):
    from ._exec import form_function
    from .numpy_backend import numpy_form
    return form_function(numpy_form(name, nargs), nargs)


def evaluate(p: Program, values: dict, only_constants: bool = False) -> dict:
    """Node -> value for every node of ``p`` (arguments from ``values``:
    symbol -> float or complex); with ``only_constants``, the constants."""
    import numpy as np
    out: dict = {}
    for a, v in values.items():
        try:
            out[a] = settle(v)
        except (OverflowError, TypeError, ValueError):
            raise SymdiffError(f"not a usable number for {a}: {v!r}") from None

    def get(o):
        v = out.get(o)
        if v is None:
            v = out[o] = _leaf(o)
        return v
    with np.errstate(all="ignore"):
        for c in p.consts:
            if not c.args:
                get(c)
        for n, instrs in p.steps.items():
            if only_constants and n.free:
                continue
            acc = None
            for instr in instrs:
                prim = instr[0]
                if prim == "template":
                    ops = [get(o) for o in instr[2:]]
                    acc = apply(prim, _template(instr[1], len(ops)), ops)
                    continue
                ops = [acc if o is ACC else get(o) for o in instr[1:]]
                acc = apply(prim, _function(prim), ops)
            out[n] = acc
    return out
