"""``symdiff plot``: f and its derivatives on one figure (matplotlib extra).

The curves are evaluated in float64 through the compiled NumPy path; where
a value is not a finite real (outside the domain) nothing is drawn. Installing the ``plot``
extra (``pip install "symdiff[plot]"``) provides matplotlib.
"""
from __future__ import annotations

from ..errors import SymdiffError


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[:n - 3] + "..."


def plot(f, var, lo: float, hi: float, order: int, out: str | None,
         points: int = 1000, title: str | None = None) -> list:
    """Draw f, f', ..., f^(order) of ``f`` (an Expr) over [lo, hi] in ``var``;
    save to ``out`` (format from its extension) or show a window. Returns
    the plotted expressions."""
    try:
        import matplotlib
        if out:
            matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise SymdiffError("plot needs matplotlib: pip install \"symdiff[plot]\" "
                           "(or pip install matplotlib)") from None
    import numpy as np
    import symdiff
    if not lo < hi:
        raise SymdiffError(f"empty range {lo},{hi}: the first bound must be smaller")
    curves = [f]
    for _ in range(order):
        curves.append(symdiff.diff(curves[-1], var))
    xs = np.linspace(lo, hi, points)
    fig, ax = plt.subplots(figsize=(8, 5))
    for k, c in enumerate(curves):
        g = symdiff.compile(c, [var])
        with np.errstate(all="ignore"):
            ys = np.array(g(xs), dtype=complex)
        ys = np.where(ys.imag == 0, ys.real, np.nan)
        ys[~np.isfinite(ys)] = np.nan
        name = "f" + "\u2032" * k if k <= 3 else f"f^({k})"
        ax.plot(xs, ys, label=f"{name}({var}) = {_short(str(c))}")
    ax.axhline(0, color="0.7", lw=0.8)
    ax.set_xlabel(str(var))
    ax.set_title(title or _short(str(f), 80))
    ax.grid(alpha=0.3)
    ax.legend(loc="best", fontsize=9)
    fig.tight_layout()
    if out:
        try:
            fig.savefig(out, dpi=100)
        except OSError as e:      # a missing folder, no permission, a full disk
            raise SymdiffError(f"cannot write {out}: {e.strerror or e}") from None
        except ValueError as e:   # e.g. an unknown file extension
            raise SymdiffError(f"cannot write {out}: {e}") from None
        finally:
            plt.close(fig)
    else:
        plt.show()
    return curves
