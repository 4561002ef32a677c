"""``len(str(e))`` without building the text: one formula per node over its
children's lengths, in topological order (no recursion over depth),
memoized per node in a caller's dict.

``simplify`` breaks ties of its printed cost by printed length; printing
every candidate built its whole text (and sorted every product's factors)
only to measure it. The formulas follow :mod:`.infix` and :mod:`.layout`:
a product's factors and a sum's terms add the same length in any order, so
only a sum whose first printed term may be negative (sympy's order,
``core/order.py``) asks for that order. Calls with a form of their own
(relations, Piecewise, hypergeometric, derivatives) are measured by
printing them. ``tests/printers/test_length.py`` checks it against
``len(str(e))`` on random expressions and on every node of the panels.

>>> from symdiff import parse
>>> e = parse("x/2 - 1/sqrt(y) + sin(x)**(1/3)")
>>> printed_length(e) == len(str(e))
True
"""
from __future__ import annotations

from ..core.nodes import Expr, Op, per_node
from ..core.order import negative_term, shared_order
from .infix import INFIX, _number, to_str
from .layout import (ADD, ATOM, MUL, POW, is_fraction_like, is_sqrt, neg_exponent, prec,
                     single_factor, split_product)

_NUM, _CONST, _SYM, _POW, _MUL, _FN, _ADD = (Op.NUM, Op.CONST, Op.SYM, Op.POW, Op.MUL, Op.FN,
                                              Op.ADD)


def printed_length(e: Expr, memo: dict | None = None) -> int:
    """``len(str(e))``; ``memo`` (node -> length) is filled and reused."""
    return per_node(e, _own, {} if memo is None else memo)


def _own(n: Expr, m: dict) -> int:
    """The length of ``n`` from the lengths ``m`` of its descendants."""
    op = n.op
    if op is _NUM:
        return len(_number(n.value))
    if op is _SYM or op is _CONST:
        return len(n.value)
    if op is _ADD:
        return _sum(n, m)
    if op is _FN:
        if n.value in INFIX or n.value.startswith("Derivative["):
            return len(to_str(n))                 # a form of its own: printed
        args = n.args                             # name(a, b): never parenthesized
        return len(n.value) + 2 + sum([m[a] for a in args]) + 2 * max(len(args) - 1, 0)
    if is_fraction_like(n, 1):
        return _product(n, 1, m)
    b, x = n.args
    if is_sqrt(n):
        return 6 + m[b]                           # sqrt(b)
    return m[b] + _paren(b, 1, POW + 1) + 2 + m[x] + _paren(x, 1, ATOM)


def _prec(n: Expr, sign: int) -> int:
    """:func:`.layout.prec` without the factor order it asks for (a product
    of a number and one factor has that factor's precedence where the
    number is 1: ``-(-1)*f`` prints as ``f``)."""
    if n.op is _MUL:
        args = n.args
        if len(args) == 2 and args[0].op is _NUM:
            c = args[0].value * sign
            if type(c) is int and c == 1 and neg_exponent(args[1]) is None:
                return prec(args[1])
        return MUL
    return prec(n, sign)


def _paren(n: Expr, sign: int, need: int) -> int:
    """2 where ``sign*n`` is parenthesized at a position needing ``need``
    (a name never is: it binds tightest)."""
    op = n.op
    if sign == 1 and (op is _SYM or op is _CONST):
        return 0
    return 2 if _prec(n, sign) < need else 0


def _product(n: Expr, sign: int, m: dict) -> int:
    """The length of ``sign*n`` printed as a product (:func:`.infix._product`)."""
    negative, cn, cd, num, den = split_product(n, sign, ordered=False)
    for inv in den:
        if inv not in m:                         # (a new node: its children are known)
            printed_length(inv, m)
    if single_factor(negative, cn, cd, num, den):
        return m[num[0]]                         # the factor alone (its precedence)
    total = negative + _factors(num, cn, m)
    if cd != 1 or den:
        plain = not (cd == 1 and type(cd) is int) or not den     # the number is printed
        total += 1 + _factors(den, cd, m) + (2 if (plain and den) or len(den) > 1 else 0)
    return total


def _factors(items: list, c, m: dict) -> int:
    """The length of :func:`.layout.join_factors`' parts: the number (unless
    the integer 1), then ``*``-separated factors at product precedence."""
    total, first = 0, True
    if not (c == 1 and type(c) is int) or not items:
        total, first = len(_number(c)), False
    for f in items:
        total += m[f] + _paren(f, 1, MUL + 1) + (0 if first else 1)
        first = False
    return total


def _sum(n: Expr, m: dict) -> int:
    """The length of a sum: its terms joined by `` + `` or `` - `` (a negative
    term printed as its negation), the first term with its own sign."""
    total, lead, negs = 3 * (len(n.args) - 1), set(), 0
    for t in n.args:
        if negative_term(t):
            later = _term(t, -1, m)
            total += later
            lead.add(_term(t, 1, m) - later)      # what it adds when printed first
            negs += 1
        else:
            total += _term(t, 1, m)
    if not negs:
        return total
    if negs == len(n.args) and len(lead) == 1:
        return total + lead.pop()                 # every term negative, each adds the same
    first = shared_order().first(n)
    if not negative_term(first):
        return total
    return total + _term(first, 1, m) - _term(first, -1, m)


def _term(t: Expr, sign: int, m: dict) -> int:
    """The length of ``sign*t`` in a sum, parentheses included."""
    own = m[t] if sign == 1 else (len(_number(-t.value)) if t.op is _NUM
                                  else _product(t, -1, m))
    return own + _paren(t, sign, ADD + 1)
