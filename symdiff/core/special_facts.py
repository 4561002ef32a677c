"""Assumption facts of special-function calls, from their arguments' facts.

One entry per function: the facts of ``f(args)`` given the facts of each
argument (``kids``, closed sets). Only what holds on the principal branch
for every value the premises allow; anything else is unknown. Merged into
``assumptions._FN_FACTS``.

>>> from symdiff.core.nodes import Sym, Fn
>>> from symdiff.core.assumptions import holds
>>> holds("positive", Fn("gamma", Sym("x", ["positive"])))
True
"""
from __future__ import annotations

from .facts import closure

_REAL, _POSITIVE = closure({"real"}), closure({"positive"})
_NONNEG = closure({"nonnegative"})
_NONE = frozenset()


def _real_if(*need):
    """Real when argument i has fact need[i] (None: no condition)."""
    def facts(kids):
        return _REAL if all(n is None or n in k for n, k in zip(need, kids)) else _NONE
    return facts


def _odd_increasing(kids):
    """An increasing odd function of a real argument keeps its sign."""
    k = kids[0]
    if "real" not in k:
        return _NONE
    if "positive" in k:
        return _POSITIVE
    if "negative" in k:
        return closure({"negative"})
    if "nonnegative" in k:
        return _NONNEG
    if "nonpositive" in k:
        return closure({"nonpositive"})
    return _REAL


def _positive_if(fact: str, i: int = 0):
    def facts(kids):
        return _POSITIVE if fact in kids[i] else _NONE
    return facts


def _gamma(kids):
    return _POSITIVE if "positive" in kids[0] else _NONE


def _factorial(kids):
    return _POSITIVE if "nonnegative" in kids[0] else _NONE


def _loggamma(kids):
    return _REAL if "positive" in kids[0] else _NONE


SPECIAL_FACTS = {
    "erf": _odd_increasing, "erfi": _odd_increasing, "Shi": _odd_increasing,
    "expm1": _odd_increasing,                     # sign-preserving, increasing
    "erfc": _positive_if("real"),
    "gamma": _gamma, "factorial": _factorial, "loggamma": _loggamma,
    "beta": lambda k: _POSITIVE if "positive" in k[0] and "positive" in k[1] else _NONE,
    "polygamma": lambda k: _REAL if "integer" in k[0] and "positive" in k[1] else _NONE,
    "Si": _real_if("real"), "fresnels": _real_if("real"), "fresnelc": _real_if("real"),
    "airyai": _real_if("real"), "airybi": _real_if("real"),
    "airyaiprime": _real_if("real"), "airybiprime": _real_if("real"),
    "Ei": _real_if("real"), "Ci": _real_if("positive"), "Chi": _real_if("positive"),
    "li": _real_if("positive"),
    "besselj": _real_if("integer", "real"), "besseli": _real_if("integer", "real"),
    "bessely": _real_if("real", "positive"), "besselk": _positive_if("positive", 1),
    "uppergamma": lambda k: _POSITIVE if "positive" in k[0] and "positive" in k[1] else _NONE,
    "lowergamma": lambda k: _POSITIVE if "positive" in k[0] and "positive" in k[1] else _NONE,
    "log1p": lambda k: _POSITIVE if "positive" in k[0] else _REAL if "nonnegative" in k[0] else _NONE,
    "elliptic_k": lambda k: _POSITIVE if "nonpositive" in k[0] else _NONE,
    "elliptic_e": lambda k: _POSITIVE if len(k) == 1 and "nonpositive" in k[0] else _NONE,
}
