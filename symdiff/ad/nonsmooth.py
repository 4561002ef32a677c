"""Derivative rules that no fixed template expresses: n-ary ``Max``/``Min``
(via ``Heaviside``, as sympy), ``DiracDelta(x, k)`` (order ``k + 1``),
``Piecewise`` (branch-wise, also in reverse mode, through forward mode:
see ``reverse._fn_parts``) and the logic of conditions (0). The conventions at the kinks are in
``core/nonsmooth.py`` (one table).

>>> from symdiff import diff
>>> diff("Max(x, 0)**2", "x")
2*Heaviside(x)*Max(0, x)
>>> diff("Piecewise((x**2, x > 0), (-x, True))", "x")
Piecewise((2*x, x > 0), (-1, True))
"""
from __future__ import annotations

from ..core.nodes import ONE, ZERO, Add, Expr, Fn, Num, neg
from ..core.piecewise import check_values  # noqa: F401  (re-exported for forward/reverse)


def _minmax(node: Expr) -> list:
    a = node.args
    out = []
    for i, ai in enumerate(a):
        others = a[:i] + a[i + 1:]
        other = others[0] if len(others) == 1 else Fn(node.value, *others)
        d = Add(ai, neg(other)) if node.value == "Max" else Add(other, neg(ai))
        out.append(Fn("Heaviside", d))
    return out


def _dirac(node: Expr) -> list:
    k = node.args[1].value if len(node.args) == 2 else 0
    return [Fn("DiracDelta", node.args[0], Num(k + 1))] + [ZERO] * (len(node.args) - 1)


def _zeros(node: Expr) -> list:
    return [ZERO] * len(node.args)


PARTIALS = {"Max": _minmax, "Min": _minmax, "DiracDelta": _dirac,
            "And": _zeros, "Or": _zeros}


def piecewise_derivative(node: Expr, d: dict) -> Expr:
    """Forward mode: ``Piecewise((e1', c1), (e2', c2), ...)``."""
    a = node.args
    flat = []
    for i in range(0, len(a), 2):
        flat += [d.get(a[i], ZERO), a[i + 1]]
    return Fn("Piecewise", *flat)
