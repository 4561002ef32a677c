"""Result sizes, each in its system's own measure.

symdiff: ``count_ops`` of the shared DAG. sympy: ``count_ops`` of the tree
(sympy counts every occurrence), and of its CSE (``sympy.cse``, then the
operations of the replacements plus the reduced expressions), which is the
fair comparison with a DAG. casadi: ``n_nodes`` of the SX result. symengine:
its ``count_ops`` where the installed version has it.
"""
from __future__ import annotations

from typing import Any, Sequence

import symdiff

from . import anchors


def symdiff_size(exprs: Sequence[Any]) -> int:
    return symdiff.count_ops(*exprs)


def sympy_size(exprs: Sequence[Any], cse_limit: int = 200_000) -> dict:
    """``{"tree": ops, "cse": ops}``; the CSE is skipped (None) above
    ``cse_limit`` tree operations, where ``sympy.cse`` alone takes minutes."""
    sympy = anchors.get("sympy")
    tree = int(sum(sympy.count_ops(e) for e in exprs))
    cse = None
    if tree <= cse_limit:
        repl, reduced = sympy.cse(list(exprs))
        cse = int(sum(sympy.count_ops(v) for _, v in repl) + sum(sympy.count_ops(e) for e in reduced))
    return {"tree": tree, "cse": cse}


def symengine_size(exprs: Sequence[Any]) -> int | None:
    se = anchors.get("symengine")
    counter = getattr(se, "count_ops", None)
    if counter is None:
        return None
    return int(sum(counter(e) for e in exprs))


def casadi_size(sx: Any) -> int:
    return int(anchors.get("casadi").n_nodes(sx))


def fmt_size(size: Any) -> str:
    """Table text for a size: an int, or sympy's "tree (cse N)"."""
    if size is None:
        return "-"
    if isinstance(size, dict):
        tree, cse = size.get("tree"), size.get("cse")
        return f"{tree:,} (cse {cse:,})" if cse is not None else f"{tree:,} (cse -)"
    if isinstance(size, int):
        return f"{size:,}"
    return str(size)
