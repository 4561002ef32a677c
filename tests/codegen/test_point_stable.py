"""Fast paths on stabilized programs: codegen/stable.py's forms (``log1p``,
``expm1``, ``fmax``, ``fmin``) are primitives of straight-line Python
(``math``) and of native code (llvmlite), so at the overflow points of
issue 18 the fast paths answer themselves (no NumPy fallback), finite, and
within a few ulp of the NumPy backend and of mpmath; for Python floats,
float64 arrays and small batches."""
import math

import mpmath
import numpy as np
import pytest

import symdiff
from symdiff.codegen import llvm_backend, straightline
from symdiff.codegen.point import MISS

needs_llvm = pytest.mark.skipif(not llvm_backend.available(), reason="needs llvmlite")
RAISE = dict(over="raise", invalid="raise", divide="raise", under="ignore")
LSE = "log(exp(a) + exp(b) + exp(c) + exp(d))"

# (expression, variables, a point where the naive formula overflows, mpmath formula)
CASES = [("log(1 + exp(x))", ["x"], (800.0,), lambda x: mpmath.log(1 + mpmath.exp(x))),
         ("1/(1 + exp(-x))", ["x"], (-800.0,), lambda x: 1 / (1 + mpmath.exp(-x))),
         ("exp(x)/(1 + exp(x))", ["x"], (800.0,), lambda x: mpmath.exp(x) / (1 + mpmath.exp(x))),
         (LSE, ["a", "b", "c", "d"], (1000.0, 1000.0, 0.0, 0.0),
          lambda *v: mpmath.log(sum(mpmath.exp(t) for t in v))),
         ("log(exp(a) + exp(b))", ["a", "b"], (-1000.0, 900.0),
          lambda a, b: mpmath.log(mpmath.exp(a) + mpmath.exp(b))),
         ("log(1 + x) + exp(x) - 1", ["x"], (1e-12,), lambda x: mpmath.log(1 + x) + mpmath.exp(x) - 1)]
IDS = ["softplus", "sigmoid", "logistic", "lse4", "lse2", "log1p-expm1"]


def ulps(got: float, want: float) -> float:
    if got == want:
        return 0.0
    return abs(got - want) / np.spacing(max(abs(want), np.finfo(np.float64).tiny))


def mp(fn, point) -> float:
    """60 correct digits (``1 + exp(-x)`` needs about x/2 more to keep them)."""
    mpmath.mp.dps = 60 + int(max(abs(v) for v in point) / 2)
    return float(fn(*[mpmath.mpf(v) for v in point]))


def points(point, rng, k: int) -> list:
    """The overflow point, then ``k - 1`` points at scale 400 around zero
    (for ``log(1 + x)``: 10**-15 to 100)."""
    if point == (1e-12,):
        return [point] + [(10 ** rng.uniform(-15, 2),) for _ in range(k - 1)]
    return [tuple(point)] + [tuple(400 * rng.standard_normal(len(point))) for _ in range(k - 1)]


@pytest.mark.parametrize("text,names,point,ref", CASES, ids=IDS)
def test_straight_line_python_floats(text, names, point, ref):
    f = symdiff.compile(text, names)
    g = symdiff.compile(text, names, backend="numpy")
    assert f._fast.straight
    fn = straightline.function(f.program, f._fast.consts)  # raises where math does
    for pt in points(point, np.random.default_rng(0), 20):
        (got,) = fn(*pt)
        with np.errstate(**RAISE):
            want = float(g(*pt))
        assert math.isfinite(got) and ulps(got, want) <= 4, (pt, got, want)
        assert ulps(got, mp(ref, pt)) <= 4, (pt, got)
        assert f(*pt) == got                     # the compiled function's own call
    if text == "log(1 + exp(x))":
        assert f(800.0) == 800.0 and type(f(800.0)) is float
    if text == "1/(1 + exp(-x))":
        assert f(-800.0) == 0.0
    if text == LSE:
        assert ulps(f(1000.0, 1000.0, 0.0, 0.0), 1000.0 + math.log(2.0)) <= 1


@needs_llvm
@pytest.mark.parametrize("backend", ["auto", "llvm"])
@pytest.mark.parametrize("text,names,point,ref", CASES, ids=IDS)
def test_native_arrays_and_small_batches(text, names, point, ref, backend):
    f = symdiff.compile(text, names, backend=backend)
    g = symdiff.compile(text, names, backend="numpy")
    rng = np.random.default_rng(1)
    for k in (1, 3, 64):
        cols = [np.array(c) for c in zip(*points(point, rng, k))]
        got = f._fast(tuple(cols))              # the native kernel's answer, not NumPy's
        assert got is not MISS, "a NaN/inf result would have gone back to NumPy"
        with np.errstate(**RAISE):
            want = g(*cols)
        assert got.shape == (k,) and np.all(np.isfinite(got))
        assert max(ulps(a, b) for a, b in zip(got, want)) <= 4
        assert np.array_equal(f(*cols), got)
        for i in range(min(k, 8)):
            pt = tuple(float(c[i]) for c in cols)
            assert ulps(float(got[i]), mp(ref, pt)) <= 4, pt
    one = tuple(np.float64(v) for v in point)   # float64 scalars: native too
    assert f._fast(one) is not MISS and np.isfinite(f(*one))


def _softmax_cross_entropy(n: int = 5):
    zs = symdiff.symbols(" ".join(f"z{i}" for i in range(n)))
    loss = -symdiff.log(symdiff.exp(zs[2]) / sum(symdiff.exp(z) for z in zs))
    return symdiff.grad(loss, zs), [[str(z) for z in zs]]


def _softmax_minus_onehot(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=0))
    return e / e.sum(axis=0) - np.eye(len(z))[2][:, None] if z.ndim == 2 else \
        e / e.sum() - np.eye(len(z))[2]


@pytest.mark.parametrize("backend", ["auto", pytest.param("llvm", marks=needs_llvm)])
def test_softmax_cross_entropy_gradient_logits_times_200(backend):
    g, names = _softmax_cross_entropy()
    f = symdiff.compile(g, names, backend=backend)
    ref = symdiff.compile(g, names, backend="numpy")
    rng = np.random.default_rng(2)
    for _ in range(10):                          # one point: a float64 vector
        z = 200 * rng.standard_normal(5)
        got = f(z)
        with np.errstate(**RAISE):
            want = ref(z)
        assert np.all(np.isfinite(got))
        np.testing.assert_allclose(got, want, rtol=1e-13, atol=1e-15)
        np.testing.assert_allclose(got, _softmax_minus_onehot(z), rtol=1e-12, atol=1e-13)
    Z = 200 * rng.standard_normal((5, 64))       # a batch of 64 points
    got = f(Z)
    assert got.shape == (5, 64) and np.all(np.isfinite(got))
    with np.errstate(**RAISE):
        np.testing.assert_allclose(got, ref(Z), rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(got, _softmax_minus_onehot(Z), rtol=1e-12, atol=1e-13)
    if llvm_backend.available():
        assert f._fast((Z,)) is not MISS
