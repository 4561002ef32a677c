"""``diff``: the public entry of forward mode, and how variables are named.

Reverse mode (``grad``, ``jacobian``, ``hessian``) is :mod:`.reverse`.
"""
from __future__ import annotations

from ..errors import LimitError, SymdiffError
from ..core.functions import REGISTRY
from ..core.limits import limits
from ..core.nodes import CONSTANTS, UPPER, Expr, Op, Sym, as_symbol, by_name
from ..parsing.parse import parse
from .undefined import declared_names, call_variable, derivative_wrt

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
            out.append(call_variable(parse(v, functions=declared_names(exprs)) if isinstance(v, str)
                                 else v))
    syms = by_name([v for v in out if v.op is Op.SYM], exprs) if exprs else out
    it = iter(syms)
    return [next(it) if v.op is Op.SYM else v for v in out]


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
