"""Huge and deep inputs: parse, differentiate, print and compile each, under a
low recursion limit (so any recursion over depth would fail loudly)."""
import sys

import numpy as np
import pytest

from symdiff import compile, count_ops, diff, parse

CASES = {
    "nested parentheses 1e5": ("(" * 100_000 + "x*y" + ")" * 100_000, "x"),
    "sum of 1e5 terms": (" + ".join(f"x{i}*y" for i in range(100_000)), "y"),
    "function chain 1e4": ("sin(" * 10_000 + "x" + ")" * 10_000, "x"),
}


@pytest.fixture
def low_recursion_limit():
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(300, len(__import__("inspect").stack()) + 150))
    yield
    sys.setrecursionlimit(old)


@pytest.mark.parametrize("name", sorted(CASES))
def test_parse_diff_print_compile(name, low_recursion_limit):
    text, var = CASES[name]
    e = parse(text)
    d = diff(e, var)
    s = str(d)
    assert len(s) > 0
    f = compile(d)
    out = f(*np.full(len(f.vars), 0.5))
    assert np.isfinite(out)
    if name.startswith("sum"):
        assert len(e.args) == 100_000 and float(out) == 50_000.0
    if name.startswith("function"):
        assert count_ops(d) == 29_998
