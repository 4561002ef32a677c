"""The call forms in a wrong-arity hint are valid calls of the registry."""
from __future__ import annotations

import pytest

from symdiff import parse
from symdiff.core.functions import REGISTRY
from symdiff.parsing.signatures import SIGNATURES

FORMS = [f for sig in SIGNATURES.values() for f in sig.split(" or ")]


@pytest.mark.parametrize("form", FORMS)
def test_each_form_parses_with_its_arity(form):
    name = form.split("(")[0]
    parse(form.replace("DiracDelta(x, n)", "DiracDelta(x, 2)"))    # no error
    assert len(form.split(",")) in REGISTRY[name].nargs


def test_every_function_of_several_arguments_has_a_signature():
    several = {n for n, r in REGISTRY.items()
               if r.nargs != (1,) and not n.startswith("_") and n[0].islower()}
    assert several <= set(SIGNATURES)
