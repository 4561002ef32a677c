"""What each command-line operation computes: a request -> a :class:`Result`.

The command line and batch mode both go through :func:`run`, so an option
means the same in both. A request is a plain dict (the batch line schema)::

    {"op": "diff", "expr": "sin(x)*y", "vars": ["x"], "order": 1,
     "simplify": false, "assume": {"x": ["positive"]}}

``op`` is one of :data:`OPS`; ``expr`` is a string (``jacobian``: a list of
strings or one comma-separated string); ``vars`` a list or a comma/space
separated string; ``values`` (``eval``) maps names to numbers or constant
expressions.

>>> r = run({"op": "grad", "expr": "x**2*y", "vars": "x y"})
>>> r.shape, [str(e) for e in r.entries()]
((2,), ['2*x*y', 'x**2'])
"""
from __future__ import annotations

from collections.abc import Callable

from ..ad.api import diff
from ..errors import SymdiffError
from ..core.nodes import ZERO, Expr, Op
from ..parsing.parse import parse

# Op members as module constants (an IntEnum member lookup costs ~0.1 us)
_SYM = Op.SYM

_RESULT_FIELDS = ("op", "input", "variables", "value", "shape", "extra", "warnings", "arguments")


class Result:
    """One answer: ``value`` is an Expr (shape ``()``), a list of Expr
    (shape ``(n,)``), a list of rows (shape ``(r, c)``), or for ``eval`` a
    Python number. ``extra`` holds per-operation fields (order, trace, ...).
    Mutable while a command fills it in. (A plain class, not a dataclass:
    ``dataclasses`` costs the command line ~10 ms of start-up.)"""
    __slots__ = _RESULT_FIELDS

    def __init__(self, op: str, input: object, variables: list, value: object, shape: tuple = (),
                 extra: dict | None = None, warnings: list | None = None,
                 arguments: list | None = None):   # arguments: the input's free symbols, sorted
        self.op, self.input, self.variables, self.value, self.shape = (
            op, input, variables, value, shape)
        self.extra = {} if extra is None else extra
        self.warnings = [] if warnings is None else warnings
        self.arguments = [] if arguments is None else arguments

    def __repr__(self) -> str:
        return "Result(" + ", ".join(f"{k}={getattr(self, k)!r}" for k in _RESULT_FIELDS) + ")"

    def entries(self) -> list:
        """Every entry, row-major (dense: zeros included)."""
        if len(self.shape) == 2:
            return [e for row in self.value for e in row]
        return list(self.value) if self.shape else [self.value]

    def sparsity(self) -> list:
        """Positions of the entries that are not the number 0."""
        if len(self.shape) == 2:
            return [[i, j] for i, row in enumerate(self.value)
                    for j, e in enumerate(row) if e is not ZERO]
        return [i for i, e in enumerate(self.value) if e is not ZERO]

    @property
    def numeric(self) -> bool:
        return not isinstance(self.value, (Expr, list))


# --- request fields ----------------------------------------------------------

def names_of(v) -> list:
    """``"x,y"`` / ``"x y"`` / ``["x", "y"]`` -> ``["x", "y"]``; a call such
    as ``q(t)`` or ``Derivative(q(t), t)`` stays one variable."""
    if v is None:
        return []
    if isinstance(v, str):
        return _split_names(v)
    if isinstance(v, (list, tuple)) and all(isinstance(s, str) for s in v):
        return [p for s in v for p in _split_names(s)]
    raise SymdiffError(f"'vars' must be a list of names or a comma-separated string, got {v!r}")


def _split_names(text: str) -> list:
    """Split at commas and spaces outside parentheses."""
    if "(" not in text:
        return text.replace(",", " ").split()
    out, cur, depth = [], [], 0
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        if depth == 0 and (ch == "," or ch.isspace()):
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return [p for p in out if p]


def assumptions_of(v) -> dict:
    """``"x=positive,n=integer"`` or ``{"x": ["positive"]}`` -> ``{"x": ("positive",)}``."""
    if not v:
        return {}
    out: dict = {}
    if isinstance(v, dict):
        for k, a in v.items():
            out[k] = tuple([a] if isinstance(a, str) else a)
        return out
    if not isinstance(v, str):
        raise SymdiffError(f"'assume' must be a string like x=positive,n=integer, got {v!r}")
    for item in v.replace(" ", "").split(","):
        name, eq, what = item.partition("=")
        if not (name and eq and what):
            raise SymdiffError(f"bad assumption {item!r}; write NAME=ASSUMPTION, "
                               "e.g. x=positive,n=integer")
        out[name] = out.get(name, ()) + tuple(what.split("+"))
    return out


def split_exprs(text) -> list:
    """``"x*y, atan2(x, z)"`` -> two texts: split at top-level commas;
    surrounding brackets ``[...]`` are allowed. A list passes through.
    No expression at all (``""``, ``"[]"``, ``","``) raises SymdiffError."""
    if isinstance(text, (list, tuple)):
        if not text:
            raise SymdiffError("empty input: the list of expressions is empty")
        return list(text)
    t = text.strip()
    if t.startswith("[") and t.endswith("]"):
        t = t[1:-1]
    out, depth, start = [], 0, 0
    for i, ch in enumerate(t):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            out.append(t[start:i])
            start = i + 1
    out.append(t[start:])
    out = [p.strip() for p in out if p.strip()]
    if not out:
        raise SymdiffError(f"empty input: no expression in {text!r}; give one or more "
                           "expressions separated by commas, e.g. \"x*y, x + y\"")
    return out


class _Ctx:
    """Parsing with the request's assumptions (interface: ``parse(text, assume=)``)."""

    def __init__(self, req: dict):
        self.assume = assumptions_of(req.get("assume"))
        self.functions = req.get("functions") or None     # undefined functions: "f,g"

    def parse(self, text) -> Expr:
        if not isinstance(text, str):
            raise SymdiffError(f"an expression must be a string, got {type(text).__name__}")
        return parse(text, assume=self.assume or None, functions=self.functions)

    def symbols(self, names: list) -> list:
        """Variables as nodes: with assumptions, ``x`` must be the assumed ``x``."""
        if not self.assume:
            return names
        out = []
        for n in names:
            s = self.parse(n)
            if s.op is not _SYM:
                raise SymdiffError(f"{n!r} is not a variable name")
            out.append(s)
        return out


def _simplifier() -> Callable:
    from ..rewrite.strategy import simplify     # rule tables load only when asked for
    return simplify


def _maybe_simplify(req: dict, exprs: list) -> list:
    if not req.get("simplify"):
        return exprs
    s = _simplifier()
    return [s(e) for e in exprs]


def _default_vars(exprs: list) -> list:
    return sorted({s.value for e in exprs for s in e.free})


def _check_vars(names: list, exprs: list, warnings: list) -> None:
    """Warn (not fail) on a variable that occurs nowhere: probably a typo."""
    free = sorted({s.value for e in exprs for s in e.free})
    for n in names:
        if n not in free and "(" not in n:          # calls (q(t)) are no symbols
            import difflib
            near = difflib.get_close_matches(n, free, n=1, cutoff=0.5)
            warnings.append(f"variable {n!r} does not occur in the expression"
                            + (f"; did you mean {near[0]!r}?" if near else "")
                            + f" (free symbols: {', '.join(free) or 'none'})")


def _order(req: dict) -> int:
    n = req.get("order", 1)
    if n is None:
        n = 1
    if not isinstance(n, int) or isinstance(n, bool) or n < 0:
        raise SymdiffError(f"'order' must be a non-negative integer, got {n!r}")
    return n


# --- operations ---------------------------------------------------------------

def _diff(req: dict, ctx: _Ctx) -> Result:
    text = req.get("expr")
    f = ctx.parse(text)
    names = names_of(req.get("vars"))
    n = _order(req)
    r = Result("diff", text, names, None, extra={"order": n}, arguments=_default_vars([f]))
    if names:
        _check_vars(names, [f], r.warnings)
    d = diff(f, *ctx.symbols(names), n=n)
    if not names:
        r.variables = _default_vars([f])
    r.value = _maybe_simplify(req, [d])[0]
    return r


def _matrix(op: str):
    def run_op(req: dict, ctx: _Ctx) -> Result:
        from ..ad.reverse import grad, hessian, jacobian
        text = req.get("expr")
        texts = split_exprs(text) if op == "jacobian" else [text]
        exprs = [ctx.parse(t) for t in texts]
        names = names_of(req.get("vars")) or _default_vars(exprs)
        r = Result(op, text, names, None, arguments=_default_vars(exprs))
        _check_vars(names, exprs, r.warnings)
        syms = ctx.symbols(names)
        if op == "grad":
            flat = grad(exprs[0], syms)
            r.shape = (len(flat),)
        else:
            m = jacobian(exprs, syms) if op == "jacobian" else hessian(exprs[0], syms)
            r.shape = tuple(m.shape)
            flat = [e for row in m.tolist() for e in row]
        flat = _maybe_simplify(req, flat)
        if op == "grad":
            r.value = flat
        else:
            c = r.shape[1]
            r.value = [flat[i * c:(i + 1) * c] for i in range(r.shape[0])]
        return r
    return run_op


def _simplify(req: dict, ctx: _Ctx) -> Result:
    text = req.get("expr")
    f = ctx.parse(text)
    s = _simplifier()
    r = Result("simplify", text, _default_vars([f]), None, arguments=_default_vars([f]))
    if req.get("trace"):
        r.value, steps = s(f, trace=True)
        r.extra["trace"] = [{"rule": name, "before": str(b), "after": str(a)}
                            for name, b, a in steps]
    else:
        r.value = s(f)
    return r


def _eval(req: dict, ctx: _Ctx) -> Result:
    from .evaluate import evaluate, number
    text = req.get("expr")
    f = ctx.parse(text)
    given = req.get("values") or {}
    if not isinstance(given, dict):
        raise SymdiffError("'values' must map variable names to numbers")
    values = {k: number(v, ctx) for k, v in given.items()}
    names = _default_vars([f])
    missing = [n for n in names if n not in values]
    if missing:
        raise SymdiffError(f"no value for {', '.join(missing)}; give NAME=VALUE, "
                           f"e.g. {missing[0]}=1")
    r = Result("eval", text, names, evaluate(f, names, [values[n] for n in names]))
    r.extra["values"] = {n: values[n] for n in names}
    return r


def _compile(req: dict, ctx: _Ctx) -> Result:
    text = req.get("expr")
    exprs = [ctx.parse(t) for t in split_exprs(text)]
    names = names_of(req.get("vars")) or _default_vars(exprs)
    if req.get("grad"):
        if len(exprs) != 1:
            raise SymdiffError("--grad compiles the gradient of one expression")
        r = _matrix("grad")({**req, "expr": text, "vars": names}, ctx)
        r.op, r.arguments = "compile", names
        return r
    return Result("compile", text, names, exprs[0] if len(exprs) == 1 else exprs,
                  () if len(exprs) == 1 else (len(exprs),), arguments=names)


# op name -> computation; the CLI's command table adds help and flags.
OPS: dict[str, Callable[[dict, _Ctx], Result]] = {
    "diff": _diff,
    "grad": _matrix("grad"),
    "jacobian": _matrix("jacobian"),
    "hessian": _matrix("hessian"),
    "simplify": _simplify,
    "eval": _eval,
    "compile": _compile,
}


def run(req: dict) -> Result:
    """Compute one request (see the module docstring for its fields)."""
    op = req.get("op")
    fn = OPS.get(op) if isinstance(op, str) else None
    if fn is None:
        import difflib
        near = difflib.get_close_matches(str(op), list(OPS), n=1)
        raise SymdiffError(f"unknown op {op!r}" + (f"; did you mean {near[0]!r}?" if near else "")
                           + f" (choose from {', '.join(OPS)})")
    if not isinstance(req.get("expr"), (str, list)):
        raise SymdiffError("missing 'expr' (the expression text)")
    return fn(req, _Ctx(req))
