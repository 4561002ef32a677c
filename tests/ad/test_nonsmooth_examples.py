"""The README's worked examples (relu, hinge, Huber) with their gradients
compiled and checked against sympy and finite differences."""
from __future__ import annotations

import numpy as np
import pytest
import sympy

import symdiff as sd

HUBER = "Piecewise(((y - w*x)**2/2, Abs(y - w*x) <= d), (d*(Abs(y - w*x) - d/2), True))"
RNG = np.random.default_rng(7)


def _sympy_grad(text, names, point):
    syms = {n: sympy.Symbol(n, real=True) for n in "wxybd"}
    e = sympy.sympify(text, locals=syms)
    at = {syms[k]: sympy.Float(v, 30) for k, v in point.items()}
    return [complex(sympy.diff(e, syms[n]).evalf(30, subs=at)).real for n in names]


def test_relu():
    assert sd.diff("Max(x, 0)", "x") is sd.parse("Heaviside(x)")
    f = sd.compile(sd.diff("Max(x, 0)", "x"), "x")
    np.testing.assert_array_equal(f(np.array([-2.0, 0.0, 3.0])), [0.0, 0.5, 1.0])
    assert sd.gradcheck("Max(x, 0)", "x", [(-1.5,), (0.7,)]).ok


@pytest.mark.parametrize("text, names", [
    ("Max(0, 1 - y*(w*x + b))", ["w", "b"]),
    (HUBER, ["w", "d"]),
])
def test_loss_gradients_compiled_against_sympy_and_finite_differences(text, names):
    g = sd.grad(text, names)
    f = sd.compile(g, ["w", "x", "y", "b", "d"])
    w, x, y, b = (RNG.uniform(-2, 2, 200) for _ in range(4))
    d = np.full(200, 0.8)
    with np.errstate(all="raise"):
        got = f(w, x, y, b, d)
    for i in range(0, 200, 25):
        point = {"w": w[i], "x": x[i], "y": y[i], "b": b[i], "d": d[i]}
        want = _sympy_grad(text, names, point)
        for k in range(len(names)):
            assert got[k][i] == pytest.approx(want[k], rel=1e-12, abs=1e-12)
    pts = {"w": w, "x": x, "y": y, "b": b, "d": d}
    r = sd.gradcheck(text, "w x y b d", {k: v[:50] for k, v in pts.items()})
    assert r.ok, r


def test_huber_derivative_and_values():
    assert sd.diff(HUBER, "w") is sd.parse(
        "Piecewise((-x*(y - w*x), Abs(y - w*x) <= d), (-d*x*sign(y - w*x), True))")
    f = sd.compile([HUBER, sd.diff(HUBER, "w")], "w x y d")
    v, dv = f(0.5, np.array([1.0, 2.0, 3.0]), np.array([0.0, 4.0, 1.0]), 1.0)
    # r = y - w*x = -0.5, 3, -0.5: quadratic, linear, quadratic
    np.testing.assert_allclose(v, [0.125, 2.5, 0.125])
    np.testing.assert_allclose(dv, [0.5, -2.0, 1.5])


def test_cli_diff():
    from symdiff.cli.main import main
    import io
    import contextlib
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        rc = main(["diff", "Max(x, 0)**2", "x"])
    assert rc in (0, None) and out.getvalue().strip() == "2*Heaviside(x)*Max(0, x)"
