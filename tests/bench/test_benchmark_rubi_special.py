"""The rubi_special workload is registered, runs on a slice of the corpus
and symdiff's derivatives agree with sympy's at its check points. No
timing thresholds."""
from __future__ import annotations

import pytest

wl = pytest.importorskip("benchmarks.wl_rubi_special")
pytest.importorskip("sympy")
pytest.importorskip("mpmath")


def test_registered():
    from benchmarks.__main__ import FAMILIES, WORKLOADS
    assert wl in FAMILIES and "rubi_special" in WORKLOADS


def test_quick_slice_agrees_with_sympy(monkeypatch):
    from benchmarks.timing import Session
    monkeypatch.setattr(wl, "QUICK_STEP", 100)
    monkeypatch.setattr(wl, "CHECK_STEP", 2)
    s = Session(quick=True, only=["rubi_special"])
    wl.run(s)
    assert not s.disagreements and not s.failures
    (size,) = s.results["rubi_special"]
    assert size == len(wl.corpus()[::100])
    for system in ("symdiff", "sympy"):
        e = s.entry("rubi_special", size, system)
        assert e is not None and e.status == "ok" and e.times, (system, e)
    assert sum(1 for v in s.values[("rubi_special", size, "symdiff")] if v == v) >= size // 3
