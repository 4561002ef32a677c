"""Lower expression DAGs to a let-bound SSA list (a Wengert list).

Every distinct operation node becomes one assignment, children first; leaves
(numbers, symbols, constants) are referenced directly. All backends and the
``let`` printer read this list.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..nodes import Expr, topo


@dataclass
class SSA:
    """``steps``: the operation nodes in evaluation order; ``index``: node ->
    position in ``steps``; ``uses``: node -> number of parents (outputs count)."""
    steps: list
    index: dict
    uses: dict
    roots: list


def lower(roots: list[Expr]) -> SSA:
    steps = [n for n in topo(roots) if n.args]
    index = {n: i for i, n in enumerate(steps)}
    uses: dict = {}
    for n in steps:
        for a in n.args:
            uses[a] = uses.get(a, 0) + 1
    for r in roots:
        uses[r] = uses.get(r, 0) + 1
    return SSA(steps, index, uses, list(roots))
