"""Plain algebra the canonical constructors leave alone: a numeric factor
distributed over a sum, kept only where terms then merge or signs cancel
(``-(-a - 1) -> a + 1``); the cost function decides."""
from .pattern import rules

RULES = rules("""
distribute-number: c_*(x_ + r__) -> c_*x_ + c_*r__   if number(c_)
""")
