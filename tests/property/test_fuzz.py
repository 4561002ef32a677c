"""Hostile input: every text parses or raises ParseError, and whatever parses
goes through diff/grad/print/compile raising nothing but SymdiffError,
quickly, without touching the disk. The long run (>= 100,000 cases) is
``python tests/fuzzing.py --cases 100000``."""
import ast
import os
import random
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import fuzzing
import symdiff

SMALL = settings(max_examples=150)


@SMALL
@given(st.text(max_size=60))
def test_random_unicode(text):
    fuzzing.check(text)


@SMALL
@given(st.binary(max_size=60))
def test_random_bytes(raw):
    fuzzing.check(raw.decode("latin-1"))


@SMALL
@given(st.lists(st.sampled_from(fuzzing.TOKENS), max_size=25))
def test_token_soup(tokens):
    fuzzing.check("".join(tokens))


@SMALL
@given(st.sampled_from(fuzzing.VALID), st.randoms(use_true_random=False))
def test_mutations_of_valid_expressions(text, rng):
    fuzzing.check(fuzzing.mutate(rng, text))


def test_seeded_mix_and_nothing_written_to_disk(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    watched = [tmp_path, Path(symdiff.__file__).parent]
    before = {d: sorted(p.name for p in d.rglob("*") if "__pycache__" not in p.parts)
              for d in watched}
    rng = random.Random(99)
    outcomes = {fuzzing.check(rng.choice(fuzzing.GENERATORS)(rng)) for _ in range(300)}
    assert outcomes == {"parsed", "rejected"}     # both paths exercised
    after = {d: sorted(p.name for p in d.rglob("*") if "__pycache__" not in p.parts)
             for d in watched}
    assert after == before


@pytest.mark.parametrize("name", sorted(fuzzing.case_classes()))
def test_case_classes(name):
    """Each bug class of the fuzz_<topic>.py modules, 40 seeded cases in CI
    (the long run: python tests/fuzzing.py --cases 100000)."""
    case = fuzzing.case_classes()[name]
    rng = random.Random(name)
    for _ in range(40):
        fuzzing.run_case(case, rng)


def test_check_itself_flags_a_foreign_exception(monkeypatch):
    """The property can fail: a parser raising anything but ParseError is caught."""
    def broken(text):
        raise KeyError(text)
    monkeypatch.setattr(symdiff, "parse", broken)
    with pytest.raises(AssertionError, match="KeyError"):
        fuzzing.check("x")


SOURCE = Path(symdiff.__file__).parent


def _calls(name):
    for path in SOURCE.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id == name:
                yield path.relative_to(SOURCE).as_posix()


def test_no_eval_anywhere_and_exec_only_of_generated_code():
    assert list(_calls("eval")) == []
    assert list(_calls("__import__")) == []
    assert set(_calls("exec")) <= {"codegen/_exec.py"}


@pytest.mark.parametrize("name", ["np", "lambda", "def", "class", "import", "__builtins__",
                                  "_f", "a0", "t0", "_shape", "_out", "exec", "os", "self",
                                  "args", "kwargs"])
def test_identifiers_that_collide_with_generated_code(name):
    """Python keywords and the generated code's own names are plain symbols:
    generated code names its arguments itself, so the user's names never
    reach it as code."""
    e = symdiff.parse(f"{name}*sin({name}) + {name}**2")
    assert {s.name for s in e.free} == {name}
    f = symdiff.compile(symdiff.diff(e, name), [name])
    x = 0.3
    import math
    assert f(x) == pytest.approx(math.sin(x) + x * math.cos(x) + 2 * x)
    assert f(**{name: x}) == f(x)


def test_environment_untouched():
    env = dict(os.environ)
    fuzzing.check("x**2 + " * 50 + "1")
    assert dict(os.environ) == env
