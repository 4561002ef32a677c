"""How a partial-derivative node prints, as sympy 1.14 prints it.

A node ``Derivative[1,0][f](a, b)`` (see ``core/undefined.py``) prints as
``Derivative(f(a, b), a)`` when ``a`` can stand for its slot: a symbol that
occurs in no other argument, or an undefined-function call (sympy
differentiates with respect to those) that is no part of another argument.
Otherwise the slot gets a dummy and the derivative is evaluated there:
``Subs(Derivative(f(_xi_1, b), _xi_1), _xi_1, 2*x)``. Both forms parse back.

>>> from symdiff import parse
>>> str(parse("Derivative(f(x, y), x, (y, 2))", functions="f"))
'Derivative(f(x, y), x, (y, 2))'
>>> str(parse("diff(f(2*x), x)".replace("diff(", "Derivative("), functions="f"))
'2*Subs(Derivative(f(_xi_1), _xi_1), _xi_1, 2*x)'
"""
from __future__ import annotations

from ..core.functions import REGISTRY
from ..core.nodes import Expr, Op, topo
from ..core.undefined import split
from .hypergeometric import CALLS as _TUPLE_CALLS

_SYM, _FN = Op.SYM, Op.FN


def is_derivative(node: Expr) -> bool:
    """A partial-derivative node (of an undefined or a registry function)."""
    return node.op is _FN and node.value not in REGISTRY and node.value.startswith("Derivative[")


def _stands_for_slot(a: Expr, i: int, args: tuple) -> bool:
    others = [b for j, b in enumerate(args) if j != i]
    if a.op is _SYM:
        return not any(a in b.free for b in others)
    if a.op is _FN and a.value not in REGISTRY and split(a.value)[1] is None:
        return not any(a in topo([b], prune=lambda n: not (a.free <= n.free)) for b in others)
    return False


def form(node: Expr) -> tuple:
    """``(base, slots, variables, subs)``: the function's name, its argument
    slots (an argument node, or a dummy's name), the differentiation
    variables as ``(node or dummy name, order)`` in sympy's order, and the
    ``(dummy name, argument)`` pairs of a ``Subs``."""
    base, orders = split(node.value)
    args = node.args
    slots: list = list(args)
    direct, dummies, subs = [], [], []
    taken = None
    for i, (a, k) in enumerate(zip(args, orders)):
        if not k:
            continue
        if _stands_for_slot(a, i, args):
            direct.append((a, k))
        else:
            d = f"_xi_{i + 1}"
            if taken is None:
                taken = {v.value for v in node.free}
            while d in taken:         # a symbol of that name is in the call: no capture
                d += "_"
            slots[i] = d
            dummies.append((d, k))
            subs.append((d, a))
    # sympy sorts symbols (dummies included) by name, before other variables
    # (those here in the canonical node order: printing them to sort would
    # cost a render per node)
    variables = dummies + direct
    if len(variables) > 1:
        variables.sort(key=_variable_key)
    return base, slots, variables, subs


def _variable_key(v) -> tuple:
    x = v[0]
    if isinstance(x, str):
        return (0, x, ())
    return (0, x.value, ()) if x.op is _SYM else (1, "", x.key)


def parts(node: Expr, call_open: str, sep: str, tup) -> list:
    """Infix parts of a derivative node: ``Subs(Derivative(f(...), ...), ...)``.
    ``tup(items)`` writes a tuple of items, which are dummies or nodes."""
    base, slots, variables, subs = form(node)
    out: list = ["Subs("] if subs else []
    items = [s if isinstance(s, str) else (s, 0, 1) for s in slots]
    if base in _TUPLE_CALLS:            # hyper((a1, a2), (b1, b2), z), meijerg(...)
        out += ["Derivative(", *_TUPLE_CALLS[base](items)]
    else:
        out += ["Derivative(", base, call_open]
        for i, item in enumerate(items):
            if i:
                out.append(sep)
            out.append(item)
        out.append(")")
    for v, k in variables:
        out.append(", ")
        item = v if isinstance(v, str) else (v, 0, 1)
        out += [item] if k == 1 else ["(", item, f", {k})"]
    out.append(")")
    if subs:
        out.append(", ")
        out += tup([d for d, _ in subs])
        out.append(", ")
        out += tup([a for _, a in subs])
        out.append(")")
    return out


def latex_parts(node: Expr, symbol, call) -> list:
    """LaTeX parts as sympy's ``latex``: ``\\frac{d}{d x} f{\\left(x \\right)}``,
    ``\\partial`` when more than one symbol is free, and
    ``\\left. ... \\right|_{\\substack{ \\xi_{1}=2 x }}`` for a ``Subs``.
    ``symbol(name)`` writes a symbol name, ``call(base, items)`` the call."""
    base, slots, variables, subs = form(node)
    dummy = {d: "\\" + d[1:].replace("_", "_{", 1) + "}" for d, _ in subs}   # \xi_{1}
    free = set()
    for s in slots:
        if isinstance(s, str):
            free.add(s)
        else:
            free |= s.free
    d = r"\partial" if len(free) > 1 else "d"
    total = sum(k for _, k in variables)
    out: list = [r"\left. "] if subs else []
    out.append(rf"\frac{{{d}}}{{" if total == 1 else rf"\frac{{{d}^{{{total}}}}}{{")
    for v, k in reversed(variables):
        out.append(d + " ")
        out.append(dummy[v] if isinstance(v, str) else (v, 0, 1))
        if k > 1:
            out.append(f"^{{{k}}}")
    out.append("} ")
    out += call(base, [dummy[s] if isinstance(s, str) else (s, 0, 1) for s in slots])
    if subs:
        out.append(r" \right|_{\substack{ ")
        for i, (x, a) in enumerate(subs):
            out += [r"\\ " if i else "", dummy[x], "=", (a, 0, 1)]
        out.append(" }}")
    return out
