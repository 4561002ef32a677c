"""Coverage-guided fuzzing of the parser with atheris (a separate long job):
``python tests/fuzz_atheris.py -atheris_runs=1000000`` (libFuzzer flags apply;
needs ``pip install atheris``).

Every input must parse (and then round-trip through ``str`` and
differentiate) or raise a SymdiffError; anything else is a crash that
libFuzzer reports with the input that caused it.
"""
import sys

import atheris

with atheris.instrument_imports():
    import symdiff
    from symdiff import SymdiffError


def one_input(data: bytes) -> None:
    text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))
    try:
        e = symdiff.parse(text)
    except SymdiffError:
        return
    assert symdiff.parse(str(e)) is e, text
    for v in sorted(e.free, key=lambda s: s.value)[:1]:
        try:
            symdiff.diff(e, v)
        except SymdiffError:
            pass


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
