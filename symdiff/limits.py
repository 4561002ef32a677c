"""Resource limits with safe defaults; change them on ``symdiff.limits``.

>>> import symdiff
>>> symdiff.limits.max_int_bits
4096
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Limits:
    """Bounds that keep hostile or huge input from hanging or eating memory."""

    max_int_bits: int = 4096        # exact integers folded beyond this stay symbolic
    max_input_length: int = 10_000_000  # characters accepted by parse()
    max_order: int = 100            # highest derivative order diff() takes


limits = Limits()
