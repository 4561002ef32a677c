"""gradcheck: passes on every registry rule, fails on a deliberately wrong one."""
import math

import numpy as np
import pytest

import symdiff
from symdiff.ad import forward
from symdiff.core.functions import REGISTRY
from exprgen import ELEMENTARY

RNG = np.random.default_rng(7)
POINTS = RNG.uniform(0.5, 1.5, size=(12, 2))


def _call(name: str) -> str:
    """A composite f(u(x, y)) whose arguments lie in the function's real domain."""
    row = REGISTRY[name]
    if 1 not in row.nargs:
        return f"{name}(0.3 + 0.2*x*y, x - 0.3*y)"
    inner = ("0.3 + 0.2*x*y", "0.2 + 0.1*x + 0.15*y")    # in (0.35, 0.75)
    outer = ("1.5 + 0.3*x*y", "1.2 + 0.1*x + 0.2*y")     # > 1: acosh, asec, acoth ...
    u, v = inner
    try:
        if row.real is not None:
            row.real(0.4)
    except (ValueError, ZeroDivisionError):
        u, v = outer
    if name in ("acoth", "acsc", "asec"):
        u, v = outer
    return f"x*{name}({u}) + y**2*{name}({v})"


@pytest.mark.parametrize("name", ELEMENTARY)   # special functions: ad/test_special_derivatives.py
def test_every_rule_passes(name):
    r = symdiff.gradcheck(_call(name), "x y", POINTS)
    assert r.checked > 0
    assert r.ok, (name, r)


@pytest.mark.parametrize("order", [2, 4, 6, 8])
@pytest.mark.parametrize("richardson", [False, True])
def test_orders_and_richardson(order, richardson):
    r = symdiff.gradcheck("exp(-x**2)*atan(y/x) + x**3*y", "x y", POINTS,
                          order=order, richardson=richardson)
    assert r.ok and r.checked == 2 * len(POINTS)


def test_zero_derivative_where_the_difference_is_truncation_only():
    # d(x**3)/dx = 0 at 0; the order-2 estimate is h**2 there, not 0
    assert symdiff.gradcheck("x**3", "x", [[0.0], [1e-6], [1e6]], order=2).ok


@pytest.mark.parametrize("name, wrong", [
    ("tanh", "1 - tanh(x)"),          # should be 1 - tanh(x)**2
    ("sin", "-cos(x)"),               # sign error
    ("atan", "1/(1 - x**2)"),         # wrong sign in the denominator
    ("log", "2/x"),                   # wrong factor
])
def test_injected_wrong_rule_is_caught(monkeypatch, name, wrong):
    assert symdiff.gradcheck(_call(name), "x y", POINTS).ok
    monkeypatch.setitem(forward._PARTIALS, name, (symdiff.parse(wrong),))
    r = symdiff.gradcheck(_call(name), "x y", POINTS)
    assert not r.ok
    assert r.max_rel_error > 1e-3
    assert math.isfinite(r.worst["symbolic"]) and math.isfinite(r.worst["numeric"])


def test_injected_wrong_power_rule_is_caught(monkeypatch):
    from symdiff.ad import reverse
    from symdiff.core.nodes import Op

    def wrong_pow(node, adj, live, emit):    # forgets the exponent factor
        b, e = node.args
        if live(b):
            emit(b, reverse._with(adj, symdiff.core.nodes.Pow(b, symdiff.core.nodes.Num(e.value - 1))))
    f = "x**3*y + y**2"
    assert symdiff.gradcheck(f, "x y", POINTS).ok
    monkeypatch.setitem(reverse.PARTS, Op.POW, wrong_pow)
    assert not symdiff.gradcheck(f, "x y", POINTS).ok


def test_bad_arguments_are_clear():
    with pytest.raises(symdiff.SymdiffError, match="order"):
        symdiff.gradcheck("x", "x", [[1.0]], order=3)
    with pytest.raises(symdiff.SymdiffError, match="one value per variable"):
        symdiff.gradcheck("x*y", "x y", [[1.0, 2.0, 3.0]])


def test_non_finite_points_are_skipped_not_failed():
    r = symdiff.gradcheck("log(x)", "x", [[-1.0], [2.0]])
    assert r.ok and r.checked == 1
