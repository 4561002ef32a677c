"""sympy's spelling of the hypergeometric rows written with tuples, in
``str`` and as the function of a ``Derivative`` (``parsing/hypergeometric.py``
reads them back):

- ``hyp2f2(a1, a2, b1, b2, z)`` is ``hyper((a1, a2), (b1, b2), z)``
  (``hyp2f1`` keeps its own name: sympy's ``(c,)`` is no tuple of the grammar);
- ``_meijerg_ugamma(a, x)`` is ``meijerg(((), (1, 1)), ((0, 0, a), ()), x)``,
  ``a`` first where sympy sorts it first (a float, a negative number).

>>> from symdiff import parse
>>> str(parse("hyp2f2(a, a, a + 1, a + 1, -x)"))
'hyper((a, a), (a + 1, a + 1), -x)'
"""
from __future__ import annotations

from ..core.nodes import Op


def _hyper(items: list) -> list:
    """``hyper((a1, a2), (b1, b2), z)`` of the printed items of hyp2f2's
    arguments (parts, or a dummy's name)."""
    a1, a2, b1, b2, z = items
    return ["hyper((", a1, ", ", a2, "), (", b1, ", ", b2, "), ", z, ")"]


def _sorted_first(item) -> bool:
    """Whether sympy sorts parameter ``item`` before 0 (floats, negatives)."""
    if isinstance(item, str):               # a dummy: a symbol, after numbers
        return False
    a = item[0]
    return a.op is Op.NUM and not isinstance(a.value, complex) and (
        isinstance(a.value, float) or a.value < 0)


def _meijerg(items: list) -> list:
    a, x = items
    bm = [a, ", 0, 0"] if _sorted_first(a) else ["0, 0, ", a]
    return ["meijerg(((), (1, 1)), ((", *bm, "), ()), ", x, ")"]


CALLS = {"hyp2f2": _hyper, "_meijerg_ugamma": _meijerg}    # row -> parts of its call


def _infix(name: str):
    form = CALLS[name]
    return lambda node: form([(a, 0, 1) for a in node.args])


INFIX = {name: _infix(name) for name in CALLS}
