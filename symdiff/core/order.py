"""The order in which sympy's str printer writes the terms of a sum and the
factors of a product, computed from the DAG (printing only: nodes keep their
canonical order). The printers (``printers/layout.py``) and the printed cost
(``rewrite/cost.py``: whether a sum's first printed term is negative) use it.

sympy sorts a sum's terms by ``Expr.as_ordered_terms``: each term is a
coefficient times a monomial in *generators* (bases, with an integer
exponent taken out of powers: ``x**(3/2)`` is ``sqrt(x)**3``, ``exp(-2*x)``
is ``exp(x)**-2``); generators are sorted by ``default_sort_key`` and the
terms by descending ``lex`` degree, then by coefficient. Products' factors
are sorted by ``sort_key``. This module computes the same keys, once per
node, children before parents (an explicit stack, no recursion over depth).

>>> from symdiff import parse
>>> str(parse("2 + 3*x + 5*x**2"))
'5*x**2 + 3*x + 2'
>>> str(parse("1 + y + x*y + exp(-x)"))
'x*y + y + 1 + exp(-x)'
"""
from __future__ import annotations

from fractions import Fraction
try:
    from _thread import _local        # threading.local, without importing threading
except ImportError:                   # pragma: no cover - other interpreters
    from threading import local as _local

from ..errors import SymdiffError
from .evalf import evalf
from .functions import REGISTRY
from .nodes import Expr, Op
from .undefined import split

_NUM, _CONST, _SYM, _POW, _MUL, _FN, _ADD = (Op.NUM, Op.CONST, Op.SYM, Op.POW, Op.MUL, Op.FN,
                                              Op.ADD)

_NUMBER = (1, 0, "Number")


def _num_key(v) -> tuple:
    return (_NUMBER, (0, ()), (), v)


_ONE = _num_key(1)
# sympy's class keys: Function.class_key's table, and the classes that are no Function
_FUNCS = {"exp": 10, "log": 11, "sin": 20, "cos": 21, "tan": 22, "cot": 23, "sinh": 30,
          "cosh": 31, "tanh": 32, "coth": 33, "conjugate": 40, "re": 41, "im": 42, "arg": 43}
_CLASS = {"Max": (5, 0, "Max"), "Min": (5, 0, "Min"), "Lt": (5, 0, "StrictLessThan"),
          "Le": (5, 0, "LessThan"), "Gt": (5, 0, "StrictGreaterThan"),
          "Ge": (5, 0, "GreaterThan"), "Eq": (5, 0, "Equality"), "Ne": (5, 0, "Unequality"),
          "And": (5, 0, "And"), "Or": (5, 0, "Or"), "Not": (5, 0, "Not"),
          "Piecewise": (4, 0, "Piecewise"), "hyp2f2": (4, 10000, "hyper"),
          "_meijerg_ugamma": (4, 0, "meijerg")}
_CONSTS = {"pi": ((2, 0, "Pi"), (1, ("pi",))), "E": ((2, 0, "Exp1"), (1, ("E",))),
           "I": ((2, 0, "ImaginaryUnit"), (1, ("I",))),
           "True": ((5, 0, "BooleanTrue"), (0, ())), "False": ((5, 0, "BooleanFalse"), (0, ()))}
# positive number symbols: ``pi - x`` keeps sympy's special order ``[pi, -x]``
_NUMBER_SYMBOLS = {"pi", "E", "EulerGamma"}
# keys nest one level per node; beyond this depth a child's key is replaced
# by a flat stand-in (its canonical key), so comparing keys never recurses deeply
_DEPTH = 60
_LAST = (1,)        # ends a monomial key: see _monomial
_CONSTANT = (_LAST,)


def _class_key(name: str) -> tuple:
    k = _CLASS.get(name)
    if k is not None:
        return k
    if name.startswith("Derivative["):
        return (5, 0, "Derivative")
    if name not in REGISTRY:
        return (4, 0, name)          # an undefined function f(x)
    return (4, _FUNCS.get(name, 10000), name)


def _first(pair: tuple):
    return pair[0]


def _coeff_key(c: complex) -> tuple:
    """The key a term's coefficient sorts by (after its monomial)."""
    re, im = c.real, c.imag
    return ((bool(im), im), (re, im))


_LATE = ("",)     # _lead of a generator whose key sorts after every symbol's
_LATE_OPS = (_ADD, _MUL, _POW, _FN)


def _lead(recipe: tuple):
    """The name of the symbol a generator's key starts with (a symbol, or
    a root or symbolic power of one: among such, keys sort by the name
    first), _LATE for a generator whose key sorts after every symbol's (a
    sum, a call, an ``exp``, a power of them: class keys 3 to 5, or the
    stand-in 9 of a deep node), None where that takes its key."""
    kind = recipe[0]
    if kind == 3:
        return _LATE
    n = recipe[1]
    op = n.op
    if op is _SYM:
        return n.value
    if kind == 0:
        return _LATE if op is _ADD or op is _FN else None
    return _LATE if op in _LATE_OPS else None       # (the base's own class key leads)


def _monomial(powers: dict, rank: dict) -> tuple:
    """A key on which tuples compare as sympy compares the negated dense
    exponent vectors (lex over the generators' rank) of two terms: each
    nonzero exponent is one item, ordered so that a positive exponent sorts
    before the end marker and a negative one after it."""
    if not powers:
        return _CONSTANT
    if len(powers) == 1:
        for g, (_, e) in powers.items():
            r = rank[g]
            return ((0, r, -e) if e > 0 else (2, -r, -e), _LAST)
    items = sorted([(rank[g], e) for g, (_, e) in powers.items()])
    return tuple([(0, r, -e) if e > 0 else (2, -r, -e) for r, e in items]) + (_LAST,)


class Order:
    """Sort keys and printed orders of nodes, memoized (one per printing)."""

    def __init__(self) -> None:
        self.keys: dict = {}        # node -> sympy's sort_key
        self.bodies: dict = {}      # node -> (class key, args) with no coefficient or exponent taken out
        self.depth: dict = {}
        self.terms_of: dict = {}    # sum -> its terms in printed order
        self.values: dict = {}      # constant factor -> complex value, or None
        self.decomposed: dict = {}  # term -> its coefficient and generators (_decompose)
        self.firsts: dict = {}      # sum -> its first printed term (first)

    # --- keys ---------------------------------------------------------------

    def key(self, n: Expr) -> tuple:
        """sympy's ``sort_key`` of ``n`` (a deep child replaced by a stand-in)."""
        keys = self.keys
        k = keys.get(n)
        if k is not None:
            return k
        depth = self.depth
        if not n.args:
            depth[n] = 1
            k = keys[n] = self._key(n)
            return k
        stack = [n]
        pop, push = stack.pop, stack.append
        while stack:
            m = stack[-1]
            if m in keys:
                pop()
                continue
            d, ready = 0, True
            for a in m.args:
                da = depth.get(a)
                if da is None:
                    if ready:
                        ready = False
                    push(a)
                elif da > d:
                    d = da
            if ready:
                pop()
                depth[m] = d + 1 if d < _DEPTH else _DEPTH
                keys[m] = self._key(m)
        return keys[n]

    def _sub(self, a: Expr) -> tuple:
        """The key of child ``a`` inside its parent's key."""
        if self.depth[a] >= _DEPTH:
            return ((9, 0, ""), (0, ()), (), a.key)
        return self.keys[a]

    def _body(self, n: Expr) -> tuple:
        """``(class_key, args)`` of ``n`` itself (sympy's ``sort_key`` parts
        for ``n`` as a power's base)."""
        b = self.bodies.get(n)
        if b is not None:
            return b
        op = n.op
        if op is _SYM:
            b = ((2, 0, "Symbol"), (1, (n.value,)))
        elif op is _NUM:
            b = (_NUMBER, (1, (str(n.value),)))
        elif op is _CONST:
            b = _CONSTS.get(n.value) or ((2, 0, n.value), (1, (n.value,)))
        elif op is _ADD:
            b = ((3, 1, "Add"), (len(n.args), tuple([self._sub(t) for t in self.terms(n)])))
        elif op is _MUL:
            b = ((3, 0, "Mul"), (len(n.args), tuple(self._sorted([self._sub(a)
                                                                   for a in n.args]))))
        elif op is _POW:
            b = ((3, 2, "Pow"), (2, (self._sub(n.args[0]), self._sub(n.args[1]))))
        elif n.value.startswith("Derivative[") and n.value not in REGISTRY:
            b = self._derivative(n)
        else:
            b = (_class_key(n.value), (len(n.args), tuple([self._sub(a) for a in n.args])))
        self.bodies[n] = b
        return b

    def _derivative(self, n: Expr) -> tuple:
        """A derivative node as sympy's ``Derivative(f(args), (a, k), ...)``."""
        name, orders = split(n.value)
        args = tuple([self._sub(a) for a in n.args])
        f = (_class_key(name), (len(args), args), _ONE, 1)
        pairs = tuple([((5, 0, "Tuple"), (2, (a, _num_key(k))), _ONE, 1)
                       for a, k in zip(args, orders or ()) if k])
        return ((5, 0, "Derivative"), (1 + len(pairs), (f,) + pairs))

    def _key(self, n: Expr) -> tuple:
        op = n.op
        if op is _NUM:
            return _num_key(n.value)
        if op is _POW:
            return self._body(n.args[0]) + (self._sub(n.args[1]), 1)
        if op is _MUL and n.args[0].op is _NUM:
            return self._times(n.args[0].value, n.args[1:])
        return self._body(n) + (_ONE, 1)

    def _times(self, c, factors) -> tuple:
        """The key of ``c*factors`` (``c`` a number, factors no numbers)."""
        if len(factors) == 1:
            return self._sub(factors[0])[:3] + (c,)
        keys = self._sorted([self._sub(f) for f in factors])
        return ((3, 0, "Mul"), (len(factors), tuple(keys)), _ONE, c)

    @staticmethod
    def _sorted(keys: list) -> list:
        try:
            return sorted(keys)
        except TypeError:        # keys of unlike shapes (never seen): keep the canonical order
            return keys

    # --- orders -------------------------------------------------------------

    def factors(self, n: Expr) -> tuple:
        """A product's factors as sympy's printer orders them: the numeric
        coefficient first, then by ``sort_key``."""
        args = n.args
        head = ()
        if args[0].op is _NUM:
            head, args = args[:1], args[1:]
        if len(args) < 2:
            return n.args
        for a in args:
            self.key(a)
        try:
            return head + tuple(sorted(args, key=self._sub))
        except TypeError:
            return n.args

    def terms(self, n: Expr) -> tuple:
        """A sum's terms as sympy's printer orders them (``as_ordered_terms``)."""
        t = self.terms_of.get(n)
        if t is None:
            for a in n.args:
                self.key(a)
            t = self.terms_of[n] = self._order_terms(n.args)
        return t

    def first(self, n: Expr) -> Expr:
        """``terms(n)[0]`` without ordering the other terms (the printed
        cost asks only whether the first term is negative): the term whose
        exponent vector over the generators, in ``sort_key`` order, is
        greatest in lex order (what ``_order_terms``'s monomial keys sort
        first), ties broken by the coefficient as there. Most sums need no
        key at all: one term's exponents exceed each other term's wherever
        they differ (:meth:`_dominant`)."""
        t = self.terms_of.get(n)
        if t is not None:
            return t[0]
        got = self.firsts.get(n)
        if got is None:
            got = self.firsts[n] = self._first_term(n.args)
        return got

    def _first_term(self, args: tuple) -> Expr:
        if len(args) == 2:
            special = self._number_minus(args)
            if special is not None:
                return special[0]
        done = self.decomposed
        decomposed = [done.get(t) or self._decompose(t) for t in args]
        for c, _ in decomposed:
            if c != c:               # a nan coefficient: the sort decides, as there
                self._factor_keys(args)
                return self._order_terms(args)[0]
        i = self._dominant(decomposed)
        if i is not None:
            return args[i]
        self._factor_keys(args)
        order = self._generators(decomposed)
        if order is None:
            return args[0]
        cands = range(len(args))
        for g in order:            # keep the terms of the greatest exponent of g
            exps = [decomposed[i][1].get(g) for i in cands]
            exps = [0 if p is None else p[1] for p in exps]
            top = max(exps)
            cands = [i for i, e in zip(cands, exps) if e == top]
            if len(cands) == 1:
                return args[cands[0]]
        return args[min(cands, key=lambda i: _coeff_key(decomposed[i][0]))]

    @staticmethod
    def _dominant(decomposed: list):
        """The index of the first term by comparisons that need no key, or
        None. Terms A and B differ first at the least generator (in key
        order) where their exponents differ; the greater exponent there goes
        first. That generator needs no key where A's exponent is the greater
        at every such generator (or B's at every one), or where one of them
        is a symbol's (or a root or power of one) of a name before any other
        such and every other generator sorts after symbols (:func:`_lead`);
        where they differ nowhere, the coefficient (then the index) decides.
        Scanning the terms keeps the winner of each comparison: the first
        of a total order."""
        best, (cb, pb) = 0, decomposed[0]
        for i in range(1, len(decomposed)):
            ci, pi = decomposed[i]
            diff = []                      # (generator recipe, A's exponent - B's)
            up = down = False
            for g, (r, e) in pb.items():
                q = pi.get(g)
                d = e - (0 if q is None else q[1])
                if d:
                    diff.append((r, d))
                    if d > 0:
                        up = True
                    else:
                        down = True
            for g, (r, e) in pi.items():
                if g not in pb:
                    diff.append((r, -e))
                    if e < 0:
                        up = True
                    else:
                        down = True
            if up and down:
                least, late = None, True
                for r, d in diff:
                    lead = _lead(r)
                    if lead is None:
                        return None
                    if lead is not _LATE:
                        if least is None or lead < least[0]:
                            least, late = (lead, d), True
                        elif lead == least[0]:
                            late = False       # (two of one name: their keys decide)
                if least is None or not late:
                    return None
                up = least[1] > 0
            elif not up and not down:
                up = not _coeff_key(ci) < _coeff_key(cb)
            if not up:
                best, cb, pb = i, ci, pi
        return best

    def _factor_keys(self, args: tuple) -> None:
        """Keys of the terms' factors (the generators' keys are made of them)."""
        key = self.key
        for a in args:
            if a.op is _MUL:
                for f in a.args:
                    key(f)
            else:
                key(a)

    def _order_terms(self, args: tuple) -> tuple:
        if len(args) == 2:
            special = self._number_minus(args)
            if special is not None:
                return special
        done = self.decomposed
        decomposed = [done.get(t) or self._decompose(t) for t in args]
        order = self._generators(decomposed)
        if order is None:
            return args
        rank = {g: i for i, g in enumerate(order)}
        keyed = [((_monomial(powers, rank), _coeff_key(coeff)), i)
                 for i, (coeff, powers) in enumerate(decomposed)]
        keyed.sort(key=_first)
        return tuple([args[i] for _, i in keyed])

    def _generators(self, decomposed: list):
        """The terms' generator ids (a node, or a small tuple) in key order,
        or None where keys of unlike shapes do not compare (the canonical
        order is kept then)."""
        gens: dict = {}
        for _, powers in decomposed:
            gens.update(powers)
        if len(gens) < 2:
            return list(gens)
        try:
            keys = {g: self._gen_key(r) for g, (r, _) in gens.items()}
            return sorted(gens, key=keys.__getitem__)
        except TypeError:
            return None

    @staticmethod
    def _number_minus(args: tuple):
        """sympy's special case ``Add(positive number, Mul(negative number,
        one factor))``: printed number first (``1 - x``)."""
        a, b = args
        if b.op is _NUM or (b.op is _CONST and b.value in _NUMBER_SYMBOLS):
            a, b = b, a
        if a.op is _NUM:
            if isinstance(a.value, complex) or not a.value > 0:
                return None
        elif not (a.op is _CONST and a.value in _NUMBER_SYMBOLS):
            return None
        if b.op is _MUL and len(b.args) == 2 and b.args[0].op is _NUM:
            c = b.args[0].value
            if not isinstance(c, complex) and c < 0:
                return (a, b)
        return None

    def _value(self, f: Expr):
        """``complex(f)`` for a constant factor, None where it has none."""
        if f in self.values:
            return self.values[f]
        try:
            v = complex(evalf(f))
        except (SymdiffError, OverflowError, ValueError, TypeError):
            v = None
        self.values[f] = v
        return v

    def _decompose(self, t: Expr) -> tuple:
        """``(complex coefficient, {generator id: (key recipe, integer
        exponent)})`` of a term (sympy's ``Expr.as_terms`` with
        ``decompose_power``); generators are told apart by an id (a node or
        a small tuple of nodes) that hashes cheaply, unlike their keys, which
        :meth:`_gen_key` makes from the recipe when an order needs them
        (after :meth:`_factor_keys`)."""
        done = self.decomposed.get(t)
        if done is not None:
            return done
        c, factors = 1, (t,)
        if t.op is _MUL:
            factors = t.args
            if factors[0].op is _NUM:
                c, factors = factors[0].value, factors[1:]
        elif t.op is _NUM:
            c, factors = t.value, ()
        try:
            coeff = complex(c)
        except OverflowError:
            coeff = complex(float("inf") if c > 0 else float("-inf"))
        powers: dict = {}
        for f in factors:
            if not f.free:
                v = self._value(f)
                if v is not None:
                    coeff *= v
                    continue
            gid, recipe, e = self._power(f)
            powers[gid] = (recipe, e)
        done = self.decomposed[t] = (coeff, powers)
        return done

    def _power(self, f: Expr) -> tuple:
        """sympy's ``decompose_power``: ``(generator id, key recipe,
        integer exponent)`` (see :meth:`_gen_key`)."""
        if f.op is _POW:
            b, e = f.args
        elif f.op is _FN and f.value == "exp" and f.args[0].op is not _NUM:
            b, e = None, f.args[0]
        else:
            return f, (0, f), 1
        if e.op is _NUM:
            v = e.value
            if type(v) is int:
                return b, (0, b), v
            if type(v) is Fraction:
                q = Fraction(1, v.denominator)
                return (b, q), (1, b, q), v.numerator
            return f, (0, f), 1
        c, tail = 1, (e,)
        if e.op is _MUL:
            tail = e.args
            if tail[0].op is _NUM and type(tail[0].value) in (int, Fraction):
                c, tail = tail[0].value, tail[1:]
        if c == 1:
            return ("exp" if b is None else b, 1, tail), (0, f), 1
        if c == -1:
            q, p = 1, -1
        else:
            c = Fraction(c)
            q = 1 if c.denominator == 1 else Fraction(1, c.denominator)
            p = c.numerator
        if b is not None:
            return (b, q, tail), (2, b, q, tail), p
        return ("exp", q, tail), (3, q, tail), p

    def _gen_key(self, recipe: tuple) -> tuple:
        """A generator's key from its recipe (:meth:`_power`): the key of a
        node, of a root ``b**q`` or of a power with a symbolic exponent."""
        kind = recipe[0]
        if kind == 0:
            return self._sub(recipe[1])
        if kind == 1:
            return self._body(recipe[1]) + (_num_key(recipe[2]), 1)
        if kind == 2:
            return self._body(recipe[1]) + (self._times(recipe[2], recipe[3]), 1)
        return ((4, 10, "exp"), (1, (self._times(recipe[1], recipe[2]),)), _ONE, 1)


_SHARED_MAX = 200_000
_LOCAL = _local()


def shared_order() -> Order:
    """This thread's :class:`Order`, kept across calls (nodes are immutable,
    so their keys never change) and started afresh past a size bound."""
    o = getattr(_LOCAL, "order", None)
    if o is None or len(o.keys) > _SHARED_MAX:
        o = _LOCAL.order = Order()
    return o


def scoped_order() -> "Order | None":
    """The shared :class:`Order` while this thread is inside
    :func:`shared_scope` (printing then reuses its keys), else None."""
    return getattr(_LOCAL, "scope", None)


class shared_scope:
    """``with shared_scope():`` makes printing in this thread use the shared
    Order (``simplify``'s tie-breaks print calls of a form of their own,
    :mod:`symdiff.printers.length`: their keys are mostly those the printed
    cost computed already)."""

    def __enter__(self):
        self.old = getattr(_LOCAL, "scope", None)
        _LOCAL.scope = shared_order()
        return self

    def __exit__(self, *exc):
        _LOCAL.scope = self.old


def clear_shared() -> None:
    """Forget this thread's shared keys (``simplify``'s ``clear_caches``)."""
    _LOCAL.order = None


def negative_term(t: Expr) -> bool:
    """Whether a sum prints term ``t`` as ``- u`` (a negative number or
    coefficient)."""
    if t.op is _MUL:
        t = t.args[0]
    return t.op is _NUM and not isinstance(t.value, complex) and t.value < 0
