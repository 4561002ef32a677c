"""Patterns and rules: written as text, matched against expression nodes.

A pattern is an ordinary expression in which symbols whose names end in
``_`` are wildcards. Sums and products match commutatively and
associatively: each pattern term picks a distinct subject term, and at the
top of a rule the subject's unmatched terms are kept (``a + b + rest``).

Wildcard conventions (egg/SymbolicUtils-style, spelled in the name):

- ``x_``, ``y_``, ...: any one node; the same name must bind the same node.
- ``c__`` (two underscores) inside a product: the product of all factors
  the others left over (``1`` if none); ``r__`` (two underscores, starting
  with ``r``) inside a sum: the sum of the terms left over (``0`` if none).
- ``n_`` (a name starting with ``n``) as an exponent: also matches a base
  without a power, binding ``1``.

A number in a product pattern divides the subject's coefficient, the
quotient going to the rest: ``2*sin(x_)*cos(x_)`` matches ``6*sin(y)*cos(y)``.

>>> r = rule("pythagoras", "c__*sin(x_)**2 + c__*cos(x_)**2 -> c__")
>>> from symdiff import parse
>>> r.apply(parse("3*sin(y)**2 + 3*cos(y)**2 + z"))
z + 3
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from fractions import Fraction
from typing import Iterator

from ..errors import SymdiffError
from ..core.nodes import (ONE, ZERO, Add, Expr, Mul, Num, Op, part_of, rebuild, split_coeff,
                          topo)

# module constants: an Op.X lookup costs ~0.1 us, and the hot loops make many
_NUM, _SYM, _POW, _MUL, _FN, _ADD = Op.NUM, Op.SYM, Op.POW, Op.MUL, Op.FN, Op.ADD


def is_wild(e: Expr) -> bool:
    return e.op is _SYM and e.value.endswith("_")


def _rest_wild(e: Expr, op: Op) -> bool:
    return is_wild(e) and e.value.endswith("__") and (op is _MUL or e.value[0] == "r")


def _optional_exponent(e: Expr) -> bool:
    return is_wild(e) and e.value[0] == "n" and not e.value.endswith("__")


def _items(s: Expr, op: Op) -> tuple:
    return s.args if s.op is op else (s,)


def _bind(b: dict, w: Expr, s: Expr, g: dict) -> dict | None:
    """``b`` with wildcard ``w`` bound to ``s``, or None when ``w`` is bound
    to something else or one of its guards ``g[w]`` fails (checked here, at
    binding time, so a guarded rule prunes its search early)."""
    got = b.get(w)
    if got is not None:
        return b if got is s else None
    for test in g.get(w, ()):
        if not test(s):
            return None
    return {**b, w: s}


def match(p: Expr, s: Expr, b: dict, g: dict = {}) -> Iterator[dict]:  # noqa: B006 (read only)
    """Every extension of bindings ``b`` under which ``p`` equals ``s``, the
    guards ``g`` (wildcard -> predicates) holding. (Recursion here follows
    the pattern's depth, a few levels, never the subject's.)"""
    op = p.op
    if op is _SYM and p.value.endswith("_"):      # (is_wild, inlined: the hottest test)
        b2 = _bind(b, p, s, g)
        if b2 is not None:
            yield b2
        return
    if not p.args:
        if p is s:
            yield b
        return
    if op is _ADD or op is _MUL:
        for b2, left in match_ac(p.args, _items(s, op), b, op, g, whole=True):
            if not left:
                yield b2
        return
    if op is _POW:
        if s.op is _POW:
            for b1 in match(p.args[0], s.args[0], b, g):
                yield from match(p.args[1], s.args[1], b1, g)
        if _optional_exponent(p.args[1]):
            b1 = _bind(b, p.args[1], ONE, g)
            if b1 is not None:
                yield from match(p.args[0], s, b1, g)
        return
    if s.op is _FN and s.value == p.value and len(s.args) == len(p.args):
        if len(p.args) == 1:                  # (most calls: no sequence to walk)
            yield from match(p.args[0], s.args[0], b, g)
        else:
            yield from _match_seq(p.args, s.args, b, g)


def _match_seq(ps: tuple, ss: tuple, b: dict, g: dict) -> Iterator[dict]:
    if not ps:
        yield b
        return
    for b1 in match(ps[0], ss[0], b, g):
        yield from _match_seq(ps[1:], ss[1:], b1, g)


def _split(pats: tuple, op: Op, g: dict) -> tuple:
    """``(rest wildcard or None, coefficient, fixed items in trial order)``
    of a sum or product pattern, computed once per (pattern, guards)."""
    key = (pats, op, id(g))
    got = _SPLITS.get(key)
    if got is None:
        if len(_SPLITS) > 10_000:             # callers with fresh guard dicts: bounded
            _SPLITS.clear()
        rest, coeff, fixed = None, 1, []
        for q in pats:
            if _rest_wild(q, op) and rest is None:
                rest = q
            elif op is _MUL and q.op is _NUM:
                coeff = q.value
            else:
                fixed.append(q)
        # constraining patterns first: guarded wildcards, structures, plain wildcards
        fixed.sort(key=lambda q: (1 if not is_wild(q) else 0 if q in g else 2))
        got = _SPLITS[key] = (rest, coeff, tuple(fixed), g)   # (g kept alive: its id is the key)
    return got


_SPLITS: dict = {}


def match_ac(pats: tuple, items: tuple, b: dict, op: Op, g: dict = {},  # noqa: B006
             whole: bool = False, names: dict | None = None) -> Iterator[tuple]:
    """``(bindings, leftover items)`` for a sum or product pattern: each
    pattern argument takes a distinct item; a ``c__`` wildcard takes the
    leftovers. ``whole``: only matches leaving no item over are wanted
    (without a rest wildcard, more items than pattern arguments have none).
    ``names``: a :func:`function_names` memo; with it, a pattern argument
    is tried only on the items calling every function it calls (the
    matches and their order are the same, found without the hopeless
    trials: ``-c__`` of ``c__*sec(x_)**2 - c__`` binds to each term of a
    long sum, the other argument then tried on the few calling sec)."""
    rest, coeff, fixed, _ = _split(pats, op, g)
    items = list(items)
    if coeff != 1:                        # a number divides the subject's coefficient
        have = 1
        if items and items[0].op is _NUM:    # (canonical: the only number)
            have = items.pop(0).value
        if isinstance(have, float) or isinstance(coeff, float):
            return
        if type(have) is int and type(coeff) is int:
            left = have // coeff if not have % coeff else Fraction(have, coeff)
        else:
            left = Fraction(have) / Fraction(coeff)
        if left != 1:
            items.insert(0, Num(left))
    if not items and len(fixed) == 1:     # x**(-n_) against x**-1: n_ = 1
        items = [ONE if op is _MUL else ZERO]
    if len(fixed) > len(items) or (whole and rest is None and len(fixed) < len(items)):
        return
    only = None
    if names is not None and len(items) > 3:    # (on fewer, pruning saves less than it costs)
        only = _candidates(fixed, items, names)
        if only is False:
            return
    for b2, used in _assign(fixed, items, b, frozenset(), g, only):
        left = [t for i, t in enumerate(items) if i not in used]
        if rest is not None:
            b3 = _bind(b2, rest, part_of(op, left), g)   # (left: in the subject's order)
            if b3 is not None:
                yield b3, []
        else:
            yield b2, left


def _candidates(fixed: tuple, items: list, names: dict):
    """Per pattern argument, the indices of the items calling every function
    it calls (matching is structural: a call in the pattern matches only a
    call of that function), or None where it calls none; None when none
    does, False when some argument has no item at all."""
    out, have = None, None
    for k, q in enumerate(fixed):
        need = _pattern_needs(q)
        if need:
            if have is None:
                have = [function_names(t, names) for t in items]
            only = [i for i, h in enumerate(have) if need <= h]
            if not only:
                return False
            if out is None:
                out = [None] * len(fixed)
            out[k] = only
    return out


def _pattern_needs(q: Expr) -> frozenset:
    """The functions pattern ``q`` calls (memoized: patterns are few)."""
    if len(_NEEDS) > 10_000:
        _NEEDS.clear()
    return function_names(q, _NEEDS)


_NEEDS: dict = {}


def _assign(pats: list, items: list, b: dict, used: frozenset, g: dict,
            only: list | None = None) -> Iterator[tuple]:
    """Distinct items for the pattern arguments ``pats`` in turn, each tried
    on the items in order (``only``: per argument, the indices worth
    trying, None for all)."""
    if not pats:
        yield b, used
        return
    p, more = pats[0], pats[1:]
    here = None
    if only is not None:
        here, only = only[0], only[1:]
    if p.op is _SYM and p in b:           # a bound wildcard takes only its node (as
        got = b[p]                        # match would: no guard is tested again)
        for i, t in enumerate(items):
            if t is got and i not in used:
                yield from _assign(more, items, b, used | {i}, g, only)
        return
    if p.op is _SYM and p.value.endswith("_"):    # an unbound wildcard: match, inlined
        for i in range(len(items)) if here is None else here:
            if i not in used:
                b1 = _bind(b, p, items[i], g)
                if b1 is not None:
                    yield from _assign(more, items, b1, used | {i}, g, only)
        return
    fn = p.value if p.op is _FN else None        # (a call matches only a call of its name)
    for i in range(len(items)) if here is None else here:
        if i in used:
            continue
        t = items[i]
        if fn is not None and (t.op is not _FN or t.value != fn):
            continue
        for b1 in match(p, t, b, g):
            yield from _assign(more, items, b1, used | {i}, g, only)


# --- a quick structural test before matching -------------------------------

def function_names(e: Expr, memo: dict) -> frozenset:
    """Names of the functions called anywhere in ``e`` (memoized per node):
    a rule whose pattern calls others cannot match and is not tried."""
    got = memo.get(e)
    if got is not None:
        return got
    kids = [memo.get(a) if a.args else _NONE for a in e.args]
    if None in kids:                      # some child not seen yet: walk them
        for n in topo([e], prune=memo.__contains__):
            memo[n] = _names_of(n, [memo[a] for a in n.args])
        return memo[e]
    got = memo[e] = _names_of(e, kids)
    return got


_NONE: frozenset = frozenset()


def _names_of(n: Expr, kids: list) -> frozenset:
    names = _NONE
    for k in kids:               # (a new set only where a child adds names)
        if k and k is not names:
            names = k if not names else names if k <= names else names | k
    if n.op is _FN and n.value not in names:
        names = names | {n.value}
    return names


def _head(e: Expr):
    return ("fn", e.value) if e.op is _FN else e.op


def _fine(e: Expr):
    """A finer head: a power with a numeric exponent also by that exponent
    (its interned node: hashed by identity, unlike a Fraction); a product
    with a negative coefficient marked so (:data:`_NEGMUL`)."""
    return _pair(e)[1]


_NEGMUL = ("mul", "-")


_NUMERIC_GUARDS = {"int", "even", "odd", "number", "negnum"}


def _heads(q: Expr, guards: dict):
    """The heads a subject item can have to match pattern item ``q`` (a
    frozenset of :func:`_head` or :func:`_fine` values), or None for any."""
    if is_wild(q):
        return frozenset({_NUM}) if guards.get(q, set()) & _NUMERIC_GUARDS else None
    if q.op is _POW:
        if _optional_exponent(q.args[1]):
            base = _heads(q.args[0], guards)
            return None if base is None else base | {_POW}
        return frozenset({_fine(q)}) if q.args[1].op is _NUM else frozenset({_POW})
    if q.op is _ADD or q.op is _MUL:     # a rest wildcard or a coefficient may
        fixed = [t for t in q.args           # leave one fixed item standing alone
                 if not _rest_wild(t, q.op) and not (q.op is _MUL and t.op is _NUM)]
        if len(fixed) == len(q.args):
            return frozenset({q.op})
        if not fixed and q.op is _MUL and _negated_rest(q, guards):
            return frozenset({_NUM, _NEGMUL})
        if len(fixed) != 1:
            return None if not fixed else frozenset({q.op})
        one = _heads(fixed[0], guards)
        return None if one is None else one | {q.op}
    return frozenset({_head(q)})


def _negated_rest(q: Expr, guards: dict) -> bool:
    """``q`` is ``c*r__`` with c < 0 and ``poscoeff(r__)``: then r__ = s/c
    has a positive coefficient only for a number s or a product s with a
    negative coefficient (the sign rules ``sin(-x__)``, ...)."""
    (c, r) = q.args if len(q.args) == 2 else (None, None)
    return (c is not None and c.op is _NUM and not isinstance(c.value, float) and c.value < 0
            and _rest_wild(r, _MUL) and "poscoeff" in guards.get(r, ()))


def item_needs(p: Expr, guards: dict) -> tuple:
    """For a sum or product pattern: ``(heads, k)`` pairs, at least ``k``
    subject items with a head in ``heads`` being needed for a match (each
    pattern item takes a distinct subject item)."""
    if p.op is not _ADD and p.op is not _MUL:
        return ()
    count: dict = {}
    for q in p.args:
        if _rest_wild(q, p.op) or (p.op is _MUL and q.op is _NUM):
            continue
        h = _heads(q, guards)
        if h is not None:
            count[h] = count.get(h, 0) + 1
    return tuple(count.items())


# --- guards ---------------------------------------------------------------

def _is_int(e: Expr) -> bool:
    return e.op is _NUM and isinstance(e.value, int)


def _guard_table() -> dict:
    """Guard name -> predicate on the bound node (filled on first use)."""
    if _GUARDS:
        return _GUARDS
    from ..core.assumptions import holds
    _GUARDS.update({
        "positive": lambda e: holds("positive", e),
        "nonneg": lambda e: holds("nonnegative", e),
        "real": lambda e: holds("real", e),
        "integer": lambda e: holds("integer", e),
        "nonzero": lambda e: holds("nonzero", e),
        "int": _is_int,                                  # an integer literal
        "even": lambda e: _is_int(e) and e.value % 2 == 0,
        "odd": lambda e: _is_int(e) and e.value % 2 == 1,
        "number": lambda e: e.op is _NUM,
        "negnum": lambda e: e.op is _NUM and e.value < 0,
        "notone": lambda e: e is not ONE,
        "poscoeff": lambda e: (e.value if e.op is _NUM else split_coeff(e)[0]) > 0,  # no minus sign
    })
    return _GUARDS


_GUARDS: dict = {}


@dataclass(frozen=True)
class Rule:
    """``lhs -> rhs if guard``; ``apply`` rewrites one node or returns None."""
    name: str
    lhs: Expr
    rhs: Expr
    guard: tuple = ()           # ((predicate name, wildcard), ...), all must hold
    needs: frozenset = frozenset()   # functions the pattern calls (a quick pre-filter)

    @cached_property
    def guard_names(self) -> dict:
        """wildcard -> the names of its guards."""
        names: dict = {}
        for g, w in self.guard:
            names.setdefault(w, set()).add(g)
        return names

    @cached_property
    def items(self) -> tuple:
        """:func:`item_needs` of the pattern (for the quick test in ``apply``)."""
        return item_needs(self.lhs, self.guard_names)

    @cached_property
    def same_exponent(self) -> int:
        """In a product pattern, how many powers share one exponent wildcard
        (``x_**z_*y_**z_``: 2); the subject needs that many powers with one
        exponent. 0 if none do."""
        p = self.lhs
        if p.op is not _MUL:
            return 0
        count: dict = {}
        for q in p.args:
            if q.op is _POW and is_wild(q.args[1]) and not _optional_exponent(q.args[1]):
                count[q.args[1]] = count.get(q.args[1], 0) + 1
        k = max(count.values(), default=0)
        return k if k > 1 else 0

    @cached_property
    def shape(self) -> tuple:
        """``(i, heads)``: for a function or power pattern (a fixed exponent),
        the heads its argument ``i`` can have."""
        p = self.lhs
        if p.op is not _FN and not (p.op is _POW and not _optional_exponent(p.args[1])):
            return ()
        return tuple((i, h) for i, a in enumerate(p.args)
                     if (h := _heads(a, self.guard_names)) is not None and a.op is not _ADD
                     and (a.op is not _MUL or _NEGMUL in h))

    @cached_property
    def checks(self) -> dict:
        """wildcard -> its guard predicates (tested as it is bound)."""
        table, out = _guard_table(), {}
        for g, w in self.guard:
            out.setdefault(w, []).append(table[g])
        return out

    def quick(self, sig: tuple) -> bool:
        """Whether a node of signature ``sig`` (:func:`signature`) can match,
        by the structural tests above: false means it cannot."""
        p = self.lhs
        op, own, heads, same = sig
        if p.op is _ADD or p.op is _MUL:
            if op is not p.op:
                heads, same = (own,), 0         # the node is a lone item
            for hs, k in self.items:
                if sum(1 for h, f in heads if h in hs or f in hs) < k:
                    return False
            return same >= self.same_exponent
        for i, hs in self.shape:
            if op is not p.op or i >= len(heads) or (heads[i][0] not in hs and heads[i][1] not in hs):
                return False
        return True

    @cached_property
    def rhs_order(self) -> tuple:
        """The nodes of ``rhs`` that hold a wildcard, children first: those
        :meth:`build` rebuilds (what ``substitute`` walks, found once)."""
        wild = frozenset(n for n in topo([self.rhs]) if is_wild(n))
        return tuple(topo([self.rhs], prune=lambda n: not (n.free & wild)))

    def build(self, b: dict) -> Expr:
        """``substitute(rhs, b)`` for the bindings ``b`` of a match, which
        bind every wildcard of the pattern (so of ``rhs``)."""
        done: dict = {}
        for n in self.rhs_order:
            got = b.get(n)
            done[n] = got if got is not None else rebuild(n, tuple([done.get(a, a)
                                                                    for a in n.args]))
        return done.get(self.rhs, self.rhs)

    def apply(self, s: Expr, checked: bool = False, names: dict | None = None) -> Expr | None:
        """The rewritten node, or None. A replacement that cannot be built
        (``cot(0) -> cos(0)/sin(0)`` divides by zero) does not fire.
        ``checked``: the caller has tested :meth:`quick` on ``s``;
        ``names``: a :func:`function_names` memo (it prunes sum and product
        matches)."""
        if not checked and not self.quick(signature(s)):
            return None
        p, g = self.lhs, self.checks
        try:
            if p.op is _ADD or p.op is _MUL:
                for b, left in match_ac(p.args, _items(s, p.op), {}, p.op, g, names=names):
                    return (Add if p.op is _ADD else Mul)(self.build(b), *left)
                return None
            for b in match(p, s, {}, g):
                return self.build(b)
        except SymdiffError:
            return None
        return None


def signature(s: Expr) -> tuple:
    """What :meth:`Rule.quick` reads of a node: its op, its own and each
    argument's ``(head, fine head)``, and (products) the most powers
    sharing one exponent. Nodes of one signature pass the same rules'
    quick tests."""
    same = 0
    if s.op is _MUL:
        exps: dict = {}
        for t in s.args:
            if t.op is _POW:
                exps[t.args[1]] = exps.get(t.args[1], 0) + 1
        same = max(exps.values(), default=0)
    return (s.op, _pair(s), tuple([_pair(t) for t in s.args]), same)


def _pair(e: Expr) -> tuple:
    """``(_head(e), _fine(e))``, the common pairs built once."""
    op = e.op
    if op is _POW:
        x = e.args[1]
        return (op, ("pow", x)) if x.op is _NUM else _PAIRS[op]
    if op is _MUL:
        c = e.args[0]
        return _NEG_PAIR if c.op is _NUM and c.value < 0 else _PAIRS[op]
    if op is _FN:
        got = _FN_PAIRS.get(e.value)
        if got is None:
            h = ("fn", e.value)
            got = _FN_PAIRS[e.value] = (h, h)
        return got
    return _PAIRS[op]


_PAIRS = {op: (op, op) for op in Op}
_NEG_PAIR = (_MUL, _NEGMUL)
_FN_PAIRS: dict = {}     # function name -> its pair (names are few: the registry's)


def rule(name: str, text: str) -> Rule:
    """A rule from ``"lhs -> rhs"`` or ``"lhs -> rhs if g(x_) & h(y_)"``."""
    from ..parsing.parse import parse
    body, _, cond = text.partition(" if ")
    lhs, arrow, rhs = body.partition("->")
    if not arrow:
        raise SymdiffError(f"rule {name!r}: expected 'lhs -> rhs'")
    guard = []
    for g in filter(None, (c.strip() for c in cond.split("&"))):
        fn, _, arg = g.partition("(")
        guard.append((fn.strip(), parse(arg.rstrip(")").strip())))
    pat = parse(lhs.strip())
    needs = function_names(pat, {})
    out = Rule(name, pat, parse(rhs.strip()), tuple(guard), needs)
    missing = {g for g, _ in guard} - set(_guard_table())
    if missing:
        raise SymdiffError(f"rule {name!r}: unknown guard {sorted(missing)}")
    if any(w not in pat.free for _, w in guard):
        raise SymdiffError(f"rule {name!r}: a guard names a wildcard the pattern lacks")
    return out


def rules(table: str) -> tuple[Rule, ...]:
    """Rules from a table: one ``name: lhs -> rhs [if guard]`` per line
    (``#`` starts a comment)."""
    out = []
    for line in table.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, text = line.partition(":")
            out.append(rule(name.strip(), text.strip()))
    return tuple(out)
