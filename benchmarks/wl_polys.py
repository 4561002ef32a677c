"""Workloads ``polys_cancel`` and ``polys_gcd``: a GCD the old engine gave up on.

``a``, ``b``, ``c`` are random integer polynomials of 30 terms each in n
variables (n = 2..5; degree up to 15, 8, 5, 4 in each variable, so that
the products have ~850-950 terms; coefficients up to 20 in size; seeded),
and ``expand(a*b)/expand(a*c)`` is cancelled. The pure-Python GCD of
``symdiff.polys`` runs out of its work budget on these after seconds and
keeps only the common monomial; python-flint's is exact in milliseconds.

- ``polys_cancel``: ``symdiff.cancel`` of the quotient (symdiff: the
  default engine, python-flint when installed; ``symdiff-pure``: the same
  with ``polys.use_flint(False)``) against ``sympy.cancel``. Values at
  random points are compared; the result size says who reduced it.
- ``polys_gcd``: the GCD of the two expanded dicts: ``polys.cofactors``
  (default engine; ``pure``: without python-flint) against python-flint's
  ``fmpz_mpoly`` GCD alone (with the conversion from and to dicts) and
  sympy's ``cofactors`` of ``Poly`` objects (converted beforehand, untimed).
  The result size is the number of terms of the GCD.

A note reports the whole family (20 seeds for each n outside ``--quick``):
the slowest ``symdiff.cancel`` and whether every result was in lowest terms.
"""
from __future__ import annotations

import random
import time

import symdiff
from symdiff import polys
from symdiff.rewrite.rational import Poly, from_poly, to_poly

from . import anchors, check, sizes
from .timing import Inspection, Session

WORKLOADS = ("polys_cancel", "polys_gcd")
SHAPES = {2: 15, 3: 8, 4: 5, 5: 4}     # variables -> degree bound in each
TERMS, COEFF = 30, 20


def random_poly(rng: random.Random, nv: int, deg: int, terms: int = TERMS,
                coeff: int = COEFF) -> dict:
    """A random integer polynomial (dense exponent tuples) with ``terms`` terms."""
    p: dict = {}
    while len(p) < terms:
        e = tuple(rng.randint(0, deg) for _ in range(nv))
        c = rng.randint(-coeff, coeff)
        if c:
            p[e] = c
    return p


def family(nv: int, seed: int) -> tuple:
    """``(a*b, a*c, names)`` as dicts for one member of the family."""
    rng = random.Random(1000 * nv + seed)
    a, b, c = (random_poly(rng, nv, SHAPES[nv]) for _ in range(3))
    return polys.mul(a, b), polys.mul(a, c), [f"x{i}" for i in range(nv)]


def quotient(num: dict, den: dict, names: list):
    ks = tuple(symdiff.symbols(" ".join(names))) if len(names) > 1 else (symdiff.symbols(names[0]),)
    return from_poly(Poly(num, ks)) / from_poly(Poly(den, ks)), ks


def in_lowest_terms(r, ks: tuple) -> bool:
    """Whether the numerator and denominator of a cancelled quotient are coprime."""
    from symdiff.core.nodes import Mul, Op
    factors = r.args if r.op is Op.MUL else (r,)
    num = [f for f in factors if not (f.op is Op.POW and f.args[1].op is Op.NUM
                                       and f.args[1].value == -1)]
    den = [f.args[0] for f in factors if f not in num]
    if not den:
        return True
    pn, pd = to_poly(Mul(*num), ks).terms, to_poly(Mul(*den), ks).terms
    g, _, _ = polys.cofactors(pn, pd)
    return polys.is_const(g)


def run(s: Session) -> None:
    if not (s.selected("polys_cancel") or s.selected("polys_gcd")):
        return
    nvs = (4,) if s.quick else tuple(SHAPES)
    for nv in nvs:
        num, den, names = family(nv, 0)
        pts = check.random_points(s.rng, 3, nv)
        if s.selected("polys_cancel"):
            s.case("polys_cancel", nv, "symdiff", lambda: _cancel(num, den, names, pts, True))
            if polys.flint_enabled():
                s.case("polys_cancel", nv, "symdiff-pure", needs="symdiff",
                       setup=lambda: _cancel(num, den, names, pts, False))
            s.case("polys_cancel", nv, "sympy", lambda: _sympy_cancel(num, den, names, pts))
            s.check("polys_cancel", nv)
        if s.selected("polys_gcd"):
            s.case("polys_gcd", nv, "symdiff", lambda: _cofactors(num, den, True))
            if polys.flint_enabled():
                s.case("polys_gcd", nv, "pure", needs="symdiff",
                       setup=lambda: _cofactors(num, den, False))
            s.case("polys_gcd", nv, "flint", lambda: _flint(num, den))
            s.case("polys_gcd", nv, "sympy", lambda: _sympy_gcd(num, den, names))
    if s.selected("polys_cancel"):
        _family_note(s, nvs, 3 if s.quick else 20)


def _cancel(num, den, names, pts, flint: bool):
    e, ks = quotient(num, den, names)

    def call():
        with polys.use_flint(flint):
            return symdiff.cancel(e)

    def inspect(r) -> Inspection:
        return Inspection(sizes.symdiff_size([r]), check.symdiff_values([r], names, pts),
                          {"lowest_terms": in_lowest_terms(r, ks)})
    return call, inspect


def _sympy_cancel(num, den, names, pts):
    sympy = anchors.get("sympy")
    xs = sympy.symbols(names)
    to = lambda p: sympy.Add(*[c * sympy.Mul(*[x ** k for x, k in zip(xs, e)]) for e, c in p.items()])
    q = to(num) / to(den)

    def inspect(r) -> Inspection:
        return Inspection(sizes.sympy_size([r], cse_limit=20_000), check.sympy_values([r], xs, pts))
    return (lambda: sympy.cancel(q)), inspect


def _cofactors(num, den, flint: bool):
    def call():
        with polys.use_flint(flint):
            return polys.cofactors(num, den)

    def inspect(r) -> Inspection:
        return Inspection(len(r[0]), None, {"gave_up": r.gave_up})
    return call, inspect


def _flint(num, den):
    flint = anchors.get("flint")
    ctx = flint.fmpz_mpoly_ctx.get(("x", len(next(iter(num)))), "lex")

    def call():
        g = ctx.from_dict(num).gcd(ctx.from_dict(den))
        return dict(zip([tuple(map(int, e)) for e in g.monoms()], map(int, g.coeffs())))
    return call, lambda g: Inspection(len(g))


def _sympy_gcd(num, den, names):
    sympy = anchors.get("sympy")
    xs = sympy.symbols(names)
    P = sympy.Poly.from_dict(num, *xs, domain="ZZ")
    Q = sympy.Poly.from_dict(den, *xs, domain="ZZ")
    return (lambda: P.cofactors(Q)), lambda r: Inspection(len(r[0].terms()))


def _family_note(s: Session, nvs, seeds: int) -> None:
    worst, exact, total = (0.0, None), 0, 0
    for nv in nvs:
        for seed in range(seeds):
            num, den, names = family(nv, seed)
            e, ks = quotient(num, den, names)
            t0 = time.perf_counter()
            r = symdiff.cancel(e)
            t = time.perf_counter() - t0
            total += 1
            exact += in_lowest_terms(r, ks)
            if t > worst[0]:
                worst = (t, (nv, seed))
    engine = "python-flint" if polys.flint_enabled() else "pure Python"
    s.note("polys_cancel", f"family ({engine}): {total} cases (n = {', '.join(map(str, nvs))}, "
                           f"{seeds} seeds each): {exact} in lowest terms; slowest cancel "
                           f"{worst[0] * 1e3:.1f} ms (n={worst[1][0]}, seed {worst[1][1]})")
