"""The cost ``simplify`` minimises: operators in the printed text.

``printed_ops(e)`` is the number of operator tokens in ``str(e)``: each
binary ``+``, ``-``, ``*``, ``/`` and ``**``, each unary minus and each
function call (``sqrt(...)`` included); parentheses, commas, numbers and
names cost nothing. It is what the user reads: the printer writes a shared
subexpression out at each of its uses, and so this cost charges it at each
use (``count_ops`` of the shared DAG counts it once, which is the
compiler's cost, not the reader's). It is close to sympy's ``count_ops`` of
the printed result (which also counts ``sqrt`` as a division and a power).

It is computed without printing: one formula per node over its children's
costs, in topological order (no recursion over depth), memoized per node in
a caller's dict, so a DAG costs time linear in its number of distinct nodes
even where the printed tree is exponentially larger. The formulas follow
:mod:`symdiff.printers.layout` (a sum prints a negative term as ``- t``, a
product splits into numerator and denominator, ``b**(-k)`` prints as
``1/b**k``); ``tests/rewrite/test_cost.py`` counts the tokens of ``str(e)``
on random expressions against it.

>>> from symdiff import parse
>>> printed_ops(parse("x - y"))                 # one binary minus
1
>>> printed_ops(parse("-x/(2*y)"))              # -, /, *
3
>>> printed_ops(parse("sin(x+1)**2 + sin(x+1)"))   # x + 1 printed twice
6
"""
from __future__ import annotations

import threading
from fractions import Fraction

from ..core.nodes import Expr, Op, per_node
from ..core.order import negative_term, shared_order

_NUM, _SYM, _CONST, _POW, _MUL, _FN, _ADD = (Op.NUM, Op.SYM, Op.CONST, Op.POW, Op.MUL, Op.FN,
                                             Op.ADD)
_HALF = Fraction(1, 2)


def _number(v) -> int:
    """Operators in the printed number ``v`` (``-`` and the ``/`` of a fraction)."""
    if isinstance(v, complex):
        return 0
    return (v < 0) + (type(v) is Fraction)


def _neg_exponent(f: Expr):
    """``k`` for a power ``b**(-k)`` with a positive number k, else None."""
    if f.op is _POW:
        x = f.args[1]
        if x.op is _NUM and not isinstance(x.value, complex) and x.value < 0:
            return -x.value
    return None


def _power_tail(k) -> int:
    """Operators that ``b**k`` adds to ``b`` (k a positive number)."""
    if k == 1:
        return 0
    if type(k) is Fraction and k == _HALF:
        return 1                              # sqrt(b)
    return 1 + _number(k)


def _own(n: Expr, c: dict) -> int:
    """``printed_ops(n)`` from the costs ``c`` of its descendants."""
    op = n.op
    if op is _NUM:
        return _number(n.value)
    if op is _FN:
        return 1 + sum([c[a] for a in n.args])
    if op is _POW:
        b, x = n.args
        k = _neg_exponent(n)
        if k is not None:                     # 1/b**k
            return 1 + c[b] + _power_tail(k)
        if x.op is _NUM and type(x.value) is Fraction and x.value == _HALF:
            return 1 + c[b]                   # sqrt(b)
        return 1 + c[b] + c[x]
    if op is _ADD:
        args = n.args
        total, negs = len(args) - 1, 0
        for t in args:
            total += c[t]
            f = t.args[0] if t.op is _MUL else t          # (negative_term, inline)
            if f.op is _NUM and not isinstance(f.value, complex) and f.value < 0:
                negs += 1
        if not negs:
            return total
        # a negative first term (in sympy's order, core/order.py) keeps its "-"
        if negs == len(args):
            return total - negs + 1
        return total - negs + negative_term(shared_order().first(n))
    if op is _MUL:
        args, v = n.args, 1
        if args[0].op is _NUM:
            v, args = args[0].value, args[1:]
        total = 0
        if not isinstance(v, complex) and v < 0:
            total, v = 1, -v                  # unary minus
        cn, cd = (v.numerator, v.denominator) if type(v) is Fraction else (v, 1)
        num = den = 0
        for f in args:
            if f.op is _POW:                  # (_neg_exponent, inline)
                x = f.args[1]
                if x.op is _NUM and not isinstance(x.value, complex) and x.value < 0:
                    den += 1
                    total += c[f.args[0]] + _power_tail(-x.value)
                    continue
            num += 1
            total += c[f]
        total += num - 1 + (not (cn == 1 and type(cn) is int) or not num)
        if cd != 1 or den:                    # "/" and the denominator's "*"s
            total += 1 + den - 1 + (cd != 1 or not den)
        return total
    return 0                                  # symbols and constants


def printed_ops(e: Expr, memo: dict | None = None) -> int:
    """Operators in ``str(e)``, computed without printing (see the module
    docstring); ``memo`` (node -> cost) is filled and reused across calls."""
    return per_node(e, _own, {} if memo is None else memo)


_LOCAL = threading.local()
SHARED_MAX = 200_000


def shared_memo() -> dict:
    """This thread's memo of printed costs (nodes are immutable, so costs
    never go stale), forgotten at once past ``SHARED_MAX`` nodes: callers
    costing many candidates over one deep kernel walk it once."""
    memo = getattr(_LOCAL, "memo", None)
    if memo is None:
        memo = _LOCAL.memo = {}
    elif len(memo) > SHARED_MAX:
        memo.clear()                    # (in place: simplify's costs share it)
    return memo


def clear_shared_memo() -> None:
    """Forget this thread's memo (``simplify``'s ``clear_caches``)."""
    memo = getattr(_LOCAL, "memo", None)
    if memo is not None:
        memo.clear()
