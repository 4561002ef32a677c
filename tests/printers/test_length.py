"""printed_length against len(str(e)): tables, random expressions, the panels."""
import pytest
from hypothesis import assume, given, settings

from symdiff import SymdiffError, diff, parse
from symdiff.core.nodes import topo
from symdiff.printers.length import printed_length
from exprgen import expressions


@pytest.mark.parametrize("text, printed", [
    ("x", "x"), ("-x", "-x"), ("x - y", "x - y"), ("-x - y", "-x - y"),
    ("-x/(2*y)", "-x/(2*y)"), ("x**(-2)", "1/x**2"), ("1/sqrt(x)", "1/sqrt(x)"),
    ("x**(-1/3)", "1/x**(1/3)"), ("-2/3", "-2/3"), ("-0.5*x", "-0.5*x"),
    ("atan2(x, y)", "atan2(x, y)"), ("x*y/(2*z)", "x*y/(2*z)"),
    ("2 - sin(x)", "2 - sin(x)"), ("-sin(x) + y", "y - sin(x)"),
])
def test_table(text, printed):
    e = parse(text)
    assert str(e) == printed
    assert printed_length(e) == len(printed)


@given(expressions())
@settings(max_examples=300, deadline=None)
def test_random_expressions(text):
    try:
        e = parse(text)
    except SymdiffError:
        assume(False)
    memo: dict = {}
    for n in topo([e]):              # every node, sharing one memo
        assert printed_length(n, memo) == len(str(n))


def test_panel_nodes():
    """Every node of the derivatives of the textbook panel's first rows."""
    from benchmarks.wl_simplify import read_panel, sd_parse
    memo: dict = {}
    for ln in list(read_panel())[:60]:
        try:
            d = diff(sd_parse(ln.antiderivative, ln.assume), "x")
        except SymdiffError:
            continue
        for n in topo([d]):
            assert printed_length(n, memo) == len(str(n))


@pytest.mark.parametrize("text, printed", [
    ("Piecewise((x, x > 0), (-x, True)) + 1", "Piecewise((x, x > 0), (-x, True)) + 1"),
    ("Heaviside(x - 1)*y", "y*Heaviside(x - 1)"),
    ("Derivative(f(x), x) - 2", "Derivative(f(x), x) - 2"),
])
def test_forms_of_their_own(text, printed):
    """Calls printed in a form of their own are measured by printing them."""
    e = parse(text, functions=["f"])
    assert str(e) == printed
    assert printed_length(e) == len(printed)
    for n in topo([e]):
        assert printed_length(n) == len(str(n))


def test_deep_chain_no_recursion():
    e = parse("x")
    for _ in range(20000):
        e = (e + 1) ** 2
    assert printed_length(e) == 1 + 9 * 20000      # "(" + inner + " + 1)**2" each level
