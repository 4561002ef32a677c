"""Numbers for ``symdiff eval``: values in, one float or complex out.

Evaluation runs the program ``compile`` lowers, one step at a time on
scalars (``codegen.scalar``): a step on real values is computed in float64
and stays real where it is defined; where it is not (``sqrt(-1)``,
``log(-2)``, ``asin(2)``, ``(-8)**(1/3)``) it is redone in complex128 on the
principal branch, so complex values come out as sympy's ``N()`` gives them.
A result whose imaginary part is zero is a float.

>>> from symdiff import parse
>>> evaluate(parse("sqrt(x)"), ["x"], [-4.0])
2j
>>> evaluate(parse("I*sqrt(x)"), ["x"], [-1.0])
-1.0
>>> number("pi/2")
1.5707963267948966
"""
from __future__ import annotations


from ..errors import SymdiffError
from ..core.nodes import Expr


def evaluate(f: Expr, names: list, values: list):
    """``f`` at ``names = values``: a float, or a complex when it is one."""
    from ..codegen.compiled import _as_vars
    from ..codegen.lower import lower
    from ..codegen.scalar import evaluate as _scalar
    syms = _as_vars(names, [f])
    free = f.free - set(syms)
    if free:
        raise SymdiffError("expression uses symbols that are not given: "
                           + ", ".join(sorted(s.value for s in free)))
    if len(values) != len(syms):
        raise SymdiffError(f"expected {len(syms)} value(s), got {len(values)}")
    p = lower([f], syms)
    out = complex(_scalar(p, dict(zip(syms, values)))[p.roots[0]])   # (as lowered)
    return out.real if out.imag == 0 else out


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
