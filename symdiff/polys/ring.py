"""Sparse multivariate polynomials over Q as plain dicts.

A polynomial is a dict from exponent tuples to nonzero int/Fraction
coefficients. Monomials are dense exponent tuples, all of one length, in a
polynomial and in a GCD; while an expression is converted (its kernel table
still growing) they are sparse: sorted ``(variable, exponent)`` pairs
(multiply those with :func:`smadd`). Size guards raise :class:`TooBig`;
callers then keep the expression as it was.

>>> mul({(1,): 1, (0,): 1}, {(1,): 1, (0,): -1}) == {(2,): 1, (0,): -1}
True
"""
from __future__ import annotations

import math
import operator
import threading
from fractions import Fraction

from ..core.limits import limits

MAX_TERMS = 2000          # an expansion beyond this many terms is left alone
MAX_WORK = 400_000        # coefficient products one multiplication may cost
MAX_GCD_VARS = 40        # the GCD recurses once per kernel: beyond this, only monomials
GCD_BUDGET = 400_000      # coefficient products one GCD may cost before giving up
MAX_GCD_DEGREE = 1000     # beyond this degree in a kernel, only monomials and content
                          # (heuristic gcd evaluates at integers: x**(10**30) would hang)

# --- sparse polynomial arithmetic on dicts ----------------------------------
# Monomials are dense exponent tuples, all of one length, in a Poly and in a
# GCD; while an expression is converted (the kernel table still growing)
# they are sparse: sorted (variable, exponent) pairs.


class TooBig(Exception):
    """A size guard tripped; the caller falls back to a safe answer."""


class _Budget(threading.local):
    """This thread's GCD work budget: ``left``, the coefficient products a
    GCD may still cost, or None outside a GCD (a class default: reading a
    missing thread-local attribute is slow, and every ``mul`` reads it)."""
    left = None


BUDGET = _Budget()


def madd(a: tuple, b: tuple) -> tuple:
    """Product of dense monomials (``()`` is the unit of any length)."""
    if len(a) == len(b):
        return tuple(map(operator.add, a, b))
    return a or b


def smadd(a: tuple, b: tuple) -> tuple:
    """Product of sparse monomials: sorted ``(variable, exponent)`` pairs.
    A factor of one variable (the commonest) is placed by a scan: the same
    sorted tuple as the general merge, without a dict and a sort."""
    if not a:
        return b
    if not b:
        return a
    if len(b) > len(a):
        a, b = b, a
    if len(b) == 1:
        (i, x), = b
        for j, (k, y) in enumerate(a):
            if k >= i:
                if k == i:
                    return a[:j] + ((i, x + y),) + a[j + 1:]
                return a[:j] + b + a[j:]
        return a + b
    d = dict(a)
    for i, x in b:
        d[i] = d.get(i, 0) + x
    return tuple(sorted(d.items()))


def norm(c):
    return c.numerator if type(c) is Fraction and c.denominator == 1 else c


def add(p: dict, q: dict, sign: int = 1) -> dict:
    """``p + sign*q``."""
    out = dict(p)
    for e, c in q.items():
        v = out.get(e, 0) + (c if sign == 1 else -c)
        if v:
            out[e] = v
        else:
            out.pop(e, None)
    return out


def scale(p: dict, c) -> dict:
    return {e: norm(v * c) for e, v in p.items()} if c else {}


def quo(a, b):
    """``a / b`` exactly (an int where it divides)."""
    if type(a) is int and type(b) is int and not a % b:
        return a // b
    return norm(Fraction(a) / b)


def div_scale(p: dict, c) -> dict:
    """``p / c`` for a nonzero number c, without Fractions where c divides."""
    if c == 1:
        return p
    if type(c) is int and all(type(v) is int and not v % c for v in p.values()):
        return {e: v // c for e, v in p.items()}
    return scale(p, Fraction(1) / c)


def mul(p: dict, q: dict, madd=madd) -> dict:
    """Product of two polynomials (counts against the GCD budget if one is set)."""
    if len(p) < len(q):
        p, q = q, p
    left = getattr(BUDGET, "left", None)
    if left is not None:
        left -= len(p) * len(q)
        BUDGET.left = left
        if left < 0:
            raise TooBig
    if len(q) == 1:
        (eq, cq), = q.items()
        return {madd(e, eq): c * cq for e, c in p.items()}
    out: dict = {}
    get = out.get
    for eq, cq in q.items():
        for ep, cp in p.items():
            e = madd(ep, eq)
            out[e] = get(e, 0) + cp * cq
    return {e: c for e, c in out.items() if c}


def _bits(c) -> int:
    """Bits of an exact coefficient beyond a sign (0 for 0 and +-1)."""
    if type(c) is int:
        return max(abs(c).bit_length() - 1, 0)
    c = Fraction(c)
    return max(abs(c.numerator).bit_length(), c.denominator.bit_length()) - 1


def power(p: dict, n: int, limit: int = 0, madd=madd) -> dict:
    """``p**n`` (n >= 0); with ``limit``, raise TooBig past that many terms."""
    if len(p) == 1:
        (e, c), = p.items()
        if limit and _bits(c) * n > limits.max_int_bits:
            raise TooBig                  # 20**(10**30): kept symbolic, as Pow does
        if madd is smadd:
            return {tuple((i, x * n) for i, x in e): c ** n}
        return {tuple(x * n for x in e): c ** n}
    if limit and n > limit:            # p has 2+ terms: p**n has about n+1 or more
        raise TooBig                   # ((a + b*x)**3**3**3: no squarings up to the limit)
    def step(a: dict, b: dict) -> dict:
        if limit and len(a) * len(b) > MAX_WORK:
            raise TooBig
        out = mul(a, b, madd)
        if limit and len(out) > limit:
            raise TooBig
        return out

    out, base = {(): 1}, p             # by squaring: log2(n) products, so a huge n
    while n:                           # meets the limit after a few of them
        if n & 1:
            out = step(out, base)
        n >>= 1
        if n:
            base = step(base, base)
    return out


def lead(p: dict) -> tuple:
    """Leading exponent in lexicographic order."""
    return max(p)


def divide(p: dict, q: dict, exact: bool):
    """Division by the leading term of ``q`` (coefficients in Q).

    Returns ``(quotient, remainder)``; with ``exact``, the quotient or None
    as soon as a remainder term appears.
    """
    lq = lead(q)
    cq = q[lq]
    integral = all(type(c) is int for c in p.values()) and all(type(c) is int for c in q.values())
    r, quo, rem = dict(p), {}, {}
    left = getattr(BUDGET, "left", None)
    while r:
        if left is not None:
            left -= len(q) + len(r) // 8
            if left < 0:
                BUDGET.left = left
                raise TooBig
        m = lead(r)
        c = r[m]
        if any(a < b for a, b in zip(m, lq)):
            if exact:
                return None
            rem[m] = r.pop(m)
            continue
        if integral and exact:
            if c % cq:
                return None
            f = c // cq
        else:
            f = norm(Fraction(c) / cq)
        d = tuple(map(operator.sub, m, lq))
        quo[d] = f
        for e, v in q.items():
            k = madd(d, e)
            w = r.get(k, 0) - f * v
            if w:
                r[k] = w
            else:
                r.pop(k, None)
    if left is not None:
        BUDGET.left = left
    return quo if exact else (quo, rem)


def is_linear(p: dict) -> bool:
    """Whether every term has total degree at most 1."""
    return all(sum(e) <= 1 for e in p)


def linear_irreducible(p: dict) -> bool:
    """Whether a primitive ``p`` without a monomial factor is irreducible by
    a test without factoring: ``p = A*v + B`` for a variable v of degree 1,
    A and B free of v, one of them a single term. A factor free of v
    divides both A and B, so it divides a monomial and is one; p has no
    monomial factor, so it is a unit (``a*x + b*y + c``, ``x*y + z**2``)."""
    n = len(next(iter(p)))
    for v in range(n):
        ones = 0
        for e in p:
            k = e[v]
            if k > 1:
                break
            ones += k
        else:
            if ones and (ones == 1 or ones == len(p) - 1):
                return True
    return False


def content(p: dict):
    """Positive rational content: p / content has coprime integer coefficients."""
    vals = p.values()
    if all(type(c) is int for c in vals):      # the common case, without Fractions
        return math.gcd(*vals)
    num = den = 0
    for c in vals:
        c = Fraction(c)
        num = math.gcd(num, c.numerator)
        den = math.lcm(den, c.denominator) if den else c.denominator
    return norm(Fraction(num, den))


def primitive(p: dict) -> tuple:
    """``(c, pp)`` with ``p = c*pp``, pp integer, coprime, positive leading coefficient."""
    c = content(p)
    if p[lead(p)] < 0:
        c = -c
    return c, {e: norm(v / Fraction(c)) if type(c) is Fraction or type(v) is Fraction
               else v // c for e, v in p.items()}


# --- GCD (fixed-length exponents, primitive integer polynomials) -------------

def deg(p: dict, v: int) -> int:
    return max(e[v] for e in p)


def coeffs(p: dict, v: int) -> dict:
    """Coefficients of p as a polynomial in variable v: degree -> polynomial."""
    out: dict = {}
    for e, c in p.items():
        out.setdefault(e[v], {})[e[:v] + (0,) + e[v + 1:]] = c
    return out


def lc(p: dict, v: int) -> dict:
    d = deg(p, v)
    return {e[:v] + (0,) + e[v + 1:]: c for e, c in p.items() if e[v] == d}


def shift(p: dict, v: int, d: int) -> dict:
    return {e[:v] + (e[v] + d,) + e[v + 1:]: c for e, c in p.items()}


def exact_quotient(p: dict, q: dict) -> dict:
    out = divide(p, q, exact=True)
    if out is None:
        raise TooBig      # cannot happen for a correct GCD; fail safe
    return out


def one(n: int) -> dict:
    return {(0,) * n: 1}


def is_const(p: dict) -> bool:
    return len(p) == 1 and not any(next(iter(p)))
