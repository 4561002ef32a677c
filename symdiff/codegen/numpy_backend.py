"""Emit straight-line NumPy source from the SSA list and ``exec`` it once.

Only code generated here is executed: argument and temporary names are
chosen by symdiff (``a0``, ``t3``), never taken from user text, and every
number is emitted as a Python literal. User names appear only in a comment.
"""
from __future__ import annotations

import math
from fractions import Fraction

from ..errors import SymdiffError
from ..functions import REGISTRY
from ..nodes import Expr, Op
from .lower import lower

_CONSTS = {"pi": "np.pi", "E": "np.e", "I": "1j"}
_MAX_CHAIN = 16
CHUNK = 64


def literal(v) -> str:
    """A Python literal for an exact or float number."""
    if isinstance(v, int):
        return repr(v) if abs(v) < 2 ** 53 else _float(v)
    if isinstance(v, Fraction):
        return _float(v)
    return _float(v)


def _float(v) -> str:
    try:
        f = float(v)
    except OverflowError:
        return "np.inf" if v > 0 else "-np.inf"
    return repr(f) if math.isfinite(f) else ("np.inf" if f > 0 else "-np.inf")


def _power(base: str, n: int) -> str:
    """``base**n`` for an integer n as a multiplication chain when short."""
    if n == 0:
        return "1.0"
    m = abs(n)
    if m <= _MAX_CHAIN // 4:
        body = "*".join([base] * m)
    else:
        body = f"{base}**{m}"
    if n < 0:
        return f"1/({body})" if m > 1 else f"1/{base}"
    return body


class Emitter:
    """Names and expressions for the SSA list of a set of roots."""

    def __init__(self, roots: list[Expr], args: list[Expr]):
        self.ssa = lower(roots)
        self.arg_names = {a: f"a{i}" for i, a in enumerate(args)}
        self.names = {n: f"t{i}" for i, n in enumerate(self.ssa.steps)}
        free = set().union(*[r.free for r in roots]) if roots else set()
        missing = sorted((s.value for s in free if s not in self.arg_names))
        if missing:
            raise SymdiffError("expression uses symbols that are not arguments: "
                               + ", ".join(missing))

    def ref(self, node: Expr) -> str:
        op = node.op
        if op is Op.NUM:
            s = literal(node.value)
            return f"({s})" if s.startswith("-") else s
        if op is Op.SYM:
            return self.arg_names[node]
        if op is Op.CONST:
            return _CONSTS[node.value]
        return self.names[node]

    def expr(self, node: Expr) -> str:
        op, args = node.op, node.args
        r = self.ref
        if op is Op.ADD:
            return " + ".join(r(a) for a in args)
        if op is Op.MUL:
            if args[0].op is Op.NUM and args[0].value == -1:
                return "-" + ("*".join(r(a) for a in args[1:]) if len(args) == 2
                              else "(" + "*".join(r(a) for a in args[1:]) + ")")
            return "*".join(r(a) for a in args)
        if op is Op.POW:
            b, e = args
            if e.op is Op.NUM:
                v = e.value
                if isinstance(v, int):
                    return _power(self.strong(b), v)
                if v == Fraction(1, 2):
                    return f"np.sqrt({r(b)})"
                if v == Fraction(-1, 2):
                    return f"1/np.sqrt({r(b)})"
            return f"{self.strong(b)}**{r(e)}"
        row = REGISTRY[node.value]
        return row.numpy.format(*[self.strong(a) for a in args])

    def strong(self, node: Expr) -> str:
        """A reference with NumPy semantics: a literal number becomes a
        scalar of the inputs' dtype (``_k``), so ``1/0`` gives inf with
        NumPy's warning rather than a ZeroDivisionError, float32 stays
        float32, and ``(-8)**(1/3)`` is complex for complex inputs."""
        if node.op is Op.NUM:
            return f"_k({literal(node.value)})"
        return self.ref(node)

    def body(self) -> list[str]:
        out = []
        for n in self.ssa.steps:
            name = self.names[n]
            if len(n.args) > CHUNK and n.op in (Op.ADD, Op.MUL):
                # long sums/products in chunks: keeps Python's parser shallow
                sep = " + " if n.op is Op.ADD else "*"
                refs = [self.ref(a) for a in n.args]
                out.append(f"{name} = {sep.join(refs[:CHUNK])}")
                for i in range(CHUNK, len(refs), CHUNK):
                    out.append(f"{name} = {name}{sep}({sep.join(refs[i:i + CHUNK])})")
            else:
                out.append(f"{name} = {self.expr(n)}")
        return out
