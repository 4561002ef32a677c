"""Every backend against mpmath (issue 18): each elementary function alone,
at points where its argument is exact, within a few ulp of the correctly
rounded value (NumPy, numexpr, straight-line ``math``, native llvm, JAX,
PyTorch, C). Agreement bit for bit with the NumPy backend where the
operations are the same is tested per backend in test_point.py and
test_backends.py."""
import ctypes
import math
import shutil
import subprocess

import mpmath
import numpy as np
import pytest

import symdiff
from symdiff.codegen import llvm_backend, straightline

ULPS = 4
X = [0.125, 0.5, 0.75, 1.5, 2.25, 3.0, -0.625, -2.5]    # x/4 and x + 4 are exact here
FUNCS = {  # text -> mpmath at the exact argument
    "sin(x)": mpmath.sin, "cos(x)": mpmath.cos, "tan(x)": mpmath.tan,
    "exp(x)": mpmath.exp, "log(x + 4)": lambda x: mpmath.log(x + 4),
    "sqrt(x + 4)": lambda x: mpmath.sqrt(x + 4), "atan(x)": mpmath.atan,
    "asin(x/4)": lambda x: mpmath.asin(x / 4), "acos(x/4)": lambda x: mpmath.acos(x / 4),
    "sinh(x)": mpmath.sinh, "cosh(x)": mpmath.cosh, "tanh(x)": mpmath.tanh,
    "asinh(x)": mpmath.asinh, "acosh(x + 4)": lambda x: mpmath.acosh(x + 4),
    "atanh(x/4)": lambda x: mpmath.atanh(x / 4), "(x + 4)**0.3": lambda x: (x + 4) ** 0.3,
    "atan2(x, 1.5)": lambda x: mpmath.atan2(x, 1.5),
    "log(1 + x/4)": lambda x: mpmath.log(1 + x / 4), "exp(x) - 1": lambda x: mpmath.exp(x) - 1,
}
TEXTS = list(FUNCS)


def reference() -> np.ndarray:
    mpmath.mp.dps = 40
    return np.array([[float(FUNCS[t](mpmath.mpf(x))) for x in X] for t in TEXTS])


def worst_ulps(got, want) -> float:
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    return float(np.max(np.abs(got - want) / np.spacing(np.abs(want))))


def check(got, ulps: float = ULPS) -> None:
    want = reference()
    for t, g, w in zip(TEXTS, np.asarray(got, dtype=float), want):
        assert worst_ulps(g, w) <= ulps, (t, g, w)


@pytest.mark.parametrize("backend", ["numpy", "numexpr", "llvm"])
def test_array_backends(backend):
    if backend == "numexpr":
        pytest.importorskip("numexpr")
    if backend == "llvm" and not llvm_backend.available():
        pytest.skip("needs llvmlite")
    f = symdiff.compile(TEXTS, ["x"], backend=backend)
    check(f(np.array(X)))


def test_straight_line_python_floats():
    f = symdiff.compile(TEXTS, ["x"])
    assert f._fast.straight
    fn = straightline.function(f.program, f._fast.consts)     # raises where math does
    check(np.array([fn(x) for x in X]).T)


def test_jax():
    jax = pytest.importorskip("jax")
    jax.config.update("jax_enable_x64", True)
    f = symdiff.compile(TEXTS, ["x"], backend="jax")
    xs = jax.numpy.asarray(X)
    # XLA's own atanh is the loosest: 8 ulp at x = 3/4 (the others within 4)
    check([np.asarray(v) for v in f(xs)], ulps=8)
    check([np.asarray(v) for v in jax.jit(f)(xs)], ulps=8)


def test_torch():
    torch = pytest.importorskip("torch")
    f = symdiff.compile(TEXTS, ["x"], backend="torch")
    check([v.numpy() for v in f(torch.tensor(X, dtype=torch.float64))])


def test_c(tmp_path):
    cc = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if cc is None:
        pytest.skip("no C compiler")
    src, _ = symdiff.ccode(TEXTS, "x", name="f")
    (tmp_path / "f.c").write_text(src)
    lib = tmp_path / "libf.so"
    subprocess.run([cc, "-std=c99", "-O2", "-ffp-contract=off", "-shared", "-fPIC",
                    str(tmp_path / "f.c"), "-o", str(lib), "-lm"], check=True)
    fn = ctypes.CDLL(str(lib)).f
    fn.argtypes = [ctypes.POINTER(ctypes.c_double), ctypes.POINTER(ctypes.c_double)]
    fn.restype = ctypes.c_int
    cols = []
    for x in X:
        out = (ctypes.c_double * len(TEXTS))()
        assert fn((ctypes.c_double * 1)(x), out) == 0
        cols.append(list(out))
    check(np.array(cols).T)
    assert math.isfinite(cols[0][0])
