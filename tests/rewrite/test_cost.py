"""printed_ops against the operator tokens of the printed text."""
import re

import pytest
from hypothesis import assume, given, settings

from symdiff import SymdiffError, parse
from symdiff.rewrite.cost import printed_ops
from exprgen import expressions

# binary/unary operators, and a name followed by "(" (a function call)
_TOKEN = re.compile(r"\*\*|[-+*/]|[A-Za-z_]\w*\(")


def tokens(text: str) -> int:
    return len(_TOKEN.findall(text))


@pytest.mark.parametrize("text, ops", [
    ("x", 0), ("-x", 1), ("x - y", 1), ("-x - y", 2), ("x/2", 1), ("-x/(2*y)", 3),
    ("1/x**2", 2), ("sqrt(x)", 1), ("1/sqrt(x)", 2), ("x**(1/3)", 2), ("x**(-1/3)", 3),
    ("2*x**2 + 3*x + 1", 5), ("sin(x + 1)**2 + sin(x + 1)", 6), ("-1/2", 2),
])
def test_table(text, ops):
    e = parse(text)
    assert printed_ops(e) == ops == tokens(str(e))


@given(expressions())
@settings(max_examples=300, deadline=None)
def test_counts_printed_tokens(text):
    try:
        e = parse(text)
    except SymdiffError:
        assume(False)
    s = str(e)
    assume("e-" not in s and "e+" not in s)          # floats in exponent notation
    assert printed_ops(e) == tokens(s)


def test_shared_nodes_charged_per_use_and_linear():
    e = parse("x")
    for _ in range(60):                  # 2**60 printed leaves, 60 distinct nodes
        e = e * (e + 1)
    memo: dict = {}
    ops, distinct = printed_ops(e, memo), len(memo)      # (no repr of e
    assert ops > 2 ** 60                                 # on failure)
    assert distinct <= 3 * 60 + 2


def test_deep_chain_no_recursion():
    e = parse("x")
    for i in range(20000):
        e = (e + 1) ** 2
    assert printed_ops(e) == 2 * 20000
