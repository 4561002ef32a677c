"""Radicals split under positivity: one of ``simplify``'s candidates.

``split_radicals(e)`` rewrites every power ``(sum)**z`` with a non-integer
exponent whose sum has a positive denominator or a positive content (an
integer or positive symbols common to all its terms) as a product of
powers, ``sqrt(a*x**3 + b*x) -> sqrt(x)*sqrt(a*x**2 + b)``, then splits powers of products over their positive factors
(:mod:`.rules.radicals`); a polynomial sum with a positive factor over Q
is factored first, ``sqrt(d**2 - e**2*x**2) -> sqrt(d + e*x)*sqrt(d - e*x)``
for positive d, e, x. The result is larger; after ``cancel`` the pieces
meet: ``sqrt(b)/(x**(3/2)*sqrt(a/(b*x) + 1))`` becomes
``b/(x*sqrt(a + b*x))``.

>>> from symdiff import parse
>>> split_radicals(parse("sqrt(a/(b*x) + 1)", assume={"b": "positive", "x": "positive"}))
sqrt(a + b*x)/(sqrt(b)*sqrt(x))
"""
from __future__ import annotations

from ..core.assumptions import facts, holds
from ..core.nodes import ONE, Add, Expr, Mul, Num, Op, Pow, rebuild, split_coeff, topo

_NUM, _POW, _ADD = Op.NUM, Op.POW, Op.ADD
_SUM_PRODUCT = (Op.ADD, Op.MUL)

_SPLITTER = None


def _splitter():
    global _SPLITTER
    if _SPLITTER is None:
        from .engine import Rewriter
        from .rules.radicals import SPLIT
        _SPLITTER = Rewriter((), SPLIT)
    return _SPLITTER


def _fractional(z: Expr) -> bool:
    """Whether ``z`` is an exponent that canonical forms leave on a product
    (anything but an integer literal)."""
    return not (z.op is _NUM and isinstance(z.value, int))


def _content(terms: tuple) -> Expr:
    """The positive content of a sum's terms: the gcd of their integer
    coefficients times each positive symbol at its lowest power in every
    term (``1`` if none)."""
    from math import gcd
    g, low = 0, None
    for t in terms:
        c, rest = split_coeff(t)
        g = gcd(g, abs(c)) if isinstance(c, int) else 1
        powers = {}
        for f in rest:
            b, k = (f.args[0], f.args[1].value) if f.op is _POW and f.args[1].op is _NUM else (f, 1)
            if b.op is Op.SYM and not isinstance(k, float) and k > 0 and holds("positive", b):
                powers[b] = k
        low = powers if low is None else {b: min(k, powers[b]) for b, k in low.items()
                                           if b in powers}
    return Mul(Num(g or 1), *[Pow(b, Num(k)) for b, k in sorted((low or {}).items(),
                                                                 key=lambda bk: bk[0].key)])


def _over_denominator(base: Expr, z: Expr) -> Expr | None:
    """``C**z * (N/C)**z * D**(-z)`` for ``base = N/D`` with ``D`` positive
    and ``C`` the positive content of ``N``, or None when there is neither."""
    from .rational import _split_fraction, _together_add
    num, den = _split_fraction(_together_add(base.args))
    if not all(holds("positive", b) for b in den):
        return None
    c = _content(num.args) if num.op is _ADD else ONE
    if not den and c is ONE:
        return None
    rest = Add(*[Mul(t, Pow(c, Num(-1))) for t in num.args]) if c is not ONE else num
    return Mul(Pow(c, z), _factored_power(rest, z),
               *[Pow(b, Mul(Num(-k), z)) for b, k in den.items()])


FACTOR_TERMS = 12    # sums of more terms are not factored (a radical's base)


def _factored_power(base: Expr, z: Expr) -> Expr:
    """``base**z`` with a polynomial sum ``base`` written factored over Q
    when a factor is positive (the power of a product then splits over it):
    ``sqrt(d**2 - e**2*x**2)`` meets ``sqrt(d + e*x)*sqrt(d - e*x)``."""
    if base.op is not _ADD or len(base.args) > FACTOR_TERMS or not _any_facts(base):
        return Pow(base, z)
    from .factoring import factor
    f = factor(base)
    if f.op is Op.MUL and any(a.op is not _NUM and holds("positive", a) for a in f.args):
        return Pow(f, z)
    return Pow(base, z)


def _any_facts(e: Expr) -> bool:
    """Whether a node of ``e`` other than a number has a known fact: else
    no factor of ``e`` can be known positive (nothing to factor for)."""
    return any(n.op is not _NUM and facts(n) for n in topo([e]))


def is_radical(n: Expr) -> bool:
    """Whether node ``n`` is a non-integer power of a sum or product."""
    return n.op is _POW and n.args[0].op in _SUM_PRODUCT and _fractional(n.args[1])


def split_radicals(e: Expr, memo: dict | None = None, plain=None) -> Expr:
    """``e`` with powers of sums over positive denominators and powers of
    products with positive factors split (see the module docstring).
    ``memo`` (node -> its rebuilt node, and whether a radical is at or
    below it) carries the walk over to the next call with the same dict:
    ``simplify`` splits many relatives of one expression. ``plain(n)``, if
    given, says that no node of ``n`` is a radical (:func:`is_radical`):
    the walk then leaves ``n`` as it is without entering it."""
    done: dict = {} if memo is None else memo

    def skip(n: Expr) -> bool:
        if n in done:
            return True
        if plain(n):
            done[n] = (n, False)
            return True
        return False

    for n in topo([e], prune=done.__contains__ if plain is None else skip):
        if not n.args:
            done[n] = (n, False)
            continue
        kids = [done[a] for a in n.args]
        args = tuple([k[0] for k in kids])
        m = n if args == n.args else rebuild(n, args)     # (as the rewriter: nodes interned)
        radical = False
        if is_radical(m):
            radical = True
            if m.args[0].op is _ADD:
                split = _over_denominator(*m.args)
                m = _factored_power(*m.args) if split is None else split
        else:
            radical = any([k[1] for k in kids])
        done[n] = (m, radical)
    m, radical = done[e]          # (no radical: nothing to split, the splitter not run)
    return _splitter()(m) if radical else e
