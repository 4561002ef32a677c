"""Shared pieces of the infix-style printers: precedence, sign and
numerator/denominator split, and an iterative render loop.

A printer is a function ``parts(node, sign) -> list`` whose items are strings
or ``(child, min_prec, sign)`` requests; :func:`render` expands them with an
explicit stack (no recursion over depth), adding parentheses where the
child's precedence is below what its position needs.
"""
from __future__ import annotations

from fractions import Fraction
try:
    from _thread import _local        # threading.local, without importing threading
except ImportError:                   # pragma: no cover - other interpreters
    from threading import local as _local

from ..core.nodes import Expr, Op, Num, Pow
from ..core.order import Order, negative_term, scoped_order

# Op members as module constants (an IntEnum member lookup costs ~0.1 us)
_NUM, _CONST, _SYM, _POW, _MUL, _FN, _ADD = (Op.NUM, Op.CONST, Op.SYM, Op.POW, Op.MUL, Op.FN,
                                              Op.ADD)

ADD, MUL, POW, ATOM = 10, 20, 30, 40
# relations and logic print below sums (printers/conditions.py)
_FN_PREC = {"Lt": 2, "Le": 2, "Gt": 2, "Ge": 2, "Or": 4, "And": 6, "Not": 20}
_HALF = Fraction(1, 2)
_LOCAL = _local()    # .order: the Order of the printing under way


def order() -> Order:
    """The term/factor order memo of the printing under way (a fresh one
    outside :func:`render`)."""
    o = getattr(_LOCAL, "order", None)
    return o if o is not None else Order()


def is_negative_number(v) -> bool:
    return not isinstance(v, complex) and v < 0


looks_negative = negative_term     # (core/order.py: the printed cost asks the same)


def neg_exponent(node: Expr):
    """The positive power ``b**-e`` for ``b**e`` with a negative numeric e."""
    if node.op is _POW:
        e = node.args[1]
        if e.op is _NUM and is_negative_number(e.value):
            return Pow(node.args[0], Num(-e.value))
    return None


def split_product(node: Expr, sign: int, ordered: bool = True):
    """``(negative?, coeff_num, coeff_den, numerator factors, denominator
    factors)``; the factors in printed order, or canonical order when not
    ``ordered`` (a printed length does not depend on it)."""
    if node.op is _MUL:
        args = order().factors(node) if ordered else node.args
    else:
        args = (node,)
    c = 1
    if args[0].op is _NUM:
        c, args = args[0].value, args[1:]
    c = c * sign
    negative = is_negative_number(c)
    if negative:
        c = -c
    cn, cd = c, 1
    if isinstance(c, Fraction):
        cn, cd = c.numerator, c.denominator
    num, den = [], []
    for f in args:
        inv = neg_exponent(f)
        (den if inv is not None else num).append(inv if inv is not None else f)
    return negative, cn, cd, num, den


def is_fraction_like(node: Expr, sign: int) -> bool:
    """Printed by the product printer: products, negated terms and powers
    with a negative number as exponent (``x**-2`` prints as ``1/x**2``)."""
    op = node.op
    return op is _MUL or sign == -1 or (op is _POW and node.args[1].op is _NUM
                                       and node.args[1].value < 0)


def is_sqrt(node: Expr) -> bool:
    """``b**(1/2)``, printed as a square root."""
    e = node.args[1]
    return e.op is _NUM and type(e.value) is Fraction and e.value == _HALF


def join_factors(items: list, c, number, sep) -> list:
    """Parts of the product ``c * items``: the coefficient (``number(c)``,
    left out when it is the integer 1) and the factors, each at product
    precedence, with ``sep(factor)`` between two."""
    out: list = []
    if not (c == 1 and type(c) is int) or not items:
        out.append(number(c))
    for f in items:
        if out:
            out.append(sep(f))
        out.append((f, MUL + 1, 1))
    return out


def single_factor(negative, cn, cd, num, den) -> bool:
    """Whether a split product prints as its one factor alone (``-(-1)*f``
    in a sum's ``- t``): it then has that factor's precedence, and the
    printers emit the factor without parentheses of its own (the caller's
    position adds them where needed, once)."""
    return not negative and type(cn) is int and cn == 1 and cd == 1 and not den \
        and len(num) == 1


def prec(node: Expr, sign: int = 1) -> int:
    """Precedence of how ``sign*node`` prints."""
    op = node.op
    if sign == 1 and (op is _SYM or op is _FN or op is _CONST):
        return ATOM if op is not _FN else _FN_PREC.get(node.value, ATOM)
    if op is _NUM:
        v = node.value * sign
        if is_negative_number(v) or isinstance(v, Fraction):
            return MUL
        return ATOM
    if op is _ADD:
        return ADD
    if op is _MUL:
        args = node.args
        if len(args) > 2 or args[0].op is not _NUM:
            return MUL             # two or more factors besides a coefficient
    if op is _MUL or sign == -1 or neg_exponent(node) is not None:
        if op is _MUL:
            neg, cn, cd, num, den = split_product(node, sign)
            if single_factor(neg, cn, cd, num, den):
                return prec(num[0])
        return MUL
    if op is _POW:
        e = node.args[1]
        if e.op is _NUM and type(e.value) is Fraction and e.value == Fraction(1, 2):
            return ATOM
        return POW
    return ATOM


def sum_parts(node: Expr) -> list:
    """Terms of a sum in sympy's order (``core/order.py``), negative
    terms after the first as ``- t`` (shared by the infix and LaTeX printers)."""
    terms = order().terms(node)
    out: list = [(terms[0], ADD + 1, 1)]
    for t in terms[1:]:
        out += [" - ", (t, ADD + 1, -1)] if looks_negative(t) else [" + ", (t, ADD + 1, 1)]
    return out


def render(root: Expr, parts, min_prec: int = 0) -> str:
    """Expand ``parts`` from ``root`` with an explicit stack.

    A DAG printed as a tree repeats shared subexpressions; each node's text
    is produced once and later repeats reuse it (so output-sized work runs
    at C speed rather than item by item). The term and factor orders are
    memoized for the whole printing (nested renders share them).
    """
    if getattr(_LOCAL, "order", None) is not None:
        return _render(root, parts, min_prec)
    _LOCAL.order = scoped_order() or Order()
    try:
        return _render(root, parts, min_prec)
    finally:
        _LOCAL.order = None


def _render(root: Expr, parts, min_prec: int) -> str:
    out: list[str] = []
    append = out.append
    spans: list = [None, {}, {}]   # by sign (1 or -1): node -> (start, end), then its text
    stack: list = [(root, min_prec, 1)]
    pop, push = stack.pop, stack.append
    while stack:
        item = pop()
        kind = type(item)
        if kind is str:
            append(item)
            continue
        if kind is list:            # end marker: [node, sign, start]
            node, sign, start = item
            spans[sign][node] = (start, len(out))
            continue
        node, need, sign = item
        paren = prec(node, sign) < need
        if paren:
            append("(")
        seen = spans[sign]
        done = seen.get(node)
        if done is None and not node.args:     # a leaf: its parts are all text
            done = seen[node] = "".join(parts(node, sign))
        if done is not None:
            if type(done) is tuple:
                done = seen[node] = "".join(out[done[0]:done[1]])
            append(done)
            if paren:
                append(")")
            continue
        if paren:
            push(")")
        push([node, sign, len(out)])
        stack.extend(reversed(parts(node, sign)))
    return "".join(out)
