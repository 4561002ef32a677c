"""Plain algebra the canonical constructors leave alone: a numeric factor
distributed over a sum, kept only where terms then merge or signs cancel
(``-(-a - 1) -> a + 1``); the cost function decides. The pattern names two
terms, so only a true sum matches (``x_ + r__`` alone would also match any
single factor, with ``r__ = 0``, and rebuild the same node: 500 wasted
matches on the panel's typical derivatives)."""
from ..pattern import rules

RULES = rules("""
distribute-number: c_*(x_ + y_ + r__) -> c_*x_ + c_*y_ + c_*r__   if number(c_)
""")
