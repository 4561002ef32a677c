"""backend="jax", backend="torch" and C source against the NumPy backend:
bit for bit where the operations are the same (arithmetic, sqrt), within a
few ulp where the libraries' transcendental functions differ; jax.grad uses
symdiff's derivatives."""
import ctypes
import math
import shutil
import subprocess

import numpy as np
import pytest
from hypothesis import assume, given, settings, strategies as st

from symdiff import SymdiffError, ccode, compile, diff, hessian, parse, simplify
from exprgen import mp_eval, real_expressions, sympy_of

# the recursive strategies' repr is long; Hypothesis warns when it builds it
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

_leaf = st.one_of(st.sampled_from(["x", "y"]), st.integers(-3, 5).map(lambda n: f"({n})"),
                  st.sampled_from(["(1/3)", "0.75", "pi"]))


def arithmetic_expressions(sqrt: bool = True):
    """+, -, *, /, integer powers, Abs and sqrt: correctly rounded (IEEE
    754), except PyTorch's CPU sqrt (SLEEF's, off by 1 ulp at sqrt(2))."""
    def ext(c):
        return st.one_of(
            st.tuples(c, st.sampled_from(["+", "-", "*", "/"]), c)
              .map(lambda t: f"({t[0]}){t[1]}({t[2]})"),
            st.tuples(c, st.sampled_from(["2", "3", "-1", "-2"]))
              .map(lambda t: f"({t[0]})**{t[1]}"),
            st.tuples(st.sampled_from(["sqrt", "Abs"] if sqrt else ["Abs"]), c)
              .map(lambda t: f"{t[0]}({t[1]})"),
        )
    return st.recursive(_leaf, ext, max_leaves=8)


def parses(text) -> bool:
    """Random text can fold to an error (``x/0``): skip those."""
    try:
        parse(text)
    except SymdiffError:
        return False
    return True


POINTS = np.array([[0.3, -1.7], [1.25, 0.5], [-2.0, 3.0], [0.7, 0.7], [-0.4, -2.2]])


def numpy_values(text):
    with np.errstate(all="ignore"):
        return np.asarray(compile(text, ["x", "y"])(POINTS[:, 0], POINTS[:, 1]), dtype=float)


def same(a, b) -> bool:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return bool(np.all((a == b) | (np.isnan(a) & np.isnan(b))))


def near(a, b, ulps=64) -> bool:
    """Within ``ulps`` of the larger magnitude (values that are sums and
    differences carry their terms' rounding)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    both_nan = np.isnan(a) & np.isnan(b)
    tol = ulps * np.spacing(np.maximum(np.abs(a), np.abs(b))) + 1e-300
    return bool(np.all(both_nan | (a == b) | (np.abs(a - b) <= tol) |
                       (np.abs(a - b) <= 1e-12 * np.maximum(1, np.abs(b)))))


# -- JAX ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def jax():
    jax = pytest.importorskip("jax")
    if callable(getattr(jax, "enable_x64", None)):
        x64 = jax.enable_x64(True)
    else:                                        # older JAX
        from jax.experimental import enable_x64 as x64
        x64 = x64()
    with x64:
        yield jax


def test_jax_values(jax):
    jnp = jax.numpy
    f = compile(["sin(x)*y + exp(-x**2)", "x", "3"], ["x", "y"], backend="jax")
    x, y = jnp.linspace(0, 1, 5), jnp.float64(2.0)
    out = f(x, y)
    assert all(isinstance(o, jax.Array) for o in out)
    assert [o.shape for o in out] == [(5,)] * 3
    assert np.allclose(out[0], np.sin(np.linspace(0, 1, 5)) * 2 + np.exp(-np.linspace(0, 1, 5)**2))
    assert np.all(np.asarray(out[2]) == 3.0)


@settings(max_examples=40, deadline=None)
@given(text=arithmetic_expressions())
def test_jax_arithmetic_bit_for_bit(jax, text):
    assume(parses(text))
    f = compile(text, ["x", "y"], backend="jax")
    got = f(jax.numpy.asarray(POINTS[:, 0]), jax.numpy.asarray(POINTS[:, 1]))
    assert same(got, numpy_values(text)), text


@settings(max_examples=40, deadline=None)
@given(text=real_expressions())
def test_jax_transcendental_close(jax, text):
    assume(parses(text))
    f = compile(text, ["x", "y"], backend="jax")
    got = f(jax.numpy.asarray(POINTS[:, 0]), jax.numpy.asarray(POINTS[:, 1]))
    assert near(got, numpy_values(text)), text


@settings(max_examples=30, deadline=None)
@given(text=real_expressions(max_leaves=6))
def test_jax_grad_is_symdiffs_derivative(jax, text):
    assume(parses(text))
    e = parse(text)
    f = compile(e, ["x", "y"], backend="jax")
    # the custom JVP evaluates symdiff's program of all partials: same bits
    partials = compile([diff(e, "x"), diff(e, "y")], ["x", "y"], backend="jax")
    g = jax.grad(f, argnums=0)
    for x, y in POINTS:
        assert same(g(x, y), partials(jax.numpy.float64(x), jax.numpy.float64(y))[0]), text


def test_jax_grad_matches_an_independent_oracle(jax):
    text = "atan(x*y)*exp(-x**2) + log(1 + exp(3*x))*sqrt(y**2 + 1)"
    f = compile(text, ["x", "y"], backend="jax")
    gx, gy = jax.grad(f, argnums=(0, 1))(0.4, -1.3)
    import sympy
    s = sympy_of(text)
    for got, v in ((gx, "x"), (gy, "y")):
        want = mp_eval(sympy.diff(s, sympy.Symbol(v)), {"x": 0.4, "y": -1.3})
        assert abs(complex(got) - want) <= 1e-14 * max(1, abs(want))


def test_jax_jit_vmap_hessian(jax):
    jnp = jax.numpy
    text = "x**2*y + sin(x*y) + log(1 + exp(x))"
    f = compile(text, ["x", "y"], backend="jax")
    xs, ys = jnp.linspace(-1, 1, 7), jnp.linspace(0.5, 2, 7)
    # XLA's fused kernels use their own exp/log: a few ulp apart from eager
    assert near(jax.jit(f)(xs, ys), f(xs, ys), ulps=8)
    assert near(jax.vmap(f)(xs, ys), f(xs, ys), ulps=8)
    assert np.allclose(jax.vmap(jax.grad(f))(xs, ys),
                       compile(diff(text, "x"), ["x", "y"])(np.asarray(xs), np.asarray(ys)),
                       rtol=1e-14)
    h = jax.hessian(lambda v: f(v[0], v[1]))(jnp.array([0.3, 0.8]))
    want = compile(hessian(text, ["x", "y"]), ["x", "y"])(0.3, 0.8)
    assert np.allclose(h, want, rtol=1e-14)
    # a compiled Hessian with a vector argument, under jit
    H = compile(hessian(text, ["x", "y"]), [["x", "y"]], backend="jax")
    assert np.allclose(jax.jit(H)(jnp.array([0.3, 0.8])), want, rtol=1e-14)


def test_jax_stable_forms_and_their_gradients(jax):
    sp = compile("log(1 + exp(x))", ["x"], backend="jax")
    assert float(sp(800.0)) == 800.0
    assert float(jax.grad(sp)(800.0)) == 1.0 and float(jax.grad(sp)(-800.0)) == 0.0
    assert float(jax.grad(jax.grad(sp))(800.0)) == 0.0
    sig = compile("1/(1 + exp(-x))", ["x"], backend="jax")
    assert float(sig(-800.0)) == 0.0 and float(jax.grad(sig)(-800.0)) == 0.0
    lse = compile("log(exp(a) + exp(b) + exp(c) + exp(d))", "a b c d", backend="jax")
    assert float(lse(1000.0, 1000.0, 0.0, 0.0)) == 1000.0 + math.log(2)
    g = jax.grad(lse, argnums=(0, 1, 2, 3))(1000.0, 1000.0, 0.0, 0.0)
    assert np.allclose(g, [0.5, 0.5, 0.0, 0.0])


def test_jax_arrays_stay_jax_and_float32_stays(jax):
    jnp = jax.numpy
    f = compile("2*pi*x + 1", ["x"], backend="jax")
    r = f(jnp.ones(3, dtype=jnp.float32))
    assert isinstance(r, jax.Array) and r.dtype == jnp.float32
    with pytest.raises(jax.errors.TracerArrayConversionError):
        jax.jit(lambda v: np.asarray(v))(jnp.ones(2))    # the trap compile now avoids
    assert jax.jit(f)(jnp.ones(2)).shape == (2,)


def test_jax_complex_inputs(jax):
    jnp = jax.numpy
    f = compile("log(1 + exp(x))*x", ["x"], backend="jax")
    z = jnp.array([0.3 + 2j, -1 + 0.5j])
    want = compile("log(1 + exp(x))*x", ["x"])(np.asarray(z))
    assert np.allclose(f(z), want, rtol=1e-14)


# -- PyTorch -------------------------------------------------------------------

@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch")


@settings(max_examples=40, deadline=None)
@given(text=arithmetic_expressions(sqrt=False))
def test_torch_arithmetic_bit_for_bit(torch, text):
    assume(parses(text))
    f = compile(text, ["x", "y"], backend="torch")
    got = f(torch.tensor(POINTS[:, 0]), torch.tensor(POINTS[:, 1]))
    assert isinstance(got, torch.Tensor)
    assert same(got.numpy(), numpy_values(text)), text


@settings(max_examples=40, deadline=None)
@given(text=real_expressions())
def test_torch_transcendental_close(torch, text):
    assume(parses(text))
    f = compile(text, ["x", "y"], backend="torch")
    got = f(torch.tensor(POINTS[:, 0]), torch.tensor(POINTS[:, 1]))
    assert near(got.numpy(), numpy_values(text)), text


def test_torch_autograd_and_stable_forms(torch):
    text = "x**2*y + sin(x*y) + log(1 + exp(x))"
    f = compile(text, ["x", "y"], backend="torch")
    x = torch.tensor([0.3, -0.7, 800.0], dtype=torch.float64, requires_grad=True)
    y = torch.tensor(1.5, dtype=torch.float64)
    out = f(x, y)
    assert torch.isfinite(out).all()
    out.sum().backward()
    want = compile(diff(text, "x"), ["x", "y"])(x.detach().numpy(), 1.5)
    assert np.allclose(x.grad.numpy(), want, rtol=1e-13)
    m = compile(hessian(text, ["x", "y"]), [["x", "y"]], backend="torch")
    assert m(torch.tensor([0.3, 0.8], dtype=torch.float64)).shape == (2, 2)


def test_torch_compile_traces_whole(torch):
    """torch.compile with fullgraph=True: one graph, no breaks. (The default
    inductor backend compiles C++ for a minute on a CPU-only machine; the
    'eager' backend checks the same tracing.)"""
    f = compile("sin(x)*y + exp(-x**2) + log(1 + exp(x))", ["x", "y"], backend="torch")
    g = torch.compile(f, backend="eager", fullgraph=True)
    x = torch.linspace(0, 1, 5, dtype=torch.float64)
    y = torch.tensor(2.0, dtype=torch.float64)
    assert torch.equal(g(x, y), f(x, y))


def test_torch_cuda_when_present(torch):
    if not torch.cuda.is_available():
        pytest.skip("no CUDA device")
    f = compile("sin(x)*y + log(1 + exp(x))", ["x", "y"], backend="torch")
    x = torch.linspace(0, 1, 5, dtype=torch.float64, device="cuda")
    r = f(x, 2.0)
    assert r.device.type == "cuda"
    assert np.allclose(r.cpu().numpy(), compile("sin(x)*y + log(1 + exp(x))", ["x", "y"])(
        np.linspace(0, 1, 5), 2.0), rtol=1e-14)


def test_missing_library_message(monkeypatch):
    import builtins
    real = builtins.__import__

    def no_torch(name, *a, **k):
        if name == "torch" or name.startswith("torch."):
            raise ImportError(name)
        return real(name, *a, **k)
    monkeypatch.setattr(builtins, "__import__", no_torch)
    with pytest.raises(SymdiffError, match="torch"):
        compile("x", ["x"], backend="torch")


# -- C -------------------------------------------------------------------------

CC = shutil.which("cc") or shutil.which("gcc")


def build(sources, tmp_path, name="f"):
    """Compile C source to a shared library; the function as a Python callable."""
    if CC is None:
        pytest.skip("no C compiler")
    src = tmp_path / f"{name}.c"
    src.write_text(sources)
    lib = tmp_path / f"lib{name}.so"
    subprocess.run([CC, "-std=c99", "-O2", "-ffp-contract=off", "-Wall", "-Werror",
                    "-shared", "-fPIC", str(src), "-o", str(lib), "-lm"], check=True)
    fn = getattr(ctypes.CDLL(str(lib)), name)
    fn.argtypes = [ctypes.POINTER(ctypes.c_double), ctypes.POINTER(ctypes.c_double)]
    fn.restype = ctypes.c_int
    return fn


def call_c(fn, point, nout):
    inp = (ctypes.c_double * len(point))(*point)
    out = (ctypes.c_double * nout)()
    assert fn(inp, out) == 0
    return list(out)


def test_c_source_compiles_and_matches(tmp_path):
    texts = ["x*sin(y) + exp(-x**2)/(1 + y**2)", "atan2(x, y)**2.5", "sign(x)*Abs(y)**(1/3)",
             "log(1 + exp(x*y))", "cosh(x) - 1"]
    src, header = ccode(texts, "x y", name="f")
    assert "#include <math.h>" in src and "complex" not in src
    assert header.count("int f(const double *in, double *out);") == 1
    assert ccode(texts, "x y", name="f") == (src, header)       # deterministic
    fn = build(src, tmp_path)
    f = compile(texts, ["x", "y"])
    for x, y in POINTS:
        with np.errstate(invalid="ignore"):       # atan2(x, y)**2.5 of a negative: NaN
            want = [float(v) for v in f(x, y)]
        assert near(call_c(fn, [x, y], len(texts)), want, ulps=4)


def test_c_one_temporary_per_shared_node(tmp_path):
    src, _ = ccode("sin(x*y)**2 + cos(x*y)*sin(x*y)", "x y")
    body = [ln for ln in src.splitlines() if ln.strip().startswith("t")]
    assert sum("a0 * a1" in ln for ln in body) == 1
    assert sum("sin(" in ln for ln in body) == 1


@settings(max_examples=25, deadline=None)
@given(text=arithmetic_expressions())
def test_c_arithmetic_bit_for_bit(tmp_path_factory, text):
    assume(parses(text))
    fn = build(ccode(text, "x y")[0], tmp_path_factory.mktemp("c"))
    want = numpy_values(text)
    got = [call_c(fn, list(p), 1)[0] for p in POINTS]
    assert same(got, want), text


@settings(max_examples=15, deadline=None)
@given(text=real_expressions())
def test_c_transcendental_close(tmp_path_factory, text):
    assume(parses(text))
    fn = build(ccode(text, "x y")[0], tmp_path_factory.mktemp("c"))
    got = [call_c(fn, list(p), 1)[0] for p in POINTS]
    assert near(got, numpy_values(text)), text


def test_c_stable_forms(tmp_path):
    texts = ["log(1 + exp(x))", "1/(1 + exp(-x))", "log(exp(x) + exp(y) + 1)",
             str(simplify(diff("exp(x)/(1 + exp(x))", "x")))]
    fn = build(ccode(texts, "x y")[0], tmp_path)
    out = call_c(fn, [800.0, 1000.0], 4)
    assert out[:3] == [800.0, 1.0, 1000.0 + math.log1p(math.exp(-200.0))] and out[3] == 0.0
    out = call_c(fn, [-800.0, 0.0], 4)
    assert out[0] == 0.0 and out[1] == 0.0 and out[2] == math.log(2.0)


def test_c_rejects_complex_and_bad_names():
    with pytest.raises(SymdiffError, match="real-only"):
        ccode("I*x", "x")
    with pytest.raises(SymdiffError, match="C function name"):
        ccode("x", "x", name="not a name")
    assert compile("x*y", ["x", "y"]).module_source(lang="c") == ccode("x*y", "x y")[0]


@pytest.mark.parametrize("lib", ["jax", "torch"])
def test_output_shapes_match_the_numpy_backend(lib, request):
    mod = request.getfixturevalue(lib)
    asarray = mod.numpy.asarray if lib == "jax" else mod.as_tensor
    text = "x**2*y + sin(x*y)"
    x, y = np.linspace(0.1, 1, 4), np.linspace(-1, 1, 4)
    H = hessian(text, ["x", "y"])
    cases = [((text, ["x", "y"]), {}, (x, y)),
             ((["x*y", "x", "3"], ["x", "y"]), {}, (x, y)),
             ((["x*y", "x", "3"], ["x", "y"]), {"stack": True}, (x, y)),
             ((H, ["x", "y"]), {}, (x, y)),
             ((H, ["x", "y"]), {"sparse": True}, (x, y)),
             ((H, [["x", "y"]]), {}, (np.array([x, y]),)),
             ((H, [["x", "y"]]), {}, (np.array([0.3, 0.8]),)),
             (([text, "x"], [["x", "y"]]), {}, (np.array([x, y]),))]
    for (exprs, vars), kw, args in cases:
        want = compile(exprs, vars, **kw)(*args)
        got = compile(exprs, vars, backend=lib, **kw)(*[asarray(a) for a in args])
        if kw.get("sparse"):
            assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])
            got, want = got[2], want[2]
        if isinstance(want, tuple):
            assert len(got) == len(want)
            for g, w in zip(got, want):
                assert tuple(g.shape) == w.shape and np.allclose(np.asarray(g), w)
        else:
            assert tuple(got.shape) == want.shape, (exprs, kw)
            assert np.allclose(np.asarray(got), want, rtol=1e-14)


def test_c_nonsmooth_and_piecewise_match_numpy(tmp_path):
    """Relations, logic, Piecewise, Max/Min, Heaviside, floor and kin in C:
    the NumPy backend's values, bit for bit, also on the kinks."""
    texts = ["Piecewise((log(x), x > 0), (x**2, (y < 1) & ~(x < -2)), (y, True))",
             "Max(x, y, 0) - Min(x, 2*y)", "Heaviside(x) + Heaviside(x - y, 0.25)",
             "floor(x*y) + ceiling(x) + frac(y)", "arg(x)*y", "Max(x, 0)**2",
             "Piecewise((x, Eq(x, y) | Ne(y, 1)), (-x, True))"]
    fn = build(ccode(texts, "x y")[0], tmp_path)
    f = compile(texts, ["x", "y"], backend="numpy")
    for x, y in [(0.5, 2.0), (-1.5, 0.5), (-3.0, 0.5), (0.0, 0.0), (-0.0, 1.0), (2.0, 2.0),
                 (-2.0, 3.0), (1.0, 1.0), (3.25, -0.75)]:
        with np.errstate(all="ignore"):
            want = [float(v) for v in f(x, y)]
        assert same(call_c(fn, [x, y], len(texts)), want), (x, y)
