"""Regression tests for API rough edges: NumPy scalars and other number
types as operands, the sympy bridge, printing, the command line's errors,
numeric conversion of constant expressions and notebook/LaTeX output."""
from __future__ import annotations

import operator
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given, settings, strategies as st

import symdiff
from symdiff import SymdiffError, parse
from symdiff.core.nodes import Num

from exprgen import expressions

OPS = [operator.add, operator.sub, operator.mul, operator.truediv, operator.pow]


# --- 1. NumPy scalars (and Decimal, Fraction) are numbers --------------------

def test_numpy_float64_operands():
    x = parse("x")
    assert x * np.float64(2) is x * 2.0
    assert x + np.float64(2) is x + 2.0
    assert parse(np.float64(2)) is Num(2.0)
    assert type(parse(np.float64(2)).value) is float


def test_numpy_other_scalars_exact():
    x = parse("x")
    assert x * np.int64(3) is parse("3*x")
    assert type((x * np.int64(3)).args[0].value) is int
    assert x + np.float32(0.1) is x + float(np.float32(0.1))
    assert float(np.float32(0.1)) != 0.1                 # the float32 value, exactly
    assert x * np.uint8(7) is parse("7*x")
    assert parse(np.int64(5)) is Num(5)
    assert symdiff.sin(np.float32(0.5)) is symdiff.sin(0.5)
    assert parse("x*y").subs({"y": np.int32(2)}) is parse("2*x")


def test_decimal_and_fraction_exact():
    x = parse("x")
    assert x + Decimal("0.1") is parse("x + 1/10")
    assert x * Decimal("2") is parse("2*x")
    assert parse(Decimal("-1.25")) is parse("-5/4")
    assert x + Fraction(1, 3) is parse("x + 1/3")


@pytest.mark.parametrize("bad", [True, np.bool_(True), np.float64("nan"), np.float32("inf"),
                                 Decimal("NaN"), Decimal("-Infinity"), 1j, np.complex128(1)])
def test_bad_number_operands_raise_symdiff_error(bad):
    x = parse("x")
    for op in OPS:
        with pytest.raises(SymdiffError):
            op(x, bad)
    with pytest.raises(SymdiffError):
        parse(bad)


NUMPY_SCALARS = st.one_of(
    st.integers(-50, 50).flatmap(lambda n: st.sampled_from(
        [np.int8(n), np.int16(n), np.int32(n), np.int64(n), np.float16(n)])),
    st.integers(0, 200).map(np.uint8),
    st.floats(-1e6, 1e6, allow_nan=False).map(np.float64),
    st.floats(-1e3, 1e3, allow_nan=False, width=32).map(np.float32),
)


def _python_number(v):
    return int(v) if isinstance(v, np.integer) else float(v)


@settings(max_examples=150, deadline=None)
@given(expressions(max_leaves=4), NUMPY_SCALARS, st.sampled_from(OPS), st.booleans())
def test_numpy_scalar_operands_match_python_numbers(text, v, op, left):
    try:
        e = parse(text)
    except SymdiffError:
        assume(False)
    py = _python_number(v)

    def run(n):
        try:
            return op(n, e) if left else op(e, n)
        except SymdiffError as err:
            return type(err)
    want = run(py)
    got = run(v)
    assert got is want, (text, v, op, left)


# --- 4. no doubled parentheses ------------------------------------------------

def _doubled(text: str) -> list:
    """Spans ``((...))`` where the outer pair holds exactly the inner pair."""
    match, stack = {}, []
    for i, ch in enumerate(text):
        if ch == "(":
            stack.append(i)
        elif ch == ")":
            match[stack.pop()] = i
    return [text[i:match[i] + 1] for i in match
            if text[i + 1:i + 2] == "(" and match.get(i + 1) == match[i] - 1]


def test_nested_difference_prints_single_parentheses():
    e = parse("x - (y - z)")
    assert str(e) == "x - (y - z)"
    assert symdiff.latex(e) == "x - (y - z)"
    assert str(parse("(x - (y - z))**2")) == "(x - (y - z))**2"
    assert str(parse("z - 1.0*(x + y)")) == "z - 1.0*(x + y)"


def test_latex_fraction_parts_need_no_parentheses():
    import sympy
    x, y, z = sympy.symbols("x y z")
    for text, sym in [("(x + y)/(y - z)", (x + y) / (y - z)), ("x - 1/(x + y)", x - 1 / (x + y))]:
        assert symdiff.latex(parse(text)) == sympy.latex(sym)


_NEG_WRAPPED = st.tuples(expressions(max_leaves=5), expressions(max_leaves=5),
                         st.sampled_from(["-", "- 1.0*", "- 2*", "-1/", "+"])).map(
    lambda t: f"({t[0]}) {t[2]}(({t[1]}) - x)")


@settings(max_examples=300, deadline=None)
@given(st.one_of(expressions(max_leaves=8), _NEG_WRAPPED))
def test_printers_never_double_parentheses(text):
    try:
        e = parse(text)
    except SymdiffError:
        assume(False)
    s = str(e)
    assert not _doubled(s), (text, s)
    assert parse(s) is e
    assert not _doubled(symdiff.latex(e)), (text, symdiff.latex(e))


# --- 2. to_sympy of numbers too large to fold ------------------------------------

def test_to_sympy_keeps_huge_powers_unevaluated():
    import sympy
    for text in ["10**10**10", "x*10**10**10 + 2", "sin(2**(10**10 + 1/2))", "(1/3)**(10**10)"]:
        e = parse(text)
        s = symdiff.to_sympy(e)               # hung before: sympy computed the power
        assert symdiff.from_sympy(s) is e
    s = symdiff.to_sympy(parse("10**10**10"))
    assert isinstance(s, sympy.Pow) and s.args == (sympy.Integer(10), sympy.Integer(10**10))
    # ordinary powers of numbers are still evaluated by sympy
    assert symdiff.to_sympy(parse("x*2**(1/2)")) == sympy.sqrt(2) * sympy.Symbol("x")
    assert symdiff.to_sympy(parse("2**(3/2)")) == 2 * sympy.sqrt(2)


# --- 3. from_sympy input checks ----------------------------------------------------

@pytest.mark.parametrize("name", ["E", "pi", "I", "x y", "sin", "", "ln", "1x", "a-b"])
def test_from_sympy_rejects_names_that_do_not_read_back(name):
    import sympy
    with pytest.raises(SymdiffError, match="Symbol"):
        symdiff.from_sympy(sympy.Symbol(name) * sympy.Symbol("x"))


def test_symbols_rejects_function_aliases():
    with pytest.raises(SymdiffError, match="reserved"):
        symdiff.symbols("ln")


def test_from_sympy_python_numbers_strings_matrices():
    import sympy
    assert symdiff.from_sympy(3) is Num(3)
    assert symdiff.from_sympy(2.5) is Num(2.5)
    assert symdiff.from_sympy(np.int64(4)) is Num(4)
    assert symdiff.from_sympy(1j) is parse("1.0*I")
    x = parse("x")
    assert symdiff.from_sympy(x) is x
    with pytest.raises(SymdiffError, match="parse"):
        symdiff.from_sympy("x")
    for m in (sympy.Matrix([[1, 2]]), sympy.ImmutableMatrix([[sympy.Symbol("x")]])):
        with pytest.raises(SymdiffError, match="Matrix"):
            symdiff.from_sympy(m)
    for bad in (True, None, [1]):
        with pytest.raises(SymdiffError):
            symdiff.from_sympy(bad)


def test_from_sympy_names_what_is_unsupported():
    import sympy
    x = sympy.Symbol("x")
    f = sympy.Function("f")
    # (undefined functions f(x) and their Derivative convert now: tests/ad/test_undefined.py)
    cases = {sympy.Function("sin")(x): "'sin' is taken by the built-in",
             sympy.hankel1(1, x): "function hankel1", sympy.oo: "oo", sympy.nan: "nan",
             sympy.Interval(0, 1): "Interval", sympy.Tuple(x, 1): "Tuple",
             sympy.Symbol("A", commutative=False): "non-commutative"}
    for obj, what in cases.items():
        with pytest.raises(SymdiffError, match=what):
            symdiff.from_sympy(obj)


@settings(max_examples=300, deadline=None)
@given(st.randoms(use_true_random=False))
def test_from_sympy_converts_faithfully_or_raises_symdiff_error(rng):
    import fuzz_api
    fuzz_api.from_sympy_case(rng)          # raises AssertionError on a failure


@settings(max_examples=200, deadline=None)
@given(st.randoms(use_true_random=False))
def test_numpy_scalar_fuzz_class(rng):
    import fuzz_api
    fuzz_api.numpy_scalar_case(rng)


@given(st.text(min_size=0, max_size=6))
def test_accepted_symbol_names_read_back(name):
    from symdiff.core.nodes import Sym, check_symbol_name
    try:
        check_symbol_name(name)
    except SymdiffError:
        return
    assert parse(name) is Sym(name)


# --- 9. notebooks and LaTeX of matrices ----------------------------------------------

def _squash(s: str) -> str:
    return "".join(s.split())


def test_expr_repr_latex_is_sympys():
    import sympy
    x, y = sympy.symbols("x y")
    for text, sym in [("x**2", x**2), ("sin(x)/y", sympy.sin(x) / y), ("sqrt(x) + 1/2", sympy.sqrt(x) + sympy.Rational(1, 2))]:
        assert parse(text)._repr_latex_() == sym._repr_latex_()


def test_latex_of_jacobian_is_a_bmatrix_like_the_cli(capsys):
    import sympy
    from symdiff.cli.main import main
    J = symdiff.jacobian(["x*y", "sin(x)"], ["x", "y"])
    got = symdiff.latex(J)
    x, y = sympy.symbols("x y")
    want = sympy.latex(sympy.Matrix([[y, x], [sympy.cos(x), 0]]), mat_str="bmatrix", mat_delim="")
    assert _squash(got) == _squash(want)
    assert main(["jacobian", "x*y, sin(x)", "--vars", "x,y", "--format", "latex"]) == 0
    assert capsys.readouterr().out.strip() == got
    assert J._repr_latex_() == f"$\\displaystyle {got}$"


def test_latex_of_lists():
    import sympy
    x, y = sympy.symbols("x y")
    g = symdiff.grad("x**2*y", ["x", "y"])
    assert _squash(symdiff.latex(g)) == _squash(sympy.latex(
        sympy.Matrix([2 * x * y, x**2]), mat_str="bmatrix", mat_delim=""))
    assert _squash(symdiff.latex([[1, "x"], [parse("y"), 2.5]])) == _squash(sympy.latex(
        sympy.Matrix([[1, x], [y, 2.5]]), mat_str="bmatrix", mat_delim=""))
    assert symdiff.latex(("x", "y")) == r"\begin{bmatrix} x \\ y \end{bmatrix}"
    H = symdiff.hessian("x**2*y + y**3", ["x", "y"])
    assert symdiff.latex(H) == symdiff.latex(H.tolist())


@pytest.mark.parametrize("bad", [[1, [2]], [[1], [2, 3]], [[[1]]], {1: 2}, None])
def test_latex_rejects_non_matrices(bad):
    with pytest.raises(SymdiffError):
        symdiff.latex(bad)


def test_latex_printer_is_loaded_on_first_display():
    from exprgen import run_python
    run_python("import sys, symdiff; assert 'symdiff.printers.latex' not in sys.modules; "
               "s = symdiff.parse('x/y')._repr_latex_(); "
               "assert s == '$\\\\displaystyle \\\\frac{x}{y}$', s")


def test_from_sympy_of_an_object_holding_a_list_is_refused():
    """Found by the long fuzz run: sympy builds exp((tanh(3), [1, 2])), which
    cannot be hashed; that was a raw TypeError."""
    import sympy
    with pytest.raises(SymdiffError, match="not a sympy expression"):
        symdiff.from_sympy(sympy.exp((sympy.tanh(3), [1, 2])))
