"""Calls as variables, undefined functions made concrete, Euler-Lagrange equations.

``diff(L, q(t))`` holds the call ``q(t)`` as an independent variable (as
sympy does), and so do ``grad``, ``jacobian`` and ``hessian``.

:func:`subs_function` replaces an undefined function ``f`` by a concrete
one everywhere, its derivative nodes included (they are differentiated
then: ``Derivative(f(x), x)`` with ``f = sin`` becomes ``cos(x)``).
:func:`euler_equations` is sympy's ``euler_equations``.

>>> from symdiff import diff, parse
>>> e = diff("f(x**2)", "x", functions="f")
>>> e
2*x*Subs(Derivative(f(_xi_1), _xi_1), _xi_1, x**2)
>>> subs_function(e, "f", "sin")
2*x*cos(x**2)
>>> euler_equations("Derivative(q(t), t)**2/2 - q(t)**2/2", "q(t)", "t")
[-q(t) - Derivative(q(t), (t, 2))]
"""
from __future__ import annotations

from ..errors import SymdiffError
from ..core.functions import NAMES, REGISTRY
from ..core.nodes import (UPPER, Add, Expr, Fn, Mul, Num, Op, Sym, as_expr, as_symbol, rebuild,
                          substitute, topo)
from ..core.applied import Function, Lambda, base_and_orders, replace, undefined_calls
from ..core.undefined import RESERVED, split
from ..parsing.parse import parse
from .forward import derivative, fn_partials

_FN = Op.FN


# --- calls as variables (diff, grad, jacobian, hessian by q(t)) ----------------

def declared_names(exprs) -> frozenset:
    """Names of the undefined functions in ``exprs`` (so ``"q(t)"`` parses)."""
    return frozenset(split(n.value)[0] for n in undefined_calls(exprs))


def call_variable(v) -> Expr:
    """A symbol, or a call that can be a variable as in sympy: an undefined
    function's call ``q(t)`` or its derivative ``Derivative(q(t), t)``."""
    if isinstance(v, Expr) and v.op is Op.FN and v.value not in REGISTRY:
        return v
    return as_symbol(v)


def _dummy(v: Expr) -> Expr:
    """A symbol standing for the call ``v`` (a name no text can spell)."""
    return Sym("\x00" + v.value + str(v.key[2]))


def hold_calls(exprs: list, xs: list):
    """For grad/jacobian/hessian: variables that are calls (``q(t)``)
    replaced by symbols in ``exprs`` and ``xs``; ``back`` (None if there
    were none) maps those symbols back for :func:`release`."""
    calls = {v: _dummy(v) for v in xs if v.op is not Op.SYM}
    if not calls:
        return exprs, xs, None
    return ([replace(e, calls) for e in exprs], [calls.get(v, v) for v in xs],
            {d: v for v, d in calls.items()})


def release(e: Expr, back) -> Expr:
    """``e`` with the symbols of :func:`hold_calls` turned back into calls."""
    return e if back is None else replace(e, back)


def derivative_wrt(f: Expr, v: Expr) -> Expr:
    """``df/dv``: for a symbol, forward mode; for a call such as ``q(t)``,
    the call is held as an independent variable (as sympy does: ``q(t)``
    and ``Derivative(q(t), t)`` are independent, and a ``t`` elsewhere is
    not touched)."""
    if v.op is Op.SYM:
        return derivative(f, v)
    if f.op is Op.FN and v in f.args:       # Derivative(f(g(x)), g(x)) as printed: one slot
        i = f.args.index(v)
        if f.args.count(v) == 1 and not any(_inside(v, a) for j, a in enumerate(f.args) if j != i):
            return fn_partials(f)[i]
    dummy = _dummy(v)
    return replace(derivative(replace(f, {v: dummy}), dummy), {dummy: v})


def _inside(v: Expr, e: Expr) -> bool:
    """Whether the node ``v`` occurs in ``e``."""
    if not v.free <= e.free:
        return False
    return v in topo([e], prune=lambda n: not v.free <= n.free)


# --- concrete functions --------------------------------------------------------

def _concrete(fn, nargs: int) -> Lambda:
    """A :class:`Lambda` for ``fn``: a Lambda, a registry function's name,
    or a :class:`Function`/name of another undefined function."""
    if isinstance(fn, Lambda):
        if len(fn.params) != nargs:
            raise SymdiffError(f"{fn} takes {len(fn.params)} argument(s), the function "
                               f"is called with {nargs}")
        return fn
    name = getattr(fn, "name", fn)
    if not isinstance(name, str):
        raise SymdiffError(f"cannot substitute {fn!r} for a function: give a function "
                           "name ('sin') or symdiff.Lambda('x', 'x**2')")
    params = [Sym(f"_x{i}") for i in range(nargs)]
    if name in NAMES:
        return Lambda(params, Fn(name, *params))
    return Lambda(params, Function(name)(*params))


def subs_function(expr, f, fn) -> Expr:
    """``expr`` with the undefined function ``f`` (a :class:`Function` or a
    name) replaced by ``fn``: a function name (``"sin"``, another undefined
    function) or a ``Lambda("x", "x**2")``. Derivative nodes of ``f`` are
    evaluated by differentiating ``fn``.

    >>> from symdiff import diff, Lambda
    >>> subs_function(diff("f(x, y)", "x", "y", functions="f"), "f", Lambda("a b", "a**2*b**3"))
    6*x*y**2
    """
    name = getattr(f, "name", f)
    expr = parse(expr, functions=_names([expr]) | {name} if isinstance(expr, str) else None)
    done: dict = {}
    bodies: dict = {}            # orders -> body differentiated, in the parameters
    lam = None
    calls = {n for n in undefined_calls([expr]) if base_and_orders(n)[0] == name}
    if not calls:
        return expr
    for node in topo([expr], prune=lambda n: not n.args):
        args = tuple(done.get(a, a) for a in node.args)
        if node in calls:
            orders = base_and_orders(node)[1]
            if lam is None:
                lam = _concrete(fn, len(args))
            elif len(lam.params) != len(args):
                raise SymdiffError(f"{name} is called with {len(lam.params)} and "
                                   f"{len(args)} arguments")
            body = bodies.get(orders)
            if body is None:
                body = lam.body
                for p, k in zip(lam.params, orders):
                    for _ in range(k):
                        body = derivative(body, p)
                bodies[orders] = body
            done[node] = substitute(body, dict(zip(lam.params, args)))
        elif any(a in done for a in node.args):
            done[node] = rebuild(node, args)
    return done.get(expr, expr)


def _names(exprs) -> frozenset:
    return frozenset(base_and_orders(n)[0] for n in undefined_calls(
        [e for e in exprs if isinstance(e, Expr)]))


def _called_names(text: str) -> set:
    """The names called in ``text`` that are no built-in function."""
    import re
    return {m for m in re.findall(r"([^\W\d]\w*)\s*\(", text)
            if m not in NAMES and m not in RESERVED}


def _function_call(q, t: Expr) -> Expr:
    if isinstance(q, Function):
        return q(t)
    if isinstance(q, str):
        q = parse(q, functions=_called_names(q))
    if not (isinstance(q, Expr) and q.op is _FN and q.value not in REGISTRY
            and base_and_orders(q)[1] == (0,) * len(q.args)):
        raise SymdiffError(f"euler_equations: {q!r} is not an undefined function's call "
                           "such as q(t)")
    return q


def euler_equations(L, funcs, t) -> list[Expr]:
    """The Euler-Lagrange equations of the Lagrangian ``L`` for the
    functions ``funcs`` (calls ``q(t)``, :class:`Function` objects or text;
    one or a list) of ``t``, as sympy's ``euler_equations``: one expression
    per function, each equal to zero (sympy returns ``Eq(expr, 0)`` with the
    same ``expr``), ``dL/dq - d/dt dL/dq' + d^2/dt^2 dL/dq'' - ...`` up to
    the highest derivative of ``q`` in ``L``.

    >>> euler_equations("m*Derivative(x(t), t)**2/2 - k*x(t)**2/2", ["x(t)"], "t")
    [-k*x(t) - m*Derivative(x(t), (t, 2))]
    """
    if not isinstance(funcs, (list, tuple)):
        funcs = [funcs]
    t = as_symbol(parse(t)) if isinstance(t, str) else t
    qs = [_function_call(q, t) for q in funcs]
    if isinstance(L, str):
        L = parse(L, functions={base_and_orders(q)[0] for q in qs})
    elif not isinstance(L, Expr):
        L = parse(L)
    calls = undefined_calls([L])
    out = []
    for q in qs:
        base = base_and_orders(q)[0]
        top = max([base_and_orders(n)[1][0] for n in calls
                   if base_and_orders(n)[0] == base and n.args == q.args] + [0])
        eq = derivative_wrt(L, q)
        dq = q
        for k in range(1, top + 1):
            dq = derivative(dq, t)
            term = derivative_wrt(L, dq)
            for _ in range(k):
                term = derivative(term, t)
            eq = Add(eq, Mul(Num((-1) ** k), term))
        out.append(eq)
    return out


def subs(expr: Expr, mapping: dict) -> Expr:
    """``Expr.subs`` with keys that are not symbols: an undefined function
    (a :class:`Function`) gets a concrete one (:func:`subs_function`), any
    other key expression is replaced whole (:func:`symdiff.replace`)."""
    funcs = {k: v for k, v in mapping.items() if isinstance(k, Function)}
    for f, fn in funcs.items():
        expr = subs_function(expr, f, fn)
    rest = {k: v for k, v in mapping.items() if not isinstance(k, Function)}
    return replace(expr, {as_expr(k): as_expr(v) for k, v in rest.items()}) if rest else expr


UPPER.subs = subs       # Expr.subs beyond symbols (see core.nodes.UPPER)
