"""sympy's hypergeometric calls with tuple arguments, read as registry rows
(``printers/hypergeometric.py`` writes them so):

- ``hyper((a1, a2), (b1, b2), z)`` is ``hyp2f2(a1, a2, b1, b2, z)``;
- ``meijerg(((), (1, 1)), ((0, 0, a), ()), x)``, the Meijer G function in
  sympy's d/da uppergamma(a, x), is the internal row ``_meijerg_ugamma(a, x)``
  (no other Meijer G function is supported).

>>> from symdiff import parse
>>> parse("hyper((1, a), (2, b), x)").value
'hyp2f2'
>>> parse("meijerg(((), (1, 1)), ((0, 0, a), ()), x)").args
(a, x)
"""
from __future__ import annotations

from ..core.nodes import ONE, ZERO, Fn
from ..errors import SymdiffError
from .conditions import Pair

# (len(upper), len(lower)) -> registry row
_ROWS = {(2, 2): "hyp2f2"}
_HYPER = ("hyper((a1, a2), (b1, b2), z) is read as hyp2f2; 2F1 is written "
          "hyp2f1(a, b, c, z)")
_MEIJERG = ("only meijerg(((), (1, 1)), ((0, 0, a), ()), x) is read (the Meijer G "
            "function of d/da uppergamma(a, x))")


def empty(self, c) -> Pair:
    """``()``: the empty tuple (an argument of ``meijerg`` only)."""
    return Pair(())


def _tuple_of_exprs(t) -> bool:
    return isinstance(t, Pair) and not any(isinstance(a, Pair) for a in t)


def hyper_call(args):
    """The node of ``hyper(upper, lower, z)`` from its parsed arguments."""
    if len(args) != 3 or not _tuple_of_exprs(args[0]) or not _tuple_of_exprs(args[1]) \
            or isinstance(args[2], Pair):
        raise SymdiffError(_HYPER)
    up, low, z = args
    row = _ROWS.get((len(up), len(low)))
    if row is None:
        raise SymdiffError(_HYPER)
    return Fn(row, *up, *low, z)


def meijerg_call(args):
    """The node of ``meijerg(((), (1, 1)), ((0, 0, a), ()), x)`` (the
    parameter ``a`` in any of the three places of its group, as sympy sorts
    it)."""
    if len(args) != 3 or isinstance(args[2], Pair) or not all(
            isinstance(g, Pair) and len(g) == 2 and all(_tuple_of_exprs(t) for t in g)
            for g in args[:2]):
        raise SymdiffError(_MEIJERG)
    (an, ap), (bm, bq), x = args
    if an or bq or len(ap) != 2 or ap[0] is not ONE or ap[1] is not ONE or len(bm) != 3:
        raise SymdiffError(_MEIJERG)
    rest = list(bm)
    for _ in range(2):
        if ZERO not in rest:
            raise SymdiffError(_MEIJERG)
        rest.remove(ZERO)
    return Fn("_meijerg_ugamma", rest[0], x)


SPECIAL_CALLS = {"hyper": hyper_call, "meijerg": meijerg_call}
