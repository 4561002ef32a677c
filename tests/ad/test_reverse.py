"""grad / jacobian / hessian: values vs sympy, sparsity, symmetry, sizes."""
import random

import numpy as np
import pytest
import sympy
from hypothesis import given, strategies as st

import symdiff
from symdiff import (DerivMatrix, SymdiffError, compile, count_ops, diff, grad, hessian,
                     jacobian, parse)
from symdiff.core.nodes import ZERO
from exprgen import agree_at_complex_points as _agree, parsed_for_sympy as _expr, expressions, sympy_of

XS = ["x", "y", "z"]
SEEDS = st.integers(0, 2**32).map(random.Random)


def rosenbrock(n: int) -> str:
    return " + ".join(f"100*(x{i + 1} - x{i}**2)**2 + (1 - x{i})**2" for i in range(n - 1))






@given(expressions(), SEEDS)
def test_grad_matches_sympy(text, rnd):
    e = _expr(text)
    s = sympy_of(text)
    _agree(grad(e, XS), [sympy.diff(s, sympy.Symbol(v)) for v in XS], rnd)


@given(st.lists(expressions(max_leaves=6), min_size=1, max_size=4), SEEDS)
def test_jacobian_matches_sympy_and_sparsity_is_exact(texts, rnd):
    es = [_expr(t) for t in texts]
    J = jacobian(es, XS)
    assert J.shape == (len(es), 3)
    refs = [[sympy.diff(sympy_of(t), sympy.Symbol(v)) for v in XS] for t in texts]
    for i, row in enumerate(refs):
        for j, ref in enumerate(row):
            if (i, j) not in J.sparsity():
                # not stored: the output does not use the variable at all
                assert sympy.Symbol(XS[j]) not in sympy_of(texts[i]).free_symbols \
                    or XS[j] not in {s.name for s in es[i].free} or diff(es[i], XS[j]) is ZERO
    assert all(J[p] is not ZERO for p in J.sparsity())
    flat = [J[i, j] for i in range(len(es)) for j in range(3)]
    _agree(flat, [r for row in refs for r in row], rnd)


@given(expressions(max_leaves=7), SEEDS)
def test_hessian_matches_sympy_and_is_symmetric(text, rnd):
    e = _expr(text)
    H = hessian(e, XS)
    for i, j in H.sparsity():
        assert H[i, j] is H[j, i]
    s = sympy_of(text)
    refs = [sympy.diff(s, sympy.Symbol(a), sympy.Symbol(b)) for a in XS for b in XS]
    _agree([H[i, j] for i in range(3) for j in range(3)], refs, rnd)


OPS = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
       "/": lambda a, b: a / (b * b + 1), "sq": lambda a, b: a ** 2,
       "sin": lambda a, b: symdiff.sin(a), "exp": lambda a, b: symdiff.exp(a),
       "log": lambda a, b: symdiff.log(a * a + 1)}


@given(st.lists(st.tuples(st.sampled_from(sorted(OPS)), st.integers(0, 10**6),
                          st.integers(0, 10**6)), min_size=1, max_size=60))
def test_grad_size_bound_random_dags(steps):
    """Random DAGs (nodes reused by later nodes) of arithmetic and cheap
    elementary functions: the gradient stays within 4*|f| + n operations."""
    nodes = [parse(v) for v in XS]
    for op, i, j in steps:
        nodes.append(OPS[op](nodes[i % len(nodes)], nodes[j % len(nodes)]))
    f = nodes[-1]
    assert count_ops(*grad(f, XS)) <= 4 * count_ops(f) + len(XS)


def test_grad_agrees_with_forward_mode():
    f = parse("exp(x*y)*sin(z + x) / (1 + y**2) + log(x*z)")
    assert all(g is diff(f, v) or str(g) for g, v in zip(grad(f, XS), XS))
    _agree(grad(f, XS), [sympy.diff(sympy_of(str(f)), sympy.Symbol(v)) for v in XS],
           random.Random(1))


def test_rosenbrock_1000_gradient_size():
    n = 1000
    f = parse(rosenbrock(n))
    xs = [f"x{i}" for i in range(n)]
    g = grad(f, xs)
    assert count_ops(*g) <= 4 * count_ops(f) + n


def test_rosenbrock_1000_hessian_is_tridiagonal():
    n = 1000
    H = hessian(rosenbrock(n), [f"x{i}" for i in range(n)])
    assert H.nnz == 2998
    assert all(abs(i - j) <= 1 for i, j in H.sparsity())


def test_long_product_gradient_is_linear():
    p = "*".join(f"sin(x + {i})" for i in range(200))
    assert count_ops(*grad(p, ["x"])) <= 2000


def test_rosenbrock_compiled_gradient_matches_numpy():
    n, m = 1000, 10_000
    xs = [f"x{i}" for i in range(n)]
    f = compile(grad(rosenbrock(n), xs), xs, stack=True)
    X = np.random.default_rng(0).uniform(-2, 2, size=(n, m))
    got = f(*X)
    want = np.zeros_like(X)
    want[:-1] += -400 * X[:-1] * (X[1:] - X[:-1] ** 2) - 2 * (1 - X[:-1])
    want[1:] += 200 * (X[1:] - X[:-1] ** 2)
    assert got.shape == (n, m)
    assert np.allclose(got, want, rtol=1e-12, atol=1e-9)


def test_matrix_type():
    J = jacobian(["x*y", "x + z", "7"], "x y z")
    assert isinstance(J, DerivMatrix)
    assert J.shape == (3, 3) and J.nnz == 4
    assert J.sparsity() == [(0, 0), (0, 1), (1, 0), (1, 2)]
    assert J[0, 1] is parse("x") and J[2, 2] is ZERO and J[-1, 0] is ZERO
    assert [str(e) for e in J[1]] == ["1", "0", "1"]
    assert len(J.tolist()) == 3 and len(list(J)) == 3
    with pytest.raises(IndexError):
        J[3, 0]


def test_jacobian_forward_and_reverse_agree():
    fs = ["x*y*z", "sin(x) + y", "exp(z)*x", "y**2"]
    tall = jacobian(fs, "x y z")          # 4 outputs > 3 vars: forward mode
    wide = jacobian(fs[:2], "x y z")       # 2 outputs < 3 vars: reverse mode
    for i in range(2):
        for j in range(3):
            assert tall[i, j] is wide[i, j] or str(tall[i, j]) == str(wide[i, j]) \
                or sympy.simplify(sympy_of(str(tall[i, j])) - sympy_of(str(wide[i, j]))) == 0


def test_compile_matrix_dense_and_sparse():
    J = jacobian(["x*y", "x + z"], "x y z")
    dense = compile(J)(np.array([1.0, 2.0]), 3.0, 4.0)
    assert dense.shape == (2, 3, 2)
    assert np.allclose(dense[:, :, 1], [[3, 2, 0], [1, 0, 1]])
    rows, cols, vals = compile(J, sparse=True)(1.0, 3.0, 4.0)
    assert rows.tolist() == [0, 0, 1, 1] and cols.tolist() == [0, 1, 0, 2]
    assert vals.tolist() == [3.0, 1.0, 1.0, 1.0]
    H = hessian("x**2*y", "x y")
    assert compile(H)(np.float32(1), np.float32(2)).dtype == np.float32


def test_compile_stack_and_tuple():
    g = grad("x**2*y", "x y")
    t = compile(g, ["x", "y"])(2.0, 3.0)
    assert isinstance(t, tuple) and [float(v) for v in t] == [12.0, 4.0]
    s = compile(g, ["x", "y"], stack=True)(np.ones(5), 2.0)
    assert s.shape == (2, 5)
    with pytest.raises(SymdiffError):
        compile(g, ["x", "y"], sparse=True)


def test_deep_chain_gradient_is_iterative():
    e = "sin(" * 5000 + "x*y" + ")" * 5000
    g = grad(e, "x y")
    assert count_ops(*g) < 4 * count_ops(parse(e)) + 2
