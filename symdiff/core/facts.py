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


# facts that no value satisfies together (>= 0 and <= 0 is 0, which is not nonzero);
# every contradiction the table allows closes to a superset of this
CONTRADICTION = frozenset({"nonnegative", "nonpositive", "nonzero"})


def closure(facts) -> frozenset:
    """``facts`` with everything they imply; unknown names and contradictory
    facts (``positive`` with ``negative`` or ``nonpositive``, ``negative``
    with ``nonnegative``, ``nonzero`` with both of those) are an error."""
    if isinstance(facts, str):
        facts = facts.replace(",", " ").split()
    facts = list(facts)
    out, todo = set(), list(facts)
    while todo:
        f = todo.pop()
        if f not in IMPLIES:
            raise SymdiffError(f"unknown assumption {f!r}; known: {', '.join(FACTS)}")
        if f not in out:
            out.add(f)
            todo.extend(IMPLIES[f])
    if CONTRADICTION <= out:
        raise SymdiffError(f"contradictory assumptions: {', '.join(sorted(set(facts)))}")
    return frozenset(out)
