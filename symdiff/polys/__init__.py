"""Polynomials over Q as plain dicts: the ring (:mod:`.ring`), exact GCDs
(:mod:`.gcd`; python-flint's when installed, :mod:`.flint_backend`) and
factorization (:mod:`.factor`, python-flint's). A narrow interface, dicts in and dicts out, with no
expression nodes: ``symdiff.rewrite.rational`` converts expressions to and
from these dicts over its kernels.

>>> from symdiff import polys
>>> p, q = {(2,): 1, (0,): -1}, {(2,): 1, (1,): 2, (0,): 1}   # x**2 - 1, (x + 1)**2
>>> g, a, b = polys.cofactors(p, q)
>>> g == {(1,): 1, (0,): 1}, a == {(1,): 1, (0,): -1}, b == g
(True, True, True)
"""
from __future__ import annotations

from .ring import (BUDGET, GCD_BUDGET, MAX_GCD_DEGREE, MAX_GCD_VARS, MAX_TERMS, MAX_WORK, TooBig, add, content, div_scale,
                   divide, is_const, lead, mul, norm, power, primitive, quo, scale, smadd)
from .gcd import (Cofactors, cofactors, coprime, divided, gcd_any, gcd_rec, heugcd, lowest_terms,
                  mono_content, mono_gcd)
from .factor import factor, factor_squarefree
from .flint_backend import enabled as flint_enabled, use as use_flint

__all__ = ["BUDGET", "GCD_BUDGET", "MAX_GCD_DEGREE", "MAX_GCD_VARS", "MAX_TERMS", "MAX_WORK", "TooBig", "add", "content",
           "div_scale", "divide", "is_const", "lead", "mul", "norm", "power", "primitive", "quo",
           "scale", "smadd", "cofactors", "coprime", "divided", "gcd_any", "gcd_rec", "heugcd",
           "lowest_terms", "mono_gcd", "mono_content", "Cofactors", "factor", "factor_squarefree", "flint_enabled", "use_flint"]
