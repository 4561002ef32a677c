"""python-flint (``fmpz_mpoly``) behind the dict interface of :mod:`.ring`.

Dense exponent tuples with integer coefficients go in and come out; one
FLINT context per number of variables (lex order, variable 0 most
significant: the order of :func:`.ring.lead`), cached. FLINT's GCD has no
work budget and never gives up; on the polynomials ``cancel`` meets it is
exact in milliseconds where the pure-Python GCDs of :mod:`.gcd` ran out of
budget after seconds (``benchmarks/wl_polys.py``).

Absent python-flint (or with ``use(False)`` in a thread, or with the
environment variable ``SYMDIFF_NO_FLINT=1`` at import, so that a test run
can check the pure-Python engine alone), :mod:`.gcd` computes alone and
:func:`factor` raises :class:`~symdiff.errors.SymdiffError`.

>>> if enabled():
...     g, a, b = cofactors({(2,): 1, (0,): -1}, {(2,): 1, (1,): 2, (0,): 1})
...     assert g == {(1,): 1, (0,): 1} and a == {(1,): 1, (0,): -1}
"""
from __future__ import annotations

import os
import threading
from contextlib import contextmanager

from ..errors import SymdiffError

try:
    import flint
    _ZCTX = flint.fmpz_mpoly_ctx
    _ZCTX.get                             # (the context API of python-flint >= 0.9)
except (ImportError, AttributeError):     # absent, or too old
    flint = None

AVAILABLE = flint is not None and not os.environ.get("SYMDIFF_NO_FLINT")


class _State(threading.local):
    """Per-thread switch; on unless :func:`use` turned it off in this thread
    (a class default: reading a missing thread-local attribute is slow)."""
    on = True


_STATE = _State()
_CTX: dict = {}


def enabled() -> bool:
    """Whether the polynomial engine uses python-flint (installed, and not
    switched off with :func:`use` in this thread)."""
    return AVAILABLE and _STATE.on


@contextmanager
def use(on: bool):
    """Switch python-flint on or off in this thread for a block (tests and
    benchmarks compare both engines).

    >>> with use(False):
    ...     enabled()
    False
    """
    if on and not AVAILABLE:
        raise SymdiffError("python-flint is not installed (pip install python-flint)")
    old = _STATE.on
    _STATE.on = bool(on)
    try:
        yield
    finally:
        _STATE.on = old


def _ctx(n: int):
    ctx = _CTX.get(n)
    if ctx is None:
        ctx = _CTX[n] = _ZCTX.get(("x", n), "lex")
    return ctx


def _to_dict(p) -> dict:
    """FLINT's polynomial as a dict of Python ints (FLINT gives fmpz
    exponents and coefficients; fmpz hash and compare as ints, but code
    here tests ``type(c) is int``)."""
    return dict(zip([tuple(map(int, e)) for e in p.monoms()], map(int, p.coeffs())))


def cofactors(p: dict, q: dict) -> tuple:
    """``(g, p/g, q/g)`` for primitive integer p, q with positive leading
    coefficients and at least one variable; g likewise (FLINT's GCD)."""
    n = len(next(iter(p)))
    ctx = _ctx(n)
    P, Q = ctx.from_dict(p), ctx.from_dict(q)
    G = P.gcd(Q)
    if G.is_one():
        return {(0,) * n: 1}, p, q
    return _to_dict(G), _to_dict(P / G), _to_dict(Q / G)


def factor(p: dict) -> tuple:
    """``(c, [(f, k), ...])`` with ``p = c * prod(f**k)`` for an integer
    polynomial p with at least one variable: c an integer, each f
    irreducible over Q, primitive, with a positive leading coefficient
    (FLINT's factorization)."""
    return _factored(p, "factor")


def factor_squarefree(p: dict) -> tuple:
    """Like :func:`factor`, with square-free, pairwise coprime factors."""
    return _factored(p, "factor_squarefree")


def _factored(p: dict, method: str) -> tuple:
    if not AVAILABLE:
        raise SymdiffError("factorization needs python-flint (pip install python-flint)")
    c, fs = getattr(_ctx(len(next(iter(p)))).from_dict(p), method)()
    c, out = int(c), []
    for f, k in fs:
        f = _to_dict(f)
        if f[max(f)] < 0:                  # a positive leading coefficient
            f = {e: -v for e, v in f.items()}
            c = -c if k % 2 else c
        out.append((f, int(k)))
    return c, out