"""Fuzz classes for the Python API's edges (wired into the runner by
``tests/fuzzing.py``'s caller): each entry of :data:`CLASSES` runs one random
case from a ``random.Random`` and raises ``AssertionError`` on a failure.

* :func:`numpy_scalar_case`: a random NumPy scalar combined with a random
  expression by a random operator, on either side, gives the same node as
  the equal Python number (or ``SymdiffError`` for bool, complex and
  non-finite values, exactly when the Python number raises too).
* :func:`from_sympy_case`: an arbitrary sympy object (expressions from
  supported and unsupported functions, relations, matrices, sets, tuples,
  odd symbol names, infinities) converts to an expression that evaluates
  like the sympy one and prints as text that parses back to it, or raises
  ``SymdiffError``; nothing else.
"""
from __future__ import annotations

import cmath
import operator
import random
import warnings

import numpy as np

import symdiff
from symdiff import SymdiffError
from symdiff.core.functions import REGISTRY
from symdiff.core.nonsmooth import ROW_NAMES as NONSMOOTH_ROWS
from symdiff.core.piecewise import is_boolean
from symdiff.core.nodes import Expr, Op, Sym, topo

OPS = [operator.add, operator.sub, operator.mul, operator.truediv, operator.pow]

_INT_TYPES = [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64]
_FLOAT_TYPES = [np.float16, np.float32, np.float64, np.longdouble]


def random_expr(rng: random.Random, depth: int = 3) -> Expr:
    """A small random expression built through the Python API."""
    x, y = symdiff.symbols("x y")
    if depth == 0 or rng.random() < 0.3:
        return rng.choice([x, y, symdiff.parse("pi"), symdiff.parse(str(rng.randint(-5, 9))),
                           symdiff.parse("1/3"), symdiff.parse("0.5")])
    kind = rng.randrange(3)
    a = random_expr(rng, depth - 1)
    if kind == 0:
        name = rng.choice(["sin", "cos", "exp", "atan", "sqrt", "log", "tanh"])
        return getattr(symdiff, name)(a)
    b = random_expr(rng, depth - 1)
    try:
        return rng.choice(OPS[:4])(a, b) if kind == 1 else a ** rng.choice([2, 3, -1])
    except SymdiffError:          # e.g. a division by an expression equal to 0
        return a


def random_numpy_scalar(rng: random.Random):
    r = rng.random()
    if r < 0.35:
        t = rng.choice(_INT_TYPES)
        info = np.iinfo(t)
        return t(rng.randint(max(info.min, -1000), min(info.max, 1000)))
    if r < 0.75:
        t = rng.choice(_FLOAT_TYPES)
        return t(rng.choice([rng.uniform(-100, 100), rng.randint(-9, 9), 0.1, -0.0, 1e-30]))
    if r < 0.85:
        return rng.choice(_FLOAT_TYPES[:3])(rng.choice(["nan", "inf", "-inf"]))
    if r < 0.93:
        return np.bool_(rng.random() < 0.5)
    return rng.choice([np.complex64, np.complex128])(complex(rng.randint(-3, 3), 1))


def _python_number(v):
    """The equal Python number: int for NumPy integers, float for floats
    (exactly: float() of a float32 is its value), bool and complex kept."""
    if isinstance(v, np.bool_):
        return bool(v)
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.complexfloating):
        return complex(v)
    return float(v)


def _apply(op, e, n, left: bool):
    try:
        return op(n, e) if left else op(e, n)
    except SymdiffError as err:
        return SymdiffError
    # anything else propagates: a failure


def numpy_scalar_case(rng: random.Random) -> None:
    e = random_expr(rng)
    v = random_numpy_scalar(rng)
    op = rng.choice(OPS)
    left = rng.random() < 0.5
    want = _apply(op, e, _python_number(v), left)
    try:
        got = _apply(op, e, v, left)
    except Exception as err:
        raise AssertionError(f"{op.__name__}({'v, e' if left else 'e, v'}) with e={e}, "
                             f"v={v!r}: {type(err).__name__}: {err}") from err
    if got is not want:
        raise AssertionError(f"{op.__name__} with e={e}, v={v!r} (left={left}): "
                             f"got {got!r}, the Python number gives {want!r}")
    if isinstance(got, Expr) and isinstance(v, (np.bool_, np.complexfloating)):
        raise AssertionError(f"{v!r} was accepted as a number: {got}")


# --- from_sympy ------------------------------------------------------------

NAMES = ["x", "y", "z", "x1", "_a", "theta_2", "\u03b8", "E", "pi", "I", "sin", "ln", "Abs",
         "x y", "", "1x", "e", "lambda", "a-b"]
_FACTS = [{}, {}, {}, {"positive": True}, {"real": True}, {"integer": True},
          {"negative": True}, {"commutative": False}]
_UNSUPPORTED = ["gamma", "erf", "floor", "re", "im", "conjugate", "LambertW", "Heaviside",
                "zeta", "factorial"]


def _sympy_leaf(rng: random.Random, sympy):
    r = rng.random()
    if r < 0.45:
        name = rng.choice(NAMES[:7]) if rng.random() < 0.7 else rng.choice(NAMES)
        facts = rng.choice(_FACTS) if rng.random() < 0.3 else {}
        return sympy.Symbol(name, **facts)
    if r < 0.65:
        return sympy.Integer(rng.randint(-5, 9))
    if r < 0.75:
        return sympy.Rational(rng.randint(-7, 7), rng.randint(1, 5))
    if r < 0.82:
        return sympy.Float(rng.uniform(-3, 3))
    return rng.choice([sympy.pi, sympy.E, sympy.I, sympy.oo, -sympy.oo, sympy.zoo, sympy.nan,
                       sympy.GoldenRatio, sympy.EulerGamma, sympy.S.Half, sympy.true])


def random_sympy(rng: random.Random, depth: int = 3):
    """An arbitrary sympy object (may be a non-expression); sympy's own
    construction errors propagate (callers skip those cases)."""
    import sympy
    if depth == 0 or rng.random() < 0.25:
        return _sympy_leaf(rng, sympy)
    sub = lambda: random_sympy(rng, depth - 1)  # noqa: E731
    r = rng.random()
    if r < 0.2:
        return sympy.Add(sub(), sub())
    if r < 0.4:
        return sympy.Mul(sub(), sub())
    if r < 0.5:
        return sympy.Pow(sub(), rng.choice([sympy.Integer(2), sympy.Integer(-1),
                                            sympy.Rational(1, 2), sympy.Integer(3), sub()]))
    if r < 0.72:
        name = rng.choice(sorted(set(REGISTRY) - NONSMOOTH_ROWS))
        f = getattr(sympy, name)
        return f(sub(), sub()) if name == "atan2" else f(sub())
    if r < 0.82:
        name = rng.choice(_UNSUPPORTED)
        return getattr(sympy, name)(sub())
    if r < 0.86:
        return sympy.Function(rng.choice(["f", "sin", "exp"]))(sub())   # undefined functions
    x = sympy.Symbol("x")
    return rng.choice([
        lambda: sympy.Eq(sub(), sub()), lambda: sympy.Lt(sub(), sub()),
        lambda: sympy.Matrix([[sub(), sub()]]), lambda: sympy.ImmutableMatrix([sub()]),
        lambda: sympy.Interval(0, 1), lambda: sympy.FiniteSet(sub(), 1),
        lambda: sympy.Tuple(sub(), sub()), lambda: sympy.Derivative(sub(), x),
        lambda: sympy.Integral(sub(), x), lambda: sympy.Max(sub(), sub()),
        lambda: sympy.Piecewise((sub(), x > 0), (1, True)), lambda: sympy.UnevaluatedExpr(sub()),
        lambda: rng.choice([3, -2.5, 1j, True, "x", None, [1, 2]]),
    ])()


def _point_value(sym, rng: random.Random) -> complex:
    if sym.is_integer:
        n = rng.randint(1, 3)
        return complex(-n if sym.is_negative else n)
    if sym.is_positive:
        return complex(rng.uniform(0.2, 2))
    if sym.is_negative:
        return complex(-rng.uniform(0.2, 2))
    if sym.is_real:
        return complex(rng.uniform(-2, 2))
    return complex(rng.uniform(-2, 2), rng.uniform(-2, 2))


def _value(sexpr, values: dict):
    """sympy's value of ``sexpr`` with symbols replaced by name (None when
    not a finite number)."""
    import sympy
    reps = {s: sympy.Float(values[s.name].real, 30) + sympy.Float(values[s.name].imag, 30) * sympy.I
            for s in sexpr.free_symbols if s.name in values}
    try:
        v = complex(sympy.N(sexpr.xreplace(reps), 30))
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        return None
    return v if cmath.isfinite(v) and abs(v) < 1e8 else None


def from_sympy_case(rng: random.Random) -> None:
    import sympy                  # before the filter below: importing it adds its own
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")      # sympy's deprecation of odd Pow/Mul args
            s = random_sympy(rng)
    except Exception:             # sympy refused to build it: not a case
        return
    try:
        e = symdiff.from_sympy(s)
    except SymdiffError:
        return
    except Exception as err:
        raise AssertionError(f"from_sympy({s!r}) raised {type(err).__name__}: {err}") from err
    if not isinstance(e, Expr):
        raise AssertionError(f"from_sympy({s!r}) returned {type(e).__name__}")
    text = str(e)
    # undefined functions (sympy's Function("f")) read back when declared
    declared = {n.value.rpartition("][")[2].rstrip("]") for n in topo([e])
                if n.op is Op.FN and n.value not in REGISTRY}
    try:
        again = symdiff.parse(text, functions=declared)
    except SymdiffError as err:
        raise AssertionError(f"from_sympy({s!r}) prints {text!r}, which does not parse: "
                             f"{err}") from err
    plain = e.subs({v: Sym(v.value) for v in e.free})   # assumed symbols print plainly
    if again is not plain:
        raise AssertionError(f"from_sympy({s!r}) prints {text!r}, which reads back as "
                             f"another expression")
    if is_boolean(e):             # a relation: it read back; no value to compare
        return
    if not isinstance(s, sympy.Basic):
        s = sympy.sympify(s)      # a Python number
    back = symdiff.to_sympy(e)
    values = {}
    for sym in sorted(s.free_symbols, key=lambda q: q.name):
        values[sym.name] = _point_value(sym, rng)
    va, vb = _value(s, values), _value(back, values)
    if va is not None and vb is not None and abs(va - vb) > 1e-8 * max(1.0, abs(va)):
        raise AssertionError(f"from_sympy({s}) = {e}: {vb} != sympy's {va} at {values}")


CLASSES = [numpy_scalar_case, from_sympy_case]


if __name__ == "__main__":      # python tests/fuzz_api.py [cases] [seed]
    import sys
    import time
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    for case in CLASSES:
        t0, worst = time.perf_counter(), 0.0
        for i in range(n):
            t = time.perf_counter()
            case(random.Random(seed * 1_000_003 + i))
            worst = max(worst, time.perf_counter() - t)
        print(f"{case.__name__}: {n} cases in {time.perf_counter() - t0:.1f} s, "
              f"slowest {worst:.3f} s")
