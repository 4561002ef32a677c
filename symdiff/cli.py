"""The ``symdiff`` command line.

    symdiff diff "(x1+x2)*x1**2" x1
    symdiff diff "sin(x)*y" x y --format latex
    echo "x**3" | symdiff diff - x --order 2
    symdiff grad "x**2*y" x y            # one partial per line
    symdiff jacobian "x*y,x+z" --vars x,y,z
    symdiff hessian "x**2*y" x y         # one row per line

Exit codes: 0 ok, 1 bad input, 2 usage. Imports neither sympy nor numpy.
"""
from __future__ import annotations

import argparse
import json
import sys
import traceback

FORMATS = ("str", "latex", "json")


def _parser() -> argparse.ArgumentParser:
    from . import __version__
    p = argparse.ArgumentParser(
        prog="symdiff", description="Exact symbolic differentiation.",
        epilog="Expressions use sympy syntax: x**2 or x^2, sin, exp, log, sqrt, pi, E, I.")
    p.add_argument("--version", action="version", version=f"symdiff {__version__}")
    p.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    d = sub.add_parser("diff", help="differentiate an expression",
                       description="Differentiate EXPR by each VAR in turn.")
    d.add_argument("expr", metavar="EXPR", help="expression, or - to read stdin")
    d.add_argument("vars", metavar="VAR", nargs="*",
                   help="variables (default: the only free symbol)")
    d.add_argument("--vars", dest="vars_opt", metavar="X,Y", help="variables, comma-separated")
    d.add_argument("-n", "--order", type=int, default=1, help="derivative order (default 1)")
    d.add_argument("-f", "--format", choices=FORMATS, default="str")
    d.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                   help=argparse.SUPPRESS)
    for name, what in (("grad", "gradient (reverse mode), one partial per line"),
                       ("jacobian", "Jacobian of comma-separated expressions, one row per line"),
                       ("hessian", "Hessian (sparse, symmetric), one row per line")):
        c = sub.add_parser(name, help=what, description=what[0].upper() + what[1:] + ".")
        c.add_argument("expr", metavar="EXPR",
                       help="expression (jacobian: EXPR1,EXPR2,...), or - to read stdin")
        c.add_argument("vars", metavar="VAR", nargs="*",
                       help="variables (default: the free symbols, sorted)")
        c.add_argument("--vars", dest="vars_opt", metavar="X,Y", help="variables, comma-separated")
        c.add_argument("-f", "--format", choices=FORMATS, default="str")
        c.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                       help=argparse.SUPPRESS)
    return p


def _read(expr: str) -> str:
    return sys.stdin.read().strip() if expr == "-" else expr


def _cmd_diff(a) -> int:
    from . import count_ops, diff, latex, parse
    text = _read(a.expr)
    vars = list(a.vars) + (a.vars_opt.replace(",", " ").split() if a.vars_opt else [])
    result = diff(parse(text), *vars, n=a.order)
    if a.format == "latex":
        print(latex(result))
    elif a.format == "json":
        print(json.dumps({"input": text, "vars": vars, "order": a.order,
                          "result": str(result), "count_ops": count_ops(result)}))
    else:
        print(result)
    return 0


def _split_exprs(text: str) -> list[str]:
    """Split ``EXPR1,EXPR2`` at top-level commas (not inside calls)."""
    out, depth, cur = [], 0, []
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        if ch == "," and depth == 0:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return [t for t in (p.strip() for p in out) if t]


def _matrix_cmd(a) -> int:
    from . import count_ops, grad, hessian, jacobian, latex, parse
    from .nodes import ZERO
    text = _read(a.expr)
    texts = _split_exprs(text) if a.command == "jacobian" else [text]
    exprs = [parse(t) for t in texts]
    vars = list(a.vars) + (a.vars_opt.replace(",", " ").split() if a.vars_opt else [])
    if not vars:
        vars = sorted({s.name for e in exprs for s in e.free})
    if a.command == "grad":
        rows = [[g] for g in grad(exprs[0], vars)]
        sparsity = [[i, 0] for i, r in enumerate(rows) if r[0] is not ZERO]
        shape = [len(rows), 1]
    else:
        m = jacobian(exprs, vars) if a.command == "jacobian" else hessian(exprs[0], vars)
        rows, sparsity, shape = m.tolist(), [list(p) for p in m.sparsity()], list(m.shape)
    if a.format == "json":
        print(json.dumps({"input": text, "vars": vars, "shape": shape, "sparsity": sparsity,
                          "result": [[str(e) for e in r] for r in rows],
                          "count_ops": count_ops(*[e for r in rows for e in r])}))
    elif a.format == "latex":
        body = r" \\ ".join(" & ".join(latex(e) for e in r) for r in rows)
        print(r"\begin{bmatrix} " + body + r" \end{bmatrix}")
    elif a.command == "grad":
        print("\n".join(str(r[0]) for r in rows))
    else:
        print("\n".join("[" + ", ".join(str(e) for e in r) + "]" for r in rows))
    return 0


COMMANDS = {"diff": _cmd_diff, "grad": _matrix_cmd, "jacobian": _matrix_cmd,
            "hessian": _matrix_cmd}


def main(argv=None) -> int:
    from .errors import SymdiffError
    argv = sys.argv[1:] if argv is None else argv
    parser = _parser()
    a = parser.parse_args(argv)
    if a.command is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return COMMANDS[a.command](a)
    except SymdiffError as e:
        if a.debug:
            traceback.print_exc()
        print(f"symdiff: error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
