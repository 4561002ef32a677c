"""``ccode``: expressions -> C99 source and header (``c_backend``)."""
from __future__ import annotations

from .c_backend import compiled_c
from .compiled import Compiled


def ccode(exprs, vars=None, name: str = "f") -> tuple[str, str]:
    """C99 source and header of ``int name(const double *in, double *out)``
    computing ``exprs`` (one or a list; a matrix gives its nonzero entries in
    ``sparsity()`` order) at the point ``in`` (``vars`` order).

    >>> src, header = ccode(["x*sin(y)", "log(1 + exp(x))"], "x y", name="g")
    >>> print(header.splitlines()[-3])
    int g(const double *in, double *out);
    >>> print(src.splitlines()[-7])
        t5 = log1p(t4);
    """
    return compiled_c(Compiled(exprs, vars), name)
