"""``str(expr)``: sympy-compatible infix text that parses back to the node.

>>> from symdiff import parse
>>> str(parse("x/2 - 1/sqrt(y) + x**(1/3)"))
'x**(1/3) + x/2 - 1/sqrt(y)'
"""
from __future__ import annotations

from ..core.nodes import Expr, Op
from .derivative import is_derivative, parts as derivative_parts
from .conditions import INFIX as _COND_INFIX
from .hypergeometric import INFIX as _HYPER_INFIX
from .layout import (ATOM, MUL, POW, is_fraction_like, is_negative_number, is_sqrt, join_factors,
                     order, render, single_factor, split_product, sum_parts)

# Op members as module constants (an IntEnum member lookup costs ~0.1 us)
_NUM, _CONST, _SYM, _POW, _MUL, _ADD = Op.NUM, Op.CONST, Op.SYM, Op.POW, Op.MUL, Op.ADD
INFIX = {**_COND_INFIX, **_HYPER_INFIX}      # calls with a form of their own


def _number(v) -> str:
    if isinstance(v, float):
        return repr(v)
    return str(v)


def _parts(node: Expr, sign: int) -> list:
    op = node.op
    if op is _NUM:
        return [_number(node.value * sign)]
    if op is _SYM or op is _CONST:
        return [node.value] if sign == 1 else ["-", node.value]
    if op is _ADD:
        return sum_parts(node)
    if is_fraction_like(node, sign):
        return _product(node, sign)
    if op is _POW:
        b, e = node.args
        if is_sqrt(node):
            return ["sqrt(", (b, 0, 1), ")"]
        return [(b, POW + 1, 1), "**", (e, ATOM, 1)]
    if node.value.startswith("Derivative[") and is_derivative(node):
        return derivative_parts(node, "(", ", ", _tuple)
    special = INFIX.get(node.value)
    if special is not None:
        return special(node)
    out: list = [node.value, "("]
    for i, a in enumerate(node.args):
        if i:
            out.append(", ")
        out.append((a, 0, 1))
    out.append(")")
    return out


def _tuple(items: list) -> list:
    """``a`` or ``(a, b)``: items are dummy names or nodes."""
    parts = [i if isinstance(i, str) else (i, 0, 1) for i in items]
    if len(parts) == 1:
        return parts
    out: list = ["("]
    for i, p in enumerate(parts):
        out += [", ", p] if i else [p]
    return out + [")"]


def _join(items: list, c) -> list:
    return join_factors(items, c, _number, _star)


def _star(f: Expr) -> str:
    return "*"


def _product(node: Expr, sign: int) -> list:
    if sign == 1 and node.op is _MUL:  # fast path: a positive integer coefficient (or
        args = order().factors(node)   # none) and no factor with a negative exponent
        c = 1
        if args[0].op is _NUM:
            c, args = args[0].value, args[1:]
        if type(c) is int and c > 0:
            for f in args:
                if f.op is _POW and f.args[1].op is _NUM and is_negative_number(f.args[1].value):
                    break
            else:                      # what the general path below gives then
                out: list = [] if c == 1 else [str(c)]
                for f in args:
                    if out:
                        out.append("*")
                    out.append((f, MUL + 1, 1))
                return out
    negative, cn, cd, num, den = split_product(node, sign)
    if single_factor(negative, cn, cd, num, den):
        return [(num[0], 0, 1)]          # prec() gave the node this factor's precedence
    out: list = ["-"] if negative else []
    out += _join(num, cn)
    if cd != 1 or den:
        dparts = _join(den, cd)
        out.append("/")
        if len(dparts) > 1:
            out += ["(", *dparts, ")"]
        else:
            out += dparts
    return out


def to_str(expr: Expr) -> str:
    """Infix text of ``expr``."""
    return render(expr, _parts)
