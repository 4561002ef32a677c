"""Every configurable limit raises LimitError naming it, before the work."""
import time

import pytest

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
