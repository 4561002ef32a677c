"""Exact multivariate GCDs of :mod:`.ring` polynomials, cheapest first.

One polynomial dividing the other; a proof of coprimality from univariate
images modulo a prime; the heuristic GCD (evaluation at integers); the
subresultant PRS, recursive in the main variable. Every method shares one
work budget (:data:`.ring.GCD_BUDGET`) and raises :class:`.ring.TooBig`
when it runs out. :func:`cofactors`, the entry point, uses python-flint's
GCD instead when it is installed (:mod:`.flint_backend`): measured on the
337 GCDs that the simplify panel's cancels reach, FLINT took 10.7 ms in
all against 44.5 ms here, and was faster at the median in every size
class (2-4 terms: 15 us against 82 us; 33-64 terms: 0.2 ms against
0.7 ms), so it is used at every size. On larger inputs these methods run
out of budget where FLINT is exact in milliseconds (``benchmarks/wl_polys.py``).
Only the first test runs before FLINT, on pairs of at most
:data:`DIVIDE_FIRST` terms: on the middle rows of the simplify panel, one
divided the other in 70 of 107 FLINT GCDs (a denominator and its power),
and the divisions cost a third of the FLINT calls they saved.

>>> gcd_rec({(2,): 1, (0,): -1}, {(1,): 1, (0,): -1}) == {(1,): 1, (0,): -1}
True
"""
from __future__ import annotations

import itertools
import math
import operator
import random
from typing import Optional

from . import flint_backend
from .ring import (BUDGET, GCD_BUDGET, MAX_GCD_DEGREE, MAX_GCD_VARS, TooBig, add, coeffs,
                   deg, divide, exact_quotient, is_const, is_linear, lc, madd, mul, one, power,
                   primitive, quo, scale, shift)

def gcd_rec(p: dict, q: dict) -> dict:
    """GCD of two nonzero primitive integer polynomials (positive leading coefficient)."""
    n = len(next(iter(p)))
    if is_const(p) or is_const(q):
        return one(n)
    if p == q:
        return p
    degs = [(deg(p, i), deg(q, i)) for i in range(n)]
    only = next((i for i, (a, b) in enumerate(degs) if (a == 0) != (b == 0)), None)
    if only is not None:
        v = only                               # a variable of one side only: cheapest
    else:                                      # the main variable: lowest degree
        v = min((i for i in range(n) if degs[i][0]), key=lambda i: (min(degs[i]), i))
    dp, dq = degs[v]
    if dp == 0 or dq == 0:
        if dp == 0:
            p, q = q, p
        g = q                                  # v is only in p: gcd with its coefficients
        for _, c in sorted(coeffs(p, v).items()):
            g = gcd_rec(g, primitive(c)[1])
            if is_const(g):
                break
        return g
    for a, b in ((p, q), (q, p)):              # one divides the other: common, cheap
        if len(a) <= len(b) and divide(b, a, exact=True) is not None:
            return a
    cp, cq = _content_v(p, v), _content_v(q, v)
    cg = gcd_rec(cp, cq)
    g = _prs(exact_quotient(p, cp), exact_quotient(q, cq), v)
    return primitive(mul(cg, g))[1]


def _content_v(p: dict, v: int) -> dict:
    """Content of p in variable v: the GCD of its coefficient polynomials."""
    g = None
    for _, c in sorted(coeffs(p, v).items()):
        c = primitive(c)[1]
        g = c if g is None else gcd_rec(g, c)
        if is_const(g):
            break
    return g


def _prem(a: dict, b: dict, v: int) -> dict:
    """Pseudo-remainder of a by b in variable v."""
    db, lb = deg(b, v), lc(b, v)
    r, da = a, deg(a, v)
    e = da - db + 1
    while r and da >= db:
        r = add(mul(lb, r), shift(mul(lc(r, v), b), v, da - db), -1)
        e -= 1
        da = deg(r, v) if r else -1
    return mul(power(lb, e), r) if r and e > 0 else r


def _prs(a: dict, b: dict, v: int) -> dict:
    """GCD of polynomials primitive in v, by the subresultant PRS (Cohen 3.3.1)."""
    if deg(a, v) < deg(b, v):
        a, b = b, a
    n = len(next(iter(a)))
    g = h = one(n)
    while True:
        delta = deg(a, v) - deg(b, v)
        r = _prem(a, b, v)
        if not r:
            break
        if deg(r, v) == 0:
            return one(n)
        a, b = b, exact_quotient(r, mul(g, power(h, delta)))
        g = lc(a, v)
        if delta == 1:
            h = g
        elif delta > 1:
            h = exact_quotient(power(g, delta), power(h, delta - 1))
    return primitive(exact_quotient(b, _content_v(b, v)))[1]


def _norm_inf(p: dict) -> int:
    return max(abs(c) for c in p.values())


def _eval_at(p: dict, v: int, x: int) -> dict:
    """p with variable v set to the integer x."""
    out: dict = {}
    for e, c in p.items():
        k = e[:v] + (0,) + e[v + 1:]
        out[k] = out.get(k, 0) + c * x ** e[v]
    return {e: c for e, c in out.items() if c}


def _lift(h: dict, v: int, x: int) -> dict:
    """Inverse of _eval_at for a small-coefficient preimage: each integer
    coefficient written in base x with digits in (-x/2, x/2]."""
    out: dict = {}
    for e, c in h.items():
        k = 0
        while c:
            d = c % x
            if d > x // 2:
                d -= x
            if d:
                out[e[:v] + (k,) + e[v + 1:]] = d
            c = (c - d) // x
            k += 1
    return out


def _charge(cost: int) -> None:
    """Count ``cost`` against the GCD budget, if one is set. The heuristic
    GCD's images are big integers (one machine word of an image counts as
    one coefficient product): uncounted, a 5-variable GCD of ~900-term
    polynomials spent minutes evaluating them."""
    left = getattr(BUDGET, "left", None)
    if left is not None:
        BUDGET.left = left = left - cost
        if left < 0:
            raise TooBig


def heugcd(f: dict, g: dict) -> Optional[dict]:
    """Heuristic GCD (Char, Geddes, Gonnet) of integer polynomials, with its
    integer content; None if it gives up. A candidate is always checked by
    exact division, and with these evaluation points a checked primitive
    candidate is the GCD (the GCDHEU theorem)."""
    n = len(next(iter(f)))
    v = next((i for i in range(n - 1, -1, -1) if any(e[i] for e in f) or any(e[i] for e in g)),
             None)
    if v is None:
        return {(0,) * n: math.gcd(*f.values(), *g.values())}
    cf, pf = primitive(f)
    cg, pg = primitive(g)
    c = math.gcd(abs(cf), abs(cg))
    xi = 2 * min(_norm_inf(pf), _norm_inf(pg)) + 29
    for _ in range(6):
        if xi.bit_length() * min(deg(pf, v), deg(pg, v)) > 100_000:
            return None                        # evaluation images too large
        _charge((len(pf) + len(pg)) * (1 + xi.bit_length() * max(deg(pf, v), deg(pg, v)) // 64))
        ff, gg = _eval_at(pf, v, xi), _eval_at(pg, v, xi)
        if ff and gg:
            hh = heugcd(ff, gg)
            if hh is not None:
                h = _lift(hh, v, xi)
                if h:
                    h = primitive(h)[1]
                    if (divide(pf, h, exact=True) is not None
                            and divide(pg, h, exact=True) is not None):
                        return scale(h, c)
        xi = xi * 73794 // 27011
    return None


# --- a quick proof of coprimality (images mod a prime) -----------------------
# If gcd(p, q) = g has degree k in variable v, then for any substitution of
# the other variables (and reduction mod P) that keeps both leading
# coefficients in v nonzero, g's image divides both images and keeps degree
# k: so univariate images with a constant gcd prove k = 0. When that holds
# for every variable both share, g is a constant. Otherwise (a common
# factor, or an unlucky point) the exact GCD decides, as before.

_P = (1 << 61) - 1                 # a prime
_RNG = random.Random(2026)         # a fixed seed: the same points in every run
_POINTS = tuple(_RNG.randrange(2, _P) for _ in range(MAX_GCD_VARS))
MAX_IMAGE_DEGREE = 64              # beyond this, Euclid on the images is not quick


def _image(p: dict, v: int, deg: int) -> list | None:
    """Coefficients (by degree in v) of p mod P at the other variables set
    to ``_POINTS``; None when the leading coefficient vanishes there."""
    out = [0] * (deg + 1)
    for e, c in p.items():
        t = c % _P
        for i, x in enumerate(e):
            if x and i != v:
                t = t * pow(_POINTS[i], x, _P) % _P
        out[e[v]] += t
    out = [c % _P for c in out]
    return out if out[deg] else None


def _images_coprime(a: list, b: list) -> bool:
    """Whether univariate polynomials mod P (coefficient lists, nonzero
    leading entries) have a constant GCD (Euclid)."""
    while b:
        inv, db = pow(b[-1], _P - 2, _P), len(b) - 1
        a = a[:]
        while len(a) > db:
            f = a[-1] * inv % _P
            s = len(a) - 1 - db
            for i, c in enumerate(b):
                a[s + i] = (a[s + i] - f * c) % _P
            while a and not a[-1]:
                a.pop()
        a, b = b, a
    return len(a) == 1


def coprime(p: dict, q: dict) -> bool:
    """True only if p and q (integer coefficients) have a constant GCD."""
    n = len(next(iter(p)))
    for v in range(n):
        dp, dq = max(e[v] for e in p), max(e[v] for e in q)
        if not dp or not dq:
            continue                     # v in one of them only: not in the GCD
        if max(dp, dq) > MAX_IMAGE_DEGREE:
            return False
        a, b = _image(p, v, dp), _image(q, v, dq)
        if a is None or b is None or not _images_coprime(a, b):
            return False
    return True


def mono_gcd(p: dict, q: dict) -> tuple:
    return tuple(map(min, *p, *q))


def mono_content(p: dict) -> tuple:
    """The monomial (exponent tuple) dividing every term of a nonzero ``p``."""
    return tuple(map(min, *p)) if len(p) > 1 else next(iter(p))


class Cofactors(tuple):
    """``(g, p/g, q/g)``, a 3-tuple, with ``gave_up``: None when g is the
    exact GCD, else why only the common monomial and content were removed
    (a true common divisor still, so the cofactors stay correct; the
    caller reports it: nothing gives up silently)."""

    def __new__(cls, g: dict, a: dict, b: dict, gave_up: Optional[str] = None):
        self = super().__new__(cls, (g, a, b))
        self.gave_up = gave_up
        return self


DIVIDE_FIRST = 16          # terms of both: at most this, a division is tried before FLINT


def cofactors(p: dict, q: dict) -> Cofactors:
    """``(g, p/g, q/g)`` for nonzero fixed-length p, q over Q; g primitive.

    Exact (python-flint's GCD when :func:`.flint_backend.enabled`, else the
    methods of this module under :data:`.ring.GCD_BUDGET`), or, when a limit
    stops the GCD, only the common monomial and content with the reason in
    ``gave_up``: always a true common divisor.

    >>> r = cofactors({(2,): 1, (0,): -1}, {(1,): 2, (0,): -2})
    >>> r == ({(1,): 1, (0,): -1}, {(1,): 1, (0,): 1}, {(0,): 2}), r.gave_up
    (True, None)
    """
    g, cp, pp, cq, qq, gave_up = _primitive_cofactors(p, q)
    return Cofactors(g, scale(pp, cp), scale(qq, cq), gave_up)


def lowest_terms(p: dict, q: dict) -> Cofactors:
    """``(g, p/(g*c), q/(g*c))`` with c the number that leaves ``q/(g*c)``
    primitive with a positive leading coefficient: the fraction p/q in
    lowest terms, as ``cancel`` writes it (the cofactors of
    :func:`cofactors` divided by the content of the second, without
    scaling it and taking it out again). ``gave_up`` as there.

    >>> from fractions import Fraction
    >>> r = lowest_terms({(2,): 1, (0,): -1}, {(1,): -2, (0,): 2})   # (x**2 - 1)/(2 - 2*x)
    >>> r[1] == {(1,): Fraction(-1, 2), (0,): Fraction(-1, 2)}, r[2] == {(0,): 1}
    (True, True)
    """
    g, cp, pp, cq, qq, gave_up = _primitive_cofactors(p, q)
    return Cofactors(g, scale(pp, quo(cp, cq)), qq, gave_up)


def _primitive_cofactors(p: dict, q: dict) -> tuple:
    """``(g, cp, pp, cq, qq, gave_up)``: p/g = cp*pp and q/g = cq*qq, pp and
    qq primitive with positive leading coefficients (the quotients of such
    polynomials by a primitive g with a positive leading coefficient are
    such polynomials, Gauss's lemma)."""
    n = len(next(iter(p)))
    m = mono_gcd(p, q)
    g = {m: 1}
    if any(m):
        p = {tuple(map(operator.sub, e, m)): c for e, c in p.items()}
        q = {tuple(map(operator.sub, e, m)): c for e, c in q.items()}
    cp, pp = primitive(p)
    cq, qq = primitive(q)
    gave_up = None
    if len(pp) > 1 and len(qq) > 1:
        if pp == qq:                             # (cancel's commonest pair: a sum's
            g, pp, qq = _madd_poly(pp, m), {(0,) * n: 1}, {(0,) * n: 1}    # terms over
        elif is_linear(pp) and is_linear(qq):        # one denominator), and two distinct
            pass                                 # linear ones: coprime (both primitive,
        elif max(x for e in (*pp, *qq) for x in e) > MAX_GCD_DEGREE:   # positive leads)
            gave_up = f"gcd skipped: degree beyond {MAX_GCD_DEGREE}"
        elif flint_backend.enabled():
            got = one_divides(pp, qq, m, n) if len(pp) + len(qq) <= DIVIDE_FIRST else None
            if got is not None:                  # (two thirds of cancel's FLINT GCDs: a
                pp, qq, g = got                  # denominator and its power, in Python
            else:                                # at a third of FLINT's conversions' cost)
                h, pp, qq = flint_backend.cofactors(pp, qq)
                g = _madd_poly(h, m)
        elif n > MAX_GCD_VARS:
            gave_up = f"gcd skipped: more than {MAX_GCD_VARS} variables"
        else:
            BUDGET.left = GCD_BUDGET
            try:
                pp, qq, g = divided(pp, qq, m, n)
            except TooBig:
                gave_up = f"gcd budget exhausted ({GCD_BUDGET} coefficient operations)"
            finally:
                BUDGET.left = None
    return g, cp, pp, cq, qq, gave_up


def divided(pp: dict, qq: dict, m: tuple, n: int) -> tuple:
    """``(pp/h, qq/h, h*m)`` for h = gcd(pp, qq) of primitive pp, qq with
    positive leading coefficients. Cheapest first: one dividing the other
    (most GCDs met in cancel: a denominator and its square), a proof of
    coprimality, then the heuristic GCD (the subresultant one if it gives up)."""
    got = one_divides(pp, qq, m, n)
    if got is not None:
        return got
    if coprime(pp, qq):
        return pp, qq, {m: 1}
    h = heugcd(pp, qq)
    h = primitive(h)[1] if h is not None else gcd_rec(pp, qq)
    if is_const(h):
        return pp, qq, {m: 1}
    return exact_quotient(pp, h), exact_quotient(qq, h), _madd_poly(h, m)


def one_divides(pp: dict, qq: dict, m: tuple, n: int) -> Optional[tuple]:
    """``(pp/a, qq/a, a*m)`` when one of the primitive pp, qq (positive
    leading coefficients) divides the other, a being that one: then a is
    their GCD, primitive with a positive leading coefficient, as FLINT
    gives it. None otherwise (the fewer terms tried first)."""
    one = {(0,) * n: 1}
    for a, b in ((pp, qq), (qq, pp)) if len(pp) <= len(qq) else ((qq, pp), (pp, qq)):
        quo = divide(b, a, exact=True)
        if quo is not None:                        # a | b: the GCD is a
            return (one, quo, _madd_poly(a, m)) if a is pp else (quo, one, _madd_poly(a, m))
    return None


def _madd_poly(p: dict, m: tuple) -> dict:
    return {madd(e, m): c for e, c in p.items()}


def _dense(p: dict, used: list) -> dict:
    """Sparse monomials to tuples over the variables ``used``."""
    return {tuple(map(dict(e).get, used, _ZEROS)): c for e, c in p.items()}


_ZEROS = itertools.repeat(0)       # (endless: map's default exponent)


def _sparse(p: dict, used: list) -> dict:
    return {tuple([(i, x) for i, x in zip(used, e) if x]): c for e, c in p.items()}


def gcd_any(p: dict, q: dict) -> Cofactors:
    """cofactors for sparse monomials."""
    used = sorted({i for e in (*p, *q) for i, _ in e})
    r = cofactors(_dense(p, used), _dense(q, used))
    g, a, b = r
    return Cofactors(_sparse(g, used), _sparse(a, used), _sparse(b, used), r.gave_up)
