"""Registry rows of the nonsmooth functions, relations and logic.

``Heaviside``, ``DiracDelta``, ``Max``, ``Min``, ``floor``, ``ceiling``,
``frac``, ``arg``; the relations ``Lt Le Gt Ge Eq Ne`` (printed ``x < y``,
..., ``Eq(x, y)``, ``Ne(x, y)`` as sympy), ``And Or Not`` (``&``, ``|``,
``~``) and ``Piecewise((expr, cond), ...)`` (arguments stored flat:
``e1, c1, e2, c2, ...``). Names and argument order are sympy's.
``core/functions.py`` appends :data:`ROWS` to its table. Their canonical
forms are built in ``core/piecewise.py``; derivative rules that no fixed
template expresses (n-ary ``Max``, ``Piecewise``) live in ``ad/nonsmooth.py``.

Rows whose name starts with ``_`` are internal (codegen's masked
evaluation of ``Piecewise``, see ``codegen/masked.py``); the parser does not
accept them.

Nonsmooth conventions (the one table; tested in tests/core/test_nonsmooth.py):

================================  =============================================
``Heaviside(0)``                  ``1/2`` (sympy); ``Heaviside(x, H0)`` gives H0
``Heaviside'(x)``                 ``DiracDelta(x)`` (sympy); in ``H0``: 0
``DiracDelta`` as a number        ``0`` wherever it is evaluated numerically
                                  (its value off 0; at 0 it has none, and the
                                  almost-everywhere derivative is taken there)
``Max(a, b)'``                    ``Heaviside(a - b)*a' + Heaviside(b - a)*b'``
                                  (sympy): ``Max(x, 0)'`` at 0 is ``1/2``
``Min(a, b)'``                    ``Heaviside(b - a)*a' + Heaviside(a - b)*b'``
``Abs'(x)``                       ``sign(x)``: ``Abs'(0) = 0``
``sign'(x)``                      ``0``, also at 0 (not sympy's ``2*DiracDelta``)
``floor'``, ``ceiling'``          ``0``, also at the integers
``frac'``                         ``1``, also at the integers
``arg'`` (real x)                 ``0``
``Piecewise'``                    branch-wise, conditions unchanged
================================  =============================================
"""
from __future__ import annotations

import math
from fractions import Fraction


class AtLeast(tuple):
    """``nargs`` of an n-ary row: any count from ``n`` on (``nargs[0]`` is
    ``n``, as for the fixed-arity rows)."""
    __slots__ = ()

    def __new__(cls, n: int):
        return tuple.__new__(cls, (n,))

    def __contains__(self, k) -> bool:
        return isinstance(k, int) and k >= self[0]

    def __iter__(self):
        yield f"{self[0]} or more"


RELATIONS = {"Lt": "<", "Le": "<=", "Gt": ">", "Ge": ">=", "Eq": "==", "Ne": "!="}
LOGIC = ("And", "Or", "Not")
BOOLEAN = frozenset(RELATIONS) | frozenset(LOGIC)   # calls whose value is a truth value
NEGATED = {"Lt": "Ge", "Le": "Gt", "Gt": "Le", "Ge": "Lt", "Eq": "Ne", "Ne": "Eq"}

# NaN-free guard of a masked branch argument (codegen/masked.py): ``v`` where
# the mask holds, elsewhere ``v`` at the first point where it holds (NaN if
# none), so a branch is only ever evaluated at points of its own region.
_GUARD = ("np.where({0}, {1}, np.reshape(np.broadcast_arrays({0}, {1})[1], (-1,))["
          "np.argmax(np.reshape(np.broadcast_arrays({0}, {1})[0], (-1,)))] "
          "if np.any({0}) else np.nan)")


def _heaviside(x, h0=0.5):
    return 1.0 if x > 0 else 0.0 if x < 0 else h0


def rows(F) -> list:
    """The rows, built with the registry's row type ``F``."""
    rel = [F(n, ("0", "0"), f"np.{u}({{0}}, {{1}})", "", nargs=(2,),
             domain="relation; its value is a truth value (a condition of Piecewise)")
           for n, u in (("Lt", "less"), ("Le", "less_equal"), ("Gt", "greater"),
                        ("Ge", "greater_equal"), ("Eq", "equal"), ("Ne", "not_equal"))]
    return rel + [
        F("And", (), "np.logical_and({0}, {1})", "", nargs=AtLeast(1), domain="logical and (&)"),
        F("Or", (), "np.logical_or({0}, {1})", "", nargs=AtLeast(1), domain="logical or (|)"),
        F("Not", ("0",), "np.logical_not({0})", "", domain="logical not (~)"),
        F("Piecewise", (), "", "", nargs=AtLeast(2),
          domain="Piecewise((e1, c1), (e2, c2), ...): the first branch whose condition holds; "
                 "undefined (NaN) where none holds"),
        F("Heaviside", ("DiracDelta(x)", "0"), "np.heaviside({0}, {1})", r"\theta\left({0}\right)",
          nargs=(1, 2), real=_heaviside,
          domain="Heaviside(0) = 1/2, Heaviside(x, H0) takes H0 at 0; Heaviside' = DiracDelta"),
        F("DiracDelta", (), "np.zeros_like({0})", r"\delta\left({0}\right)", nargs=(1, 2),
          real=lambda x, k=0: 0.0 if x != 0 else None,
          domain="DiracDelta(x, k) is the k-th derivative; numerically 0 (its value off 0)"),
        F("Max", (), "np.maximum({0}, {1})", "", nargs=AtLeast(1), real=lambda *a: max(a),
          domain="Max(a, b)' = Heaviside(a - b)*a' + Heaviside(b - a)*b'"),
        F("Min", (), "np.minimum({0}, {1})", "", nargs=AtLeast(1), real=lambda *a: min(a),
          domain="Min(a, b)' = Heaviside(b - a)*a' + Heaviside(a - b)*b'"),
        F("floor", ("0",), "np.floor({0})", r"\left\lfloor{{0}}\right\rfloor",
          real=lambda v: float(math.floor(v)), domain="floor' = 0 (also at the integers)"),
        F("ceiling", ("0",), "np.ceil({0})", r"\left\lceil{{0}}\right\rceil",
          real=lambda v: float(math.ceil(v)), domain="ceiling' = 0 (also at the integers)"),
        F("frac", ("1",), "({0} - np.floor({0}))", r"\operatorname{frac}{\left({0}\right)}",
          real=lambda v: v - math.floor(v), domain="frac(x) = x - floor(x); frac' = 1"),
        F("arg", ("0",), "np.angle({0})", r"\arg{\left({0} \right)}",
          real=lambda v: 0.0 if v > 0 else math.pi if v < 0 else None,
          domain="principal argument in (-pi, pi]; arg' = 0 for real x",
          dreal="(re(x)*im(dx) - im(x)*re(dx))/Abs(x)**2"),
        # internal (codegen/masked.py)
        F("_where", (), "np.where({0}, {1}, {2})", "", nargs=(3,)),
        F("_guard", (), _GUARD, "", nargs=(2,)),
        F("_undefined", (), "({0}*np.nan)", "", nargs=(1,)),
    ]


def exact_floor(v):
    """floor of an int or Fraction, exactly."""
    return v if type(v) is int else v.numerator // v.denominator


def exact_ceiling(v):
    return v if type(v) is int else -((-v.numerator) // v.denominator)


def exact_frac(v):
    return Fraction(v) - exact_floor(v) if type(v) is not int else 0


def _no_complex(name):
    def f(*a):
        raise ValueError(f"{name} takes real arguments")
    return f


def _pick_branch(*vals):
    for i in range(0, len(vals), 2):
        if vals[i + 1]:
            return vals[i]
    raise ValueError("no Piecewise condition holds")


# float evaluation (core/evalf.py): name -> (real function, None, complex function)
_REL_OPS = {"Lt": float.__lt__, "Le": float.__le__, "Gt": float.__gt__, "Ge": float.__ge__}
EVALF = {
    **{n: (lambda a, b, o=o: bool(o(float(a), float(b))), None, _no_complex(n))
       for n, o in _REL_OPS.items()},
    "Eq": (lambda a, b: a == b, None, lambda a, b: a == b),
    "Ne": (lambda a, b: a != b, None, lambda a, b: a != b),
    "And": (lambda *a: all(a), None, None), "Or": (lambda *a: any(a), None, None),
    "Not": (lambda a: not a, None, None),
    "Piecewise": (_pick_branch, None, _pick_branch),
    "Heaviside": (_heaviside, None, _no_complex("Heaviside")),
    "DiracDelta": (lambda x, k=0: 0.0, None, _no_complex("DiracDelta")),
    "Max": (lambda *a: max(a), None, _no_complex("Max")),
    "Min": (lambda *a: min(a), None, _no_complex("Min")),
    "floor": (lambda v: float(math.floor(v)), None, _no_complex("floor")),
    "ceiling": (lambda v: float(math.ceil(v)), None, _no_complex("ceiling")),
    "frac": (lambda v: v - math.floor(v), None, _no_complex("frac")),
    "arg": (lambda v: 0.0 if v > 0 else math.pi if v < 0 else None, None,
            lambda z: math.atan2(z.imag, z.real) if z else None),
}


ROW_NAMES = frozenset(r.name for r in rows(lambda name, *a, **k: type("R", (), {"name": name})))
