"""The driver's fast lexer (``findall`` of the master regex made group-free)
against the match-by-match lexer it stands in for: the same tokens, kinds
and positions, and errors at the same place."""
import re

import pytest
from hypothesis import given, settings, strategies as st

import fuzzing
from symdiff.parsing.driver import Tok, _line_col, _without_groups
from symdiff.parsing.parse import _driver

LEXER = _driver().lexer


def by_match(text: str) -> tuple:
    """The reference: one match object per token (the lexer before the fast path)."""
    toks, pos = [], 0
    for m in LEXER.regex.finditer(text):
        if m.start() != pos:
            break
        pos = m.end()
        if m.lastgroup not in LEXER.ignore:
            toks.append(Tok(m.lastgroup, m.group(), m.start(), *_line_col(text, m.start())))
    return toks, (-1 if pos == len(text) else pos)


def test_the_grammar_pattern_has_a_group_free_form():
    assert LEXER.plain is not None and LEXER.plain.groups == 0


@settings(max_examples=300)
@given(st.lists(st.sampled_from(fuzzing.TOKENS + [" ", "  ", "\t", "1.5e-3", ".5", "x_1", "$"]),
                max_size=25))
def test_fast_tokens_are_the_match_by_match_tokens(parts):
    text = "".join(parts)
    assert LEXER.tokens(text) == by_match(text)


@pytest.mark.parametrize("text", [
    "x**6*erf(b*x)/6 + x**5*exp(-b**2*x**2)/(6*sqrt(pi)*b)", "2.5e+3*x^2", "a <= b",
    "x $ y", "x\n+ y", "  x  ", "", "1e", "x ** -2", "Piecewise((x, x > 0), (0, True))",
])
def test_fast_tokens_on_examples(text):
    assert LEXER.tokens(text) == by_match(text)


@pytest.mark.parametrize("pattern, plain", [
    (r"(?P<A>a)|(?P<B>[^)(]+)", r"(?:a)|(?:[^)(]+)"),
    (r"(\d+(\.\d*)?)", r"(?:\d+(?:\.\d*)?)"),
    (r"[]a](b)", r"[]a](?:b)"),          # a ] first in a class is a member
    (r"[^](](b)", r"[^](](?:b)"),
    (r"\((x)", r"\((?:x)"),              # an escaped parenthesis is no group
    (r"(?:\*\*|\^)", r"(?:\*\*|\^)"),
])
def test_groups_become_non_capturing(pattern, plain):
    got = _without_groups(pattern)
    assert got is not None and got.pattern == plain and got.groups == 0


@pytest.mark.parametrize("pattern", [
    r"(?=a)a", r"(?!a)b", r"(?<=a)b", r"(?<!a)b", r"(a)\1", r"(?P<A>a)(?P=A)", r"\bx", r"x$",
    r"^x", r"(?i)x", r"\Ax",
])
def test_patterns_whose_match_depends_on_context_are_refused(pattern):
    assert _without_groups(pattern) is None


@pytest.mark.parametrize("pattern", [r"(?P<A>a)|(?P<B>[^)(]+)", r"(\d+(\.\d*)?)|([a-z]\w*)|(\s+)"])
def test_group_free_form_matches_the_same_strings(pattern):
    plain = _without_groups(pattern)
    for text in ["a(b)c", "12.5 x1 3", "a)(", "((a"]:
        assert plain.findall(text) == [m.group() for m in re.finditer(pattern, text)]
