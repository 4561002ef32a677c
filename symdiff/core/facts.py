"""The assumption facts a symbol may carry and what each implies.

Pure data and its closure; :mod:`symdiff.core.assumptions` derives facts
for whole expressions from these.

>>> sorted(closure("positive"))
['nonnegative', 'nonzero', 'positive', 'real']
"""
from __future__ import annotations

from ..errors import SymdiffError

# fact -> facts it implies (the table is closed by closure())
IMPLIES = {
    "positive": {"nonnegative", "nonzero", "real"},
    "negative": {"nonpositive", "nonzero", "real"},
    "nonnegative": {"real"},
    "nonpositive": {"real"},
    "integer": {"real"},
    "real": set(),
    "nonzero": set(),
}
FACTS = tuple(sorted(IMPLIES))


def closure(facts) -> frozenset:
    """``facts`` with everything they imply; unknown names are an error."""
    if isinstance(facts, str):
        facts = facts.replace(",", " ").split()
    out, todo = set(), list(facts)
    while todo:
        f = todo.pop()
        if f not in IMPLIES:
            raise SymdiffError(f"unknown assumption {f!r}; known: {', '.join(FACTS)}")
        if f not in out:
            out.add(f)
            todo.extend(IMPLIES[f])
    return frozenset(out)
