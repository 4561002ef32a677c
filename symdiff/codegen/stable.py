"""Stable evaluation: rewrite overflow-prone shapes before lowering.

Compiled code (every backend) evaluates these forms, on real inputs, as
expressions that stay finite wherever the true value is finite; what users
see (``diff``/``simplify`` output) is unchanged. Recognized (``S`` is a
*sum of exponentials*: terms ``c*exp(u)`` or ``c`` with numbers ``c > 0``,
at least one ``exp`` of the variables, two terms or more):

- ``log(1 + u) -> log1p(u)``, ``exp(u) - 1 -> expm1(u)``, ``1 - exp(u) -> -expm1(u)``;
- ``log(S) -> L``, the log-sum-exp of the exponents ``a_i = u + log(c)``:
  for two, ``max(a, b) + log1p(exp(-|a - b|))`` (``log(1 + exp(u))``, the
  softplus, is ``max(u, 0) + log1p(exp(-|u|))``: right for infinite ``u``
  too); for more, ``m + log(sum(exp(a_i - m)))`` with ``m = max(a_i)``
  (NaN when two or more ``a_i`` are infinite);
- a product with factors ``S**-k``: its ``exp`` factors are merged into
  one ``exp(E - k*L)`` (softmax terms ``exp(a)/(exp(a) + exp(b))``, the
  derivatives of softplus and sigmoid and their expanded powers such as
  ``exp(x)/(exp(2*x) + 2*exp(x) + 1)``); numerators that are sums of
  ``c*exp(u)`` terms (or their powers ``N**m``) take equal shares of it;
- ``1/(1 + exp(-u))`` and ``exp(u)/(1 + exp(u))`` (the sigmoid) ->
  ``exp(min(u, 0))/(1 + exp(-|u|))`` (within 2 ulp everywhere; ``min`` is
  ``fmin``, NaN propagating through ``|u|``);
- ``log`` of a product of positive factors (numbers, ``exp(u)``, powers of
  ``S``) -> the sum of their logs (``-log(softmax)``).

The rewrites use identities of real arithmetic, so ``compile`` evaluates
complex inputs with the unrewritten program. New nodes are internal
function calls (``_log1p``, ``_expm1``, ``_max``, ``_min``) that only
lowering knows (``lower.FUNCTIONS``); they never reach users.

>>> from symdiff import parse
>>> [str(e) for e in stabilize([parse("x + 1")])]
['x + 1']
>>> stabilize([parse("log(1 + exp(x))")])[0]
_log1p(exp(-Abs(x))) + _max(0, x)
"""
from __future__ import annotations

from fractions import Fraction

from ..core.nodes import Add, Expr, Fn, Mul, Num, Op, Pow, _make, topo

ZERO, ONE, MINUS_ONE = Num(0), Num(1), Num(-1)


def _fn(name: str, *args: Expr) -> Expr:
    return _make(Op.FN, name, tuple(args))


def _positive(v) -> bool:
    return isinstance(v, (int, Fraction, float)) and v > 0


def _is_exp(t: Expr) -> bool:
    return t.op is Op.FN and t.value == "exp"


def _exp_term(t: Expr):
    """``c*exp(u)`` or a number ``c`` -> (c, u or None); else None."""
    if t.op is Op.NUM:
        return t.value, None
    if _is_exp(t):
        return 1, t.args[0]
    if t.op is Op.MUL and len(t.args) == 2 and t.args[0].op is Op.NUM and _is_exp(t.args[1]):
        return t.args[0].value, t.args[1].args[0]
    return None


def _exp_sum(s: Expr):
    """The terms (c, u) of a sum of exponentials (module docstring), or None."""
    if s.op is not Op.ADD:
        return None
    terms = [_exp_term(t) for t in s.args]
    if any(t is None or not _positive(t[0]) for t in terms):
        return None
    if not any(u is not None and u.free for _, u in terms):
        return None
    return terms


def _sigmoid(u: Expr) -> Expr:
    """``1/(1 + exp(-u))`` as ``exp(min(u, 0))/(1 + exp(-|u|))``."""
    return Mul(Fn("exp", _fn("_min", u, ZERO)),
               Pow(Add(ONE, Fn("exp", Mul(MINUS_ONE, Fn("Abs", u)))), MINUS_ONE))


def _logsumexp(a: list) -> Expr:
    """Max-shifted ``log(sum(exp(a_i)))`` (module docstring)."""
    if len(a) == 2:
        d = Fn("Abs", a[1] if a[0] is ZERO else Add(a[0], Mul(MINUS_ONE, a[1])))
        return Add(_fn("_max", a[0], a[1]), _fn("_log1p", Fn("exp", Mul(MINUS_ONE, d))))
    m = a[0]
    for e in a[1:]:
        m = _fn("_max", m, e)
    return Add(m, Fn("log", Add(*[Fn("exp", Add(e, Mul(MINUS_ONE, m))) for e in a])))


class _Pass:
    def __init__(self, roots: set):
        self.m: dict = {}
        self.lse: dict = {}
        self.roots = roots

    def get(self, n: Expr) -> Expr:
        return self.m.get(n, n)

    def exponent(self, c, u) -> Expr:
        e = ZERO if u is None else self.get(u)
        return e if c == 1 else Add(e, Fn("log", Num(c)))

    def logsum(self, s: Expr, terms: list) -> Expr:
        """The log-sum-exp node of the sum of exponentials ``s``."""
        out = self.lse.get(s)
        if out is None:
            out = self.lse[s] = _logsumexp([self.exponent(c, u) for c, u in terms])
        return out

    def rebuild(self, n: Expr) -> Expr:
        args = tuple(self.get(a) for a in n.args)
        if all(a is b for a, b in zip(args, n.args)):
            return n
        if n.op is Op.ADD:
            return Add(*args)
        if n.op is Op.MUL:
            return Mul(*args)
        if n.op is Op.POW:
            return Pow(*args)
        return Fn(n.value, *args)

    def node(self, n: Expr) -> Expr:
        if n.op is Op.FN and n.value == "log":
            return self.log(n)
        if n.op is Op.MUL or (n.op is Op.POW and n.args[1].op is Op.NUM):
            out = self.product((n,) if n.op is Op.POW else n.args)
            if out is not None:
                return out
        out = self.rebuild(n)
        return self.expm1(out) if out.op is Op.ADD else out

    def log(self, n: Expr) -> Expr:
        a = n.args[0]
        terms = _exp_sum(a)
        if terms is not None:
            return self.logsum(a, terms)
        if a.op is Op.ADD and ONE in a.args:
            return _fn("_log1p", Add(*[self.get(t) for t in a.args if t is not ONE]))
        if a.op is Op.MUL:
            logs = [self.log_factor(f) for f in a.args]
            if all(x is not None for x in logs) and any(
                    f.op is not Op.FN for f in a.args):   # some S**k: worth it
                return Add(*logs)
        return self.rebuild(n)

    def log_factor(self, f: Expr):
        """log of a positive factor, or None."""
        if f.op is Op.NUM and _positive(f.value):
            return Fn("log", f)
        if _is_exp(f):
            return self.get(f.args[0])
        b, k = (f.args[0], f.args[1]) if f.op is Op.POW else (f, ONE)
        terms = _exp_sum(b)
        if terms is not None and k.op is Op.NUM:
            return Mul(k, self.logsum(b, terms))
        return None

    def product(self, factors) -> Expr | None:
        """A product with factors ``S**-k`` (module docstring), or None."""
        exps, dens, sums, rest = [], [], [], []
        for f in factors:
            if _is_exp(f):
                exps.append(self.get(f.args[0]))
                continue
            b, k = (f.args[0], f.args[1].value) if f.op is Op.POW and f.args[1].op is Op.NUM \
                else (f, 1)
            if b is not f and _is_exp(b):
                exps.append(Mul(f.args[1], self.get(b.args[0])))
                continue
            if b is not f and _positive(-k):
                terms = _exp_sum(b)
                if terms is not None:
                    dens.append((b, terms, -k))
                    continue
            if b.op is Op.ADD and isinstance(k, int) and k > 0:
                terms = [_exp_term(t) for t in b.args]
                if all(t is not None for t in terms):
                    sums.append((terms, k))
                    continue
            rest.append(self.get(f))
        if not dens:
            return None
        if len(dens) == 1 and dens[0][2] == 1 and not sums:
            s, terms, _ = dens[0]
            if len(terms) == 2 and (1, None) in terms:   # 1 + exp(v): a sigmoid
                v = self.get(next(u for _, u in terms if u is not None))
                e = Add(*exps) if exps else ZERO
                if e is v or e is ZERO:
                    return Mul(_sigmoid(v if e is v else Mul(MINUS_ONE, v)), *rest)
        e = Add(*exps, *[Mul(Num(-k), self.logsum(s, t)) for s, t, k in dens])
        if not sums:
            return Mul(Fn("exp", e), *rest)
        # numerators N**m (sums of c*exp(u)) take equal shares of exp(e)
        share = Mul(Num(Fraction(1, sum(m for _, m in sums))), e)
        parts = [Pow(Add(*[Mul(Num(c), Fn("exp", Add(share, self.get(u)) if u is not None
                                          else share)) for c, u in terms]), Num(m))
                 for terms, m in sums]
        return Mul(*parts, *rest)

    def expm1(self, s: Expr) -> Expr:
        """``exp(u) - 1 -> expm1(u)`` and ``1 - exp(u) -> -expm1(u)`` in a sum."""
        args = list(s.args)
        if MINUS_ONE in args:
            for t in args:
                if _is_exp(t):
                    args.remove(MINUS_ONE)
                    args[args.index(t)] = _fn("_expm1", t.args[0])
                    return Add(*args)
        if ONE in args:
            for t in args:
                if t.op is Op.MUL and len(t.args) == 2 and t.args[0] is MINUS_ONE \
                        and _is_exp(t.args[1]):
                    args.remove(ONE)
                    args[args.index(t)] = Mul(MINUS_ONE, _fn("_expm1", t.args[1].args[0]))
                    return Add(*args)
        return s


def stabilize(roots: list[Expr]) -> list[Expr]:
    """``roots`` with the stable forms of the module docstring (the same
    nodes where nothing matches). Expressions with ``I`` are left alone."""
    order = topo(roots)
    if any(n.op is Op.CONST and n.value == "I" for n in order):
        return list(roots)
    ps = _Pass(set(roots))
    near: set = set()       # nodes with an exp or log inside: the only candidates
    in_other: set = set()   # nodes that are an operand of something not a product
    for n in order:
        if n.op is not Op.MUL:
            in_other.update(n.args)
    for n in order:
        if not n.args or not n.free:
            continue
        if not (n.op is Op.FN and n.value in ("exp", "log")) and not any(a in near for a in n.args):
            continue
        near.add(n)
        if n.op is Op.POW and n not in in_other and n not in ps.roots:
            continue        # S**-k under products only: each product rewrites it
        out = ps.node(n)
        if out is not n:
            ps.m[n] = out
    return [ps.get(r) for r in roots]


def any_complex(args) -> bool:
    """Whether some argument is complex (a Python complex or an array,
    NumPy or other, of a complex dtype)."""
    for a in args:
        t = type(a)
        if t is float or t is int:
            continue
        if t is complex:
            return True
        d = getattr(a, "dtype", None)
        if d is None:
            import numpy as np
            d = np.asarray(a).dtype
        if getattr(d, "kind", None) == "c" or getattr(d, "is_complex", False) \
                or "complex" in str(d):
            return True
    return False
