"""The constructors' fast paths build the node of their general case.

``Mul(a, b)`` and ``Add(a, b)`` (and the one-operand forms) take shortcuts
when nothing can merge; adding a neutral number (``1`` to a product, ``0`` to
a sum) forces the general case over the same operands, which must give the
same interned node, or the same error.
"""
from hypothesis import given, settings, strategies as st

import exprgen
from symdiff import SymdiffError, parse
from symdiff.core.nodes import ONE, ZERO, Add, Mul, Pow

SHAPES = ["x", "y", "x**2", "x**(-1)", "2*x", "x**(1/2)", "1/2", "-1/3", "0.5", "-2.5", "3", "0",
          "0.0", "-1", "2*x*y", "x*y**(-1)", "exp(x)", "exp(2*x)", "x + 1", "2*(x + 1)",
          "sin(x)**2", "pi", "I", "E", "sqrt(x*y)", "2**70", "1e300", "x**2*y/3"]

operands = st.one_of(st.sampled_from(SHAPES), exprgen.expressions(max_leaves=5))


def outcome(build, *args):
    try:
        return build(*args)
    except SymdiffError as e:
        return type(e), str(e)


def node(text):
    try:
        return parse(text)
    except SymdiffError:
        return None


@settings(max_examples=400)
@given(operands, operands)
def test_two_operands_build_the_general_node(ta, tb):
    a, b = node(ta), node(tb)
    if a is None or b is None:
        return
    for u, v in ((a, b), (b, a)):
        assert outcome(Mul, u, v) == outcome(Mul, u, v, ONE), (u, v)
        assert outcome(Add, u, v) == outcome(Add, u, v, ZERO), (u, v)


@settings(max_examples=200)
@given(operands)
def test_one_operand_is_the_general_node(text):
    a = node(text)
    if a is None:
        return
    assert Mul(a) is Mul(a, ONE)
    assert Add(a) is Add(a, ZERO)
    assert outcome(Pow, a, ONE) == a


def test_general_case_examples():
    """The general case itself, by hand: merged powers and coefficients."""
    x, y = parse("x"), parse("y")
    assert Mul(x, x, ONE) is parse("x**2")
    assert Mul(parse("2*x"), parse("3*x**2")) is parse("6*x**3")
    assert Mul(parse("1/2"), parse("2*x")) is x
    assert Add(parse("2*x"), parse("-2*x")) is ZERO
    assert Add(x, y, ZERO) is parse("y + x")
