"""Smoke test of the benchmark harness: ``python -m benchmarks --quick`` on a
cheap subset runs, exits 0 and writes well-formed JSON.

Runs in a subprocess from the repository root, as CI would. Needs only the
test extras (sympy optional too): missing anchors must be reported as
"not installed", never crash the run.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent

pytestmark = pytest.mark.skipif(not (ROOT / "benchmarks" / "__main__.py").exists(),
                                reason="benchmarks/ not present")


def test_quick_benchmark_subset_runs_and_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--only", "parse_diff",
         "--only", "long_product", "--json", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    assert "DISAGREE" not in proc.stdout

    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["quick"] is True
    assert data["disagreements"] == [] and data["failures"] == []
    assert "date" in data["environment"] and "versions" in data["environment"]

    workloads = data["workloads"]
    assert "long_product" in workloads and "parse_diff_readme" in workloads
    assert set(workloads) <= {"parse_diff_readme", "parse_diff_integrals", "long_product"}
    for name, sizes in workloads.items():
        assert sizes, name
        for size, systems in sizes.items():
            assert int(size) > 0
            sd = systems["symdiff"]
            assert sd["status"] == "ok", (name, size, sd)
            assert 0 < sd["min_s"] <= sd["median_s"] <= sd["max_s"]
            assert sd["repeats"] >= 1 and sd["result_size"] > 0
            for system, entry in systems.items():
                assert entry["status"] != "DISAGREE", (name, size, system, entry)
                if entry["status"] == "ok":
                    assert entry["median_s"] > 0
                else:
                    assert entry.get("error"), (name, size, system, entry)
