"""Factorization over Q of :mod:`.ring` polynomials (python-flint's).

>>> from symdiff.polys import flint_backend
>>> if flint_backend.AVAILABLE:      # 2*x**2 - 2 = 2 * (x - 1) * (x + 1)
...     c, fs = factor({(2,): 2, (0,): -2})
...     assert c == 2 and sorted(f[(1,)] * f.get((0,), 0) for f, _ in fs) == [-1, 1]
"""
from __future__ import annotations

from ..errors import SymdiffError
from . import flint_backend
from .gcd import mono_content
from .ring import is_const, is_linear, linear_irreducible, primitive


def _split(p: dict, how) -> tuple:
    if not p:
        raise SymdiffError("factorization of the zero polynomial")
    if is_const(p) or not next(iter(p)):
        (c,) = p.values()
        return c, []
    c, pp = primitive(p)                 # p = c * pp, pp integer and primitive
    if is_linear(pp) or (not any(mono_content(pp)) and linear_irreducible(pp)):
        return c, [(pp, 1)]              # irreducible: FLINT's answer without its cost
    u, fs = how(pp)                      # pp = u * prod(f**k), u = +-1
    fs.sort(key=lambda fk: (fk[1], len(fk[0]), sorted(fk[0].items())))
    return c * u, fs


def factor(p: dict) -> tuple:
    """``(c, [(f, k), ...])``: ``p = c * prod(f**k)``, c rational, each f
    irreducible over Q, primitive integer with positive leading coefficient,
    sorted by (k, terms). Needs python-flint (else SymdiffError)."""
    return _split(p, flint_backend.factor)


def factor_squarefree(p: dict) -> tuple:
    """Like :func:`factor` with f square-free and pairwise coprime (not
    necessarily irreducible; FLINT may split a multiplicity's part)."""
    return _split(p, flint_backend.factor_squarefree)
