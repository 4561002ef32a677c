"""Rational-function normal forms: :func:`expand`, :func:`together`, :func:`cancel`.

Polynomials are sparse dicts from exponent tuples to exact coefficients
(int or Fraction) over a list of *kernels*: the non-rational parts of an
expression (symbols, constants, function calls, powers with non-integer
exponents), each treated as one variable. :class:`Poly` wraps such a dict
with its kernel tuple; :func:`poly_gcd` is an exact multivariate GCD over Q
(recursive in the main variable: content, primitive part, subresultant PRS)
and :func:`poly_div` is division by the lexicographic leading term.

Every walk over an expression is iterative (``topo``), each distinct node is
handled once, and outputs never depend on hash order: kernels are ordered by
``node.key``. Size guards (:data:`MAX_TERMS`, a GCD work budget) leave a
node unexpanded, or treat it as an opaque kernel, instead of hanging: the
result is then still equal to the input, only less simplified.

>>> from symdiff import parse
>>> cancel(parse("(x**2 - 1)/(x - 1)"))
x + 1
>>> together(parse("1/x + 1/y"))
(x + y)/(x*y)
>>> expand(parse("(x + 1)**2"))
x**2 + 2*x + 1
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from itertools import repeat
from operator import sub
from typing import Optional

from .. import polys
from .cost import printed_ops, shared_memo
from .engine import MEMO
from ..errors import LimitError, SymdiffError
from ..core.nodes import (ONE, ZERO, I, Add, Expr, Fn, Mul, Num, Op, Pow, as_expr,
                     mul_coeff, rebuild, split_coeff, topo)

# module constants: an Op.X lookup costs ~0.1 us, and the hot loops make many
_NUM, _POW, _MUL, _FN, _ADD = Op.NUM, Op.POW, Op.MUL, Op.FN, Op.ADD

MAX_EXP_POWER = 64        # exp(p*u) is exp(u)**p for integers |p| up to this
MAX_TERMS = polys.MAX_TERMS   # an expansion beyond this many terms is left alone


# --- the public polynomial type ---------------------------------------------

@dataclass(frozen=True, eq=True)
class Poly:
    """A polynomial over Q in ``kernels``: ``terms`` maps exponent tuples
    (one entry per kernel) to nonzero int/Fraction coefficients.

    >>> from symdiff import parse
    >>> p = to_poly(parse("x**2 - 1"))
    >>> p.kernels, p.terms == {(2,): 1, (0,): -1}
    ((x,), True)
    """
    terms: dict
    kernels: tuple

    def _same(self, o: "Poly") -> None:
        if self.kernels != o.kernels:
            raise SymdiffError("polynomials over different kernels")

    def __add__(self, o: "Poly") -> "Poly":
        self._same(o)
        return Poly(polys.add(self.terms, o.terms), self.kernels)

    def __sub__(self, o: "Poly") -> "Poly":
        self._same(o)
        return Poly(polys.add(self.terms, o.terms, -1), self.kernels)

    def __mul__(self, o: "Poly") -> "Poly":
        self._same(o)
        return Poly(polys.mul(self.terms, o.terms), self.kernels)

    def __neg__(self) -> "Poly":
        return Poly(polys.scale(self.terms, -1), self.kernels)

    def __pow__(self, n: int) -> "Poly":
        return Poly(polys.power(self.terms, n), self.kernels)

    def is_zero(self) -> bool:
        return not self.terms


def _is_poly_node(n: Expr) -> bool:
    """Sums, products and non-negative integer powers: polynomial structure."""
    if n.op is _ADD or n.op is _MUL:
        return True
    if n.op is _POW:
        e = n.args[1]
        return e.op is _NUM and type(e.value) is int and e.value > 0
    return n.op is _NUM and not isinstance(n.value, float)


def to_poly(e: Expr, kernels: Optional[tuple] = None) -> Poly:
    """The polynomial of ``e`` in ``kernels`` (default: its non-polynomial
    parts, sorted by ``key``); sums and products are expanded.

    >>> from symdiff import parse
    >>> to_poly(parse("(x + y)**2")).terms == {(2, 0): 1, (1, 1): 2, (0, 2): 1}
    True
    """
    e = as_expr(e)
    if kernels is None:
        found, stack, seen = [], [e], set()
        while stack:
            n = stack.pop()
            if n in seen:
                continue
            seen.add(n)
            if _is_poly_node(n):
                stack.extend(n.args)
            else:
                found.append(n)
        kernels = tuple(sorted(found, key=lambda k: k.key))
    kernels = tuple(kernels)
    index = {k: i for i, k in enumerate(kernels)}
    nv = len(kernels)
    val: dict = {}
    for n in topo([e], prune=lambda m: m in index):
        if not _is_poly_node(n):
            raise SymdiffError(f"{n} is not polynomial in the given kernels")
        if n.op is _NUM:
            val[n] = {(0,) * nv: n.value} if n.value else {}
            continue
        args = [val[a] if a not in index else {tuple(int(i == index[a]) for i in range(nv)): 1}
                for a in n.args]
        if n.op is _ADD:
            acc: dict = {}
            for a in args:
                acc = polys.add(acc, a)
        elif n.op is _MUL:
            acc = {(0,) * nv: 1}
            for a in args:
                acc = polys.mul(acc, a)
        else:
            acc = polys.power(args[0], n.args[1].value)
        val[n] = acc
    if e in index:
        return Poly({tuple(int(i == index[e]) for i in range(nv)): 1}, kernels)
    return Poly(val[e], kernels)


def _powers(kernels, exps) -> list:
    """``k**x`` for each kernel of a nonzero exponent (``k`` itself for 1)."""
    return [k if x == 1 else Pow(k, Num(x)) for k, x in zip(kernels, exps) if x]


def _monomial(kernels, exps) -> Expr:
    return Mul(*_powers(kernels, exps))


def _term_expr(e: tuple, c, kernels) -> Expr:
    return mul_coeff(c, _powers(kernels, e))


def from_poly(p: Poly) -> Expr:
    """The expression of a polynomial (a canonical sum of terms).

    >>> from symdiff import parse
    >>> from_poly(to_poly(parse("(x + 1)*(x - 1)")))
    x**2 - 1
    """
    return Add(*[_term_expr(e, c, p.kernels) for e, c in sorted(p.terms.items())])


def poly_gcd(p: Poly, q: Poly) -> Poly:
    """Greatest common divisor over Q, as a primitive integer polynomial with
    positive leading coefficient (``gcd(0, 0) = 0``).

    >>> from symdiff import parse
    >>> k = (parse("x"), parse("y"))
    >>> from_poly(poly_gcd(to_poly(parse("x**2 - y**2"), k), to_poly(parse("x**2 + 2*x*y + y**2"), k)))
    x + y
    """
    p._same(q)
    if not p.terms or not q.terms:
        r = p.terms or q.terms
        return Poly(polys.primitive(r)[1] if r else {}, p.kernels)
    r = polys.cofactors(p.terms, q.terms)
    if r.gave_up:
        raise LimitError(f"poly_gcd: {r.gave_up}")
    return Poly(r[0], p.kernels)


def poly_div(p: Poly, q: Poly) -> tuple:
    """``(quotient, remainder)`` of division by the lexicographic leading
    term of ``q``: ``p = quotient*q + remainder``, no remainder term divisible
    by that leading term (the ordinary division when univariate).

    >>> from symdiff import parse
    >>> quo, rem = poly_div(to_poly(parse("x**2 + 1")), to_poly(parse("x - 1")))
    >>> from_poly(Poly(quo.terms, quo.kernels)), from_poly(rem)
    (x + 1, 2)
    """
    p._same(q)
    if not q.terms:
        raise ZeroDivisionError("polynomial division by zero")
    quo, rem = polys.divide(p.terms, q.terms, exact=False)
    return Poly(quo, p.kernels), Poly(rem, p.kernels)


# --- expand ----------------------------------------------------------------

def _compositions(n: int, m: int):
    """All m-tuples of non-negative ints summing to n (iteratively)."""
    k = [0] * m
    k[0] = n
    while True:
        yield tuple(k)
        i = m - 2
        while i >= 0 and not k[i]:
            i -= 1
        if i < 0:
            return
        t = k[m - 1]
        k[m - 1] = 0
        k[i] -= 1
        k[i + 1] = t + 1


def _comb_exceeds(n: int, k: int, limit: int) -> bool:
    """``comb(n, k) > limit``, without computing a huge binomial."""
    k = min(k, n - k)
    c = 1
    for i in range(1, k + 1):
        c = c * (n - k + i) // i
        if c > limit:
            return True
    return False


def _expand_pow(p: Expr) -> Expr:
    """Multinomial expansion of ``(a + b + ...)**n`` for integer n != 0."""
    b, e = p.args
    if b.op is not _ADD or e.op is not _NUM or type(e.value) is not int:
        return p
    n, terms = abs(e.value), b.args
    if _comb_exceeds(n + len(terms) - 1, len(terms) - 1, MAX_TERMS):
        return p
    fact = math.factorial
    out = []
    for ks in _compositions(n, len(terms)):
        c = fact(n)
        for k in ks:
            c //= fact(k)
        out.append(Mul(Num(c), *[Pow(t, Num(k)) for t, k in zip(terms, ks) if k]))
    s = Add(*out)
    return s if e.value > 0 else Pow(s, Num(-1))


def _distribute(m: Expr) -> Expr:
    """Expand a product over the sums among its factors."""
    factors = [_expand_pow(f) if f.op is _POW else f for f in m.args]
    acc = [ONE]
    for f in factors:
        ts = f.args if f.op is _ADD else (f,)
        if len(acc) * len(ts) > MAX_TERMS:
            return m
        if len(ts) == 1:
            acc = [Mul(a, ts[0]) for a in acc]
        else:
            s = Add(*[Mul(a, t) for a in acc for t in ts])
            acc = list(s.args) if s.op is _ADD else [s]
    return Add(*acc)


def expand(e: Expr) -> Expr:
    """Distribute products over sums and expand integer powers of sums,
    everywhere (function arguments too); a node whose expansion would pass
    :data:`MAX_TERMS` terms is left as it is.

    >>> from symdiff import parse
    >>> expand(parse("(x + y)*(x - y) + sin(2*(x + 1))"))
    x**2 - y**2 + sin(2*x + 2)
    """
    def step(n: Expr, args: tuple) -> Expr:
        r = rebuild(n, args)
        try:
            if r.op is _MUL:
                return _distribute(r)
            if r.op is _POW:
                return _expand_pow(r)
        except SymdiffError:           # coefficients beyond limits.max_int_bits, floats
                                       # overflowing to inf
            pass
        return r
    return _bottom_up(as_expr(e), step)


def _bottom_up(e: Expr, step) -> Expr:
    """``e`` rebuilt children first: each node with arguments becomes
    ``step(node, its rewritten arguments)``, each distinct node once."""
    done: dict = {}
    for n in topo([e]):
        done[n] = step(n, tuple(done[a] for a in n.args)) if n.args else n
    return done[e]


# --- together ----------------------------------------------------------------

def _split_fraction(t: Expr) -> tuple:
    """``(numerator, {base: positive rational exponent})`` of a product."""
    factors = t.args if t.op is _MUL else (t,)
    num, den = [], {}
    for f in factors:
        if f.op is _POW:
            b, x = f.args
            if x.op is _NUM and not isinstance(x.value, float) and x.value < 0:
                den[b] = -x.value
                continue
        num.append(f)
    return Mul(*num), den


def _together_add(terms: tuple) -> Expr:
    parts = [_split_fraction(t) for t in terms]
    lcm: dict = {}
    for _, den in parts:
        for b, x in den.items():
            if x > lcm.get(b, 0):
                lcm[b] = x
    if not lcm:
        return Add(*terms)
    num = Add(*[Mul(n, *[Pow(b, Num(polys.norm(x - den.get(b, 0)))) for b, x in lcm.items()
                         if x != den.get(b, 0)]) for n, den in parts])
    return Mul(num, *[Pow(b, Num(polys.norm(-x))) for b, x in lcm.items()])


def together(e: Expr) -> Expr:
    """Rewrite sums of fractions as one fraction over the syntactic LCM of
    the denominators (each distinct factor at its highest power); numerators
    are multiplied out only as far as the sum needs. Applies everywhere.

    >>> from symdiff import parse
    >>> together(parse("1/x + 1/x**2 + 1/(x + 1)"))
    (x**2 + x*(x + 1) + x + 1)/(x**2*(x + 1))
    """
    return _bottom_up(as_expr(e), lambda n, args: _together_add(args) if n.op is _ADD
                      else rebuild(n, args))


# --- cancel ----------------------------------------------------------------

_UNIT = {(): 1}
_ZEROS = repeat(0)                 # (endless: map's default exponent)


def _mono_cofactors(p: dict, q: dict) -> tuple:
    """``(p/m, q/m)`` for sparse p, q, one of them a single term, and m their
    common monomial: what ``polys.gcd_any`` gives them (exact: a divisor of
    a single term is a term, so the GCD is m up to a constant, and
    ``cofactors`` takes its constant as 1), without its dense round trip."""
    terms = iter((*p, *q))
    m = dict(next(terms))
    for e in terms:
        if not m:
            return p, q
        d = dict(e)
        m = {i: min(x, d[i]) for i, x in m.items() if i in d}
    if not m:
        return p, q
    return _mono_div(p, m), _mono_div(q, m)


def _mono_div(p: dict, m: dict) -> dict:
    """Sparse ``p`` divided by a monomial ``m`` (a dict) dividing each term."""
    get = m.get
    return {tuple((i, x - get(i, 0)) for i, x in e if x != get(i, 0)): c for e, c in p.items()}


class _Cancel:
    """One cancel run: rational forms ``(N, D)`` of the nodes over a growing
    kernel table, and the cancelled expression of each region root."""

    def __init__(self, root: Expr, notes: Optional[list] = None, max_terms: Optional[int] = None,
                 memo: Optional[dict] = None):
        self.notes = notes        # where a GCD that gave up is reported (or None)
        self.memo = memo          # (kernels, num, den) -> its compact spelling, across runs
        self.max_terms = max_terms   # a fraction of more terms is left unbuilt
        self.most = 0             # the most terms a built fraction had (a memo's key:
                                  # any max_terms >= most gives the same result)
        self.index: dict = {}     # kernel expression -> variable number
        self.kernels: list = []
        self.rules: dict = {}     # variable -> (period Q, number c): K**Q == c
        self.rf: dict = {}        # node -> (N, D), sparse monomials
        self.out: dict = {}       # node -> cancelled expression
        self.roots: dict = {}     # base node -> lcm of its rational exponents' denominators
        self.order = topo([root])
        for n in self.order:
            if n.op is _POW:
                x = n.args[1]
                if x.op is _NUM and type(x.value) is Fraction:
                    b = n.args[0]
                    self.roots[b] = math.lcm(self.roots.get(b, 1), x.value.denominator)

    def var(self, k: Expr, power: int = 1) -> tuple:
        """The rational form of ``k**power`` for kernel ``k``."""
        i = self.index.get(k)
        if i is None:
            i = self.index[k] = len(self.kernels)
            self.kernels.append(k)
            if k is I:
                self.rules[i] = (2, -1)
        mono = ((i, abs(power)),)
        return ({mono: 1}, _UNIT) if power > 0 else (_UNIT, {mono: 1})

    def root_var(self, b: Expr, p: int, q: int) -> tuple:
        """Rational form of ``b**(p/q)`` as a power of the kernel ``b**(1/Q)``."""
        Q = self.roots.get(b)
        base = self.finish(b)
        if Q is None or Q % q:                # no common root kernel: opaque
            return self.var(Pow(base, Num(Fraction(p, q))))
        k = Pow(base, Num(Fraction(1, Q)))
        if k.op is not _POW:        # folded (cannot happen for a true root): opaque
            return self.var(Pow(base, Num(Fraction(p, q))))
        new = k not in self.index
        form = self.var(k, p * (Q // q))
        if new and base.op is _NUM:
            self.rules[self.index[k]] = (Q, base.value)
        elif new and base is I:
            self.rules[self.index[k]] = (2 * Q, -1)
        return form

    # -- arithmetic on rational forms ------------------------------------------
    @staticmethod
    def check(f: tuple) -> tuple:
        if len(f[0]) > MAX_TERMS or len(f[1]) > MAX_TERMS:
            raise polys.TooBig
        return f

    def plus(self, a: tuple, b: tuple) -> tuple:
        (n1, d1), (n2, d2) = a, b
        if d1 == d2:
            return polys.add(n1, n2), d1
        if not n1:
            return b
        if not n2:
            return a
        if d2 == _UNIT:
            return polys.add(n1, self.mul(n2, d1)), d1
        if d1 == _UNIT:
            return polys.add(n2, self.mul(n1, d2)), d2
        if len(d1) == 1 or len(d2) == 1:
            c1, c2 = _mono_cofactors(d1, d2)
        else:
            _, c1, c2 = self.gcd(polys.gcd_any(d1, d2))   # d1 = g*c1, d2 = g*c2
        return polys.add(self.mul(n1, c2), self.mul(n2, c1)), self.mul(d1, c2)

    def gcd(self, r: polys.Cofactors) -> polys.Cofactors:
        """r, its giving up (a limit stopped the GCD: the cofactors are
        right but not in lowest terms) reported."""
        if r.gave_up and self.notes is not None and r.gave_up not in self.notes:
            self.notes.append(r.gave_up)
        return r

    @staticmethod
    def mul(p: dict, q: dict) -> dict:
        if q is _UNIT:                        # (the unit is shared: a common factor)
            return p
        if p is _UNIT:
            return q
        if len(p) == 1 and len(q) == 1:       # monomials (the terms of a long sum): directly
            (ep, cp), = p.items()
            (eq, cq), = q.items()
            return {polys.smadd(ep, eq): cp * cq}
        if len(p) * len(q) > polys.MAX_WORK:
            raise polys.TooBig
        return polys.mul(p, q, polys.smadd)

    def power(self, f: tuple, k: int) -> tuple:
        n, d = f
        if k < 0:
            if not n:
                raise polys.TooBig                 # 1/0: leave the node alone
            n, d, k = d, n, -k
        if k == 1:                            # (forms are never changed in place)
            return n, d
        return polys.power(n, k, MAX_TERMS, polys.smadd), polys.power(d, k, MAX_TERMS, polys.smadd)

    # -- one node ------------------------------------------------------------
    def visit(self, n: Expr) -> None:
        try:
            f = self.check(self.form(n))
        except (polys.TooBig, SymdiffError):       # too big to expand, or a float overflows
            f = self.var(n)                   # on the way: an opaque kernel
        if len(f[1]) == 1 and () in f[1] and f[1] != _UNIT:
            (c,) = f[1].values()              # a constant denominator: fold it in
            f = (polys.div_scale(f[0], c), _UNIT)
        self.rf[n] = f

    def form(self, n: Expr) -> tuple:
        op = n.op
        if op is _NUM:
            if isinstance(n.value, float):
                return self.var(n)
            return ({(): n.value} if n.value else {}), _UNIT
        if op is _ADD:
            f = self.rf[n.args[0]]
            for a in n.args[1:]:
                f = self.check(self.plus(f, self.rf[a]))
            return f
        if op is _MUL:
            nn, dd = self.rf[n.args[0]]
            for a in n.args[1:]:
                n2, d2 = self.rf[a]
                nn, dd = self.check((self.mul(nn, n2), self.mul(dd, d2)))
            return nn, dd
        if op is _POW:
            return self.power_form(n)
        if op is _FN and n.value == "exp" and n not in self.roots and self.rf[n.args[0]][0]:
            num, den = self.rf[n.args[0]]         # exp(p*u) = exp(u)**p, p an integer
            p = (Fraction(polys.content(num)) / polys.content(den)).numerator
            p = -p if self.negative(n.args[0]) else p
            if p != 1 and abs(p) <= MAX_EXP_POWER:
                return self.var(Fn("exp", self.build(polys.scale(num, Fraction(1, p)), den)), p)
        if op is _FN:
            k = Fn(n.value, *[self.finish(a) for a in n.args])
            if k.op is _NUM and not isinstance(k.value, float):
                return ({(): k.value} if k.value else {}), _UNIT
        else:
            k = n                             # symbol or constant
        if n in self.roots:                   # u = (u**(1/Q))**Q relates u to its roots
            self.out[n] = k
            return self.root_var(n, 1, 1)
        return self.var(k)

    def power_form(self, n: Expr) -> tuple:
        b, x = n.args
        if x.op is not _NUM:
            x = self.finish(x)                # the exponent, cancelled
        if x.op is _NUM:
            v = x.value
            if type(v) is int:
                return self.power(self.rf[b], v)
            if type(v) is Fraction:
                return self.root_var(b, v.numerator, v.denominator)
            return self.var(Pow(self.finish(b), x))
        k, rest = 0, x                        # u**(r + k) = u**r * u**k
        if x.op is _ADD and x.args[0].op is _NUM and type(x.args[0].value) is int:
            k, rest = x.args[0].value, Add(*x.args[1:])
        lead = rest.args[0] if rest.op is _ADD else rest
        sign = -1 if split_coeff(lead)[0] < 0 else 1
        kern = self.var(Pow(self.finish(b), Mul(Num(sign), rest)), sign)
        if k == 0:
            return kern
        (n1, d1), (n2, d2) = kern, self.power(self.rf[b], k)
        return self.mul(n1, n2), self.mul(d1, d2)

    def negative(self, n: Expr) -> bool:
        """Whether the rational form of n has a negative leading coefficient
        (numerator's times denominator's, kernels in ``key`` order)."""
        num, den = self.rf[n]
        if not num:
            return False
        used = sorted({i for e in (*num, *den) for i, _ in e},
                      key=lambda i: (self.kernels[i].key, i))
        num, den = self.remap(num, used), self.remap(den, used)
        return (num[polys.lead(num)] < 0) != (den[polys.lead(den)] < 0)

    # -- a region root's result ---------------------------------------------------
    def finish(self, n: Expr) -> Expr:
        got = self.out.get(n)
        if got is None:
            try:
                got = self.build(*self.rf[n])
            except (SymdiffError, polys.TooBig):   # (LimitError; a float overflowing to inf)
                got = n
            self.out[n] = got
        return got

    def build(self, num: dict, den: dict) -> Expr:
        if not num:
            return ZERO
        if len(num) == 1 and len(den) == 1 and not self.rules:   # a monomial: directly
            (en, cn), = num.items()
            (ed, cd), = den.items()
            exps = dict(en)
            for i, x in ed:
                exps[i] = exps.get(i, 0) - x
            ks = self.kernels
            return mul_coeff(polys.quo(cn, cd),
                             [ks[i] if x == 1 else Pow(ks[i], Num(x)) for i, x in exps.items() if x])
        used = sorted({i for e in (*num, *den) for i, _ in e},
                      key=lambda i: (self.kernels[i].key, i))
        kernels = tuple(self.kernels[i] for i in used)
        num, den = self.remap(num, used), self.remap(den, used)
        if len(den) > 1 or any(next(iter(den))):     # (den primitive, positive lead)
            _, num, den = self.gcd(polys.lowest_terms(num, den))
        else:
            cd, den = polys.primitive(den)
            num = polys.div_scale(num, cd)
        self.most = max(self.most, len(num) + len(den))
        if self.max_terms is not None and len(num) + len(den) > self.max_terms:
            raise polys.TooBig          # (finish leaves the node as it was)
        if self.memo is None:
            return _compact(num, den, kernels)
        key = (kernels, frozenset(num.items()), frozenset(den.items()))
        got = self.memo.get(key)
        if got is None:
            got = self.memo[key] = _compact(num, den, kernels)
        return got

    def remap(self, p: dict, used: list) -> dict:
        out: dict = {}
        if not self.rules:     # no rules: distinct terms stay distinct (nothing to collect)
            norm = polys.norm
            return {tuple(map(dict(e).get, used, _ZEROS)): norm(c) for e, c in p.items()}
        for e, c in p.items():
            d = dict(e)
            e = tuple(d.get(i, 0) for i in used)
            for j, i in enumerate(used):      # K**Q = c for roots of numbers, I
                rule = self.rules.get(i)
                if rule and e[j] >= rule[0]:
                    q, r = divmod(e[j], rule[0])
                    e = e[:j] + (r,) + e[j + 1:]
                    c = c * Fraction(rule[1]) ** q
            v = out.get(e, 0) + c
            if v:
                out[e] = polys.norm(v)
            else:
                out.pop(e, None)
        return out or {}


def _poly_expr(p: dict, kernels: tuple, memo: Optional[dict] = None) -> Expr:
    """The sum of ``p``'s terms over ``kernels``; ``memo`` (a dict) keeps
    built terms for the next call over the same kernels (the spellings
    of one fraction share most of their terms)."""
    if memo is None:
        return Add(*[_term_expr(e, c, kernels) for e, c in sorted(p.items())])
    terms = []
    for e, c in sorted(p.items()):
        t = memo.get((e, c))
        if t is None:
            t = memo[(e, c)] = _term_expr(e, c, kernels)
        terms.append(t)
    return Add(*terms)


def _compact(num: dict, den: dict, kernels: tuple) -> Expr:
    """The smallest (by printed operators, :mod:`.cost`) of a few equivalent spellings of num/den
    (``den`` primitive): each side factored as content * monomial *
    primitive part, or expanded."""
    if not num:
        return ZERO
    if len(num) == 1 and len(den) == 1:   # a monomial: every spelling below is one node
        (en, cn), = num.items()
        (ed, _), = den.items()
        return _term_expr(tuple(map(sub, en, ed)) if ed else en, cn, kernels)
    memo: dict = {}
    pe = lambda p: _poly_expr(p, kernels, memo)       # noqa: E731 (terms built once)
    c, mn, pn = _split_content(num)
    _, md, pd = _split_content(den)
    fac = _factored(c, mn, pn, md, pd, kernels, pe)
    if c == 1 and not any(mn) and not any(md):   # one spelling (what the general case builds)
        if len(den) == 1:              # (primitive, no monomial: den is 1, and p/1 is p)
            plain = pe(num)
        else:
            plain = Mul(pe(num), Pow(pe(den), Num(-1)))
        if fac is None or fac is plain:
            return plain
        return _smallest((plain, fac))
    pairs = [(c, 1)]                   # (numerator content, denominator content)
    q = c.denominator if type(c) is Fraction else 1
    if len(den) > 1 or any(md):        # 1/(2*x - 2) rather than 1/2 * 1/(x - 1), ...
        if q > 1:
            pairs.append((c * q, q))
        if c < 0:                      # ... and (y + 1)/(x - y) rather than -(y + 1)/(y - x)
            pairs += [(-c, -1)] + ([(-c * q, -q)] if q > 1 else [])
    mono_n, mono_d = _monomial(kernels, mn), _monomial(kernels, md)   # the same for every pair:
    prim_n, prim_d = pe(pn), pe(pd)   # built once
    nums: dict = {}          # distinct spellings only (nodes are interned), in order
    dens: dict = {}
    plain_n, plain_d = not any(mn), not any(md)
    for c, q in pairs:
        nums.setdefault(Mul(Num(c), mono_n, prim_n), q)
        if c != 1:                     # (c = 1: the same node as above)
            nums.setdefault(Mul(mono_n, pe(polys.scale(pn, c))), q)
        if not (q == 1 and c == 1 and plain_n):
            nums.setdefault(pe(polys.scale(num, q)), q)
        dens.setdefault(Mul(Num(q), mono_d, prim_d), q)
        if not (q == 1 and plain_d):   # (den is primitive here: the same node)
            dens.setdefault(pe(polys.scale(den, q)), q)
    if len(den) == 1 and plain_d:      # den is 1 (pairs is [(c, 1)]): n/1 is n
        cands = list(nums)
    else:
        cands = [Mul(nm, Pow(d, Num(-1))) for d, q in dens.items()
                 for nm, q2 in nums.items() if q2 == q]   # (num scaled by q over den scaled by q)
    if fac is not None:
        cands.append(fac)
    cands = list(dict.fromkeys(cands))   # spellings that meet in one node, costed once
    if len(cands) == 1:                  # (the first of equals stays first: same winner)
        return cands[0]
    return _smallest(cands)


def _smallest(cands) -> Expr:
    """The candidate with the fewest printed operators (kernels costed once,
    charged per use), then the shortest text (up to 200 operators); the
    first of equals."""
    memo = shared_memo()
    ops = [printed_ops(c, memo) for c in cands]
    low = min(ops)
    tied = [c for c, o in zip(cands, ops) if o == low]   # (the text only to break a tie,
    if len(tied) == 1 or low > 200:                      # and only when short: along a
        return tied[0]                                   # deep chain it is not)
    return min(tied, key=MEMO.costs.length_of)      # (len(str(c)), without the text)


FACTOR_MAX_TERMS = 400    # a larger polynomial is left unfactored inside simplify


def _split_content(p: dict) -> tuple:
    """``(content, monomial, primitive part)`` of a nonzero polynomial."""
    m = polys.mono_content(p)
    if any(m):
        p = {tuple(map(sub, e, m)): v for e, v in p.items()}
    c, pp = polys.primitive(p)        # (a new dict: p is never shared)
    return c, m, pp


def factored_spelling(p: dict, kernels: tuple, poly_expr, max_terms: int | None = None):
    """``(content, product of the other factors)`` of a polynomial dict over
    ``kernels`` (``poly_expr(dict, kernels)`` builds a sum), factors
    irreducible where python-flint is on, else the content and monomial
    only; ``None`` when there is nothing to split (a primitive polynomial
    that FLINT finds irreducible, or one above ``max_terms``): then
    nothing is built."""
    c, m, pp = _split_content(p)
    split = any(m) or c != 1
    fs = None
    if len(pp) > 1 and polys.flint_enabled() and (max_terms is None or len(pp) <= max_terms) \
            and max(max(e) for e in pp) <= polys.MAX_GCD_DEGREE:
        try:
            u, fs = polys.factor(pp)
        except (RuntimeError, ValueError, OverflowError, SymdiffError):   # FLINT refused:
            fs = None                                                     # left whole
    if fs is not None:
        c = c * u
        split = split or len(fs) > 1 or fs[0][1] > 1
    if not split:
        return None
    rest = _powers(kernels, m)
    if fs is not None:
        rest += [Pow(poly_expr(f, kernels), Num(k)) for f, k in fs]
    elif pp and any(pp):
        rest.append(poly_expr(pp, kernels))
    return c, Mul(*rest) if rest else ONE


def _factored(c, mn: tuple, pn: dict, md: tuple, pd: dict, kernels: tuple, pe):
    """``c * mn * pn / (md * pd)`` with pn and pd factored over Q (python-flint;
    primitive parts of 3 to ``FACTOR_MAX_TERMS`` terms), or None when
    neither splits. Binomials are left whole: one is square-free and its
    factors print no smaller (``x**2 - y**2``, ``(x - y)*(x + y)``), and
    FLINT's call was most of a small cancel's time."""
    if (len(pn) < 3 and len(pd) < 3) or not polys.flint_enabled():
        return None
    got = [factored_spelling(p, kernels, lambda q, _: pe(q), FACTOR_MAX_TERMS) if len(p) > 2
           else None for p in (pn, pd)]
    if got == [None, None]:
        return None
    (un, fn), (ud, fd) = [g or (1, pe(p)) for g, p in zip(got, (pn, pd))]
    return Mul(Num(polys.quo(c * un, ud)), _monomial(kernels, mn), fn,
               Pow(Mul(_monomial(kernels, md), fd), Num(-1)))


def cancel(e: Expr, notes: Optional[list] = None, max_terms: Optional[int] = None) -> Expr:
    """``N/D`` in lowest terms: numerator and denominator as polynomials in
    the kernels, their exact GCD removed, signs normalised (positive leading
    coefficient of the denominator), rebuilt compactly. Arguments of kernels
    are cancelled too; rational powers ``u**(p/q)`` become powers of
    ``u**(1/Q)``, so ``sqrt(x)**2`` relates to ``x``.

    A GCD stopped by a limit (without python-flint: its work budget; a
    degree beyond ``polys.MAX_GCD_DEGREE``) leaves a correct but less
    reduced fraction; ``notes``, a list, receives each such reason
    (``simplify(..., trace=True)`` records them as steps). A fraction whose
    numerator and denominator have more than ``max_terms`` terms together
    after the GCD is left as it was (``simplify``'s whole-expression
    candidates: such a result could not be small).

    >>> from symdiff import parse
    >>> cancel(parse("(x**2 - y**2)/(x + y)"))
    x - y
    >>> cancel(parse("(x - 1)/(sqrt(x) - 1)"))
    sqrt(x) + 1
    """
    return cancel_terms(as_expr(e), notes, max_terms)[0]


def cancel_terms(e: Expr, notes: Optional[list] = None, max_terms: Optional[int] = None,
                 memo: Optional[dict] = None) -> tuple:
    """:func:`cancel` of an expression ``e`` and the most terms (numerator's
    plus denominator's) of a fraction it built: with any ``max_terms`` at
    least that, the result is the same (``simplify`` memoizes on it).
    ``memo``, a dict, keeps the spellings of the fractions built, for the
    next call with the same dict (one ``simplify`` cancels many relatives
    of one expression; factoring each spelling again was a third of it)."""
    run = _Cancel(e, notes, max_terms, memo)
    for n in run.order:
        run.visit(n)
    return run.finish(e), run.most
