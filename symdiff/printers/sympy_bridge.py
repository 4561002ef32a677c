"""Conversion to and from sympy (imported lazily, only here).

Both directions walk iteratively, so deep expressions convert without
RecursionError on symdiff's side.
"""
from __future__ import annotations

from fractions import Fraction

from ..errors import SymdiffError
from ..core.facts import IMPLIES
from ..core.functions import REGISTRY, lookup
from ..core.nodes import (CONSTANTS, Add, Expr, Fn, Mul, Num, Op, Pow, Sym, facts_of, topo)


def to_sympy(expr):
    """The equivalent sympy expression (sympy must be installed).

    >>> to_sympy("x**2/2 + atan2(y, x)")
    x**2/2 + atan2(y, x)
    """
    import sympy
    from ..parsing.parse import parse
    expr = parse(expr)
    consts = {"pi": sympy.pi, "E": sympy.E, "I": sympy.I}
    done: dict = {}
    for n in topo([expr]):
        op = n.op
        if op is Op.NUM:
            v = n.value
            done[n] = (sympy.Float(v) if isinstance(v, float) else
                       sympy.Rational(v.numerator, v.denominator) if isinstance(v, Fraction)
                       else sympy.Integer(v))
        elif op is Op.SYM:
            done[n] = sympy.Symbol(n.value, **{f: True for f in facts_of(n)})
        elif op is Op.CONST:
            done[n] = consts[n.value]
        else:
            args = [done[a] for a in n.args]
            if op is Op.ADD:
                done[n] = sympy.Add(*args)
            elif op is Op.MUL:
                done[n] = sympy.Mul(*args)
            elif op is Op.POW:
                done[n] = sympy.Pow(*args)
            else:
                done[n] = getattr(sympy, n.value)(*args)
    return done[expr]


def from_sympy(s) -> Expr:
    """Convert a sympy expression built from supported functions.

    >>> import sympy
    >>> from_sympy(sympy.sqrt(sympy.Symbol("x")) * sympy.exp(2))
    sqrt(x)*exp(2)
    """
    import sympy
    names = {"pi": sympy.pi, "E": sympy.E, "I": sympy.I}
    rev = {v: CONSTANTS[k] for k, v in names.items()}
    done: dict = {}
    stack = [(s, False)]
    while stack:
        node, ready = stack.pop()
        if node in done:
            continue
        if not ready and node.args and not isinstance(node, sympy.Number):
            stack.append((node, True))
            stack.extend((a, False) for a in node.args)
            continue
        done[node] = _convert(node, [done[a] for a in node.args] if node.args else [], rev, sympy)
    return done[s]


def _convert(node, args, rev, sympy) -> Expr:
    if node in rev:
        return rev[node]
    if isinstance(node, sympy.Integer):
        return Num(int(node))
    if isinstance(node, sympy.Rational):
        return Num(Fraction(int(node.p), int(node.q)))
    if isinstance(node, sympy.Float):
        return Num(float(node))
    if isinstance(node, sympy.Symbol):
        given = node.assumptions0
        return Sym(node.name, [f for f in IMPLIES if given.get(f)])
    if isinstance(node, sympy.Add):
        return Add(*args)
    if isinstance(node, sympy.Mul):
        return Mul(*args)
    if isinstance(node, sympy.Pow):
        return Pow(*args)
    name = type(node).__name__
    if isinstance(node, sympy.Function) and (name in REGISTRY or name == "exp"):
        return Fn(lookup(name).name, *args)
    if node is sympy.exp(1):
        return rev[sympy.E]
    raise SymdiffError(f"cannot convert sympy {name} ({node}) to symdiff")
