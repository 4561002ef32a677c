"""The ``let`` format: a DAG as a numbered Wengert list.

Every distinct operation node becomes one assignment ``tK = op(operands)``,
children first, so a shared subexpression is computed once and referred to
by name (readable CSE). Each right-hand side is symdiff syntax over the
temporaries, leaves and numbers; outputs come last.

>>> from symdiff import parse
>>> print(wengert([("out", parse("sin(x+1)*cos(x+1)"))]))
t1 = x + 1
t2 = cos(t1)
t3 = sin(t1)
t4 = t2*t3
out = t4
"""
from __future__ import annotations

import re
from fractions import Fraction

from ..core.nodes import Expr, Op, topo


def _temp_prefix(roots: list) -> str:
    """``t`` unless the expression itself uses names like ``t1``."""
    names = {s.value for r in roots for s in r.free}
    for p in ("t", "u", "v", "tmp", "_t"):
        pat = re.compile(re.escape(p) + r"\d+$")
        if not any(pat.match(n) for n in names):
            return p
    return "_t" * 2


def _leaf(node: Expr) -> str:
    v = node.value
    if node.op is not Op.NUM:
        return v
    s = repr(v) if isinstance(v, float) else str(v)
    return f"({s})" if isinstance(v, Fraction) or s.startswith("-") else s


def _rhs(node: Expr, ref) -> str:
    op, args = node.op, node.args
    if op is Op.ADD:   # numbers last, as the infix printer does
        if args[0].op is Op.NUM:
            args = (*args[1:], args[0])
        return " + ".join(ref(a) for a in args)
    if op is Op.MUL:
        if args[0].op is Op.NUM and args[0].value == -1:
            return "-" + "*".join(ref(a) for a in args[1:])
        return "*".join(ref(a) for a in args)
    if op is Op.POW:
        b, e = args
        if e.op is Op.NUM and e.value == Fraction(1, 2):
            return f"sqrt({ref(b)})"
        return f"{ref(b)}**{ref(e)}"
    return f"{node.value}({', '.join(ref(a) for a in args)})"


def wengert(outputs: list[tuple[str, Expr]]) -> str:
    """``outputs``: (label, expression) pairs; returns the assignment lines."""
    roots = [e for _, e in outputs]
    prefix = _temp_prefix(roots)
    names: dict = {}

    def ref(n: Expr) -> str:
        return names[n] if n.args else _leaf(n)

    lines = []
    for node in topo(roots):
        if node.args:
            names[node] = f"{prefix}{len(names) + 1}"
            lines.append(f"{names[node]} = {_rhs(node, ref)}")
    lines += [f"{label} = {ref(e)}" for label, e in outputs]
    return "\n".join(lines)
