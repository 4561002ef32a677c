"""Compiled special functions: values within a few ulp of mpmath, float32
and complex where SciPy has them, the numexpr backend's NumPy fallback,
array-API namespaces, and the error without SciPy."""
from __future__ import annotations

import mpmath
import numpy as np
import pytest

import symdiff
from exprgen import run_python

pytest.importorskip("scipy")

# call, mpmath reference, points, relative tolerance (float64)
VALUES = [
    ("erf(x)", mpmath.erf, [0.1, 0.7, 2.5], 4e-16),
    ("erfc(x)", mpmath.erfc, [0.1, 0.7, 2.5], 4e-16),
    ("erfi(x)", mpmath.erfi, [0.1, 0.7, 2.5], 1e-15),
    ("erfinv(x)", mpmath.erfinv, [0.1, 0.5, 0.9], 1e-15),
    ("gamma(x)", mpmath.gamma, [0.3, 2.5, 7.2], 1e-15),
    ("loggamma(x)", mpmath.loggamma, [0.3, 2.5, 7.2], 1e-15),
    ("polygamma(0, x)", mpmath.digamma, [0.3, 2.5, 7.2], 1e-15),
    ("polygamma(2, x)", lambda v: mpmath.psi(2, v), [0.3, 2.5, 7.2], 1e-14),
    ("beta(x, 2.5)", lambda v: mpmath.beta(v, 2.5), [0.3, 2.5, 7.2], 1e-14),
    ("factorial(x)", mpmath.factorial, [0.3, 2.5, 7.2], 3e-15),   # x + 1 rounds first
    ("binomial(7.5, x)", lambda v: mpmath.binomial(7.5, v), [0.3, 2.5, 4.2], 1e-14),
    ("uppergamma(1.5, x)", lambda v: mpmath.gammainc(1.5, v), [0.3, 2.5, 7.2], 1e-14),
    ("lowergamma(1.5, x)", lambda v: mpmath.gammainc(1.5, 0, v), [0.3, 2.5, 7.2], 1e-14),
    ("besselj(0.5, x)", lambda v: mpmath.besselj(0.5, v), [0.3, 2.5, 7.2], 1e-14),
    ("bessely(1.5, x)", lambda v: mpmath.bessely(1.5, v), [0.3, 2.5, 7.2], 1e-14),
    ("besseli(2, x)", lambda v: mpmath.besseli(2, v), [0.3, 2.5, 7.2], 1e-14),
    ("besselk(0.5, x)", lambda v: mpmath.besselk(0.5, v), [0.3, 2.5, 7.2], 1e-14),
    ("airyai(x)", mpmath.airyai, [-2.0, 0.3, 2.5], 1e-14),
    ("airybi(x)", mpmath.airybi, [-2.0, 0.3, 2.5], 1e-14),
    ("airyaiprime(x)", lambda v: mpmath.airyai(v, 1), [-2.0, 0.3, 2.5], 1e-14),
    ("airybiprime(x)", lambda v: mpmath.airybi(v, 1), [-2.0, 0.3, 2.5], 1e-14),
    ("Ei(x)", mpmath.ei, [-1.5, 0.3, 2.5], 1e-14),
    ("Si(x)", mpmath.si, [-1.5, 0.3, 2.5], 1e-15),
    ("Ci(x)", mpmath.ci, [0.3, 2.5, 7.2], 1e-14),
    ("Shi(x)", mpmath.shi, [-1.5, 0.3, 2.5], 1e-15),
    ("Chi(x)", mpmath.chi, [0.3, 2.5, 7.2], 1e-14),
    ("li(x)", mpmath.li, [0.3, 2.5, 7.2], 1e-14),
    ("expint(2, x)", lambda v: mpmath.expint(2, v), [0.3, 2.5, 7.2], 1e-14),
    ("fresnels(x)", mpmath.fresnels, [0.3, 2.5, 7.2], 1e-14),
    ("fresnelc(x)", mpmath.fresnelc, [0.3, 2.5, 7.2], 1e-14),
    ("LambertW(x)", mpmath.lambertw, [-0.2, 0.3, 7.2], 1e-15),
    ("LambertW(x, -1)", lambda v: mpmath.lambertw(v, -1), [-0.3, -0.2, -0.1], 1e-14),
    ("polylog(2, x)", lambda v: mpmath.polylog(2, v), [-1.5, 0.3, 0.9], 1e-14),
    ("polylog(3, x)", lambda v: mpmath.polylog(3, v), [-0.5, 0.3, 0.9], 1e-14),
    ("zeta(x)", mpmath.zeta, [-1.5, 0.3, 2.5], 1e-14),
    ("zeta(x, 1.5)", lambda v: mpmath.zeta(v, 1.5), [1.3, 2.5, 7.2], 1e-14),
    ("elliptic_k(x)", mpmath.ellipk, [-1.5, 0.3, 0.9], 1e-15),
    ("elliptic_e(x)", mpmath.ellipe, [-1.5, 0.3, 0.9], 1e-15),
    ("elliptic_e(x, 0.4)", lambda v: mpmath.ellipe(v, 0.4), [-1.5, 0.3, 0.9], 1e-15),
    ("elliptic_f(x, 0.4)", lambda v: mpmath.ellipf(v, 0.4), [-1.5, 0.3, 0.9], 1e-15),
    ("elliptic_pi(0.3, x)", lambda v: mpmath.ellippi(0.3, v), [-1.5, 0.3, 0.9], 1e-14),
    ("elliptic_pi(0.3, x, 0.4)", lambda v: mpmath.ellippi(0.3, v, 0.4), [-1.5, 0.3, 0.9], 1e-14),
    ("hyp2f1(0.5, 1.5, 2.5, x)", lambda v: mpmath.hyp2f1(0.5, 1.5, 2.5, v), [-1.5, 0.3, 0.9], 1e-14),
    ("hyp2f2(0.5, 1.5, 2.5, 0.7, x)", lambda v: mpmath.hyp2f2(0.5, 1.5, 2.5, 0.7, v),
     [-30.0, -1.3, 0.4, 6.5], 1e-14),
    ("meijerg(((), (1, 1)), ((0, 0, 1.5), ()), x)",
     lambda v: mpmath.meijerg([[], [1, 1]], [[0, 0, 1.5], []], v), [0.3, 2.5, 40.0], 1e-14),
    ("hyp2f2(x, x, x + 1, x + 1, -2.5)", lambda v: mpmath.hyp2f2(v, v, v + 1, v + 1, -2.5),
     [0.3, 1.7, 4.2], 1e-14),
    ("appellf1(0.5, 1.5, 0.7, 2.5, x, 0.2)", lambda v: mpmath.appellf1(0.5, 1.5, 0.7, 2.5, v, 0.2),
     [-0.5, 0.3, 0.6], 1e-13),
    ("log1p(x)", mpmath.log1p, [-0.5, 1e-10, 2.5], 4e-16),
    ("expm1(x)", mpmath.expm1, [-0.5, 1e-10, 2.5], 4e-16),
]


@pytest.mark.parametrize("text, ref, points, rtol", VALUES, ids=[v[0] for v in VALUES])
@pytest.mark.parametrize("backend", ["numpy", "numexpr"])
def test_values_match_mpmath(text, ref, points, rtol, backend):
    if backend == "numexpr":
        pytest.importorskip("numexpr")
    f = symdiff.compile(text, ["x"], backend=backend)
    xs = np.array(points)
    got = f(xs)
    mpmath.mp.dps = 30
    for x, v in zip(points, got):
        r = float(ref(mpmath.mpf(x)).real)
        assert abs(v - r) <= rtol * abs(r), (text, x, v, r)
    slow = "polylog(3" in text or "appellf1" in text or "hyp2f2" in text or "meijerg" in text
    big = np.tile(xs, 10 if slow else 30_000)          # numexpr's own path (large inputs)
    assert np.array_equal(f(big)[:len(xs)], got)


@pytest.mark.parametrize("text", ["erf(x)", "gamma(x)", "besselj(1, x)", "Ei(x)", "log1p(x)"])
def test_float32_stays_float32(text):
    f = symdiff.compile(text, ["x"])
    xs = np.array([0.3, 1.7], dtype=np.float32)
    out = f(xs)
    assert out.dtype == np.float32
    assert np.allclose(out, f(xs.astype(np.float64)), rtol=1e-6)


@pytest.mark.parametrize("text, ref", [("erf(x)", mpmath.erf), ("gamma(x)", mpmath.gamma),
                                       ("loggamma(x)", mpmath.loggamma),
                                       ("besselj(0.5, x)", lambda z: mpmath.besselj(0.5, z)),
                                       ("LambertW(x)", mpmath.lambertw),
                                       ("hyp2f1(0.5, 1.5, 2.5, x)",
                                        lambda z: mpmath.hyp2f1(0.5, 1.5, 2.5, z))])
def test_complex_inputs(text, ref):
    f = symdiff.compile(text, ["x"])
    zs = np.array([0.3 + 0.7j, -1.2 + 0.4j])
    for z, v in zip(zs, f(zs)):
        assert abs(v - complex(ref(mpmath.mpc(z)))) <= 1e-13 * abs(v)


def test_scalar_evaluator_and_cli_eval():
    assert symdiff.parse("loggamma(-3/2)").evalf() == pytest.approx(
        complex(mpmath.loggamma(-1.5)), rel=1e-14)
    v = symdiff.parse("erf(x)*besselj(0, x)").subs({"x": 0.7}).evalf()
    assert v == pytest.approx(float(mpmath.erf(0.7) * mpmath.besselj(0, 0.7)), rel=1e-14)


def test_derivative_compiles():
    d = symdiff.diff("gamma(x)*besselk(1, x)", "x")
    r = symdiff.gradcheck("gamma(x)*besselk(1, x)", "x", [(0.7,), (2.5,)])
    assert r.ok and "polygamma(0, x)" in str(d)


def test_without_scipy_compiling_names_the_extra():
    run_python(
        "import sys; sys.modules['scipy'] = None; sys.modules['scipy.special'] = None\n"
        "import symdiff\n"
        "d = symdiff.diff('erf(x)*besselj(n, x)', 'x')\n"
        "try:\n"
        "    symdiff.compile(d, ['x', 'n'])\n"
        "except symdiff.SymdiffError as e:\n"
        "    assert 'pip install \"symdiff[special]\"' in str(e), e\n"
        "else:\n"
        "    raise AssertionError('compiled without scipy')\n"
        "symdiff.compile('sin(x)', ['x'])(1.0)\n")


def test_jax_arrays_use_jax_scipy_special():
    jnp = pytest.importorskip("jax.numpy")
    pytest.importorskip("array_api_compat")
    f = symdiff.compile("erf(x) + loggamma(x) + log1p(x)", ["x"])
    xs = np.array([0.3, 1.7, 4.0])
    got = f(jnp.asarray(xs))
    assert "jax" in type(got).__module__
    assert np.allclose(np.asarray(got), f(xs), rtol=1e-6)
    g = symdiff.compile("airyai(x)", ["x"])
    with pytest.raises(symdiff.SymdiffError, match="airyai"):
        g(jnp.asarray(xs))


JAX_BACKEND = [("erf(x)*gamma(x)", lambda v: mpmath.erf(v) * mpmath.gamma(v)),
               ("loggamma(x) + polygamma(1, x)", lambda v: mpmath.loggamma(v) + mpmath.psi(1, v)),
               ("zeta(2, x) - erfc(x)", lambda v: mpmath.zeta(2, v) - mpmath.erfc(v)),
               ("expint(2, x)*Ei(x)", lambda v: mpmath.expint(2, v) * mpmath.ei(v))]


@pytest.mark.parametrize("text, ref", JAX_BACKEND, ids=[t for t, _ in JAX_BACKEND])
def test_jax_backend_special_functions(text, ref):
    """backend="jax": jax.scipy.special (integer orders passed as integers),
    under jit, and jax.grad through symdiff's derivative."""
    jax = pytest.importorskip("jax")
    jnp = jax.numpy
    f = symdiff.compile(text, ["x"], backend="jax")
    xs = [0.3, 1.7, 4.0]
    got = np.asarray(jax.jit(f)(jnp.asarray(xs)))          # float32 unless jax_enable_x64
    tol = 1e-5 if got.dtype == np.float32 else 1e-12
    for x, v in zip(xs, got):
        r = float(ref(mpmath.mpf(x)))
        assert abs(v - r) <= tol * abs(r), (x, v, r)
    d = symdiff.diff(text, "x")
    for x in xs:
        g = float(jax.grad(f)(jnp.asarray(x, dtype=got.dtype)))
        r = float(d.subs({"x": x}).evalf())
        assert abs(g - r) <= tol * max(1.0, abs(r)), (x, g, r)


def test_jax_backend_names_a_missing_function():
    pytest.importorskip("jax")
    f = symdiff.compile("besselj(1, x)", ["x"], backend="jax")
    with pytest.raises(symdiff.SymdiffError, match="besselj is not available"):
        f(np.array([0.5]))
