"""``--functions f,g``: undefined functions on the command line."""
from __future__ import annotations

import pytest

from symdiff.cli.main import main


@pytest.mark.parametrize("argv, out", [
    (["diff", "f(x)*g(x)", "x", "--functions", "f,g"],
     "f(x)*Derivative(g(x), x) + g(x)*Derivative(f(x), x)"),
    (["diff", "f(2*x)", "x", "--functions", "f"], "2*Subs(Derivative(f(_xi_1), _xi_1), _xi_1, 2*x)"),
    (["simplify", "sin(f(x))**2 + cos(f(x))**2", "--functions", "f"], "1"),
    (["diff", "m*Derivative(q(t), t)**2/2 - k*q(t)**2", "Derivative(q(t), t)", "--functions", "q"],
     "m*Derivative(q(t), t)"),
    (["grad", "m*Derivative(q(t), t)**2/2 - k*q(t)**2", "q(t), Derivative(q(t), t)",
      "--functions", "q"], "-2*k*q(t)\nm*Derivative(q(t), t)"),
])
def test_functions_flag(argv, out, capsys):
    assert main(argv) == 0
    assert capsys.readouterr().out.strip() == out


@pytest.mark.parametrize("argv, err", [
    (["diff", "f(x)", "x"], "unknown function 'f'"),
    (["diff", "sinn(x)", "x", "--functions", "f"], "did you mean 'sin'"),
    (["diff", "sin(x)", "x", "--functions", "sin"], "taken by the built-in"),
])
def test_functions_flag_errors(argv, err, capsys):
    assert main(argv) == 1
    assert err in capsys.readouterr().err



def test_functions_field_in_batch_requests():
    from symdiff.cli.batch import answer
    rec, ok = answer('{"op": "diff", "expr": "f(x)*x", "vars": ["x"], "functions": "f"}', 1)
    assert ok and rec["result"] == "x*Derivative(f(x), x) + f(x)"
