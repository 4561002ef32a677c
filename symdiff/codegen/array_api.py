"""Run compiled code on any array-API namespace (Dask, CuPy, ...).

The namespace is chosen from the inputs with ``array_api_compat`` (an
optional dependency): NumPy arrays and Python scalars take the NumPy kernel;
anything else runs the whole-array program of ``plain.xp_source`` with that
library's functions, so Dask stays lazy and chunked, and CuPy stays on the
GPU. Constants are computed once with NumPy and passed as Python scalars
(weakly typed: float32 arrays stay float32).
"""
from __future__ import annotations

from ..errors import SymdiffError

_NUMPY_TYPES: tuple = ()


def _numpy_like(v) -> bool:
    global _NUMPY_TYPES
    if not _NUMPY_TYPES:
        import numpy as np
        _NUMPY_TYPES = (np.ndarray, np.generic, int, float, complex, bool, list, tuple)
    return isinstance(v, _NUMPY_TYPES)


def namespace(args):
    """None for NumPy-like inputs, else the inputs' array-API namespace."""
    foreign = [a for a in args if not _numpy_like(a)]
    if not foreign:
        return None
    try:
        import array_api_compat
    except ImportError:
        raise SymdiffError(f"inputs of type {type(foreign[0]).__name__} need the optional "
                           "package array-api-compat (pip install array-api-compat)") from None
    try:
        xp = array_api_compat.array_namespace(*foreign)
    except TypeError as exc:
        raise SymdiffError(f"unsupported input type: {exc}") from None
    return None if array_api_compat.is_numpy_namespace(xp) else xp


def real_type(dtype):
    """The real scalar type of a floating or complex dtype."""
    import numpy as np
    return np.finfo(dtype).dtype.type if dtype.kind == "c" else dtype.type


def call(fn, prepare, xp, args, nout: int) -> list:
    """Evaluate the whole-array program ``fn`` in namespace ``xp``."""
    import numpy as np
    weak = [isinstance(a, (int, float, complex)) for a in args]   # Python scalars
    arrs = [xp.asarray(a) for a in args]
    arrs = [xp.astype(a, xp.float64) if xp.isdtype(a.dtype, ("bool", "integral")) else a
            for a in arrs]
    strong = [a for a, w in zip(arrs, weak) if not w]
    try:
        dtype = xp.result_type(*strong) if strong else xp.float64   # ints were promoted
        if any(w and isinstance(v, complex) for v, w in zip(args, weak)):
            dtype = xp.result_type(dtype, xp.complex64)
        shape = tuple(np.broadcast_shapes(*(tuple(a.shape) for a in arrs)))
    except (TypeError, ValueError) as exc:
        raise SymdiffError(f"inputs do not combine: {exc}") from None
    arrs = [a if a.dtype == dtype else xp.astype(a, dtype) for a in arrs]
    npdt = np.dtype(str(dtype).split(".")[-1])
    consts = prepare(real_type(npdt), np.result_type(npdt, np.complex64).type)
    consts = tuple(c.item() for c in consts)
    outs = []
    for r in fn(xp, arrs, consts):
        if not hasattr(r, "shape"):          # a constant output
            r = xp.full(shape, r, dtype=dtype if not isinstance(r, complex) else None)
        elif tuple(r.shape) != shape:
            r = xp.broadcast_to(r, shape)
        outs.append(r)
    return outs
