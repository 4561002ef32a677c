"""Resource limits with safe defaults; change them on ``symdiff.limits``.

Every limit is checked before the work it bounds, and exceeding one raises
:class:`~symdiff.errors.LimitError` naming it. Limits are process-wide;
``limits.override(...)`` changes some for the duration of a ``with`` block.

>>> import symdiff
>>> symdiff.limits.max_int_bits
4096
>>> with symdiff.limits.override(max_nodes=5):
...     symdiff.diff("sin(x)*cos(x)**2*exp(x)*log(x) + x**7", "x")
Traceback (most recent call last):
    ...
symdiff.errors.LimitError: expression has 9 nodes, over limits.max_nodes=5
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import LimitError, SymdiffError

_FIELDS = ("max_int_bits", "max_input_length", "max_order", "max_nodes")


class Limits:
    """Bounds that keep hostile or huge input from hanging or eating memory.

    A plain mutable class, not a dataclass: ``dataclasses`` imports
    ``inspect``, ~10 ms of command-line start-up."""

    def __init__(self,
                 max_int_bits: int = 4096,            # exact integers folded beyond this stay symbolic
                 max_input_length: int = 10_000_000,  # characters accepted by parse()
                 max_order: int = 100,                # highest derivative order diff() takes
                 max_nodes: int = 5_000_000):         # DAG size an operation may start from
        self.max_int_bits, self.max_input_length = max_int_bits, max_input_length
        self.max_order, self.max_nodes = max_order, max_nodes

    @contextmanager
    def override(self, **changes: int) -> Iterator[Limits]:
        """Temporarily change limits (process-wide, restored on exit)."""
        names = set(_FIELDS)
        for k, v in changes.items():
            if k not in names:
                raise SymdiffError(f"unknown limit {k!r}; limits are {', '.join(sorted(names))}")
            if not isinstance(v, int) or isinstance(v, bool) or v < 0:
                raise SymdiffError(f"limit {k} must be a non-negative integer, got {v!r}")
        old = {k: getattr(self, k) for k in changes}
        for k, v in changes.items():
            setattr(self, k, v)
        try:
            yield self
        finally:
            for k, v in old.items():
                setattr(self, k, v)

    def __repr__(self) -> str:
        return "Limits(" + ", ".join(f"{k}={getattr(self, k)!r}" for k in _FIELDS) + ")"

    def check_nodes(self, n: int, what: str = "expression") -> None:
        """Raise :class:`LimitError` if a DAG of ``n`` nodes is over ``max_nodes``."""
        if n > self.max_nodes:
            raise LimitError(f"{what} has {n} nodes, over limits.max_nodes={self.max_nodes}")


limits = Limits()
