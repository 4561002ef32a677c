"""``compile``: expressions -> a vectorized NumPy callable.

>>> import numpy as np
>>> f = compile("x*sin(y)", ["x", "y"])
>>> f(2.0, np.array([0.0, np.pi / 2]))
array([0., 2.])
>>> print(f.source.splitlines()[-1])
    return _out(t1)
"""
from __future__ import annotations

from typing import Sequence, Union

from ..errors import SymdiffError
from ..nodes import Expr, as_symbol
from ..parse import parse
from .numpy_backend import Emitter

_PRELUDE = '''\
def _in(v):
    v = np.asarray(v)
    if v.dtype.kind in "biu":
        return v.astype(np.float64)
    if v.dtype.kind not in "fc":
        raise TypeError(f"expected numeric input, got dtype {v.dtype}")
    return v
'''


def _as_exprs(exprs) -> tuple[list[Expr], bool]:
    if isinstance(exprs, (list, tuple)):
        return [parse(e) for e in exprs], True
    if hasattr(exprs, "tolist") and not isinstance(exprs, Expr):
        return [parse(e) for e in exprs.tolist()], True
    return [parse(exprs)], False


def _as_vars(vars, exprs: list[Expr]) -> list[Expr]:
    if vars is None:
        free = set().union(*[e.free for e in exprs]) if exprs else set()
        return sorted(free, key=lambda s: s.value)
    if isinstance(vars, (str, Expr)):
        vars = [vars] if isinstance(vars, Expr) else vars.replace(",", " ").split()
    out = [as_symbol(v) for v in vars]
    if len(set(out)) != len(out):
        raise SymdiffError("compile: duplicate variable names")
    return out


class Compiled:
    """A compiled function: call it with arrays (positionally in ``vars``
    order, or by name). ``source`` is the generated Python."""

    def __init__(self, exprs, vars=None, *, sparse: bool = False, stack: bool = False):
        from ..diff.matrix import DerivMatrix
        self._given, self.sparse, self.stack = exprs, sparse, stack
        self.matrix = exprs if isinstance(exprs, DerivMatrix) else None
        if sparse and self.matrix is None:
            raise SymdiffError("compile(sparse=True) takes a jacobian/hessian matrix")
        if self.matrix is not None:
            if vars is None:
                vars = self.matrix.vars
            exprs = [e for _, e in self.matrix.items()]
        self.exprs, self.many = _as_exprs(exprs)
        if self.matrix is not None:
            self.many = True
        self.vars = _as_vars(vars, self.exprs)
        em = Emitter(self.exprs, self.vars)
        args = ", ".join(em.arg_names[v] for v in self.vars)
        lines = [f"# arguments: {', '.join(v.value for v in self.vars) or '(none)'}",
                 f"def _f({args}):"]
        lines += [f"    {a} = _in({a})" for a in (em.arg_names[v] for v in self.vars)]
        shape_args = ", ".join(f"np.shape({em.arg_names[v]})" for v in self.vars)
        dtype_args = "".join(f"{em.arg_names[v]}, " for v in self.vars)
        lines.append(f"    _shape = np.broadcast_shapes({shape_args})")
        lines.append(f"    _dtype = np.result_type({dtype_args}0.0)")
        lines.append("    _k = _dtype.type")
        lines.append("    _out = lambda r: _fit(r, _shape, _dtype)")
        lines += ["    " + s for s in em.body()]
        outs = [em.ref(e) for e in self.exprs]
        ret = ", ".join(f"_out({o})" for o in outs)
        lines.append(f"    return ({ret},)" if self.many and len(outs) == 1 else f"    return {ret}" if outs else "    return ()")
        self.source = "\n".join(lines) + "\n"
        self._fn = self._exec()

    def _exec(self):
        import numpy as np
        ns = {"np": np, "_fit": _fit, "__builtins__": {"TypeError": TypeError}}
        exec(compile_source(_PRELUDE + self.source), ns)  # generated code only
        return ns["_f"]

    def __call__(self, *args, **kwargs):
        if kwargs:
            names = [v.value for v in self.vars]
            unknown = set(kwargs) - set(names)
            if unknown:
                raise SymdiffError(f"unknown argument(s): {', '.join(sorted(unknown))}")
            args = list(args) + [kwargs[n] for n in names[len(args):] if n in kwargs]
        if len(args) != len(self.vars):
            raise SymdiffError(f"expected {len(self.vars)} argument(s) "
                               f"({', '.join(v.value for v in self.vars)}), got {len(args)}")
        out = self._fn(*args)
        if self.matrix is not None:
            return self._assemble(out, args)
        if self.stack:
            return _stack(out, args)
        return out

    def _assemble(self, values: tuple, args):
        """Dense (rows, cols, *shape) array, or (rows, cols, values) if sparse."""
        import numpy as np
        pos = self.matrix.sparsity()
        if self.sparse:
            rows = np.array([i for i, _ in pos], dtype=np.intp)
            cols = np.array([j for _, j in pos], dtype=np.intp)
            return rows, cols, _stack(values, args)
        shape, dtype = _shape_dtype(values, args)
        out = np.zeros(self.matrix.shape + shape, dtype=dtype)
        for (i, j), v in zip(pos, values):
            out[i, j] = v
        return out

    def __reduce__(self):
        return (_rebuild, (self._given, self.vars, self.sparse, self.stack))

    def __repr__(self) -> str:
        return f"<compiled {len(self.exprs)} expression(s) of ({', '.join(v.value for v in self.vars)})>"


def _rebuild(exprs, vars, sparse, stack):
    return Compiled(exprs, vars, sparse=sparse, stack=stack)


def _shape_dtype(values: tuple, args) -> tuple:
    import numpy as np
    if values:
        return values[0].shape, values[0].dtype
    arrs = [np.asarray(a) for a in args]
    arrs = [a.astype(np.float64) if a.dtype.kind in "biu" else a for a in arrs]
    return np.broadcast_shapes(*(a.shape for a in arrs)), np.result_type(*arrs, 0.0)


def _stack(values: tuple, args):
    """One array of shape (len(values), *broadcast_shape)."""
    import numpy as np
    shape, dtype = _shape_dtype(values, args)
    return np.stack(values) if values else np.zeros((0,) + shape, dtype=dtype)


def compile_source(src: str):
    import builtins
    return builtins.compile(src, "<symdiff>", "exec")


def _fit(r, shape, dtype):
    """Broadcast a result to the inputs' common shape (copying when needed)."""
    import numpy as np
    r = np.asarray(r)
    target = dtype
    if r.dtype.kind == "c" and target.kind != "c":
        target = np.result_type(target, np.complex64)
    if r.dtype != target:
        r = r.astype(target)
    if r.shape != shape:
        r = np.array(np.broadcast_to(r, shape))
    return r


def compile(exprs, vars: Union[Sequence, str, None] = None, *, sparse: bool = False,
            stack: bool = False) -> Compiled:
    """Compile an expression (or a list of them) into a NumPy function.

    ``vars`` gives the argument order (default: free symbols sorted by name).
    One expression -> a callable returning one array; a list -> a tuple.
    Inputs broadcast; float32 stays float32; complex works; integer inputs
    are promoted to float64; constant outputs take the broadcast shape.
    A jacobian/hessian matrix compiles to a dense ``(rows, cols, *shape)``
    array, or with ``sparse=True`` to ``(rows, cols, values)``; a list with
    ``stack=True`` returns one ``(len(list), *shape)`` array.
    """
    return Compiled(exprs, vars, sparse=sparse, stack=stack)
