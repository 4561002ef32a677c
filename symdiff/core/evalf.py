"""The number a constant expression stands for, in float64, with the stdlib.

``Expr.evalf()``, ``float(e)``, ``complex(e)`` and ``int(e)`` use
:func:`evalf`: exact numbers (ints, Fractions) convert directly; anything
else is evaluated by one iterative walk over the DAG with ``math`` and
``cmath`` (no NumPy, no recursion over depth). Branches are sympy's
principal ones, also on the branch cuts for real arguments: ``sqrt(-4)`` is
``2j``, ``log(-1)`` is ``pi*1j``, ``asin(2)`` is ``pi/2 - 1.3169...j`` (as
sympy's ``N``; C's ``casin`` gives the conjugate there), and the reciprocal
functions follow their registry definitions (``asec(x) = acos(1/x)``).

>>> from symdiff import parse
>>> evalf(parse("pi/2"))
1.5707963267948966
>>> evalf(parse("sqrt(-1)"))
1j
"""
from __future__ import annotations

import cmath
import math
import sys
from fractions import Fraction

from ..errors import SymdiffError
from .nodes import UPPER, Expr, Op, as_expr, topo
from .nonsmooth import EVALF as NONSMOOTH_EVALF

_NUM, _CONST, _SYM, _POW, _MUL, _FN, _ADD = Op.NUM, Op.CONST, Op.SYM, Op.POW, Op.MUL, Op.FN, Op.ADD

_CONSTANTS = {"pi": math.pi, "E": math.e, "I": 1j, "EulerGamma": 0.5772156649015329,
              "True": True, "False": False}


def _cut(f, sign_rule: str):
    """``f`` of a real ``x`` off its real domain, as a complex function on
    the side of the branch cut sympy takes: ``"+"`` from above (imaginary
    part +0.0), ``"-x"`` from the side opposite to the sign of x."""
    if sign_rule == "+":
        return lambda x: f(complex(x, 0.0))
    return lambda x: f(complex(x, -0.0 if x > 0 else 0.0))


def _recip(f):
    return lambda z: f(1 / z)


def _inv(f):
    """``1/f(z)`` where ``f`` overflows for large arguments (sinh, cosh):
    the reciprocal is then 0 (within float64)."""
    def inv(z):
        try:
            return 1 / f(z)
        except OverflowError:
            return 0.0 * z if isinstance(z, complex) else math.copysign(0.0, z)
    return inv


def _sign(z):
    if isinstance(z, complex):
        return z / abs(z) if z else 0.0
    return float((z > 0) - (z < 0))


def _atan2(y, x):
    if isinstance(y, complex) or isinstance(x, complex):
        raise SymdiffError("atan2 takes real arguments")
    return math.atan2(y, x)


# name -> (real function or None, its real-axis continuation, complex function).
# The real function raises ValueError (or returns None) off its domain; the
# continuation then gives the value of a real argument there.
_ASIN, _ACOS, _ATANH = _cut(cmath.asin, "-x"), _cut(cmath.acos, "-x"), _cut(cmath.atanh, "-x")
_ACOSH, _LOG = _cut(cmath.acosh, "+"), _cut(cmath.log, "+")

_FUNCS = {
    "sin": (math.sin, None, cmath.sin),
    "cos": (math.cos, None, cmath.cos),
    "tan": (math.tan, None, cmath.tan),
    "cot": (lambda x: 1 / math.tan(x), None, lambda z: 1 / cmath.tan(z)),
    "sec": (lambda x: 1 / math.cos(x), None, lambda z: 1 / cmath.cos(z)),
    "csc": (lambda x: 1 / math.sin(x), None, lambda z: 1 / cmath.sin(z)),
    "asin": (math.asin, _ASIN, cmath.asin),
    "acos": (math.acos, _ACOS, cmath.acos),
    "atan": (math.atan, None, cmath.atan),
    "acot": (lambda x: math.atan(1 / x) if x else math.pi / 2, None, _recip(cmath.atan)),
    "asec": (_recip(math.acos), _recip(_ACOS), _recip(cmath.acos)),
    "acsc": (_recip(math.asin), _recip(_ASIN), _recip(cmath.asin)),
    "sinh": (math.sinh, None, cmath.sinh),
    "cosh": (math.cosh, None, cmath.cosh),
    "tanh": (math.tanh, None, cmath.tanh),
    "coth": (lambda x: 1 / math.tanh(x), None, lambda z: 1 / cmath.tanh(z)),
    "sech": (_inv(math.cosh), None, _inv(cmath.cosh)),
    "csch": (_inv(math.sinh), None, _inv(cmath.sinh)),
    "asinh": (math.asinh, None, cmath.asinh),
    "acosh": (math.acosh, _ACOSH, cmath.acosh),
    "atanh": (math.atanh, _ATANH, cmath.atanh),
    "acoth": (lambda x: math.atanh(1 / x) if x else None,
              lambda x: _ATANH(1 / x) if x else 0.5j * math.pi,   # acoth(0) as sympy
              _recip(cmath.atanh)),
    "asech": (_recip(math.acosh), _recip(_ACOSH), _recip(cmath.acosh)),
    "acsch": (_recip(math.asinh), None, _recip(cmath.asinh)),
    "exp": (math.exp, None, cmath.exp),
    "log": (lambda x: math.log(x) if x > 0 else None, _LOG, cmath.log),
    "sqrt": (lambda x: math.sqrt(x) if x >= 0 else None, _cut(cmath.sqrt, "+"), cmath.sqrt),
    "Abs": (abs, None, abs),
    "sign": (_sign, None, _sign),
    "atan2": (_atan2, None, _atan2),
    "re": (lambda x: x, None, lambda z: complex(z).real),
    "im": (lambda x: 0.0, None, lambda z: complex(z).imag),
    "conjugate": (lambda x: x, None, lambda z: complex(z).conjugate()),
    **NONSMOOTH_EVALF,      # Heaviside, Max, ..., relations, Piecewise (core/nonsmooth.py)
}


def _short(e: Expr, n: int = 60) -> str:
    s = str(e)
    return s if len(s) <= n else s[:n - 3] + "..."


def _real(v):
    """A complex with imaginary part 0 as a float (it lies on the real axis:
    the real-argument conventions apply to it)."""
    if isinstance(v, complex) and v.imag == 0:
        return v.real
    return v


def _special(name: str, args: list):
    """A special function (``special_numeric``, SciPy): real first, then
    complex where the real value is NaN (not real there), as ``_function``."""
    from .special_numeric import namespace
    f = getattr(namespace(), name)
    if not any(isinstance(a, complex) for a in args):
        r = complex(f(*args))
        if r == r:
            return r.real if r.imag == 0 else r
        if any(a != a for a in args):
            return r.real
    r = complex(f(*[complex(a) for a in args]))
    if r != r:
        raise ValueError(name)
    return r


def _function(name: str, args: list):
    got = _FUNCS.get(name)
    if got is None:
        from .functions import REGISTRY
        if name in REGISTRY:      # a special function (special_numeric.py)
            return _special(name, args)
        # an undefined function or derivative node (core/undefined.py)
        raise SymdiffError(f"cannot evaluate the undefined function call {name}(...): "
                           "make it concrete first (symdiff.subs_function)")
    real, cont, cplx = got
    if all(not isinstance(a, complex) for a in args):
        try:
            r = real(*args)
        except ValueError:
            r = None
        if r is not None:
            return r
        if cont is not None:
            return cont(*args)
    return cplx(*[complex(a) if not isinstance(a, complex) else a for a in args])


def _sqrt(b):
    if isinstance(b, complex):
        return cmath.sqrt(b)
    return math.sqrt(b) if b >= 0 else cmath.sqrt(complex(b, 0.0))


def _power(b, e_node: Expr, ev):
    if e_node.op is _NUM:
        n = e_node.value
        if type(n) is int:
            return b ** n
        if type(n) is Fraction and n.denominator == 2 and abs(n.numerator) == 1:
            r = _sqrt(b)
            return r if n > 0 else 1 / r
    if not isinstance(b, complex) and not isinstance(ev, complex):
        if b > 0 or float(ev).is_integer():
            return b ** ev
        if b == 0:
            if ev > 0:
                return 0.0
            raise ZeroDivisionError
        return cmath.exp(ev * cmath.log(complex(b, 0.0)))
    if b == 0:
        if complex(ev).real > 0:
            return 0.0
        raise ZeroDivisionError
    if not isinstance(ev, complex) and ev.is_integer() and abs(ev) < 2 ** 31:
        return complex(b) ** int(ev)
    return cmath.exp(ev * cmath.log(b))


def _finite(v) -> bool:
    return cmath.isfinite(v) if isinstance(v, complex) else math.isfinite(v)


def evalf(expr: Expr):
    """``expr``'s value as a Python float, or a complex where it is not real.

    Raises :class:`SymdiffError` if ``expr`` has free symbols, or its value
    is undefined or beyond float64 (``1/sin(0)``, ``exp(1000)``).
    """
    expr = as_expr(expr)
    if expr.free:
        names = ", ".join(sorted(s.value for s in expr.free))
        raise SymdiffError(f"cannot evaluate {_short(expr)} to a number: it has free symbols "
                           f"({names}); substitute values first, e.g. e.subs({{...}})")
    vals: dict = {}
    for n in topo([expr]):
        op = n.op
        try:
            if op is _NUM:
                v = float(n.value)
            elif op is _CONST:
                v = _CONSTANTS[n.value]
            elif op is _ADD:
                xs = [vals[a] for a in n.args]
                if any(isinstance(x, complex) for x in xs):
                    v = complex(math.fsum(complex(x).real for x in xs),
                                math.fsum(complex(x).imag for x in xs))
                else:
                    v = math.fsum(xs)
            elif op is _MUL:
                v = 1.0
                for a in n.args:
                    v = v * vals[a]
            elif op is _POW:
                b, e = n.args
                v = _power(vals[b], e, vals[e])
            else:
                v = _function(n.value, [vals[a] for a in n.args])
                if v is None:
                    raise ValueError
        except ZeroDivisionError:
            raise SymdiffError(f"cannot evaluate {_short(expr)}: division by zero in "
                               f"{_short(n)}") from None
        except (OverflowError, ValueError):
            raise SymdiffError(f"cannot evaluate {_short(expr)}: {_short(n)} is undefined or "
                               "beyond float64 range") from None
        v = _real(v)
        if not _finite(v):
            raise SymdiffError(f"cannot evaluate {_short(expr)}: {_short(n)} is not finite "
                               "in float64")
        vals[n] = v
    return vals[expr]


def to_float(expr: Expr) -> float:
    """``float(expr)``: the real value (SymdiffError for a complex one)."""
    if expr.op is _NUM:
        try:
            return float(expr.value)
        except OverflowError:
            raise SymdiffError(f"{_short(expr)} is beyond float64 range") from None
    v = evalf(expr)
    if isinstance(v, complex):
        raise SymdiffError(f"cannot convert {_short(expr)} to float: its value {v} is complex; "
                           "use complex()")
    return v


def to_complex(expr: Expr) -> complex:
    """``complex(expr)``."""
    return complex(to_float(expr) if expr.op is _NUM else evalf(expr))


def to_int(expr: Expr) -> int:
    """``int(expr)``: the value truncated toward zero (as Python's and
    sympy's ``int``); exact for exact numbers, else from the float64 value,
    which must be below 2**53 in magnitude to have an exact integer part."""
    if expr.op is _NUM:
        return int(expr.value)
    v = evalf(expr)
    if isinstance(v, complex):
        raise SymdiffError(f"cannot convert {_short(expr)} to int: its value {v} is complex")
    if abs(v) >= 2.0 ** 53:
        raise SymdiffError(f"cannot convert {_short(expr)} to int exactly: its value {v:.6g} "
                           "is beyond float64's exact integers")
    return int(v)


UPPER.evalf = sys.modules[__name__]     # float(e), complex(e), int(e), e.evalf()
