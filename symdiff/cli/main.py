"""The ``symdiff`` command line.

    symdiff diff "(x1+x2)*x1**2" x1              # x1**2 + 2*x1*(x1 + x2)
    symdiff diff "x**4*y" x --order 2            # 12*x**2*y
    symdiff grad "x**2*y" x y                    # one partial per line
    symdiff jacobian "x*y, x+z" --vars x,y,z     # one [row] per line
    symdiff hessian "x**2*y" x y --format json
    symdiff simplify "sin(x)**2 + cos(x)**2" --trace
    symdiff eval "sin(x)*y" x=1 y=2              # 1.682941969615793
    symdiff compile "sin(x)*y" --grad > grad_f.py
    symdiff plot "sin(x)*exp(-x/5)" --var x --range -10,10 --order 2 -o out.png
    echo "x**3" | symdiff diff - x               # stdin: one expression per line
    symdiff --batch requests.jsonl               # JSON Lines in and out

Flags mean the same in every subcommand that takes them: ``--vars x,y``
(or variables as extra arguments), ``--order N``, ``--simplify``,
``--assume x=positive,n=integer``, ``--functions f,g`` (undefined functions),
``--format str|latex|json|python|let|dot``, ``--debug`` (a traceback on errors).

Exit codes: 0 ok, 1 bad input (the message shows the input with a caret
under the problem and a hint), 2 usage. Start-up is light: no sympy ever,
NumPy only for ``eval``, ``compile``, ``plot`` and ``--format python``.

JSON (``--format json``; batch output adds ``line``, ``ok`` and ``id``)::

    {"op": "diff" | "grad" | "jacobian" | "hessian" | "simplify" | "eval" | "compile",
     "input": the expression text as given (jacobian: the list text),
     "variables": [names],                 # differentiated by, or free symbols
     "order": n,                           # diff only
     "result": "expr"                      # scalar
             | ["expr", ...]               # grad: shape [n]
             | [["expr", ...], ...],       # jacobian/hessian: shape [rows, cols]
     "count_ops": n,                       # operations in the shared result DAG
     "shape": [n] | [rows, cols],          # vectors and matrices only
     "sparsity": [i, ...] | [[i, j], ...], # positions of nonzero entries
     "nnz": n,                             # len(sparsity)
     "trace": [{"rule", "before", "after"}],   # simplify --trace
     "values": {"x": 1.0}, "value": number | [re, im] | null,   # eval
     "warnings": ["..."]}                  # only when there are any

Batch requests (one JSON object per line; see ``symdiff/cli/commands.py``)::

    {"op": "diff", "expr": "sin(x)*y", "vars": ["x"], "order": 1, "simplify": false,
     "assume": {"x": ["positive"]}, "values": {"x": 1}, "trace": false,
     "grad": false, "format": "str", "id": anything}
"""
from __future__ import annotations

import argparse
import os
import sys

FORMATS = ("str", "latex", "json", "python", "let", "dot")


class UsageError(Exception):
    """A command line that makes no sense (exit code 2)."""


# --- flags: one row each; subcommands pick theirs by name ---------------------

FLAGS: dict[str, tuple[tuple, dict]] = {
    "vars": (("--vars",), dict(dest="vars_opt", metavar="X,Y",
                               help="variables, comma-separated (or give them as arguments)")),
    "order": (("-n", "--order"), dict(type=int, default=None, metavar="N",
                                      help="derivative order (default 1)")),
    "simplify": (("--simplify",), dict(action="store_true", help="simplify the result")),
    "assume": (("--assume",), dict(metavar="X=A,...",
                                   help="assumptions on symbols, e.g. x=positive,n=integer")),
    "functions": (("--functions",), dict(metavar="F,G",
                                         help="undefined functions in the expression, e.g. f,g")),
    "format": (("-f", "--format"), dict(choices=FORMATS, default="str",
                                        help="output format (default str)")),
    "trace": (("--trace",), dict(action="store_true",
                                 help="print the rules that fired (stderr; json: 'trace')")),
    "grad": (("--grad",), dict(action="store_true", help="compile the gradient instead")),
    "var": (("--var",), dict(metavar="X", help="the variable (default: the only free symbol)")),
    "range": (("--range",), dict(default="-10,10", metavar="A,B",
                                 help="plotting range (default -10,10; pi allowed)")),
    "output": (("-o", "--output"), dict(metavar="FILE", help="write the figure to FILE "
                                                             "(.png, .svg, .pdf); else show it")),
    "points": (("--points",), dict(type=int, default=1000, help="samples (default 1000)")),
    "debug": (("--debug",), dict(action="store_true", default=argparse.SUPPRESS,
                                 help=argparse.SUPPRESS)),
}

_EXPR = ("expr", dict(metavar="EXPR", help="expression, or - to read expressions from stdin "
                                           "(one per line)"))
_VARS = ("vars", dict(metavar="VAR", nargs="*", help="variables"))


class Command:
    """A row of the command table (immutable)."""
    __slots__ = ("help", "positionals", "flags", "run")

    def __init__(self, help: str, positionals: tuple, flags: tuple,
                 run: str):    # run: name of the runner below
        for k, v in zip(self.__slots__, (help, positionals, flags, run)):
            object.__setattr__(self, k, v)

    def __setattr__(self, name, value):
        raise AttributeError(f"cannot assign to field {name!r}")

    def __repr__(self) -> str:
        return f"Command({self.help!r}, {self.positionals!r}, {self.flags!r}, {self.run!r})"

    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, k) == getattr(other, k) for k in self.__slots__)

    def __hash__(self):
        return hash(tuple(getattr(self, k) for k in self.__slots__))


COMMANDS: dict[str, Command] = {
    "diff": Command("derivative (forward mode); --order N, mixed partials with several VARs",
                    (_EXPR, _VARS), ("vars", "order", "simplify", "assume", "functions", "format"),
                    "request"),
    "grad": Command("gradient (reverse mode), one partial per line",
                    (_EXPR, _VARS), ("vars", "simplify", "assume", "functions", "format"),
                    "request"),
    "jacobian": Command("Jacobian of comma-separated expressions, one row per line",
                        (_EXPR, _VARS), ("vars", "simplify", "assume", "functions", "format"),
                    "request"),
    "hessian": Command("Hessian (reverse-over-reverse, sparse), one row per line",
                       (_EXPR, _VARS), ("vars", "simplify", "assume", "functions", "format"),
                    "request"),
    "simplify": Command("simplify an expression; --trace lists the rules that fired",
                        (_EXPR,), ("trace", "assume", "functions", "format"), "request"),
    "eval": Command("evaluate at values: symdiff eval \"sin(x)*y\" x=1 y=2",
                    (_EXPR, ("values", dict(metavar="NAME=VALUE", nargs="*",
                                            help="values (numbers, 1+2j, pi/4, ...)"))),
                    ("assume", "format"), "request"),
    "compile": Command("print a standalone NumPy module defining f(vars)",
                       (_EXPR, _VARS), ("vars", "grad", "assume"), "request"),
    "plot": Command("plot f and its derivatives (needs matplotlib)",
                    (_EXPR, ("vars", dict(metavar="VAR", nargs="?", help="the variable"))),
                    ("var", "range", "order", "output", "points", "assume"), "plot"),
}


def _terminal_columns() -> int:
    """``shutil.get_terminal_size().columns``, without importing shutil
    (~2 ms of start-up: argparse builds a formatter, so asks for the width,
    at every add_argument)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
        columns = columns or 80
    return columns


class _Formatter(argparse.HelpFormatter):
    """argparse's help formatter, with the width looked up as above."""

    def __init__(self, prog, indent_increment=2, max_help_position=24, width=None, **kw):
        if width is None:
            width = _terminal_columns() - 2    # as argparse does with shutil's size
        super().__init__(prog, indent_increment, max_help_position, width, **kw)


def _parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; ``only``: give it just that command's subparser
    (the command the command line names: building the others costs start-up
    and changes nothing, since _options() and _check_command() read the
    tables, not the parser)."""
    from .. import __version__
    p = argparse.ArgumentParser(
        prog="symdiff", allow_abbrev=False, formatter_class=_Formatter,
        description="Exact symbolic differentiation from the command line.",
        epilog="Expressions use sympy syntax: x**2 or x^2, sin, exp, log, sqrt, pi, E, I. "
               "'symdiff COMMAND --help' describes a command.")
    p.add_argument("--version", action="version", version=f"symdiff {__version__}")
    p.add_argument("--debug", action="store_true", help="show a traceback on errors")
    p.add_argument("--batch", metavar="FILE",
                   help="JSON Lines requests from FILE (- for stdin), one result per line")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for name, c in COMMANDS.items():
        if only is not None and name != only:
            continue
        s = sub.add_parser(name, help=c.help, description=c.help[0].upper() + c.help[1:] + ".",
                           allow_abbrev=False, formatter_class=_Formatter)
        for dest, kw in c.positionals:
            s.add_argument(dest, **kw)
        for f in c.flags + ("debug",):
            opts, kw = FLAGS[f]
            s.add_argument(*opts, **kw)
    return p


# --- argv fix-ups --------------------------------------------------------------

def _options(p: argparse.ArgumentParser) -> set:
    """Every option string: the main parser's and every command's (from the
    tables, so also those of commands whose subparser ``p`` lacks)."""
    known = set(p._option_string_actions)
    for c in COMMANDS.values():
        known.update(("-h", "--help"))
        for f in c.flags + ("debug",):
            known.update(FLAGS[f][0])
    return known


def _protect_dashes(argv: list, known: set) -> list:
    """``symdiff diff "-x**2" x`` and ``--range -10,10``: a token that starts
    with one dash but is no known option is an argument. argparse treats a
    token containing a space as an argument, so such tokens get one (the
    expression parser ignores it)."""
    out = []
    for t in argv:
        if (len(t) > 1 and t[0] == "-" and t[1] != "-" and t not in known
                and t[:2] not in known):
            t += " "
        out.append(t)
    return out


def _check_command(argv: list) -> str | None:
    """The command argv names (None if none); did-you-mean for an unknown one."""
    skip = False
    for t in argv:
        if skip:
            skip = False
            continue
        if t == "--batch":
            skip = True
            continue
        if t.startswith("-"):
            continue
        if t not in COMMANDS:
            import difflib
            near = difflib.get_close_matches(t, list(COMMANDS), n=1)
            raise UsageError(f"unknown command {t!r}"
                             + (f"; did you mean {near[0]!r}?" if near else "")
                             + f" (commands: {', '.join(COMMANDS)})")
        return t
    return None


# --- runners ---------------------------------------------------------------------

def _request(a) -> dict:
    """The batch-style request for parsed command-line arguments."""
    req: dict = {"op": a.command}
    names = list(getattr(a, "vars", None) or [])
    if getattr(a, "vars_opt", None):
        names += a.vars_opt.replace(",", " ").split()
    if names:
        req["vars"] = names
    for key in ("order", "simplify", "assume", "functions", "trace", "grad"):
        v = getattr(a, key, None)
        if v is not None and v is not False:
            req[key] = v
    if a.command == "eval":
        values = {}
        for item in a.values:
            name, eq, val = item.strip().partition("=")
            if not (name and eq and val):
                raise UsageError(f"eval takes NAME=VALUE arguments, got {item.strip()!r}")
            values[name.strip()] = val.strip()
        req["values"] = values
        if a.format not in ("str", "json"):
            raise UsageError("eval gives a number: use --format str or json")
    return req


def _inputs(expr: str) -> list[tuple[int | None, str]]:
    """The expressions to run: the argument, or stdin's non-blank lines."""
    if expr.strip() != "-":
        return [(None, expr.strip())]
    return [(i, line.strip()) for i, line in enumerate(sys.stdin, 1) if line.strip()]


def _run_request(a) -> int:
    from .commands import run
    from ..errors import SymdiffError
    from .output import FORMATS as PRINT
    base = _request(a)
    fmt = "python" if a.command == "compile" else a.format
    status = 0
    for lineno, text in _inputs(a.expr):
        try:
            r = run({**base, "expr": text})
            out = PRINT[fmt](r)
        except SymdiffError as e:
            if lineno is None:
                raise
            _report(e, a, where=f"stdin line {lineno}: ")
            status = 1
            continue
        for w in r.warnings:
            print(f"symdiff: warning: {w}", file=sys.stderr)
        for step in r.extra.get("trace", ()) if fmt != "json" else ():
            print(f"{step['rule']}: {step['before']} -> {step['after']}", file=sys.stderr)
        sys.stdout.write(out if out.endswith("\n") else out + "\n")
    return status


def _run_plot(a) -> int:
    from .commands import _Ctx
    from .evaluate import number
    from ..errors import SymdiffError
    from .plot import plot
    ctx = _Ctx({"assume": a.assume})
    f = ctx.parse(_inputs(a.expr)[0][1])
    names = [n for n in (a.vars, a.var) if n]
    if len(set(names)) > 1:
        raise UsageError("give the variable once (VAR or --var)")
    if not names:
        free = sorted(s.value for s in f.free)
        if len(free) != 1:
            raise SymdiffError(f"say which variable to plot over with --var "
                               f"(free symbols: {', '.join(free) or 'none'})")
        names = free
    var = ctx.symbols([names[0].strip()])[0]
    lo, sep, hi = a.range.strip().partition(",")
    if not sep:
        raise UsageError(f"--range takes A,B (e.g. -10,10), got {a.range.strip()!r}")
    lo, hi = (number(v.strip(), ctx) for v in (lo, hi))
    if isinstance(lo, complex) or isinstance(hi, complex):
        raise UsageError("--range bounds must be real numbers")
    order = 2 if a.order is None else a.order
    if not 0 <= order <= 5:
        raise UsageError("plot --order must be between 0 and 5")
    others = sorted(s.value for s in f.free if s.value != str(var))
    if others:
        raise SymdiffError(f"plot needs a function of {var} alone; also uses "
                           f"{', '.join(others)}: substitute values first")
    plot(f, var, float(lo), float(hi), order, a.output, points=a.points)
    if a.output:
        print(f"wrote {a.output}", file=sys.stderr)
    return 0


def _run_batch(a) -> int:
    from .batch import run_batch
    if a.command is not None:
        raise UsageError("--batch takes no command: each request names its 'op'")
    if a.batch == "-":
        return run_batch(sys.stdin, sys.stdout, flush_each=sys.stdin.isatty())
    try:
        fh = open(a.batch, encoding="utf-8")
    except OSError as e:
        raise UsageError(f"cannot read {a.batch}: {e.strerror}") from None
    with fh:
        return run_batch(fh, sys.stdout)


RUNNERS = {"request": _run_request, "plot": _run_plot}


# --- main ----------------------------------------------------------------------

def _report(e: BaseException, a, where: str = "") -> None:
    if getattr(a, "debug", False):
        import traceback
        traceback.print_exception(e)
    print(f"symdiff: error: {where}{e}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    from ..errors import SymdiffError
    argv = list(sys.argv[1:] if argv is None else argv)
    a = argparse.Namespace(debug="--debug" in argv)
    try:
        parser = _parser(_check_command(argv))
        a = parser.parse_args(_protect_dashes(argv, _options(parser)))
        if a.batch is not None:
            return _run_batch(a)
        if a.command is None:
            parser.print_help(sys.stderr)
            return 2
        return RUNNERS[COMMANDS[a.command].run](a)
    except SystemExit as e:       # argparse: --help, --version, usage errors
        return e.code if isinstance(e.code, int) else 2
    except UsageError as e:
        print(f"usage: symdiff COMMAND ... (symdiff --help)\nsymdiff: error: {e}",
              file=sys.stderr)
        return 2
    except SymdiffError as e:
        _report(e, a)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:       # `symdiff ... | head`: stop quietly
        import os
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (RecursionError, MemoryError) as e:
        _report(e, a)
        return 1
    except Exception as e:        # a bug: say so, briefly, unless --debug
        if getattr(a, "debug", False):
            raise
        print(f"symdiff: internal error: {type(e).__name__}: {e} "
              "(run with --debug for a traceback, and please report it)", file=sys.stderr)
        return 1
