"""``DerivMatrix``: the sparse, immutable result of jacobian and hessian.

Only structurally nonzero entries are stored; reading any other position
gives ``0``.

>>> from symdiff import hessian
>>> H = hessian("x**2*y + y**3", "x y")
>>> H.shape, H.nnz, H.sparsity()
((2, 2), 4, [(0, 0), (0, 1), (1, 0), (1, 1)])
>>> H[0, 1], H[1, 1]
(2*x, 6*y)
"""
from __future__ import annotations

from collections.abc import Iterator

from ..errors import SymdiffError
from .nodes import UPPER, ZERO, Expr, as_expr, as_symbol, substitute


class DerivMatrix:
    """A rows x cols matrix of expressions, stored sparsely."""

    __slots__ = ("shape", "_entries", "vars")

    def __init__(self, shape: tuple[int, int], entries: dict, vars: list[Expr]):
        self.shape = shape
        self._entries = {k: entries[k] for k in sorted(entries) if entries[k] is not ZERO}
        self.vars = list(vars)

    def __getitem__(self, ij):
        if isinstance(ij, tuple):
            i, j = ij
            r, c = self.shape
            if not (-r <= i < r and -c <= j < c):
                raise IndexError(f"index {ij} out of range for shape {self.shape}")
            return self._entries.get((i % r, j % c), ZERO)
        return self.tolist()[ij]

    def __iter__(self) -> Iterator[list]:
        return iter(self.tolist())

    def __len__(self) -> int:
        return self.shape[0]

    @property
    def nnz(self) -> int:
        """Number of stored (structurally nonzero) entries."""
        return len(self._entries)

    def sparsity(self) -> list[tuple[int, int]]:
        """The stored positions, row-major."""
        return list(self._entries)

    def items(self) -> list[tuple[tuple[int, int], Expr]]:
        """``((row, col), expr)`` for the stored entries, row-major."""
        return list(self._entries.items())

    def subs(self, mapping: dict) -> "DerivMatrix":
        """The matrix with ``mapping`` (symbol or name -> expression or number)
        substituted into every entry, as :meth:`Expr.subs` does. Shape and
        ``vars`` stay as they are; an entry that becomes the number ``0`` is
        no longer stored (so ``sparsity()`` lists what stays nonzero), and
        entries that were the same node (a Hessian's (i, j) and (j, i)) still are.

        >>> from symdiff import hessian
        >>> hessian("x**2*y", "x y").subs({"y": 0}).sparsity()
        [(0, 1), (1, 0)]
        """
        if not isinstance(mapping, dict):
            raise SymdiffError(f"subs takes a dict of symbol -> value, got {type(mapping).__name__}")
        m = {as_symbol(k): as_expr(v) for k, v in mapping.items()}
        done: dict = {}
        entries = {}
        for k, e in self._entries.items():
            new = done.get(e)
            if new is None:
                new = done[e] = substitute(e, m)
            entries[k] = new
        return DerivMatrix(self.shape, entries, self.vars)

    def tolist(self) -> list[list[Expr]]:
        """Dense list of rows (zeros filled in)."""
        r, c = self.shape
        out = [[ZERO] * c for _ in range(r)]
        for (i, j), e in self._entries.items():
            out[i][j] = e
        return out

    def _repr_latex_(self) -> str:
        """LaTeX for Jupyter: a ``bmatrix`` (``$\\displaystyle ...$``, as sympy)."""
        return f"$\\displaystyle {UPPER.latex(self)}$"

    def __repr__(self) -> str:
        rows = ",\n ".join("[" + ", ".join(str(e) for e in row) + "]" for row in self.tolist())
        return f"DerivMatrix([{rows}])"
