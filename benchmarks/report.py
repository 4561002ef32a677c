"""Console tables, the JSON file and the plot.

Table columns: size, system, median time with spread (half the
interquartile range relative to the median; min and max are in the JSON), symdiff's speed relative to the system
(``anchor_time / symdiff_time``: "×35.2 faster" means symdiff is 35.2 times
faster, a bare "×0.8" means symdiff is slower), and the result size in the
system's own measure (see ``sizes``).
"""
from __future__ import annotations

import datetime
import json
import os
import platform
import sys
from pathlib import Path
from typing import Any

import numpy as np

from . import anchors
from .sizes import fmt_size
from .timing import OK, Entry, Session, fmt_time

LIBRARIES = ("symdiff", "numpy", "lark", "sympy", "symengine", "casadi", "jax", "numexpr")
PLOTTED = ("long_product", "rosenbrock_grad", "rosenbrock_hessian", "compiled_eval")
#: One colour per system across all panels.
COLORS = {"symdiff": "C0", "sympy": "C1", "sympy+cse": "C6", "symengine": "C2",
          "casadi": "C3", "jax": "C4", "numexpr": "C5"}


def environment() -> dict:
    """Date, machine, Python and library versions (for the header and JSON)."""
    return {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "python": sys.version.split()[0],
        "versions": {name: anchors.version(name) for name in LIBRARIES},
    }


def header(env: dict, quick: bool) -> str:
    vers = ", ".join(f"{k} {v}" for k, v in env["versions"].items())
    return (f"symdiff benchmarks ({'quick' if quick else 'full'} run), {env['date']}\n"
            f"machine: {env['platform']}, {env['processor']}, {env['cpu_count']} CPUs\n"
            f"python {env['python']}; {vers}")


def fmt_median(e: Entry) -> str:
    if not e.times:
        return e.error if e.status == "error" else e.status
    med = e.median
    spread = spread_pct(e.times)
    text = f"{fmt_time(med)} ±{spread:.0f}%"
    return text if e.status == OK else f"{text} {e.status}"


def spread_pct(times: list[float]) -> float:
    """Half the interquartile range relative to the median, in percent
    (robust to one stray slow repeat, unlike min..max)."""
    if len(times) < 2:
        return 0.0
    q1, med, q3 = np.percentile(times, [25, 50, 75])
    return (q3 - q1) / 2 / med * 100 if med else 0.0


def fmt_ratio(anchor: Entry, base: Entry | None) -> str:
    if base is None or not base.times or not anchor.times or anchor.status != OK or base.status != OK:
        return ""
    r = anchor.median / base.median
    return f"×{r:.3g} faster" if r >= 1 else f"×{r:.2g}"


def table(name: str, rows: dict[Any, dict[str, Entry]]) -> str:
    """One workload's table as text."""
    lines = [[ "size", "system", "median time", "symdiff vs it", "result size"]]
    for size, systems in rows.items():
        base = systems.get("symdiff")
        first = True
        for system, e in systems.items():
            ratio = "" if system == "symdiff" else fmt_ratio(e, base)
            size_text = fmt_size(e.result_size) if e.times else ""
            lines.append([f"{size:,}" if first and isinstance(size, int) else (str(size) if first else ""),
                          system, fmt_median(e), ratio, size_text])
            first = False
    widths = [max(len(r[i]) for r in lines) for i in range(len(lines[0]))]
    widths = [min(w, 48) for w in widths]
    out = [f"\n== {name} =="]
    for k, r in enumerate(lines):
        out.append("  ".join(c.ljust(w) if i < 2 else c.rjust(w) if i in (3, 4) else c.ljust(w)
                             for i, (c, w) in enumerate(zip(r, widths))).rstrip())
        if k == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def print_report(s: Session) -> None:
    for name, rows in s.results.items():
        print(table(name, rows))
        for n in s.notes.get(name, []):
            print(f"  note: {n}")
    extra = [n for n in s.notes if n not in s.results]
    for name in extra:
        for n in s.notes[name]:
            print(f"\n  note ({name}): {n}")
    if s.disagreements:
        print("\nDISAGREE:")
        for d in s.disagreements:
            print("  " + d)
    if s.failures:
        print("\nsymdiff failures:")
        for f in s.failures:
            print("  " + f)


def to_json(s: Session, env: dict) -> dict:
    """``{"environment", "quick", "workloads": {name: {size: {system: {...}}}},
    "notes", "disagreements", "failures"}``; sizes are JSON object keys (strings)."""
    return {
        "environment": env,
        "quick": s.quick,
        "workloads": {name: {str(size): {sy: e.to_json() for sy, e in row.items()}
                             for size, row in rows.items()}
                      for name, rows in s.results.items()},
        "notes": s.notes,
        "disagreements": s.disagreements,
        "failures": s.failures,
    }


def write_json(s: Session, env: dict, path: str) -> None:
    Path(path).write_text(json.dumps(to_json(s, env), indent=2, default=str) + "\n", encoding="utf-8")
    print(f"\nwrote {path}")


def plot(s: Session, path: Path) -> bool:
    """Time against size (log-log), one panel per plotted workload that ran."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("\n--plot: matplotlib is not installed (pip install matplotlib); no plot written")
        return False
    names = [n for n in PLOTTED if n in s.results]
    if not names:
        print("\n--plot: none of the plotted workloads ran; no plot written")
        return False
    fig, axes = plt.subplots(1, len(names), figsize=(5 * len(names), 4), squeeze=False)
    for ax, name in zip(axes[0], names):
        series: dict[str, list[tuple[float, float]]] = {}
        for size, row in s.results[name].items():
            for system, e in row.items():
                if e.times and e.status == OK:
                    series.setdefault(system, []).append((size, e.median))
        for system, pts in series.items():
            pts.sort()
            ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o",
                    label=system, color=COLORS.get(system),
                    linewidth=2.5 if system == "symdiff" else 1.2)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_title(name)
        ax.set_xlabel("N points" if name == "compiled_eval" else "n")
        ax.set_ylabel("median time [s]")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    print(f"\nwrote {path}")
    return True
