"""Text -> expression DAG, with the Lark grammar in ``grammar/symdiff.lark``.

The LALR driver (:mod:`.driver`, running the tables lark computed from the
grammar) calls :class:`_Build` inline while it parses, so nodes are built
bottom-up without a parse tree and without recursion over nesting depth.
``_Build`` is also a valid Lark transformer: ``lark.Lark(grammar,
parser="lalr", transformer=_Build())`` builds the same nodes. Nothing is
ever ``eval``'d.

>>> parse("-x**2 + 2**-x")
-x**2 + 2**(-x)
>>> parse("(x1+x2)*x1**2") is parse("x1**2*(x2 + x1)")
True
"""
from __future__ import annotations

import os
from .._compat import RLock
from ..errors import LimitError, ParseError, SymdiffError
from ..core.fold import real_number
from ..core.functions import NAMES
from ..core.limits import limits
from ..core.nodes import (CONSTANTS, MINUS_ONE, UPPER, Add, Expr, Fn, Mul, Num, Op, Pow, Sym,
                          applied, neg, small_int)
from ..core.applied import replace
from ..core.undefined import check_function_name
from ..core.piecewise import is_boolean
from _thread import _local
from .hypergeometric import SPECIAL_CALLS as _HYPERGEOMETRIC, empty
from .conditions import (TUPLE_HINT, Pair, conj, disj, hint_for, inv, pair, piecewise_call,
                         rel, values)
from .signatures import arity_hint
from .driver import Driver, UnexpectedCharacters, UnexpectedToken, stored_tables


def _grammar_file() -> str:
    """Where the grammar is: inside the installed package (``symdiff/grammar``),
    or at the repo root (os.path, not pathlib: this is on the start-up path)."""
    package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    for p in (os.path.join(package, "grammar", "symdiff.lark"),
              os.path.join(os.path.dirname(package), "grammar", "symdiff.lark")):
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


# Functions of other systems that symdiff lacks: ``erf(x)`` is surely no
# product, so the hint for these names does not suggest ``erf*(x)``.
_FOREIGN_FUNCTIONS = frozenset(
    "erf erfc erfi gamma lgamma loggamma digamma beta factorial binomial floor ceil ceiling "
    "round trunc frac max min Max Min mod Mod pow hypot cbrt root log10 log2 log1p expm1 exp2 "
    "sinc heaviside Heaviside DiracDelta zeta besselj bessely jv yv re im arg conjugate "
    "Piecewise LambertW Ei Si Ci li polylog sum prod diff integrate".split())


def _unknown_function_hint(name: str) -> str:
    """Close names, where to find the function table, and (where a product is
    a plausible reading, ``k(x + 1)``) how to write a product."""
    import difflib
    near = difflib.get_close_matches(name, list(NAMES), n=3, cutoff=0.6)
    if not near and name.lower() in NAMES:
        near = [name.lower()]
    parts = []
    if near:
        quoted = [repr(n) for n in near]
        parts.append("did you mean " + (quoted[0] if len(quoted) == 1 else
                                        ", ".join(quoted[:-1]) + " or " + quoted[-1]))
    parts.append("the known functions are listed in README.md (Expression syntax)")
    if not near and name not in _FOREIGN_FUNCTIONS:
        parts.append(f"to multiply, write {name}*(...)")
    if not near and name.isidentifier():
        parts.append(f"an undefined function is declared: functions='{name}' "
                     f"(command line: --functions {name})")
    return "; ".join(parts)


_TUPLE_ONLY = ("a parenthesized list (a, b) is only an argument of Piecewise, Derivative, "
               "Subs, hyper or meijerg")


def _no_tuples(args) -> tuple:
    for a in args:
        if isinstance(a, Pair):
            raise SymdiffError(_TUPLE_ONLY)
    return tuple(args)


def _derivative_call(args):
    """``Derivative(expr, x, (y, 2), ...)``: the derivative itself (as sympy's
    ``.doit()``); a variable may be a function call such as ``q(t)``."""
    if len(args) < 2 or isinstance(args[0], Pair):
        raise SymdiffError("Derivative(expr, x, ...) needs an expression and variables")
    expr, wrt = args[0], []
    for v in args[1:]:
        n = 1
        if isinstance(v, Pair):
            if len(v) != 2 or isinstance(v[0], Pair) or isinstance(v[1], Pair) \
                    or v[1].op is not Op.NUM or type(v[1].value) is not int or v[1].value < 0:
                raise SymdiffError("a variable with an order is written (x, n), n a "
                                   "non-negative integer")
            v, n = v
            n = n.value
        if len(wrt) + n > limits.max_order:     # before building the list of variables
            raise LimitError(f"derivative order {len(wrt) + n} exceeds "
                             f"limits.max_order={limits.max_order}")
        wrt += [v] * n
    if UPPER.diff is None:
        raise SymdiffError("Derivative(...) needs symdiff.ad: import symdiff")
    return UPPER.diff(expr, *wrt) if wrt else expr


def _subs_call(args):
    """``Subs(expr, x, a)`` or ``Subs(expr, (x, y), (a, b))``: substituted."""
    if len(args) != 3 or isinstance(args[0], Pair):
        raise SymdiffError("Subs(expr, old, new) takes three arguments")
    expr, old, new = args
    old = old if isinstance(old, Pair) else (old,)
    new = new if isinstance(new, Pair) else (new,)
    if len(old) != len(new):
        raise SymdiffError("Subs(expr, old, new): old and new differ in length")
    if any(isinstance(a, Pair) or is_boolean(a) for a in (*old, *new)):
        raise SymdiffError("Subs(expr, old, new) substitutes expressions, not tuples "
                           "or conditions")
    return replace(expr, dict(zip(old, new)))


_SPECIAL_CALLS = {"Derivative": _derivative_call, "Subs": _subs_call, **_HYPERGEOMETRIC}


class _Scope(_local):
    """Per-thread state of the parse in progress: the declared undefined
    functions."""
    functions: frozenset = frozenset()


_SCOPE = _Scope()


def function_names(functions) -> frozenset:
    """Declared undefined functions from ``"f g"``, ``"f,g"``, names or
    :class:`symdiff.Function` objects; each name is validated."""
    if not functions:
        return frozenset()
    if isinstance(functions, str):
        items = functions.replace(",", " ").split()
    else:
        try:
            items = list(functions)
        except TypeError:
            items = [functions]
    names = []
    for f in items:
        name = getattr(f, "name", f)
        check_function_name(name)
        names.append(name)
    return frozenset(names)


_SMALL_NUMBERS: dict = {}    # literal text -> node, for the small integers


class _Build:
    """Lark inline transformer: one method per grammar alias, called by the
    LALR parser as it reduces, so no parse tree is built."""

    def _fail(self, tok, msg: str, hint: str = ""):
        raise _At(msg, tok.line, tok.column, hint)

    def number(self, c):
        tok = c[0]
        text = tok.value
        node = _SMALL_NUMBERS.get(text)
        if node is not None:
            return node
        try:
            node = Num(_number(text))
        except SymdiffError as e:
            self._fail(tok, str(e))
        if node is small_int(node.value) and len(_SMALL_NUMBERS) < 2048:
            _SMALL_NUMBERS[text] = node    # held anyway (core.nodes keeps small ints)
        return node

    def name(self, c):
        tok = c[0]
        text = tok.value
        const = CONSTANTS.get(text)
        if const is not None:
            return const
        if text in NAMES:
            self._fail(tok, f"{text!r} is a function", f"call it: {text}(...)")
        return Sym(text)

    def call(self, c):
        tok, args = c
        name = tok.value
        try:
            if name not in NAMES:
                if name in _SCOPE.functions:
                    return applied(name, _no_tuples(args))
                special = _SPECIAL_CALLS.get(name)
                if special is None:
                    self._fail(tok, f"unknown function {name!r}", _unknown_function_hint(name))
                return special(args)
            if name == "Piecewise":
                return piecewise_call(self, tok, args)
            for a in args:
                if isinstance(a, Pair):
                    self._fail(tok, f"a tuple is no argument of {name}()", TUPLE_HINT)
            return Fn(name, *args)
        except SymdiffError as e:
            self._fail(tok, str(e), hint_for(str(e)) or arity_hint(name, str(e)))

    # relations and logic (parsing/conditions.py)
    rel = rel
    disj = disj
    conj = conj
    inv = inv
    pair = pair
    empty = empty

    def args(self, c):
        return c

    def sum(self, c):
        values(self, c)
        terms = [c[0]]
        for i in range(1, len(c), 2):
            terms.append(c[i + 1] if c[i].value == "+" else neg(c[i + 1]))
        try:
            return Add(*terms)
        except SymdiffError as e:     # e.g. a float plus an integer beyond float range
            self._fail(c[1], str(e))

    def product(self, c):
        values(self, c)
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
        values(self, c)
        return neg(c[1])

    def pos(self, c):
        values(self, c)
        return c[1]

    def pow(self, c):
        values(self, c)
        try:
            return Pow(c[0], c[2])
        except SymdiffError as e:
            self._fail(c[1], str(e))


_DRIVER = None
_DRIVER_LOCK = RLock()


def _driver() -> Driver:
    """The driver over the stored tables (built once; no lark import)."""
    global _DRIVER
    if _DRIVER is None:
        tables = stored_tables(grammar_text())
        if tables is None:
            raise SymdiffError("symdiff/parsing/_tables.py does not match grammar/symdiff.lark; "
                               "regenerate it: python tools/gen_tables.py")
        with _DRIVER_LOCK:
            if _DRIVER is None:
                _DRIVER = Driver(tables, _Build())
    return _DRIVER


_OPENERS = {"NAME", "NUMBER", "LPAR"}


def parse(text, assume: dict | None = None, functions=None) -> Expr:
    """Parse text (sympy string syntax) into an interned expression.

    Raises :class:`ParseError` with line, column and a caret on bad input.
    Expressions and numbers pass through unchanged. ``assume`` maps symbol
    names to assumptions (``{"x": "positive", "n": ["integer"]}``); those
    symbols are built with them (see :mod:`symdiff.assumptions`).
    ``functions`` declares undefined functions (``"f g"``, ``"f, g"``, or
    :class:`symdiff.Function` objects); any other unknown name stays an error.
    ``Derivative(f(x), x)`` and ``Subs(...)`` (as sympy prints them) are read.

    >>> from symdiff import simplify
    >>> simplify(parse("sqrt(x**2)", assume={"x": "positive"}))
    x
    """
    if assume:
        return assume_symbols(parse(text, functions=functions), assume)
    if functions is not None and isinstance(text, str):
        outer = _SCOPE.functions
        _SCOPE.functions = outer | function_names(functions)
        try:
            return parse(text)
        finally:
            _SCOPE.functions = outer
    if isinstance(text, Expr):
        return text
    if not isinstance(text, str):
        r = real_number(text)      # int, float, Fraction; NumPy scalars, Decimal
        if r is None:
            raise SymdiffError(f"cannot parse {type(text).__name__}; expected a string")
        return Num(r)
    if len(text) > limits.max_input_length:
        raise LimitError(f"input of {len(text)} characters exceeds "
                         f"limits.max_input_length={limits.max_input_length}")
    parser = _driver()
    try:
        out = parser.parse(text)
    except _At as e:
        raise ParseError(e.msg, text, e.line, e.column, e.hint) from None
    except (UnexpectedCharacters, UnexpectedToken) as e:
        raise syntax_error(text, e) from None
    if isinstance(out, Pair):
        raise ParseError("a tuple is no expression", text, 1, 1, TUPLE_HINT) from None
    if not isinstance(out, Expr):  # a bare token: start is a single atom
        out = _Build().name([out]) if out.type == "NAME" else _Build().number([out])
    return out


def syntax_error(text: str, e) -> ParseError:
    """The :class:`ParseError` for a driver's (or lark's: same attribute
    names) unexpected character or token in ``text``."""
    line, col = getattr(e, "line", 1), getattr(e, "column", 1)
    if line is None or line < 0:
        line, col = 1, 1
    token = getattr(e, "token", None)
    if (token.type == "$END") if token is not None else not hasattr(e, "char"):
        lines = text.split("\n")
        line, col = len(lines), len(lines[-1]) + 1
        return ParseError("unexpected end of input", text, line, col,
                          "an operand or a closing ')' is missing")
    if token is None:                    # an unexpected character
        ch = text[e.pos_in_stream] if e.pos_in_stream < len(text) else ""
        hint = ""
        if ch in "'\"":
            hint = "strings are not expressions"
        elif ch == "=":
            hint = "equations are not supported; write an expression"
        return ParseError(f"unexpected character {ch!r}", text, line, col, hint)
    tok = token
    prev = text[:tok.start_pos].rstrip()[-1:] if tok.start_pos is not None else ""
    hint = ""
    if tok.type in _OPENERS and (prev.isalnum() or prev in "_).") and prev:
        hint = "implicit multiplication is not supported: insert '*'"
    if tok.type == "RELOP":
        hint = "relations do not chain: write (a < b) & (b < c)"
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


UPPER.parse = parse     # strings as operands: ``x + "y"`` (see core.nodes.UPPER)
