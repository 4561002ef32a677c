"""Registry functions symmetric in groups of argument slots, and the
canonical order of their partial-derivative nodes' slots.

``hyp2f2(a1, a2, b1, b2, z)`` is symmetric in ``(a1, a2)`` and in
``(b1, b2)``; its own constructor sorts each pair
(``core/special_values.py``). A partial derivative node
(``Derivative[0,1,0,0,0][hyp2f2]``, see ``core/undefined.py``) sorts each
group's (argument, order) pairs too, so ``d/da2`` and ``d/da1`` at equal
parameters are one node, and a ``Subs`` form that the parser rebuilds
lands on the node it was printed from.

>>> from symdiff import diff, parse
>>> d = diff("hyp2f2(a, a, c, d, z)", "a")
>>> parse(str(d)) is d
True
"""
from __future__ import annotations

from .undefined import split

GROUPS = {"hyp2f2": ((0, 1), (2, 3))}       # row -> slot groups it is symmetric in


def canonical_partial(value: str, args: tuple) -> tuple:
    """``(value, args)`` of a call with each symmetric group's (argument,
    order) pairs sorted by the arguments' canonical keys, then orders."""
    if not value.startswith("Derivative["):
        return value, args
    base, orders = split(value)
    groups = GROUPS.get(base)
    if groups is None or orders is None or len(orders) != len(args):
        return value, args
    args, orders = list(args), list(orders)
    for g in groups:
        pairs = sorted(((args[i], orders[i]) for i in g), key=lambda p: (p[0].key, p[1]))
        for i, (a, k) in zip(g, pairs):
            args[i], orders[i] = a, k
    return f"Derivative[{','.join(map(str, orders))}][{base}]", tuple(args)
