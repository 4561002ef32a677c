"""Assumptions on symbols and what follows from them for expressions.

A symbol may carry facts (``Sym("x", ["positive"])``, ``symbols("x",
positive=True)``, ``parse(text, assume={"x": "positive"})``); domain-restricted
simplification rules ask :func:`holds` whether a fact is known for a whole
expression. Facts are closed under the implication table below; anything
not derivable is unknown (the rule does not fire).

>>> from symdiff.core.nodes import Sym
>>> x = Sym("x", ["positive"])
>>> holds("positive", x**2 + 1), holds("positive", Sym("y")**2 + 1)
(True, False)
"""
from __future__ import annotations

import weakref
from fractions import Fraction

from .facts import closure
from .nodes import Op, facts_of, topo

_NUM, _CONST, _SYM, _POW, _MUL, _ADD = Op.NUM, Op.CONST, Op.SYM, Op.POW, Op.MUL, Op.ADD

_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def facts(e) -> frozenset:
    """Every fact derivable for expression ``e`` (memoized per node)."""
    got = _CACHE.get(e)
    if got is not None:
        return got
    for n in topo([e], prune=lambda m: m in _CACHE):
        _CACHE[n] = _derive(n)
    return _CACHE[e]


def holds(fact: str, e) -> bool:
    """True when ``fact`` is known to hold for ``e``."""
    return fact in facts(e)


def _num(v) -> frozenset:
    out = {"real"}
    if isinstance(v, int) or (isinstance(v, Fraction) and v.denominator == 1):
        out.add("integer")
    out.add("positive" if v > 0 else "negative" if v < 0 else "nonnegative")
    return closure(out | ({"nonpositive"} if v == 0 else set()))


def _sign_facts(sign: int | None, real: bool, integer: bool) -> frozenset:
    out = set()
    if real:
        out.add("real")
    if integer:
        out.add("integer")
    if sign == 1:
        out.add("positive")
    elif sign == -1:
        out.add("negative")
    elif sign == 0:
        out.add("nonnegative")     # >= 0
    return closure(out)


def _sign(f: frozenset):
    """+1 positive, -1 negative, 0 nonnegative, None unknown."""
    return 1 if "positive" in f else -1 if "negative" in f else 0 if "nonnegative" in f else None


_RCACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def real_variable_facts(e) -> frozenset:
    """Every fact derivable for ``e`` when each symbol is a real variable
    (besides its own assumptions): what differentiation, which is along
    real variables, may rely on (``holds`` does not assume this)."""
    got = _RCACHE.get(e)
    if got is not None:
        return got
    for n in topo([e], prune=lambda m: m in _RCACHE):
        _RCACHE[n] = _derive(n, _RCACHE, True)
    return _RCACHE[e]


def _derive(n, cache=_CACHE, real_symbols: bool = False) -> frozenset:
    op = n.op
    if op is _NUM:
        return _num(n.value)
    if op is _SYM:
        return closure(facts_of(n) | {"real"}) if real_symbols else facts_of(n)
    if op is _CONST:
        return closure({"positive"}) if n.value in ("pi", "E", "EulerGamma") else closure({"nonzero"})
    kids = [cache[a] for a in n.args]
    real = all("real" in k for k in kids)
    integer = all("integer" in k for k in kids)
    if op is _ADD:
        signs = [_sign(k) for k in kids]
        if all(s in (0, 1) for s in signs):
            return _sign_facts(1 if 1 in signs else 0, real, integer)
        if all(s == -1 for s in signs):
            return _sign_facts(-1, real, integer)
        return _sign_facts(None, real, integer)
    if op is _MUL:
        signs = [_sign(k) for k in kids]
        nonzero = all("nonzero" in k for k in kids)
        if all(s in (1, -1) for s in signs):
            sign = -1 if signs.count(-1) % 2 else 1
        elif all(s is not None for s in signs) and signs.count(-1) % 2 == 0:
            sign = 0
        else:
            sign = None
        out = _sign_facts(sign, real, integer)
        return out | ({"nonzero"} if nonzero else set())
    if op is _POW:
        b, e = n.args
        fb, fe = kids
        if "positive" in fb and "real" in fe:
            return closure({"positive"})
        if e.op is _NUM and isinstance(e.value, int):
            even = e.value % 2 == 0
            nonzero = "nonzero" in fb
            if "real" in fb and (e.value > 0 or nonzero):
                sign = (1 if nonzero else 0) if even else _sign(fb)
                out = _sign_facts(sign, True, "integer" in fb and e.value >= 0)
                return out | ({"nonzero"} if nonzero else set())
        if "nonnegative" in fb and "real" in fe and "positive" in fe:
            return closure({"nonnegative"})
        return frozenset()
    return _FN_FACTS.get(n.value, _none)(kids)


def _none(kids) -> frozenset:
    return frozenset()


def _real_if_real(kids) -> frozenset:
    return closure({"real"}) if "real" in kids[0] else frozenset()


def _odd(kids) -> frozenset:
    """An increasing odd function of a real argument keeps its sign."""
    f = kids[0]
    return _sign_facts(_sign(f), True, False) if "real" in f else frozenset()


_FN_FACTS = {
    "exp": lambda k: closure({"positive"}) if "real" in k[0] else closure({"nonzero"}),
    "cosh": lambda k: closure({"positive"}) if "real" in k[0] else frozenset(),
    "log": lambda k: closure({"real"}) if "positive" in k[0] else frozenset(),
    "Abs": lambda k: closure({"nonnegative"}) | ({"nonzero", "positive"} if "nonzero" in k[0]
                                                  else set()),
    "sign": lambda k: closure({"real", "integer"}) if "real" in k[0] else frozenset(),
    "sin": _real_if_real, "cos": _real_if_real, "tan": _real_if_real,
    "cot": _real_if_real, "sec": _real_if_real, "csc": _real_if_real,
    "coth": _real_if_real, "sech": _real_if_real, "csch": _real_if_real,
    "re": lambda k: closure({"real"}), "im": lambda k: closure({"real"}),
    "conjugate": lambda k: k[0],
    "atan": _odd, "sinh": _odd, "tanh": _odd, "asinh": _odd,
    "atan2": lambda k: closure({"real"}) if all("real" in a for a in k) else frozenset(),
    # nonsmooth functions (core/nonsmooth.py)
    "floor": lambda k: closure({"integer"}) if "real" in k[0] else frozenset(),
    "ceiling": lambda k: closure({"integer"}) if "real" in k[0] else frozenset(),
    "frac": lambda k: closure({"nonnegative"}) if "real" in k[0] else frozenset(),
    "Heaviside": lambda k: closure({"nonnegative"}) if "real" in k[0] else frozenset(),
    "arg": lambda k: closure({"real"}),
    "Max": lambda k: (closure({"positive"}) if any("positive" in a for a in k) else
                      closure({"real"})) if all("real" in a for a in k) else frozenset(),
    "Min": lambda k: (closure({"negative"}) if any("negative" in a for a in k) else
                      closure({"real"})) if all("real" in a for a in k) else frozenset(),
    "Piecewise": lambda k: frozenset.intersection(*k[::2]),
}
from .special_facts import SPECIAL_FACTS   # noqa: E402  (special functions, one table)
_FN_FACTS.update(SPECIAL_FACTS)
