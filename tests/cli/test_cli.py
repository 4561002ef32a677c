"""The ``symdiff`` command line, run as a real process.

Commands run as ``python -m symdiff`` with this checkout first on
PYTHONPATH (so the code under test is this tree's), and once through the
installed console script. Results are checked against sympy, hand-derived
values, Graphviz and matplotlib's mathtext, not against symdiff itself.
"""
from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sympy

import symdiff
from symdiff.parsing.parse import parse

ROOT = Path(__file__).resolve().parent.parent.parent
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(
    [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
HAS_MODULE_SOURCE = hasattr(symdiff.compile("x", ["x"]), "module_source")
HAS_SIMPLIFY = hasattr(symdiff, "simplify")
HAS_ASSUME = "assume" in parse.__code__.co_varnames


def run(*args, stdin=None, env=None):
    return subprocess.run([sys.executable, "-m", "symdiff", *args], input=stdin,
                          capture_output=True, text=True, timeout=60, env=env or ENV)


def same(a: str, b) -> bool:
    """Two expressions (text or sympy) are equal by sympy."""
    return sympy.simplify(sympy.sympify(a) - sympy.sympify(b)) == 0


x, y, z = sympy.symbols("x y z")


# --- the installed console script ---------------------------------------------

@pytest.mark.skipif(shutil.which("symdiff") is None, reason="symdiff not installed (pip install -e .)")
def test_installed_console_script():
    r = subprocess.run([shutil.which("symdiff"), "diff", "(x1+x2)*x1**2", "x1"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and r.stdout == "x1**2 + 2*x1*(x1 + x2)\n"


def test_help_and_version():
    r = run("--help")
    assert r.returncode == 0
    for cmd in ("diff", "grad", "jacobian", "hessian", "simplify", "eval", "compile", "plot"):
        assert cmd in r.stdout
    assert run("--version").stdout.strip() == f"symdiff {symdiff.__version__}"
    assert run("diff", "--help").returncode == 0


# --- derivatives ----------------------------------------------------------------

def test_diff_order_vars_and_leading_minus():
    assert run("diff", "(x1+x2)*x1**2", "x1").stdout == "x1**2 + 2*x1*(x1 + x2)\n"
    assert same(run("diff", "x**4*y", "x", "--order", "2").stdout, 12 * x**2 * y)
    assert same(run("diff", "sin(x)*y", "--vars", "x,y").stdout, sympy.cos(x))
    assert same(run("diff", "-x**2", "x").stdout, -2 * x)      # not taken for an option
    assert run("diff", "x**2").stdout.strip() == "2*x"          # the only free symbol


def test_grad_jacobian_hessian_against_sympy():
    g = run("grad", "x**2*y + exp(y)", "x", "y").stdout.splitlines()
    assert len(g) == 2 and same(g[0], 2 * x * y) and same(g[1], x**2 + sympy.exp(y))
    rows = run("jacobian", "x*y, atan2(x, z)", "--vars", "x,y,z").stdout.splitlines()
    want = sympy.Matrix([x * y, sympy.atan2(x, z)]).jacobian([x, y, z])
    got = [[e.strip() for e in row.strip("[]").split(", ")] for row in rows]
    assert all(same(got[i][j], want[i, j]) for i in range(2) for j in range(3))
    rows = run("hessian", "x**2*y", "x", "y").stdout.splitlines()
    assert rows == ["[2*y, 2*x]", "[2*x, 0]"]


def test_stdin_one_expression_per_line_bad_line_in_middle():
    r = run("diff", "-", "x", stdin="x**3\n2x + 1\n\nsin(x)\n")
    assert r.returncode == 1
    assert [same(a, b) for a, b in zip(r.stdout.splitlines(), [3 * x**2, sympy.cos(x)])] == [True] * 2
    assert "stdin line 2" in r.stderr and "Traceback" not in r.stderr


def test_unused_variable_warns_with_suggestion():
    r = run("diff", "x1**2 + y", "x2")
    assert r.returncode == 0 and r.stdout.strip() == "0"
    assert "'x2' does not occur" in r.stderr and "did you mean 'x1'" in r.stderr


# --- formats ------------------------------------------------------------------------

SCHEMA = {"op": str, "input": (str, list), "variables": list, "result": (str, list),
          "count_ops": int}
MATRIX_SCHEMA = {"shape": list, "sparsity": list, "nnz": int}


def check_schema(rec: dict, matrix: bool) -> None:
    for key, kind in {**SCHEMA, **(MATRIX_SCHEMA if matrix else {})}.items():
        assert isinstance(rec[key], kind), key
    assert all(isinstance(v, str) for v in rec["variables"])


def test_json_scalar():
    rec = json.loads(run("diff", "x**3*y", "x", "-f", "json").stdout)
    check_schema(rec, matrix=False)
    assert rec["op"] == "diff" and rec["input"] == "x**3*y" and rec["variables"] == ["x"]
    assert same(rec["result"], 3 * x**2 * y)
    assert rec["count_ops"] == 3          # 3*x**2*y: one power, a 3-factor product


def test_json_matrix_shape_and_sparsity():
    rec = json.loads(run("hessian", "x**2*y + z", "--vars", "x,y,z", "-f", "json").stdout)
    check_schema(rec, matrix=True)
    want = sympy.hessian(x**2 * y + z, [x, y, z])
    assert rec["shape"] == [3, 3]
    assert all(same(rec["result"][i][j], want[i, j]) for i in range(3) for j in range(3))
    assert rec["sparsity"] == [[i, j] for i in range(3) for j in range(3) if want[i, j] != 0]
    assert rec["nnz"] == 3
    g = json.loads(run("grad", "x*y", "x", "y", "z", "-f", "json").stdout)
    assert g["shape"] == [3] and g["sparsity"] == [0, 1] and g["result"][2] == "0"


def test_latex_renders_with_mathtext():
    pytest.importorskip("matplotlib")
    from io import BytesIO
    from matplotlib import mathtext
    tex = run("diff", "sqrt(x)/(2*y) + sin(x)**2", "x", "--format", "latex").stdout.strip()
    assert r"\frac" in tex and r"\sin" in tex
    mathtext.math_to_image(f"${tex}$", BytesIO(), format="png")   # raises if invalid
    tex = run("hessian", "x**2*y", "x", "y", "-f", "latex").stdout.strip()
    assert tex.startswith(r"\begin{bmatrix}") and tex.endswith(r"\end{bmatrix}")
    body = tex[len(r"\begin{bmatrix}"):-len(r"\end{bmatrix}")]
    cells = [[c.strip() for c in row.split("&")] for row in body.split(r"\\")]
    assert [len(r) for r in cells] == [2, 2]
    for c in (c for row in cells for c in row):
        mathtext.math_to_image(f"${c}$", BytesIO(), format="png")


def test_let_is_a_wengert_list_of_the_result():
    out = run("diff", "sin(x+1)**2*cos(x+1)", "x", "-f", "let").stdout.splitlines()
    temps: dict = {}
    rhs_seen = set()
    for line in out:
        name, _, rhs = line.partition(" = ")
        assert rhs not in rhs_seen or name == "out"       # every node once
        rhs_seen.add(rhs)
        e = parse(rhs)
        # each right-hand side is one operation over earlier temporaries
        assert not (e.free - {parse(t) for t in temps} - {parse("x")})
        temps[name] = e.subs(temps) if temps else e
    want = sympy.diff(sympy.sin(x + 1)**2 * sympy.cos(x + 1), x)
    assert same(str(temps["out"]), want)
    assert sum(1 for line in out if line.endswith("= x + 1")) == 1   # shared x+1 once


DOT_NODE = re.compile(r'^\s*(\w+) \[label="((?:[^"\\]|\\.)*)", shape=([\w, =]+)\];$')
DOT_EDGE = re.compile(r'^\s*(\w+) -> (\w+)(?: \[label="(\w+)"\])?;$')


def parse_dot(text: str):
    """A small DOT reader for symdiff's output: nodes, edges, graph header."""
    lines = text.strip().splitlines()
    assert lines[0].startswith("digraph ") and lines[0].endswith("{") and lines[-1] == "}"
    nodes, edges = {}, []
    for line in lines[1:-1]:
        if m := DOT_NODE.match(line):
            assert m[1] not in nodes, f"node {m[1]} drawn twice"
            nodes[m[1]] = m[2]
        elif m := DOT_EDGE.match(line):
            edges.append((m[1], m[2], m[3]))
        else:
            assert re.match(r'^\s*(rankdir=\w+|node \[.*\]);$', line), line
    return nodes, edges


def rebuild_from_dot(nodes: dict, edges: list) -> dict:
    """Expressions of every graph node, rebuilt bottom-up from the labels."""
    kids: dict = {n: [] for n in nodes}
    for a, b, label in edges:
        kids[b].append((label, a))
    built: dict = {}
    pending = list(nodes)
    while pending:
        n = pending.pop(0)
        if any(c not in built for _, c in kids[n]):
            pending.append(n)
            continue
        label, args = nodes[n], kids[n]
        if not args:
            built[n] = parse(label) if label not in ("+", "*", "^") else None
        elif n.startswith("out"):
            built[n] = built[args[0][1]]
        elif label == "+":
            built[n] = sum((built[c] for _, c in args), parse("0"))
        elif label == "*":
            built[n] = math.prod((built[c] for _, c in args), start=parse("1"))
        elif label == "^":
            d = {lab: built[c] for lab, c in args}
            built[n] = d["base"] ** d["exp"]
        else:
            ordered = [built[c] for _, c in sorted(args, key=lambda t: t[0] or "")]
            built[n] = getattr(symdiff, label)(*ordered)
    return built


def test_dot_graph_shares_nodes_and_rebuilds_the_result():
    text = run("diff", "sin(x+1)*cos(x+1)", "x", "--format", "dot").stdout
    nodes, edges = parse_dot(text)
    result = parse(run("diff", "sin(x+1)*cos(x+1)", "x").stdout)
    assert rebuild_from_dot(nodes, edges)["out0"] is result
    plus = [n for n, lab in nodes.items() if lab == "+"
            and sorted(nodes[a] for a, b, _ in edges if b == n) == ["1", "x"]]
    assert len(plus) == 1                       # x + 1 drawn once, used by sin and cos
    assert sum(1 for a, _, _ in edges if a == plus[0]) == 2


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot not installed")
def test_dot_accepted_by_graphviz():
    text = run("hessian", "x**2*atan2(y, x)", "x", "y", "-f", "dot").stdout
    r = subprocess.run(["dot", "-Tsvg"], input=text, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "<svg" in r.stdout, r.stderr


@pytest.mark.skipif(not HAS_MODULE_SOURCE, reason="needs compile(...).module_source() (issue 5)")
def test_python_format_and_compile_command():
    np = pytest.importorskip("numpy")
    src = run("diff", "sin(x)*y**2", "x", "-f", "python").stdout
    ns: dict = {}
    exec(src, ns)     # generated by symdiff from our own input: trusted here
    xs = np.array([0.0, 0.5, 2.0])
    assert np.allclose(ns["f"](xs, 3.0), np.cos(xs) * 9.0)     # f(x, y): the input's symbols
    src = run("compile", "sin(x)*y", "--grad").stdout
    ns = {}
    exec(src, ns)
    gx, gy = ns["f"](xs, 3.0)
    assert np.allclose(gx, np.cos(xs) * 3.0) and np.allclose(gy, np.sin(xs))


# --- eval, simplify, compile, plot --------------------------------------------------

def test_eval_values_complex_and_constants():
    assert float(run("eval", "sin(x)*y", "x=1", "y=2").stdout) == pytest.approx(2 * math.sin(1), rel=1e-15)
    assert complex(run("eval", "sqrt(x)", "x=-4").stdout.strip()) == pytest.approx(2j)
    assert float(run("eval", "sin(t)", "t=pi/6").stdout) == pytest.approx(0.5, rel=1e-14)
    rec = json.loads(run("eval", "x*y", "x=1+2j", "y=2", "-f", "json").stdout)
    assert rec["value"] == [2.0, 4.0] and rec["values"]["y"] == 2.0


def test_eval_errors():
    r = run("eval", "x*y", "x=1")
    assert r.returncode == 1 and "no value for y" in r.stderr
    assert run("eval", "x", "x").returncode == 2                   # not NAME=VALUE
    assert run("eval", "x", "x=1", "-f", "latex").returncode == 2


@pytest.mark.skipif(not HAS_SIMPLIFY, reason="needs symdiff.simplify (issue 6)")
def test_simplify_and_trace():
    assert run("simplify", "sin(x)**2 + cos(x)**2").stdout.strip() == "1"
    r = run("simplify", "sin(x)**2 + cos(x)**2", "--trace", "-f", "json")
    rec = json.loads(r.stdout)
    assert rec["result"] == "1" and rec["trace"] and {"rule", "before", "after"} <= set(rec["trace"][0])
    assert same(run("diff", "sin(x)**2", "x", "--simplify").stdout, sympy.sin(2 * x))


@pytest.mark.skipif(not HAS_ASSUME, reason="needs parse(text, assume=...) (issue 6)")
def test_assume_flag():
    r = run("diff", "sqrt(x**2)", "x", "--assume", "x=positive", "--simplify")
    assert r.returncode == 0 and r.stdout.strip() == "1"
    r = run("diff", "sqrt(x**2)", "x", "--simplify")          # complex x: no change
    assert r.returncode == 0 and r.stdout.strip() == "x/sqrt(x**2)"
    assert run("diff", "x", "x", "--assume", "x=frobnicated").returncode == 1


def test_plot_writes_png(tmp_path):
    pytest.importorskip("matplotlib")
    from matplotlib import image
    out = tmp_path / "f.png"
    r = run("plot", "sin(x)*exp(-x/5)", "--var", "x", "--range", "-10,10", "--order", "2",
            "-o", str(out))
    assert r.returncode == 0, r.stderr
    img = image.imread(out)
    assert img.shape[0] > 100 and img.shape[1] > 100
    assert img[..., :3].std() > 0.05            # not a blank canvas


def test_plot_without_matplotlib_says_so(tmp_path):
    fake = tmp_path / "matplotlib"
    fake.mkdir()
    (fake / "__init__.py").write_text("raise ImportError('No module named matplotlib')\n")
    env = {**ENV, "PYTHONPATH": os.pathsep.join([str(tmp_path), ENV["PYTHONPATH"]])}
    r = run("plot", "sin(x)", "-o", str(tmp_path / "o.png"), env=env)
    assert r.returncode == 1 and "pip install" in r.stderr and "Traceback" not in r.stderr


# --- batch ----------------------------------------------------------------------------

def test_batch_bad_line_in_middle(tmp_path):
    reqs = [{"op": "diff", "expr": "x**3", "vars": ["x"]},
            {"op": "grad", "expr": "x*y", "id": "g"},
            "this is not json",
            {"op": "diff", "expr": "2x"},
            {"op": "hessian", "expr": "x**2*y", "vars": "x,y", "format": "latex"},
            {"op": "eval", "expr": "x+1", "values": {"x": 2}},
            {"op": "dif", "expr": "x"}]
    f = tmp_path / "in.jsonl"
    f.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in reqs) + "\n")
    r = run("--batch", str(f))
    assert r.returncode == 1
    out = [json.loads(line) for line in r.stdout.splitlines()]
    assert [o["line"] for o in out] == list(range(1, 8))
    assert [o["ok"] for o in out] == [True, True, False, False, True, True, False]
    assert same(out[0]["result"], 3 * x**2) and out[1]["id"] == "g"
    assert out[3]["error_type"] == "ParseError" and out[3]["column"] == 2
    assert "did you mean 'diff'" in out[6]["error"]
    assert out[4]["result"].startswith(r"\begin{bmatrix}") and out[5]["value"] == 3.0
    ok = run("--batch", "-", stdin=json.dumps(reqs[0]) + "\n" + json.dumps(reqs[1]) + "\n")
    assert ok.returncode == 0 and len(ok.stdout.splitlines()) == 2


# --- errors and exit codes ---------------------------------------------------------------

def test_bad_input_caret_and_hint_exit_1():
    r = run("diff", "2x + 1", "x")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    lines = r.stderr.splitlines()
    assert lines[1] == "  2x + 1" and lines[2] == "   ^"
    assert "implicit multiplication" in r.stderr
    r = run("diff", "sinn(x)", "x")
    assert r.returncode == 1 and "did you mean 'sin'" in r.stderr


def test_debug_shows_traceback():
    r = run("--debug", "diff", "2x", "x")
    assert r.returncode == 1 and "Traceback" in r.stderr
    assert "Traceback" in run("diff", "2x", "x", "--debug").stderr


def test_usage_errors_exit_2():
    assert run().returncode == 2
    r = run("dif", "x", "x")
    assert r.returncode == 2 and "did you mean 'diff'" in r.stderr
    assert run("diff", "x", "--order", "two").returncode == 2
    assert run("diff", "x", "--format", "yaml").returncode == 2
    assert run("--batch", "/nonexistent/requests.jsonl").returncode == 2


def test_no_sympy_or_numpy_at_startup():
    code = ("import sys, symdiff.cli.main as c\n"
            "for fmt in ('str', 'latex', 'json', 'let', 'dot'):\n"
            "    c.main(['diff', 'sin(x)*x', 'x', '-f', fmt])\n"
            "    c.main(['hessian', 'x**2*y', '-f', fmt])\n"
            "print('sympy' in sys.modules, 'numpy' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV,
                       timeout=60)
    assert r.stdout.splitlines()[-1] == "False False"


# Modules the command line's diff path does without (start-up time): each
# costs milliseconds to import, or to compile where no .pyc can be written.
NOT_ON_DIFF_PATH = {
    "dataclasses", "inspect", "typing", "threading", "weakref", "hashlib", "json", "difflib",
    "shutil", "contextvars", "pathlib", "importlib.metadata",
    "symdiff.ad.reverse", "symdiff.ad.numcheck", "symdiff.cli.batch", "symdiff.polys",
    "symdiff.rewrite.rational", "symdiff.rewrite.engine", "symdiff.codegen.compiled",
    "symdiff.printers.latex", "symdiff.printers.sympy_bridge",
    "lark", "numpy", "sympy",
}


def test_diff_path_imports_none_of_the_slow_modules():
    """`symdiff diff EXPR VAR` imports none of NOT_ON_DIFF_PATH (beyond what a
    bare interpreter here already has loaded, e.g. by a sitecustomize)."""
    code = ("import sys; before = set(sys.modules); import symdiff.cli.main as c; "
            "c.main(['diff', '(x1+x2)*x1**2', 'x1']); "
            "print(sorted((set(sys.modules) - before) & {names!r}))")
    r = subprocess.run([sys.executable, "-c", code.format(names=NOT_ON_DIFF_PATH)],
                       capture_output=True, text=True, env=ENV, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["x1**2 + 2*x1*(x1 + x2)", "[]"]


def test_option_set_from_the_table_matches_the_parsers():
    """main() builds only the named command's subparser and reads the set of
    option strings (for the leading-dash fix-up) from the command table: it
    must equal what the parser with every subcommand knows."""
    from symdiff.cli import main as cli
    full = cli._parser()
    known = set(full._option_string_actions)
    for action in full._subparsers._group_actions:
        for sub in action.choices.values():
            known |= set(sub._option_string_actions)
    assert set(action.choices) == set(cli.COMMANDS)
    for name in (None, *cli.COMMANDS):
        assert cli._options(cli._parser(name)) == known
