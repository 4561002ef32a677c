"""``diff``: the public entry of forward mode, and how variables are named.

Reverse mode (``grad``, ``jacobian``, ``hessian``) is :mod:`.reverse`.
"""
from __future__ import annotations

from ..errors import LimitError, SymdiffError
from ..core.functions import REGISTRY
from ..core.limits import limits
from ..core.nodes import CONSTANTS, UPPER, Expr, Op, Sym, as_symbol, by_name
from ..core.undef import replace, undefined_calls
from ..core.undefined import split
from ..parsing.parse import parse
from .forward import derivative

ExprLike = "Expr | str | int | float"   # for annotations (no typing import at start-up)


def variables(vs, exprs=()) -> list[Expr]:
    """Variables from names or symbols; names resolve to the symbols of
    ``exprs`` (which may carry assumptions)."""
    out = []
    for v in vs:
        if isinstance(v, str) and v.isidentifier() and v not in CONSTANTS and v not in REGISTRY:
            out.append(Sym(v))     # fast path: a plain name needs no parser
            continue
        if isinstance(v, str) and ("," in v or " " in v.strip()) and "(" not in v:
            out += [as_symbol(p) for p in v.replace(",", " ").split()]
        else:
            out.append(_variable(parse(v, functions=_declared(exprs)) if isinstance(v, str)
                                 else v))
    syms = by_name([v for v in out if v.op is Op.SYM], exprs) if exprs else out
    it = iter(syms)
    return [next(it) if v.op is Op.SYM else v for v in out]


def _declared(exprs) -> frozenset:
    """Names of the undefined functions in ``exprs`` (so ``"q(t)"`` parses)."""
    return frozenset(split(n.value)[0] for n in undefined_calls(exprs))


def _variable(v) -> Expr:
    """A symbol, or a call that can be a variable as in sympy: an undefined
    function's call ``q(t)`` or its derivative ``Derivative(q(t), t)``."""
    if isinstance(v, Expr) and v.op is Op.FN and v.value not in REGISTRY:
        return v
    return as_symbol(v)


def _dummy(v: Expr) -> Expr:
    """A symbol standing for the call ``v`` (a name no text can spell)."""
    return Sym("\x00" + v.value + str(v.key[2]))


def hold_calls(exprs: list, xs: list):
    """For grad/jacobian/hessian: variables that are calls (``q(t)``)
    replaced by symbols in ``exprs`` and ``xs``; ``back`` (None if there
    were none) maps those symbols back for :func:`release`."""
    calls = {v: _dummy(v) for v in xs if v.op is not Op.SYM}
    if not calls:
        return exprs, xs, None
    return ([replace(e, calls) for e in exprs], [calls.get(v, v) for v in xs],
            {d: v for v, d in calls.items()})


def release(e: Expr, back) -> Expr:
    """``e`` with the symbols of :func:`hold_calls` turned back into calls."""
    return e if back is None else replace(e, back)


def derivative_wrt(f: Expr, v: Expr) -> Expr:
    """``df/dv``: for a symbol, forward mode; for a call such as ``q(t)``,
    the call is held as an independent variable (as sympy does: ``q(t)``
    and ``Derivative(q(t), t)`` are independent, and a ``t`` elsewhere is
    not touched)."""
    if v.op is Op.SYM:
        return derivative(f, v)
    dummy = _dummy(v)
    return replace(derivative(replace(f, {v: dummy}), dummy), {dummy: v})


def diff(expr: ExprLike, *vars: ExprLike, n: int = 1, simplify: bool = False,
         functions=None) -> Expr:
    """Exact derivative of ``expr``, simplified by the canonical constructors.

    ``diff(f, x)`` is df/dx, ``diff(f, x, n=3)`` the third derivative,
    ``diff(f, x, y, x)`` the mixed partial d^3f/dx dy dx. With no variable,
    ``f`` must have exactly one free symbol. Strings are parsed.
    ``simplify=True`` passes the result through :func:`symdiff.simplify`.
    ``functions`` declares undefined functions in text (as :func:`parse`); a
    variable may also be such a call, ``q(t)`` or ``Derivative(q(t), t)``.

    >>> diff("x/2 - sin(2*x)/4", "x", simplify=True)
    sin(x)**2

    >>> diff("(x1+x2)*x1**2", "x1")
    x1**2 + 2*x1*(x1 + x2)
    >>> diff("sin(x)*y", "x", "y")
    cos(x)
    >>> diff("x**4", "x", n=2)
    12*x**2
    """
    f = parse(expr, functions=functions)
    if not isinstance(n, int) or isinstance(n, bool) or n < 0:
        raise SymdiffError(f"derivative order must be a non-negative integer, got {n!r}")
    xs = variables(vars, [f])
    if not xs:
        free = sorted(f.free, key=lambda s: s.value)
        if len(free) != 1:
            names = ", ".join(s.value for s in free) or "none"
            raise SymdiffError(f"say which variable to differentiate by (free symbols: {names})")
        xs = free
    if n * len(xs) > limits.max_order:
        raise LimitError(f"derivative order {n * len(xs)} exceeds limits.max_order="
                         f"{limits.max_order}")
    for x in xs:
        for _ in range(n):
            f = derivative_wrt(f, x)
    if simplify:
        from ..rewrite.strategy import simplify as simplify_   # rule tables load only now
        f = simplify_(f)
    return f


UPPER.diff = diff       # Expr.diff (see core.nodes.UPPER)
