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


@settings(max_examples=300)
@given(st.lists(operands, min_size=1, max_size=4), st.data())
def test_part_of_builds_the_general_node(texts, data):
    """``part_of`` over arguments kept in order from one sum or product (a
    product's number replaced at the front, as a pattern's coefficient
    leaves it) is the node the general constructor builds."""
    from fractions import Fraction
    from symdiff.core.nodes import Num, Op, mul_grouped, part_of
    nodes = [node(t) for t in texts]
    if any(n is None for n in nodes):
        return
    for build, op in ((Add, Op.ADD), (Mul, Op.MUL)):
        whole = outcome(build, *nodes)
        if isinstance(whole, tuple):
            continue
        wholes = [whole]
        if op is Op.MUL and len(nodes) > 1:
            wholes.append(mul_grouped(nodes[:1], nodes[1:]))
        for w in wholes:
            items = list(w.args) if w.op is op else [w]
            keep = data.draw(st.lists(st.booleans(), min_size=len(items), max_size=len(items)))
            part = [t for t, k in zip(items, keep) if k]
            if op is Op.MUL and data.draw(st.booleans()):
                if part and part[0].op is Op.NUM:
                    part.pop(0)
                part.insert(0, Num(Fraction(data.draw(st.sampled_from([-3, 2, 5]))) / 7))
            assert part_of(op, part) is build(*part)
