"""Print a lowered program as numexpr calls (``backend="numexpr"``).

numexpr fuses a whole expression into one multi-threaded, cache-blocked
pass. Single-use nodes are inlined into their parent's expression; a node is
*materialized* (evaluated on its own into an array) when it is an output,
when it is used more than once and holds a transcendental or is not cheap
(so nothing expensive is computed twice), when numexpr lacks one of its
operations (then NumPy evaluates it), or when its expression grows too big.
Constants are passed as scalars of the evaluation dtype, so float32 stays
float32. numexpr is an optional dependency; it reports domain errors as NaN
without NumPy's warnings (steps NumPy evaluates still warn). Inputs of fewer
than ``MIN_SIZE`` elements run the NumPy kernel instead (in the same widened
dtype, with NumPy's warnings), so values agree to rounding across sizes.
"""
from __future__ import annotations

import math
import threading
from contextlib import contextmanager

from ..errors import SymdiffError
from ..core.nodes import Expr, Op
from . import chunked
from ._exec import exec_source
from .chunked import default_threads
from .lower import ACC, TRANSCENDENTAL, Program
from .masked import NE_FORMS
from .numpy_backend import Names, _sincos_pairs, plain_step
from . import trig

NE = {"add": "{0} + {1}", "sub": "{0} - {1}", "mul": "{0}*{1}", "div": "{0}/{1}",
      "pow": "{0}**{1}", "neg": "-{0}", "pos": "{0}", "recip": "1/{0}",
      "arctan2": "arctan2({0}, {1})", "abs": "abs({0})",
      **{f: f + "({0})" for f in ("sqrt", "sin", "cos", "tan", "arcsin", "arccos", "arctan",
                                 "sinh", "cosh", "tanh", "arcsinh", "arccosh", "arctanh",
                                 "exp", "log", "log1p", "expm1")}}
SIMD_IN_NUMPY = {"exp", "log"}
MAX_COST = 60        # operations inlined into one expression
MAX_VARS = 24        # distinct arrays one expression reads
SUPPORTED = {"float32", "float64", "complex128"}
WIDER = {"float16": "float32", "complex64": "complex128"}
# Inputs of fewer elements run the NumPy kernel: numexpr's fixed cost (some
# 40 us an evaluate, several evaluates a program) exceeds what fusing saves
# over the NumPy kernel's cache-sized passes there (10^4 points: 3x slower).
MIN_SIZE = 1 << 16


def _numexpr():
    try:
        import numexpr
    except ImportError:
        raise SymdiffError('backend="numexpr" needs the optional package numexpr '
                           "(pip install numexpr)") from None
    return numexpr


class NumexprProgram:
    """The program's source (``_program(_a, _o, _c, _ev)``: outputs that
    numexpr computes are written straight into ``_o``) and its callable."""

    def __init__(self, p: Program, names: Names | None = None):
        self.ne = _numexpr()
        self.p = p
        # without Intel VML numexpr calls scalar libm; NumPy's SIMD exp/log are faster
        self.numpy_prims = set() if getattr(self.ne, "use_vml", False) else SIMD_IN_NUMPY
        names = self.names = names if names is not None else Names(p)
        uses: dict = {}
        for n, instrs in p.steps.items():
            for i in instrs:
                for o in i[1:]:
                    if isinstance(o, Expr):
                        uses[o] = uses.get(o, 0) + 1
        text: dict = {}      # inlined node -> (expression, cost, vars, transcendental)
        done: set = set()
        lines = ["def _program(_a, _o, _c, _ev):"]
        for var, items in (("_a", [names[a] for a in p.args]),
                           ("_o", [f"_o{j}" for j in range(len(p.roots))]),
                           ("_c", [names[c] for c in p.consts])):
            if items:
                lines.append(f"    {', '.join(items)}, = {var}")
        out_of: dict = {}
        for j, r in enumerate(p.roots):
            out_of.setdefault(r, j)
        written: set = set()     # roots numexpr evaluates into their output
        partner = _sincos_pairs(p)
        for n, instrs in p.steps.items():
            if not n.free or n in done:
                continue
            if n in partner:     # sin and cos of one argument: symdiff's shared reduction
                arg, m = instrs[0][1], partner[n]
                if arg in text:
                    lines.append(self._materialize(arg, text.pop(arg)))
                sn, cn = (n, m) if instrs[0][0] == "sin" else (m, n)
                lines.append(f"    {names[sn]}, {names[cn]} = _sincos({names[arg]})")
                done.add(m)
                continue
            got = self._inline(n, instrs, text)
            if got is None:          # numexpr lacks an operation: NumPy does it
                for o in dict.fromkeys(o for i in instrs for o in i[1:] if o in text):
                    lines.append(self._materialize(o, text.pop(o)))
                lines += ["    " + s for s in plain_step(n, instrs, names, "np", {})]
                continue
            expr, cost, vs, tr = got
            if n in out_of:
                lines.append(self._materialize(n, got, f"_o{out_of[n]}"))
                written.add(n)
            elif (cost > MAX_COST or len(vs) > MAX_VARS
                    or (uses.get(n, 0) > 1 and (tr or cost > 4))):
                lines.append(self._materialize(n, got))
            else:
                text[n] = got
        for j, r in enumerate(p.roots):
            if not (r in written and out_of[r] == j):
                lines.append(f"    _o{j}[...] = {names[r]}")
        self.source = "\n".join(lines) + "\n"
        self._fn = exec_source(self.source, "_program", _sincos=_sincos)

    def _materialize(self, n: Expr, got: tuple, out: str = "") -> str:
        expr, _, vs, _ = got
        env = ", ".join(f'"{v}": {v}' for v in sorted(vs))
        return f'    {self.names[n]} = _ev("{expr}", {{{env}}}{", " + out if out else ""})'

    def _operand(self, o: Expr, text: dict) -> tuple:
        if o in text:
            e, c, vs, tr = text[o]
            return f"({e})", c, vs, tr
        return self.names[o], 0, {self.names[o]}, False

    def _inline(self, n: Expr, instrs: list, text: dict):
        """(expression, cost, variables, has transcendental), or None."""
        if n.op is Op.POW and n.args[1].op is Op.NUM and isinstance(n.args[1].value, int):
            b, cost, vs, tr = self._operand(n.args[0], text)
            return f"{b}**{n.args[1].value}", cost + 1, vs, tr
        acc, cost, vs, tr = None, 0, set(), False
        for instr in instrs:
            prim = instr[0]
            if prim == "template":      # Piecewise's where and its conditions (masked.py)
                form = NE_FORMS.get(instr[1])
                if form is None or any(o in self.p.complex for o in instr[2:]):
                    return None
                got = [self._operand(o, text) for o in instr[2:]]
                for _, c, v, t in got:
                    cost, vs, tr = cost + c, vs | v, tr or t
                acc, cost = form.format(*[g[0] for g in got]), cost + 1
                continue
            if prim not in NE or prim in self.numpy_prims:
                return None
            ops = []
            for o in instr[1:]:
                if o is ACC:
                    ops.append(f"({acc})")
                else:
                    e, c, v, t = self._operand(o, text)
                    ops.append(e)
                    cost, vs, tr = cost + c, vs | v, tr or t
            form = NE[prim]
            if prim == "abs" and instr[1] in self.p.complex:
                form = "real(abs({0}))"
            acc = form.format(*ops)
            cost, tr = cost + 1, tr or prim in TRANSCENDENTAL
        return acc, cost, vs, tr

    def __call__(self, arrs: list, consts: tuple, dtype, shape: tuple, threads: int | None,
                 chunk: int, small=None) -> list:
        """Evaluate in chunks on the shared thread pool, like the NumPy
        kernel. While the pool runs, numexpr is held at one thread
        (``_one_numexpr_thread``), so each worker evaluates its chunk's
        numexpr calls in its own thread with the GIL released: numexpr's own
        pool serializes its parallel calls with a mutex and contends with
        symdiff's workers for the cores (10^6 points, two cores: 37.5 ms
        with numexpr's two threads inside the pool, 25 ms with one). Inputs
        of fewer than ``MIN_SIZE`` elements go to
        ``small(arrs, consts, dtype, dtypes, shape)`` (the NumPy kernel, with
        NumPy's warnings) in the same widened dtypes."""
        import numpy as np
        wide = np.dtype(WIDER.get(dtype.name, dtype.name if dtype.name in SUPPORTED else
                                  "complex128" if dtype.kind == "c" else "float64"))
        ctype = np.result_type(wide, np.complex64)
        if wide != dtype:
            arrs = [a.astype(wide) for a in arrs]
            consts = tuple(np.asarray(c).astype(ctype if np.iscomplexobj(c) else wide)[()]
                           for c in consts)
        dtypes = [ctype if r in self.p.complex else wide for r in self.p.roots]
        size = math.prod(shape)
        if small is not None and size < MIN_SIZE:
            return small(arrs, consts, wide, dtypes, shape)
        ne, fn = self.ne, self._fn

        def ev(expr: str, env: dict, out=None):
            return ne.evaluate(expr, local_dict=env, global_dict={}, out=out)

        def kernel(a, o, b, c):
            fn(a, o, c, ev)
        workers = threads or default_threads()
        if size <= chunk or workers == 1:     # no pool: numexpr keeps its own threads
            return chunked.run(kernel, consts, arrs, shape, dtypes, [], 1, chunk)
        # equal chunks, a whole number of rounds over the workers (65536 + 4464
        # elements on two threads would leave one thread idle most of the call)
        rounds = -(-size // (chunk * workers))
        chunk = -(-size // (rounds * workers))
        with _one_numexpr_thread(ne):
            return chunked.run(kernel, consts, arrs, shape, dtypes, [], workers, chunk)


_HELD = [0, 0]      # calls inside _one_numexpr_thread, numexpr's thread count before them
_HOLD = threading.Lock()


@contextmanager
def _one_numexpr_thread(ne):
    """Hold numexpr at one thread while any symdiff call runs its pool;
    the last call out restores the count it found (a switch costs some
    0.1-0.3 ms, against 25 ms for 10^6 points)."""
    with _HOLD:
        if _HELD[0] == 0:
            _HELD[1] = ne.set_num_threads(1)
        _HELD[0] += 1
    try:
        yield
    finally:
        with _HOLD:
            _HELD[0] -= 1
            if _HELD[0] == 0:
                ne.set_num_threads(_HELD[1])


def _sincos(x):
    """(sin x, cos x) through ``trig.sincos`` (one shared reduction)."""
    import numpy as np
    x = np.asarray(x)
    s, c = np.empty(x.shape, x.dtype), np.empty(x.shape, x.dtype)
    trig.sincos(x, s, c, chunked.scratch(x.size, [x.dtype] * trig.NWORK)) if x.ndim else \
        (np.sin(x, s), np.cos(x, c))
    return s, c
