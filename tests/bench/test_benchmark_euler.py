"""The euler_pendulum workload runs (quick: the double pendulum) and symdiff
agrees with sympy's euler_equations at its check points. No timing
thresholds."""
from __future__ import annotations

import pytest

wl = pytest.importorskip("benchmarks.wl_euler")
pytest.importorskip("sympy")


def test_quick_euler_workload_agrees_with_sympy():
    from benchmarks.timing import Session
    s = Session(quick=True, only=["euler_pendulum"])
    wl.run(s)
    assert not s.disagreements and not s.failures
    for system in ("symdiff", "sympy"):
        e = s.entry("euler_pendulum", 2, system)
        assert e is not None and e.status == "ok" and e.times, (system, e)
