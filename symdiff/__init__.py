"""symdiff: exact symbolic derivatives, small shared DAGs, fast NumPy code.

>>> import symdiff
>>> symdiff.diff("(x1+x2)*x1**2", "x1")
x1**2 + 2*x1*(x1 + x2)
>>> x, y = symdiff.symbols("x y")
>>> f = x*symdiff.sin(y) + x**2
>>> symdiff.diff(f, x)
2*x + sin(y)
>>> symdiff.count_ops(f)
4
"""
from __future__ import annotations

from .errors import LimitError, ParseError, SymdiffError
from .core.facts import closure as _closure
from .core.functions import REGISTRY as _REGISTRY
from .core import evalf as _evalf   # noqa: F401  (float(e), e.evalf(): see core.nodes.UPPER)
from .core.limits import limits
from .core.matrix import DerivMatrix
from .core.nodes import Expr, Fn as _Fn, Sym as _Sym, as_expr as _as_expr
from .core.nodes import check_symbol_name as _check_symbol_name
from .core.nodes import UPPER as _UPPER, count_ops
from .core.applied import Function, Lambda, replace
from .parsing.parse import parse
from .ad.api import diff
from .rewrite.strategy import cancel, expand, simplify, together, trigsimp
from .printers.infix import to_str as _to_str
from .printers.length import printed_length as _str_len


def _latex(e) -> str:
    from .printers.latex import latex      # on first display: not a start-up import
    return latex(e)


_UPPER.to_str, _UPPER.latex = _to_str, _latex   # str(e), e._repr_latex_() (core/nodes.py)
_UPPER.str_len = _str_len       # len(str(e)) without the text (simplify's tie-breaks)

# Imported on first use (PEP 562), not at start-up: the command line's diff
# path needs none of them.
_LAZY = {"grad": ".ad.reverse", "jacobian": ".ad.reverse", "hessian": ".ad.reverse",
         "gradcheck": ".ad.numcheck", "GradcheckResult": ".ad.numcheck",
         "latex": ".printers.latex", "from_sympy": ".printers.sympy_bridge",
         "to_sympy": ".printers.sympy_bridge", "ccode": ".codegen.ccode",
         "subs_function": ".ad.undefined", "euler_equations": ".ad.undefined",
         "factor": ".rewrite.factoring"}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'symdiff' has no attribute {name!r}")
    from importlib import import_module
    value = globals()[name] = getattr(import_module(module, __name__), name)
    return value


def __dir__():
    return sorted({*globals(), *_LAZY})


__version__ = "0.1.0"

__all__ = ["Expr", "SymdiffError", "ParseError", "LimitError", "limits", "parse",
           "diff", "grad", "jacobian", "hessian", "DerivMatrix", "compile", "count_ops", "symbols", "latex", "to_sympy",
           "gradcheck", "GradcheckResult", "simplify", "expand", "together", "cancel", "trigsimp",
           "factor", "from_sympy", "Function", "Lambda", "replace", "subs_function",
           "euler_equations", "ccode", *sorted(n for n in _REGISTRY if n[:1] != "_")]


def symbols(names: str, **assume: bool) -> tuple[Expr, ...]:
    """Symbols from a space- or comma-separated string of names, optionally
    with assumptions (``positive``, ``negative``, ``nonnegative``, ``real``,
    ``integer``, ``nonzero``) that let domain-restricted simplifications fire.

    >>> symbols("x, y")
    (x, y)
    >>> x, = symbols("x", positive=True)
    >>> simplify(sqrt(x**2))
    x
    """
    facts = sorted(k for k, v in assume.items() if v)
    _closure(facts)                         # unknown names raise here
    out = []
    for n in names.replace(",", " ").split():
        _check_symbol_name(n)
        out.append(_Sym(n, facts))
    return tuple(out)


def compile(exprs, vars=None, *, sparse: bool = False, stack: bool = False,
            backend: str = "auto", threads=None, chunk=None, stable: bool = True):
    """Compile expressions into a vectorized NumPy function.

    One expression gives a callable returning one array, a list gives a
    tuple. ``vars`` fixes the argument order (default: free symbols by name).
    ``f.source`` holds the generated Python. A ``jacobian``/``hessian``
    result compiles to a dense ``(rows, cols, *shape)`` array, or to
    ``(rows, cols, values)`` with ``sparse=True``; ``stack=True`` turns a
    list's tuple into one ``(len(list), *shape)`` array.
    ``backend="numpy"`` (default) evaluates large inputs in cache-sized
    ``chunk``s on ``threads`` threads (default: all cores; results are
    bit-identical for any setting; sin and cos of one float64 argument
    share a vectorized reduction within 2 ulp of libm);
    ``backend="numexpr"`` uses numexpr
    (optional). The default ``backend="auto"`` runs one point and small
    batches without NumPy's per-operation cost (straight-line Python for
    Python floats, native code through the optional llvmlite for float64
    points; same values as NumPy's) and large arrays as "numpy";
    ``backend="llvm"`` runs native code at every size. Dask and CuPy arrays run the same code in their own
    namespace (optional ``array-api-compat``). ``f.module_source()`` is a
    standalone NumPy module. ``backend="jax"``/``"torch"`` give pure JAX /
    PyTorch functions (jit, vmap, grad, GPU); ``ccode`` prints C.
    ``stable=True`` evaluates overflow-prone shapes (``log(1 + exp(x))``,
    sigmoid, log-sum-exp, softmax) in stable forms on real inputs.

    A variable may be an undefined function's call, ``"q(t)"`` or
    ``"Derivative(q(t), t)"``: it is then an input like a symbol.

    Scalars in give scalars out (Python floats for Python floats). An entry of ``vars`` that is a list
    of names is one array argument (a *vector argument*, as in
    ``lambdify``), which gives the shapes SciPy's ``minimize``,
    ``least_squares`` and ``solve_ivp`` take; the table of output shapes is
    in :func:`symdiff.codegen.compiled.compile` and README.md.

    >>> import numpy as np
    >>> f = compile(diff("sin(x)*exp(-x**2)", "x"), ["x"])
    >>> f(np.array([0.0, 1.0])).round(6)
    array([ 1.      , -0.420354])
    """
    from .codegen.compiled import compile as _compile
    return _compile(exprs, vars, sparse=sparse, stack=stack, backend=backend,
                    threads=threads, chunk=chunk, stable=stable)


def _function(name: str):
    def build(*args):
        if name == "Piecewise":      # Piecewise((expr, cond), ...): pairs, flat in the node
            args = [str(a) if isinstance(a, bool) else a for pair in args for a in pair]
        return _Fn(name, *[_as_expr(a) for a in args])
    build.__name__ = build.__qualname__ = name
    build.__doc__ = f"Build ``{name}(...)``: the registry function {name!r}."
    return build


for _name in _REGISTRY:
    if _name[:1] != "_":                 # _rows are internal (codegen)
        globals()[_name] = _function(_name)
del _name
