"""Grammar and parser: syntax table, errors with carets, hostile input."""

import pytest

from symdiff import ParseError, SymdiffError, LimitError, parse, limits
from symdiff.core.nodes import Op

SYNTAX = [
    ("1e-3", "0.001"),
    ("2.5e2", "250.0"),
    (".5", "0.5"),
    ("3.", "3.0"),
    ("x1 + theta_2", "theta_2 + x1"),
    ("θ*2", "2*θ"),
    ("-x**2", "-x**2"),
    ("(-x)**2", "x**2"),
    ("2**-x", "2**(-x)"),
    ("2^3^2", "512"),             # right-associative
    ("a - b - c", "a - b - c"),
    ("a/b/c", "a/(b*c)"),
    ("-2**2", "-4"),
    ("+x", "x"),
    ("--x", "x"),
    ("pi", "pi"),
    ("e", "e"),                   # a symbol, as in sympy
    ("E", "E"),
    ("I", "I"),
    ("log(x, 2)", "log(x)/log(2)"),
    ("atan2(y, x)", "atan2(y, x)"),
    (" x\t+\n1 ", "x + 1"),
    ("((((x))))", "x"),
]


@pytest.mark.parametrize("text, expected", SYNTAX)
def test_syntax(text, expected):
    assert str(parse(text)) == expected


ERRORS = [
    # text, message fragment, column, hint fragment
    ("2x", "unexpected 'x'", 2, "implicit multiplication"),
    ("x y", "unexpected 'y'", 3, "implicit multiplication"),
    ("(x)(y)", "unexpected '('", 4, "implicit multiplication"),
    ("sin(x", "unexpected end of input", 6, "missing"),
    ("x +", "unexpected end of input", 4, ""),
    ("x $ y", "unexpected character '$'", 3, ""),
    ("sinn(x)", "unknown function 'sinn'", 1, "did you mean 'sin'"),
    ("qux(x)", "unknown function 'qux'", 1, "to multiply"),   # (foo is near floor)
    ("sin", "'sin' is a function", 1, "sin(...)"),
    ("sin(x, y)", "sin() takes 1 argument, got 2", 1, ""),
    ("atan2(x)", "atan2() takes 2 arguments, got 1", 1, ""),
    ("x = 1", "unexpected character '='", 3, "equations"),
    ("__import__('os').system('ls')", "unexpected character", 12, "strings"),
    ("1/0", "division by zero", 2, ""),
    ("0**(-1/2)", "division by zero", 2, ""),
    ("", "unexpected end of input", 1, ""),
    ("x ** * 2", "unexpected '*'", 6, ""),
]


@pytest.mark.parametrize("text, msg, col, hint", ERRORS)
def test_parse_errors(text, msg, col, hint):
    with pytest.raises(ParseError) as ei:
        parse(text)
    e = ei.value
    assert msg in e.message
    assert e.column == col
    assert hint in e.hint
    assert isinstance(e, SymdiffError)
    rendered = str(e).splitlines()
    if text:
        # the caret sits under the reported column of the echoed input
        assert rendered[1] == "  " + text.split("\n")[0]
        assert rendered[2].index("^") == col - 1 + 2


def test_multiline_position():
    with pytest.raises(ParseError) as ei:
        parse("x +\n  y $")
    assert (ei.value.line, ei.value.column) == (2, 5)


def test_no_eval_of_hostile_text(tmp_path):
    marker = tmp_path / "pwned"
    attacks = [f"__import__('os').system('touch {marker}')",
               "exec('1')", "eval(x)", "lambda: 1", "x.__class__", "x[0]",
               "globals()", "open('f')", "x; y", "`x`", "x if y else z"]
    for text in attacks:
        with pytest.raises(ParseError):
            parse(text)
    assert not marker.exists()


def test_python_keywords_are_plain_symbols():
    assert parse("lambda + def").op is Op.ADD


def test_deep_nesting_parses():
    assert str(parse("(" * 100000 + "x" + ")" * 100000)) == "x"
    e = parse("-" * 50000 + "x")
    assert str(e) == "x"


def test_long_sum_parses():
    e = parse(" + ".join(f"x{i}" for i in range(100000)))
    assert len(e.args) == 100000


def test_input_length_limit():
    old = limits.max_input_length
    limits.max_input_length = 100
    try:
        with pytest.raises(LimitError):
            parse("x+" * 100 + "x")
    finally:
        limits.max_input_length = old


def test_huge_literal_is_a_clear_error():
    with pytest.raises(SymdiffError):
        parse("9" * 6000)


def test_non_string_input():
    with pytest.raises(SymdiffError):
        parse(None)
    assert parse(3) is parse("3")


def test_grammar_file_is_the_one_in_repo():
    from symdiff.parsing.parse import grammar_path
    assert grammar_path().name == "symdiff.lark"
