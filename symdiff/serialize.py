"""Flat (postfix) form of a DAG: pickling without recursion over depth."""
from __future__ import annotations

from .nodes import Expr, Op, Sym, _make, facts_of, topo

# Op members as module constants (an IntEnum member lookup costs ~0.1 us)
_NUM, _CONST, _SYM = Op.NUM, Op.CONST, Op.SYM


def to_postfix(expr: Expr) -> tuple:
    """``((op, value, child_indices), ...)`` in topological order."""
    order = topo([expr])
    index = {n: i for i, n in enumerate(order)}
    return tuple((int(n.op), _value(n), tuple(index[a] for a in n.args)) for n in order)


def _value(n: Expr):
    """A symbol with assumptions travels as ``(name, facts)``."""
    facts = facts_of(n) if n.op is Op.SYM else None
    return (n.value, tuple(sorted(facts))) if facts else n.value


def from_postfix(rows: tuple) -> Expr:
    """Rebuild (and re-intern) a DAG from :func:`to_postfix` rows."""
    built: list = []
    for op, value, kids in rows:
        op = Op(op)
        if op is _SYM and isinstance(value, tuple):
            built.append(Sym(*value))
        elif op in (_NUM, _SYM, _CONST):
            built.append(_make(op, value, ()))
        else:
            built.append(_make(op, value, tuple(built[k] for k in kids)))
    return built[-1]
