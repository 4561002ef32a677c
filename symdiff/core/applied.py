"""Undefined functions as objects, and replacing any subexpression.

``Function("f")`` is callable: ``f(x)``, ``f(x, "y + 1")`` build interned
function nodes (names and derivative nodes: ``core/undefined.py``).
:func:`replace` substitutes whole subexpressions, not only symbols: it is
how ``diff(L, q(t))`` treats ``q(t)`` as a variable, and how ``Subs``
evaluates.

>>> f = Function("f")
>>> from symdiff import parse
>>> f("x") is parse("f(x)", functions=[f])
True
>>> x = parse("x")
>>> replace(parse("f(x)**2 + x", functions="f"), {f(x): parse("y")})
x + y**2
"""
from __future__ import annotations

from ..errors import SymdiffError
from .nodes import Expr, Op, applied, as_expr, rebuild, topo
from .undefined import check_function_name, split

_FN = Op.FN


class Function:
    """An undefined function ``f``: ``f(x)``, ``f(x, y)`` are expressions
    whose derivatives stay unevaluated (``Derivative(f(x), x)``), as
    sympy's ``Function("f")``. The name may not be a built-in function.

    >>> from symdiff import diff, symbols
    >>> f, (x, y) = Function("f"), symbols("x y")
    >>> diff(f(x, y), y, x) is diff(f(x, y), x, y)
    True
    >>> diff(f(x*y), x)
    y*Subs(Derivative(f(_xi_1), _xi_1), _xi_1, x*y)
    """

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = check_function_name(name)

    def __call__(self, *args) -> Expr:
        if not args:
            raise SymdiffError(f"{self.name}() needs at least one argument")
        return applied(self.name, tuple(as_expr(a) for a in args))

    def __eq__(self, other) -> bool:
        return type(other) is Function and other.name == self.name

    def __hash__(self) -> int:
        return hash(("Function", self.name))

    def __repr__(self) -> str:
        return self.name

    def __reduce__(self):
        return (Function, (self.name,))


def replace(expr: Expr, mapping: dict) -> Expr:
    """``expr`` with each key node replaced by its value, simultaneously
    (keys: symbols or any subexpression, such as ``q(t)``), rebuilt
    canonically; subexpressions that contain no key are reused.

    >>> from symdiff import diff
    >>> q = Function("q")
    >>> e = diff(q("t"), "t")**2 + q("t")
    >>> replace(e, {q("t"): "x", diff(q("t"), "t"): "v"})
    v**2 + x
    """
    mapping = {as_expr(k): as_expr(v) for k, v in mapping.items()}
    if not mapping:
        return expr
    free = frozenset().union(*[k.free for k in mapping])
    closed = [k for k in mapping if not k.free]   # keys without symbols: no pruning
    done: dict = {}
    prune = None if closed else (lambda n: not (n.free & free))
    for node in topo([expr], prune=prune):
        got = mapping.get(node)
        if got is not None:
            done[node] = got
        elif node.args:
            done[node] = rebuild(node, tuple(done.get(a, a) for a in node.args))
    return done.get(expr, expr)


def undefined_calls(exprs) -> list:
    """The undefined-function and derivative nodes in ``exprs``, in
    topological order."""
    from .functions import REGISTRY
    return [n for n in topo(list(exprs)) if n.op is _FN and n.value not in REGISTRY]


def base_and_orders(node: Expr) -> tuple:
    """``(function name, orders)`` of a call (orders all zero for ``f(x)``)."""
    base, orders = split(node.value)
    return base, orders if orders is not None else (0,) * len(node.args)


class Lambda:
    """A concrete function for :func:`symdiff.subs_function`: parameters and
    a body, ``Lambda("x", "x**2")``, ``Lambda("x y", "x*sin(y)")``.

    >>> Lambda("x y", "x*sin(y)")
    Lambda((x, y), x*sin(y))
    """

    __slots__ = ("params", "body")

    def __init__(self, params, body):
        from .nodes import as_symbol
        if isinstance(params, str):
            params = params.replace(",", " ").split()
        elif isinstance(params, Expr):
            params = [params]
        self.params = tuple(as_symbol(p) for p in params)
        if not self.params or len(set(self.params)) != len(self.params):
            raise SymdiffError("Lambda needs distinct parameter symbols")
        self.body = as_expr(body)

    def __repr__(self) -> str:
        ps = self.params[0] if len(self.params) == 1 else \
            "(" + ", ".join(map(str, self.params)) + ")"
        return f"Lambda({ps}, {self.body})"
