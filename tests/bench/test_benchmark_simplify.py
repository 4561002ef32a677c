"""The simplify_panel benchmark's bookkeeping: panel reading, the per-case
time limit and the summary figures (hand-computed on synthetic cases).
No timing thresholds: only the arithmetic of the report is checked."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
wl = pytest.importorskip("benchmarks.wl_simplify")


def test_reader_matches_the_checker():
    import importlib.util
    spec = importlib.util.spec_from_file_location("check_panel", ROOT / "tests" / "data" / "check_panel.py")
    check_panel = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(check_panel)
    ours = wl.read_panel()
    ref = check_panel.read_panel(str(wl.PANEL))
    assert [(a.lineno, a.category, a.integrand, a.antiderivative, a.assume) for a in ours] == \
           [(b.lineno, b.category, b.integrand, b.antiderivative, b.assume) for b in ref]
    assert any(a.assume for a in ours)


def test_time_limit_interrupts_a_slow_call():
    with pytest.raises(wl.Timeout):
        with wl.time_limit(0.05):
            time.sleep(2)
    with wl.time_limit(1.0):  # a fast block is not interrupted
        pass


def _case(cat, sd_ops, sp_ops, sd_s, sp_s, ok=True, raw=10):
    return wl.Case(1, cat, "f", "F", raw_ops=raw, integrand_ops=sd_ops, symdiff_s=sd_s,
                   symdiff_ops=sd_ops, symdiff_ok=ok, sympy_s=sp_s, sympy_ops=sp_ops)


def test_summary_figures():
    cases = [_case("trig", 3, 5, 0.001, 0.1),     # smaller, ratio 100
             _case("trig", 5, 5, 0.002, 0.1),     # equal, ratio 50
             _case("exp", 9, 4, 0.01, 0.05, raw=30),  # larger, ratio 5
             _case("exp", 2, 3, 0.001, 1.0, ok=False)]  # wrong, ratio 1000
    sm = wl.summary(cases)
    assert sm["cases"] == 4 and sm["compared_ops"] == 4
    assert sm["le_sympy"] == 3 and sm["lt_sympy"] == 2
    assert sm["le_sympy_share"] == pytest.approx(0.75)
    assert sm["ratio_p50"] == pytest.approx(75.0)
    assert sm["ratio_min"] == pytest.approx(5.0) and sm["ratio_max"] == pytest.approx(1000.0)
    assert sm["symdiff_max_s"] == pytest.approx(0.01)
    assert sm["symdiff_wrong"] == 1
    assert sm["raw_ops_max"] == 30
    assert sm["by_category"]["trig"] == {"cases": 2, "compared": 2, "le_sympy": 2,
                                         "median_ratio": pytest.approx(75.0)}
    assert sm["by_category"]["exp"]["le_sympy"] == 1
