"""Parser callbacks for relations, ``&``, ``|``, ``~``, tuples and
``Piecewise((expr, cond), ...)`` (methods of ``parse._Build``).

Truth values and expressions do not mix: ``(x > 0) + 1``, ``Piecewise((x,
x + 1), (0, True))`` and ``x > 0 & y < 1`` (which reads ``x > (0 & y) <
1``, as in Python and sympy) are parse errors with a caret and a hint.

>>> from symdiff import parse
>>> parse("Piecewise((x, (x > 0) & (y < 1)), (0, True))")
Piecewise((x, (x > 0) & (y < 1)), (0, True))
"""
from __future__ import annotations

from ..errors import SymdiffError
from ..core.nodes import Expr, Fn, Op
from ..core.nonsmooth import BOOLEAN, RELATIONS
from ..core.piecewise import is_boolean

_FN, _CONST = Op.FN, Op.CONST
_TRUTH = frozenset({"True", "False"})
_OPS = {op: name for name, op in RELATIONS.items()}
TUPLE_HINT = "tuples are Piecewise's (expr, cond) branches, Derivative's (x, n), Subs' (x, y)"
_PAREN = "parenthesize conditions: (x > 0) & (y < 1), as sympy prints them"


class Pair(tuple):
    """A parenthesized tuple ``(a, b, ...)`` (only Piecewise takes them)."""
    __slots__ = ()


def hint_for(msg: str) -> str:
    """The hint for a construction error's message."""
    if "not a condition" in msg:
        return "a condition is a relation (x > 0, Eq(x, 1)), &, |, ~, True or False"
    if "not the condition" in msg:
        return "a condition is only allowed as a Piecewise condition or in &, |, ~"
    return ""


def values(self, c) -> None:
    """Fail when an operand of arithmetic is a condition or a tuple (on
    every arithmetic reduction: plain class and identity tests only)."""
    for a in c:
        k = a.__class__
        if k is Expr:
            op = a.op
            if (op is _FN and a.value in BOOLEAN) or (op is _CONST and a.value in _TRUTH):
                break
        elif k is Pair:
            break
    else:
        return
    for i, a in enumerate(c):
        if isinstance(a, Pair) or (isinstance(a, Expr) and is_boolean(a)):
            tok = c[i - 1] if i else c[1]
            if isinstance(a, Pair):
                self._fail(tok, "a tuple is no operand", TUPLE_HINT)
            self._fail(tok, f"the condition {a} is no operand of arithmetic",
                       "use Piecewise((expr, cond), (other, True)) for a value that depends "
                       "on a condition, or Heaviside")


def _operand_check(self, c, tok, want_bool: bool, what: str) -> None:
    for a in c[::2]:
        if isinstance(a, Pair):
            self._fail(tok, "a tuple is no operand", TUPLE_HINT)
        if is_boolean(a) != want_bool:
            if want_bool:
                self._fail(tok, f"{what} joins conditions; {a} is not one", _PAREN)
            self._fail(tok, f"{what} compares expressions; {a} is a condition", _PAREN)


def rel(self, c):
    a, op, b = c
    _operand_check(self, [a, op, b], op, False, f"{op.value!r}")
    try:
        return Fn(_OPS[op.value], a, b)
    except SymdiffError as e:
        self._fail(op, str(e))


def _logic(name, sym):
    def build(self, c):
        _operand_check(self, c, c[1], True, f"{sym!r}")
        try:
            return Fn(name, *c[::2])
        except SymdiffError as e:
            self._fail(c[1], str(e))
    return build


disj = _logic("Or", "|")
conj = _logic("And", "&")


def inv(self, c):
    tok, a = c
    if isinstance(a, Pair) or not is_boolean(a):
        self._fail(tok, "'~' negates a condition", "write ~(x > 0); for a negative "
                   "number write -x")
    return Fn("Not", a)


def pair(self, c):
    return Pair(c)


def piecewise_call(self, tok, args):
    """``Piecewise((e1, c1), (e2, c2), ...)`` from its tuples."""
    flat = []
    for a in args:
        if not isinstance(a, Pair) or len(a) != 2:
            self._fail(tok, "Piecewise takes (expression, condition) pairs",
                       "Piecewise((x, x > 0), (0, True))")
        e, cond = a
        if isinstance(e, Pair) or isinstance(cond, Pair):
            self._fail(tok, "a tuple is no Piecewise branch's value or condition",
                       "Piecewise((x, x > 0), (0, True))")
        if is_boolean(e):
            self._fail(tok, f"a Piecewise branch's value {e} is a condition",
                       "each branch is (expression, condition)")
        if not is_boolean(cond):
            self._fail(tok, f"Piecewise condition {cond} is not a condition",
                       "a condition is a relation (x > 0, Eq(x, 1)), &, |, ~, True or False")
        flat += [e, cond]
    return Fn("Piecewise", *flat)
