"""``compile``: expressions -> a fast vectorized callable.

>>> import numpy as np
>>> f = compile("x*sin(y)", ["x", "y"])
>>> f(2.0, np.array([0.0, np.pi / 2]))
array([0., 2.])
>>> print(f.source.splitlines()[-1])
    t1 = multiply(a0, t0, _o0)

The same function runs on NumPy arrays (chunked, multi-threaded kernel),
through numexpr (``backend="numexpr"``), and on any array-API namespace such
as Dask or CuPy (chosen from the inputs with ``array_api_compat``).
"""
from __future__ import annotations

import math
import re
from typing import Sequence, Union

from ..errors import SymdiffError
from ..core.functions import NAMES as FUNCTION_NAMES
from ..core.matrix import DerivMatrix
from ..core.nodes import CONSTANTS, Expr, Op, Sym, as_symbol, by_name
from ..parsing.parse import parse
from . import chunked, trig
from ._exec import exec_source as _exec
from .array_api import real_type
from .lower import lower
from .scalar import REAL_ONLY
from .stable import any_complex, stabilize
from .tensor import TensorFunction
from .numpy_backend import Kernel, Names, prepare_source
from .point import MISS, FastPath

BACKENDS = ("auto", "numpy", "numexpr", "llvm", "jax", "torch")
_SCALARS = (int, float, complex)


def _as_exprs(exprs) -> tuple[list[Expr], bool]:
    def one(e):
        return e if isinstance(e, Expr) else parse(e)
    if isinstance(exprs, (list, tuple)):
        return [one(e) for e in exprs], True
    if hasattr(exprs, "tolist") and not isinstance(exprs, Expr):
        return [one(e) for e in exprs.tolist()], True
    return [one(exprs)], False


def _as_vars(vars, exprs: list[Expr]) -> list[Expr]:
    if vars is None:
        free = set().union(*[e.free for e in exprs]) if exprs else set()
        return sorted(free, key=lambda s: s.value)
    if isinstance(vars, (str, Expr)):
        vars = [vars] if isinstance(vars, Expr) else vars.replace(",", " ").split()
    out = by_name([_symbol(v) for v in vars], exprs)
    if len(set(out)) != len(out):
        raise SymdiffError("compile: duplicate variable names")
    return out


def _groups(vars) -> tuple:
    """Nested ``vars`` (as in sympy's ``lambdify``): an entry that is a list
    or tuple of names is one array argument whose first axis holds those
    variables. -> (flat vars, [count per argument, or None for a plain one])."""
    if not isinstance(vars, (list, tuple)) or not any(
            isinstance(v, (list, tuple)) for v in vars):
        return vars, None
    flat, groups = [], []
    for v in vars:
        if isinstance(v, (list, tuple)):
            if not v or any(isinstance(w, (list, tuple)) for w in v):
                raise SymdiffError("compile: a vector argument is a non-empty list of "
                                   "variable names (one level of nesting)")
            flat += list(v)
            groups.append(len(v))
        else:
            flat.append(v)
            groups.append(None)
    return flat, groups


def _symbol(v) -> Expr:
    """A symbol from a name (plain ASCII identifiers without parsing)."""
    if isinstance(v, str) and v.isascii() and v.isidentifier() and v not in CONSTANTS \
            and v not in FUNCTION_NAMES:
        return Sym(v)
    return as_symbol(v)


def _positive(name: str, v):
    if v is not None and (isinstance(v, bool) or not isinstance(v, int) or v < 1):
        raise SymdiffError(f"compile: {name} must be a positive integer or None, got {v!r}")
    return v


class Compiled:
    """A compiled function: call it with arrays (positionally in ``vars``
    order, or by name). ``source`` is the generated Python; ``threads``
    (default: all cores) and ``chunk`` (elements per chunk) tune the NumPy
    backend and may be changed after compiling."""

    def __init__(self, exprs, vars=None, *, sparse: bool = False, stack: bool = False,
                 backend: str = "auto", threads: int | None = None, chunk: int | None = None,
                 stable: bool = True):
        if backend not in BACKENDS:
            raise SymdiffError(f"compile: unknown backend {backend!r} (choose from {', '.join(BACKENDS)})")
        self._given, self.sparse, self.stack, self.backend = exprs, sparse, stack, backend
        self.stable = stable
        self.threads, self.chunk = _positive("threads", threads), _positive("chunk", chunk)
        self.matrix = exprs if isinstance(exprs, DerivMatrix) else None
        self._vars_given = vars
        vars, self.groups = _groups(vars)
        if sparse and self.matrix is None:
            raise SymdiffError("compile(sparse=True) takes a jacobian/hessian matrix")
        if self.matrix is not None:
            if vars is None:
                vars = self.matrix.vars
            exprs = [e for _, e in self.matrix.items()]
        self.exprs, self.many = _as_exprs(exprs)
        if self.matrix is not None:
            self.many = True
        vars, self.exprs = _call_inputs(vars, self.exprs)
        self.vars = _as_vars(vars, self.exprs)
        _no_undefined(self.exprs)
        free = set().union(*[e.free for e in self.exprs]) if self.exprs else set()
        missing = sorted(s.value for s in free - set(self.vars))
        if missing:
            raise SymdiffError("expression uses symbols that are not arguments: " + ", ".join(missing))
        roots = stabilize(self.exprs) if stable else self.exprs
        self.program = p = lower(roots, self.vars)
        self._fixed, self._error = _complex_constants(p)
        if p.complex and list(roots) != list(self.exprs):   # complex constants: no stable forms
            self.program = p = lower(self.exprs, self.vars)
            self._fixed, self._error = _complex_constants(p)
            roots = self.exprs
        self._stabilized, self._naive = list(roots) != list(self.exprs), None
        names = Names(p)
        self._prep = prepare_source(p, names, fixed=self._fixed)
        self._prepare = _exec("\n".join(self._prep) + "\n", "_prepare", complex=complex)
        if backend == "numexpr":
            from .numexpr_backend import NumexprProgram
            self._ne = NumexprProgram(p, names)
        self._kernel = Kernel(p, names)      # (the numexpr backend's small inputs)
        self._kfn = self._kernel.function()
        self._fast = FastPath(self, backend == "llvm") if backend in ("auto", "llvm") else None
        if self._fast is not None and self._fast.straight:   # Python floats: straight-line
            self.__class__ = self._fast.scalar_class(Compiled)
        self._source = None
        self._xp_fn = None
        self._tensor = TensorFunction(self, backend) if backend in ("jax", "torch") else None
        # real-only primitives (atan2) on values that may be complex
        self._real_only = sorted({REAL_ONLY[i[0]] for n, instrs in p.steps.items()
                                  for i in instrs if i[0] in REAL_ONLY and n.free})

    @property
    def source(self) -> str:
        """The generated Python: ``_prepare`` (the constants) and the
        kernel (NumPy backend) or the numexpr program (printed on first use)."""
        if self._source is None and self._tensor is not None:
            self._source = "\n".join(self._prep) + "\n\n" + self._tensor.source
        if self._source is None:
            body = self._ne.source if self.backend == "numexpr" else "\n".join(self._kernel.lines) + "\n"
            names = ", ".join(f"a{i}={v.value!r}" for i, v in enumerate(self.vars)) or "(none)"
            self._source = f"# arguments: {names}\n" + "\n".join(self._prep) + "\n\n" + body
        return self._source

    # -- calling ------------------------------------------------------------

    def __call__(self, /, *args, **kwargs):   # "self" may be a variable name
        if self._tensor is not None:
            return self._tensor(args, kwargs)
        if self._fast is not None and not kwargs:
            r = self._fast(args)          # one point, small batches (point.py)
            if r is not MISS:
                return r
        if self.groups is not None:
            return self._call_packed(args, kwargs)
        args = self._positional(args, kwargs)
        outs = self._values(args)
        if self.matrix is not None:
            return self._assemble(tuple(outs), args)
        if self.stack:
            return _stack(tuple(outs), args)
        return tuple(outs) if self.many else outs[0] if outs else ()

    def _positional(self, args, kwargs) -> list:
        """The arguments in ``vars`` order (keywords by variable name)."""
        if kwargs:
            names = [v.value for v in self.vars]
            unknown = set(kwargs) - set(names)
            if unknown:
                raise SymdiffError(f"unknown argument(s): {', '.join(sorted(unknown))}")
            args = list(args) + [kwargs[n] for n in names[len(args):] if n in kwargs]
        if len(args) != len(self.vars):
            raise SymdiffError(f"expected {len(self.vars)} argument(s) "
                               f"({', '.join(v.value for v in self.vars)}), got {len(args)}")
        return args

    def naive(self) -> "Compiled":
        """This function without the stable forms (``stable.py``), which
        complex inputs run: the forms are identities of real arithmetic."""
        if not self._stabilized:
            return self
        if self._naive is None:
            self._naive = Compiled(self.exprs, self.vars, backend=self.backend,
                                   threads=self.threads, chunk=self.chunk, stable=False)
        return self._naive

    def _values(self, args) -> list:
        """One value per expression; NumPy scalars for scalar inputs."""
        from .array_api import namespace
        if self._error is not None:
            raise SymdiffError(str(self._error))
        if self._stabilized and any_complex(args):
            return self.naive()._values(args)
        xp = namespace(args)
        if xp is not None:
            try:
                return self._call_xp(xp, args)
            except TypeError as exc:
                raise SymdiffError(f"cannot evaluate on these inputs: {exc}") from None
        import numpy as np
        outs = self._call_numpy(args)
        if outs and outs[0].ndim == 0 and not any(isinstance(a, np.ndarray) for a in args):
            outs = [o[()] for o in outs]     # scalars in, scalars out (0-d arrays stay arrays)
        return outs

    def _call_packed(self, args, kwargs):
        """Vector arguments (nested ``vars``): see ``compile``."""
        import numpy as np
        if kwargs:
            raise SymdiffError("a function with vector arguments takes its arguments positionally")
        if len(args) != len(self.groups):
            raise SymdiffError(f"expected {len(self.groups)} argument(s), got {len(args)}")
        flat = []
        for a, k in zip(args, self.groups):
            if k is None:
                flat.append(a)
                continue
            a = a if hasattr(a, "shape") and hasattr(a, "__getitem__") else np.asarray(a)
            if len(a.shape) == 0 or a.shape[0] != k:
                raise SymdiffError(f"a vector argument of {k} variable(s) has shape (k, ...) "
                                   f"with k = {k}, got shape {tuple(a.shape)}")
            flat += [a[i] for i in range(k)]
        outs = self._values(flat)
        if self.matrix is not None:
            if self.sparse:
                return self._assemble(tuple(outs), flat)
            out = self._assemble(tuple(outs), flat)
            rows, cols = self.matrix.shape
            if out.ndim == 2:
                return out
            # the Jacobian of the stacked outputs raveled: row i at point k
            # is row i*P + k (P points), as least_squares takes it
            return np.moveaxis(out.reshape(rows, cols, -1), 1, 2).reshape(-1, cols)
        if self.many:
            return _stack(tuple(np.asarray(o) for o in outs), flat)
        return outs[0]

    def _call_numpy(self, args) -> list:
        import numpy as np
        arrs, dtype, shape = numpy_inputs(args)
        ctype = np.result_type(dtype, np.complex64)
        if self._real_only and dtype.kind == "c":
            raise SymdiffError(f"{self._real_only[0]} is defined for real arguments only "
                               f"(got {dtype} inputs)")
        consts = self._prepare(real_type(dtype), ctype.type)
        try:
            if self.backend == "numexpr":
                outs = self._ne(arrs, consts, dtype, shape, self.threads,
                                self.chunk or 2 * chunked.CHUNK,   # fewer numexpr calls
                                self._run_kernel)
                return [_fit(o, shape, dtype) for o in outs]
            dtypes = [ctype if c else dtype for c in self._kernel.complex_out]
            return self._run_kernel(arrs, consts, dtype, dtypes, shape)
        except TypeError as exc:
            raise SymdiffError(f"cannot evaluate on {dtype} inputs: {exc}") from None

    def _run_kernel(self, arrs, consts, dtype, dtypes, shape) -> list:
        """The NumPy kernel on arrays of ``dtype`` (outputs in ``dtypes``);
        the numexpr backend's small inputs come here too."""
        import numpy as np
        k = self._kernel
        ctype = np.result_type(dtype, np.complex64)
        # tiny inputs: libm sin/cos (the shared reduction's ~70 ufunc calls
        # cost more than they save); decided per call size, never per chunk
        work = k.nwork if math.prod(shape) >= trig.MIN_SIZE else 0
        bufs = [dtype] * k.nreal + [ctype] * k.ncomplex + [dtype] * work
        return chunked.run(self._kfn, consts, arrs, shape, dtypes, bufs,
                           self.threads or chunked.default_threads(), self.chunk or chunked.CHUNK)

    def _call_xp(self, xp, args) -> list:
        from .array_api import call
        if self._xp_fn is None:
            from .plain import xp_source
            self._xp_fn = _exec(xp_source(self.program), "_plain")
        return call(self._xp_fn, self._prepare, xp, args, len(self.exprs))

    def module_source(self, lang: str = "python", name: str = "f") -> str:
        """A standalone Python module (imports only numpy) defining
        ``f(<vars>)``: same values as this function (a tuple for a list of
        expressions, matrices as their tuple of entries). Variable names
        that are not safe Python parameters are renamed (listed at the top).
        The module evaluates the stable forms (``stable.py``), meant for real
        inputs. ``lang="c"``: the C99 source of ``int name(const double *in,
        double *out)`` (see ``symdiff.ccode``, which also gives the header)."""
        if lang == "c":
            from .c_backend import compiled_c
            return compiled_c(self, name)[0]
        if lang != "python":
            raise SymdiffError(f"module_source: unknown language {lang!r} (python or c)")
        from .plain import module_source
        return module_source(self.program, self.many, self._fixed)

    # -- matrices and stacks -----------------------------------------------

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
        return (_rebuild, (self._given, self._vars_given, self.sparse, self.stack, self.backend,
                           self.threads, self.chunk, self.stable))

    def __repr__(self) -> str:
        return f"<compiled {len(self.exprs)} expression(s) of ({', '.join(v.value for v in self.vars)})>"


def _rebuild(exprs, vars, sparse, stack, backend="numpy", threads=None, chunk=None, stable=True):
    return Compiled(exprs, vars, sparse=sparse, stack=stack, backend=backend,
                    threads=threads, chunk=chunk, stable=stable)


def _complex_constants(p) -> tuple:
    """Principal values of the constants that are not real (``sqrt(-pi)``,
    ``2*I``), marked complex in ``p`` with what depends on them, and a
    SymdiffError that evaluating the constants raised (or None)."""
    from .lower import mark_complex
    from .scalar import evaluate
    try:
        values = evaluate(p, {}, only_constants=True)
    except SymdiffError as exc:
        return {}, exc
    import numpy as np
    seeds = {c for c in p.consts if isinstance(values.get(c), np.complexfloating)}
    mark_complex(p, seeds)
    return {c: values[c] for c in p.consts if c in p.complex and c in values}, None


def numpy_inputs(args) -> tuple[list, object, tuple]:
    """Arrays in one floating dtype (integers promoted; Python scalars do not
    widen float32) and their broadcast shape."""
    import numpy as np
    arrs, keys = [], []
    for v in args:
        a = np.asarray(v)
        if a.dtype.kind in "biu":
            a = a.astype(np.float64)
        elif a.dtype.kind not in "fc":
            raise SymdiffError(f"expected numeric input, got dtype {a.dtype}")
        arrs.append(a)
        keys.append(v if type(v) in _SCALARS else a)
    dtype = np.result_type(*keys, 0.0)
    arrs = [a if a.dtype == dtype else a.astype(dtype) for a in arrs]
    try:
        shape = np.broadcast_shapes(*(a.shape for a in arrs))
    except ValueError:
        raise SymdiffError("inputs do not broadcast together: shapes "
                           + ", ".join(str(a.shape) for a in arrs)) from None
    return arrs, dtype, shape


def _fit(r, shape, dtype):
    """Broadcast a result to the inputs' common shape (copying when needed)."""
    import numpy as np
    r = np.asarray(r)
    if r.dtype != dtype and not (r.dtype.kind == "c" and dtype.kind != "c"):
        r = r.astype(dtype)
    if r.shape != shape:
        r = np.array(np.broadcast_to(r, shape))
    return r


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


def _call_inputs(vars, exprs: list):
    """Variables that are calls (``"th1(t)"``, ``Derivative(th1(t), t)``):
    inputs like symbols. Each is replaced in ``exprs`` by a symbol named
    after its text (``th1_t``, ``Derivative_th1_t_t``)."""
    if not isinstance(vars, (list, tuple)) or not any(
            (isinstance(v, str) and "(" in v) or (isinstance(v, Expr) and v.op is Op.FN)
            for v in vars):
        return vars, exprs
    from ..core.applied import replace, undefined_calls
    from ..core.undefined import split
    declared = {split(n.value)[0] for n in undefined_calls(exprs)}
    taken = {s.value for e in exprs for s in e.free} | {v for v in vars if isinstance(v, str)}
    mapping, out = {}, []
    for v in vars:
        if isinstance(v, str) and "(" in v:
            v = parse(v, functions=declared)
        if isinstance(v, Expr) and v.op is Op.FN:
            if v not in mapping:
                name = "_".join(re.findall(r"\w+", str(v)))
                while name in taken:
                    name += "_"
                taken.add(name)
                mapping[v] = Sym(name)
            v = mapping[v]
        out.append(v)
    return out, [replace(e, mapping) for e in exprs]


def _no_undefined(exprs) -> None:
    """Undefined functions have no values: compiling them is an error that
    says how to make them inputs or concrete."""
    from ..core.applied import undefined_calls
    calls = undefined_calls(exprs)
    if calls:
        raise SymdiffError(f"cannot compile the undefined function call {calls[0]}: make it "
                           "an input (list it among the variables, or replace it by a symbol: "
                           "symdiff.replace(e, {call: 'q1'})) or a concrete function "
                           "(symdiff.subs_function)")


def compile(exprs, vars: Union[Sequence, str, None] = None, *, sparse: bool = False,
            stack: bool = False, backend: str = "auto", threads: int | None = None,
            chunk: int | None = None, stable: bool = True) -> Compiled:
    """Compile an expression (or a list of them) into a vectorized function.

    ``vars`` gives the argument order (default: free symbols sorted by name).
    One expression -> a callable returning one array; a list -> a tuple.
    Inputs broadcast; float32 stays float32; complex works; integer inputs
    are promoted to float64; constant outputs take the broadcast shape.
    A jacobian/hessian matrix compiles to a dense ``(rows, cols, *shape)``
    array, or with ``sparse=True`` to ``(rows, cols, values)``; a list with
    ``stack=True`` returns one ``(len(list), *shape)`` array.
    ``backend``: "auto" (default: one point and small batches on the fast
    paths of ``point.py``, straight-line Python or native code through
    llvmlite, large arrays on the NumPy kernel), "numpy" (chunked,
    ``threads`` threads, default all cores), "numexpr" (optional
    dependency) or "llvm" (native code for float64 inputs of every size,
    on ``threads`` threads; optional llvmlite, NumPy without it); "jax"
    and "torch" return a pure function of JAX arrays / PyTorch tensors
    (``codegen/tensor.py``).
    ``stable`` (default): overflow-prone shapes such as ``log(1 + exp(x))``
    are evaluated in stable forms on real inputs (``codegen/stable.py``).
    Dask/CuPy inputs run the same code
    in their own namespace (needs ``array_api_compat``).
    Constants take sympy's principal values in every dtype and backend
    (``sqrt(-pi)*x`` is complex even for real ``x``); ``atan2`` takes real
    arguments only (complex inputs raise SymdiffError).

    Output shapes (``S``: the inputs' broadcast shape, ``P = prod(S)``;
    "scalars" means every input is a Python or NumPy scalar, and then the
    results are scalars, as with sympy's ``lambdify``: Python floats for
    Python floats on the fast path, NumPy scalars otherwise; 0-d arrays in
    give 0-d arrays out):

    ======================  ===================  ========================
    compiled                scalar inputs        array inputs (shape S)
    ======================  ===================  ========================
    one expression          scalar               ``S``
    list of m               tuple of m scalars   tuple of m arrays ``S``
    list, ``stack=True``    ``(m,)``             ``(m, *S)``
    matrix (r, c)           ``(r, c)``           ``(r, c, *S)``
    matrix, ``sparse``      rows, cols, ``(k,)`` rows, cols, ``(k, *S)``
    *vector arguments:*
    one expression          scalar               ``S``
    list of m               ``(m,)``             ``(m, *S)``
    matrix (r, c)           ``(r, c)``           ``(r*P, c)``
    ======================  ===================  ========================

    Vector arguments (as in ``lambdify``): an entry of ``vars`` that is a
    list of names is one array argument whose first axis holds those
    variables (shape ``(k,)``, or ``(k, *S)`` for many points), e.g.
    ``compile(f, [["x0", "x1"]])`` is ``f(x)`` and
    ``compile(rhs, ["t", ["y1", "y2"]])`` is ``f(t, y)``. A list then comes
    back as one array and a matrix as the Jacobian of those outputs
    raveled (row ``i`` at point ``k`` is row ``i*P + k``), which are the
    shapes SciPy takes: ``minimize(fun, x0, jac=, hess=)`` (gradient
    ``(n,)``, Hessian ``(n, n)``), ``least_squares(res, p0, jac=,
    args=(t, y))`` with residuals over data points (``(N,)`` and
    ``(N, n)`` from a one-row ``jacobian``), ``solve_ivp(fun, span, y0,
    jac=)`` (``(n,)`` and ``(n, n)``; ``vectorized=True`` works too).
    """
    return Compiled(exprs, vars, sparse=sparse, stack=stack, backend=backend,
                    threads=threads, chunk=chunk, stable=stable)
