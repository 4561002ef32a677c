"""sympy's ``hyper((a1, a2), (b1, b2), z)`` read as the registry row
``hyp2f2(a1, a2, b1, b2, z)`` (``printers/hyper.py`` writes it so).

>>> from symdiff import parse
>>> parse("hyper((1, a), (2, b), x)").value
'hyp2f2'
"""
from __future__ import annotations

from ..core.nodes import Fn
from ..errors import SymdiffError
from .conditions import Pair

# (len(upper), len(lower)) -> registry row
_ROWS = {(2, 2): "hyp2f2"}
_USAGE = ("hyper((a1, a2), (b1, b2), z) is read as hyp2f2; 2F1 is written "
          "hyp2f1(a, b, c, z)")


def hyper_call(args) -> object:
    """The node of ``hyper(upper, lower, z)`` from its parsed arguments."""
    if len(args) != 3 or not isinstance(args[0], Pair) or not isinstance(args[1], Pair) \
            or isinstance(args[2], Pair):
        raise SymdiffError(_USAGE)
    up, low, z = args
    row = _ROWS.get((len(up), len(low)))
    if row is None or any(isinstance(a, Pair) for a in (*up, *low)):
        raise SymdiffError(_USAGE)
    return Fn(row, *up, *low, z)
