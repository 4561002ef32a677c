"""Conversion to and from sympy (imported lazily, only here).

Both directions walk iteratively, so deep expressions convert without
RecursionError on symdiff's side.
"""
from __future__ import annotations

import numbers
from fractions import Fraction

from ..errors import SymdiffError
from ..core.facts import IMPLIES
from ..core.fold import real_number
from ..core.functions import REGISTRY
from ..core.limits import limits
from ..core.piecewise import is_boolean
from ..core.nodes import (CONSTANTS, Add, Expr, Fn, Mul, Num, Op, Pow, Sym, applied,
                          check_symbol_name, facts_of, topo)


def _explodes(n: Expr) -> bool:
    """Whether sympy would expand this power of exact numbers into a huge
    number (``10**10**10``, ``2**(10**10 + 1/2)``): symdiff kept it
    symbolic because it is beyond ``limits.max_int_bits``."""
    b, e = n.args
    if b.op is not Op.NUM or e.op is not Op.NUM:
        return False
    bv, ev = b.value, e.value
    if isinstance(bv, float) or isinstance(ev, float):
        return False              # sympy folds these in floating point, quickly
    bv, ev = Fraction(bv), Fraction(ev)
    bits = max(abs(bv.numerator).bit_length(), bv.denominator.bit_length())
    return bits * (abs(ev.numerator) // ev.denominator) > limits.max_int_bits


def to_sympy(expr):
    """The equivalent sympy expression (sympy must be installed).

    A power of exact numbers that symdiff keeps symbolic because it is too
    large to fold (``10**10**10``) is built unevaluated (``evaluate=False``)
    on the sympy side, and so is everything containing it: sympy would
    otherwise try to compute the number.

    >>> to_sympy("x**2/2 + atan2(y, x)")
    x**2/2 + atan2(y, x)
    """
    import sympy
    from ..parsing.parse import parse
    expr = parse(expr)
    consts = {"pi": sympy.pi, "E": sympy.E, "I": sympy.I, "EulerGamma": sympy.EulerGamma,
              "True": sympy.true, "False": sympy.false}
    done: dict = {}
    held: set = set()      # nodes built unevaluated (a huge power inside)
    for n in topo([expr]):
        op = n.op
        if op is Op.NUM:
            v = n.value
            done[n] = (sympy.Float(v) if isinstance(v, float) else
                       sympy.Rational(v.numerator, v.denominator) if isinstance(v, Fraction)
                       else sympy.Integer(v))
        elif op is Op.SYM:
            done[n] = sympy.Symbol(n.value, **{f: True for f in facts_of(n)})
        elif op is Op.CONST:
            done[n] = consts[n.value]
        else:
            args = [done[a] for a in n.args]
            kw = {}
            if (op is Op.POW and _explodes(n)) or any(a in held for a in n.args):
                held.add(n)
                kw = {"evaluate": False}
            if op is Op.ADD:
                done[n] = sympy.Add(*args, **kw)
            elif op is Op.MUL:
                done[n] = sympy.Mul(*args, **kw)
            elif op is Op.POW:
                done[n] = sympy.Pow(*args, **kw)
            elif n.value not in REGISTRY:
                done[n] = _undefined_to_sympy(n, args, sympy)
            elif n.value == "Piecewise":      # pairs (expr, cond)
                done[n] = sympy.Piecewise(*zip(args[::2], args[1::2]))
            elif n.value in _SPECIAL_TO_SYMPY:
                done[n] = _SPECIAL_TO_SYMPY[n.value](sympy, args, kw)
            else:
                done[n] = getattr(sympy, n.value)(*args, **kw)
    return done[expr]


# --- undefined functions and derivative nodes (core/undefined.py) --------

def _undefined_to_sympy(n: Expr, args: list, sympy):
    """``f(x)`` -> ``Function('f')(x)``; a derivative node -> sympy's
    ``Derivative`` (inside a ``Subs`` where a slot is no variable)."""
    from .derivative import form, is_derivative
    if not is_derivative(n):
        return sympy.Function(n.value)(*args)
    base, slots, variables, subs = form(n)
    if base in _SPECIAL_TO_SYMPY:                 # hyp2f1 -> hyper, ...
        def f(*a):
            return _SPECIAL_TO_SYMPY[base](sympy, list(a), {})
    else:
        f = getattr(sympy, base) if base in REGISTRY else sympy.Function(base)
    arg_of = dict(zip(n.args, args))
    dummies = {d: sympy.Dummy(d[1:]) for d, _ in subs}
    inner = f(*[dummies[s] if isinstance(s, str) else arg_of[s] for s in slots])
    d = sympy.Derivative(inner, *[(dummies[v] if isinstance(v, str) else arg_of[v], k)
                                  for v, k in variables])
    if not subs:
        return d
    return sympy.Subs(d, [dummies[x] for x, _ in subs], [arg_of[a] for _, a in subs])


def _undefined_from_sympy(node, sympy):
    """sympy's ``Derivative`` (as ``.doit()`` on an undefined function) and
    ``Subs`` (substituted), converted through their parts."""
    from ..ad.api import diff
    from ..core.applied import replace
    if isinstance(node, sympy.Derivative):
        wrt = []
        for v, k in node.variable_count:
            wrt += [from_sympy(v)] * int(k)
        return diff(from_sympy(node.expr), *wrt)
    old = [from_sympy(v) for v in node.variables]
    new = [from_sympy(v) for v in node.point]
    return replace(from_sympy(node.expr), dict(zip(old, new)))


# --- special functions whose sympy spelling differs (issue 17, SPECIAL) ---
def _cfunction(name: str):
    def build(sympy, args, kw):
        from sympy.codegen import cfunctions
        return getattr(cfunctions, name)(*args, **kw)
    return build


_SPECIAL_TO_SYMPY = {
    "hyp2f1": lambda sympy, a, kw: sympy.hyper(a[:2], a[2:3], a[3], **kw),
    "hyp2f2": lambda sympy, a, kw: sympy.hyper(a[:2], a[2:4], a[4], **kw),
    "_meijerg_ugamma": lambda sympy, a, kw: sympy.meijerg(((), (1, 1)), ((0, 0, a[0]), ()), a[1], **kw),
    "log1p": _cfunction("log1p"),
    "expm1": _cfunction("expm1"),
}


def _special_from_sympy(node, sympy):
    """(registry name, children) of a sympy special function whose class is
    not ``sympy.<name>``: ``hyper([a, b], [c], z)`` is ``hyp2f1(a, b, c, z)``
    (``hyper([a1, a2], [b1, b2], z)`` is ``hyp2f2``, sympy's
    ``meijerg(((), (1, 1)), ((0, 0, a), ()), x)`` the internal
    ``_meijerg_ugamma(a, x)``),
    ``sympy.codegen.cfunctions.log1p``/``expm1`` are ``log1p``/``expm1``;
    else None."""
    name = type(node).__name__
    if name == "hyper" and type(node) is sympy.hyper:
        if len(node.ap) == 2 and len(node.bq) == 1:
            return "hyp2f1", (*node.ap, *node.bq, node.argument)
        if len(node.ap) == 2 and len(node.bq) == 2:
            return "hyp2f2", (*node.ap, *node.bq, node.argument)
        return None
    if name == "meijerg" and type(node) is sympy.meijerg:     # d/da uppergamma's only
        rest = list(node.bm)
        if not node.an and not node.bother and list(node.aother) == [1, 1] and len(rest) == 3 \
                and rest.count(0) >= 2:
            rest.remove(0)
            rest.remove(0)
            return "_meijerg_ugamma", (rest[0], node.argument)
        return None
    if name in ("log1p", "expm1"):
        from sympy.codegen import cfunctions
        if type(node) is getattr(cfunctions, name):
            return name, node.args
    return None
# --- end special functions ---


def _short(obj, n: int = 80) -> str:
    try:
        text = str(obj)
    except Exception:             # pragma: no cover - a broken __str__
        text = type(obj).__name__
    return text if len(text) <= n else text[:n - 3] + "..."


def from_sympy(s) -> Expr:
    """Convert a sympy expression built from supported functions.

    Accepted: sympy numbers (finite), symbols whose names parse back as
    symbols (not ``E``, ``pi``, ``I``, function names, or names with
    spaces), ``pi``, ``E``, ``I``, ``EulerGamma``, sums, products, powers and the registry
    functions; also Python numbers, and symdiff expressions (unchanged).
    Anything else raises :class:`SymdiffError` naming it: a string (text is
    read by :func:`symdiff.parse`, never by sympy's eval-based ``sympify``),
    a Matrix (convert its entries: ``[[from_sympy(e) for e in row] for row in
    M.tolist()]``), relations, sets, derivatives, undefined or unsupported
    functions, infinities and ``nan``, non-commutative symbols.

    >>> import sympy
    >>> from_sympy(sympy.sqrt(sympy.Symbol("x")) * sympy.exp(2))
    sqrt(x)*exp(2)
    """
    import sympy
    if isinstance(s, Expr):
        return s
    if not isinstance(s, sympy.Basic) or isinstance(s, sympy.MatrixBase):
        s = _from_python(s, sympy)
        if isinstance(s, Expr):
            return s
    inner = (sympy.Add, sympy.Mul, sympy.Pow)
    done: dict = {}
    stack = [(s, False)]
    while stack:
        node, ready = stack.pop()
        special = _special_from_sympy(node, sympy) if node.args else None
        kids = special[1] if special else node.args
        if ready:
            done[node] = (Fn(special[0], *[done[a] for a in kids]) if special else
                          _convert(node, [done[a] for a in kids], sympy))
        elif special or (node.args and (isinstance(node, inner) or _function_name(node, sympy))):
            try:
                seen = node in done
            except TypeError:      # sympy built it around a non-sympy part (a list)
                raise SymdiffError(f"cannot convert {_short(node)}: not a sympy expression "
                                   "throughout (it holds unhashable parts)") from None
            if not seen:
                stack.append((node, True))
                stack.extend((a, False) for a in kids)
        else:                      # checked before hashing: a Tuple may hold a list
            done[node] = _leaf(node, sympy)
    return done[s]


SYMPY_CLASSES = {"StrictLessThan": "Lt", "LessThan": "Le", "StrictGreaterThan": "Gt",
                 "GreaterThan": "Ge", "Equality": "Eq", "Unequality": "Ne",
                 "ExprCondPair": "ExprCondPair"}


def _from_python(v, sympy):
    """A symdiff number for a Python (or NumPy) number; a sympy number for
    a complex one; SymdiffError for anything else."""
    if isinstance(v, str):
        raise SymdiffError("from_sympy takes a sympy expression, not text: read text with "
                           f"symdiff.parse({_short(v, 40)!r})")
    if isinstance(v, sympy.MatrixBase):
        raise SymdiffError("from_sympy converts one expression, not a Matrix: convert the "
                           "entries, [[from_sympy(e) for e in row] for row in M.tolist()]")
    r = real_number(v)
    if r is not None:
        return Num(r)
    if isinstance(v, numbers.Complex) and not isinstance(v, bool):
        z = complex(v)
        return sympy.Float(z.real) + sympy.Float(z.imag) * sympy.I
    raise SymdiffError(f"from_sympy takes a sympy expression, got {type(v).__name__} "
                       f"{_short(v, 40)}")


def _function_name(node, sympy) -> str:
    """The registry name of a sympy function application ('' if none):
    sympy's own class only, not an undefined function that shares the name."""
    name = type(node).__name__
    if name in REGISTRY and type(node) is getattr(sympy, name, None):
        return name
    if isinstance(node, sympy.core.function.AppliedUndef):
        return name
    # relations and Piecewise's pairs: sympy's class names (printers/conditions.py block)
    if name in SYMPY_CLASSES and type(node).__module__.startswith("sympy."):
        return SYMPY_CLASSES[name]
    return ""


def _leaf(node, sympy) -> Expr:
    if node is sympy.true or node is sympy.false:
        return CONSTANTS[str(node)]
    for name in ("pi", "E", "I", "EulerGamma"):       # singletons
        if node is getattr(sympy, name):
            return CONSTANTS[name]
    if isinstance(node, sympy.Number):
        if isinstance(node, sympy.Integer):
            return Num(int(node))
        if isinstance(node, sympy.Rational):
            return Num(Fraction(int(node.p), int(node.q)))
        if isinstance(node, sympy.Float) and node.is_finite:
            return Num(float(node))
        raise SymdiffError(f"cannot convert the sympy number {_short(node)} to symdiff: "
                           "only finite numbers are expressions")
    if isinstance(node, (sympy.Derivative, sympy.Subs)):
        return _undefined_from_sympy(node, sympy)
    if isinstance(node, sympy.Symbol):
        if isinstance(node, sympy.Dummy):    # a Subs variable: its own symbol
            return Sym(f"_{node.name}_{node.dummy_index}")
        try:
            check_symbol_name(node.name)
        except SymdiffError as e:
            raise SymdiffError(f"cannot convert the sympy Symbol {node.name!r}: {e} (it would "
                               "not read back as that symbol); rename it, e.g. with "
                               "expr.subs") from None
        if node.is_commutative is not True:
            raise SymdiffError(f"cannot convert the non-commutative sympy symbol {node.name!r}")
        given = node.assumptions0
        return Sym(node.name, [f for f in IMPLIES if given.get(f)])
    raise _unsupported(node, sympy)


def _unsupported(node, sympy) -> SymdiffError:
    name = type(node).__name__
    if isinstance(node, sympy.core.function.AppliedUndef):
        what = f"undefined function {name}"
    elif isinstance(node, sympy.core.relational.Relational):
        what = f"relation {name}"
    elif isinstance(node, sympy.Function):
        what = f"function {name}"
    else:
        what = name
    return SymdiffError(f"cannot convert sympy {what} ({_short(node)}) to symdiff: "
                        "supported are numbers, symbols, pi, E, I, EulerGamma, +, *, ** and the "
                        "functions of the function table (README, Expression syntax)")


def _convert(node, args, sympy) -> Expr:
    if isinstance(node, (sympy.Add, sympy.Mul, sympy.Pow)) and any(
            isinstance(a, Expr) and is_boolean(a) for a in args):
        raise SymdiffError(f"cannot convert {_short(node)}: a truth value inside arithmetic")
    if isinstance(node, sympy.Add):
        return Add(*args)
    if isinstance(node, sympy.Mul):
        return Mul(*args)
    if isinstance(node, sympy.Pow):
        return Pow(*args)
    if isinstance(node, sympy.core.function.AppliedUndef):
        return applied(type(node).__name__, tuple(args))
    name = _function_name(node, sympy)
    if name == "ExprCondPair":
        return tuple(args)
    if name == "Piecewise":
        return Fn(name, *[x for pair in args for x in pair])
    return Fn(name, *args)
