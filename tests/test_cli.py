"""The installed ``symdiff`` console script, run in a subprocess."""
import json
import shutil
import subprocess
import sys

import pytest

EXE = shutil.which("symdiff")


def run(*args, stdin=None):
    cmd = [EXE, *args] if EXE else [sys.executable, "-m", "symdiff", *args]
    return subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=60)


def test_console_script_installed():
    assert EXE is not None, "pip install -e . provides the symdiff command"


def test_readme_example():
    r = run("diff", "(x1+x2)*x1**2", "x1")
    assert r.returncode == 0 and r.stdout == "x1**2 + 2*x1*(x1 + x2)\n"


def test_order_vars_and_stdin():
    assert run("diff", "x**4", "x", "--order", "2").stdout.strip() == "12*x**2"
    assert run("diff", "sin(x)*y", "--vars", "x,y").stdout.strip() == "cos(x)"
    assert run("diff", "-", "x", stdin="x**3\n").stdout.strip() == "3*x**2"
    assert run("diff", "x**2").stdout.strip() == "2*x"


def test_formats():
    assert run("diff", "x**2/2", "x", "--format", "latex").stdout.strip() == "x"
    out = json.loads(run("diff", "x**3*y", "x", "-f", "json").stdout)
    assert out["result"] == "3*x**2*y" and out["count_ops"] == 3 and out["vars"] == ["x"]


def test_bad_input_caret_exit_1():
    r = run("diff", "2x + 1", "x")
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    lines = r.stderr.splitlines()
    assert lines[1] == "  2x + 1" and lines[2] == "   ^"
    assert "implicit multiplication" in r.stderr


def test_unknown_function_suggests():
    r = run("diff", "sinn(x)", "x")
    assert r.returncode == 1 and "did you mean 'sin'" in r.stderr


def test_debug_shows_traceback():
    r = run("--debug", "diff", "2x", "x")
    assert r.returncode == 1 and "Traceback" in r.stderr


def test_usage_errors_exit_2():
    assert run().returncode == 2
    assert run("frobnicate").returncode == 2
    assert run("diff", "x", "--order", "two").returncode == 2


def test_help_and_version():
    assert run("--help").returncode == 0
    assert run("--version").stdout.startswith("symdiff ")


def test_cli_does_not_import_sympy_or_numpy():
    code = ("import sys, symdiff.cli as c; c.main(['diff', 'sin(x)*x', 'x']);"
            "print('sympy' in sys.modules, 'numpy' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.stdout.splitlines()[-1] == "False False"


def test_grad_jacobian_hessian_commands():
    assert run("grad", "x**2*y", "x", "y").stdout.splitlines() == ["2*x*y", "x**2"]
    assert run("grad", "x**2*y", "--vars", "x,y").stdout.splitlines() == ["2*x*y", "x**2"]
    r = run("jacobian", "x*y,atan2(x, z)", "--vars", "x,y,z")
    assert r.returncode == 0
    assert r.stdout.splitlines()[0] == "[y, x, 0]"
    assert run("hessian", "x**2*y", "x", "y").stdout.splitlines() == ["[2*y, 2*x]", "[2*x, 0]"]
    out = json.loads(run("hessian", "x**2*y", "-f", "json").stdout)
    assert out["shape"] == [2, 2] and out["sparsity"] == [[0, 0], [0, 1], [1, 0]]
    assert out["result"] == [["2*y", "2*x"], ["2*x", "0"]]
    assert run("jacobian", "x*y,", "x").returncode == 0
    assert run("hessian", "x**", "x").returncode == 1
