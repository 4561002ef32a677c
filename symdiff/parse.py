"""Text -> expression DAG, with the Lark grammar in ``grammar/symdiff.lark``.

The LALR parser calls :class:`Build` inline while it parses, so nodes are
built bottom-up without a parse tree and without recursion over nesting
depth. Nothing is ever ``eval``'d.

>>> parse("-x**2 + 2**-x")
2**(-x) - x**2
>>> parse("(x1+x2)*x1**2") is parse("x1**2*(x2 + x1)")
True
"""
from __future__ import annotations

import os
from _thread import RLock      # threading.RLock, without importing threading
from fractions import Fraction

from .errors import LimitError, ParseError, SymdiffError
from .functions import _NAMES, suggest
from .limits import limits
from .nodes import (CONSTANTS, MINUS_ONE, Add, Expr, Fn, Mul, Num, Pow, Sym, neg)


def _grammar_file() -> str:
    """Where the grammar is: inside the installed package, or at the repo
    root (os.path, not pathlib: this is on the start-up path)."""
    here = os.path.dirname(os.path.realpath(__file__))
    for p in (os.path.join(here, "grammar", "symdiff.lark"),
              os.path.join(os.path.dirname(here), "grammar", "symdiff.lark")):
        if os.path.isfile(p):
            return p
    raise SymdiffError("grammar file symdiff.lark not found; reinstall symdiff")


def grammar_path():
    """The grammar file as a ``pathlib.Path``."""
    from pathlib import Path
    return Path(_grammar_file())


def grammar_text() -> str:
    """The grammar's text, read without importing pathlib (CLI start-up)."""
    with open(_grammar_file(), encoding="utf-8") as f:
        return f.read()


def _number(text: str):
    try:
        if "." in text or "e" in text or "E" in text:
            return float(text)
        return int(text)
    except ValueError:  # e.g. more digits than Python converts
        raise LimitError(f"number literal of {len(text)} characters is too long")


class _At(Exception):
    """A build error at a token; :func:`parse` adds the text and caret."""

    def __init__(self, msg: str, line: int, column: int, hint: str = ""):
        self.msg, self.line, self.column, self.hint = msg, line, column, hint


class _Build:
    """Lark inline transformer: one method per grammar alias, called by the
    LALR parser as it reduces, so no parse tree is built."""

    def _fail(self, tok, msg: str, hint: str = ""):
        raise _At(msg, tok.line, tok.column, hint)

    def number(self, c):
        tok = c[0]
        try:
            return Num(_number(tok.value))
        except SymdiffError as e:
            self._fail(tok, str(e))

    def name(self, c):
        tok = c[0]
        const = CONSTANTS.get(tok.value)
        if const is not None:
            return const
        if tok.value in _NAMES:
            self._fail(tok, f"{tok.value!r} is a function", f"call it: {tok.value}(...)")
        return Sym(tok.value)

    def call(self, c):
        tok, args = c
        if tok.value not in _NAMES:
            hint = suggest(tok.value)[2:] or ""
            hint = (hint + "; " if hint else "") + f"to multiply, write {tok.value}*(...)"
            self._fail(tok, f"unknown function {tok.value!r}", hint)
        try:
            return Fn(tok.value, *args)
        except SymdiffError as e:
            self._fail(tok, str(e))

    def args(self, c):
        return c

    def sum(self, c):
        terms = [c[0]]
        for i in range(1, len(c), 2):
            terms.append(c[i + 1] if c[i].value == "+" else neg(c[i + 1]))
        try:
            return Add(*terms)
        except SymdiffError as e:     # e.g. a float plus an integer beyond float range
            self._fail(c[1], str(e))

    def product(self, c):
        num, den = [c[0]], []
        for i in range(1, len(c), 2):
            (num if c[i].value == "*" else den).append(c[i + 1])
        try:
            if den:
                num.append(Pow(Mul(*den), MINUS_ONE))
            return Mul(*num)
        except SymdiffError as e:
            self._fail(c[1], str(e))

    def neg(self, c):
        return neg(c[1])

    def pos(self, c):
        return c[1]

    def pow(self, c):
        try:
            return Pow(c[0], c[2])
        except SymdiffError as e:
            self._fail(c[1], str(e))


_PARSER = None
_DRIVER = None
_PARSER_LOCK = RLock()   # re-entrant: the fallback below builds the Lark parser


def _driver():
    """The table-driven parser: from the stored tables when they match the
    grammar (no lark import: fast start-up), else from a Lark parser."""
    global _DRIVER
    if _DRIVER is None:
        from .lalr import Driver, stored_tables
        tables = stored_tables(grammar_text())
        p = _parser() if tables is None else None
        with _PARSER_LOCK:
            if _DRIVER is None:
                try:
                    if tables is None:
                        from .lexer import tables_of
                        tables = tables_of(p)
                    _DRIVER = Driver(tables, _Build())
                except Exception:  # pragma: no cover - a Lark without these internals
                    _DRIVER = p or _parser()   # Lark's own parse: same result, slower
    return _DRIVER


def _parser():
    global _PARSER
    if _PARSER is None:
        with _PARSER_LOCK:
            if _PARSER is None:
                from lark import Lark
                from .lexer import SymdiffLexer
                _PARSER = Lark(grammar_path().read_text(), parser="lalr", lexer=SymdiffLexer,
                               transformer=_Build(), cache=True)
    return _PARSER


_OPENERS = {"NAME", "NUMBER", "LPAR"}


class _LazyLark:
    """``lark`` for the ``except`` clauses of :func:`parse`: imported only
    when an error is being handled (the stored tables parse without lark)."""

    def __getattr__(self, name):
        import lark
        return getattr(lark, name)


lark = _LazyLark()


def parse(text, assume: dict | None = None) -> Expr:
    """Parse text (sympy string syntax) into an interned expression.

    Raises :class:`ParseError` with line, column and a caret on bad input.
    Expressions and numbers pass through unchanged. ``assume`` maps symbol
    names to assumptions (``{"x": "positive", "n": ["integer"]}``); those
    symbols are built with them (see :mod:`symdiff.assumptions`).

    >>> from symdiff import simplify
    >>> simplify(parse("sqrt(x**2)", assume={"x": "positive"}))
    x
    """
    if assume:
        return assume_symbols(parse(text), assume)
    if isinstance(text, Expr):
        return text
    if isinstance(text, (int, float, Fraction)) and not isinstance(text, bool):
        return Num(text)
    if not isinstance(text, str):
        raise SymdiffError(f"cannot parse {type(text).__name__}; expected a string")
    if len(text) > limits.max_input_length:
        raise LimitError(f"input of {len(text)} characters exceeds "
                         f"limits.max_input_length={limits.max_input_length}")
    parser = _driver()
    try:
        out = parser.parse(text)
    except _At as e:
        raise ParseError(e.msg, text, e.line, e.column, e.hint) from None
    except lark.exceptions.UnexpectedInput as e:
        raise _syntax_error(text, e) from None
    except lark.exceptions.VisitError as e:  # pragma: no cover - defensive
        raise e.orig_exc if isinstance(e.orig_exc, SymdiffError) else SymdiffError(str(e))
    if not isinstance(out, Expr):  # a bare token: start is a single atom
        out = _Build().name([out]) if out.type == "NAME" else _Build().number([out])
    return out


def _syntax_error(text: str, e) -> ParseError:
    import lark
    line, col = getattr(e, "line", 1), getattr(e, "column", 1)
    if line is None or line < 0:
        line, col = 1, 1
    if isinstance(e, lark.exceptions.UnexpectedEOF) or getattr(
            getattr(e, "token", None), "type", None) == "$END":
        lines = text.split("\n")
        line, col = len(lines), len(lines[-1]) + 1
        return ParseError("unexpected end of input", text, line, col,
                          "an operand or a closing ')' is missing")
    if isinstance(e, lark.exceptions.UnexpectedCharacters):
        ch = text[e.pos_in_stream] if e.pos_in_stream < len(text) else ""
        hint = ""
        if ch in "'\"":
            hint = "strings are not expressions"
        elif ch == "=":
            hint = "equations are not supported; write an expression"
        return ParseError(f"unexpected character {ch!r}", text, line, col, hint)
    tok = e.token
    prev = text[:tok.start_pos].rstrip()[-1:] if tok.start_pos is not None else ""
    hint = ""
    if tok.type in _OPENERS and (prev.isalnum() or prev in "_).") and prev:
        hint = "implicit multiplication is not supported: insert '*'"
    shown = tok.value if tok.value else tok.type
    return ParseError(f"unexpected {shown!r}", text, line, col, hint)


def assume_symbols(expr: Expr, assume: dict) -> Expr:
    """``expr`` with the named symbols replaced by symbols carrying the
    given assumptions (names not in ``expr`` are ignored)."""
    if not isinstance(assume, dict):
        raise SymdiffError(f"'assume' must map names to assumptions, got {assume!r}")
    mapping = {}
    for s in expr.free:
        facts = assume.get(s.value)
        if facts:
            mapping[s] = Sym(s.value, facts)
    return expr.subs(mapping) if mapping else expr
