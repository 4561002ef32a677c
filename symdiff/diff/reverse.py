"""Reverse mode: gradients, Jacobians and Hessians whose DAGs stay O(|f|).

``grad`` makes one sweep over the DAG in reverse topological order. Each
node's adjoint is the sum of the contributions of its parents, collected in
a list and summed once (summing pairwise as they arrive would re-flatten
the growing sum each time: quadratic). A product's contribution to factor
i is ``adjoint * (product of the other factors)``; for long products the
"others" are shared prefix and suffix products kept as grouped operands
(``nodes.mul_grouped``), so a product of n factors costs O(n) operations,
not O(n^2). An adjoint that is itself a long or grouped product is kept as
one operand for the same reason (chains like ``sin(sin(...(x)))``).

>>> grad("x**2*y + sin(y)", "x y")
[2*x*y, x**2 + cos(y)]
"""
from __future__ import annotations

from ..nodes import (MINUS_ONE, ONE, ZERO, Add, Expr, Fn, Mul, Num, Op, Pow,
                     mul_grouped, topo)
from .forward import SHORT_PRODUCT, chain, derivatives, fn_partials
from .matrix import DerivMatrix


def _times(adj: Expr, factors: list[Expr]) -> Expr:
    """``adj * factors``, with a long or grouped ``adj`` kept whole."""
    if adj is ONE:
        return Mul(*factors) if factors else ONE
    if adj.op is Op.MUL and (len(adj.args) > SHORT_PRODUCT
                             or any(a.op is Op.MUL for a in adj.args)):
        return mul_grouped(factors, [adj])
    return Mul(adj, *factors)


def _mul_parts(node: Expr, adj: Expr, live):
    args = node.args
    dep = [i for i, a in enumerate(args) if live(a)]
    if len(args) <= SHORT_PRODUCT + 1:
        for i in dep:
            others = [a for j, a in enumerate(args) if j != i]
            yield args[i], _times(adj, others)
        return
    n = len(args)
    prefix = [ONE] * (n + 1)
    suffix = [ONE] * (n + 1)
    for i in range(n):
        prefix[i + 1] = mul_grouped([], [prefix[i], args[i]])
    for i in range(n - 1, -1, -1):
        suffix[i] = mul_grouped([], [args[i], suffix[i + 1]])
    for i in dep:
        others = mul_grouped([], [prefix[i], suffix[i + 1]])
        yield args[i], (mul_grouped([], [adj, others]) if adj is not ONE else others)


def _pow_parts(node: Expr, adj: Expr, live):
    b, e = node.args
    if live(b):   # d/db b**e = e*b**(e-1)
        if e.op is Op.NUM:       # one product, no temporary nodes
            yield b, _times(adj, [e, Pow(b, Num(e.value - 1))])
        else:
            yield b, chain(Mul(e, Pow(b, Add(e, MINUS_ONE))), adj)
    if live(e):   # d/de b**e = b**e*log(b)
        yield e, chain(Mul(node, Fn("log", b)), adj)


def _add_parts(node: Expr, adj: Expr, live):
    for a in node.args:
        if live(a):
            yield a, adj


def _fn_parts(node: Expr, adj: Expr, live):
    parts = fn_partials(node)
    for a, p in zip(node.args, parts):
        if live(a):
            yield a, chain(p, adj)


PARTS = {Op.ADD: _add_parts, Op.MUL: _mul_parts, Op.POW: _pow_parts, Op.FN: _fn_parts}


def adjoints(f: Expr, wrt: list[Expr]) -> dict:
    """Adjoint ``df/dv`` of every symbol ``v`` in ``wrt`` that ``f`` uses."""
    targets = frozenset(wrt)

    def live(n):
        return not targets.isdisjoint(n.free)
    if not live(f):
        return {}
    contribs: dict = {f: [ONE]}
    out: dict = {}
    for node in reversed(topo([f], prune=lambda n: not live(n))):
        parts = contribs.pop(node, None)
        if parts is None:
            continue
        adj = parts[0] if len(parts) == 1 else Add(*parts)
        if adj is ZERO:
            continue
        if node.op is Op.SYM:
            out[node] = adj
            continue
        for child, c in PARTS[node.op](node, adj, live):
            if c is not ZERO:
                contribs.setdefault(child, []).append(c)
    return out


def grad(f, vars) -> list[Expr]:
    """Gradient of ``f`` by reverse mode: one sweep, results share nodes.

    >>> grad("(x1+x2)*x1**2", ["x1", "x2"])
    [x1**2 + 2*x1*(x1 + x2), x1**2]
    """
    from . import _vars_of
    from ..parse import parse
    f, xs = parse(f), _vars_of([vars] if isinstance(vars, str) else vars)
    adj = adjoints(f, xs)
    return [adj.get(x, ZERO) for x in xs]


def jacobian(fs, vars) -> DerivMatrix:
    """Jacobian of the expressions ``fs`` by ``vars``, stored sparsely.

    Forward mode (one pass per variable over all outputs) when there are
    fewer variables than outputs, else reverse mode (one sweep per output);
    entries whose output does not use the variable are never built.

    >>> J = jacobian(["x*y", "x + z"], "x y z")
    >>> J.shape, J.sparsity()
    ((2, 3), [(0, 0), (0, 1), (1, 0), (1, 2)])
    """
    from . import _vars_of
    from ..parse import parse
    if isinstance(fs, str):
        fs = [fs]
    fs = [parse(f) for f in fs]
    xs = _vars_of([vars] if isinstance(vars, str) else vars)
    entries: dict = {}
    if len(xs) <= len(fs):
        for j, x in enumerate(xs):
            rows = [i for i, f in enumerate(fs) if x in f.free]
            for i, d in zip(rows, derivatives([fs[i] for i in rows], x)):
                entries[(i, j)] = d
    else:
        col = {x: j for j, x in enumerate(xs)}
        for i, f in enumerate(fs):
            for x, d in adjoints(f, xs).items():
                entries[(i, col[x])] = d
    return DerivMatrix((len(fs), len(xs)), entries, xs)


def hessian(f, vars) -> DerivMatrix:
    """Hessian by forward-over-reverse, symmetric and sparse.

    The gradient is built once by reverse mode; then for each variable x_j
    only the gradient entries g_i (i >= j) that use x_j are differentiated,
    in one shared forward pass; (j, i) holds the same node as (i, j).

    >>> hessian("x**3*y", "x y")[0, 1]
    3*x**2
    """
    from . import _vars_of
    from ..parse import parse
    f, xs = parse(f), _vars_of([vars] if isinstance(vars, str) else vars)
    g = grad(f, xs)
    col = {x: j for j, x in enumerate(xs)}
    users: dict = {x: [] for x in xs}        # x_j -> the i with x_j in g_i
    for i, gi in enumerate(g):
        for v in gi.free:
            j = col.get(v)
            if j is not None and j <= i:
                users[v].append(i)
    entries: dict = {}
    for j, x in enumerate(xs):
        rows = users[x]
        for i, d in zip(rows, derivatives([g[i] for i in rows], x)):
            if d is not ZERO:
                entries[(i, j)] = entries[(j, i)] = d
    return DerivMatrix((len(xs), len(xs)), entries, xs)
