"""sympy's spelling of the hypergeometric rows that print as ``hyper``:
``hyp2f2(a1, a2, b1, b2, z)`` is ``hyper((a1, a2), (b1, b2), z)`` in
``str`` (``parsing/hyper.py`` reads it back). ``hyp2f1`` keeps its own
name: sympy's ``(c,)`` is no tuple of the grammar.

>>> from symdiff import parse
>>> str(parse("hyp2f2(a, a, a + 1, a + 1, -x)"))
'hyper((a, a), (a + 1, a + 1), -x)'
"""
from __future__ import annotations

from ..core.nodes import Expr


def _hyper(p: int):
    """The parts of ``hyper((a1, ..., ap), (b1, ...), z)``."""
    def parts(node: Expr) -> list:
        a = node.args
        out: list = ["hyper(("]
        for i, x in enumerate(a[:-1]):
            if i == p:
                out.append("), (")
            elif i:
                out.append(", ")
            out.append((x, 0, 1))
        return out + ["), ", (a[-1], 0, 1), ")"]
    return parts


INFIX = {"hyp2f2": _hyper(2)}
