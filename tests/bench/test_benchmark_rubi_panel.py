"""The rubi_panel benchmark's bookkeeping: the panel reader and the summary
figures (hand-computed on synthetic cases; no timing thresholds)."""
from __future__ import annotations

import pytest

wl = pytest.importorskip("benchmarks.wl_rubi_panel")


def test_reader_reads_every_row_with_sympys_figures():
    rows = wl.read_panel()
    assert len(rows) >= 200
    assert all(r.variable == "x" and r.sympy_s > 0 for r in rows)
    assert any(r.sympy_ops is None for r in rows) and any(r.sympy_ops for r in rows)


def _case(ops, sympy_ops, s, sympy_s, integrand_ops=5, raw=40, ok=True):
    return wl.Case("f.m:1", integrand_ops=integrand_ops, raw_ops=raw, symdiff_ops=ops,
                   symdiff_s=s, ok=ok, sympy_ops=sympy_ops, sympy_s=sympy_s)


def test_summary_figures():
    cases = [_case(5, 6, 0.01, 1.0),               # smaller, reaches the integrand, x100
             _case(9, 6, 0.02, 0.2),               # larger, x10
             _case(7, None, 0.5, 10.0, ok=False),  # sympy timed out; wrong; x20
             _case(6, 6, 0.001, 0.05, raw=10)]     # equal, x50
    sm = wl.summary(cases)
    assert sm["rows"] == 4 and sm["compared"] == 3 and sm["sympy_timeouts"] == 1
    assert sm["le_sympy"] == 2 and sm["le_sympy_share"] == pytest.approx(2 / 3)
    assert (sm["symdiff_total"], sm["sympy_total"], sm["raw_total"]) == (20, 18, 90)
    assert sm["reaches_integrand"] == 1 and sm["sympy_reaches_integrand"] == 0
    assert sm["ratio_p50"] == pytest.approx(35.0)          # of 10, 20, 50, 100
    assert sm["slowest_s"] == 0.5 and sm["wrong"] == 1
