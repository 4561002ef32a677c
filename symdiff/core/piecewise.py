"""Canonical forms of relations, logic, ``Piecewise`` and the nonsmooth
functions (rows in ``core/nonsmooth.py``), as sympy's:

- a relation of two numbers (or of sides differing by a number) is ``True``
  or ``False``; ``Not`` of a relation is the opposite relation;
- ``And``/``Or`` flatten, drop ``True``/``False`` (or become them), drop
  repeats and sort; one argument is itself;
- ``Piecewise`` drops branches after a ``True`` condition, branches whose
  condition is ``False`` or repeats an earlier one, merges consecutive
  branches with the same expression (``Or`` of their conditions), and is
  its expression when one branch with condition ``True`` is left;
- ``Max``/``Min`` flatten, fold numbers (and constants such as ``pi``),
  drop repeats and sort: ``Max(x, x) -> x``, ``Max(1, x, 2) -> Max(2, x)``;
- exact values at numbers: ``Heaviside(3) = 1``, ``Heaviside(0) = 1/2``,
  ``floor(7/2) = 3``, ``frac(-7/2) = 1/2``, ``arg(-2) = pi``;
- integer terms leave ``floor`` and ``ceiling``: ``floor(x + 2) -> floor(x) + 2``.

``Heaviside(x)`` is stored as ``Heaviside(x, 1/2)`` (as sympy stores it)
and prints as ``Heaviside(x)``.

>>> from symdiff import parse
>>> parse("Piecewise((x, x > 0), (x, True))")
x
>>> parse("Max(x, 1, Max(2, x))")
Max(2, x)
"""
from __future__ import annotations

from ..errors import SymdiffError
from .nonsmooth import BOOLEAN, NEGATED, RELATIONS, exact_ceiling, exact_floor, exact_frac
from . import nodes
from .nodes import (FALSE, HALF, ONE, PI, TRUE, UPPER, ZERO, Add, Expr, Num, Op, _make, facts_of,
                    neg)

_NUM, _SYM, _FN, _ADD = Op.NUM, Op.SYM, Op.FN, Op.ADD


def is_boolean(e: Expr) -> bool:
    """Whether ``e`` is a truth value (a relation, And/Or/Not, True/False)."""
    return (e.op is _FN and e.value in BOOLEAN) or e is TRUE or e is FALSE


def _truth(b: bool) -> Expr:
    return TRUE if b else FALSE


def check_value(e: Expr, where: str) -> None:
    if is_boolean(e):
        raise SymdiffError(f"{where} takes an expression, not the condition {e}",)


def check_condition(e: Expr, where: str) -> None:
    if not is_boolean(e):
        raise SymdiffError(f"{where}: {e} is not a condition (a relation such as x > 0, "
                           "&, |, ~, True or False)")


def check_values(roots) -> None:
    """A condition is no value to differentiate or compile."""
    for f in roots:
        if is_boolean(f):
            raise SymdiffError(f"{f} is a condition (a truth value), not an expression: "
                               "differentiate or compile a value, e.g. "
                               "Piecewise((expr, cond), (other, True)) or Heaviside")


def _constant_value(e: Expr):
    """The real float value of a symbol-free expression, or None."""
    if e.free:
        return None
    if e.op is _NUM:
        return e.value
    try:
        v = UPPER.evalf.evalf(e) if UPPER.evalf is not None else None
    except SymdiffError:
        return None
    return v if isinstance(v, float) else None


_COMPARE = {"Lt": lambda d: d < 0, "Le": lambda d: d <= 0, "Gt": lambda d: d > 0,
            "Ge": lambda d: d >= 0, "Eq": lambda d: d == 0, "Ne": lambda d: d != 0}


def _relation(name):
    def build(a, b):
        check_value(a, name)
        check_value(b, name)
        d = Add(a, *[neg(t) for t in (b.args if b.op is Op.ADD else (b,))])
        if d.op is _NUM:
            if isinstance(d.value, complex):
                return None
            return _truth(_COMPARE[name](d.value))
        v = _constant_value(d)
        if v is not None and (v != 0 or name in ("Eq", "Ne")) and abs(v) > 1e-12:
            return _truth(_COMPARE[name](v))
        return None
    return build


def _not(a):
    check_condition(a, "Not")
    if a is TRUE or a is FALSE:
        return _truth(a is FALSE)
    if a.value in NEGATED:
        return _make(_FN, NEGATED[a.value], a.args)
    if a.value == "Not":
        return a.args[0]
    return None


def _logic(name):
    absorbing, neutral = (FALSE, TRUE) if name == "And" else (TRUE, FALSE)

    def build(*args):
        out = {}
        stack = list(reversed(args))
        while stack:
            a = stack.pop()
            check_condition(a, name)
            if a is absorbing:
                return absorbing
            if a is neutral:
                continue
            if a.op is _FN and a.value == name:
                stack.extend(reversed(a.args))
                continue
            out[a] = None
        kept = sorted(out, key=_KEY)
        if not kept:
            return neutral
        if len(kept) == 1:
            return kept[0]
        return _make(_FN, name, tuple(kept))
    return build


def _KEY(e):
    return e.key


def _piecewise(*args):
    if len(args) % 2:
        raise SymdiffError("Piecewise takes (expression, condition) pairs")
    branches: list = []
    seen: set = set()
    for i in range(0, len(args), 2):
        e, c = args[i], args[i + 1]
        check_value(e, "Piecewise")
        check_condition(c, "Piecewise")
        if c is FALSE or c in seen:
            continue
        seen.add(c)
        if branches and branches[-1][0] is e:       # same expression: merge conditions
            c = UPPER_OR(branches[-1][1], c)
            branches.pop()
        branches.append((e, c))
        if c is TRUE:
            break
    if not branches:
        raise SymdiffError("Piecewise: no branch is left (every condition is False)")
    if len(branches) == 1 and branches[0][1] is TRUE:
        return branches[0][0]
    flat = tuple(x for b in branches for x in b)
    return _make(_FN, "Piecewise", flat)


def _minmax(name):
    pick = max if name == "Max" else min

    def build(*args):
        out = {}
        best = None            # (value, node) of the constant arguments
        stack = list(reversed(args))
        while stack:
            a = stack.pop()
            check_value(a, name)
            if a.op is _FN and a.value == name:
                stack.extend(reversed(a.args))
                continue
            v = _constant_value(a)
            if v is not None:
                if best is None or pick(v, best[0]) != best[0] or (
                        v == best[0] and a.op is _NUM and best[1].op is not _NUM):
                    best = (v, a)
                continue
            out[a] = None
        kept = sorted(out, key=_KEY)
        if best is not None:
            kept.insert(0, best[1])
        if len(kept) == 1:
            return kept[0]
        return _make(_FN, name, tuple(kept))
    return build


def _sign_of(x: Expr):
    """-1, 0, 1 for a real constant, else None."""
    v = _constant_value(x)
    if v is None:
        return None
    return (v > 0) - (v < 0)


def _heaviside(x, h0=HALF):
    check_value(x, "Heaviside")
    s = _sign_of(x)
    if s is not None:
        if s:
            return ONE if s > 0 else ZERO
        return h0
    return _make(_FN, "Heaviside", (x, h0))


def _dirac(x, k=ZERO):
    check_value(x, "DiracDelta")
    if k.op is not _NUM or type(k.value) is not int or k.value < 0:
        raise SymdiffError(f"DiracDelta(x, k): k must be a nonnegative integer, got {k}")
    s = _sign_of(x)
    if s:
        return ZERO
    return _make(_FN, "DiracDelta", (x,) if k is ZERO else (x, k))


def _integer(x: Expr) -> bool:
    return (x.op is _NUM and type(x.value) is int) or (
        x.op is _SYM and "integer" in facts_of(x))


def _integer_term(t: Expr):
    """``t`` as an integer node when sympy sees it as one (an int, a float
    with an integer value, a sum, product or power of integers); else None."""
    if t.op is _NUM:
        v = t.value
        if isinstance(v, float):
            return Num(int(v)) if v == v and abs(v) != float("inf") and v == int(v) else None
        return t if type(v) is int else None
    from .assumptions import holds             # imports the registry's fact tables
    return t if holds("integer", t) else None


def _shift(name: str, x: Expr):
    """``floor(x + k) -> floor(x) + k`` for the integer terms ``k`` of a sum
    (also ``ceiling``), as sympy at construction; None where none is."""
    ints, rest = [], []
    for t in x.args:
        k = _integer_term(t)
        (rest if k is None else ints).append(t if k is None else k)
    if not ints:
        return None
    return Add(nodes.Fn(name, Add(*rest)), *ints) if rest else Add(*ints)


def _rounding(name, exact, real):
    def build(x):
        check_value(x, name)
        if _integer(x):
            return ZERO if name == "frac" else x
        if x.op is _NUM:
            v = x.value
            if isinstance(v, float):
                return Num(real(v)) if name == "frac" else Num(int(real(v)))
            if not isinstance(v, complex):
                return Num(exact(v))
        if x.op is _ADD and name != "frac":
            return _shift(name, x)
        return None
    return build


def _arg(x):
    check_value(x, "arg")
    s = _sign_of(x)
    if s is not None and s != 0:
        return ZERO if s > 0 else PI
    return None


def _float_floor(v):
    import math
    return math.floor(v)


def _float_ceiling(v):
    import math
    return math.ceil(v)


def _float_frac(v):
    import math
    return v - math.floor(v)


BUILDERS = {**{n: _relation(n) for n in RELATIONS},
            "Not": _not, "And": _logic("And"), "Or": _logic("Or"),
            "Piecewise": _piecewise, "Max": _minmax("Max"), "Min": _minmax("Min"),
            "Heaviside": _heaviside, "DiracDelta": _dirac,
            "floor": _rounding("floor", exact_floor, _float_floor),
            "ceiling": _rounding("ceiling", exact_ceiling, _float_ceiling),
            "frac": _rounding("frac", exact_frac, _float_frac),
            "arg": _arg}
UPPER_OR = BUILDERS["Or"]
nodes._BUILD.update(BUILDERS)      # Fn builds through these (see core/__init__.py)
