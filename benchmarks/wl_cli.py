"""Workload ``cli``: the command line as users run it, in fresh processes.

``startup``: wall time of ``symdiff diff "(x1+x2)*x1**2" x1`` (the installed
entry point) against the equivalent ``python -c "import sympy ..."``
one-liner, Maxima's ``maxima --very-quiet --batch-string`` (Debian package
``maxima``, where installed) and a bare ``python -c pass`` (the floor any
Python tool pays). ``batch 10k``: 10,000 small JSON Lines requests through
``symdiff --batch -`` against a sympy loop over the same expressions in one
process (import included); the symdiff row's note gives lines per second.
Every system's printed answer is parsed back and evaluated at random points.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import symdiff

from .timing import NOT_INSTALLED, Entry, Inspection, Session

NAME = "cli"
WORKLOADS = (NAME,)
EXPR, VAR = "(x1+x2)*x1**2", "x1"
SYMPY_ONE_LINER = ("import sympy; x1, x2 = sympy.symbols('x1 x2'); "
                   "print(sympy.diff((x1 + x2)*x1**2, x1))")
MAXIMA_INPUT = "display2d: false$ diff((x1+x2)*x1^2, x1);"


def _symdiff_cmd() -> list[str]:
    """The console script installed beside this Python (not a PATH shim such
    as pyenv's, which adds its own start-up), else ``python -m symdiff``."""
    from pathlib import Path
    exe = Path(sys.executable).parent / "symdiff"
    return [str(exe)] if exe.is_file() else [sys.executable, "-m", "symdiff"]


def _values(texts: list[str], pts) -> list[complex]:
    """Each printed answer parsed back (symdiff syntax: ``^`` is power)."""
    out = []
    for t in texts:
        f = symdiff.compile(symdiff.parse(t.strip()), ["x1", "x2"])
        out += [complex(f(*p)) for p in pts]
    return out


def _runner(cmd: list[str], stdin: str | None, pick):
    def fn():
        p = subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=120)
        if p.returncode != 0:
            raise RuntimeError(f"{cmd[0]} exited {p.returncode}: {p.stderr[-300:]}")
        return p.stdout
    return fn, pick


def _batch_lines(n: int) -> list[str]:
    return [f"(x1 + {i % 13})*x1**{i % 5 + 2}*sin(x2*{i % 7 + 1})" for i in range(n)]


def run(s: Session) -> None:
    if not s.selected(NAME):
        return
    pts = [(0.3 + 0.1 * k, -0.7 + 0.2 * k) for k in range(3)]
    one = lambda out: Inspection(values=_values([out.strip().splitlines()[-1]], pts))
    size = "startup"
    s.case(NAME, size, "symdiff", lambda: _runner(_symdiff_cmd() + ["diff", EXPR, VAR], None, one),
           clear_caches=False)
    s.case(NAME, size, "sympy", lambda: _runner([sys.executable, "-c", SYMPY_ONE_LINER], None, one),
           clear_caches=False)
    if shutil.which("maxima"):
        s.case(NAME, size, "maxima",
               lambda: _runner(["maxima", "--very-quiet", "--batch-string", MAXIMA_INPUT], None,
                               lambda out: Inspection(values=_values(
                                   [[ln for ln in out.splitlines() if ln.strip()][-1]], pts))),
               needs="subprocess", clear_caches=False)
    else:
        s.record(NAME, size, "maxima", Entry(NOT_INSTALLED, error="no maxima on PATH"))
    s.case(NAME, size, "python -c pass",
           lambda: (lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), None),
           needs="subprocess", clear_caches=False)
    s.check(NAME, size)

    n = 2_000 if s.quick else 10_000
    size = f"batch {n // 1000}k"
    exprs = _batch_lines(n)
    requests = "".join(json.dumps({"op": "diff", "expr": e, "vars": ["x1"]}) + "\n" for e in exprs)
    check_rows = [0, n // 2, n - 1]

    def batch_pick(out: str) -> Inspection:
        rows = [json.loads(line) for line in out.splitlines()]
        assert len(rows) == n and all(r["ok"] for r in rows)
        return Inspection(values=_values([rows[i]["result"] for i in check_rows], pts))
    e = s.case(NAME, size, "symdiff",
               lambda: _runner(_symdiff_cmd() + ["--batch", "-"], requests, batch_pick),
               clear_caches=False)
    script = ("import sys, sympy\nx1 = sympy.Symbol('x1')\n"
              "out = [str(sympy.diff(sympy.sympify(line), x1)) for line in sys.stdin.read().splitlines()]\n"
              f"print('\\n'.join(out[i] for i in {check_rows!r}))\n")
    s.case(NAME, size, "sympy",
           lambda: _runner([sys.executable, "-c", script], "\n".join(exprs) + "\n",
                           lambda out: Inspection(values=_values(out.splitlines(), pts))),
           clear_caches=False)
    s.check(NAME, size)
    if e is not None and e.times:
        rate = n / min(e.times)
        e.extra["lines_per_s"] = rate
        s.note(NAME, f"symdiff --batch: {rate:,.0f} lines/s ({n:,} requests, process start included)")
