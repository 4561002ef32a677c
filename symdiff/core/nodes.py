"""Interned, immutable expression nodes and their canonical constructors.

Every node is built through a smart constructor (:func:`Add`, :func:`Mul`,
:func:`Pow`, :func:`Fn`, :func:`Num`, :func:`Sym`) that keeps a canonical
form (flatten, fold exact constants, collect like terms and powers, sort
arguments) and interns the result in a weak table. Building the same
expression twice returns the same object, so structural equality is
identity and the DAG is its own common-subexpression elimination.

>>> x, y = Sym("x"), Sym("y")
>>> Add(x, y) is Add(y, x)
True
>>> Mul(x, x) is Pow(x, Num(2))
True

Sharing and flattening: user-level constructors flatten nested sums and
products. The derivative machinery may build *grouped* products
(:func:`mul_grouped`) that keep a shared sub-product as one operand; this is
what keeps the derivative of a long product O(n) (see ``ad/forward.py``).
Grouped products print flat and re-parse to the flat canonical node.

This module imports nothing above ``core``. Two conveniences need higher
layers: strings as operands (``x + "y"``) need the parser and ``e.diff(x)``
the differentiator; those layers plug themselves into :data:`UPPER` when
imported (``import symdiff`` imports both; numeric values likewise come
from ``core/evalf.py``, and the printers behind ``str``/``repr`` and
``_repr_latex_`` are plugged in by ``symdiff/__init__.py``).
"""
from __future__ import annotations

import math
import operator
import sys
from collections.abc import Iterable
from enum import IntEnum
from fractions import Fraction

from .._compat import RLock, blake2b, weakref_ref as _weakref_ref
from ..errors import SymdiffError
from .facts import closure
from .fold import fold_pow, is_zero, is_one, normalize, real_number
from .functions import NAMES, REGISTRY, suggest
from .undefined import check_value
from .symmetric import canonical_partial

MASK = (1 << 64) - 1


class Op(IntEnum):
    """Node kinds; the order is also the printing/sorting rank."""
    NUM = 0
    CONST = 1   # pi, E, I, EulerGamma
    SYM = 2
    POW = 3
    MUL = 4
    FN = 5
    ADD = 6


# the members as module constants: an IntEnum member lookup (Op.NUM) costs
# ~0.1 us, and the node constructors, rules and printers make many
_NUM, _CONST, _SYM, _POW, _MUL, _FN, _ADD = Op.NUM, Op.CONST, Op.SYM, Op.POW, Op.MUL, Op.FN, Op.ADD

# The intern table: key -> weak reference to the node. A node's entry is
# removed by its reference's callback when the node is garbage-collected.
_TABLE: dict = {}
_LOCK = RLock()   # re-entrant: a GC callback may fire while held


class _Ref(_weakref_ref):
    """Weak reference that remembers its table key (like ``weakref.KeyedRef``,
    without its Python-level ``__init__``: this is on every node's path)."""
    __slots__ = ("key",)


def _remove(ref) -> None:
    with _LOCK:
        if _TABLE.get(ref.key) is ref:
            del _TABLE[ref.key]


_NAME_HASHES: dict = {}


def _name_hash(s: str) -> int:
    """Deterministic 64-bit hash of a name (str hashes are seeded per run)."""
    h = _NAME_HASHES.get(s)
    if h is None:
        h = int.from_bytes(blake2b(s.encode(), digest_size=8).digest(), "little")
        if len(_NAME_HASHES) < 100_000:
            _NAME_HASHES[s] = h
    return h


class Expr:
    """An immutable, interned expression node.

    ``op`` is an :class:`Op`, ``args`` a tuple of child nodes, ``value`` the
    number, symbol name or function name. Python operators build new
    expressions: ``x*sin(y) + 1``.
    """

    __slots__ = ("op", "args", "value", "_h", "key", "free", "__weakref__")

    op: Op
    args: tuple["Expr", ...]
    value: object
    key: tuple
    free: frozenset

    def __init__(self, *a, **k):  # pragma: no cover - guard
        raise TypeError("build expressions with symdiff.parse or the constructors")

    # __eq__ and __hash__ are object identity (the C defaults, fast):
    # interning makes identity structural. Nothing iterates a set or dict of
    # nodes in hash order; ordering uses ``key`` (deterministic across runs).

    def __reduce__(self):
        return (from_postfix, (to_postfix(self),))

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __repr__(self) -> str:
        return UPPER.to_str(self)

    __str__ = __repr__

    # Python operators --------------------------------------------------
    def __add__(self, o): return Add(self, as_expr(o))
    def __radd__(self, o): return Add(as_expr(o), self)
    def __sub__(self, o): return Add(self, neg(as_expr(o)))
    def __rsub__(self, o): return Add(as_expr(o), neg(self))
    def __mul__(self, o): return Mul(self, as_expr(o))
    def __rmul__(self, o): return Mul(as_expr(o), self)
    def __truediv__(self, o): return Mul(self, Pow(as_expr(o), MINUS_ONE))
    def __rtruediv__(self, o): return Mul(as_expr(o), Pow(self, MINUS_ONE))
    def __pow__(self, o): return Pow(self, as_expr(o))
    def __rpow__(self, o): return Pow(as_expr(o), self)
    def __neg__(self): return neg(self)
    def __pos__(self): return self

    def __bool__(self) -> bool:
        raise TypeError("an expression has no truth value; compare with `is`")

    # Numbers: an expression without free symbols has a value (float64; see
    # core/evalf.py); with free symbols these raise SymdiffError naming them.
    def __float__(self) -> float:
        return UPPER.evalf.to_float(self)

    def __complex__(self) -> complex:
        return UPPER.evalf.to_complex(self)

    def __int__(self) -> int:
        return UPPER.evalf.to_int(self)

    def evalf(self):
        """The value as a Python float, or a complex where it is not real
        (float64; principal branches as sympy): ``parse("sqrt(-4)").evalf()``
        is ``2j``. Raises SymdiffError if there are free symbols."""
        return UPPER.evalf.evalf(self)

    def _repr_latex_(self) -> str:
        """LaTeX for Jupyter (``$\\displaystyle ...$``, as sympy)."""
        return f"$\\displaystyle {UPPER.latex(self)}$"

    @property
    def is_number(self) -> bool:
        return self.op is _NUM

    @property
    def name(self) -> str:
        """The symbol, constant or function name (empty for other nodes)."""
        return self.value if isinstance(self.value, str) else ""

    def diff(self, *vars, n: int = 1) -> "Expr":
        """Derivative; see :func:`symdiff.diff`."""
        return UPPER.diff(self, *vars, n=n)

    def subs(self, mapping, value=None) -> "Expr":
        """Substitute expressions for symbols (keys may be names):
        ``e.subs({"x": 1})`` or ``e.subs("x", 1)``. A key that is a
        subexpression (``q(t)``) is replaced whole; an undefined function
        (``e.subs(f, "sin")``) becomes that function (``symdiff.subs_function``)."""
        if not isinstance(mapping, dict):
            mapping = {mapping: value}
        for k in mapping:
            if not isinstance(k, (str, Expr)) or (isinstance(k, Expr) and k.op is not _SYM):
                if UPPER.subs is None:
                    raise SymdiffError("subs beyond symbols needs symdiff.ad: import symdiff")
                return UPPER.subs(self, mapping)
        return substitute(self, {as_symbol(k): as_expr(v) for k, v in mapping.items()})


class UPPER:
    """Entry points of modules above this one that its conveniences call.

    ``parse`` (strings as operands, in :func:`as_expr`) is set by
    ``symdiff.parsing.parse``; ``diff`` (``Expr.diff``) by ``symdiff.ad.api``;
    ``evalf`` (``float(e)``, ``e.evalf()``) is the module ``core/evalf.py``,
    which walks nodes and so sits above this one; ``to_str`` (``str(e)``),
    ``str_len`` (``len(str(e))`` without the text, memoized in a dict:
    ``str_len(e, memo)``) and ``latex`` (``_repr_latex_``) are the printers,
    set by ``symdiff/__init__.py``.
    """
    parse = None
    diff = None
    evalf = None
    subs = None      # Expr.subs beyond symbols: set by ``symdiff.ad.undefined``
    to_str = None
    str_len = None
    latex = None


_NUM_TAG = {int: 0, Fraction: 1, float: 2}


def _num_key(v) -> tuple:
    """Intern key of a number: its type and value, with a Fraction split
    into integers (Fraction.__hash__ is slow, and 1, 1.0 must not merge)."""
    t = type(v)
    return (t, v.numerator, v.denominator) if t is Fraction else (t, v)


def _make(op: Op, value, args: tuple) -> Expr:
    """Intern a node whose args are already canonical."""
    k = (op, _num_key(value) if op is _NUM else value, args)
    ref = _TABLE.get(k)
    if ref is not None:
        node = ref()
        if node is not None:
            return node
    node = object.__new__(Expr)
    node.op, node.args, node.value = op, args, value
    if op is _NUM:
        # magnitudes and a sign, never negative numbers: CPython hashes -1
        # like -2 (and -1.0 like -2.0), which made x - 1 and x - 2 tie in
        # the canonical order (then the order depended on construction)
        h = node._h = hash((0, *[abs(p) for p in _num_key(value)[1:]], value < 0,
                            _NUM_TAG[type(value)])) & MASK
        node.free = frozenset()
        node.key = (0, "", h)
    elif op is _SYM or op is _CONST:
        h = node._h = _name_hash(value) ^ op
        node.free = frozenset((node,)) if op is _SYM else frozenset()
        node.key = (1, value, h)
    else:
        # CPython's tuple hash of ints is deterministic (no hash seed); an
        # Op hashes as its int
        vh = _name_hash(value) if value is not None else 0
        if len(args) == 2:
            a0, a1 = args
            h = hash((op, vh, a0._h, a1._h)) & MASK
            f0, f1 = a0.free, a1.free
            node.free = f0 if f1 <= f0 else f1 if f0 <= f1 else f0 | f1
        else:
            h = hash((op, vh, *map(_HASH, args))) & MASK
            node.free = _union(args)
        if op is _FN:
            node.key = (2, value, h)
        elif op is _ADD:
            node.key = (3, "", h)
        else:  # POW, MUL sort next to their main base: x, x**2, 2*x
            lead = (args[0] if op is _POW else args[-1]).key
            node.key = (lead[0], lead[1], h)
    node._h = h
    ref = _Ref(node, _remove)
    ref.key = k
    won = _TABLE.setdefault(k, ref)    # atomic: one thread's node wins
    return node if won is ref else _intern_again(k, node, ref, won)


def _intern(k: tuple, node: Expr) -> Expr:
    """Enter ``node`` under key ``k``, or return the node another thread
    entered first."""
    ref = _Ref(node, _remove)
    ref.key = k
    won = _TABLE.setdefault(k, ref)    # atomic: one thread's node wins
    return node if won is ref else _intern_again(k, node, ref, won)


def _intern_again(k: tuple, node: Expr, ref, won) -> Expr:
    """``k`` was taken: by another thread's live node (returned), or by a
    dead entry not yet removed (replaced by ``ref``)."""
    old = won()
    if old is not None:
        return old
    with _LOCK:
        _TABLE[k] = ref
    return node


_HASH = operator.attrgetter("_h")
_FREE = operator.attrgetter("free")


def _union(args: tuple) -> frozenset:
    """Union of the children's free sets, reusing a child's set when it
    already covers the others (the common case), else built once."""
    frees = list(map(_FREE, args))
    if not frees:
        return frozenset()
    best = max(frees, key=len)
    extra = None
    for f in frees:
        if f is not best and not f <= best:
            if extra is None:
                extra = set(best)
            extra |= f
    return best if extra is None else frozenset(extra)


def table_size() -> int:
    """Number of live interned nodes (for memory tests)."""
    with _LOCK:
        return sum(1 for r in list(_TABLE.values()) if r() is not None)


# --- leaves -------------------------------------------------------------

_SMALL_INTS: dict = {}   # strong references to the nodes of small integers


def Num(v) -> Expr:
    """A number: int, Fraction or float (exact values stay exact)."""
    if type(v) is int:
        node = _SMALL_INTS.get(v)
        if node is not None:
            return node
        if -1024 <= v <= 1024:            # kept alive: coefficients recur
            node = _SMALL_INTS[v] = _make(_NUM, v, ())
            return node
        if -(1 << 62) < v < (1 << 62):   # fast path
            ref = _TABLE.get((_NUM, (int, v), ()))
            node = ref() if ref is not None else None
            if node is not None:
                return node
    elif type(v) is Fraction:
        ref = _TABLE.get((_NUM, (Fraction, v.numerator, v.denominator), ()))
        node = ref() if ref is not None else None
        if node is not None:
            return node
    return _make(_NUM, normalize(v), ())


def small_int(v):
    """The node of ``v`` if it is an int that stays interned for good (the
    small integers), else None."""
    return _SMALL_INTS.get(v) if type(v) is int else None


def Sym(name: str, facts: Iterable[str] = ()) -> Expr:
    """A symbol; ``facts`` are assumptions such as ``("positive",)`` (see
    :mod:`symdiff.assumptions`). ``x`` and ``x`` assumed positive are
    different symbols that print alike."""
    if not facts:
        return _make(_SYM, name, ())
    facts = closure(facts)
    tag = tuple(sorted(facts))
    k = (_SYM, name, (), tag)
    ref = _TABLE.get(k)
    node = ref() if ref is not None else None
    if node is not None:
        return node
    node = object.__new__(Expr)
    node.op, node.args, node.value = _SYM, (), name
    node._h = h = _name_hash(name) ^ _name_hash(",".join(tag)) ^ _SYM
    node.free = frozenset((node,))
    node.key = (1, name, h)
    node = _intern(k, node)
    global _FACTS
    if not _FACTS:                      # first assumed symbol: weakref only now
        import weakref
        _FACTS = weakref.WeakKeyDictionary(_FACTS)
    _FACTS[node] = facts
    return node


_FACTS: dict = {}     # assumed symbol -> its facts (weak keys once one exists)


def by_name(syms: list, exprs: Iterable[Expr]) -> list:
    """``syms`` with each symbol that does not occur in ``exprs`` replaced by
    the one free symbol of ``exprs`` with its name (so ``diff(f, "x")`` finds
    an ``x`` that carries assumptions)."""
    free = {}
    for e in exprs:
        for s in e.free:
            free.setdefault(s.value, []).append(s)
    out = []
    for x in syms:
        same = free.get(x.value, ())
        out.append(same[0] if x not in same and len(set(same)) == 1 else x)
    return out


def facts_of(sym: Expr) -> frozenset:
    """The assumptions of a symbol (empty for plain symbols)."""
    return _FACTS.get(sym, frozenset())


def Const(name: str) -> Expr:
    """One of the constants ``pi``, ``E``, ``I``, ``EulerGamma``."""
    return _make(_CONST, name, ())


ZERO, ONE, MINUS_ONE, HALF = Num(0), Num(1), Num(-1), Num(Fraction(1, 2))
PI, E, I = Const("pi"), Const("E"), Const("I")
EULER_GAMMA = Const("EulerGamma")              # sympy's EulerGamma: polygamma(0, 1) = -EulerGamma
TRUE, FALSE = Const("True"), Const("False")    # truth values (conditions of Piecewise)
CONSTANTS = {"pi": PI, "E": E, "I": I, "EulerGamma": EULER_GAMMA, "True": TRUE, "False": FALSE}


def as_expr(v) -> Expr:
    """Coerce numbers (and parse strings) into expressions."""
    if isinstance(v, Expr):
        return v
    if isinstance(v, str) and UPPER.parse is not None:
        return UPPER.parse(v)
    r = real_number(v)        # int, float, Fraction; NumPy scalars, Decimal
    if r is None:
        raise SymdiffError(f"cannot turn {type(v).__name__} {v!r} into an expression")
    return Num(r)


def check_symbol_name(name) -> None:
    """Raise :class:`SymdiffError` unless ``name`` prints and parses back as
    that symbol: a letter or ``_`` then letters, digits or ``_``, and no
    constant (``pi``, ``E``, ``I``, ``EulerGamma``) or function name (``sin``, ``ln``, ...)."""
    if not isinstance(name, str) or not name or not (name[0].isalpha() or name[0] == "_") \
            or not name.replace("_", "a").isalnum():
        raise SymdiffError(f"invalid symbol name {name!r}: a symbol is a letter or '_' "
                           "followed by letters, digits or '_'")
    if name in CONSTANTS or name in NAMES:
        raise SymdiffError(f"{name!r} is reserved (constant or function name)")


def as_symbol(v) -> Expr:
    """Coerce a name or symbol node to a symbol node."""
    if isinstance(v, str):
        v = as_expr(v)
    if not isinstance(v, Expr) or v.op is not _SYM:
        raise SymdiffError(f"expected a symbol, got {v!r}")
    return v


# --- sums ---------------------------------------------------------------

def _overflow():
    raise SymdiffError("number too large for a float (an exact integer beyond float "
                       "range combined with a float)") from None


def split_coeff(t: Expr) -> tuple:
    """``3*x*y -> (3, (x, y))``; ``x*y -> (1, (x, y))``; ``x -> (1, (x,))``."""
    if t.op is _MUL:
        if t.args[0].op is _NUM:
            return t.args[0].value, t.args[1:]
        return 1, t.args
    return 1, (t,)


def _term(c, rest: tuple) -> Expr:
    if is_one(c):
        return rest[0] if len(rest) == 1 else _make(_MUL, None, rest)
    if len(rest) == 1 and rest[0].op is _MUL:  # a grouped product
        return mul_grouped((Num(c),), rest)
    return _make(_MUL, None, (Num(c),) + rest)


def Add(*args: Expr) -> Expr:
    """Canonical sum: flattened, numbers folded, like terms collected."""
    ADD, NUM, MUL = _ADD, _NUM, _MUL
    n = len(args)
    if n == 2:                           # fast path: two terms that do not merge
        a, b = args
        if a.op is not ADD and a.op is not NUM and b.op is not ADD and b.op is not NUM \
                and _rest(a) != _rest(b):
            return _make(ADD, None, (b, a) if b.key < a.key else (a, b))
    elif n == 1 and args[0].op is not ADD and args[0].op is not NUM:
        return args[0]                   # a term alone (never of coefficient 0)
    coeff = None          # the first number as it is (0 + v is v), then summed
    terms: dict = {}      # non-numeric factors -> summed coefficient
    single: dict = {}     # ... -> the term itself, while seen only once
    stack = list(args)
    stack.reverse()
    pop = stack.pop
    while stack:
        a = pop()
        op = a.op
        if op is ADD:
            stack.extend(reversed(a.args))
        elif op is NUM:
            if coeff is None:
                coeff = a.value
            else:
                try:
                    coeff = coeff + a.value
                except OverflowError:
                    _overflow()
        else:
            if op is MUL and a.args[0].op is NUM:        # split_coeff, inline
                c, rest = a.args[0].value, a.args[1:]
            else:
                c, rest = 1, (a.args if op is MUL else (a,))
            prev = terms.get(rest)
            if prev is None:
                terms[rest] = c
                single[rest] = a
            else:
                try:
                    terms[rest] = prev + c
                except OverflowError:
                    _overflow()
                single.pop(rest, None)
    if coeff is None:
        coeff = 0
    out = []
    for rest, c in terms.items():
        if c:                            # (not c: c == 0, see _mul)
            t = single.get(rest)
            out.append(t if t is not None else _term(normalize(c), rest))
    if not out:
        return Num(coeff)
    if coeff != 0:
        out.append(Num(coeff))
    if len(out) == 1:
        return out[0]
    out.sort(key=_KEY)
    return _make(ADD, None, tuple(out))


def _rest(t: Expr) -> tuple:
    """The non-numeric factors of a term (``split_coeff(t)[1]``)."""
    if t.op is _MUL:
        return t.args[1:] if t.args[0].op is _NUM else t.args
    return (t,)


_KEY = operator.attrgetter("key")   # canonical argument order (deterministic)


# --- products -----------------------------------------------------------

def Mul(*args: Expr) -> Expr:
    """Canonical product: flattened, numbers folded, like powers collected."""
    NUM, MUL, POW = _NUM, _MUL, _POW
    n = len(args)
    if n == 2:                           # fast paths: nothing can merge
        a, b = args
        if b.op is NUM:
            a, b = b, a
        if b.op is not MUL:
            if a.op is NUM:
                c = a.value
                if b.op is NUM:          # number * number
                    return _mul_numbers(c, b.value)
                if type(c) is int:       # int * factor
                    return b if c == 1 else ZERO if c == 0 else _make(MUL, None, (a, b))
                if c:                    # Fraction or (finite) float * factor
                    return _make(MUL, None, (a, b))
            elif a.op is not MUL and (a.args[0] if a.op is POW else a) is not \
                    (b.args[0] if b.op is POW else b):   # two unrelated factors
                return _make(MUL, None, (a, b) if a.key < b.key else (b, a))
    elif n == 1:                         # a factor alone is itself; a product is
        a = args[0]                      # flattened (a grouped one) and merged
        if a.op is not MUL and (a.op is not NUM or type(a.value) is int):
            return a
    elif not n:
        return ONE
    return _mul(args)


def _mul_numbers(u, v) -> Expr:
    """``Mul(Num(u), Num(v))`` (two numbers commute exactly, floats too)."""
    try:
        c = u * v
    except OverflowError:
        _overflow()
    if type(c) is int:
        return Num(c)
    if not c:
        return Num(c if isinstance(c, float) else 0)
    c = normalize(c)
    return Num(c) if c else Num(0)


def _mul(args: tuple) -> Expr:
    """The general case of :func:`Mul`: factors visited in stack order,
    numbers multiplied in that order (``1*v`` is ``v``: the first is taken
    as it is), the exponents of a repeated base summed in that order."""
    NUM, MUL, POW = _NUM, _MUL, _POW
    coeff = None
    seen: dict = {}        # base -> its first factor
    merged = None          # base -> summed exponent, for bases met again
    stack = list(args)     # factors are sorted at the end
    pop, push = stack.pop, stack.extend
    while stack:
        a = pop()
        op = a.op
        if op is MUL:
            push(a.args)
        elif op is NUM:
            if coeff is None:
                coeff = a.value
            else:
                try:
                    coeff = coeff * a.value
                except OverflowError:
                    _overflow()
        else:
            b = a.args[0] if op is POW else a
            if b not in seen:
                seen[b] = a
            else:
                if merged is None:
                    merged = {}
                e = merged.get(b)
                if e is None:
                    first = seen[b]
                    e = first.args[1] if first.op is POW else ONE
                merged[b] = Add(e, a.args[1] if op is POW else ONE)
    # zero tests by truth value: a Fraction's __eq__ is Python code, its
    # __bool__ cheaper (and ``not v`` is ``v == 0`` for every number)
    if coeff is None:
        coeff = 1
    elif not coeff:
        return Num(coeff if isinstance(coeff, float) else 0)
    if merged is None:                   # nothing merged: the factors as given
        factors = list(seen.values())
    else:
        factors = []
        regroup = False
        for b, p in seen.items():
            e = merged.get(b)
            if e is not None:
                p = Pow(b, e)
            if p.op is NUM:
                try:
                    coeff = coeff * p.value
                except OverflowError:
                    _overflow()
            elif p.op is MUL:            # e.g. sqrt(x*y)**2 -> x*y: flatten again
                regroup = True
                factors.append(p)
            elif p is not ONE:
                factors.append(p)
        if regroup:
            return Mul(Num(coeff), *factors)
    if type(coeff) is not int:
        coeff = normalize(coeff)
        if not coeff:
            return Num(0)
    if not factors:
        return Num(coeff)
    if len(factors) > 1:
        factors.sort(key=_KEY)
    if type(coeff) is int and coeff == 1:
        return factors[0] if len(factors) == 1 else _make(MUL, None, tuple(factors))
    return _make(MUL, None, (Num(coeff), *factors))


def mul_coeff(c, factors: tuple) -> Expr:
    """``Mul(Num(c), *factors)`` for a Python number ``c``: built directly
    (same canonical node) when ``c`` is an int and the factors are plain, not
    numbers or products, with distinct bases, so nothing can merge. The
    derivative sweeps build most of their products this way."""
    if type(c) is int and c != 0 and len(factors) <= SHORT_FACTORS:
        NUM, MUL, POW = _NUM, _MUL, _POW
        bases: set = set()
        for f in factors:
            op = f.op
            if op is NUM or op is MUL:
                break
            b = f.args[0] if op is POW else f
            if b in bases:
                break
            bases.add(b)
        else:
            if not factors:
                return Num(c)
            if len(factors) > 1:
                factors = sorted(factors, key=_KEY)
            if c == 1:
                return factors[0] if len(factors) == 1 else _make(MUL, None, tuple(factors))
            return _make(MUL, None, (Num(c), *factors))
    return Mul(Num(c), *factors)


SHORT_FACTORS = 6


def mul_grouped(factors: Iterable[Expr], groups: Iterable[Expr]) -> Expr:
    """Product of ``factors`` (canonicalised) and ``groups`` kept as operands.

    A group is typically a shared sub-product (a prefix or suffix product in
    a derivative); keeping it whole preserves sharing, where flattening would
    copy its factors into every user.
    """
    groups = [g for g in groups if g is not ONE]
    flat = Mul(*factors, *[g for g in groups if g.op is not _MUL])
    groups = [g for g in groups if g.op is _MUL]
    if not groups:
        return flat
    if flat.op is _NUM and is_zero(flat.value):
        return flat
    parts = list(flat.args) if flat.op is _MUL else ([] if flat is ONE else [flat])
    if len(parts) + len(groups) == 1:
        return groups[0]
    parts += groups
    parts.sort(key=_KEY)
    return _make(_MUL, None, tuple(parts))


def part_of(op: Op, items: list) -> Expr:
    """``Add(*items)`` or ``Mul(*items)`` (``op``) for ``items`` kept in
    order from the arguments of one canonical sum or product (a product's
    number, if any, first): they need no canonicalizing, so the node is
    interned directly (what a pattern's rest wildcard binds, often only to
    be rejected). Falls back on the constructor where an item is itself a
    sum or product (grouped products flatten) or a product's number is not
    first.

    >>> x, y = Sym("x"), Sym("y")
    >>> p = Mul(Num(3), x, Pow(y, Num(2)))
    >>> part_of(_MUL, list(p.args[1:])) is Mul(*p.args[1:])
    True
    """
    n = len(items)
    if n == 1:
        a = items[0]
        if a.op is not op:
            return a
    elif not n:
        return ONE if op is _MUL else ZERO
    else:
        for i, a in enumerate(items):
            if a.op is op or (i and a.op is _NUM and op is _MUL):
                break
        else:
            return _make(op, None, tuple(items))
    return Mul(*items) if op is _MUL else Add(*items)


def neg(a: Expr) -> Expr:
    """``-a``."""
    return Mul(MINUS_ONE, a)


# --- powers -------------------------------------------------------------

_I_POWERS = None


def Pow(b: Expr, e: Expr) -> Expr:
    """Canonical power: folds numbers (within limits), ``x**0 -> 1``,
    ``x**1 -> x``, ``(x**a)**n -> x**(a*n)`` where valid, ``E**x -> exp(x)``,
    ``(x*y)**n -> x**n*y**n`` for integer n."""
    if e.op is _NUM:
        ev = e.value
        if not ev:
            return ONE
        if type(ev) is int and ev == 1:
            return b
        if b.op is _NUM:
            r = fold_pow(b.value, ev)
            if r is not None:
                return Num(r)
        elif b.op is _POW:
            inner = b.args[1]
            if type(ev) is int or (inner.op is _NUM and not isinstance(inner.value, float)
                                   and -1 < inner.value <= 1):
                return Pow(b.args[0], Mul(inner, e))
        elif b.op is _MUL and type(ev) is int:
            return Mul(*[Pow(f, e) for f in b.args])
        elif b is I and type(ev) is int:
            return (ONE, I, MINUS_ONE, Mul(MINUS_ONE, I))[ev % 4]
        elif b.op is _FN and b.value == "exp" and type(ev) is int:
            return Fn("exp", Mul(b.args[0], e))
    if b.op is _NUM:
        if b.value == 1 and type(b.value) is int:
            return ONE
    if b is E:
        return Fn("exp", e)
    return _make(_POW, None, (b, e))


# --- function calls -----------------------------------------------------

def Fn(name: str, *args: Expr) -> Expr:
    """Call of a registry function; checks arity and applies exact values."""
    row = NAMES.get(name)
    if row is None:
        if name in _DECLARED or name.startswith("Derivative["):
            return applied(name, args)
        row = REGISTRY.get(name) if name[:1] == "_" else None   # internal (codegen) rows
        if row is None:
            raise SymdiffError(f"unknown function {name!r}" + suggest(name) +
                               "; an undefined function is declared with symdiff.Function")
    if len(args) not in row.nargs:
        want = " or ".join(map(str, row.nargs))
        raise SymdiffError(f"{name}() takes {want} argument{'s' if want != '1' else ''}, "
                           f"got {len(args)}")
    if row.name not in _TAKES_CONDITIONS:
        for a in args:
            if (a.op is _FN and a.value in _BOOLEAN) or a.op is _CONST and a.value in _TRUTH:
                raise SymdiffError(f"{row.name}() takes expressions, not the condition {a}")
    out = _BUILD[row.name](*args)
    if out is not None:
        return out
    return _make(_FN, row.name, tuple(args))


_DECLARED: set = set()    # undefined function names met so far (Function("f"), parse)


def applied(value: str, args: tuple) -> Expr:
    """The call of an undefined function, or of a partial derivative node
    (names as in ``core/undefined.py``); declares an undefined name."""
    if value not in _DECLARED:
        check_value(value, len(args))
        _DECLARED.add(value)
    if not args:
        raise SymdiffError(f"{value}() needs at least one argument")
    value, args = canonical_partial(value, args)      # symmetric rows (core/symmetric.py)
    return _make(_FN, value, tuple(args))


# Construction-time evaluation: every row folds exact special values
# (``values``) and float arguments (``real``); a few have canonical forms of
# their own. A builder returns None to keep the call as it is.

def _fold(row):
    """Builder that applies exact special values and folds float arguments."""
    values, real = row.values, row.real

    def build(*args):
        for a in args:
            if a.op is not _NUM:        # the common case: a symbolic argument
                return None
        vals = [a.value for a in args]
        if len(vals) == 1 and not isinstance(vals[0], float) and vals[0] in values:
            return Num(values[vals[0]])
        if any(isinstance(v, float) for v in vals) and real is not None:
            try:
                r = real(*[float(v) for v in vals])
            except (ValueError, ZeroDivisionError, OverflowError):
                return None
            if r is not None and isinstance(r, float) and math.isfinite(r):
                return Num(r)
        return None
    return build


def _build_exp(x):
    if x.op is _NUM and x.value == 1 and type(x.value) is int:
        return E
    if x.op is _FN and x.value == "log":
        return x.args[0]          # exp(log(z)) = z for every z
    return _FOLD_EXP(x)


def _build_log(x, base=None):
    if base is not None:
        return Mul(Fn("log", x), Pow(Fn("log", base), MINUS_ONE))
    if x is E:
        return ONE
    return _FOLD_LOG(x)


def _build_sqrt(x):
    return Pow(x, HALF)


def _build_abs(x):
    if x.op is _NUM:
        return Num(abs(x.value))
    if x is PI or x is E:
        return x
    return None


def _build_sign(x):
    if x.op is _NUM:
        v = x.value
        return Num(type(v)((v > 0) - (v < 0)) if isinstance(v, float) else (v > 0) - (v < 0))
    if x is PI or x is E:
        return ONE
    return None


def _real(x) -> bool:
    """``x`` is known real here: a real number, pi, E, or a symbol assumed
    real. (Facts of compound expressions live in ``assumptions.py``, above
    this module; simplification uses them, construction does not.)"""
    if x.op is _NUM or x is PI or x is E:
        return True
    return x.op is _SYM and "real" in facts_of(x)


def split_real(x: Expr, is_real=None):
    """``(re, im)`` of ``x`` when it is a sum of real terms and real
    multiples of ``I`` (``3 + 4*I``, ``x + I*y`` for real x, y); else None.
    Looks at the top-level terms only; ``is_real(term)`` decides (default:
    real numbers, pi, E and symbols assumed real)."""
    is_real = is_real or _real
    re, im = [], []
    for t in (x.args if x.op is _ADD else (x,)):
        if t is I:
            im.append(ONE)
        elif t.op is _MUL and I in t.args:
            rest = [a for a in t.args if a is not I]
            if not all(is_real(a) for a in rest):
                return None
            im.append(Mul(*rest))
        elif is_real(t):
            re.append(t)
        else:
            return None
    return Add(*re), Add(*im)


def _build_re(x):
    parts = split_real(x)
    return None if parts is None else parts[0]


def _build_im(x):
    if x.op is _NUM and isinstance(x.value, float):
        return Num(0.0)
    parts = split_real(x)
    return None if parts is None else parts[1]


def _build_conjugate(x):
    parts = split_real(x)
    if parts is None:
        return None
    return x if parts[1] is ZERO else Add(parts[0], Mul(MINUS_ONE, I, parts[1]))


_FOLD_EXP, _FOLD_LOG = _fold(REGISTRY["exp"]), _fold(REGISTRY["log"])
_SPECIAL = {"exp": _build_exp, "log": _build_log, "sqrt": _build_sqrt,
            "Abs": _build_abs, "sign": _build_sign,
            "re": _build_re, "im": _build_im, "conjugate": _build_conjugate}
_BUILD = {name: _SPECIAL.get(name) or _fold(row) for name, row in REGISTRY.items()}
_TRUTH = ("True", "False")
from . import special_values as _special_values   # noqa: E402 (gets the constructors above)
_BUILD.update(_special_values.builders(REGISTRY, sys.modules[__name__]))


# --- walking ------------------------------------------------------------

def topo(roots: Iterable[Expr], prune=None) -> list[Expr]:
    """All nodes reachable from ``roots``, children before parents.

    Iterative (no recursion over depth). ``prune(node)`` true skips a node
    and everything only reachable through it.
    """
    order: list[Expr] = []
    seen: set = set()          # nodes hash by identity: C-level membership
    add, append = seen.add, order.append
    for root in roots:
        if root in seen or (prune is not None and prune(root)):
            continue
        add(root)
        stack = [(root, iter(root.args))]
        push, pop = stack.append, stack.pop
        while stack:
            node, it = stack[-1]
            for c in it:
                if c not in seen and (prune is None or not prune(c)):
                    add(c)
                    if c.args:
                        push((c, iter(c.args)))
                        break
                    append(c)          # a leaf: placed at once, never stacked
            else:
                pop()
                append(node)
    return order


def per_node(e: Expr, own, memo: dict):
    """``memo[e]``, filling ``memo[n] = own(n, memo)`` for each node of ``e``
    not yet in it, children first (a per-node quantity computed from its
    children's: the printed cost, the printed length)."""
    got = memo.get(e)
    if got is None:
        for n in topo([e], prune=memo.__contains__):
            memo[n] = own(n, memo)
        got = memo[e]
    return got


def rebuild(node: Expr, args: tuple) -> Expr:
    """The canonical node of ``node``'s kind over new ``args``."""
    op = node.op
    if op is _ADD:
        return Add(*args)
    if op is _MUL:
        return Mul(*args)
    if op is _POW:
        return Pow(*args)
    if op is _FN:
        return Fn(node.value, *args)
    return node


def substitute(expr: Expr, mapping: dict) -> Expr:
    """Replace symbols per ``mapping`` (symbol node -> node), rebuilding
    canonically; subexpressions free of the replaced symbols are reused."""
    keys = frozenset(mapping)
    done: dict = {}
    for node in topo([expr], prune=lambda n: not (n.free & keys)):
        if node in mapping:
            done[node] = mapping[node]
        else:
            done[node] = rebuild(node, tuple(done.get(a, a) for a in node.args))
    return done.get(expr, expr)


# --- flat (postfix) form: pickling without recursion over depth ----------

def to_postfix(expr: Expr) -> tuple:
    """``((op, value, child_indices), ...)`` in topological order; a symbol
    with assumptions travels as ``(name, facts)``."""
    order = topo([expr])
    index = {n: i for i, n in enumerate(order)}
    rows = []
    for n in order:
        facts = facts_of(n) if n.op is _SYM else None
        value = (n.value, tuple(sorted(facts))) if facts else n.value
        rows.append((int(n.op), value, tuple(index[a] for a in n.args)))
    return tuple(rows)


def from_postfix(rows: tuple) -> Expr:
    """Rebuild (and re-intern) a DAG from :func:`to_postfix` rows."""
    built: list = []
    for op, value, kids in rows:
        op = Op(op)
        if op is _SYM and isinstance(value, tuple):
            built.append(Sym(*value))
        elif op in (_NUM, _SYM, _CONST):
            built.append(_make(op, value, ()))
        elif op is _FN and value not in REGISTRY:     # an undefined function: declare it
            built.append(applied(value, tuple(built[k] for k in kids)))
        else:
            built.append(_make(op, value, tuple(built[k] for k in kids)))
    return built[-1]


def count_ops(*exprs: Expr) -> int:
    """Operations in the shared DAG of ``exprs``, each distinct node once.

    A sum or product of k operands counts k-1; a power, a function call and a
    negation (``Mul(-1, x)``) count 1; numbers and symbols 0.

    >>> count_ops("sin(x+1) + cos(x+1)")     # x+1 is shared: counted once
    4
    """
    total = 0
    seen: set = set()            # no order needed: a plain stack walk, each node once
    add = seen.add
    stack = [as_expr(e) for e in exprs]
    pop, push = stack.pop, stack.extend
    while stack:
        node = pop()
        if node in seen:
            continue
        add(node)
        args = node.args
        if args:
            op = node.op
            if op is _ADD or op is _MUL:
                total += len(args) - 1
            else:                # POW and FN (leaves have no args)
                total += 1
            push(args)
    return total


# relations, logic, Piecewise, Max, Heaviside, ...: core/piecewise.py adds
# their builders to _BUILD when imported (symdiff/core/__init__.py imports it)
from .nonsmooth import BOOLEAN as _BOOLEAN  # noqa: E402
_TAKES_CONDITIONS = frozenset({"And", "Or", "Not", "Piecewise", "_where", "_guard"})
