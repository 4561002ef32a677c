"""Rewriting: ``simplify`` and its parts.

``pattern`` (rules as text: ``name: lhs -> rhs [if guard]``), ``engine``
(one bottom-up pass to a fixpoint, cost-gated), ``rules/`` (the rule
tables by theme), ``rational`` (``expand``/``together``/``cancel`` over
:mod:`symdiff.polys`) and ``strategy`` (``simplify``, ``trigsimp``: which
rule sets in which order, the best result kept).
"""
