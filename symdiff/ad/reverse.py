"""Reverse mode: gradients, Jacobians and Hessians whose DAGs stay O(|f|).

``grad`` makes one sweep over the DAG in reverse topological order. Each
node's adjoint is the sum of the contributions of its parents, collected in
a list and summed once (summing pairwise as they arrive would re-flatten
the growing sum each time: quadratic). A product's contribution to factor
i is ``adjoint * (product of the other factors)``; for long products the
"others" are shared prefix and suffix products kept as grouped operands
(``core.nodes.mul_grouped``), so a product of n factors costs O(n) operations,
not O(n^2). An adjoint that is itself a long or grouped product is kept as
one operand for the same reason (chains like ``sin(sin(...(x)))``).

Adjoints travel as monomials (number, few factors) rather than nodes, so
the chain ``100*(y - x**2)**2 -> y - x**2 -> -x**2 -> x**2 -> x`` builds one
product, ``-400*x*(y - x**2)``, at its end instead of one per link: this
halves the nodes created by a sweep (and its time).

>>> grad("x**2*y + sin(y)", "x y")
[2*x*y, x**2 + cos(y)]
"""
from __future__ import annotations

import operator

from ..core.nodes import (MINUS_ONE, ONE, ZERO, Add, Expr, Fn, Mul, Num, Op, Pow, mul_coeff,
                     mul_grouped, topo)
from .forward import (_DREAL_ROWS, SHORT_PRODUCT, derivative, derivatives, fn_partials,
                      no_closed_form, real_rule)
from ..core.matrix import DerivMatrix
from ..errors import SymdiffError
from ..core.limits import limits
from ..parsing.parse import parse
from .api import variables

# Op members as module constants (an IntEnum member lookup costs ~0.1 us)
_NUM, _SYM, _POW, _MUL, _FN, _ADD = Op.NUM, Op.SYM, Op.POW, Op.MUL, Op.FN, Op.ADD


# An adjoint in flight is a monomial ``(c, F, G)``: a number ``c``, a short
# tuple ``F`` of factors and ``G``, None or one grouped product kept whole.
# Numbers multiply as Python numbers and factors are concatenated, so a node
# is built only where an adjoint is used: at a symbol, where contributions
# are summed, or when ``F`` grows past SHORT_PRODUCT (then it is built once
# and kept whole as ``G``, so chains like ``sin(sin(...(x)))`` stay O(depth)).
UNIT = (1, (), None)


def _build(m) -> Expr:
    """The node of monomial ``m``."""
    c, F, G = m
    if G is None:
        return mul_coeff(c, F)
    return mul_grouped((Num(c), *F), (G,))


def _mono(e: Expr):
    """Node -> monomial; a long or grouped product stays whole."""
    op = e.op
    if op is _NUM:
        return (e.value, (), None)
    if op is _MUL:
        args = e.args
        if len(args) > SHORT_PRODUCT or any(a.op is _MUL for a in args):
            return (1, (), e)
        if args[0].op is _NUM:
            return (args[0].value, args[1:], None)
        return (1, args, None)
    return (1, (e,), None)


def _scale(m, c, extra: tuple):
    """``m * c * prod(extra)`` for a number ``c`` and plain factors."""
    c0, F, G = m
    if extra:
        F = F + extra
    if len(F) > SHORT_PRODUCT:
        n = _build((c0 * c, F, G))
        return (1, (), n) if n.op is _MUL else _mono(n)
    return (c0 * c, F, G)


def _with(m, node: Expr):
    """``m * node``."""
    c, F, G = _mono(node)
    if G is not None:
        G = G if m[2] is None else mul_grouped((), (m[2], G))
        m = (m[0], m[1], G)
    return _scale(m, c, F)


def _times_factor(m, f: Expr):
    """``m * f`` for a plain factor ``f`` of a canonical product."""
    return (m[0] * f.value, m[1], m[2]) if f.op is _NUM else _scale(m, 1, (f,))


def _mul_parts(node: Expr, adj, live, emit):
    args = node.args
    if len(args) == 2:                     # the common case, no loops
        a0, a1 = args
        if live(a0):
            emit(a0, _times_factor(adj, a1))
        if live(a1):
            emit(a1, _times_factor(adj, a0))
        return
    if len(args) <= SHORT_PRODUCT + 1:
        for i, a in enumerate(args):
            if live(a):
                c, rest = 1, []
                for j, o in enumerate(args):
                    if j != i:
                        if o.op is _NUM:
                            c = c * o.value
                        else:
                            rest.append(o)
                emit(a, _scale(adj, c, tuple(rest)))
        return
    n = len(args)
    prefix = [ONE] * (n + 1)
    suffix = [ONE] * (n + 1)
    for i in range(n):
        prefix[i + 1] = mul_grouped([], [prefix[i], args[i]])
    for i in range(n - 1, -1, -1):
        suffix[i] = mul_grouped([], [args[i], suffix[i + 1]])
    a_node = _build(adj)
    for i, a in enumerate(args):
        if live(a):
            others = mul_grouped([], [prefix[i], suffix[i + 1]])
            emit(a, _mono(mul_grouped([], [a_node, others]) if a_node is not ONE else others))


def _pow_parts(node: Expr, adj, live, emit):
    b, e = node.args
    if live(b):   # d/db b**e = e*b**(e-1)
        if e.op is _NUM:
            if e.value == 2 and type(e.value) is int and b.op is not _MUL:   # 2*b
                emit(b, _scale(adj, 2, (b,)))
            else:
                emit(b, _with(_scale(adj, e.value, ()), Pow(b, Num(e.value - 1))))
        else:
            emit(b, _with(adj, Mul(e, Pow(b, Add(e, MINUS_ONE)))))
    if live(e):   # d/de b**e = b**e*log(b)
        emit(e, _with(adj, Mul(node, Fn("log", b))))


def _add_parts(node: Expr, adj, live, emit):
    for a in node.args:
        if live(a):
            emit(a, adj)


def _fn_parts(node: Expr, adj, live, emit):
    if node.value in _DREAL_ROWS and real_rule(node):
        # not holomorphic in its argument: d f(u) is no multiple of du, so
        # the node's own derivative by each variable comes from forward mode
        for v in sorted(node.free, key=_KEY):
            if live(v):
                dv = derivative(node, v)
                if dv is not ZERO:
                    emit(v, _with(adj, dv))
        return
    for i, (a, p) in enumerate(zip(node.args, fn_partials(node))):
        if live(a):
            if p is None:
                no_closed_form(node, i)
            emit(a, _with(adj, p))


PARTS = {_ADD: _add_parts, _MUL: _mul_parts, _POW: _pow_parts, _FN: _fn_parts}
_FREE = operator.attrgetter("free")   # truthy when a node uses any symbol
_KEY = operator.attrgetter("key")     # canonical order (deterministic across runs)


def adjoints(f: Expr, wrt: list[Expr]) -> dict:
    """Adjoint ``df/dv`` of every symbol ``v`` in ``wrt`` that ``f`` uses."""
    targets = frozenset(wrt)
    if targets.isdisjoint(f.free):
        return {}
    if f.free <= targets:        # every symbol counts: liveness is "has any"
        live = _FREE
        order = topo([f])        # constants stay in the order but get no adjoint
    else:
        def live(n):
            return not targets.isdisjoint(n.free)
        order = topo([f], prune=lambda n: targets.isdisjoint(n.free))
    limits.check_nodes(len(order))
    contribs: dict = {f: [UNIT]}
    get = contribs.get

    def emit(child, m):
        c = m[0]
        if c == 0 and type(c) is not float:     # an exact zero contribution
            return
        parts = get(child)
        if parts is None:
            contribs[child] = [m]
        else:
            parts.append(m)
    out: dict = {}
    pop, SYM = contribs.pop, _SYM
    try:
        for node in reversed(order):
            parts = pop(node, None)
            if parts is None:
                continue
            if len(parts) == 1:
                adj = parts[0]
            else:
                s = Add(*[_build(m) for m in parts])
                if s is ZERO:
                    continue
                adj = _mono(s)
            if node.op is SYM:
                out[node] = _build(adj)
            else:
                PARTS[node.op](node, adj, live, emit)
    except OverflowError:    # a float coefficient times an integer beyond float range
        raise SymdiffError("number too large for a float in a derivative coefficient") from None
    return out


def grad(f, vars) -> list[Expr]:
    """Gradient of ``f`` by reverse mode: one sweep, results share nodes.

    >>> grad("(x1+x2)*x1**2", ["x1", "x2"])
    [x1**2 + 2*x1*(x1 + x2), x1**2]
    """
    f = parse(f)
    xs = variables([vars] if isinstance(vars, str) else vars, [f])
    adj = adjoints(f, xs)
    return [adj.get(x, ZERO) for x in xs]


def jacobian(fs, vars) -> DerivMatrix:
    """Jacobian of the expressions ``fs`` by ``vars``, stored sparsely.

    Forward mode (one pass per variable over all outputs) when there are
    fewer variables than outputs, else reverse mode (one sweep per output);
    entries whose output does not use the variable are never built. A
    variable listed twice gives a duplicate column (as in sympy).

    >>> J = jacobian(["x*y", "x + z"], "x y z")
    >>> J.shape, J.sparsity()
    ((2, 3), [(0, 0), (0, 1), (1, 0), (1, 2)])
    """
    if isinstance(fs, str):
        fs = [fs]
    fs = [parse(f) for f in fs]
    xs = variables([vars] if isinstance(vars, str) else vars, fs)
    cols = _columns(xs)
    entries: dict = {}
    if len(cols) <= len(fs):
        for x, js in cols.items():
            rows = [i for i, f in enumerate(fs) if x in f.free]
            for i, d in zip(rows, derivatives([fs[i] for i in rows], x)):
                for j in js:
                    entries[(i, j)] = d
    else:
        for i, f in enumerate(fs):
            for x, d in adjoints(f, list(cols)).items():
                for j in cols[x]:
                    entries[(i, j)] = d
    return DerivMatrix((len(fs), len(xs)), entries, xs)


def _columns(xs: list) -> dict:
    """Each distinct variable -> its positions in ``xs`` (a variable may be
    repeated: its column, or row and column, are then duplicated)."""
    cols: dict = {}
    for j, x in enumerate(xs):
        cols.setdefault(x, []).append(j)
    return cols


def hessian(f, vars) -> DerivMatrix:
    """Hessian by reverse-over-reverse, symmetric and sparse.

    The gradient is built once by reverse mode; then row i comes from one
    more reverse sweep over g_i, taken only with respect to the variables
    x_j (j <= i) that g_i uses, so structural zeros are never built;
    (j, i) holds the same node as (i, j). Adjoints travel as monomials, so
    this builds fewer temporary nodes than forward-over-reverse. A variable
    listed twice gives duplicate rows and columns (as in sympy).

    >>> hessian("x**3*y", "x y")[0, 1]
    3*x**2
    """
    f = parse(f)
    xs = variables([vars] if isinstance(vars, str) else vars, [f])
    cols = _columns(xs)
    us = list(cols)                         # the distinct variables
    g = grad(f, us)
    col = {x: j for j, x in enumerate(us)}
    entries: dict = {}
    for i, gi in enumerate(g):
        wrt = [v for v in gi.free if col.get(v, i + 1) <= i]
        if wrt:
            for v, d in adjoints(gi, wrt).items():
                if d is not ZERO:
                    for a in cols[us[i]]:    # a repeated variable repeats rows and columns
                        for b in cols[v]:
                            entries[(a, b)] = entries[(b, a)] = d
    return DerivMatrix((len(xs), len(xs)), entries, xs)
