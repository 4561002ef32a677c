"""Regression tests: repeated variables in diff/grad/jacobian/hessian (and
the command line), compile's rejection of duplicate parameters."""
import random

import numpy as np
import pytest
import sympy
from hypothesis import given, strategies as st

from symdiff import SymdiffError, compile, diff, grad, hessian, jacobian, parse
from symdiff.cli.main import main
from symdiff.core.nodes import ZERO
from exprgen import agree_at_complex_points as _agree, parsed_for_sympy as _expr, expressions, sympy_of

XS = ["x", "y", "z"]
SYM = {v: sympy.Symbol(v) for v in XS}
SEEDS = st.integers(0, 2**32).map(random.Random)
VARLISTS = st.lists(st.sampled_from(XS), min_size=1, max_size=5)






def _same(a, b_sympy) -> bool:
    return sympy.simplify(sympy_of(str(a)) - b_sympy) == 0


# --- the examples ---------------------------------------------------------

def test_jacobian_repeated_variable_duplicates_the_column():
    J = jacobian(["x"], "x x")
    assert J.shape == (1, 2)
    assert J[0, 0] is parse("1") and J[0, 1] is parse("1")
    assert J.sparsity() == [(0, 0), (0, 1)] and J.nnz == 2


def test_jacobian_repeated_variable_forward_and_reverse():
    fs = ["x*y", "sin(x)", "y"]
    tall = jacobian(fs, "x x")                # more outputs than variables: forward mode
    wide = jacobian(fs[:1], "x y x y")        # fewer outputs: reverse mode
    assert [[str(e) for e in row] for row in tall] == [["y", "y"], ["cos(x)", "cos(x)"],
                                                        ["0", "0"]]
    assert tall.sparsity() == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert [str(e) for e in wide[0]] == ["y", "x", "y", "x"]
    assert wide.nnz == 4 and wide.vars == [parse(v) for v in "xyxy"]


def test_hessian_repeated_variable():
    H = hessian("x**3", "x x")
    want = sympy.hessian(SYM["x"] ** 3, [SYM["x"], SYM["x"]])
    assert all(_same(H[i, j], want[i, j]) for i in range(2) for j in range(2))
    assert H.nnz == 4 and H.sparsity() == [(0, 0), (0, 1), (1, 0), (1, 1)]


def test_hessian_repeated_variable_sparsity_and_sharing():
    H = hessian("x**2*y + z", "x y x z")
    s = sympy_of("x**2*y + z")
    ref = sympy.hessian(s, [SYM[v] for v in "xyxz"])
    for i in range(4):
        for j in range(4):
            assert _same(H[i, j], ref[i, j]), (i, j)
            assert H[i, j] is H[j, i]
    # exactly the entries sympy has nonzero are stored
    assert H.sparsity() == [(i, j) for i in range(4) for j in range(4) if ref[i, j] != 0]
    assert H.nnz == 8


def test_grad_and_diff_with_repeats():
    assert [str(e) for e in grad("x**2*y", "x y x")] == ["2*x*y", "x**2", "2*x*y"]
    assert diff("x**3*y", "x", "x") is parse("6*x*y")


def test_cli_hessian_repeated_variable(capsys):
    assert main(["hessian", "x**2*y", "--vars", "x,x"]) == 0
    out = capsys.readouterr().out.split("\n")
    rows = [line.strip().strip("[]").split(",") for line in out if line.strip()]
    assert len(rows) == 2 and all(len(r) == 2 for r in rows)
    want = sympy.hessian(sympy_of("x**2*y"), [SYM["x"], SYM["x"]])
    for i in range(2):
        for j in range(2):
            assert sympy.simplify(sympy_of(rows[i][j]) - want[i, j]) == 0


def test_cli_jacobian_repeated_variable(capsys):
    assert main(["jacobian", "x*y", "--vars", "y,x,y"]) == 0
    out = capsys.readouterr().out.strip()
    assert [p.strip() for p in out.strip("[]").split(",")] == ["x", "y", "x"]


def test_compile_rejects_duplicate_parameters():
    with pytest.raises(SymdiffError, match="duplicate"):
        compile("x*y", ["x", "x"])
    with pytest.raises(SymdiffError, match="duplicate"):
        compile(hessian("x**3", "x x"))        # the matrix's own variables repeat
    f = compile(hessian("x**3", "x x"), ["x"])  # each variable once: fine
    assert np.allclose(f(2.0), [[12, 12], [12, 12]])
    assert main(["compile", "x*y", "--vars", "x,x"]) != 0


# --- properties: random expressions, random variable lists with repeats -----------

@given(st.lists(expressions(max_leaves=6), min_size=1, max_size=3), VARLISTS, SEEDS)
def test_jacobian_with_repeats_matches_sympy(texts, names, rnd):
    es = [_expr(t) for t in texts]
    J = jacobian(es, names)
    assert J.shape == (len(es), len(names))
    ref = sympy.Matrix([sympy_of(t) for t in texts]).jacobian([SYM[v] for v in names])
    for i, j in J.sparsity():
        assert J[i, j] is not ZERO
    # a repeated variable's columns are the same nodes
    for j, v in enumerate(names):
        k = names.index(v)
        assert all(J[i, j] is J[i, k] for i in range(len(es)))
    _agree([J[i, j] for i in range(len(es)) for j in range(len(names))],
           [ref[i, j] for i in range(len(es)) for j in range(len(names))], rnd)


@given(expressions(max_leaves=6), VARLISTS, SEEDS)
def test_hessian_with_repeats_matches_sympy(text, names, rnd):
    e = _expr(text)
    H = hessian(e, names)
    n = len(names)
    assert H.shape == (n, n)
    for i, j in H.sparsity():
        assert H[i, j] is H[j, i] and H[i, j] is not ZERO
    for i, a in enumerate(names):           # duplicate rows/columns hold the same nodes
        for j, b in enumerate(names):
            assert H[i, j] is H[names.index(a), names.index(b)]
    ref = sympy.hessian(sympy_of(text), [SYM[v] for v in names])
    _agree([H[i, j] for i in range(n) for j in range(n)],
           [ref[i, j] for i in range(n) for j in range(n)], rnd)


@given(expressions(max_leaves=6), VARLISTS, SEEDS)
def test_grad_and_diff_with_repeats_match_sympy(text, names, rnd):
    e = _expr(text)
    s = sympy_of(text)
    _agree(grad(e, names), [sympy.diff(s, SYM[v]) for v in names], rnd)
    _agree([diff(e, *names[:3])], [sympy.diff(s, *[SYM[v] for v in names[:3]])], rnd)
