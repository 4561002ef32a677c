"""Workload ``sizes``: huge and deep inputs through every stage.

Four inputs, each run through parse, diff (d/dx), grad, print and compile by
symdiff, SymPy and SymEngine, every system in its own subprocess with a time
limit, so that a hang, a crash or a RecursionError is recorded instead of
ending the run:

- ``depth``: Horner nesting ``((x*y + 1)*y + 2)*y + ...``, depth n;
- ``sum``: ``x0*x + x1*x + ...`` with n terms;
- ``chain``: ``sin(sin(...sin(x)...))``, n calls deep;
- ``dag``: a DAG of ~n nodes with heavy sharing (built through the API:
  as text it would be exponentially long, so it has no print stage),
  ``a, b <- sin(a*b + i), cos(a - b)``.

Each cell is the time of that stage: print is ``str`` of the input (the
derivative of a deep input shares subexpressions, and any infix text of it
is quadratic in size), compile is of the derivative; the last column is the
peak RSS of the
process (it includes the interpreter, ~30 MB for symdiff). Sizes: depth 1e5,
sum 1e6, chain 1e4, dag 1e5 (``--quick``: a tenth).
"""
from __future__ import annotations

import json
import subprocess
import sys
import time

from .timing import Session

NAME = "sizes"
WORKLOADS = (NAME,)
STAGES = ("parse", "diff", "grad", "print", "compile")
SYSTEMS = ("symdiff", "sympy", "symengine")
FULL = {"depth": 100_000, "sum": 1_000_000, "chain": 10_000, "dag": 100_000}


def text_of(kind: str, n: int) -> str | None:
    if kind == "depth":
        return "(" * n + "x" + "".join(f"*y + {i % 7 + 1})" for i in range(n))
    if kind == "sum":
        return "+".join(f"x{i}*x" for i in range(n))   # 9.9M characters at 1e6
    if kind == "chain":
        return "sin(" * n + "x" + ")" * n
    return None


def build_dag(sin, cos, x, y, n: int):
    a, b = x, y
    for i in range(n // 6):
        a, b = sin(a * b + i), cos(a - b)
    return a + b


def _child(system: str, kind: str, n: int) -> None:
    """Run the stages for one system and print one JSON line per stage."""
    import resource
    sys.setrecursionlimit(10_000)      # the default; a deeper input must cope

    def peak_mb() -> float:
        """This process's peak RSS: VmHWM (reset by exec, unlike ru_maxrss,
        which Linux carries over from the forking benchmark process)."""
        try:
            with open("/proc/self/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            pass
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def report(stage, t0, error=None):
        rss = peak_mb()
        out = {"stage": stage, "rss_mb": rss}
        if error is None:
            out["time"] = time.perf_counter() - t0
        else:
            out["error"] = error
        print(json.dumps(out), flush=True)
    text = text_of(kind, n)
    if system == "symdiff":
        import numpy  # noqa: F401 - imported before timing, as for the others
        import symdiff as m
        parse, d, g, pr = m.parse, m.diff, m.grad, str
        comp = lambda e, vs: m.compile(e, vs)
        mk = lambda: build_dag(m.sin, m.cos, m.parse("x"), m.parse("y"), n)
        free = lambda e: sorted(e.free, key=lambda s: s.name)
    elif system == "sympy":
        import sympy as m
        parse, d, pr = m.sympify, m.diff, str
        g = lambda e, vs: [m.diff(e, v) for v in vs]
        comp = lambda e, vs: m.lambdify(vs, e, "numpy", cse=True)
        mk = lambda: build_dag(m.sin, m.cos, m.Symbol("x"), m.Symbol("y"), n)
        free = lambda e: sorted(e.free_symbols, key=str)
    else:
        import symengine as m
        parse, d, pr = m.sympify, m.diff, str
        g = lambda e, vs: [m.diff(e, v) for v in vs]
        comp = lambda e, vs: m.Lambdify(vs, [e], cse=True)
        mk = lambda: build_dag(m.sin, m.cos, m.Symbol("x"), m.Symbol("y"), n)
        free = lambda e: sorted(e.free_symbols, key=str)
    steps = [("parse", lambda _: parse(text) if text is not None else mk())]
    steps += [("diff", lambda e: d(e, free(e)[-1] if kind != "sum" else parse("x"))),
              ("grad", lambda e: g(e, free(e))),
              ("print", lambda e: pr(e)),
              ("compile", lambda e: comp(e, free(e)))]
    if kind == "dag":   # as infix text the shared DAG is exponentially long
        steps = [st for st in steps if st[0] != "print"]
    e = de = None
    for stage, fn in steps:
        t0 = time.perf_counter()
        try:
            arg = de if stage == "compile" else e
            r = fn(arg)
        except BaseException as exc:   # noqa: BLE001 - recorded, not hidden
            report(stage, t0, type(exc).__name__)
            if stage in ("parse", "diff"):
                return
            continue
        report(stage, t0)
        if stage == "parse":
            e = r
        elif stage == "diff":
            de = r


def _run_child(system: str, kind: str, n: int, timeout: float) -> dict:
    cmd = [sys.executable, "-m", "benchmarks.wl_sizes", "--child", system, kind, str(n)]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        out, tail = p.stdout, ("" if p.returncode == 0 else f"exit {p.returncode}")
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        tail = f"timeout {timeout:.0f} s"
    cells, rss = {}, None
    for line in out.splitlines():
        try:
            r = json.loads(line)
        except ValueError:
            continue
        cells[r["stage"]] = f"{r['time']:.3g} s" if "time" in r else r["error"]
        rss = r["rss_mb"]
    if kind == "dag":
        cells["print"] = "n/a"
    for stage in STAGES:
        if stage not in cells:
            cells[stage] = tail or "-"
            tail = "-" if tail.startswith("timeout") else tail
    cells["peak RSS"] = f"{rss:.0f} MB" if rss is not None else "-"
    return cells


def run(s: Session) -> None:
    if not s.selected(NAME):
        return
    timeout = 20.0 if s.quick else 60.0        # anchors; symdiff gets 5x
    rows = []
    for kind, n in FULL.items():
        n = n // 10 if s.quick else n
        for system in SYSTEMS:
            if system != "symdiff":
                from . import anchors
                if anchors.get(system) is None:
                    continue
            cells = _run_child(system, kind, n, timeout * (5 if system == "symdiff" else 1))
            rows.append([f"{kind} {n:,}", system] + [cells[c] for c in (*STAGES, "peak RSS")])
            print(f"  {NAME:<22} {kind} {n} {system}: {cells}", flush=True)
            if system == "symdiff" and any(not cells[c].endswith(" s") and cells[c] != "n/a"
                                           for c in STAGES):
                s.failures.append(f"{NAME}: symdiff {kind} {n}: {cells}")
    head = ["input", "system", *STAGES, "peak RSS"]
    widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
    fmt = lambda r: "  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip()
    lines = [fmt(head), fmt(["-" * w for w in widths])] + [fmt(r) for r in rows]
    s.note(NAME, f"per-stage time (subprocess per system, time limit {timeout:.0f} s, "
           f"symdiff {5 * timeout:.0f} s):\n"
           + "\n".join(lines))


if __name__ == "__main__" and len(sys.argv) == 5 and sys.argv[1] == "--child":
    _child(sys.argv[2], sys.argv[3], int(sys.argv[4]))
