"""Fast paths of a compiled function: one point, small batches, and (with
``backend="llvm"``) large float64 arrays.

A NumPy kernel pays about a microsecond per ufunc call for every step of
the program, which dominates at one point (a Rosenbrock n=1000 gradient:
9,000 steps, ~10 ms). ``FastPath`` answers such calls without NumPy's
per-step cost, with the NumPy backend's values:

- Python floats into a small program: straight-line Python over ``math``
  (``straightline``), Python floats out; where ``math`` raises (domain
  error, overflow, division by zero) the call goes to NumPy, which gives
  NaN/inf with its warnings.
- float64 scalars, vectors and batches of points (up to ``SMALL_BATCH``
  points for ``backend="auto"``, any size for ``"llvm"``): the native
  kernel of ``llvm_backend`` (llvmlite), without copies of the inputs; large
  inputs run on ``threads`` threads.

A result with NaN or inf is computed again by NumPy, so domain errors
warn (and obey ``np.errstate``) as they do there. Anything else (complex or float32 inputs, broadcasting between arrays of
different shapes, 0-d arrays, keyword arguments, llvmlite missing, a
program with complex constants) returns ``MISS`` and takes the NumPy path.
"""
from __future__ import annotations

import numpy as np

from . import chunked, llvm_backend, straightline

MISS = object()
SMALL_BATCH = 4096      # "auto": points up to this go native, beyond NumPy's kernel
_PER_THREAD = 8192      # points per thread at least, for the native kernel

_SCALAR = (float, int, np.float64)


class FastPath:
    """The fast calls of one ``Compiled`` (``c``): ``call(args)`` is the
    result, or ``MISS``."""

    def __init__(self, c, native_only: bool):
        self.c = c
        self.any_size = native_only     # "llvm": every size native, no straight-line
        p = c.program
        self.nvars, self.nout = len(p.args), len(p.roots)
        real = c._error is None and self.nvars > 0 and self.nout > 0 and not p.complex
        self.ok = real and llvm_backend.supported(p)
        self.consts = tuple(float(v) for v in c._prepare(np.float64, np.complex128)) \
            if real else ()
        self.straight = (real and not c.stack and c.matrix is None and not native_only
                         and straightline.supported(p))
        self._native: dict = {}
        self._index: dict = {}
        self._rc = None

    def scalar_class(self, base: type) -> type:
        """A subclass of ``base`` (``Compiled``) whose ``__call__`` runs
        Python floats straight-line (``straightline.method``) and hands the
        rest to ``base.__call__``: one Python call on the fast path, so a
        tiny function costs about what ``lambdify(modules="math")`` does.
        Python ints are retried as floats."""
        nargs = self.nvars if self.c.groups is None else len(self.c.groups)

        def slow(self, given, rest, kw):
            args = tuple(a for a in given if a is not straightline.MISSING) + rest
            if not kw and len(args) == nargs and any(type(a) is int for a in args) and all(
                    type(a) is int or type(a) is float for a in args):
                try:
                    return self(*[float(a) for a in args])
                except OverflowError:
                    pass
            return base.__call__(self, *args, **kw)
        c = self.c
        out = "array" if c.groups is not None and c.many else "tuple" if c.many else "one"
        call = straightline.method(c.program, self.consts, c.groups, out, slow)
        return type(base.__name__, (base,), {"__call__": call, "__module__": base.__module__,
                                              "__qualname__": base.__qualname__})

    def __call__(self, args):
        """The result for ``args`` (positional), or ``MISS``."""
        return self.call(args)

    # -- native kernel ---------------------------------------------------------

    def kernel(self, optimize: bool):
        """The native kernel (compiled on first use; None without llvmlite)."""
        k = self._native.get(optimize, MISS)
        if k is MISS:
            k = self._native[optimize] = llvm_backend.compile_program(
                self.c.program, self.consts, optimize)
        return k

    def _const(self, count: int, stride: int, step: int = 0) -> int:
        """The address of ``stride*arange(count) + step`` as int64 (cached)."""
        key = (count, stride, step)
        a = self._index.get(key)
        if a is None:
            if len(self._index) > 64:
                self._index.clear()
            arr = np.arange(count, dtype=np.int64) * stride + step
            a = self._index[key] = (arr, arr.ctypes.data)
        return a[1]

    def call(self, args):
        """The native kernel's result for ``args`` (positional), or ``MISS``."""
        if not self.ok:
            return MISS
        c = self.c
        laid = self._layout(args) if c.groups is None else self._layout_packed(args)
        if laid is None:
            return MISS
        ibase, ioff, istep, shape, keep = laid
        size = 1
        for s in shape:
            size *= s
        if size == 0 or (size > SMALL_BATCH and not self.any_size):
            return MISS
        if c.matrix is not None and c.groups is not None and shape:
            return MISS         # the raveled Jacobian of many points: NumPy's path
        k = self.kernel(optimize=size > SMALL_BATCH)
        if k is None:
            return MISS
        out = np.empty((self.nout,) + shape)
        self._run(k.fn, (ibase, ioff, istep, out.ctypes.data, self._const(self.nout, 8 * size), 8),
                  size)
        del keep
        if not np.isfinite(out).all():
            return MISS         # NaN/inf: NumPy again, for its warnings and errstate
        return self._shape(out, shape)

    def _run(self, fn, head: tuple, size: int) -> None:
        """Points [0, size) on up to ``threads`` threads (ctypes releases the GIL)."""
        threads = min(self.c.threads or chunked.default_threads(), size // _PER_THREAD)
        if threads <= 1:
            fn(*head, 0, size)
            return
        step = -(-size // threads)
        pool = chunked._pool(threads - 1)
        futures = [pool.submit(fn, *head, lo, min(lo + step, size))
                   for lo in range(step, size, step)]
        fn(*head, 0, step)
        for f in futures:
            f.result()

    def _layout(self, args):
        """Plain arguments: scalars and float64 arrays of one shape ->
        (base, offsets, steps (addresses), shape, objects to keep alive),
        or None."""
        if len(args) != self.nvars:
            return None
        shape = None
        for i, a in enumerate(args):
            if type(a) in _SCALAR:
                continue
            if type(a) is not np.ndarray or a.dtype != np.float64 or a.ndim == 0 \
                    or (shape is not None and a.shape != shape):
                return None
            if not a.flags.c_contiguous:    # a view (x[::-1]): same bits as a copy
                if a.size > SMALL_BATCH and not self.any_size:
                    return None
                args = (*args[:i], np.ascontiguousarray(a), *args[i + 1:])
            shape = a.shape
        if shape is None:       # all scalars: one array of them
            try:
                buf = np.array(args, dtype=np.float64)
            except (OverflowError, TypeError, ValueError):
                return None
            return (buf.ctypes.data, self._const(self.nvars, 8), self._const(self.nvars, 0),
                    (), buf)
        scalars = [a for a in args if type(a) in _SCALAR]
        try:
            scal = np.array(scalars, dtype=np.float64) if scalars else None
        except OverflowError:
            return None
        sbase = scal.ctypes.data if scalars else 0
        ioff, s = [], 0
        for a in args:
            if type(a) in _SCALAR:
                ioff.append(sbase + 8 * s)
                s += 1
            else:
                ioff.append(a.ctypes.data)
        steps = self._index.get(("steps", s))    # which arguments are scalars
        pattern = tuple(type(a) in _SCALAR for a in args)
        if steps is None or steps[0] != pattern:
            arr = np.array([0 if sc else 8 for sc in pattern], np.int64)
            steps = self._index[("steps", s)] = (pattern, arr, arr.ctypes.data)
        ioff = np.array(ioff, np.int64)
        return 0, ioff.ctypes.data, steps[2], shape, (scal, args, ioff, steps)

    def _layout_packed(self, args):
        """Vector arguments (``compile(..., [["x0", "x1"], "t"])``): float64
        arrays of shape ``(k, *S)``, scalars or arrays of shape ``S``."""
        groups = self.c.groups
        if len(args) != len(groups):
            return None
        shape = None
        for a, g in zip(args, groups):
            if g is None and type(a) in _SCALAR:
                continue
            if type(a) is not np.ndarray or a.dtype != np.float64 or not a.flags.c_contiguous:
                return None
            if g is None:
                s = a.shape if a.ndim else None
            else:
                s = a.shape[1:] if a.ndim and a.shape[0] == g else None
            if s is None or (shape is not None and s != shape):
                return None
            shape = s
        shape = shape if shape is not None else ()
        size = 1
        for s in shape:
            size *= s
        if len(groups) == 1:    # the common case: one vector
            return (args[0].ctypes.data, self._const(self.nvars, 8 * size),
                    self._const(self.nvars, 0, 8 if shape else 0), shape, args[0])
        ioff, istep, keep = [], [], []
        for a, g in zip(args, groups):
            if type(a) is not np.ndarray:
                try:
                    a = np.array([a], dtype=np.float64)
                except OverflowError:
                    return None
                ioff.append(a.ctypes.data)
                istep.append(0)
            else:
                base, k = a.ctypes.data, 1 if g is None else g
                ioff += [base + 8 * size * i for i in range(k)]
                istep += [8 if shape else 0] * k
            keep.append(a)
        return _table(shape, keep, ioff, istep)

    # -- results ---------------------------------------------------------------

    def _shape(self, out, shape):
        """The (nout, *shape) values as ``Compiled`` returns them."""
        c = self.c
        if c.matrix is not None:
            rows, cols = self._sparsity()
            if c.sparse:
                return rows.copy(), cols.copy(), out
            dense = np.zeros(c.matrix.shape + shape)
            dense[rows, cols] = out
            return dense
        if c.stack or (c.groups is not None and c.many):
            return out
        if c.many:
            return tuple(out)
        return out[0]

    def _sparsity(self):
        if self._rc is None:
            pos = self.c.matrix.sparsity()
            self._rc = (np.array([i for i, _ in pos], dtype=np.intp),
                        np.array([j for _, j in pos], dtype=np.intp))
        return self._rc


def _table(shape, keep, ioff: list, istep: list) -> tuple:
    """Absolute addresses (base 0) and steps as arrays."""
    ioff, istep = np.array(ioff, np.int64), np.array(istep, np.int64)
    return 0, ioff.ctypes.data, istep.ctypes.data, shape, (keep, ioff, istep)
