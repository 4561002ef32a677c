"""sympy's spelling of the hypergeometric rows that print as ``hyper``:
``hyp2f2(a1, a2, b1, b2, z)`` is ``hyper((a1, a2), (b1, b2), z)`` in
``str``, also as the function of a ``Derivative`` (``parsing/hyper.py``
reads it back). ``hyp2f1`` keeps its own name: sympy's ``(c,)`` is no
tuple of the grammar.

>>> from symdiff import parse
>>> str(parse("hyp2f2(a, a, a + 1, a + 1, -x)"))
'hyper((a, a), (a + 1, a + 1), -x)'
"""
from __future__ import annotations

from ..core.nodes import Expr

UPPER = {"hyp2f2": 2}       # row -> number of upper parameters


def call_parts(name: str, items: list) -> list:
    """``hyper((a1, ...), (b1, ...), z)`` of the printed items (parts or
    dummy names) of a ``UPPER`` row's arguments."""
    p = UPPER[name]
    out: list = ["hyper(("]
    for i, x in enumerate(items[:-1]):
        if i == p:
            out.append("), (")
        elif i:
            out.append(", ")
        out.append(x)
    return out + ["), ", items[-1], ")"]


def _infix(name: str):
    return lambda node: call_parts(name, [(a, 0, 1) for a in node.args])


INFIX = {name: _infix(name) for name in UPPER}
