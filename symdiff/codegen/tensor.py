"""``backend="jax"`` and ``backend="torch"``: compiled code as a pure
function of JAX arrays or PyTorch tensors.

The program is printed as whole-array statements (``plain.body_lines``,
the NumPy kernel's instructions in the same order) over ``jax.numpy`` or
``torch``, so the function traces: under ``jax.jit``/``vmap``/``grad`` and
``torch.compile``, on whatever device the inputs live on. Arrays are never
converted to NumPy; constants are computed once per dtype with NumPy and
passed as Python scalars (weakly typed: float32 stays float32).

JAX differentiates with symdiff's rules: the function is a
``jax.custom_jvp`` whose tangent is ``sum_j d f_i/d x_j * t_j`` with the
partial derivatives from ``Expr.diff``, compiled the same way (so second
derivatives are symdiff's too). PyTorch's autograd differentiates the
primitive operations (the same values up to rounding).

Inputs of a complex dtype run the program without the stable forms
(``stable.py``: they are identities of real arithmetic).
"""
from __future__ import annotations

from ..errors import SymdiffError
from ..core.nodes import UPPER
from ._exec import exec_source
from .array_api import real_type
from .numpy_backend import Names
from .plain import XP_NAMES, body_lines
from .lower import Program


def fn_source(p: Program) -> str:
    """``_f(xp, _a, _c)``: the outputs as a tuple, in namespace ``xp``."""
    names = Names(p)
    lines = ["def _f(xp, _a, _c):"]
    for var, items in (("_a", [names[a] for a in p.args]), ("_c", [names[c] for c in p.consts])):
        if items:
            lines.append(f"    {', '.join(items)}, = {var}")
    body = body_lines(p, names, "xp", XP_NAMES)
    if any("_xsc." in b for b in body):      # special functions: jax.scipy.special, torch.special
        lines.append("    _xsc = _special(xp)")
    lines += body
    ret = ", ".join(names[r] for r in p.roots)
    lines.append(f"    return ({ret}{',' if len(p.roots) == 1 else ''})")
    return "\n".join(lines) + "\n"


class _Jax:
    """Array operations of one library, by what ``TensorFunction`` needs."""
    name = "jax"

    def __init__(self):
        try:
            import jax
            import jax.numpy as jnp
        except ImportError:
            raise SymdiffError('backend="jax" needs the optional package jax '
                               "(pip install 'symdiff[jax]')") from None
        self.jax, self.xp = jax, jnp

    def asarray(self, a):
        a = self.xp.asarray(a)
        if not self.xp.issubdtype(a.dtype, self.xp.inexact):
            a = a.astype(self.xp.result_type(float))
        return a

    def is_complex(self, a) -> bool:
        return self.xp.issubdtype(a.dtype, self.xp.complexfloating)

    def full(self, shape, v, like):
        return self.xp.full(shape, v, dtype=self.xp.result_type(like.dtype, type(v)))

    def moveaxis(self, a, i, j):
        return self.xp.moveaxis(a, i, j)


class _Torch:
    name = "torch"

    def __init__(self):
        try:
            import torch
        except ImportError:
            raise SymdiffError('backend="torch" needs the optional package torch '
                               "(pip install 'symdiff[torch]')") from None
        self.torch = torch
        self.xp = _torch_namespace(torch)

    def asarray(self, a):
        t = self.torch
        a = a if isinstance(a, t.Tensor) else t.as_tensor(a)
        if not (a.is_floating_point() or a.is_complex()):
            a = a.to(t.get_default_dtype())
        return a

    def is_complex(self, a) -> bool:
        return a.is_complex()

    def full(self, shape, v, like):
        dtype = like.dtype
        if isinstance(v, complex) and not like.is_complex():
            dtype = self.torch.complex128 if dtype == self.torch.float64 else self.torch.complex64
        return self.torch.full(shape, v, dtype=dtype, device=like.device)

    def moveaxis(self, a, i, j):
        return self.torch.movedim(a, i, j)


def _torch_namespace(torch):
    """``torch`` with the array-API spellings the printed code uses; binary
    functions accept a Python scalar operand (constants are scalars)."""
    import types

    def binary(f):
        def g(a, b):
            if not isinstance(a, torch.Tensor):
                a = torch.as_tensor(a, dtype=b.dtype, device=b.device)
            elif not isinstance(b, torch.Tensor):
                b = torch.as_tensor(b, dtype=a.dtype, device=a.device)
            return f(a, b)
        return g
    ns = types.SimpleNamespace(
        atan2=binary(torch.atan2),
        minimum=binary(torch.minimum), maximum=binary(torch.maximum),
        isdtype=lambda d, kind: d.is_complex if kind == "complex floating" else None,
        conj=lambda a: torch.conj(a).resolve_conj(), __name__="torch")
    for name in ("sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh",
                 "acosh", "atanh", "exp", "log", "sqrt", "abs", "sign", "log1p", "expm1",
                 "real", "imag", "zeros_like", "stack", "broadcast_shapes", "broadcast_to",
                 "floor", "ceil", "reshape", "take", "argmax", "any", "int8"):
        setattr(ns, name, getattr(torch, name))
    # comparisons, logic and the masked selections of Piecewise/Heaviside
    for name in ("less", "less_equal", "greater", "greater_equal", "logical_and", "logical_or"):
        setattr(ns, name, binary(getattr(torch, name)))
    ns.equal, ns.not_equal = binary(torch.eq), binary(torch.ne)   # (torch.equal: whole tensors)
    ns.logical_not, ns.nan, ns.pi = torch.logical_not, float("nan"), float(torch.pi)
    ns.where = lambda c, a, b: torch.where(c, *_tensors(torch, a, b))
    ns.broadcast_arrays = lambda *a: torch.broadcast_tensors(*_tensors(torch, *a))
    ns.astype = lambda a, dtype: a.to(dtype)
    ns.concat = torch.cat
    ns.full = lambda n, v, dtype: torch.full((n,), v, dtype=dtype)
    ns.ones = lambda n, dtype: torch.ones(n, dtype=dtype)
    return ns


def _tensors(torch, *args):
    """Python scalars among ``args`` as tensors like the first tensor."""
    like = next((a for a in args if isinstance(a, torch.Tensor)), None)
    if like is None:
        return args
    return tuple(a if isinstance(a, torch.Tensor) else torch.as_tensor(
        a, dtype=like.dtype if not isinstance(a, bool) else torch.bool, device=like.device)
        for a in args)


LIBRARIES = {"jax": _Jax, "torch": _Torch}


class TensorFunction:
    """The callable behind ``Compiled`` for ``backend`` "jax" or "torch"."""

    def __init__(self, compiled, backend: str):
        self.c = compiled
        self.lib = LIBRARIES[backend]()
        self.fn = exec_source(fn_source(compiled.program), "_f")
        self._consts: dict = {}
        self._derivs = None
        for dt in ("float64", "float32"):     # ahead of tracing (torch.compile fullgraph)
            self.constants(dt)
        if backend == "jax":
            self.flat = self.lib.jax.custom_jvp(self._flat)
            self.flat.defjvp(self._jvp)
        else:
            self.flat = self._flat

    @property
    def source(self) -> str:
        return fn_source(self.c.program)

    def constants(self, dtype) -> tuple:
        key = str(dtype).split(".")[-1]
        out = self._consts.get(key)
        if out is None:
            import numpy as np
            npdt = np.dtype(key)
            vals = self.c._prepare(real_type(npdt), np.result_type(npdt, np.complex64).type)
            out = self._consts[key] = tuple(v.item() for v in vals)
        return out

    def _flat(self, *arrs):
        """One array per expression, in the inputs' broadcast shape."""
        lib, xp = self.lib, self.lib.xp
        if not arrs:
            raise SymdiffError(f'backend="{lib.name}" needs at least one array argument')
        if any(lib.is_complex(a) for a in arrs) and self.c._stabilized:
            return self.c.naive()._tensor._flat(*arrs)
        dtype = xp.result_type(*arrs) if lib.name == "jax" else _torch_result(arrs)
        outs = self.fn(xp, arrs, self.constants(dtype))
        shape = tuple(xp.broadcast_shapes(*[tuple(a.shape) for a in arrs]))
        res = []
        for r in outs:
            if not hasattr(r, "shape"):
                r = lib.full(shape, r, arrs[0])
            elif tuple(r.shape) != shape:
                r = xp.broadcast_to(r, shape)
            res.append(r)
        return tuple(res)

    def _jvp(self, primals, tangents):
        """Tangents from symdiff's derivatives (see the module docstring)."""
        xp = self.lib.xp
        outs = self.flat(*primals)
        if self._derivs is None:
            if UPPER.diff is None:
                raise SymdiffError("derivatives need symdiff.ad (import symdiff)")
            c = self.c
            pairs = [(i, j, UPPER.diff(e, v)) for i, e in enumerate(c.exprs)
                     for j, v in enumerate(c.vars)]
            pairs = [(i, j, d) for i, j, d in pairs if not (d.op.name == "NUM" and d.value == 0)]
            fn = type(c)([d for _, _, d in pairs], c.vars, backend="jax") if pairs else None
            self._derivs = ([(i, j) for i, j, _ in pairs], fn)
        index, fn = self._derivs
        vals = fn._tensor.flat(*primals) if fn is not None else ()
        acc: list = [None] * len(outs)
        for (i, j), v in zip(index, vals):
            term = v * tangents[j]
            acc[i] = term if acc[i] is None else acc[i] + term
        touts = tuple(xp.zeros_like(o) if a is None else
                      xp.broadcast_to(a, o.shape).astype(o.dtype) for a, o in zip(acc, outs))
        return outs, touts

    # -- the shapes of Compiled.__call__ ---------------------------------

    def __call__(self, args, kwargs):
        c, lib, xp = self.c, self.lib, self.lib.xp
        if c.groups is not None:
            if kwargs or len(args) != len(c.groups):
                raise SymdiffError(f"expected {len(c.groups)} positional argument(s)")
            flat = []
            for a, k in zip(args, c.groups):
                if k is None:
                    flat.append(lib.asarray(a))
                    continue
                a = lib.asarray(a)
                if a.ndim == 0 or a.shape[0] != k:
                    raise SymdiffError(f"a vector argument of {k} variable(s) has shape (k, ...) "
                                       f"with k = {k}, got shape {tuple(a.shape)}")
                flat += [a[i] for i in range(k)]
        else:
            flat = [lib.asarray(a) for a in c._positional(args, kwargs)]
        outs = self.flat(*flat)
        if c.matrix is not None:
            out = self._assemble(outs, flat)
            if c.groups is not None and not c.sparse and out.ndim > 2:
                rows, cols = c.matrix.shape
                return lib.moveaxis(out.reshape(rows, cols, -1), 1, 2).reshape(-1, cols)
            return out
        if c.stack or (c.groups is not None and c.many):
            return xp.stack(outs)
        return outs if c.many else outs[0]

    def _assemble(self, outs, flat):
        import numpy as np
        c, xp = self.c, self.lib.xp
        pos = c.matrix.sparsity()
        if c.sparse:
            return (np.array([i for i, _ in pos], dtype=np.intp),
                    np.array([j for _, j in pos], dtype=np.intp), xp.stack(outs))
        rows, cols = c.matrix.shape
        at = dict(zip(pos, outs))
        zero = xp.zeros_like(outs[0] if outs else flat[0])
        return xp.stack([xp.stack([at.get((i, j), zero) for j in range(cols)])
                         for i in range(rows)])


def _torch_result(arrs):
    import torch
    dtype = arrs[0].dtype
    for a in arrs[1:]:
        dtype = torch.promote_types(dtype, a.dtype)
    return dtype
