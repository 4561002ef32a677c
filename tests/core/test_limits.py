"""Every configurable limit raises LimitError naming it, before the work."""
import time

import pytest

from symdiff.core.nodes import Op

import symdiff
from symdiff import LimitError, SymdiffError, limits


def test_input_length():
    with limits.override(max_input_length=50):
        symdiff.parse("x + " * 10 + "1")
        with pytest.raises(LimitError, match="max_input_length"):
            symdiff.parse("x + " * 20 + "1")


@pytest.mark.parametrize("text", ["2**10**10", "10**(10**100)", "(3**4000)**4000", "7**-(9**99)"])
def test_huge_integers_stay_symbolic_and_fast(text):
    t = time.perf_counter()
    e = symdiff.parse(text)
    assert not e.is_number            # not folded: it would not fit max_int_bits
    assert symdiff.diff(e + symdiff.parse("x"), "x") is symdiff.parse("1")
    assert time.perf_counter() - t < 5   # a hang would take hours, not seconds


def test_int_bits_limit_is_configurable():
    assert symdiff.parse("2**100").is_number
    with limits.override(max_int_bits=64):
        assert not symdiff.parse("2**100").is_number
        assert symdiff.parse("2**60").is_number


def test_order():
    assert symdiff.diff("x**200", "x", n=100) is not None
    with pytest.raises(LimitError, match="max_order"):
        symdiff.diff("x**200", "x", n=101)
    with limits.override(max_order=3):
        with pytest.raises(LimitError, match="max_order"):
            symdiff.diff("x*y*z", "x", "y", "z", "x")


@pytest.mark.parametrize("op", [
    lambda f: symdiff.diff(f, "x"),
    lambda f: symdiff.grad(f, "x y"),
    lambda f: symdiff.hessian(f, "x y"),
    lambda f: symdiff.jacobian([f, f], "x y"),
])
def test_nodes(op):
    f = symdiff.parse(" + ".join(f"sin(x*y + {i})" for i in range(50)))
    op(f)
    with limits.override(max_nodes=40):
        with pytest.raises(LimitError, match="max_nodes"):
            op(f)
    op(f)       # restored on exit


def test_override_validates_and_restores():
    before = limits.max_nodes
    with pytest.raises(SymdiffError, match="unknown limit"):
        with limits.override(max_nodez=3):
            pass
    with pytest.raises(SymdiffError, match="non-negative integer"):
        with limits.override(max_nodes=-1):
            pass
    with pytest.raises(RuntimeError):
        with limits.override(max_nodes=7):
            assert limits.max_nodes == 7
            raise RuntimeError
    assert limits.max_nodes == before


# Regressions found by the atheris job on the issue8 branch: a tiny rational
# exponent (4**-44) made exact-root folding compute 2**(2**88); a float base
# with an exact part beyond float range raised OverflowError.
@pytest.mark.parametrize("text", ["24^4^-44", "24**(4**-44)", "2**(1/3**30)",
                                  "(10**300)**(1/2**70)"])
def test_tiny_rational_exponent_stays_symbolic(text):
    e = symdiff.parse(text)
    assert e.op is Op.POW and symdiff.parse(str(e)) is e


@pytest.mark.parametrize("text,value", [("16**(1/4)", "2"), ("(27/8)**(2/3)", "9/4"),
                                        ("(2**600)**(1/600)", "2"), ("3**(1/2)", None)])
def test_exact_roots_still_fold(text, value):
    e = symdiff.parse(text)
    assert (e.op is Op.POW) if value is None else (e is symdiff.parse(value))


@pytest.mark.parametrize("text", [".0^5^555", "2.5**(3**1000)", "(7**1000)**0.5"])
def test_float_with_huge_exact_part(text):
    e = symdiff.parse(text)
    assert symdiff.parse(str(e)) is e


@pytest.mark.parametrize("text", ["2" + "*2" * 20_000, "10**1000*10**1000*10**1000*10**1000"])
def test_integer_blowup_while_parsing_is_a_clear_error(text):
    with pytest.raises(symdiff.SymdiffError, match="max_int_bits"):
        symdiff.parse(text)


# Found by the atheris job on the issue8 branch: a float combined with an
# exact integer beyond float range raised OverflowError.
@pytest.mark.parametrize("text", [".5^E5/-E^6E5-5^562", "0.5 + 7**1000", "0.5*7**1000",
                                  "0.5*x + 7**1000*x"])
def test_float_and_huge_integer_mix_is_a_parse_error(text):
    with pytest.raises(symdiff.ParseError, match="too large for a float"):
        symdiff.parse(text)


def test_float_and_huge_integer_mix_in_a_derivative():
    with pytest.raises(symdiff.SymdiffError, match="too large for a float"):
        symdiff.grad("0.5*sin(x)*(7**1000*x + y)", "x y")
