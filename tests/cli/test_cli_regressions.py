"""Command-line regressions: bad plot paths, empty input, unknown functions."""
from __future__ import annotations

import pytest

import matplotlib

matplotlib.use("Agg")

from symdiff import ParseError, parse            # noqa: E402
from symdiff.cli.main import main                   # noqa: E402


def _run(capsys, argv):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


# --- 5. a bad output path is a user error --------------------------------------

def test_plot_to_missing_folder_is_a_user_error(capsys, tmp_path):
    target = tmp_path / "missing" / "p.png"
    code, out, err = _run(capsys, ["plot", "sin(x)", "-o", str(target)])
    assert code == 1
    assert "internal error" not in err and "please report" not in err
    assert f"cannot write {target}" in err and "No such file or directory" in err


def test_plot_unknown_extension_is_a_user_error(capsys, tmp_path):
    code, out, err = _run(capsys, ["plot", "sin(x)", "-o", str(tmp_path / "p.xyz")])
    assert code == 1 and "internal error" not in err and "cannot write" in err


def test_plot_still_writes_a_good_path(capsys, tmp_path):
    target = tmp_path / "p.png"
    code, out, err = _run(capsys, ["plot", "sin(x)", "-o", str(target), "--points", "50"])
    assert code == 0 and target.stat().st_size > 0


# --- 6. empty input exits 1 in every subcommand ---------------------------------

EMPTY_CASES = [[cmd, text, *extra]
               for cmd, extra in [("diff", ["x"]), ("grad", ["x"]), ("jacobian", ["--vars", "x"]),
                                  ("hessian", ["x"]), ("simplify", []), ("eval", []),
                                  ("compile", ["x"]), ("plot", ["--var", "x"])]
               for text in ["", "   ", "[]", ","]]


@pytest.mark.parametrize("argv", EMPTY_CASES, ids=lambda a: f"{a[0]}:{a[1]!r}")
def test_empty_input_exits_1_with_a_message(capsys, argv):
    code, out, err = _run(capsys, argv)
    assert code == 1, (argv, out, err)
    assert out.strip() == ""
    assert err.startswith("symdiff: error: ")
    assert "internal error" not in err


def test_jacobian_empty_message_says_empty(capsys):
    code, out, err = _run(capsys, ["jacobian", "", "--vars", "x"])
    assert code == 1 and "empty input" in err


# --- 7. unknown functions --------------------------------------------------------

def _parse_error(text):
    with pytest.raises(ParseError) as ei:
        parse(text)
    return ei.value


def test_unknown_function_points_to_the_table_not_to_multiplication():
    e = _parse_error("jv(x)")
    assert e.message == "unknown function 'jv'"
    assert "README" in e.hint and "Expression syntax" in e.hint
    assert "multiply" not in e.hint


def test_unknown_function_lists_close_names():
    e = _parse_error("sinn(x)")
    assert "did you mean 'sin', 'sinh' or 'sign'" in e.hint
    assert "multiply" not in e.hint
    assert "did you mean 'tan'" in _parse_error("tna(x)").hint


def test_unknown_single_letter_keeps_the_multiplication_hint():
    e = _parse_error("k(x + 1)")
    assert "to multiply, write k*(...)" in e.hint and "README" in e.hint


def test_cli_unknown_function_message(capsys):
    code, out, err = _run(capsys, ["diff", "jv(x)", "x"])
    assert code == 1
    assert "unknown function 'jv'" in err and "README.md (Expression syntax)" in err
    assert "jv*(" not in err
