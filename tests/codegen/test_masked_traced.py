"""Piecewise's guarded branches in array-API form trace: under jax.jit and
jax.grad the values equal the NumPy kernel's, with no NaN from a branch
outside its region; empty array-API inputs give empty results."""
from __future__ import annotations

import numpy as np
import pytest

import symdiff

CASES = ["Piecewise((log(x), x > 0), (0, True))",
         "Piecewise((sqrt(x*y), (x > 0) & (y > 0)), (x + y, True))",
         "Piecewise((log(x) + erf(y), x > 1), (Max(x, y), y < 0), (Heaviside(x)*y, True))"]
XS, YS = np.array([-1.0, 2.0, 0.5, 3.0]), np.array([1.0, 8.0, -2.0, -0.5])


@pytest.mark.parametrize("text", CASES)
def test_jit_and_grad_match_numpy(text):
    jax = pytest.importorskip("jax")
    pytest.importorskip("scipy")
    jnp = jax.numpy
    f = symdiff.compile(text, ["x", "y"], backend="jax")
    got = np.asarray(jax.jit(f)(jnp.asarray(XS), jnp.asarray(YS)))
    tol = 1e-6 if got.dtype == np.float32 else 1e-13      # float32 unless jax_enable_x64
    ref = symdiff.compile(text, ["x", "y"])(XS, YS)
    assert np.all(np.isfinite(got)) and np.allclose(got, ref, rtol=tol, atol=0)
    d = symdiff.compile(symdiff.diff(text, "x"), ["x", "y"])(XS, YS)
    grad = jax.jit(jax.grad(f))
    for i in range(len(XS)):
        g = float(grad(jnp.asarray(XS[i], dtype=got.dtype), jnp.asarray(YS[i], dtype=got.dtype)))
        assert g == pytest.approx(float(d[i]), rel=tol, abs=tol)

def test_empty_array_api_input():
    xp = pytest.importorskip("array_api_strict")
    f = symdiff.compile(CASES[0], ["x"])
    out = f(xp.asarray([], dtype=xp.float64))
    assert out.shape == (0,)
    both = f(xp.asarray([-1.0, -2.0]))           # the first branch holds nowhere
    assert [float(v) for v in both] == [0.0, 0.0]


TORCH_CASES = CASES + ["Heaviside(x - 1) + floor(x) + ceiling(y) + frac(x)",
                       "Piecewise((x, Eq(x, 2) | ~(y > 0)), (1, Ne(y, 8)), (3, True))", "arg(x)"]


@pytest.mark.parametrize("text", TORCH_CASES)
def test_torch_backend_matches_numpy(text):
    torch = pytest.importorskip("torch")
    pytest.importorskip("scipy")
    f = symdiff.compile(text, ["x", "y"], backend="torch")
    got = f(torch.tensor(XS), torch.tensor(YS)).numpy()
    ref = symdiff.compile(text, ["x", "y"])(XS, YS)
    assert np.allclose(got, ref, rtol=1e-13, atol=0), (got, ref)
    x = torch.tensor(2.0, dtype=torch.float64, requires_grad=True)
    f(x, torch.tensor(8.0, dtype=torch.float64)).backward()
    d = symdiff.compile(symdiff.diff(text, "x"), ["x", "y"])(2.0, 8.0)
    assert float(x.grad) == pytest.approx(float(d), rel=1e-12, abs=1e-300)


@pytest.mark.parametrize("backend", ["jax", "torch"])
def test_heaviside_of_negative_is_plus_zero(backend):
    """As np.heaviside: +0.0 left of 0, not 0*x = -0.0."""
    pytest.importorskip(backend)
    out = np.asarray(symdiff.compile("Heaviside(x - 1)", ["x"], backend=backend)(np.array([-2.0, 3.0])))
    assert list(out) == [0.0, 1.0] and not np.signbit(out[0])
