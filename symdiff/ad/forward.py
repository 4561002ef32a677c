"""Forward-mode differentiation over the DAG.

Each node that depends on the variable is differentiated once, children
before parents (iterative topological order); nodes free of the variable
are skipped via their cached free-symbol sets. Rules are a table keyed by
node kind; function rules come from the registry's templates.

Long products: ``d(f1*...*fn)`` is built from prefix products
``P_i = P_(i-1)*f_i`` and suffix products ``S_i = f_i*S_(i+1)`` kept as
*grouped* operands (``core.nodes.mul_grouped``), so the derivative has O(n)
operations instead of the O(n^2) of the textbook sum of n products of n-1
factors. Short products (<= 4 dependent factors) use the flat textbook form,
which reads better and is just as small.
"""
from __future__ import annotations

from operator import attrgetter

from ..core.functions import REGISTRY, per_arity
from ..core.limits import limits
from ..parsing.parse import parse
from . import nonsmooth
from ..core.nodes import (I, MINUS_ONE, ONE, ZERO, Add, Expr, Fn, Mul, Num, Op, Pow, Sym,
                          applied, mul_grouped, rebuild, split_real, substitute, topo)
from ..core.applied import base_and_orders
from ..core.undefined import derivative_name

# Op members as module constants (an IntEnum member lookup costs ~0.1 us)
_NUM, _POW, _MUL, _FN, _ADD = Op.NUM, Op.POW, Op.MUL, Op.FN, Op.ADD
_OP = attrgetter("op")

SHORT_PRODUCT = 4
_PLACEHOLDERS = None


def _placeholders():
    """The template placeholders ``x``, ``y`` (arguments 0 and 1), ``dx``
    (the argument's derivative, in ``dreal`` templates), then ``x2`` ...
    ``x5`` (arguments 2 to 5: ``hyp2f1``, ``appellf1``)."""
    global _PLACEHOLDERS
    if _PLACEHOLDERS is None:
        _PLACEHOLDERS = (Sym("x"), Sym("y"), Sym("dx"), *[Sym(f"x{i}") for i in range(2, 6)])
    return _PLACEHOLDERS


def _arg_placeholders() -> tuple:
    """The placeholders of arguments 0, 1, 2, ... in order."""
    ph = _placeholders()
    return (ph[0], ph[1], *ph[3:])


_PARTIALS: dict = {}


def partials(name: str, nargs: int = 0) -> tuple:
    """The registry row's derivative templates for a call of ``nargs``
    arguments (placeholders ``x``, ``y``, ``x2`` ...), parsed once on first
    use; None where the partial has no closed form."""
    deriv = REGISTRY[name].deriv
    key = (name, nargs) if isinstance(deriv, dict) else name   # one arity: by name
    got = _PARTIALS.get(key)
    if got is None:
        if isinstance(deriv, dict):
            deriv = deriv.get(nargs) or deriv[min(deriv)]
        got = _PARTIALS[key] = tuple(None if t is None else parse(t) for t in deriv)
    return got


def dreal(name: str):
    """The row's ``dreal`` template (placeholders ``x``, ``dx``), parsed
    once (cached with :func:`partials`); None for a row without one."""
    key = ("dreal", name)
    got = _PARTIALS.get(key)
    if got is None:
        text = REGISTRY[name].dreal
        got = _PARTIALS[key] = parse(text) if text else None
    return got


def real_rule(node: Expr) -> bool:
    """Whether a function call is differentiated by its row's ``dreal``
    template: the function has no holomorphic rule (``re``, ``im``,
    ``conjugate``), or its rule holds for real arguments only (``Abs``,
    ``sign``) and the argument is not known real. Variables are real, so a
    symbol, and real functions of real things, count as real."""
    row = REGISTRY[node.value]
    if not row.dreal:
        return False
    return not row.deriv or not _real_for_diff(node.args[0])


def real_rule_derivative(node: Expr, da: Expr) -> Expr:
    """``d f(u)`` from the ``dreal`` template, given ``da = du`` (see
    :func:`real_rule`). ``re``, ``im`` and ``conjugate`` of ``u`` and ``du``
    are taken apart where their terms are real or real multiples of ``I``
    for real variables (``im(I*x)`` is ``x``)."""
    t = dreal(node.value)
    x, _, dx = _placeholders()[:3]
    done = {x: node.args[0], dx: da}
    for n in topo([t], prune=lambda m: not m.free):   # the template's few nodes
        if n in done:
            continue
        args = tuple(done.get(a, a) for a in n.args)
        parts = _split_real(args[0]) if n.op is _FN and n.value in _PARTS_OF else None
        done[n] = rebuild(n, args) if parts is None else _PARTS_OF[n.value](*parts)
    return done.get(t, t)


_PARTS_OF = {"re": lambda r, i: r, "im": lambda r, i: i,
             "conjugate": lambda r, i: Add(r, Mul(MINUS_ONE, I, i))}


def _real_for_diff(t: Expr) -> bool:
    """Known real when every symbol is a real variable."""
    from ..core.assumptions import real_variable_facts   # weakref: off the CLI's start-up path
    return "real" in real_variable_facts(t)


def _split_real(u: Expr):
    """``(re(u), im(u))`` when each top-level term of ``u`` is real or a real
    multiple of ``I`` for real variables; else None."""
    return split_real(u, _real_for_diff)


def fn_partials(node: Expr, need=None) -> list[Expr]:
    """Partial derivatives of a function call w.r.t. each argument (only
    those whose index is in ``need``, the others None, when it is given)."""
    if node.value not in REGISTRY:
        return unevaluated_partials(node, need)
    rule = nonsmooth.PARTIALS.get(node.value)
    if rule is not None:
        return rule(node)
    temps = partials(node.value, len(node.args))
    if None in temps or len(temps) < len(node.args):
        return unevaluated_partials(node, need)
    return [None if t is None or (need is not None and i not in need)
            else instantiate(t, node.args) for i, t in enumerate(temps)]


_PLANS: dict = {}


def instantiate(template: Expr, args: tuple) -> Expr:
    """``template`` with the argument placeholders replaced by ``args``
    (``substitute``, with the template's nodes over placeholders found once
    and kept: the templates are few and live as long as the registry)."""
    plan = _PLANS.get(template)
    if plan is None:
        keys = frozenset(_arg_placeholders())
        plan = _PLANS[template] = topo([template], prune=lambda n: not (n.free & keys))
    done = dict(zip(_arg_placeholders(), args))
    for n in plan:
        if n not in done:
            done[n] = rebuild(n, tuple([done.get(a, a) for a in n.args]))
    return done.get(template, template)


def unevaluated_partials(node: Expr, need=None) -> list[Expr]:
    """Partials of an undefined function's call, of a derivative node, or of
    a registry call with a ``None`` partial (no closed form): where no rule
    is known, the derivative node with that slot's order raised by one
    (``Derivative[1,0][f]``); where the base function has a template, the
    template differentiated by the node's orders (partials commute), so
    ``d/dx Derivative(besselj(nu, x), nu)`` is in closed form again."""
    base, orders = base_and_orders(node)
    args = node.args
    temps = partials(base, len(args)) if base in REGISTRY else ()
    ph = _arg_placeholders()
    out = []
    for i in range(len(args)):
        if need is not None and i not in need:
            out.append(None)
            continue
        t = temps[i] if i < len(temps) else None
        if t is None:
            raised = orders[:i] + (orders[i] + 1,) + orders[i + 1:]
            out.append(applied(derivative_name(base, raised), args))
            continue
        for slot, k in enumerate(orders):
            for _ in range(k):
                t = derivative(t, ph[slot])
        out.append(substitute(t, {ph[j]: a for j, a in enumerate(args)}))
    return out


def _d_add(node, d, x):
    terms = [d[a] for a in node.args if a in d]
    return terms[0] if len(terms) == 1 else Add(*terms)


def product_derivative(factors, dfs) -> Expr:
    """``d(prod factors)`` given each factor's derivative (None if zero)."""
    dep, const = [], []            # indices of the dependent factors; the others
    for i, df in enumerate(dfs):
        if df is None:
            const.append(factors[i])
        else:
            dep.append(i)
    if not dep:
        return ZERO
    grouped = _MUL in map(_OP, factors)
    if len(dep) == 1 and (not grouped or _MUL not in map(_OP, const)):
        return Mul(dfs[dep[0]], *const)
    if len(dep) <= SHORT_PRODUCT:
        if not grouped:                # plain products
            return Add(*[Mul(dfs[i], *factors[:i], *factors[i + 1:]) for i in dep])
        terms = []
        for i in dep:
            others = [f for j, f in enumerate(factors) if j != i]
            terms.append(mul_grouped([dfs[i], *[o for o in others if o.op is not _MUL]],
                                     [o for o in others if o.op is _MUL]))
        return Add(*terms)
    fs = [factors[i] for i in dep]
    n = len(fs)
    prefix = [ONE] * (n + 1)          # prefix[i] = f_0 * ... * f_(i-1)
    suffix = [ONE] * (n + 1)          # suffix[i] = f_i * ... * f_(n-1)
    for i in range(n):
        prefix[i + 1] = mul_grouped([], [prefix[i], fs[i]])
    for i in range(n - 1, -1, -1):
        suffix[i] = mul_grouped([], [fs[i], suffix[i + 1]])
    terms = [mul_grouped([dfs[dep[i]]], [prefix[i], suffix[i + 1]]) for i in range(n)]
    return mul_grouped(const, [Add(*terms)]) if const else Add(*terms)


def _d_mul(node, d, x):
    args = node.args
    return product_derivative(args, [d.get(a) for a in args])


def _d_pow(node, d, x):
    b, e = node.args
    db, de = d.get(b), d.get(e)     # None: structurally zero
    if db is None and de is None:
        return ZERO
    if de is None:   # u**c: c*u**(c-1)*u'
        if e.op is _NUM and not _grouped(db):   # one product, no temporaries
            return Mul(e, Pow(b, Num(e.value - 1)), db)
        return chain(Mul(e, Pow(b, Add(e, MINUS_ONE))), db)
    if db is None:   # c**v: c**v*log(c)*v'
        return chain(Mul(node, Fn("log", b)), de)
    # u**v: u**v*(v'*log(u) + v*u'/u)
    return Mul(node, Add(Mul(de, Fn("log", b)), Mul(e, db, Pow(b, MINUS_ONE))))


def _d_fn(node, d, x):
    if node.value == "Piecewise":
        return nonsmooth.piecewise_derivative(node, d)
    if node.value in _DREAL_ROWS and real_rule(node):
        da = d.get(node.args[0])
        return ZERO if da is None else real_rule_derivative(node, da)
    need = [i for i, a in enumerate(node.args) if a in d]
    if not need:
        return ZERO
    parts = fn_partials(node, need)
    return Add(*[chain(parts[i], d[node.args[i]]) for i in need])


def _grouped(e: Expr) -> bool:
    """Whether ``e`` is a product kept whole when multiplied: long, or
    holding grouped sub-products."""
    return e.op is _MUL and (len(e.args) > SHORT_PRODUCT
                               or any(a.op is _MUL for a in e.args))


def chain(outer: Expr, inner: Expr) -> Expr:
    """``outer * inner`` for the chain rule; a long inner product stays one
    grouped operand, so nested chains (``sin(sin(...(x)))``) stay O(depth)."""
    if _grouped(inner):
        return mul_grouped([outer], [inner])
    return Mul(outer, inner)


_DREAL_ROWS = frozenset(n for n, r in REGISTRY.items() if r.dreal)
RULES = {_ADD: _d_add, _MUL: _d_mul, _POW: _d_pow, _FN: _d_fn}


def derivative(f: Expr, x: Expr) -> Expr:
    """``df/dx`` for a symbol ``x`` (forward mode, one pass over the DAG)."""
    return derivatives([f], x)[0]


def derivatives(roots: list[Expr], x: Expr) -> list[Expr]:
    """``d(root)/dx`` for several roots in one pass: shared nodes of all
    roots are differentiated once (used by jacobian and hessian)."""
    nonsmooth.check_values(roots)
    d: dict = {x: ONE}
    order = topo(roots, prune=lambda n: x not in n.free)
    limits.check_nodes(len(order))
    for node in order:
        if node is x:
            continue
        r = RULES[node.op](node, d, x)
        if not (r.op is _NUM and r.value == 0):
            d[node] = r
    return [d.get(f, ZERO) for f in roots]
