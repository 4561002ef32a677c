"""``factor``: a rational expression as a product of irreducible factors.

The expression is brought to one fraction ``N/D`` in lowest terms over its
kernels (the non-rational parts: symbols, function calls, non-integer
powers, treated as variables, their arguments cancelled but not factored),
exactly as :func:`.rational.cancel` does; then N and D are each written as
``content * monomial * prod(f**k)`` with every f irreducible over Q (FLINT's
multivariate factorization, :func:`symdiff.polys.factor`), each f primitive
with integer coefficients and a positive leading coefficient. Without
python-flint only the content, the monomial and the GCD are taken out.

:func:`.rational.factored_spelling` is the same for one polynomial dict; ``cancel``
(and so ``simplify``) uses it as one candidate spelling of its result,
kept where it prints smaller (``x**2/(a + b*x**3)**2`` rather than the
expanded denominator).

>>> factor("x**2 - 1")               # (factors in sympy's printed order)
(x - 1)*(x + 1)
>>> factor("(a**2 + 2*a*b*x**3 + b**2*x**6)/(6*x**2 - 6)")
(a + b*x**3)**2/(6*(x - 1)*(x + 1))
>>> factor("2*x*y + 2*x*sin(y)")
2*x*(y + sin(y))
"""
from __future__ import annotations

from .. import polys
from ..core.nodes import ONE, Expr, Mul, Num, Pow, as_expr
from ..parsing.parse import parse
from . import rational
from .rational import FACTOR_MAX_TERMS, factored_spelling  # noqa: F401 (re-exported)

def factor(expr) -> Expr:
    """``expr`` as ``c * prod(f**k) / prod(g**j)``: a fraction in lowest terms
    over its kernels with numerator and denominator factored over Q
    (irreducible factors need python-flint; without it, content and
    monomials only). Non-polynomial parts stay whole as atoms.

    >>> factor("x**3*y - x*y**3")
    x*y*(x - y)*(x + y)
    >>> factor("exp(2*x) - 1")
    (exp(x) - 1)*(exp(x) + 1)
    """
    e = parse(expr) if isinstance(expr, str) else as_expr(expr)
    run = rational._Cancel(e)
    for n in run.order:
        run.visit(n)
    num, den = run.rf[e]
    if not num:
        return Num(0)
    used = sorted({i for t in (*num, *den) for i, _ in t}, key=lambda i: (run.kernels[i].key, i))
    kernels = tuple(run.kernels[i] for i in used)
    num, den = run.remap(num, used), run.remap(den, used)
    if not kernels:
        return Num(polys.quo(num[()], den[()]))
    if len(den) > 1 or any(next(iter(den))):
        _, num, den = polys.cofactors(num, den)
    out = []
    for p in (num, den):
        got = factored_spelling(p, kernels, rational._poly_expr)
        out.append((1, rational._poly_expr(p, kernels)) if got is None else got)
    (cn, fn), (cd, fd) = out
    c = polys.quo(cn, cd)
    if fd is ONE:
        return Mul(Num(polys.norm(c)), fn)
    return Mul(Num(polys.norm(c)), fn, Pow(fd, Num(-1)))


__all__ = ["factor", "factored_spelling"]
